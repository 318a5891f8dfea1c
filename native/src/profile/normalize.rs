//! The normalized view: parsed files -> profiles, sso-sessions and services, with names validated,
//! keys lower-cased, duplicates merged and config/credentials precedence applied (credentials win).
//! Each value remembers the file and line it came from, for `show` and `explain`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::locate::FileKind;
use super::parse::{find_ws, trim_ws, RawFile, RawProperty, RawSection};

/// What a section header names, once normalized for the file's dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionId<'a> {
    Profile(&'a str),
    SsoSession(&'a str),
    Services(&'a str),
    /// A valid `[prefix name]` section of some other kind (kept, not interpreted).
    Other,
    /// Not read by the SDKs; the reason is a warning for the user.
    Ignored(String),
}

/// Whether `name` is a valid profile, sso-session or property name: `[A-Za-z0-9_\-/.%@:+]+`.
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-/.%@:+".contains(&b))
}

/// Classifies a header (`RawSection::header`) read from a file of `kind`.
pub fn classify(header: &str, kind: FileKind) -> SectionId<'_> {
    let header = trim_ws(header);
    let (prefix, name) = match find_ws(header) {
        Some(i) => (Some(&header[..i]), trim_ws(&header[i..])),
        None => (None, header),
    };
    let invalid = |what: &str| {
        SectionId::Ignored(format!(
            "ignoring {what} [{header}]: names may only contain letters, digits and _ - / . % @ : +"
        ))
    };
    match (kind, prefix) {
        (FileKind::Credentials, None) if is_identifier(name) => SectionId::Profile(name),
        (FileKind::Credentials, None) => invalid("profile"),
        (FileKind::Credentials, Some(_)) => SectionId::Ignored(format!(
            "ignoring [{header}] in a credentials file: profile names cannot contain spaces, and prefixed sections such as [profile NAME] belong in the config file"
        )),
        (FileKind::Config, None) if name == "default" => SectionId::Profile("default"),
        (FileKind::Config, None) => SectionId::Ignored(format!(
            "ignoring [{header}] in a config file: profiles there are written [profile {header}]"
        )),
        (FileKind::Config, Some(prefix)) => {
            if !is_identifier(name) {
                return invalid(prefix);
            }
            match prefix {
                "profile" => SectionId::Profile(name),
                "sso-session" => SectionId::SsoSession(name),
                "services" => SectionId::Services(name),
                _ => SectionId::Other,
            }
        }
    }
}

/// Which sections of a parsed config/credentials file define profile `name`, in file order.
///
/// In a config file that has any `[profile default]`, every `[default]` is ignored.
pub fn sections_for_profile<'f, 'a>(
    file: &'f RawFile<'a>,
    kind: FileKind,
    name: &str,
) -> Vec<&'f RawSection<'a>> {
    let skip_bare_default =
        name == "default" && kind == FileKind::Config && has_prefixed_default(file);
    // A header that names `name` ends with it (classify's name is the tail of the trimmed
    // header): the cheap test first, so a lookup in 10,000 sections classifies only candidates.
    file.sections
        .iter()
        .filter(|s| trim_ws(s.header).ends_with(name))
        .filter(|s| classify(s.header, kind) == SectionId::Profile(name))
        .filter(|s| !(skip_bare_default && is_bare_default(s.header)))
        .collect()
}

/// Whether a header is the bare `[default]` (which a config file ignores beside `[profile default]`).
pub fn is_bare_default(header: &str) -> bool {
    trim_ws(header) == "default"
}

fn has_prefixed_default(file: &RawFile<'_>) -> bool {
    file.sections.iter().any(|s| {
        trim_ws(s.header).ends_with("default")
            && !is_bare_default(s.header)
            && classify(s.header, FileKind::Config) == SectionId::Profile("default")
    })
}

/// A value and where it was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub value: String,
    pub file: PathBuf,
    /// 1-based line of the `key = value` line.
    pub line: usize,
}

/// A named group of properties (a profile, an sso-session or a services section).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// Lower-cased key -> value.
    pub properties: BTreeMap<String, Property>,
    /// The files that define this section, in reading order, without repeats.
    pub files: Vec<PathBuf>,
}

