//! The IAM calls of sync, rotation and key status: the caller's user, its tags and its access keys.

use aws_sdk_iam::types::StatusType;

use super::failure::{call, CallError};
use super::{epoch, Key, Signed};

/// One access key of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKey {
    pub id: String,
    pub active: bool,
    /// Epoch seconds.
    pub created: Option<i64>,
}

/// When and where a key was last used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastUsed {
    /// Epoch seconds; None when never used.
    pub date: Option<i64>,
    pub service: Option<String>,
    pub region: Option<String>,
}

const IAM: &str = "IAM";

impl Signed {
    /// GetUser without a name: the signing key's user (name, ARN) and the value of its tag
    /// `tag_key`, as `Get-IAMUser` gives them to the scripts this replaces.
    pub fn iam_user(&self, tag_key: &str) -> Result<(String, String, Option<String>), CallError> {
        let out = call(&self.env, IAM, "GetUser", &self.key_id, || {
            self.iam.get_user().send()
        })?;
        let user = out.user();
        Ok((
            user.map(|u| u.user_name().to_string()).unwrap_or_default(),
            user.map(|u| u.arn().to_string()).unwrap_or_default(),
            user.and_then(|u| {
                u.tags()
                    .iter()
                    .find(|t| t.key() == tag_key)
                    .map(|t| t.value().to_string())
            }),
        ))
    }

    /// ListUserTags: the value of tag `key` of `user`, if it has one.
    pub fn user_tag(&self, user: &str, key: &str) -> Result<Option<String>, CallError> {
        let out = call(&self.env, IAM, "ListUserTags", &self.key_id, || {
            self.iam.list_user_tags().user_name(user).send()
        })?;
        Ok(out
            .tags()
            .iter()
            .find(|t| t.key() == key)
            .map(|t| t.value().to_string()))
    }

    /// ListAccessKeys of `user`.
    pub fn access_keys(&self, user: &str) -> Result<Vec<AccessKey>, CallError> {
        let out = call(&self.env, IAM, "ListAccessKeys", &self.key_id, || {
            self.iam.list_access_keys().user_name(user).send()
        })?;
        Ok(out
            .access_key_metadata()
            .iter()
            .map(|k| AccessKey {
                id: k.access_key_id().unwrap_or_default().to_string(),
                active: k.status() == Some(&StatusType::Active),
                created: k.create_date().map(epoch),
            })
            .collect())
    }

    /// CreateAccessKey for `user`: the new key, secret included.
    pub fn create_access_key(&self, user: &str) -> Result<Key, CallError> {
        let out = call(&self.env, IAM, "CreateAccessKey", &self.key_id, || {
            self.iam.create_access_key().user_name(user).send()
        })?;
        let k = out.access_key();
        Ok(Key {
            id: k.map(|k| k.access_key_id().to_string()).unwrap_or_default(),
            secret: k
                .map(|k| k.secret_access_key().to_string())
                .unwrap_or_default(),
        })
    }

    /// UpdateAccessKey: makes key `id` of `user` Active or Inactive.
    pub fn set_key_active(&self, user: &str, id: &str, active: bool) -> Result<(), CallError> {
        let status = if active {
            StatusType::Active
        } else {
            StatusType::Inactive
        };
        call(&self.env, IAM, "UpdateAccessKey", &self.key_id, || {
            self.iam
                .update_access_key()
                .user_name(user)
                .access_key_id(id)
                .status(status)
                .send()
        })?;
        Ok(())
    }

    /// DeleteAccessKey `id` of `user`.
    pub fn delete_access_key(&self, user: &str, id: &str) -> Result<(), CallError> {
        call(&self.env, IAM, "DeleteAccessKey", &self.key_id, || {
            self.iam
                .delete_access_key()
                .user_name(user)
                .access_key_id(id)
                .send()
        })?;
        Ok(())
    }

    /// GetAccessKeyLastUsed of key `id`.
    pub fn last_used(&self, id: &str) -> Result<LastUsed, CallError> {
        let out = call(&self.env, IAM, "GetAccessKeyLastUsed", &self.key_id, || {
            self.iam.get_access_key_last_used().access_key_id(id).send()
        })?;
        let used = out.access_key_last_used();
        let known = |s: &str| (!s.is_empty() && s != "N/A").then(|| s.to_string());
        Ok(LastUsed {
            date: used.and_then(|u| u.last_used_date()).map(epoch),
            service: used.and_then(|u| known(u.service_name())),
            region: used.and_then(|u| known(u.region())),
        })
    }
}
