//! The region: explicit (or the shell default), then the selected profile's own `region`, then
//! AWS_REGION / AWS_DEFAULT_REGION, then the `default` profile, then instance metadata. Unlike the
//! incumbent, the selected profile's region counts.

use std::time::Duration;

use serde::Serialize;

use super::Context;
use crate::profile::normalize::ParsedFiles;
use crate::resolve::Request;

/// A region and the place it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegionAnswer {
    pub region: String,
    /// `Explicit`, `Profile`, `Environment`, `DefaultProfile` or `InstanceMetadata`.
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

/// The region chain without instance metadata.
pub(crate) fn from_config(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    profile: Option<&str>,
    explicit: Option<&str>,
) -> Option<RegionAnswer> {
    let answer = |region: &str, source: &str, profile: Option<&str>| RegionAnswer {
        region: region.to_string(),
        source: source.to_string(),
        profile: profile.map(str::to_string),
    };
    if let Some(r) = explicit.filter(|r| !r.trim().is_empty()) {
        return Some(answer(r, "Explicit", None));
    }
    if let Some(p) = profile {
        if let Some(r) = parsed
            .profile(p)
            .and_then(|s| s.get("region").map(str::to_string))
        {
            return Some(answer(&r, "Profile", Some(p)));
        }
    }
    for var in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(r) = ctx.env.get_non_blank(var) {
            return Some(answer(&r, "Environment", None));
        }
    }
    if let Some(r) = parsed
        .profile("default")
        .and_then(|s| s.get("region").map(str::to_string))
    {
        return Some(answer(&r, "DefaultProfile", Some("default")));
    }
    None
}

/// The full chain, ending with instance metadata (bounded to about a second off EC2).
pub(crate) fn resolve(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    profile: Option<&str>,
    explicit: Option<&str>,
) -> Option<RegionAnswer> {
    from_config(ctx, parsed, profile, explicit).or_else(|| {
        super::sources::imds_region(ctx, parsed, Duration::from_millis(1500)).map(|region| {
            RegionAnswer {
                region,
                source: "InstanceMetadata".into(),
                profile: None,
            }
        })
    })
}

/// The region for STS calls made while resolving: the chain without instance metadata, else
/// us-east-1 (STS answers in every region; this avoids a metadata wait off EC2).
pub(crate) fn for_sts(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    profile: &str,
    req: &Request,
) -> String {
    from_config(ctx, parsed, Some(profile), req.region.as_deref())
        .map(|a| a.region)
        .unwrap_or_else(|| "us-east-1".to_string())
}