impl Section {
    /// The value of `key` (lower-case), if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(key).map(|p| p.value.as_str())
    }

    fn merge(&mut self, props: &[RawProperty<'_>], path: &Path, warnings: &mut Vec<String>) {
        if self.files.last().map(PathBuf::as_path) != Some(path) {
            self.files.push(path.to_path_buf());
        }
        for prop in props {
            if !is_identifier(prop.key) {
                warnings.push(format!(
                    "{}:{}: ignoring property '{}': names may only contain letters, digits and _ - / . % @ : +",
                    path.display(),
                    prop.line + 1,
                    prop.key
                ));
                continue;
            }
            self.properties.insert(
                prop.key.to_ascii_lowercase(),
                Property {
                    value: prop.value.clone().into_owned(),
                    file: path.to_path_buf(),
                    line: prop.line + 1,
                },
            );
        }
    }
}

/// The normalized view of the config and credentials files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSet {
    pub profiles: BTreeMap<String, Section>,
    pub sso_sessions: BTreeMap<String, Section>,
    pub services: BTreeMap<String, Section>,
    /// Sections and properties that were skipped, as one-line messages naming file and line.
    pub warnings: Vec<String>,
}

impl ProfileSet {
    /// Adds one parsed file. Add the config file before the credentials file: later files win.
    pub fn add_file(&mut self, file: &RawFile<'_>, kind: FileKind, path: &Path) {
        let skip_bare_default = kind == FileKind::Config && has_prefixed_default(file);
        for raw in &file.sections {
            let target = match classify(raw.header, kind) {
                SectionId::Profile(name) => {
                    if skip_bare_default && is_bare_default(raw.header) {
                        self.warnings.push(format!(
                            "{}:{}: ignoring [default] because [profile default] is also defined",
                            path.display(),
                            raw.line + 1
                        ));
                        continue;
                    }
                    self.profiles.entry(name.to_string()).or_default()
                }
                SectionId::SsoSession(name) => {
                    self.sso_sessions.entry(name.to_string()).or_default()
                }
                SectionId::Services(name) => self.services.entry(name.to_string()).or_default(),
                SectionId::Other => continue,
                SectionId::Ignored(why) => {
                    self.warnings
                        .push(format!("{}:{}: {why}", path.display(), raw.line + 1));
                    continue;
                }
            };
            target.merge(&file.properties(raw), path, &mut self.warnings);
        }
    }

    /// The view as JSON in the shape of the cross-SDK parser vectors:
    /// `{"profiles": {name: {key: value}}, "sso_sessions": {...}}`.
    pub fn to_vector_json(&self) -> serde_json::Value {
        fn flatten(map: &BTreeMap<String, Section>) -> serde_json::Value {
            map.iter()
                .map(|(name, s)| {
                    let props: serde_json::Map<String, serde_json::Value> = s
                        .properties
                        .iter()
                        .map(|(k, p)| (k.clone(), p.value.clone().into()))
                        .collect();
                    (name.clone(), serde_json::Value::Object(props))
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        }
        serde_json::json!({
            "profiles": flatten(&self.profiles),
            "sso_sessions": flatten(&self.sso_sessions),
        })
    }
}

/// Parsed files, normalized on demand: looking up one profile in a large file costs a parse and a
/// scan of the headers, not the building of every profile.
#[derive(Debug)]
pub struct ParsedFiles<'a> {
    files: Vec<(&'a Path, FileKind, RawFile<'a>)>,
}

impl<'a> ParsedFiles<'a> {
    /// Wraps files parsed in reading order (config before credentials).
    pub fn new(files: Vec<(&'a Path, FileKind, RawFile<'a>)>) -> Self {
        ParsedFiles { files }
    }

    /// Profile `name` merged across files (credentials win), or `None` when no file defines it.
    pub fn profile(&self, name: &str) -> Option<Section> {
        let mut section: Option<Section> = None;
        let mut ignored = Vec::new();
        for (path, kind, raw) in &self.files {
            for s in sections_for_profile(raw, *kind, name) {
                section.get_or_insert_with(Section::default).merge(
                    &raw.properties(s),
                    path,
                    &mut ignored,
                );
            }
        }
        section
    }

    /// The `[sso-session name]` section merged across files, if any file defines it.
    pub fn sso_session(&self, name: &str) -> Option<Section> {
        self.merged(name, |id| id == SectionId::SsoSession(name))
    }

    /// The `[services name]` section merged across files, if any file defines it.
    pub fn services(&self, name: &str) -> Option<Section> {
        self.merged(name, |id| id == SectionId::Services(name))
    }

