//! Structured inputs built from fuzz bytes with `arbitrary`: config-like texts, edit sequences with
//! the names and values the operations use, and request-shaped JSON. The pools mirror the
//! strategies of tests/properties.rs, so both explore the same ground.

use std::path::Path;

use arbitrary::{Arbitrary, Result, Unstructured};
use awscred::profile::locate::FileKind;
use awscred::profile::parse::parse;
use awscred::profile::validate;
use serde_json::{Map, Value};

use crate::harness::edits::{defined_profiles, Edit};

/// Profile names that collide often (`default` has its own rules).
const NAMES: &[&str] = &["default", "a", "b", "dev-1", "x/y.z", "p@q:r+s%t"];
/// Keys that collide often (matched case-insensitively).
const KEYS: &[&str] = &[
    "region",
    "output",
    "aws_access_key_id",
    "role_arn",
    "x",
    "k.1",
    "a/b",
    "s3",
];
/// Characters of generated values and free text: ASCII, the comment markers, blanks, non-ASCII.
const VALUE_CHARS: &[char] = &[
    'a', 'Z', '0', ' ', '\t', '#', ';', '=', ':', '/', '+', '.', '[', ']', '-', 'é', '\u{a0}', '中',
];
/// Request fields of every operation, and one unknown.
const FIELDS: &[&str] = &[
    "ProfileName",
    "AccessKey",
    "SecretKey",
    "SessionToken",
    "RoleArn",
    "SourceProfile",
    "ExternalId",
    "MfaSerial",
    "RoleSessionName",
    "DurationSeconds",
    "Region",
    "ProfileLocation",
    "StoreAs",
    "TokenCode",
    "Format",
    "UseInstanceMetadata",
    "ShellRegion",
    "DryRun",
    "Force",
    "Unknown",
];
/// Request string values the seed files and operations know.
const WORDS: &[&str] = &[
    "dev",
    "base",
    "sso",
    "loop",
    "default",
    "AKIDEXAMPLE000000009",
    "secret9",
    "arn:aws:iam::123456789012:role/r",
    "us-west-2",
    "env",
    "json",
    "powershell",
    "environment",
    "123456",
    "~/x",
    "config",
    "credentials",
    "",
];
/// Environment names a request may carry (the sandbox filters them).
const ENV_NAMES: &[&str] = &[
    "AWS_PROFILE",
    "AWS_REGION",
    "HOME",
    "AWS_CONFIG_FILE",
    "AWSCRED_FAULT_PANIC",
    "A=B",
    "",
    "PATH",
];

/// One of `pool`.
fn pick<'p>(u: &mut Unstructured<'_>, pool: &[&'p str]) -> Result<&'p str> {
    u.choose(pool).copied()
}

/// A short string of `VALUE_CHARS` (at most `max` characters).
fn chars(u: &mut Unstructured<'_>, max: usize) -> Result<String> {
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| u.choose(VALUE_CHARS).copied()).collect()
}

/// A profile name: from the pool, or random identifier characters.
fn name(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(3, 4)? {
        return Ok(pick(u, NAMES)?.to_string());
    }
    let n = u.int_in_range(1..=6)?;
    (0..n)
        .map(|_| u.choose(b"aZ09_./@:+%-").map(|&b| b as char))
        .collect()
}

/// A key: from the pool in random case, or random key characters.
fn key(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(4, 5)? {
        let k = pick(u, KEYS)?;
        return Ok(if bool::arbitrary(u)? {
            k.to_ascii_uppercase()
        } else {
            k.to_string()
        });
    }
    let n = u.int_in_range(1..=5)?;
    (0..n)
        .map(|_| u.choose(b"aZ09_-").map(|&b| b as char))
        .collect()
}

/// A one-line value that `validate::value` accepts (what set_profile writes).
fn checked_value(u: &mut Unstructured<'_>) -> Result<String> {
    let v = chars(u, 12)?;
    Ok(if validate::value("V", &v, false).is_ok() {
        v
    } else {
        "v".to_string()
    })
}

