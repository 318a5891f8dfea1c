//! What the checks need from a PowerShell tree: top-level functions with their help comment,
//! param() block, attributes and parameter names, and the values of string-literal lists.

use tree_sitter::{Node, Tree};

use crate::parse::{self, child_of_kind, children_of_kind, descendants_of_kind};

/// A comment node's text and starting line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub line: usize,
}

/// One argument of an attribute: `Name = value`, a bare `Name` switch, or a positional value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeArg {
    pub name: Option<String>,
    /// Source text of the value expression, if any.
    pub value: Option<String>,
}

/// An attribute such as `[CmdletBinding(SupportsShouldProcess)]` (type constraints excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub name: String,
    pub line: usize,
    pub args: Vec<AttributeArg>,
}

impl Attribute {
    /// True when the attribute is `name` or `nameAttribute`, in any case.
    pub fn is(&self, name: &str) -> bool {
        let own = self.name.rsplit('.').next().unwrap_or(&self.name);
        own.eq_ignore_ascii_case(name) || own.eq_ignore_ascii_case(&format!("{name}Attribute"))
    }

    /// The named argument `name` (any case), if present.
    pub fn arg(&self, name: &str) -> Option<&AttributeArg> {
        self.args.iter().find(|a| {
            a.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }
}

/// A parameter declared in a param() block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Name without the `$`.
    pub name: String,
    pub line: usize,
}

/// A function's `param()` block with the attributes written before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamBlock {
    pub line: usize,
    pub attributes: Vec<Attribute>,
    pub params: Vec<Param>,
}

/// A top-level `function` (or `filter`) statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDef {
    pub name: String,
    pub line: usize,
    /// The `<# ... #>` comment before the function or first in its body, if any.
    pub help: Option<Comment>,
    pub param_block: Option<ParamBlock>,
    /// True for `function Name($a) { }`, which cannot carry `[CmdletBinding()]`.
    pub has_header_params: bool,
}

impl FunctionDef {
    /// The verb of a Verb-Noun name (`Set` for `Set-AWSCredential`).
    pub fn verb(&self) -> &str {
        self.name.split_once('-').map_or("", |(verb, _)| verb)
    }
}

/// The functions defined at the top level of a file, in order.
pub fn top_level_functions(tree: &Tree, src: &str) -> Vec<FunctionDef> {
    let root = tree.root_node();
    let comments = descendants_of_kind(root, "comment");
    let mut statements = children_of_kind(root, "function_statement");
    for list in children_of_kind(root, "statement_list") {
        statements.extend(children_of_kind(list, "function_statement"));
    }
    statements.sort_by_key(|n| n.start_byte());
    statements
        .into_iter()
        .map(|node| function_def(node, src, &comments))
        .collect()
}

fn function_def(node: Node<'_>, src: &str, comments: &[Node<'_>]) -> FunctionDef {
    let name = child_of_kind(node, "function_name")
        .map(|n| parse::text(n, src).to_string())
        .unwrap_or_default();
    let param_block = child_of_kind(node, "script_block")
        .and_then(|sb| child_of_kind(sb, "param_block"))
        .map(|pb| param_block(pb, src));
    FunctionDef {
        name,
        line: parse::line(node),
        help: help_comment(node, src, comments),
        param_block,
        has_header_params: child_of_kind(node, "function_parameter_declaration").is_some(),
    }
}

/// Finds the help comment by position, so it does not matter where the grammar hangs comments:
/// a block comment ending at most one blank line before `function`, or the first token after `{`.
fn help_comment(func: Node<'_>, src: &str, comments: &[Node<'_>]) -> Option<Comment> {
    let start = func.start_byte();
    let before = comments
        .iter()
        .filter(|c| c.end_byte() <= start)
        .max_by_key(|c| c.end_byte())
        .filter(|c| {
            let gap = &src[c.end_byte()..start];
            gap.trim().is_empty() && gap.matches('\n').count() <= 2
        });
    let inside = src[start..func.end_byte()].find('{').and_then(|open| {
        let body = start + open + 1;
        let first = body + (src[body..].len() - src[body..].trim_start().len());
        comments.iter().find(|c| c.start_byte() == first)
    });
    before
        .into_iter()
        .chain(inside)
        .map(|c| Comment {
            text: parse::text(*c, src).to_string(),
            line: parse::line(*c),
        })
        .find(|c| c.text.starts_with("<#"))
}

