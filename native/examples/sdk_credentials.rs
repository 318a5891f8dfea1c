//! The AWS SDK for Rust (aws-config's profile provider, not awscred's resolver) resolving one
//! profile, for the tests that prove other tools can use our profiles (the keychain's
//! credential_process line). Prints `{"AccessKeyId", "SecretMatches"}`: the secret
//! itself is never printed; the expected secret is read from stdin and compared.
//!
//!   echo -n "$SECRET" | sdk_credentials PROFILE

use aws_credential_types::provider::ProvideCredentials;
use std::io::Read;

fn main() {
    let profile = std::env::args().nth(1).unwrap_or_else(|| "default".into());
    let mut expected = String::new();
    if std::io::stdin().read_to_string(&mut expected).is_err() {
        expected.clear();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let provider = aws_config::profile::ProfileFileCredentialsProvider::builder()
        .profile_name(&profile)
        .build();
    match runtime.block_on(provider.provide_credentials()) {
        Ok(c) => println!(
            "{}",
            serde_json::json!({
                "AccessKeyId": c.access_key_id(),
                "SecretMatches": c.secret_access_key() == expected,
            })
        ),
        Err(e) => {
            // The error's display names the provider and the reason, never a secret.
            eprintln!("sdk_credentials: {e}");
            std::process::exit(1);
        }
    }
}
