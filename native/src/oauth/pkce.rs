//! PKCE (RFC 7636, S256): a 64-character verifier and its challenge, as the AWS CLI makes them.

use rand::Rng;
use sha2::{Digest, Sha256};

/// The characters a verifier is drawn from (RFC 7636 "unreserved").
const UNRESERVED: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// A verifier and its S256 challenge.
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

impl Default for Pkce {
    fn default() -> Self {
        Pkce::new()
    }
}

impl Pkce {
    /// A fresh pair from the OS random source.
    pub fn new() -> Pkce {
        let mut rng = rand::rngs::OsRng;
        let verifier: String = (0..64)
            .map(|_| UNRESERVED[rng.gen_range(0..UNRESERVED.len())] as char)
            .collect();
        let challenge = challenge(&verifier);
        Pkce {
            verifier,
            challenge,
        }
    }
}

/// base64url(sha256(verifier)) without padding.
pub fn challenge(verifier: &str) -> String {
    super::b64url(&Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let p = Pkce::new();
        assert_eq!(p.verifier.len(), 64);
        assert!(p.verifier.bytes().all(|b| UNRESERVED.contains(&b)));
        assert_ne!(Pkce::new().verifier, p.verifier);
    }
}
