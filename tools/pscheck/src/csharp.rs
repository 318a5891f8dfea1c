//! `[DllImport]` declarations from module/Private/NativeMethods.cs: a tokenizer that skips
//! comments and strings, then reads each DllImport attribute and the extern method after it.

/// One parameter of an extern method, with its C# type in canonical spelling (`byte[]`, `uint`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsParam {
    /// `out`, `ref` or `in`, if written.
    pub modifier: Option<String>,
    pub ty: String,
    pub name: String,
}

impl CsParam {
    /// The type as compared with the header mapping: `out IntPtr`, `byte[]`, ...
    pub fn signature(&self) -> String {
        match &self.modifier {
            Some(m) => format!("{m} {}", self.ty),
            None => self.ty.clone(),
        }
    }
}

/// A `[DllImport(...)] <modifiers> extern <ret> <name>(<params>);` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DllImport {
    /// Line of the method name.
    pub line: usize,
    pub name: String,
    /// `EntryPoint = "..."`, when the C symbol differs from the method name.
    pub entry_point: Option<String>,
    /// The `CallingConvention = ...` value as written, e.g. `CallingConvention.Cdecl`.
    pub calling_convention: Option<String>,
    pub modifiers: Vec<String>,
    pub ret: String,
    pub params: Vec<CsParam>,
}

impl DllImport {
    /// The C function this declaration binds to.
    pub fn symbol(&self) -> &str {
        self.entry_point.as_deref().unwrap_or(&self.name)
    }
}

/// A DllImport that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsError {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Punct(char),
    Str(String),
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

const METHOD_MODIFIERS: &[&str] = &[
    "public",
    "private",
    "internal",
    "protected",
    "static",
    "extern",
    "unsafe",
    "new",
];

/// Every DllImport declaration in the file, in order.
pub fn parse_dll_imports(text: &str) -> Result<Vec<DllImport>, CsError> {
    let tokens = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].tok != Tok::Punct('[') {
            i += 1;
            continue;
        }
        let close = matching(&tokens, i, '[', ']').ok_or_else(|| CsError {
            line: tokens[i].line,
            message: "unbalanced `[`".into(),
        })?;
        let attrs = &tokens[i + 1..close];
        let Some(dll_import) = split_top(attrs, ',').into_iter().find(|a| is_dll_import(a)) else {
            i = close + 1;
            continue;
        };
        let (entry_point, calling_convention) = dll_import_args(dll_import);
        // Further attribute lists, e.g. `[return: MarshalAs(UnmanagedType.U4)]`.
        let mut j = close + 1;
        while j < tokens.len() && tokens[j].tok == Tok::Punct('[') {
            j = matching(&tokens, j, '[', ']').map_or(tokens.len(), |k| k + 1);
        }
        let end = tokens[j..]
            .iter()
            .position(|t| matches!(t.tok, Tok::Punct(';') | Tok::Punct('{')))
            .map(|k| j + k)
            .ok_or_else(|| CsError {
                line: tokens[i].line,
                message: "DllImport is not followed by a method declaration".into(),
            })?;
        let import = method(
            &tokens[j..end],
            entry_point,
            calling_convention,
            tokens[i].line,
        )?;
        if tokens[end].tok == Tok::Punct('{') {
            return Err(CsError {
                line: import.line,
                message: format!(
                    "{} has a body; a DllImport method ends with `;`",
                    import.name
                ),
            });
        }
        out.push(import);
        i = end + 1;
    }
    Ok(out)
}

