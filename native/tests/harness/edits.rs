//! The parser's and the document editor's invariants, as checks that return a description of the
//! first violation instead of panicking (the fuzz targets turn it into a crash, proptest into a
//! shrunk counterexample).
//!
//! The byte-preservation oracle `strip` is written from the rules stated at the top of
//! src/profile/document.rs, not from its code: a profile's sections are its header line through
//! its last property line (`RawSection::line..=last_line`); removing one also removes one
//! separating blank line (the one before it, or at the top of the file the one after it); a file
//! without a final newline that loses its last line keeps having no final newline.

use std::collections::BTreeMap;
use std::path::Path;

use awscred::profile::document::Document;
use awscred::profile::locate::FileKind;
use awscred::profile::normalize::{classify, ProfileSet, SectionId};
use awscred::profile::parse::{lines, parse, Line, RawFile};
use awscred::Error;

/// The path the documents claim to come from (only used in error messages).
const PATH: &str = "fuzzed-file";

/// One edit of a document, as the operations make them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// `Document::update_profile`: `Some` sets a key, `None` removes it.
    Update {
        profile: String,
        changes: Vec<(String, Option<String>)>,
    },
    /// `Document::remove_profile`.
    Remove { profile: String },
}

impl Edit {
    /// The profile the edit is about.
    pub fn profile(&self) -> &str {
        match self {
            Edit::Update { profile, .. } | Edit::Remove { profile } => profile,
        }
    }
}