/// A value as the parser reads it from a file (copy_profile copies these): possibly empty or
/// starting with `#` or `;`.
fn parsed_value(u: &mut Unstructured<'_>) -> Result<String> {
    let text = format!("[a]\nk ={}\n", chars(u, 10)?);
    Ok(parse(&text, Path::new("value"))
        .ok()
        .and_then(|f| {
            let props = f.properties(&f.sections[0]);
            props.first().map(|p| p.value.to_string())
        })
        .unwrap_or_default())
}

/// A continuation line as the parser returns it: trimmed and not empty.
fn continuation(u: &mut Unstructured<'_>) -> Result<String> {
    let c = chars(u, 8)?;
    let t = c.trim_matches([' ', '\t']);
    Ok(if t.is_empty() { "c".into() } else { t.into() })
}

/// A value as `update_profile` gets it: checked, parsed, or multi-line (an empty first line makes
/// the rest sub-properties).
fn value(u: &mut Unstructured<'_>) -> Result<String> {
    match u.int_in_range(0..=9)? {
        0..=5 => checked_value(u),
        6 | 7 => parsed_value(u),
        _ => {
            let first = if bool::arbitrary(u)? {
                checked_value(u)?
            } else {
                parsed_value(u)?
            };
            let n = u.int_in_range(1..=2)?;
            let mut v = first.clone();
            for _ in 0..n {
                let c = continuation(u)?;
                if first.is_empty() {
                    v.push_str(&format!("\n{} = {c}", key(u)?));
                } else {
                    v.push_str(&format!("\n{c}"));
                }
            }
            Ok(v)
        }
    }
}

/// A section header in either dialect, valid or not.
fn header(u: &mut Unstructured<'_>) -> Result<String> {
    let n = name(u)?;
    Ok(match u.int_in_range(0..=10)? {
        0 | 1 => format!("[profile {n}]"),
        2 | 3 => format!("[{n}]"),
        4 => "[default]".to_string(),
        5 => "[profile default]".to_string(),
        6 => format!("[ profile\t{n} ] # note"),
        7 => format!("[sso-session {n}]"),
        8 => format!("[services {n}]"),
        9 => format!("[{n} {n}];c"),
        _ => format!("[plugins {n}]"),
    })
}

/// A line inside a section (possibly several, joined by `\n`; two blank lines in a row too).
fn body_line(u: &mut Unstructured<'_>) -> Result<String> {
    let k = key(u)?;
    Ok(match u.int_in_range(0..=13)? {
        0..=2 => format!("{k} = {}", checked_value(u)?),
        3 => format!("{k}={}", chars(u, 8)?),
        4 => format!("{k}\t=  {}   # why", checked_value(u)?),
        5 => format!("{k} =\n  {} = {}", key(u)?, continuation(u)?),
        6 => format!(
            "{k} = {}\n  {}\n\t{}",
            checked_value(u)?,
            continuation(u)?,
            continuation(u)?
        ),
        7 => format!("# {}", chars(u, 6)?),
        8 => format!(";{}", chars(u, 6)?),
        9 => String::new(),
        10 => "  \t".to_string(),
        11 => "ключ = значение".to_string(),
        12 => "\n".to_string(),
        _ => chars(u, 12)?,
    })
}

/// A config-like text: comments, sections of headers and body lines, LF or CRLF (sometimes
/// mixed), any ending (none, a line ending, a lone CR); or, one time in eight, any string.
pub fn text(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 8)? {
        return String::arbitrary(u);
    }
    let mut ls: Vec<String> = Vec::new();
    for _ in 0..u.int_in_range(0..=2)? {
        ls.push(if bool::arbitrary(u)? {
            "# top".into()
        } else {
            String::new()
        });
    }
    for _ in 0..u.int_in_range(0..=5)? {
        ls.push(header(u)?);
        for _ in 0..u.int_in_range(0..=4)? {
            ls.extend(body_line(u)?.split('\n').map(String::from));
        }
    }
    let eol = if bool::arbitrary(u)? { "\n" } else { "\r\n" };
    let other = if eol == "\n" { "\r\n" } else { "\n" };
    let mut text = String::new();
    for (i, l) in ls.iter().enumerate() {
        if i > 0 {
            text.push_str(if u.ratio(1, 10)? { other } else { eol });
        }
        text.push_str(l);
    }
    if !ls.is_empty() {
        text.push_str(pick(u, &["", "", "\n", "\r\n", "\r"])?);
    }
    Ok(text)
}

