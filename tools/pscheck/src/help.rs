//! Check 4: every public function has comment-based help with non-empty .SYNOPSIS, .DESCRIPTION,
//! at least one .EXAMPLE, and a .PARAMETER entry for each parameter of its param() block.

use crate::ast::{self, FunctionDef};
use crate::finding::Finding;
use crate::repo::{Repo, PUBLIC_DIR};

/// Keywords of comment-based help (about_Comment_Based_Help); other `.words` are plain text.
const KEYWORDS: &[&str] = &[
    "SYNOPSIS",
    "DESCRIPTION",
    "PARAMETER",
    "EXAMPLE",
    "INPUTS",
    "OUTPUTS",
    "NOTES",
    "LINK",
    "COMPONENT",
    "ROLE",
    "FUNCTIONALITY",
    "FORWARDHELPTARGETNAME",
    "FORWARDHELPCATEGORY",
    "REMOTEHELPRUNSPACE",
    "EXTERNALHELP",
];

/// One `.KEYWORD [argument]` section of a help comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Upper-cased keyword without the dot.
    pub keyword: String,
    /// Text after the keyword on its line (the parameter name for .PARAMETER).
    pub argument: String,
    /// The lines up to the next keyword, trimmed.
    pub text: String,
    pub line: usize,
}

