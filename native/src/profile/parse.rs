//! The literal layer of the AWS profile-file dialect: text -> sections and properties with their
//! line positions, borrowing from the text. Names are not validated or normalized here (that is
//! `normalize`), so the same parse serves reading and byte-exact editing (`document`).
//!
//! Grammar (cross-SDK specification): whitespace is only space and TAB; `#`/`;` in column 0 start a
//! comment line; `[` starts a section header (a trailing comment needs no whitespace before it); a
//! line starting with whitespace continues the previous property; anything else is `key = value`,
//! where a comment needs whitespace before it.

use std::borrow::Cow;
use std::path::Path;

use super::scan::{find_byte, find_either, find_one_of};
use crate::error::{Error, Result};

/// Whitespace in this dialect: space and TAB only (so no `str::trim`).
pub const WHITESPACE: &[char] = &[' ', '\t'];

/// Whether a byte is dialect whitespace (space or TAB).
fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Whether a byte starts a comment (`#` or `;`).
fn is_comment(b: u8) -> bool {
    b == b'#' || b == b';'
}

/// Trims dialect whitespace from both ends (a byte loop: this runs on every line).
pub fn trim_ws(s: &str) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| !is_ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|&c| !is_ws(c)).map_or(start, |i| i + 1);
    // Space and TAB are ASCII, so these are char boundaries.
    &s[start..end.max(start)]
}

/// The index of the first dialect whitespace byte, if any.
pub fn find_ws(s: &str) -> Option<usize> {
    s.bytes().position(is_ws)
}

/// One physical line: its text without the line ending, and where it sits in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The text without `\n` / `\r\n`.
    pub text: &'a str,
    /// Byte offset of the line's first character.
    pub start: usize,
    /// Byte offset just past the line ending (or the end of the file).
    pub end: usize,
    /// Whether the line ends with `\n` (the last line of a file may not).
    pub newline: bool,
}

/// Splits text into lines, keeping byte offsets so edits can splice the original text.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    line_iter(text).collect()
}

/// The lines of `text` in order (`\n` or `\r\n` endings; a last line without one, or with a lone
/// `\r`).
pub fn line_iter(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = text.get(start..).filter(|r| !r.is_empty())?;
        let (body, len) = match find_byte(rest.as_bytes(), b'\n') {
            // `\n` and `\r` are ASCII, so these cuts are char boundaries.
            Some(nl) => {
                let body = &rest[..nl];
                (body.strip_suffix('\r').unwrap_or(body), nl + 1)
            }
            // A last line without `\n` drops a final `\r` too (as botocore's universal newlines
            // do): appending a line after it must not change what it says (property tests).
            None => (rest.strip_suffix('\r').unwrap_or(rest), rest.len()),
        };
        let line = Line {
            text: body,
            start,
            end: start + len,
            newline: rest.as_bytes().get(len - 1) == Some(&b'\n'),
        };
        start += len;
        Some(line)
    })
}

/// A section header and where its content lies, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSection<'a> {
    /// The text between `[` and `]`, comment removed, as written (not yet trimmed or split).
    pub header: &'a str,
    /// 0-based index of the header line.
    pub line: usize,
    /// 0-based index of the last line of the section's content (header or last property line).
    pub last_line: usize,
    /// Byte range of the lines after the header up to `last_line`, which `RawFile::properties`
    /// reads when it is asked (a lookup in a 10,000-profile file reads one or two sections, and
    /// keeping every property of the file would cost megabytes of fresh memory per call).
    body: (usize, usize),
}

/// A `key = value` property, with any continuation lines folded into its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawProperty<'a> {
    /// The key as written (trimmed); compare case-insensitively.
    pub key: &'a str,
    /// The value: trimmed, inline comment removed, continuation lines joined with `\n`.
    pub value: Cow<'a, str>,
    /// 0-based index of the `key = value` line.
    pub line: usize,
    /// 0-based index of its last continuation line (== `line` when there is none).
    pub last_line: usize,
    /// Byte range of the value on the first line, for in-place replacement.
    pub value_span: (usize, usize),
}

/// The parsed form of one file: its sections, checked line by line against the grammar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawFile<'a> {
    /// Sections in file order.
    pub sections: Vec<RawSection<'a>>,
    text: &'a str,
}

