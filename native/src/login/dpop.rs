//! DPoP proofs (RFC 9449) for Sign-In's token endpoint: an ES256 JWT over the request's method and
//! URL, signed by the P-256 key the login created and the cache keeps (`dpopKey`, SEC1 PEM).

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::DecodePrivateKey;
use p256::SecretKey;
use serde_json::json;

use crate::error::{Error, Result};
use crate::oauth::{b64url, uuid4};

/// A fresh P-256 key for one login.
pub fn new_key() -> SecretKey {
    SecretKey::random(&mut rand::rngs::OsRng)
}

/// The key as the AWS CLI writes it (cryptography's TraditionalOpenSSL): SEC1 `EC PRIVATE KEY`
/// PEM with the named curve and the public key, base64 wrapped at 64 columns, LF endings.
/// (p256's own SEC1 encoder leaves the curve out, and OpenSSL, hence botocore, refuses that.)
pub fn to_pem(key: &SecretKey) -> Result<String> {
    let secret = key.to_bytes();
    let point = key.public_key().to_encoded_point(false);
    let mut der = vec![0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20];
    der.extend_from_slice(&secret);
    // [0] namedCurve prime256v1 (1.2.840.10045.3.1.7)
    der.extend_from_slice(&[
        0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
    ]);
    // [1] the public key as a BIT STRING of the uncompressed point
    der.extend_from_slice(&[0xa1, 0x44, 0x03, 0x42, 0x00]);
    der.extend_from_slice(point.as_bytes());
    if der.len() != 0x79 {
        return Err(Error::Internal(
            "the DPoP key did not encode to 121 bytes".into(),
        ));
    }
    let b64 = base64_simd::STANDARD.encode_to_string(&der);
    let mut pem = String::from("-----BEGIN EC PRIVATE KEY-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        pem.push('\n');
    }
    pem.push_str("-----END EC PRIVATE KEY-----\n");
    der.iter_mut().for_each(|b| *b = 0);
    Ok(pem)
}

/// Reads a cached `dpopKey`: SEC1 (what the CLI writes) or PKCS#8 (botocore's tests), with a
/// literal `\n` taken as a newline as smithy-rs does. The error never shows the key.
pub fn from_pem(pem: &str) -> Option<SecretKey> {
    let pem = pem.replace("\\n", "\n");
    SecretKey::from_sec1_pem(&pem)
        .ok()
        .or_else(|| SecretKey::from_pkcs8_pem(&pem).ok())
}

/// The `DPoP` header value for a POST to `url` at `iat` (epoch seconds).
pub fn proof(key: &SecretKey, url: &str, iat: i64) -> String {
    let point = key.public_key().to_encoded_point(false);
    let header = json!({
        "typ": "dpop+jwt",
        "alg": "ES256",
        "jwk": {
            "kty": "EC",
            "x": b64url(point.x().map(|x| &x[..]).unwrap_or_default()),
            "y": b64url(point.y().map(|y| &y[..]).unwrap_or_default()),
            "crv": "P-256",
        },
    });
    let payload = json!({ "htm": "POST", "htu": url, "iat": iat, "jti": uuid4() });
    let message = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(payload.to_string().as_bytes())
    );
    let signature: Signature = SigningKey::from(key).sign(message.as_bytes());
    format!("{message}.{}", b64url(&signature.to_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::VerifyingKey;

    #[test]
    fn a_proof_verifies_with_its_own_jwk() {
        let key = new_key();
        let pem = to_pem(&key).unwrap();
        assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----\n") && pem.ends_with("-----\n"));
        let again = from_pem(&pem.replace('\n', "\\n")).unwrap();
        let jwt = proof(&again, "http://127.0.0.1:1/v1/token", 1763510400);
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value =
            serde_json::from_slice(&crate::oauth::b64url_decode(parts[0]).unwrap()).unwrap();
        let payload: serde_json::Value =
            serde_json::from_slice(&crate::oauth::b64url_decode(parts[1]).unwrap()).unwrap();
        assert_eq!(header["alg"], "ES256");
        assert_eq!(payload["htu"], "http://127.0.0.1:1/v1/token");
        assert_eq!(payload["iat"], 1763510400);
        let x = crate::oauth::b64url_decode(header["jwk"]["x"].as_str().unwrap()).unwrap();
        let y = crate::oauth::b64url_decode(header["jwk"]["y"].as_str().unwrap()).unwrap();
        let mut sec1 = vec![4u8];
        sec1.extend(x);
        sec1.extend(y);
        let vk = VerifyingKey::from_sec1_bytes(&sec1).unwrap();
        let sig = Signature::from_slice(&crate::oauth::b64url_decode(parts[2]).unwrap()).unwrap();
        vk.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig)
            .unwrap();
        assert!(from_pem("not a key").is_none());
    }
}