fn param_block(node: Node<'_>, src: &str) -> ParamBlock {
    let attributes = child_of_kind(node, "attribute_list")
        .map(|list| attributes(list, src))
        .unwrap_or_default();
    let params = child_of_kind(node, "parameter_list")
        .map(|list| {
            children_of_kind(list, "script_parameter")
                .into_iter()
                .filter_map(|p| child_of_kind(p, "variable"))
                .map(|v| Param {
                    name: variable_name(parse::text(v, src)),
                    line: parse::line(v),
                })
                .collect()
        })
        .unwrap_or_default();
    ParamBlock {
        line: parse::line(node),
        attributes,
        params,
    }
}

/// `$Name` or `${Name}` to `Name`.
fn variable_name(text: &str) -> String {
    let bare = text.trim_start_matches('$');
    bare.trim_start_matches('{')
        .trim_end_matches('}')
        .to_string()
}

fn attributes(list: Node<'_>, src: &str) -> Vec<Attribute> {
    children_of_kind(list, "attribute")
        .into_iter()
        .filter_map(|attr| {
            let name = child_of_kind(attr, "attribute_name")?;
            let args = child_of_kind(attr, "attribute_arguments")
                .map(|a| children_of_kind(a, "attribute_argument"))
                .unwrap_or_default()
                .into_iter()
                .map(|arg| attribute_arg(arg, src))
                .collect();
            Some(Attribute {
                name: parse::text(name, src).to_string(),
                line: parse::line(attr),
                args,
            })
        })
        .collect()
}

fn attribute_arg(arg: Node<'_>, src: &str) -> AttributeArg {
    let mut cursor = arg.walk();
    let named: Vec<Node<'_>> = arg.named_children(&mut cursor).collect();
    match named.first() {
        Some(first) if first.kind() == "simple_name" => AttributeArg {
            name: Some(parse::text(*first, src).to_string()),
            value: named.get(1).map(|v| parse::text(*v, src).to_string()),
        },
        _ => AttributeArg {
            name: None,
            value: Some(parse::text(arg, src).to_string()),
        },
    }
}

/// A string literal found in a value, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringItem {
    pub value: String,
    pub line: usize,
}

/// Why a value is not a list of string literals: the first offending node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotLiteral {
    pub text: String,
    pub line: usize,
}

/// Wrapper nodes that the grammar puts around a plain literal, array or comma list.
const TRANSPARENT: &[&str] = &[
    "pipeline",
    "pipeline_chain",
    "logical_expression",
    "bitwise_expression",
    "comparison_expression",
    "additive_expression",
    "multiplicative_expression",
    "format_expression",
    "range_expression",
    "array_literal_expression",
    "unary_expression",
    "array_expression",
    "statement_list",
    "parenthesized_expression",
];

/// The strings of a value made only of string literals: `'a'`, `'a', 'b'`, `@('a'\n'b')`, `@()`.
/// Anything else (`$null`, a variable, a command, string expansion) gives [`NotLiteral`].
pub fn string_list(node: Node<'_>, src: &str) -> Result<Vec<StringItem>, NotLiteral> {
    let mut out = Vec::new();
    collect_strings(node, src, &mut out)?;
    Ok(out)
}

fn collect_strings(node: Node<'_>, src: &str, out: &mut Vec<StringItem>) -> Result<(), NotLiteral> {
    let not_literal = || NotLiteral {
        text: parse::text(node, src).trim().to_string(),
        line: parse::line(node),
    };
    if node.kind() == "comment" {
        return Ok(());
    }
    if !node.is_named() {
        let token = parse::text(node, src).trim();
        return match token {
            "" | "@(" | "(" | ")" | "," | ";" => Ok(()),
            _ => Err(not_literal()),
        };
    }
    if node.kind() == "string_literal" {
        let value = string_literal_value(node, src).ok_or_else(not_literal)?;
        out.push(StringItem {
            value,
            line: parse::line(node),
        });
        return Ok(());
    }
    if !TRANSPARENT.contains(&node.kind()) {
        return Err(not_literal());
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect_strings(child, src, out)?;
    }
    Ok(())
}