impl<'a> RawFile<'a> {
    /// The properties of `section`, in file order (read from the already checked text).
    pub fn properties(&self, section: &RawSection<'a>) -> Vec<RawProperty<'a>> {
        let mut props: Vec<RawProperty<'a>> = Vec::new();
        let (start, end) = section.body;
        // The whole file passed the same walk in `parse`, so this walk cannot fail.
        let _ = walk(
            self.text,
            start,
            end,
            section.line + 1,
            Path::new(""),
            |idx, _, item| match item {
                Item::Property { key, value, at } => props.push(RawProperty {
                    key,
                    value: Cow::Borrowed(value),
                    line: idx,
                    last_line: idx,
                    value_span: (at, at + value.len()),
                }),
                Item::Continuation(more) => {
                    if let Some(p) = props.last_mut() {
                        let value = p.value.to_mut();
                        value.push('\n');
                        value.push_str(more);
                        p.last_line = idx;
                    }
                }
                Item::Header(_) => {}
            },
        );
        props
    }
}

/// One meaningful line, as `walk` reports it.
enum Item<'a> {
    /// A section header: the text between `[` and `]`.
    Header(&'a str),
    /// `key = value`; `at` is the byte offset of the value in the file.
    Property {
        key: &'a str,
        value: &'a str,
        at: usize,
    },
    /// A continuation line of the open property, trimmed.
    Continuation(&'a str),
}

/// THE grammar: walks the lines of `text[start..end]` (the first being line `first_line`; a walk
/// that starts past 0 is inside a section's body, after its header), checks
/// each and reports headers, properties and continuations to `on` with the line's index and the
/// byte offset just past its line ending. Syntax errors carry the path and 1-based line.
fn walk<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    first_line: usize,
    path: &Path,
    mut on: impl FnMut(usize, usize, Item<'a>),
) -> Result<()> {
    let body = text.get(start..end).unwrap_or_default();
    // Whether the current property's value was empty, making continuations sub-properties.
    let mut in_sub_properties = false;
    let mut property_open = false;
    let mut in_section = start > 0;
    for (n, line) in line_iter(body).enumerate() {
        let idx = first_line + n;
        let line_end = start + line.end;
        let err = |message: &str| Error::FileFormat {
            path: path.to_path_buf(),
            line: idx + 1,
            message: message.to_string(),
        };
        let t = line.text;
        let first = t.as_bytes().first().copied().unwrap_or(b' ');
        if is_comment(first) || trim_ws(t).is_empty() {
            continue;
        }
        if first == b'[' {
            let prepared = prepare(t, false);
            let header = prepared
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .ok_or_else(|| err("Profile definition must end with ']'"))?;
            on(idx, line_end, Item::Header(header));
            in_section = true;
            property_open = false;
            in_sub_properties = false;
        } else if is_ws(first) {
            if !in_section {
                return Err(err("Expected a profile definition"));
            }
            if !property_open {
                return Err(err("Expected a property definition, found continuation"));
            }
            if in_sub_properties {
                split_property(t).map_err(|e| err(&e.message("sub-property")))?;
            }
            on(idx, line_end, Item::Continuation(trim_ws(t)));
        } else {
            if !in_section {
                return Err(err("Expected a profile definition"));
            }
            let (key, value) = split_property(t).map_err(|e| err(&e.message("property")))?;
            in_sub_properties = value.is_empty();
            property_open = true;
            let at = value.as_ptr() as usize - text.as_ptr() as usize;
            on(idx, line_end, Item::Property { key, value, at });
        }
    }
    Ok(())
}

/// Parses `text` (the contents of `path`) literally. Syntax errors carry the path and 1-based line.
pub fn parse<'a>(text: &'a str, path: &Path) -> Result<RawFile<'a>> {
    let mut sections: Vec<RawSection<'a>> = Vec::new();
    walk(
        text,
        0,
        text.len(),
        0,
        path,
        |idx, line_end, item| match item {
            Item::Header(header) => sections.push(RawSection {
                header,
                line: idx,
                last_line: idx,
                body: (line_end, line_end),
            }),
            Item::Property { .. } | Item::Continuation(_) => {
                if let Some(s) = sections.last_mut() {
                    s.last_line = idx;
                    s.body.1 = line_end;
                }
            }
        },
    )?;
    Ok(RawFile { sections, text })
}

/// Why a property line is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PropertyError {
    NoEquals,
    NoName,
}

impl PropertyError {
    fn message(self, what: &str) -> String {
        match self {
            PropertyError::NoEquals => format!("Expected an '=' sign defining a {what}"),
            PropertyError::NoName => {
                let mut chars = what.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                format!(
                    "{}{} did not have a name",
                    first.unwrap_or_default(),
                    chars.as_str()
                )
            }
        }
    }
}

