//! The C# P/Invoke declarations of the PowerShell module (module/src/Native/NativeMethods.cs)
//! and the functions of the generated header (native/include/awscred.h) must match in both
//! directions: the same names, the same number of parameters, and the same return type class.

use std::collections::BTreeMap;
use std::path::Path;

/// `name -> (parameter count, returns void?)` for every `awscred_*` function of the header.
fn header_functions(text: &str) -> BTreeMap<String, (usize, bool)> {
    let mut out = BTreeMap::new();
    // Declarations only: comment lines and preprocessor lines go first.
    let flat: String = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("//")
                || t.starts_with("/*")
                || t.starts_with('*')
                || t.starts_with('#'))
        })
        .collect::<Vec<_>>()
        .join(" ");
    for part in flat.split(';') {
        let Some(open) = part.find("awscred_") else {
            continue;
        };
        let decl = &part[open..];
        let Some(paren) = decl.find('(') else {
            continue;
        };
        let name = decl[..paren].trim().to_string();
        if name.contains(' ') {
            continue;
        }
        let args = decl[paren + 1..].split(')').next().unwrap_or("").trim();
        let count = if args.is_empty() || args == "void" {
            0
        } else {
            args.split(',').count()
        };
        let before = part[..open].split_whitespace().last().unwrap_or("");
        out.insert(name, (count, before == "void"));
    }
    out
}

/// The same for `static extern` declarations in the C# file.
fn csharp_functions(text: &str) -> BTreeMap<String, (usize, bool)> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let Some(at) = line.find("static extern ") else {
            continue;
        };
        let rest = &line[at + "static extern ".len()..];
        let mut words = rest.split_whitespace();
        let ret = words.next().unwrap_or("");
        let Some(open) = rest.find('(') else { continue };
        let name = rest[..open]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        if !name.starts_with("awscred_") {
            continue;
        }
        let args = rest[open + 1..].split(')').next().unwrap_or("").trim();
        let count = if args.is_empty() {
            0
        } else {
            args.split(',').count()
        };
        out.insert(name, (count, ret == "void"));
    }
    out
}

#[test]
fn csharp_declarations_match_the_header() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let header = std::fs::read_to_string(root.join("native/include/awscred.h")).unwrap();
    let csharp = std::fs::read_to_string(root.join("module/src/Native/NativeMethods.cs")).unwrap();
    let h = header_functions(&header);
    let c = csharp_functions(&csharp);
    assert!(h.len() >= 5, "parsed too few header functions: {h:?}");
    for (name, sig) in &h {
        assert_eq!(
            c.get(name),
            Some(sig),
            "{name}: header {sig:?}, C# {:?}",
            c.get(name)
        );
    }
    for name in c.keys() {
        assert!(
            h.contains_key(name),
            "{name} is declared in C# but not in the header"
        );
    }
}