fn is_dll_import(attr: &[Token]) -> bool {
    let name: Vec<&str> = attr
        .iter()
        .take_while(|t| t.tok != Tok::Punct('('))
        .filter_map(|t| match &t.tok {
            Tok::Ident(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    matches!(
        name.last(),
        Some(&"DllImport") | Some(&"DllImportAttribute")
    )
}

/// `EntryPoint` and `CallingConvention` of a DllImport attribute.
fn dll_import_args(attr: &[Token]) -> (Option<String>, Option<String>) {
    let Some(open) = attr.iter().position(|t| t.tok == Tok::Punct('(')) else {
        return (None, None);
    };
    let close = matching(attr, open, '(', ')').unwrap_or(attr.len());
    let mut entry_point = None;
    let mut calling_convention = None;
    for arg in split_top(&attr[open + 1..close], ',') {
        let [key, eq, value @ ..] = arg else {
            continue;
        };
        if eq.tok != Tok::Punct('=') {
            continue;
        }
        match (&key.tok, value) {
            (
                Tok::Ident(k),
                [Token {
                    tok: Tok::Str(s), ..
                }],
            ) if k == "EntryPoint" => {
                entry_point = Some(s.clone());
            }
            (Tok::Ident(k), _) if k == "CallingConvention" => {
                calling_convention = Some(join(value, ""));
            }
            _ => {}
        }
    }
    (entry_point, calling_convention)
}

fn method(
    decl: &[Token],
    entry_point: Option<String>,
    calling_convention: Option<String>,
    attr_line: usize,
) -> Result<DllImport, CsError> {
    let err = |line: usize, message: String| CsError { line, message };
    let open = decl
        .iter()
        .position(|t| t.tok == Tok::Punct('('))
        .ok_or_else(|| {
            err(
                attr_line,
                "DllImport is not followed by a method declaration".into(),
            )
        })?;
    let close = matching(decl, open, '(', ')')
        .ok_or_else(|| err(attr_line, "unbalanced `(` in the method declaration".into()))?;
    let (name, line) = match open.checked_sub(1).map(|k| &decl[k]) {
        Some(Token {
            tok: Tok::Ident(n),
            line,
        }) => (n.clone(), *line),
        _ => {
            return Err(err(
                attr_line,
                "cannot find the method name before `(`".into(),
            ))
        }
    };
    let head = &decl[..open - 1];
    let modifiers: Vec<String> = head
        .iter()
        .map_while(|t| match &t.tok {
            Tok::Ident(w) if METHOD_MODIFIERS.contains(&w.as_str()) => Some(w.clone()),
            _ => None,
        })
        .collect();
    let ret = canonical_type(&head[modifiers.len()..]);
    if ret.is_empty() {
        return Err(err(line, format!("{name}: no return type")));
    }
    let mut params = Vec::new();
    let inner = &decl[open + 1..close];
    if !inner.is_empty() {
        for (n, part) in split_top(inner, ',').into_iter().enumerate() {
            params.push(param(part).ok_or_else(|| {
                err(
                    line,
                    format!(
                        "{name}: cannot read parameter {} `{}`",
                        n + 1,
                        join(part, " ")
                    ),
                )
            })?);
        }
    }
    Ok(DllImport {
        line,
        name,
        entry_point,
        calling_convention,
        modifiers,
        ret,
        params,
    })
}

fn param(tokens: &[Token]) -> Option<CsParam> {
    let mut rest = tokens;
    // Parameter attributes such as [In] or [MarshalAs(UnmanagedType.LPArray)].
    while rest.first().map(|t| &t.tok) == Some(&Tok::Punct('[')) {
        rest = &rest[matching(rest, 0, '[', ']')? + 1..];
    }
    let modifier = match rest.first().map(|t| &t.tok) {
        Some(Tok::Ident(w)) if ["out", "ref", "in"].contains(&w.as_str()) => {
            let m = w.clone();
            rest = &rest[1..];
            Some(m)
        }
        _ => None,
    };
    let (last, ty) = rest.split_last()?;
    let Tok::Ident(name) = &last.tok else {
        return None;
    };
    let ty = canonical_type(ty);
    (!ty.is_empty()).then(|| CsParam {
        modifier,
        ty,
        name: name.clone(),
    })
}

/// `System.UInt32` -> `uint`, `Byte [ ]` -> `byte[]`, `System.IntPtr` -> `IntPtr`.
fn canonical_type(tokens: &[Token]) -> String {
    let joined = join(tokens, "");
    let bare = joined.strip_prefix("System.").unwrap_or(&joined);
    let (base, suffix) = match bare.find('[') {
        Some(k) => bare.split_at(k),
        None => (bare, ""),
    };
    let base = match base {
        "UInt32" => "uint",
        "Int32" => "int",
        "Byte" => "byte",
        "Void" => "void",
        "UInt64" => "ulong",
        "Int64" => "long",
        other => other,
    };
    format!("{base}{suffix}")
}

fn join(tokens: &[Token], sep: &str) -> String {
    tokens
        .iter()
        .map(|t| match &t.tok {
            Tok::Ident(w) => w.clone(),
            Tok::Punct(c) => c.to_string(),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Other => "?".into(),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

fn matching(tokens: &[Token], open: usize, o: char, c: char) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        if t.tok == Tok::Punct(o) {
            depth += 1;
        } else if t.tok == Tok::Punct(c) {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(k);
            }
        }
    }
    None
}

/// Splits at `sep` outside any (), [] or {}.
fn split_top(tokens: &[Token], sep: char) -> Vec<&[Token]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (k, t) in tokens.iter().enumerate() {
        match t.tok {
            Tok::Punct('(') | Tok::Punct('[') | Tok::Punct('{') => depth += 1,
            Tok::Punct(')') | Tok::Punct(']') | Tok::Punct('}') => depth = depth.saturating_sub(1),
            Tok::Punct(c) if c == sep && depth == 0 => {
                parts.push(&tokens[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&tokens[start..]);
    parts
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += 2;
        } else if c == '#' {
            // Preprocessor directive (#if, #region): to the end of the line.
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '@' && chars.get(i + 1) == Some(&'"') {
            let start_line = line;
            let mut s = String::new();
            i += 2;
            while i < chars.len() {
                if chars[i] == '"' && chars.get(i + 1) == Some(&'"') {
                    s.push('"');
                    i += 2;
                } else if chars[i] == '"' {
                    break;
                } else {
                    line += usize::from(chars[i] == '\n');
                    s.push(chars[i]);
                    i += 1;
                }
            }
            i += 1;
            tokens.push(Token {
                tok: Tok::Str(s),
                line: start_line,
            });
        } else if c == '"' || c == '\'' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != c && chars[i] != '\n' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    s.push(ch);
                }
                i += 1;
            }
            i += 1;
            tokens.push(Token {
                tok: Tok::Str(s),
                line,
            });
        } else if c.is_alphabetic() || c == '_' || c == '@' {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(Token {
                tok: Tok::Ident(word.trim_start_matches('@').to_string()),
                line,
            });
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            tokens.push(Token {
                tok: Tok::Other,
                line,
            });
        } else {
            tokens.push(Token {
                tok: Tok::Punct(c),
                line,
            });
            i += 1;
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"using System;
using System.Runtime.InteropServices;

namespace AwsCredentialManager
{
    // [DllImport("commented out")] public static extern void nope();
    public static class NativeMethods
    {
        private const string Library = "__AWSCRED_LIBRARY__";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern uint awscred_abi_version();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        public static extern int awscred_set_profile(
            byte[] request,
            UIntPtr requestLen,
            out IntPtr response,
            out UIntPtr responseLen);

        [DllImport(Library, EntryPoint = "awscred_free", CallingConvention = System.Runtime.InteropServices.CallingConvention.Cdecl)]
        internal static extern System.Void Free([In] IntPtr response, System.UIntPtr responseLen);
    }
}
"#;

    #[test]
    fn reads_declarations() {
        let imports = parse_dll_imports(SOURCE).unwrap();
        assert_eq!(imports.len(), 3);
        let v = &imports[0];
        assert_eq!(
            (v.name.as_str(), v.line, v.ret.as_str()),
            ("awscred_abi_version", 12, "uint")
        );
        assert_eq!(v.modifiers, ["public", "static", "extern"]);
        assert_eq!(
            v.calling_convention.as_deref(),
            Some("CallingConvention.Cdecl")
        );
        assert!(v.params.is_empty());
        let set = &imports[1];
        let sigs: Vec<String> = set.params.iter().map(CsParam::signature).collect();
        assert_eq!(sigs, ["byte[]", "UIntPtr", "out IntPtr", "out UIntPtr"]);
        assert_eq!(set.params[3].name, "responseLen");
        let free = &imports[2];
        assert_eq!(free.symbol(), "awscred_free");
        assert_eq!(free.name, "Free");
        assert_eq!(free.ret, "void");
        assert_eq!(free.params[1].ty, "UIntPtr");
        assert_eq!(
            free.calling_convention.as_deref(),
            Some("System.Runtime.InteropServices.CallingConvention.Cdecl")
        );
    }

    #[test]
    fn method_with_a_body_is_an_error() {
        let src = "[DllImport(\"x\")]\npublic static int f() { return 0; }\n";
        assert!(parse_dll_imports(src).is_err());
    }

    #[test]
    fn other_attributes_are_ignored() {
        let src = "[StructLayout(LayoutKind.Sequential)]\nstruct S { }\n[return: MarshalAs(UnmanagedType.U4)]\n";
        assert!(parse_dll_imports(src).unwrap().is_empty());
    }
}
