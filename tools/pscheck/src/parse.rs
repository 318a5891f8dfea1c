//! Parsing PowerShell with the tree-sitter grammar, and small helpers over its nodes.

use tree_sitter::{Node, Parser, Tree};

use crate::error::Error;

/// A parser set up for PowerShell.
pub fn parser() -> Result<Parser, Error> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_powershell::LANGUAGE.into())?;
    Ok(parser)
}

/// Parses `text`; `None` only if tree-sitter gives up, which it does not without a timeout.
pub fn parse(parser: &mut Parser, text: &str) -> Option<Tree> {
    parser.parse(text, None)
}

/// Parses a snippet with a fresh parser (tests and one-off use).
pub fn parse_str(text: &str) -> Tree {
    let mut p = parser().expect("grammar loads");
    parse(&mut p, text).expect("tree-sitter returns a tree")
}

/// The first ERROR or MISSING node in document order, if the tree has any.
pub fn first_problem(node: Node<'_>) -> Option<Node<'_>> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    if !node.has_error() {
        return None;
    }
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).find_map(first_problem);
    found
}

/// The source text of a node.
pub fn text<'s>(node: Node<'_>, src: &'s str) -> &'s str {
    &src[node.byte_range()]
}

/// The 1-based line a node starts on.
pub fn line(node: Node<'_>) -> usize {
    node.start_position().row + 1
}

/// The 1-based character (not byte) column of a byte offset.
pub fn char_column(src: &str, byte: usize) -> usize {
    let line_start = src[..byte].rfind('\n').map_or(0, |i| i + 1);
    src[line_start..byte].chars().count() + 1
}

/// The 1-based line of a byte offset.
pub fn line_of_byte(src: &str, byte: usize) -> usize {
    src.as_bytes()[..byte]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Named children of `node` with the given kind.
pub fn children_of_kind<'t>(node: Node<'t>, kind: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    let found = node
        .named_children(&mut cursor)
        .filter(|c| c.kind() == kind)
        .collect();
    found
}

/// The first named child of `node` with the given kind.
pub fn child_of_kind<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    children_of_kind(node, kind).into_iter().next()
}

/// Every node of `kind` under `node` (including itself), in document order.
pub fn descendants_of_kind<'t>(node: Node<'t>, kind: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    collect(node, kind, &mut out);
    out
}

fn collect<'t>(node: Node<'t>, kind: &str, out: &mut Vec<Node<'t>>) {
    if node.kind() == kind {
        out.push(node);
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect(child, kind, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_code_has_no_problem() {
        let tree = parse_str("function Get-X {\n    param($a)\n    $a\n}\n");
        assert!(first_problem(tree.root_node()).is_none());
    }

    #[test]
    fn unclosed_brace_is_a_problem() {
        let tree = parse_str("function Get-X {\n  if ($a) {\n");
        assert!(first_problem(tree.root_node()).is_some());
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(char_column("ab\néé x", "ab\néé ".len()), 4);
        assert_eq!(line_of_byte("a\nb\nc", 4), 3);
    }
}
