//! The region: explicit (or the shell default), then the selected profile's own `region`, then
//! AWS_REGION / AWS_DEFAULT_REGION, then the `default` profile, then instance metadata. Unlike the
//! incumbent, the selected profile's region counts.

use std::time::Duration;

use super::Context;
use crate::profile::normalize::ParsedFiles;
use crate::resolve::Request;

/// A place a region can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    /// The request's region (the cmdlet's -Region, or the shell default the front end passes).
    Explicit,
    /// The selected profile's `region`.
    Profile,
    /// AWS_REGION, else AWS_DEFAULT_REGION.
    Environment,
    /// The `default` profile's `region`.
    DefaultProfile,
    /// EC2 instance metadata, bounded.
    InstanceMetadata,
}

/// THE region order: every region lookup (the region operation, explain, every STS call made while
/// resolving, web identity from the environment included) walks this list.
pub const REGION_ORDER: [RegionSource; 5] = [
    RegionSource::Explicit,
    RegionSource::Profile,
    RegionSource::Environment,
    RegionSource::DefaultProfile,
    RegionSource::InstanceMetadata,
];

/// How long instance metadata may take to name the region.
const IMDS_REGION_BUDGET: Duration = Duration::from_millis(1500);

/// A region and the place it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionAnswer {
    pub region: String,
    pub source: RegionSource,
    pub profile: Option<String>,
}

impl RegionSource {
    /// The name the API reports: `Explicit`, `Profile`, `Environment`, `DefaultProfile` or
    /// `InstanceMetadata`.
    pub fn name(self) -> &'static str {
        match self {
            RegionSource::Explicit => "Explicit",
            RegionSource::Profile => "Profile",
            RegionSource::Environment => "Environment",
            RegionSource::DefaultProfile => "DefaultProfile",
            RegionSource::InstanceMetadata => "InstanceMetadata",
        }
    }
}

/// The region `source` gives, if any.
fn lookup(
    source: RegionSource,
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    profile: Option<&str>,
    explicit: Option<&str>,
) -> Option<RegionAnswer> {
    let answer = |region: String, profile: Option<&str>| RegionAnswer {
        region,
        source,
        profile: profile.map(str::to_string),
    };
    let of_profile = |name: &str| {
        parsed
            .profile(name)
            .and_then(|s| s.get("region").map(str::to_string))
    };
    match source {
        RegionSource::Explicit => explicit
            .filter(|r| !r.trim().is_empty())
            .map(|r| answer(r.to_string(), None)),
        RegionSource::Profile => profile.and_then(|p| of_profile(p).map(|r| answer(r, Some(p)))),
        RegionSource::Environment => ["AWS_REGION", "AWS_DEFAULT_REGION"]
            .iter()
            .find_map(|var| ctx.env.get_non_blank(var))
            .map(|r| answer(r, None)),
        RegionSource::DefaultProfile => of_profile("default").map(|r| answer(r, Some("default"))),
        RegionSource::InstanceMetadata => {
            super::sources::imds_region(ctx, parsed, IMDS_REGION_BUDGET).map(|r| answer(r, None))
        }
    }
}

/// The first region along `REGION_ORDER`; instance metadata (bounded to about a second and a
/// half off EC2) is asked only when `metadata` is true, otherwise nothing leaves the machine.
pub(crate) fn find(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    profile: Option<&str>,
    explicit: Option<&str>,
    metadata: bool,
) -> Option<RegionAnswer> {
    REGION_ORDER
        .iter()
        .filter(|&&s| metadata || s != RegionSource::InstanceMetadata)
        .find_map(|&s| lookup(s, ctx, parsed, profile, explicit))
}

/// The region for STS calls made while resolving: the chain without instance metadata, else
/// us-east-1 (STS answers in every region; this avoids a metadata wait off EC2).
pub(crate) fn for_sts(
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
    profile: &str,
    req: &Request,
) -> String {
    find(ctx, parsed, Some(profile), req.region.as_deref(), false)
        .map(|a| a.region)
        .unwrap_or_else(|| "us-east-1".to_string())
}
