//! The default chain as data: its sources in order (`DEFAULT_CHAIN`) and how each is recognised
//! from the environment and the files alone (`configured`). `resolve` runs this list and `explain`
//! describes it, so the two cannot disagree about order, conditions or reasons.

use super::{default_profile_name, sources, Context};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::profile::normalize::ParsedFiles;

/// A source of the default chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultSource {
    /// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).
    Environment,
    /// The profile named by AWS_PROFILE, else `default`.
    Profile,
    /// AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN.
    WebIdentity,
    /// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI (ECS, EKS Pod Identity).
    Container,
    /// EC2 instance metadata (IMDSv2), unless AWS_EC2_METADATA_DISABLED.
    InstanceMetadata,
}

/// THE default chain, in the order the AWS SDKs try it.
pub const DEFAULT_CHAIN: [DefaultSource; 5] = [
    DefaultSource::Environment,
    DefaultSource::Profile,
    DefaultSource::WebIdentity,
    DefaultSource::Container,
    DefaultSource::InstanceMetadata,
];

/// The variables that point at container credentials, in the order they are read.
pub const CONTAINER_VARIABLES: [&str; 2] = [
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

/// Why the container source is skipped.
pub const CONTAINER_NOT_SET: &str =
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set";

/// The first container variable that is set, with its value.
pub(crate) fn container_variable(env: &Env) -> Option<(&'static str, String)> {
    CONTAINER_VARIABLES
        .iter()
        .find_map(|&variable| env.get_non_blank(variable).map(|value| (variable, value)))
}

impl DefaultSource {
    /// How reasons name this source (`"container (ECS): ..."`).
    pub fn label(self) -> &'static str {
        match self {
            DefaultSource::Environment => "environment",
            DefaultSource::Profile => "profile",
            DefaultSource::WebIdentity => "web identity",
            DefaultSource::Container => "container (ECS)",
            DefaultSource::InstanceMetadata => "instance metadata (EC2)",
        }
    }
}

/// A source that is configured, and what it would use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Configured {
    Environment,
    /// The profile to resolve.
    Profile(String),
    WebIdentity {
        role_arn: String,
        token_file: String,
    },
    /// The first variable of `CONTAINER_VARIABLES` that is set, and its value.
    Container {
        variable: &'static str,
        value: String,
    },
    InstanceMetadata {
        endpoint: String,
    },
}

/// Whether `source` is configured: what it would use, or why it is skipped (a reason line
/// starting with its label). An AWS_PROFILE naming a profile that no file defines is an error.
pub(crate) fn configured(
    source: DefaultSource,
    ctx: &Context<'_>,
    parsed: &ParsedFiles<'_>,
) -> Result<std::result::Result<Configured, String>> {
    let env = ctx.env;
    let skip = |why: String| Ok(Err(format!("{}: {why}", source.label())));
    match source {
        DefaultSource::Environment => {
            if env.get_non_blank("AWS_ACCESS_KEY_ID").is_some()
                && env.get_non_blank("AWS_SECRET_ACCESS_KEY").is_some()
            {
                Ok(Ok(Configured::Environment))
            } else {
                skip("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set".into())
            }
        }
        DefaultSource::Profile => {
            let (name, explicit) = default_profile_name(env);
            if parsed.profile(&name).is_some() {
                return Ok(Ok(Configured::Profile(name)));
            }
            // The .NET SDK store: a profile named by AWS_PROFILE is used or fails with its reason;
            // an implicit `default` there that cannot give keys (unreadable store, role) is skipped.
            match super::netsdk_profile(ctx, parsed, &name) {
                Ok(Some(p)) if explicit || matches!(p.kind(), "Basic" | "Session") => {
                    return Ok(Ok(Configured::Profile(name)));
                }
                Ok(Some(p)) if !explicit => {
                    return Ok(Err(format!(
                        "profile '{name}': a {} profile of the .NET SDK store (only its key profiles are read)",
                        p.kind()
                    )));
                }
                Err(e) if !explicit => {
                    return Ok(Err(format!(
                        "profile '{name}': .NET SDK store unreadable: {e}"
                    )));
                }
                Err(e) => return Err(e),
                _ => {}
            }
            if explicit {
                Err(Error::ProfileNotFound {
                    name,
                    searched: format!("{} (named by AWS_PROFILE)", ctx.files.describe()),
                })
            } else {
                Ok(Err(format!(
                    "profile '{name}': not found in {}",
                    ctx.files.describe()
                )))
            }
        }
        DefaultSource::WebIdentity => match (
            env.get_non_blank("AWS_WEB_IDENTITY_TOKEN_FILE"),
            env.get_non_blank("AWS_ROLE_ARN"),
        ) {
            (Some(token_file), Some(role_arn)) => Ok(Ok(Configured::WebIdentity {
                role_arn,
                token_file,
            })),
            _ => skip("AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set".into()),
        },
        DefaultSource::Container => match container_variable(env) {
            Some((variable, value)) => Ok(Ok(Configured::Container { variable, value })),
            None => skip(CONTAINER_NOT_SET.into()),
        },
        DefaultSource::InstanceMetadata => {
            if sources::imds_disabled(env) {
                skip("disabled by AWS_EC2_METADATA_DISABLED".into())
            } else {
                Ok(Ok(Configured::InstanceMetadata {
                    endpoint: sources::imds_endpoint(ctx, parsed),
                }))
            }
        }
    }
}
