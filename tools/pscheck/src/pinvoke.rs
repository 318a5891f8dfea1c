//! Check 3: each `[DllImport]` in NativeMethods.cs matches a prototype of awscred.h (name,
//! parameter count, type mapping, Cdecl), and every header function has a declaration.

use crate::cheader::{self, CFunction, CType};
use crate::csharp::{self, DllImport};
use crate::finding::Finding;
use crate::repo::{Repo, HEADER, NATIVE_METHODS};

/// The C# type a C type is declared as; `None` when the ABI has no rule for it.
pub fn csharp_type(ty: &CType, is_return: bool) -> Option<&'static str> {
    let mapped = match (ty.is_const, ty.base.as_str(), ty.pointers) {
        (false, "uint32_t", 0) => "uint",
        (false, "int32_t", 0) => "int",
        (false, "size_t", 0) => "UIntPtr",
        (false, "void", 0) if is_return => "void",
        (true, "uint8_t", 1) => "byte[]",
        (false, "uint8_t", 1) => "IntPtr",
        (false, "uint8_t", 2) => "out IntPtr",
        (false, "size_t", 1) => "out UIntPtr",
        _ => return None,
    };
    Some(mapped)
}

/// Compares NativeMethods.cs with the header.
pub fn check(repo: &Repo) -> Vec<Finding> {
    let mut findings = Vec::new();
    if repo.header.is_none() {
        findings.push(Finding::new(HEADER, 1, "C header is missing"));
    }
    if repo.native_methods.is_none() {
        findings.push(Finding::new(
            NATIVE_METHODS,
            1,
            "P/Invoke declarations are missing",
        ));
    }
    let (Some(header), Some(cs)) = (&repo.header, &repo.native_methods) else {
        return findings;
    };
    let functions = match cheader::parse_header(header) {
        Ok(f) => f,
        Err(e) => {
            findings.push(Finding::new(
                HEADER,
                e.line,
                format!("cannot read prototype: {}", e.message),
            ));
            return findings;
        }
    };
    let imports = match csharp::parse_dll_imports(cs) {
        Ok(i) => i,
        Err(e) => {
            findings.push(Finding::new(NATIVE_METHODS, e.line, e.message));
            return findings;
        }
    };
    // An empty side would make the comparison pass vacuously.
    if functions.is_empty() {
        findings.push(Finding::new(HEADER, 1, "no function prototypes found"));
    }
    if imports.is_empty() {
        findings.push(Finding::new(
            NATIVE_METHODS,
            1,
            "no [DllImport] declarations found",
        ));
    }
    findings.extend(compare(&functions, &imports));
    findings
}