/// Every section readers see, `(what, name)` -> lower-case key -> value (duplicates merged, the
/// last value wins), as `ProfileSet` builds it.
pub type View = BTreeMap<(&'static str, String), BTreeMap<String, String>>;

/// The readers' view of `text`, or `None` when it does not parse.
pub fn view(text: &str, kind: FileKind) -> Option<View> {
    let raw = parse(text, Path::new(PATH)).ok()?;
    let mut set = ProfileSet::default();
    set.add_file(&raw, kind, Path::new(PATH));
    let mut out = View::new();
    for (what, map) in [
        ("profile", &set.profiles),
        ("sso-session", &set.sso_sessions),
        ("services", &set.services),
    ] {
        for (name, section) in map {
            let props = section
                .properties
                .iter()
                .map(|(k, p)| (k.clone(), p.value.clone()))
                .collect();
            out.insert((what, name.clone()), props);
        }
    }
    Some(out)
}

/// Checks one parse of `text`: a result whose positions are consistent, or a FileFormat error
/// naming a line of the text; normalizing the result in either dialect must not panic either.
pub fn check_parse(text: &str) -> Result<(), String> {
    let ls = lines(text);
    match parse(text, Path::new(PATH)) {
        Ok(raw) => {
            check_positions(text, &ls, &raw)?;
            for kind in [FileKind::Config, FileKind::Credentials] {
                let mut set = ProfileSet::default();
                set.add_file(&raw, kind, Path::new(PATH));
                let _ = set.to_vector_json();
            }
            Ok(())
        }
        Err(Error::FileFormat { line, .. }) if (1..=ls.len()).contains(&line) => Ok(()),
        Err(e) => Err(format!("parse gave an unexpected error: {e:?}")),
    }
}

/// Sections and properties point at lines of the text in order, and each value span is the value's
/// first line inside its key line.
fn check_positions(text: &str, ls: &[Line<'_>], raw: &RawFile<'_>) -> Result<(), String> {
    let mut prev_end = None;
    for s in &raw.sections {
        if s.last_line < s.line || s.last_line >= ls.len() || prev_end.is_some_and(|e| s.line <= e)
        {
            return Err(format!("section {:?} has bad lines", s.header));
        }
        prev_end = Some(s.last_line);
        for p in raw.properties(s) {
            let (a, b) = p.value_span;
            let key_line = ls.get(p.line).ok_or("a property line is past the end")?;
            let ok = p.line > s.line
                && p.line <= p.last_line
                && p.last_line <= s.last_line
                && key_line.start <= a
                && a <= b
                && b <= key_line.start + key_line.text.len()
                && text.get(a..b) == p.value.split('\n').next()
                && !p.key.is_empty();
            if !ok {
                return Err(format!("property {:?} has bad positions", p.key));
            }
        }
    }
    Ok(())
}

/// Whether `text` has any section that defines profile `name` (`remove_profile`'s rule).
fn defines(raw: &RawFile<'_>, kind: FileKind, name: &str) -> bool {
    raw.sections
        .iter()
        .any(|s| classify(s.header, kind) == SectionId::Profile(name))
}

/// The profiles that sections of `text` define, in file order without repeats (none when it does
/// not parse): edits of these exercise the removal and merge rules.
pub fn defined_profiles(text: &str, kind: FileKind) -> Vec<String> {
    let Ok(raw) = parse(text, Path::new(PATH)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for s in &raw.sections {
        if let SectionId::Profile(name) = classify(s.header, kind) {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// Whether a line holds only spaces and TABs.
fn is_blank(line: &Line<'_>) -> bool {
    line.text.bytes().all(|b| b == b' ' || b == b'\t')
}

/// `text` with every section of profile `name` removed as the module rules say (see the top of
/// this file), or `None` when it does not parse. The bytes every edit of `name` must keep.
pub fn strip(text: &str, kind: FileKind, name: &str) -> Option<String> {
    stripped(text, kind, name, true).map(|s| s.kept)
}

/// What `strip` keeps, and what it knows about what it removed.
struct Stripped {
    /// The text without the profile's sections.
    kept: String,
    /// The same before the no-final-newline rule: every kept line with its own ending.
    kept_lines: String,
    /// Whether the file's last line was one of the removed lines.
    last_removed: bool,
    /// The comment and blank lines inside the profile's sections (not header, not property),
    /// with their line endings: an edit that deletes the properties after them leaves them
    /// after the section's new last line, so outside it.
    interior: Vec<String>,
    /// The blank lines removed as separators, with their line endings.
    separators: Vec<String>,
}

/// `strip`, with what it removed; without `separators`, only the sections' own lines go.
fn stripped(text: &str, kind: FileKind, name: &str, separators: bool) -> Option<Stripped> {
    let raw = parse(text, Path::new(PATH)).ok()?;
    let ls = lines(text);
    let mut gone = vec![false; ls.len()];
    let mut interior = Vec::new();
    let mut removed_separators = Vec::new();
    for s in raw
        .sections
        .iter()
        .filter(|s| classify(s.header, kind) == SectionId::Profile(name))
    {
        gone[s.line..=s.last_line].fill(true);
        let props = raw.properties(s);
        for (i, l) in ls.iter().enumerate().take(s.last_line + 1).skip(s.line + 1) {
            if !props.iter().any(|p| (p.line..=p.last_line).contains(&i)) {
                interior.push(text[l.start..l.end].to_string());
            }
        }
        let separator = if s.line > 0 {
            Some(s.line - 1).filter(|&i| is_blank(&ls[i]))
        } else {
            Some(s.last_line + 1).filter(|&i| ls.get(i).is_some_and(is_blank))
        };
        if let Some(i) = separator.filter(|&i| separators && !gone[i]) {
            gone[i] = true;
            removed_separators.push(text[ls[i].start..ls[i].end].to_string());
        }
    }
    let mut kept: String = ls
        .iter()
        .zip(&gone)
        .filter(|(_, g)| !**g)
        .map(|(l, _)| &text[l.start..l.end])
        .collect();
    let kept_lines = kept.clone();
    let last_removed = gone.last() == Some(&true);
    let no_final_newline = !text.is_empty() && !text.ends_with('\n');
    if no_final_newline && last_removed {
        // The new last line ends the file as the old one did: without its line ending.
        let cut = kept
            .strip_suffix("\r\n")
            .or(kept.strip_suffix('\n'))
            .map(str::len);
        kept.truncate(cut.unwrap_or(kept.len()));
    }
    Some(Stripped {
        kept,
        kept_lines,
        last_removed,
        interior,
        separators: removed_separators,
    })
}

/// The line without its line ending.
fn body(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

/// How many sections define profile `name` in `text` (`remove_profile`'s rule).
fn section_count(text: &str, kind: FileKind, name: &str) -> usize {
    parse(text, Path::new(PATH)).map_or(0, |raw| {
        raw.sections
            .iter()
            .filter(|s| classify(s.header, kind) == SectionId::Profile(name))
            .count()
    })
}

/// An update of profile `name` kept every line outside the profile's sections, byte for byte and
/// in order, and added none there. When the profile keeps its sections, the lines compared are
/// all the others, blank separators included; when the edit adds or drops a section, the
/// separators go with the sections (`strip`), and a blank line that is a separator on one side
/// only may be missing on the other. Two allowances, both inside the edited lines: a comment or
/// blank line of the profile's sections may now follow its new last line (the properties after it
/// were deleted), and when the file's last line belongs to the profile, that line's ending (the
/// file's final newline) may change, also when that line is now such a moved comment or blank.
fn keeps_outside(before: &str, after: &str, kind: FileKind, name: &str) -> Result<(), String> {
    let same_sections = section_count(before, kind, name) == section_count(after, kind, name);
    let with_separators = !same_sections;
    let b = stripped(before, kind, name, with_separators)
        .ok_or("the text parsed once and not twice")?;
    let mut a =
        stripped(after, kind, name, with_separators).ok_or("the edited text does not parse")?;
    let ending_may_change = b.last_removed || a.last_removed;
    let want: Vec<&str> = b.kept_lines.split_inclusive('\n').collect();
    let got: Vec<&str> = a.kept_lines.split_inclusive('\n').collect();
    let mut movable = b.interior.clone();
    movable.extend(b.separators.iter().cloned());
    let take = |pool: &mut Vec<String>, line: &str| {
        let at = pool.iter().position(|m| m == line);
        at.map(|at| pool.remove(at)).is_some()
    };
    let changed = |why: String| {
        format!(
            "bytes outside profile {name:?} changed: {why} (without the profile the text was {:?} and is now {:?})",
            b.kept, a.kept
        )
    };
    // A moved comment or blank line that became the file's last line takes the file's ending.
    let take_body = |pool: &mut Vec<String>, line: &str| {
        let at = pool.iter().position(|m| body(m) == body(line));
        at.map(|at| pool.remove(at)).is_some()
    };
    let mut next = 0;
    for (i, line) in got.iter().enumerate() {
        let last_line = ending_may_change && i + 1 == got.len();
        loop {
            let last_pair = last_line && next + 1 == want.len();
            let same = want
                .get(next)
                .is_some_and(|w| w == line || (last_pair && body(w) == body(line)));
            if same {
                next += 1;
            } else if want.get(next).is_some_and(|w| take(&mut a.separators, w)) {
                next += 1;
                continue;
            } else if !(take(&mut movable, line) || last_line && take_body(&mut movable, line)) {
                return Err(changed(format!("line {line:?} is new")));
            }
            break;
        }
    }
    while let Some(w) = want.get(next) {
        // A blank last line whose ending went with the file's "no final newline" style is empty;
        // one that is now a separator ending the file may have lost its ending with the file.
        let last_want = ending_may_change && next + 1 == want.len();
        let ending_only = last_want && body(w).is_empty();
        let taken = take(&mut a.separators, w) || last_want && take_body(&mut a.separators, w);
        if !ending_only && !taken {
            return Err(changed(format!("line {w:?} is gone")));
        }
        next += 1;
    }
    Ok(())
}

/// Applies `edits` in turn to a document over `base`, checking each one (`check_edit`); the first
/// violation is described with the text it was applied to.
pub fn check_edits(kind: FileKind, base: &str, edits: &[Edit]) -> Result<(), String> {
    let mut doc = Document::new(Path::new(PATH), kind, base.to_string());
    for (i, edit) in edits.iter().enumerate() {
        let before = doc.text().to_string();
        check_edit(&mut doc, kind, edit).map_err(|why| {
            format!(
                "{why}\n  edit #{i} {edit:?}\n  on {kind:?} text {before:?}\n  gave {:?}",
                doc.text()
            )
        })?;
    }
    Ok(())
}

/// One edit: an unparseable text is refused and left alone; otherwise every byte outside the
/// profile's sections is kept (`strip` before == `strip` after), the result parses and reads as
/// the edit says, `changed` tells the truth, and a profile that the edit created is removed again
/// byte for byte.
fn check_edit(doc: &mut Document, kind: FileKind, edit: &Edit) -> Result<(), String> {
    let before = doc.text().to_string();
    let outcome = match edit {
        Edit::Update { profile, changes } => {
            let changes: Vec<(&str, Option<&str>)> = changes
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_deref()))
                .collect();
            doc.update_profile(profile, &changes)
        }
        Edit::Remove { profile } => doc.remove_profile(profile),
    };
    let after = doc.text().to_string();
    let Ok(raw_before) = parse(&before, Path::new(PATH)) else {
        return match outcome {
            Err(Error::FileFormat { .. }) if after == before => Ok(()),
            other => Err(format!(
                "an unparseable text was not refused untouched: {other:?}"
            )),
        };
    };
    let changed = outcome.map_err(|e| format!("a parseable text was refused: {e}"))?;
    if changed != (after != before) {
        return Err(format!("the edit said changed={changed}"));
    }
    let name = edit.profile();
    match edit {
        Edit::Remove { .. } => {
            let expected =
                strip(&before, kind, name).ok_or("the text parsed once and not twice")?;
            if after != expected {
                return Err(format!(
                    "removing profile {name:?} did not keep exactly the other bytes: expected {expected:?}"
                ));
            }
        }
        Edit::Update { .. } => keeps_outside(&before, &after, kind, name)?,
    }
    let before_view = view(&before, kind).ok_or("the text parsed once and not twice")?;
    check_view(&before_view, &view(&after, kind).unwrap_or_default(), edit)?;
    if let Edit::Update { profile, .. } = edit {
        // Not after a lone CR as the last byte: the addition completes it to CRLF, and the removal
        // cannot tell that CRLF from one the file always had (a known limit, README).
        if changed && !defines(&raw_before, kind, profile) && !before.ends_with('\r') {
            let mut undo = doc.clone();
            let removed = undo.remove_profile(profile);
            if !matches!(removed, Ok(true)) || undo.text() != before {
                return Err(format!(
                    "adding then removing profile {profile:?} gave {:?} ({removed:?})",
                    undo.text()
                ));
            }
        }
    }
    Ok(())
}

/// The edited text reads as the edit says: the profile's keys set or removed (or the profile
/// gone), every other section exactly as before. A profile left without keys may disappear.
fn check_view(before: &View, after: &View, edit: &Edit) -> Result<(), String> {
    let key = ("profile", edit.profile().to_string());
    let mut expected = before.clone();
    match edit {
        Edit::Remove { .. } => {
            expected.remove(&key);
        }
        Edit::Update { changes, .. } => {
            let props = expected.entry(key.clone()).or_default();
            for (k, v) in changes {
                match v {
                    Some(v) => props.insert(k.to_ascii_lowercase(), v.clone()),
                    None => props.remove(&k.to_ascii_lowercase()),
                };
            }
            if props.is_empty() && !after.contains_key(&key) {
                expected.remove(&key);
            }
        }
    }
    if &expected != after {
        return Err(format!(
            "the edited text reads {after:?}, expected {expected:?}"
        ));
    }
    Ok(())
}