/// Splits a `<# ... #>` comment into sections; `first_line` is the comment's line in the file.
pub fn parse_help(comment: &str, first_line: usize) -> Vec<Section> {
    let body = comment.trim_start_matches("<#");
    let body = body.strip_suffix("#>").unwrap_or(body);
    let mut sections: Vec<Section> = Vec::new();
    for (n, raw) in body.lines().enumerate() {
        let trimmed = raw.trim();
        let keyword = trimmed.strip_prefix('.').and_then(|rest| {
            let (word, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let upper = word.to_ascii_uppercase();
            KEYWORDS
                .contains(&upper.as_str())
                .then(|| (upper, arg.trim().to_string()))
        });
        match keyword {
            Some((keyword, argument)) => sections.push(Section {
                keyword,
                argument,
                text: String::new(),
                line: first_line + n,
            }),
            None => {
                if let Some(section) = sections.last_mut() {
                    if !section.text.is_empty() || !trimmed.is_empty() {
                        section.text.push_str(trimmed);
                        section.text.push('\n');
                    }
                }
            }
        }
    }
    for s in &mut sections {
        s.text = s.text.trim().to_string();
    }
    sections
}

/// Help findings for every clean file in module/Public.
pub fn check(repo: &Repo) -> Vec<Finding> {
    let mut findings = Vec::new();
    for file in repo.scripts_in(PUBLIC_DIR).filter(|f| f.is_clean()) {
        for def in ast::top_level_functions(&file.tree, &file.text) {
            findings.extend(
                check_function(&def)
                    .into_iter()
                    .map(|(line, message)| Finding::new(&file.rel, line, message)),
            );
        }
    }
    findings
}

/// Help problems of one function as (line, message).
pub fn check_function(def: &FunctionDef) -> Vec<(usize, String)> {
    let name = &def.name;
    let Some(help) = &def.help else {
        return vec![(def.line, format!("{name} has no comment-based help (<# .SYNOPSIS ... #> before the function or first in its body)"))];
    };
    let sections = parse_help(&help.text, help.line);
    let mut out = Vec::new();
    for keyword in ["SYNOPSIS", "DESCRIPTION", "EXAMPLE"] {
        let found: Vec<&Section> = sections.iter().filter(|s| s.keyword == keyword).collect();
        if found.is_empty() {
            out.push((help.line, format!("help of {name} lacks .{keyword}")));
        }
        for s in found.into_iter().filter(|s| s.text.is_empty()) {
            out.push((s.line, format!("help of {name} has an empty .{keyword}")));
        }
    }
    let documented: Vec<&Section> = sections
        .iter()
        .filter(|s| s.keyword == "PARAMETER")
        .collect();
    let params = def
        .param_block
        .as_ref()
        .map(|pb| pb.params.as_slice())
        .unwrap_or_default();
    for param in params {
        match documented
            .iter()
            .find(|s| s.argument.eq_ignore_ascii_case(&param.name))
        {
            None => out.push((
                param.line,
                format!("help of {name} has no .PARAMETER {}", param.name),
            )),
            Some(s) if s.text.is_empty() => out.push((
                s.line,
                format!("help of {name} has an empty .PARAMETER {}", param.name),
            )),
            Some(_) => {}
        }
    }
    for s in documented {
        if !params
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&s.argument))
        {
            out.push((
                s.line,
                format!(
                    "help of {name} documents .PARAMETER {}, which is not a parameter",
                    s.argument
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"function Get-AWSCredential {
    <#
    .SYNOPSIS
    Returns the keys of a profile.

    .DESCRIPTION
    Reads the shared files.

    .PARAMETER ProfileName
    The profile to read.

    .PARAMETER ProfileLocation
    A credentials file to use instead of the shared files.

    .EXAMPLE
    Get-AWSCredential -ProfileName dev

    Returns the keys of the dev profile.
    #>
    [CmdletBinding()]
    param(
        [string] $ProfileName,
        [string] $ProfileLocation
    )
}
"#;

    fn findings(src: &str) -> Vec<String> {
        let repo = Repo::from_sources(&[("module/Public/Get-AWSCredential.ps1", src)], None, None);
        check(&repo).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn complete_help_passes() {
        assert_eq!(findings(GOOD), Vec::<String>::new());
    }

    #[test]
    fn help_before_the_function_passes() {
        let (head, rest) = GOOD.split_once("    <#").unwrap();
        let (help, tail) = rest.split_once("#>\n").unwrap();
        let moved = format!("<#{help}#>\n{head}{tail}");
        assert_eq!(findings(&moved), Vec::<String>::new());
    }

    #[test]
    fn missing_example_is_flagged() {
        let src = GOOD.replace("    .EXAMPLE\n    Get-AWSCredential -ProfileName dev\n\n    Returns the keys of the dev profile.\n", "");
        assert_eq!(
            findings(&src),
            ["module/Public/Get-AWSCredential.ps1:2: help of Get-AWSCredential lacks .EXAMPLE"]
        );
    }

    #[test]
    fn empty_synopsis_is_flagged() {
        let src = GOOD.replace("Returns the keys of a profile.", "");
        assert_eq!(findings(&src), ["module/Public/Get-AWSCredential.ps1:3: help of Get-AWSCredential has an empty .SYNOPSIS"]);
    }

    #[test]
    fn missing_description_is_flagged() {
        let src = GOOD.replace(".DESCRIPTION", ".NOTES");
        assert_eq!(findings(&src).len(), 1);
        assert!(findings(&src)[0].ends_with("lacks .DESCRIPTION"));
    }

    #[test]
    fn undocumented_parameter_is_flagged() {
        let src = GOOD.replace(
            "        [string] $ProfileLocation\n",
            "        [string] $ProfileLocation,\n        [switch] $Force\n",
        );
        assert_eq!(findings(&src), ["module/Public/Get-AWSCredential.ps1:24: help of Get-AWSCredential has no .PARAMETER Force"]);
    }

    #[test]
    fn stale_parameter_help_is_flagged() {
        let src = GOOD.replace(",\n        [string] $ProfileLocation", "");
        assert_eq!(findings(&src), ["module/Public/Get-AWSCredential.ps1:12: help of Get-AWSCredential documents .PARAMETER ProfileLocation, which is not a parameter"]);
    }

    #[test]
    fn missing_help_is_flagged() {
        let src = "function Get-AWSCredential {\n    [CmdletBinding()]\n    param()\n}\n";
        assert_eq!(findings(src), ["module/Public/Get-AWSCredential.ps1:1: Get-AWSCredential has no comment-based help (<# .SYNOPSIS ... #> before the function or first in its body)"]);
    }

    #[test]
    fn sections_are_split_on_keywords_only() {
        let s = parse_help(
            "<#\n.synopsis\nS\n.EXAMPLE\n.\\build.ps1 -Task Test\n#>",
            10,
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].keyword, "SYNOPSIS");
        assert_eq!(s[0].line, 11);
        assert_eq!(s[1].text, ".\\build.ps1 -Task Test");
    }
}