/// Findings for a parsed header and parsed declarations.
pub fn compare(functions: &[CFunction], imports: &[DllImport]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let cs = |line: usize, message: String| Finding::new(NATIVE_METHODS, line, message);
    for import in imports {
        let name = import.symbol();
        for required in ["public", "static", "extern"] {
            if !import.modifiers.iter().any(|m| m == required) {
                findings.push(cs(
                    import.line,
                    format!(
                        "{} must be declared `public static extern` (lacks `{required}`)",
                        import.name
                    ),
                ));
                break;
            }
        }
        let cdecl = import.calling_convention.as_deref().is_some_and(|c| {
            c == "CallingConvention.Cdecl"
                || c == "System.Runtime.InteropServices.CallingConvention.Cdecl"
        });
        if !cdecl {
            findings.push(cs(
                import.line,
                format!(
                    "DllImport of {} must set CallingConvention = CallingConvention.Cdecl",
                    import.name
                ),
            ));
        }
        let Some(func) = functions.iter().find(|f| f.name == name) else {
            findings.push(cs(
                import.line,
                format!("{name} is not declared in {HEADER}"),
            ));
            continue;
        };
        match csharp_type(&func.ret, true) {
            None => findings.push(Finding::new(
                HEADER,
                func.line,
                format!("{name} returns `{}`, which has no C# mapping", func.ret),
            )),
            Some(expected) if expected != import.ret => findings.push(cs(
                import.line,
                format!(
                    "{name} returns `{}` in {HEADER} (C# `{expected}`), declared `{}`",
                    func.ret, import.ret
                ),
            )),
            Some(_) => {}
        }
        if func.params.len() != import.params.len() {
            findings.push(cs(
                import.line,
                format!(
                    "{name} takes {} parameter(s) in {HEADER}, declared with {}",
                    func.params.len(),
                    import.params.len()
                ),
            ));
            continue;
        }
        for (n, (c, p)) in func.params.iter().zip(&import.params).enumerate() {
            let label = c.name.as_deref().unwrap_or(&p.name);
            match csharp_type(&c.ty, false) {
                None => findings.push(Finding::new(HEADER, func.line, format!(
                    "{name} parameter {} ({label}) has C type `{}`, which has no C# mapping",
                    n + 1,
                    c.ty
                ))),
                Some(expected) if expected != p.signature() => findings.push(cs(import.line, format!(
                    "{name} parameter {} ({label}): `{}` in {HEADER} is `{expected}` in C#, declared `{}`",
                    n + 1,
                    c.ty,
                    p.signature()
                ))),
                Some(_) => {}
            }
        }
    }
    for func in functions {
        if !imports.iter().any(|i| i.symbol() == func.name) {
            findings.push(Finding::new(
                HEADER,
                func.line,
                format!(
                    "{} has no [DllImport] declaration in {NATIVE_METHODS}",
                    func.name
                ),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER_TEXT: &str = "#include <stdint.h>\n/** Version. */\nuint32_t awscred_abi_version(void);\n\n/**\n * Sets a profile.\n */\nint32_t awscred_set_profile(const uint8_t *request,\n                            size_t request_len,\n                            uint8_t **response,\n                            size_t *response_len);\n\nvoid awscred_free(uint8_t *response, size_t response_len);\n";

    const CS_TEXT: &str = "public static class NativeMethods {\n    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]\n    public static extern uint awscred_abi_version();\n\n    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]\n    public static extern int awscred_set_profile(byte[] request, UIntPtr requestLen,\n        out IntPtr response, out UIntPtr responseLen);\n\n    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]\n    public static extern void awscred_free(IntPtr response, UIntPtr responseLen);\n}\n";

    fn run(header: &str, cs: &str) -> Vec<String> {
        check(&Repo::from_sources(&[], Some(cs), Some(header)))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn matching_declarations_pass() {
        assert_eq!(run(HEADER_TEXT, CS_TEXT), Vec::<String>::new());
    }

    #[test]
    fn wrong_parameter_type_is_flagged() {
        let cs = CS_TEXT.replace("UIntPtr requestLen", "uint requestLen");
        assert_eq!(
            run(HEADER_TEXT, &cs),
            ["module/Private/NativeMethods.cs:6: awscred_set_profile parameter 2 (request_len): `size_t` in native/include/awscred.h is `UIntPtr` in C#, declared `uint`"]
        );
        let cs = CS_TEXT.replace("out IntPtr response", "IntPtr response");
        assert_eq!(run(HEADER_TEXT, &cs).len(), 1);
    }

    #[test]
    fn wrong_return_type_is_flagged() {
        let cs = CS_TEXT.replace("extern uint", "extern int");
        let f = run(HEADER_TEXT, &cs);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].contains("awscred_abi_version returns `uint32_t`"),
            "{f:?}"
        );
    }

    #[test]
    fn wrong_parameter_count_is_flagged() {
        let cs = CS_TEXT.replace(", UIntPtr responseLen);", ");");
        let f = run(HEADER_TEXT, &cs);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].contains("awscred_free takes 2 parameter(s)"), "{f:?}");
    }

    #[test]
    fn header_function_without_declaration_is_flagged() {
        let header = format!("{HEADER_TEXT}\nint32_t awscred_list_profiles(const uint8_t *request, size_t request_len,\n    uint8_t **response, size_t *response_len);\n");
        assert_eq!(
            run(&header, CS_TEXT),
            ["native/include/awscred.h:15: awscred_list_profiles has no [DllImport] declaration in module/Private/NativeMethods.cs"]
        );
    }

    #[test]
    fn declaration_without_header_function_is_flagged() {
        let cs = CS_TEXT.replace("}\n", "    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]\n    public static extern int awscred_gone();\n}\n");
        let f = run(HEADER_TEXT, &cs);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].contains("awscred_gone is not declared in native/include/awscred.h"),
            "{f:?}"
        );
    }

    #[test]
    fn calling_convention_and_modifiers_are_checked() {
        let cs = CS_TEXT.replacen("Lib, CallingConvention = CallingConvention.Cdecl", "Lib", 1);
        let f = run(HEADER_TEXT, &cs);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].contains(":3: DllImport of awscred_abi_version must set CallingConvention"),
            "{f:?}"
        );
        let cs = CS_TEXT.replace(
            "CallingConvention.Cdecl)]\n    public static extern void",
            "CallingConvention.StdCall)]\n    public static extern void",
        );
        assert_eq!(run(HEADER_TEXT, &cs).len(), 1);
        let cs = CS_TEXT.replace("public static extern uint", "public extern uint");
        assert!(run(HEADER_TEXT, &cs)[0]
            .contains("must be declared `public static extern` (lacks `static`)"));
    }

    #[test]
    fn unmappable_c_type_is_flagged() {
        let header = HEADER_TEXT.replace("size_t response_len)", "uintptr_t response_len)");
        let f = run(&header, CS_TEXT);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].contains("has C type `uintptr_t`, which has no C# mapping"),
            "{f:?}"
        );
    }

    #[test]
    fn missing_files_are_flagged() {
        let f: Vec<String> = check(&Repo::from_sources(&[], None, None))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            f,
            [
                "native/include/awscred.h:1: C header is missing",
                "module/Private/NativeMethods.cs:1: P/Invoke declarations are missing"
            ]
        );
    }

    #[test]
    fn empty_files_are_flagged() {
        let f = run("#pragma once\n", "// nothing yet\n");
        assert_eq!(
            f,
            [
                "native/include/awscred.h:1: no function prototypes found",
                "module/Private/NativeMethods.cs:1: no [DllImport] declarations found"
            ]
        );
    }

    #[test]
    fn mapping_table() {
        let t = |c: bool, b: &str, p: usize| CType {
            is_const: c,
            base: b.into(),
            pointers: p,
        };
        assert_eq!(csharp_type(&t(false, "void", 0), true), Some("void"));
        assert_eq!(csharp_type(&t(false, "void", 0), false), None);
        assert_eq!(csharp_type(&t(true, "uint8_t", 1), false), Some("byte[]"));
        assert_eq!(csharp_type(&t(false, "char", 1), false), None);
    }
}
