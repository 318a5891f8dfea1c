//! Refuses names and values that could change a file's structure or would not read back as
//! written, before anything is touched. Messages name the field, never echo a secret.

use super::normalize::is_identifier;
use super::parse::WHITESPACE;
use crate::error::{Error, Result};

/// A profile (or source profile) name the SDKs accept: `[A-Za-z0-9_\-/.%@:+]+`.
pub fn profile_name(field: &str, name: &str) -> Result<()> {
    if is_identifier(name) {
        return Ok(());
    }
    let shown = if name.chars().any(char::is_control) {
        format!("{:?}", name.escape_debug().to_string())
    } else {
        format!("'{name}'")
    };
    Err(Error::InvalidInput(format!(
        "{field} {shown} is not a valid profile name: use only letters, digits and _ - / . % @ : +"
    )))
}

/// A value that reads back exactly as written by every SDK: no line breaks or NUL, no leading or
/// trailing whitespace, no ` #`/` ;` (which the SDKs would cut as a comment), not empty.
/// `secret` keeps the value out of the message.
pub fn value(field: &str, value: &str, secret: bool) -> Result<()> {
    let problem = if value.is_empty() {
        Some("is empty")
    } else if value.contains(['\n', '\r']) {
        Some("contains a line break")
    } else if value.contains('\0') {
        Some("contains a NUL character")
    } else if value.chars().any(|c| c.is_control() && c != '\t') {
        Some("contains a control character")
    } else if value.starts_with(WHITESPACE) || value.ends_with(WHITESPACE) {
        Some("starts or ends with whitespace")
    } else if has_comment_marker(value) {
        Some("starts with '#' or ';' or contains ' #' or ' ;', which readers would cut off as a comment")
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(p) if secret => Err(Error::InvalidInput(format!("{field} {p}"))),
        Some(p) => Err(Error::InvalidInput(format!(
            "{field} {p}: {:?}",
            value.escape_debug().to_string()
        ))),
    }
}

/// Whether a reader would cut `value` at a comment character. A value is written after `= `, so a
/// leading `#` or `;` counts as preceded by whitespace (found by the property tests).
fn has_comment_marker(value: &str) -> bool {
    let mut prev_ws = true;
    for c in value.chars() {
        if (c == '#' || c == ';') && prev_ws {
            return true;
        }
        prev_ws = c.is_whitespace();
    }
    false
}

/// An access key id: letters and digits only (AKIA..., ASIA..., or a local test key).
pub fn access_key_id(field: &str, key: &str) -> Result<()> {
    value(field, key, false)?;
    if key.len() > 128 || !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::InvalidInput(format!(
            "{field} must be 1 to 128 letters and digits (an access key id such as AKIA...)"
        )));
    }
    Ok(())
}

/// A secret key or session token: any printable text without whitespace.
pub fn secret(field: &str, secret: &str) -> Result<()> {
    value(field, secret, true)?;
    if secret.chars().any(char::is_whitespace) {
        return Err(Error::InvalidInput(format!("{field} contains whitespace")));
    }
    Ok(())
}

/// An IAM role ARN: `arn:<partition>:iam::<account>:role/<name>`.
pub fn role_arn(field: &str, arn: &str) -> Result<()> {
    value(field, arn, false)?;
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && !parts[1].is_empty()
        && parts[2] == "iam"
        && parts[5].starts_with("role/")
        && parts[5].len() > 5;
    if !ok {
        return Err(Error::InvalidInput(format!(
            "{field} '{arn}' is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)"
        )));
    }
    Ok(())
}

/// A value made of the characters STS accepts for names and ids: `[\w+=,.@:/-]`, within `min..=max`.
pub fn sts_token(field: &str, v: &str, min: usize, max: usize) -> Result<()> {
    value(field, v, false)?;
    let ok_chars = v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c));
    if !ok_chars || v.len() < min || v.len() > max {
        return Err(Error::InvalidInput(format!(
            "{field} must be {min} to {max} characters of letters, digits and _ + = , . @ : / -"
        )));
    }
    Ok(())
}

/// An AWS region name such as `eu-west-1`.
pub fn region(field: &str, region: &str) -> Result<()> {
    value(field, region, false)?;
    if !region
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Error::InvalidInput(format!(
            "{field} '{region}' is not a region name (lower-case letters, digits and -, e.g. us-east-1)"
        )));
    }
    Ok(())
}

/// The current code of an MFA device: exactly 6 digits. The message never echoes the value.
pub fn token_code(field: &str, code: &str) -> Result<()> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidInput(format!(
            "{field} must be the 6 digits shown by the MFA device"
        )));
    }
    Ok(())
}

/// The role session durations STS accepts, in seconds (15 minutes to 12 hours): THE range, for
/// requests (`duration_seconds`) and for `duration_seconds` read from a profile (`resolve::chain`).
pub const DURATION_SECONDS: std::ops::RangeInclusive<i64> = 900..=43200;

/// A role session duration in seconds, within `DURATION_SECONDS`.
pub fn duration_seconds(field: &str, seconds: i64) -> Result<()> {
    if !DURATION_SECONDS.contains(&seconds) {
        return Err(Error::InvalidInput(format!(
            "{field} must be between {} and {} seconds, not {seconds}",
            DURATION_SECONDS.start(),
            DURATION_SECONDS.end()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names() {
        for ok in ["a", "dev-1", "a/b.c%d@e:f+g_h"] {
            profile_name("ProfileName", ok).unwrap();
        }
        for bad in ["", "a b", "a]", "[a", "a\nb", "a\0", "é"] {
            assert!(profile_name("ProfileName", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn values_that_change_structure_are_refused() {
        for bad in [
            "", "a\nb", "a\rb", "a\0b", " a", "a ", "a #b", "a ;b", "a\u{7}", "#", ";a",
        ] {
            assert!(value("Region", bad, false).is_err(), "{bad:?}");
        }
        value("Value", "a#b;c=d", false).unwrap();
    }

    #[test]
    fn secret_messages_do_not_echo_the_secret() {
        let err = secret("SecretKey", "topsecret value")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("topsecret"), "{err}");
        let err = secret("SecretKey", "topsecret\n").unwrap_err().to_string();
        assert!(!err.contains("topsecret"), "{err}");
    }

    #[test]
    fn arns_and_ids() {
        role_arn("RoleArn", "arn:aws:iam::123456789012:role/x").unwrap();
        assert!(role_arn("RoleArn", "arn:aws:s3:::bucket").is_err());
        assert!(role_arn("RoleArn", "notanarn").is_err());
        access_key_id("AccessKey", "AKIDEXAMPLE").unwrap();
        assert!(access_key_id("AccessKey", "AKID EXAMPLE").is_err());
        sts_token("ExternalId", "ext-id_1", 2, 1224).unwrap();
        assert!(sts_token("RoleSessionName", "a", 2, 64).is_err());
        duration_seconds("DurationSeconds", 3600).unwrap();
        assert!(duration_seconds("DurationSeconds", 100).is_err());
        region("Region", "eu-west-1").unwrap();
        assert!(region("Region", "EU_WEST").is_err());
        token_code("TokenCode", "012345").unwrap();
        for bad in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            let err = token_code("TokenCode", bad).unwrap_err().to_string();
            assert!(err.starts_with("TokenCode "), "{err}");
            assert!(bad.is_empty() || !err.contains(bad), "{err}");
        }
    }
}