/// Splits `key = value` at the first `=`, trimming both and removing an inline comment.
fn split_property(line: &str) -> std::result::Result<(&str, &str), PropertyError> {
    // Fast path for the common line without `#` or `;` (nothing to cut, so splitting at the first
    // `=` and trimming both sides is exactly what `prepare` + `split_once` give); a line with
    // either goes through `prepare`, which knows the comment rules.
    let bytes = line.as_bytes();
    let comment_free = |from: usize| find_either(&bytes[from..], b'#', b';').is_none();
    match find_one_of(bytes, b'=', b'#', b';') {
        None => return Err(PropertyError::NoEquals),
        Some(at) if bytes[at] == b'=' && comment_free(at + 1) => {
            // `=` is ASCII: both cuts are char boundaries.
            let k = trim_ws(&line[..at]);
            if k.is_empty() {
                return Err(PropertyError::NoName);
            }
            return Ok((k, trim_ws(&line[at + 1..])));
        }
        Some(_) => {}
    }
    let prepared = prepare(line, true);
    let (k, v) = prepared.split_once('=').ok_or(PropertyError::NoEquals)?;
    let k = trim_ws(k);
    if k.is_empty() {
        return Err(PropertyError::NoName);
    }
    Ok((k, trim_ws(v)))
}

/// Trims the line and cuts a trailing comment. In properties a comment character only counts when
/// whitespace precedes it (`a = b#c` keeps `b#c`); in headers it always counts.
fn prepare(line: &str, comment_needs_whitespace: bool) -> &str {
    let line = trim_ws(line);
    if !line.bytes().any(is_comment) {
        return line;
    }
    let mut prev_whitespace = false;
    let mut cut = line.len();
    for (idx, ch) in line.char_indices() {
        if (ch == '#' || ch == ';') && (prev_whitespace || !comment_needs_whitespace) {
            cut = idx;
            break;
        }
        // The dialect's whitespace only (space, TAB): `v\u{a0};` keeps its `;`, as trimming does.
        prev_whitespace = ch.is_ascii() && is_ws(ch as u8);
    }
    trim_ws(&line[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> RawFile<'_> {
        parse(text, Path::new("f")).expect("parses")
    }

    #[test]
    fn lines_keep_offsets_and_endings() {
        let text = "a\r\nb\n\nc";
        let ls = lines(text);
        assert_eq!(ls.len(), 4);
        assert_eq!(ls[0].text, "a");
        assert_eq!(&text[ls[0].start..ls[0].end], "a\r\n");
        assert_eq!(ls[2].text, "");
        assert_eq!(ls[3].text, "c");
        assert_eq!(ls[3].end, text.len());
        let last = lines("[a]\nk = v\r");
        assert_eq!(last[1].text, "k = v");
        assert_eq!(last[1].end, 10);
    }

    #[test]
    fn property_value_span_points_at_value() {
        let text = "[p]\nkey =  value  # note\n";
        let f = parse_ok(text);
        let p = &f.properties(&f.sections[0])[0];
        assert_eq!(&text[p.value_span.0..p.value_span.1], "value");
        assert_eq!(p.value, "value");
    }

    #[test]
    fn only_space_and_tab_open_an_inline_comment() {
        // U+00A0 is whitespace to Unicode but not to the dialect: the `;` stays in the value.
        assert_eq!(split_property("k =\t\u{a0};").unwrap(), ("k", "\u{a0};"));
        assert_eq!(
            split_property("k = v\u{2003}# c").unwrap(),
            ("k", "v\u{2003}# c")
        );
        assert_eq!(split_property("k = v\t# c").unwrap(), ("k", "v"));
    }

    #[test]
    fn inline_comment_needs_whitespace_in_properties_only() {
        let f = parse_ok("[profile a]# c\nx = v#1\ny = v ;2\n");
        assert_eq!(f.sections[0].header, "profile a");
        assert_eq!(f.properties(&f.sections[0])[0].value, "v#1");
        assert_eq!(f.properties(&f.sections[0])[1].value, "v");
    }

    #[test]
    fn continuation_lines_fold_into_value() {
        let f = parse_ok("[a]\nk = v\n  more # kept\nz = 1");
        let p = &f.properties(&f.sections[0])[0];
        assert_eq!(p.value, "v\nmore # kept");
        assert_eq!((p.line, p.last_line), (1, 2));
        assert_eq!(f.sections[0].last_line, 3);
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = "[a]\nk = v\nbroken line\n";
        let e = parse(text, Path::new("/x/config")).unwrap_err();
        assert_eq!(e.line(), Some(3));
        assert!(e.to_string().contains("/x/config"), "{e}");
        assert!(e
            .to_string()
            .contains("Expected an '=' sign defining a property"));
    }
}