    /// The sections named `name` that `wanted` accepts, merged across files in reading order.
    fn merged(&self, name: &str, wanted: impl Fn(SectionId<'_>) -> bool) -> Option<Section> {
        let mut section: Option<Section> = None;
        let mut ignored = Vec::new();
        for (path, kind, raw) in &self.files {
            for s in &raw.sections {
                // The cheap test first (a name is the tail of its trimmed header).
                if trim_ws(s.header).ends_with(name) && wanted(classify(s.header, *kind)) {
                    section.get_or_insert_with(Section::default).merge(
                        &raw.properties(s),
                        path,
                        &mut ignored,
                    );
                }
            }
        }
        section
    }

    /// Whether any file defines at least one profile.
    pub fn has_profiles(&self) -> bool {
        self.files.iter().any(|(_, kind, raw)| {
            raw.sections
                .iter()
                .any(|s| matches!(classify(s.header, *kind), SectionId::Profile(_)))
        })
    }

    /// Every profile name with the files that define it, in reading order.
    pub fn profile_files(&self) -> BTreeMap<String, Vec<PathBuf>> {
        let mut out: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        for (path, kind, raw) in &self.files {
            let skip_bare_default = *kind == FileKind::Config && has_prefixed_default(raw);
            for s in &raw.sections {
                if let SectionId::Profile(name) = classify(s.header, *kind) {
                    if skip_bare_default && is_bare_default(s.header) {
                        continue;
                    }
                    let files = out.entry(name.to_string()).or_default();
                    if files.last().map(PathBuf::as_path) != Some(*path) {
                        files.push(path.to_path_buf());
                    }
                }
            }
        }
        out
    }

    /// The whole normalized view, with warnings.
    pub fn to_set(&self) -> ProfileSet {
        let mut set = ProfileSet::default();
        for (path, kind, raw) in &self.files {
            set.add_file(raw, *kind, path);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::parse::parse;

    fn view(config: &str, credentials: &str) -> ProfileSet {
        let mut set = ProfileSet::default();
        for (text, kind, path) in [
            (config, FileKind::Config, "config"),
            (credentials, FileKind::Credentials, "credentials"),
        ] {
            let raw = parse(text, Path::new(path)).unwrap();
            set.add_file(&raw, kind, Path::new(path));
        }
        set
    }

    #[test]
    fn classify_by_dialect() {
        assert_eq!(
            classify("profile a", FileKind::Config),
            SectionId::Profile("a")
        );
        assert_eq!(
            classify(" profile \t a ", FileKind::Config),
            SectionId::Profile("a")
        );
        assert_eq!(
            classify("default", FileKind::Config),
            SectionId::Profile("default")
        );
        assert!(matches!(
            classify("a", FileKind::Config),
            SectionId::Ignored(_)
        ));
        assert_eq!(
            classify("a", FileKind::Credentials),
            SectionId::Profile("a")
        );
        assert!(matches!(
            classify("profile a", FileKind::Credentials),
            SectionId::Ignored(_)
        ));
        assert_eq!(
            classify("sso-session s", FileKind::Config),
            SectionId::SsoSession("s")
        );
        assert_eq!(
            classify("services x", FileKind::Config),
            SectionId::Services("x")
        );
        assert_eq!(classify("plugins x", FileKind::Config), SectionId::Other);
        assert!(matches!(
            classify("profile a b", FileKind::Config),
            SectionId::Ignored(_)
        ));
    }

    #[test]
    fn values_remember_file_and_line() {
        let v = view(
            "[profile a]\nregion = eu-west-1\n",
            "\n[a]\naws_access_key_id = K\n",
        );
        let a = &v.profiles["a"];
        assert_eq!(a.properties["region"].line, 2);
        assert_eq!(a.properties["aws_access_key_id"].line, 3);
        assert_eq!(
            a.properties["aws_access_key_id"].file,
            PathBuf::from("credentials")
        );
        assert_eq!(
            a.files,
            vec![PathBuf::from("config"), PathBuf::from("credentials")]
        );
    }

    #[test]
    fn skipped_sections_warn_with_location() {
        let v = view("[a]\nx = 1\n[profile b c]\n", "");
        assert!(v.profiles.is_empty());
        assert_eq!(v.warnings.len(), 2);
        assert!(v.warnings[0].starts_with("config:1:"), "{:?}", v.warnings);
        assert!(v.warnings[1].starts_with("config:3:"), "{:?}", v.warnings);
    }
}
