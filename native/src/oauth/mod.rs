//! The OAuth 2.0 pieces that the console sign-in and IAM Identity Center flows share: PKCE and
//! state values, the loopback redirect listener, the token cache files, and base64url.

pub mod cachefile;
pub mod loopback;
pub mod pkce;

/// base64url without padding (JWTs, PKCE challenges, JWK coordinates).
pub fn b64url(bytes: &[u8]) -> String {
    base64_simd::URL_SAFE_NO_PAD.encode_to_string(bytes)
}

/// Decodes base64url with or without padding.
pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    base64_simd::URL_SAFE_NO_PAD
        .decode_to_vec(text.trim_end_matches('='))
        .ok()
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn query_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes a percent-encoded query component (`+` is a space, as forms send it).
pub fn query_unescape(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `name=value` pairs of a query string, decoded.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (query_unescape(k), query_unescape(v))
        })
        .collect()
}

/// A random UUID version 4, as text (OAuth state values, DPoP `jti`).
pub fn uuid4() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_round_trip() {
        let v = "a b/c?d=e&f%~";
        let q = format!("x={}&y=", query_escape(v));
        assert_eq!(
            query_pairs(&q),
            vec![("x".into(), v.into()), ("y".into(), String::new())]
        );
        assert_eq!(query_unescape("%zz%4"), "%zz%4");
        assert_eq!(b64url_decode(&b64url(b"\xff\x00a")).unwrap(), b"\xff\x00a");
    }
}