/// The value of a constant string literal; `None` for a string that expands variables.
pub fn string_literal_value(node: Node<'_>, src: &str) -> Option<String> {
    let inner = node.named_child(0)?;
    let text = parse::text(inner, src);
    match inner.kind() {
        "verbatim_string_characters" => {
            let body = text.get(1..text.len().checked_sub(1)?)?;
            Some(body.replace("''", "'"))
        }
        "expandable_string_literal" => {
            if inner.named_child_count() > 0 || text.contains('$') || text.contains('`') {
                return None;
            }
            text.get(1..text.len().checked_sub(1)?).map(str::to_string)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn functions(src: &str) -> Vec<FunctionDef> {
        top_level_functions(&parse_str(src), src)
    }

    #[test]
    fn finds_top_level_functions_only() {
        let src = "function Get-A { function Inner {} }\n$x = 1\nfunction Set-B {}\n";
        let names: Vec<String> = functions(src).into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["Get-A", "Set-B"]);
    }

    #[test]
    fn help_before_the_function_is_found() {
        let src = "<#\n.SYNOPSIS\nS\n#>\n\nfunction Get-A {}\n";
        let help = functions(src)[0].help.clone().expect("help");
        assert!(help.text.contains(".SYNOPSIS"));
        assert_eq!(help.line, 1);
    }

    #[test]
    fn help_too_far_before_is_not_help() {
        let src = "<#\n.SYNOPSIS\nS\n#>\n\n\nfunction Get-A {}\n";
        assert_eq!(functions(src)[0].help, None);
    }

    #[test]
    fn help_first_in_the_body_is_found() {
        let src = "function Get-A {\n    <#\n    .SYNOPSIS\n    S\n    #>\n    [CmdletBinding()]\n    param()\n}\n";
        assert!(functions(src)[0].help.is_some());
    }

    #[test]
    fn a_line_comment_is_not_help() {
        let src = "# .SYNOPSIS\nfunction Get-A {\n    # .SYNOPSIS\n    param()\n}\n";
        assert_eq!(functions(src)[0].help, None);
    }

    #[test]
    fn param_block_attributes_and_names() {
        let src = "function Set-A {\n    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]\n    [OutputType([string])]\n    param(\n        [Parameter(Mandatory)]\n        [string] $Name,\n        [switch] ${Force}\n    )\n}\n";
        let f = &functions(src)[0];
        let pb = f.param_block.as_ref().expect("param block");
        let names: Vec<&str> = pb.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Name", "Force"]);
        assert_eq!(pb.attributes.len(), 2);
        let cb = &pb.attributes[0];
        assert!(cb.is("CmdletBinding"));
        assert!(cb.arg("supportsshouldprocess").is_some());
        assert_eq!(
            cb.arg("ConfirmImpact").and_then(|a| a.value.as_deref()),
            Some("'High'")
        );
        assert_eq!(f.verb(), "Set");
        assert!(!f.has_header_params);
    }

    #[test]
    fn header_parameters_are_noticed() {
        assert!(functions("function Get-A($x) { $x }\n")[0].has_header_params);
    }

    fn manifest_value(src: &str) -> Result<Vec<String>, NotLiteral> {
        let tree = parse_str(src);
        let entry = descendants_of_kind(tree.root_node(), "hash_entry")[0];
        let value = entry.named_child(1).expect("value");
        string_list(value, src).map(|v| v.into_iter().map(|s| s.value).collect())
    }

    #[test]
    fn string_lists_in_every_spelling() {
        assert_eq!(manifest_value("@{ F = 'a' }").unwrap(), ["a"]);
        assert_eq!(manifest_value("@{ F = 'a', \"b\" }").unwrap(), ["a", "b"]);
        assert_eq!(
            manifest_value("@{ F = @(\n  'a' # c\n  'it''s',\n  'c'\n) }").unwrap(),
            ["a", "it's", "c"]
        );
        assert!(manifest_value("@{ F = @() }").unwrap().is_empty());
    }

    #[test]
    fn non_literals_are_rejected() {
        assert_eq!(manifest_value("@{ F = $null }").unwrap_err().text, "$null");
        assert!(manifest_value("@{ F = \"$x\" }").is_err());
        assert!(manifest_value("@{ F = 'a' + 'b' }").is_err());
        assert!(manifest_value("@{ F = Get-Names }").is_err());
    }
}
