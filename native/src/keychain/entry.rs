//! What one keychain entry holds and how it is named: the keys of one profile as a small JSON
//! blob, under our service name and the entry name. Windows Credential Manager refuses blobs over
//! 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE) and the keyring crate stores a password there as
//! UTF-16, so a blob that would not fit keeps the session token in an entry of its own.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The service (Secret Service attribute `service`, macOS service, Windows target prefix) of
/// every entry of ours.
pub const SERVICE: &str = "AwsCredentialManager";

/// The largest blob Windows Credential Manager takes, in bytes.
pub const WINDOWS_BLOB_LIMIT: usize = 2560;

/// The suffix of the entry that holds a session token stored on its own.
pub const TOKEN_SUFFIX: &str = "#session-token";

/// The keys of one profile.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Secret {
    pub version: u8,
    pub access_key_id: String,
    pub secret_access_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token: Option<String>,
    /// The session token is in the entry `<name>#session-token` (it did not fit beside the keys).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub token_apart: bool,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret({}, ****)", self.access_key_id)
    }
}

/// The blobs to store for `secret`: the main entry's, and the token entry's when the token does
/// not fit in the main one on Windows (the rule applies on every OS, so a keychain written on one
/// reads the same everywhere and the rule is tested where the tests run).
pub fn blobs(secret: &Secret) -> Result<(String, Option<String>)> {
    let mut main = secret.clone();
    main.version = 1;
    main.token_apart = false;
    let whole = encode(&main)?;
    if utf16_len(&whole) <= WINDOWS_BLOB_LIMIT {
        return Ok((whole, None));
    }
    let token = main.session_token.take();
    main.token_apart = token.is_some();
    let keys = encode(&main)?;
    match token {
        Some(t) if utf16_len(&keys) <= WINDOWS_BLOB_LIMIT && utf16_len(&t) <= WINDOWS_BLOB_LIMIT => {
            Ok((keys, Some(t)))
        }
        _ => Err(Error::InvalidInput(format!(
            "these credentials do not fit in a keychain entry ({} bytes as UTF-16; Windows Credential Manager takes {WINDOWS_BLOB_LIMIT} per entry, even with the session token apart); store them in the shared credentials file instead",
            utf16_len(&whole)
        ))),
    }
}

/// Reads a main entry's blob (the token is joined by the caller when `token_apart`).
pub fn decode(blob: &str) -> Result<Secret> {
    serde_json::from_str(blob).map_err(|_| {
        Error::InvalidInput(
            "the keychain entry is not one of ours (not the JSON of an access key); store the profile again".into(),
        )
    })
}

fn encode(s: &Secret) -> Result<String> {
    serde_json::to_string(s).map_err(|e| Error::Internal(format!("keychain blob: {e}")))
}

/// The size in bytes of `text` as UTF-16 (what Windows stores).
pub fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count() * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(token_len: usize) -> Secret {
        Secret {
            version: 1,
            access_key_id: "ASIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            session_token: (token_len > 0).then(|| "T".repeat(token_len)),
            token_apart: false,
        }
    }

    #[test]
    fn the_windows_blob_rule() {
        // Long-term keys and a short token fit in one entry.
        let (main, apart) = blobs(&secret(400)).unwrap();
        assert!(apart.is_none() && utf16_len(&main) <= WINDOWS_BLOB_LIMIT);
        assert_eq!(decode(&main).unwrap(), secret(400));
        // 1,100 characters of token still fit with the keys; 1,200 make more than 2,560 bytes
        // of UTF-16: the token goes apart, each piece fits.
        assert!(blobs(&secret(1100)).unwrap().1.is_none());
        let (main, apart) = blobs(&secret(1200)).unwrap();
        let token = apart.unwrap();
        assert_eq!(token.len(), 1200);
        let read = decode(&main).unwrap();
        assert!(read.token_apart && read.session_token.is_none());
        assert!(utf16_len(&main) <= WINDOWS_BLOB_LIMIT);
        // A token that alone is over the limit is refused, clearly.
        let e = blobs(&secret(1300)).unwrap_err();
        assert!(e.to_string().contains("2560"), "{e}");
        assert!(decode("x").is_err());
    }
}
