//! Configured endpoint URLs, as the SDKs' shared rules give them, so that the STS calls made while
//! resolving reach LocalStack, moto or a private endpoint: AWS_ENDPOINT_URL_<SERVICE>, then
//! AWS_ENDPOINT_URL, then the profile's `[services]` section, then its `endpoint_url`; none when
//! AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or `ignore_configured_endpoint_urls`) is true. Read from
//! our environment view so per-request overrides apply.

use crate::env::Env;
use crate::profile::normalize::ParsedFiles;

fn is_true(v: &str) -> bool {
    v.trim().eq_ignore_ascii_case("true")
}

/// The endpoint for `service_key` (`sts`, `sso`, ...; env suffix is its upper-case form).
pub fn configured(
    env: &Env,
    parsed: &ParsedFiles<'_>,
    profile: &str,
    service_key: &str,
) -> Option<String> {
    let section = parsed.profile(profile);
    let ignore = env
        .get_non_blank("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .map(|v| is_true(&v))
        .or_else(|| {
            section
                .as_ref()
                .and_then(|s| s.get("ignore_configured_endpoint_urls"))
                .map(is_true)
        })
        .unwrap_or(false);
    if ignore {
        return None;
    }
    let suffix = service_key.to_ascii_uppercase().replace('-', "_");
    if let Some(url) = env.get_non_blank(&format!("AWS_ENDPOINT_URL_{suffix}")) {
        return Some(url);
    }
    if let Some(url) = env.get_non_blank("AWS_ENDPOINT_URL") {
        return Some(url);
    }
    let section = section?;
    let from_services = section
        .get("services")
        .and_then(|name| parsed.services(name))
        .and_then(|services| services.get(service_key).map(str::to_string))
        .and_then(|block| sub_property(&block, "endpoint_url"));
    from_services.or_else(|| section.get("endpoint_url").map(str::to_string))
}

/// `key`'s value in a sub-property block (`"\nendpoint_url = http://..."`).
fn sub_property(block: &str, key: &str) -> Option<String> {
    block.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::locate::FileKind;
    use crate::profile::parse::parse;
    use std::path::Path;

    fn endpoint(env: &[(&str, &str)], config: &str) -> Option<String> {
        let raw = parse(config, Path::new("config")).unwrap();
        let parsed = ParsedFiles::new(vec![(Path::new("config"), FileKind::Config, raw)]);
        configured(&Env::from_pairs(env.iter().copied()), &parsed, "p", "sts")
    }

    #[test]
    fn precedence() {
        let config = "[profile p]\nendpoint_url = http://global\nservices = local\n[services local]\nsts =\n  endpoint_url = http://svc\n";
        assert_eq!(endpoint(&[], config).as_deref(), Some("http://svc"));
        assert_eq!(
            endpoint(&[("AWS_ENDPOINT_URL", "http://envg")], config).as_deref(),
            Some("http://envg")
        );
        assert_eq!(
            endpoint(
                &[
                    ("AWS_ENDPOINT_URL", "http://envg"),
                    ("AWS_ENDPOINT_URL_STS", "http://envs")
                ],
                config
            )
            .as_deref(),
            Some("http://envs")
        );
        assert_eq!(
            endpoint(&[], "[profile p]\nendpoint_url = http://global\n").as_deref(),
            Some("http://global")
        );
        assert_eq!(
            endpoint(
                &[
                    ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
                    ("AWS_ENDPOINT_URL", "x")
                ],
                config
            ),
            None
        );
        assert_eq!(
            endpoint(
                &[],
                "[profile p]\nignore_configured_endpoint_urls = true\nendpoint_url = x\n"
            ),
            None
        );
        assert_eq!(endpoint(&[], "[profile q]\n"), None);
    }
}