/// Either dialect.
pub fn kind(u: &mut Unstructured<'_>) -> Result<FileKind> {
    Ok(if bool::arbitrary(u)? {
        FileKind::Config
    } else {
        FileKind::Credentials
    })
}

/// One edit: distinct keys set or removed (as the operations send them), or a removal.
fn edit(u: &mut Unstructured<'_>) -> Result<Edit> {
    let profile = name(u)?;
    if u.ratio(1, 5)? {
        return Ok(Edit::Remove { profile });
    }
    let mut changes: Vec<(String, Option<String>)> = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        let k = key(u)?;
        let v = if u.ratio(7, 10)? {
            Some(value(u)?)
        } else {
            None
        };
        if !changes.iter().any(|(c, _)| c.eq_ignore_ascii_case(&k)) {
            changes.push((k, v));
        }
    }
    Ok(Edit::Update { profile, changes })
}

/// One to six edits.
pub fn edits(u: &mut Unstructured<'_>) -> Result<Vec<Edit>> {
    (0..u.int_in_range(1..=6)?).map(|_| edit(u)).collect()
}

/// A dialect, a base text and edits to apply to it; half of the edits name a profile the text
/// defines (removals, emptied sections and merged duplicates need one).
pub fn edit_case(u: &mut Unstructured<'_>) -> Result<(FileKind, String, Vec<Edit>)> {
    let (kind, text) = (kind(u)?, text(u)?);
    let defined = defined_profiles(&text, kind);
    let mut edits = edits(u)?;
    for edit in &mut edits {
        if !defined.is_empty() && bool::arbitrary(u)? {
            let (Edit::Update { profile, .. } | Edit::Remove { profile }) = edit;
            *profile = u.choose(&defined)?.clone();
        }
    }
    Ok((kind, text, edits))
}

/// A JSON string value: a known word, a name, or free text.
fn json_text(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=2)? {
        0 => pick(u, WORDS)?.to_string(),
        1 => name(u)?,
        _ => String::arbitrary(u)?,
    })
}

/// A JSON scalar: mostly strings, some booleans, numbers and nulls.
fn json_scalar(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0..=6)? {
        0..=3 => Value::String(json_text(u)?),
        4 => Value::Bool(bool::arbitrary(u)?),
        5 => Value::from(*u.choose(&[3600i64, 900, 43201, -1, i64::MAX])?),
        _ => Value::Null,
    })
}

/// A JSON value shaped like a request: an object of known fields (sometimes with an
/// `Environment`), an array (a struct deserializes from one by position) or a scalar.
pub fn request(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0..=9)? {
        0..=7 => {
            let mut obj = Map::new();
            for _ in 0..u.int_in_range(0..=6)? {
                obj.insert(pick(u, FIELDS)?.to_string(), json_scalar(u)?);
            }
            if u.ratio(1, 5)? {
                let mut env = Map::new();
                for _ in 0..u.int_in_range(0..=3)? {
                    let v = if bool::arbitrary(u)? {
                        Value::String(json_text(u)?)
                    } else {
                        Value::Null
                    };
                    env.insert(pick(u, ENV_NAMES)?.to_string(), v);
                }
                obj.insert("Environment".into(), Value::Object(env));
            }
            Value::Object(obj)
        }
        8 => Value::Array(
            (0..u.int_in_range(0..=12)?)
                .map(|_| json_scalar(u))
                .collect::<Result<_>>()?,
        ),
        _ => json_scalar(u)?,
    })
}
