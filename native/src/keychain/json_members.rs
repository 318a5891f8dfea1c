//! Where the members of a JSON document's top-level object stand in its text, so one member can be
//! cut out of a file that other programs own (the .NET SDK store) with every other byte kept: no
//! reordering, no re-indenting. The text must already be valid JSON (callers parse it first); on
//! anything else this answers an error, never a panic.

/// One member of the top-level object: its decoded key, where its key's opening quote stands and
/// where its value ends (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub key: String,
    pub key_start: usize,
    pub value_end: usize,
}

/// The top-level object's opening brace and its members, in the order of the text.
pub fn top_level(text: &str) -> Option<(usize, Vec<Member>)> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let open = i;
    i = skip_ws(b, i + 1);
    let mut members = Vec::new();
    if b.get(i) == Some(&b'}') {
        return Some((open, members));
    }
    loop {
        let key_start = i;
        let key_end = skip_string(b, i)?;
        let key: String = serde_json::from_str(text.get(key_start..key_end)?).ok()?;
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        let value_end = skip_value(b, i)?;
        members.push(Member {
            key,
            key_start,
            value_end,
        });
        i = skip_ws(b, value_end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => return Some((open, members)),
            _ => return None,
        }
    }
}

/// `text` without every top-level member `key` (a duplicate key would otherwise come back to life
/// as the value a JSON reader keeps) and the commas that joined them; None when the text has no
/// such member or is not an object.
pub fn without_member(text: &str, key: &str) -> Option<String> {
    let mut out = without_last(text, key)?;
    while let Some(next) = without_last(&out, key) {
        out = next;
    }
    Some(out)
}

/// `text` without the last top-level member `key` and its comma.
fn without_last(text: &str, key: &str) -> Option<String> {
    let (open, members) = top_level(text)?;
    let at = members.iter().rposition(|m| m.key == key)?;
    let (from, to) = match (members.get(at + 1), at.checked_sub(1)) {
        // Up to the next member's key: that member takes this one's place and indentation.
        (Some(next), _) => (members[at].key_start, next.key_start),
        // The last one: from the end of the previous value, so its comma goes too.
        (None, Some(prev)) => (members[prev].value_end, members[at].value_end),
        // The only one: the object keeps its closing layout.
        (None, None) => (open + 1, members[at].value_end),
    };
    Some(format!("{}{}", &text[..from], &text[to..]))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// From an opening quote to just after the closing one.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i + 1;
    loop {
        match b.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// From the first byte of a value to just after it.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while !matches!(
                b.get(j),
                None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            ) {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\r\n  \"a\" : {\"x\": [1, {\"}\": \"]\"}], \"q\\\"\": null},\r\n  \"b\\u0041\": \"s,}\",\r\n  \"c\": 12.5e3\r\n}\r\n";

    #[test]
    fn members_are_found_with_their_spans() {
        let (open, m) = top_level(DOC).unwrap();
        assert_eq!(open, 0);
        let keys: Vec<_> = m.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["a", "bA", "c"]);
        assert_eq!(&DOC[m[2].key_start..m[2].value_end], "\"c\": 12.5e3");
    }

    #[test]
    fn removal_keeps_every_other_byte() {
        assert_eq!(
            without_member(DOC, "a").unwrap(),
            "{\r\n  \"b\\u0041\": \"s,}\",\r\n  \"c\": 12.5e3\r\n}\r\n"
        );
        assert_eq!(
            without_member(DOC, "bA").unwrap(),
            "{\r\n  \"a\" : {\"x\": [1, {\"}\": \"]\"}], \"q\\\"\": null},\r\n  \"c\": 12.5e3\r\n}\r\n"
        );
        assert_eq!(
            without_member(DOC, "c").unwrap(),
            "{\r\n  \"a\" : {\"x\": [1, {\"}\": \"]\"}], \"q\\\"\": null},\r\n  \"b\\u0041\": \"s,}\"\r\n}\r\n"
        );
        assert_eq!(without_member("{ \"k\": 1 }", "k").unwrap(), "{ }");
        // Every duplicate goes, or the earlier value would become the one readers keep.
        assert_eq!(
            without_member("{\"k\": 1, \"j\": 2, \"k\": 3}", "k").unwrap(),
            "{\"j\": 2}"
        );
        for doc in [DOC, "{ \"k\": 1 }"] {
            for key in ["a", "bA", "c", "k"] {
                if let Some(out) = without_member(doc, key) {
                    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                    assert!(v.get(key).is_none());
                }
            }
        }
    }

    #[test]
    fn anything_else_is_none_not_a_panic() {
        for bad in [
            "",
            "[]",
            "{",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\":1,",
            "{\"a\" 1}",
            "\"x\"",
            "{\"a\":\"unterminated}",
            "{\"a\":{\"b\":[}",
            "{\"\\",
        ] {
            assert_eq!(without_member(bad, "a"), None, "{bad:?}");
        }
        assert_eq!(without_member("{}", "a"), None);
        assert_eq!(without_member(DOC, "missing"), None);
    }
}
