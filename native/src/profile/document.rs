//! Format-preserving edits of one config or credentials file: set and remove keys in a profile,
//! add and remove whole profiles. Every byte outside the edited lines stays as it was (comments,
//! blank lines, spacing, order, CRLF or LF, unknown keys, other profiles).
//!
//! New keys are written `key = value` (read the same by the SDKs and by botocore) after the last
//! property of the profile. A new profile is appended after one blank line; removing a profile
//! removes that one separating blank line, so adding then removing gives back the original bytes.

use std::path::{Path, PathBuf};

use super::locate::FileKind;
use super::normalize::{classify, is_bare_default, sections_for_profile, SectionId};
use super::parse::{lines, parse, Line, RawFile, RawProperty};
use crate::error::Result;

/// One file's text, ready for edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    path: PathBuf,
    kind: FileKind,
    text: String,
}

/// A change to one key: `Some(value)` sets it, `None` removes it.
pub type KeyChange<'a> = (&'a str, Option<&'a str>);

/// The section an update edits.
#[derive(Clone, Copy)]
enum Target<'a> {
    Profile(&'a str),
    SsoSession(&'a str),
}

/// A byte-range replacement in the original text.
struct Splice {
    start: usize,
    end: usize,
    with: String,
}

impl Document {
    /// A document over `text` read from `path` (use an empty string for a missing file).
    pub fn new(path: &Path, kind: FileKind, text: String) -> Self {
        Document {
            path: path.to_path_buf(),
            kind,
            text,
        }
    }

    /// The current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, consuming the document.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Applies `changes` to profile `name`, creating the profile at the end of the file if it is
    /// not there and at least one key is set. Returns whether the text changed.
    ///
    /// An existing key is changed in place on its own line (its continuation lines go with the old
    /// value); other definitions of the same key in duplicate sections are removed so the file says
    /// one thing. Keys are matched case-insensitively, as the SDKs read them.
    pub fn update_profile(&mut self, name: &str, changes: &[KeyChange<'_>]) -> Result<bool> {
        self.update_section(Target::Profile(name), changes)
    }

    /// As `update_profile`, for the `[sso-session name]` section of a config file.
    pub fn update_sso_session(&mut self, name: &str, changes: &[KeyChange<'_>]) -> Result<bool> {
        self.update_section(Target::SsoSession(name), changes)
    }

    fn update_section(&mut self, target: Target<'_>, changes: &[KeyChange<'_>]) -> Result<bool> {
        let ls = lines(&self.text);
        let raw = parse(&self.text, &self.path)?;
        let (name, sections) = match target {
            Target::Profile(name) => (name, sections_for_profile(&raw, self.kind, name)),
            Target::SsoSession(name) => (
                name,
                raw.sections
                    .iter()
                    .filter(|s| classify(s.header, self.kind) == SectionId::SsoSession(name))
                    .collect(),
            ),
        };
        let props_of: Vec<Vec<RawProperty<'_>>> =
            sections.iter().map(|s| raw.properties(s)).collect();
        let eol = line_ending(&ls);
        let mut splices = Vec::new();
        // Whole properties to delete, by their first line (the key line).
        let mut deleted: Vec<&RawProperty<'_>> = Vec::new();
        let mut missing: Vec<(&str, &str)> = Vec::new();
        for &(key, value) in changes {
            let mut found: Vec<_> = props_of
                .iter()
                .flatten()
                .filter(|p| p.key.eq_ignore_ascii_case(key))
                .collect();
            let keep = match value {
                Some(v) => found.pop().map(|last| (last, v)),
                None => None,
            };
            deleted.extend(found);
            match (keep, value) {
                (Some((p, v)), _) => {
                    if p.value != v || p.last_line != p.line {
                        // Replace the value text only; the key, spacing and any comment stay
                        // (but a value that starts with `#` or `;` takes the whitespace after `=`).
                        let start = if needs_no_space(v) {
                            let before = &self.text[..p.value_span.0];
                            before.trim_end_matches([' ', '\t']).len()
                        } else {
                            p.value_span.0
                        };
                        // A multi-line value takes the rest of the line too: an inline comment left
                        // there would land on a continuation line, which keeps comments as text.
                        let end = if v.contains('\n') {
                            ls[p.line].start + ls[p.line].text.len()
                        } else {
                            p.value_span.1
                        };
                        splices.push(Splice {
                            start,
                            end,
                            with: render_value(v, eol),
                        });
                        if p.last_line > p.line {
                            splices.push(Splice {
                                start: ls[p.line].end,
                                end: ls[p.last_line].end,
                                with: String::new(),
                            });
                        }
                    }
                }
                (None, Some(v)) => missing.push((key, v)),
                (None, None) => {}
            }
        }
        // A section that this edit empties goes away with them (as `remove_profile` would take
        // it), unless it gets the new keys or holds a comment; other deletions are line by line.
        // The last `[profile default]` of a config file that also has a bare `[default]` stays: its
        // header is what keeps the bare section's old values out of the profile.
        let shadows_bare_default = self.kind == FileKind::Config
            && matches!(target, Target::Profile(_))
            && name == "default"
            && raw.sections.iter().any(|s| is_bare_default(s.header))
            && !sections.iter().any(|s| is_bare_default(s.header));
        let mut tail = TailNewline::new(&self.text);
        for (i, section) in sections.iter().enumerate() {
            let props = &props_of[i];
            let last = i + 1 == sections.len();
            let gets_new_keys = last && !missing.is_empty();
            let keeps_shadow = last && shadows_bare_default;
            let all_deleted = props
                .iter()
                .all(|p| deleted.iter().any(|d| d.line == p.line));
            let has_comment = (section.line..=section.last_line).any(|l| is_comment_line(&ls[l]));
            let emptied =
                !props.is_empty() && all_deleted && !gets_new_keys && !has_comment && !keeps_shadow;
            if emptied {
                deleted.retain(|d| !props.iter().any(|p| p.line == d.line));
                splices.push(tail.section_splice(&ls, section.line, section.last_line));
            }
        }
        for p in deleted {
            splices.push(Splice {
                start: ls[p.line].start,
                end: ls[p.last_line].end,
                with: String::new(),
            });
        }
        if !missing.is_empty() {
            let new_lines: Vec<String> = missing
                .iter()
                .map(|(k, v)| render_property(k, v, eol))
                .collect();
            match sections.last() {
                Some(section) => {
                    let after = &ls[section.last_line];
                    splices.push(insert_after(after, &new_lines, eol));
                }
                None => splices.push(self.append_section(&self.header(target), &new_lines, eol)),
            }
        }
        let changed = self.apply(splices);
        tail.restore(&mut self.text, changed);
        Ok(changed)
    }

    /// Removes every section that defines profile `name` (in a config file both `[default]` and
    /// `[profile default]`). Returns whether anything was removed.
    pub fn remove_profile(&mut self, name: &str) -> Result<bool> {
        let ls = lines(&self.text);
        let raw: RawFile<'_> = parse(&self.text, &self.path)?;
        let mut tail = TailNewline::new(&self.text);
        let splices: Vec<Splice> = raw
            .sections
            .iter()
            .filter(|s| classify(s.header, self.kind) == SectionId::Profile(name))
            .map(|s| tail.section_splice(&ls, s.line, s.last_line))
            .collect();
        let changed = self.apply(splices);
        tail.restore(&mut self.text, changed);
        Ok(changed)
    }

    /// The header for a new section of profile `name` in this file's dialect.
    fn header(&self, target: Target<'_>) -> String {
        match target {
            Target::Profile(name) => self.header_for(name),
            Target::SsoSession(name) => format!("[sso-session {name}]"),
        }
    }

    fn header_for(&self, name: &str) -> String {
        match self.kind {
            FileKind::Config if name != "default" => format!("[profile {name}]"),
            _ => format!("[{name}]"),
        }
    }

    /// A splice that appends a new section holding `new_lines` at the end of the file.
    fn append_section(&self, header: &str, new_lines: &[String], eol: &str) -> Splice {
        let mut body = vec![header.to_string()];
        body.extend(new_lines.iter().cloned());
        let end = self.text.len();
        let with = if self.text.is_empty() {
            let mut s = body.join(eol);
            s.push_str(eol);
            s
        } else if self.text.ends_with('\n') {
            // One blank separator line, then the section, keeping the final newline.
            format!("{eol}{}{eol}", body.join(eol))
        } else {
            // No final newline: end the last line (a lone CR is completed with LF alone, so it
            // does not join the value), add the separator, and leave the new last line without a
            // newline as the file had it.
            let end_last = if self.text.ends_with('\r') { "\n" } else { eol };
            format!("{end_last}{eol}{}", body.join(eol))
        };
        Splice {
            start: end,
            end,
            with,
        }
    }

    /// Applies non-overlapping splices; returns whether the text changed.
    fn apply(&mut self, mut splices: Vec<Splice>) -> bool {
        if splices.is_empty() {
            return false;
        }
        splices.sort_by_key(|s| (s.start, s.end));
        let mut out = String::with_capacity(self.text.len() + 256);
        let mut at = 0;
        for s in &splices {
            let start = s.start.max(at);
            out.push_str(&self.text[at..start]);
            out.push_str(&s.with);
            at = s.end.max(at);
        }
        out.push_str(&self.text[at..]);
        let changed = out != self.text;
        self.text = out;
        changed
    }
}

/// `key = value`; a multi-line value (continuations, sub-properties) continues on indented lines.
fn render_property(key: &str, value: &str, eol: &str) -> String {
    if value.is_empty() || value.starts_with('\n') || needs_no_space(value) {
        format!("{key} ={}", render_value(value, eol))
    } else {
        format!("{key} = {}", render_value(value, eol))
    }
}

/// Whether `value` must follow `=` with no whitespace between: a leading `#` or `;` after
/// whitespace starts a comment (a value read from `k =#x` is `#x`, and a copy must say the same).
fn needs_no_space(value: &str) -> bool {
    value.starts_with(['#', ';'])
}

/// The value's text, with any further lines indented as continuation lines.
fn render_value(value: &str, eol: &str) -> String {
    value.replace('\n', &format!("{eol}    "))
}

/// Removal of whole sections while keeping a file's "no final newline" style.
struct TailNewline {
    no_final_newline: bool,
    removes_last_line: bool,
}

impl TailNewline {
    fn new(text: &str) -> Self {
        TailNewline {
            no_final_newline: !text.is_empty() && !text.ends_with('\n'),
            removes_last_line: false,
        }
    }

    /// A splice removing lines `first..=last` (a section) with one separating blank line: the one
    /// before it, or at the top of the file the one after it, so that adding a section and
    /// removing it gives back the original bytes.
    fn section_splice(&mut self, ls: &[Line<'_>], mut first: usize, mut last: usize) -> Splice {
        if first > 0 && is_blank(&ls[first - 1]) {
            first -= 1;
        } else if first == 0 && last + 1 < ls.len() && is_blank(&ls[last + 1]) {
            last += 1;
        }
        self.removes_last_line |= last + 1 == ls.len();
        Splice {
            start: ls[first].start,
            end: ls[last].end,
            with: String::new(),
        }
    }

    /// After the splices: a file that had no final newline and lost its last line keeps that style.
    fn restore(&self, text: &mut String, changed: bool) {
        if changed && self.removes_last_line && self.no_final_newline {
            // One line ending only: blank lines before the removed section that were not its
            // separator are the user's.
            let keep = text
                .strip_suffix('\n')
                .map(|t| t.strip_suffix('\r').unwrap_or(t))
                .map_or(text.len(), str::len);
            text.truncate(keep);
        }
    }
}

/// Whether a line is a full-line comment (`#` or `;` in column 0).
fn is_comment_line(line: &Line<'_>) -> bool {
    line.text.starts_with(['#', ';'])
}

/// A splice inserting `new_lines` right after line `after`.
fn insert_after(after: &Line<'_>, new_lines: &[String], eol: &str) -> Splice {
    // A last line that ends in a lone CR is completed with LF alone (a second CR would join the
    // value); one without any ending gets the file's.
    let lone_cr = !after.newline && after.end > after.start + after.text.len();
    let with = if after.newline {
        let mut s = new_lines.join(eol);
        s.push_str(eol);
        s
    } else if lone_cr {
        format!("\n{}", new_lines.join(eol))
    } else {
        format!("{eol}{}", new_lines.join(eol))
    };
    Splice {
        start: after.end,
        end: after.end,
        with,
    }
}

fn is_blank(line: &Line<'_>) -> bool {
    line.text.trim_matches([' ', '\t']).is_empty()
}

/// The file's line ending: that of its first line, or `\n` for a one-line or empty file.
fn line_ending(ls: &[Line<'_>]) -> &'static str {
    match ls.first() {
        Some(l) if l.end - l.start >= l.text.len() + 2 => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: FileKind, text: &str) -> Document {
        Document::new(Path::new("f"), kind, text.to_string())
    }

    fn set(d: &mut Document, name: &str, changes: &[KeyChange<'_>]) {
        d.update_profile(name, changes).unwrap();
    }

    #[test]
    fn appends_new_profile_after_blank_line() {
        let mut d = doc(FileKind::Credentials, "# top\n[a]\nx=1\n");
        set(&mut d, "b", &[("k", Some("v")), ("s", Some("w"))]);
        assert_eq!(d.text(), "# top\n[a]\nx=1\n\n[b]\nk = v\ns = w\n");
    }

    /// Found by the property tests: a last line ending in a lone CR got the new key glued to it.
    #[test]
    fn a_last_line_ending_in_a_lone_cr_gets_a_line_ending_first() {
        let mut d = doc(FileKind::Config, "[profile default]\r");
        set(&mut d, "default", &[("region", Some("="))]);
        assert_eq!(d.text(), "[profile default]\r\nregion = =");
        let raw = parse(d.text(), Path::new("f")).unwrap();
        assert_eq!(raw.properties(&raw.sections[0])[0].value, "=");
    }

    /// Found by the property tests: a value read from `k =#x` is `#x`; written as `k = #x` it
    /// would read back empty.
    #[test]
    fn a_value_starting_with_a_comment_character_follows_the_equals_sign() {
        let mut d = doc(FileKind::Credentials, "[a]\nk = old\n");
        set(&mut d, "a", &[("k", Some("#x")), ("n", Some(";y"))]);
        assert_eq!(d.text(), "[a]\nk =#x\nn =;y\n");
        let raw = parse(d.text(), Path::new("f")).unwrap();
        let props = raw.properties(&raw.sections[0]);
        assert_eq!(
            (props[0].value.as_ref(), props[1].value.as_ref()),
            ("#x", ";y")
        );
    }

    /// Found by the fuzzer: removing the last section of a file without a final newline dropped
    /// every blank line before it, not only its separator.
    #[test]
    fn removing_the_last_section_keeps_blank_lines_that_are_not_its_separator() {
        let mut d = doc(FileKind::Credentials, "[a]\nx=1\n\n\n[b]\ny=2");
        assert!(d.remove_profile("b").unwrap());
        assert_eq!(d.text(), "[a]\nx=1\n");
        let mut d = doc(FileKind::Credentials, "[a]\r\nx=1\r\n\r\n[b]\r\ny=2");
        assert!(d.remove_profile("b").unwrap());
        assert_eq!(d.text(), "[a]\r\nx=1");
    }

    /// Found by the property tests: emptying `[profile default]` removed it, and the bare
    /// `[default]` it had hidden became the profile again.
    #[test]
    fn emptying_profile_default_keeps_the_bare_default_hidden() {
        let mut d = doc(
            FileKind::Config,
            "[default]\nregion = 0\n[profile default]\nregion = 1\n",
        );
        set(&mut d, "default", &[("region", None)]);
        assert_eq!(d.text(), "[default]\nregion = 0\n[profile default]\n");
        let raw = parse(d.text(), Path::new("f")).unwrap();
        let seen: Vec<_> = sections_for_profile(&raw, FileKind::Config, "default")
            .iter()
            .flat_map(|s| raw.properties(s))
            .collect();
        assert!(seen.is_empty(), "{seen:?}");
    }

    #[test]
    fn config_dialect_headers() {
        let mut d = doc(FileKind::Config, "");
        set(&mut d, "default", &[("region", Some("r"))]);
        set(&mut d, "p", &[("region", Some("r"))]);
        assert_eq!(
            d.text(),
            "[default]\nregion = r\n\n[profile p]\nregion = r\n"
        );
    }

    #[test]
    fn replaces_value_in_place_keeping_spacing_and_comment() {
        let mut d = doc(FileKind::Credentials, "[a]\nKEY_x=old   # why\ny = 2\n");
        set(&mut d, "a", &[("key_x", Some("new"))]);
        assert_eq!(d.text(), "[a]\nKEY_x=new   # why\ny = 2\n");
    }

    #[test]
    fn inserts_after_last_property_of_section() {
        let mut d = doc(
            FileKind::Credentials,
            "[a]\nx = 1\n  cont\n\n# about b\n[b]\ny = 2",
        );
        set(&mut d, "a", &[("z", Some("3"))]);
        assert_eq!(
            d.text(),
            "[a]\nx = 1\n  cont\nz = 3\n\n# about b\n[b]\ny = 2"
        );
        set(&mut d, "b", &[("w", Some("4"))]);
        assert_eq!(
            d.text(),
            "[a]\nx = 1\n  cont\nz = 3\n\n# about b\n[b]\ny = 2\nw = 4"
        );
    }

    #[test]
    fn keeps_crlf() {
        let mut d = doc(FileKind::Credentials, "[a]\r\nx = 1\r\n");
        set(&mut d, "a", &[("y", Some("2"))]);
        set(&mut d, "b", &[("z", Some("3"))]);
        assert_eq!(d.text(), "[a]\r\nx = 1\r\ny = 2\r\n\r\n[b]\r\nz = 3\r\n");
    }

    #[test]
    fn removes_keys_and_continuations_and_duplicates() {
        let mut d = doc(
            FileKind::Credentials,
            "[a]\nx = 1\n  more\ny = 2\n[a]\nx = 3\n",
        );
        set(&mut d, "a", &[("x", None)]);
        // The duplicate section held only `x`: emptied by the edit, it goes too.
        assert_eq!(d.text(), "[a]\ny = 2\n");
        let mut d = doc(FileKind::Credentials, "[a]\nx = 1\ny = 2\n[a]\nx = 3\n");
        set(&mut d, "a", &[("x", Some("9"))]);
        assert_eq!(d.text(), "[a]\ny = 2\n[a]\nx = 9\n");
    }

    #[test]
    fn replacing_multiline_value_drops_old_continuations() {
        let mut d = doc(FileKind::Credentials, "[a]\nx = 1\n  more\ny = 2\n");
        set(&mut d, "a", &[("x", Some("5"))]);
        assert_eq!(d.text(), "[a]\nx = 5\ny = 2\n");
    }

    #[test]
    fn multi_line_values_are_written_as_continuations() {
        let mut d = doc(FileKind::Config, "");
        set(
            &mut d,
            "p",
            &[
                ("s3", Some("\nmax_concurrent_requests = 10")),
                ("x", Some("a\nb")),
            ],
        );
        assert_eq!(
            d.text(),
            "[profile p]\ns3 =\n    max_concurrent_requests = 10\nx = a\n    b\n"
        );
        let raw = parse(d.text(), Path::new("f")).unwrap();
        assert_eq!(
            raw.properties(&raw.sections[0])[0].value.clone(),
            "\nmax_concurrent_requests = 10"
        );
        assert_eq!(raw.properties(&raw.sections[0])[1].value, "a\nb");
    }

    #[test]
    fn a_section_emptied_by_the_edit_goes_away() {
        let mut d = doc(
            FileKind::Config,
            "[profile a]\nregion = x\n\n[profile b]\nrole_arn = r\nsource_profile = a\n",
        );
        set(&mut d, "b", &[("role_arn", None), ("source_profile", None)]);
        assert_eq!(d.text(), "[profile a]\nregion = x\n");
        // ... but not when it holds a comment, and not an empty section the user wrote.
        let mut d = doc(
            FileKind::Config,
            "[profile b]\n# keep me\nrole_arn = r\n[profile c]\n",
        );
        set(&mut d, "b", &[("role_arn", None)]);
        set(&mut d, "c", &[("role_arn", None)]);
        assert_eq!(d.text(), "[profile b]\n# keep me\n[profile c]\n");
        // No final newline is kept when the emptied section was last.
        let mut d = doc(FileKind::Credentials, "[a]\nx = 1\n\n[b]\ny = 2");
        set(&mut d, "b", &[("y", None)]);
        assert_eq!(d.text(), "[a]\nx = 1");
    }

    #[test]
    fn unchanged_value_is_no_change() {
        let mut d = doc(FileKind::Credentials, "[a]\nx=1\n");
        assert!(!d
            .update_profile("a", &[("x", Some("1")), ("y", None)])
            .unwrap());
    }

    #[test]
    fn set_then_remove_is_byte_identical() {
        for original in [
            "",
            "\n",
            "[a]\nx=1",
            "[a]\nx=1\n",
            "[a]\nx=1\n\n",
            "# only a comment",
            "[a]\r\nx=1\r\n",
            "[a]\r\nx=1",
        ] {
            for kind in [FileKind::Config, FileKind::Credentials] {
                let mut d = doc(kind, original);
                set(&mut d, "new", &[("k", Some("v"))]);
                assert_ne!(d.text(), original);
                assert!(d.remove_profile("new").unwrap());
                assert_eq!(d.text(), original, "round trip of {original:?} ({kind:?})");
            }
        }
    }

    #[test]
    fn removes_all_sections_of_a_profile_and_keeps_the_rest() {
        let text = "# c\n[a]\nx=1\n\n[b]\n# inside b\ny=2\n\n[a]\nz=3\n; tail\n[c]\nw=4\n";
        let mut d = doc(FileKind::Credentials, text);
        assert!(d.remove_profile("a").unwrap());
        assert_eq!(d.text(), "# c\n\n[b]\n# inside b\ny=2\n; tail\n[c]\nw=4\n");
        assert!(!d.remove_profile("zzz").unwrap());
    }

    #[test]
    fn default_profile_in_config_prefers_prefixed_form() {
        let mut d = doc(
            FileKind::Config,
            "[default]\nregion = a\n[profile default]\nregion = b\n",
        );
        set(&mut d, "default", &[("region", Some("c"))]);
        assert_eq!(
            d.text(),
            "[default]\nregion = a\n[profile default]\nregion = c\n"
        );
        let mut d = doc(
            FileKind::Config,
            "[default]\nregion = a\n[profile default]\nregion = b\n",
        );
        d.remove_profile("default").unwrap();
        assert_eq!(d.text(), "");
    }

    #[test]
    fn refuses_to_edit_unparseable_file() {
        let mut d = doc(FileKind::Credentials, "[a]\nnot a property\n");
        assert!(d.update_profile("a", &[("x", Some("1"))]).is_err());
        assert_eq!(d.text(), "[a]\nnot a property\n");
    }
}
