//! THE table of operations: each one's name, exported C function and whether it changes files.
//! `call_json`, the C ABI, the CLI and `describe` follow it; the tests check the header against it.

use super::types::*;
use crate::env::Env;
use crate::error::{Result, Status, STATUS_TABLE};

/// The operations reachable by name, for front ends that speak JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    SetProfile,
    CopyProfile,
    ListProfiles,
    ShowProfile,
    GetCredentials,
    RemoveProfile,
    DumpConfig,
    Explain,
    Whoami,
    ExportCredentials,
    ResolveRegion,
    Describe,
    Validate,
    InitializeDefaults,
    SyncCredentials,
    AccessKeyStatus,
    GetSecretCredential,
    RotateStart,
    RotatePoll,
    RotateCancel,
    LoginStart,
    LoginPoll,
    LoginCancel,
    Logout,
    SsoConfigure,
    SsoLoginStart,
    SsoLoginPoll,
    SsoLoginCancel,
    SsoLogout,
    SsoAccounts,
    MoveProfile,
    RefreshCli,
}

/// One row of `OPERATIONS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    pub operation: Operation,
    /// The name, e.g. `set_profile`.
    pub name: &'static str,
    /// The exported C function, `awscred_` + name.
    pub function: &'static str,
    /// Whether the operation can change files.
    pub changes: bool,
}

const fn op(
    operation: Operation,
    name: &'static str,
    function: &'static str,
    changes: bool,
) -> OperationInfo {
    OperationInfo {
        operation,
        name,
        function,
        changes,
    }
}

/// THE operations table, in `Operation` order.
pub const OPERATIONS: &[OperationInfo] = &[
    op(
        Operation::SetProfile,
        "set_profile",
        "awscred_set_profile",
        true,
    ),
    op(
        Operation::CopyProfile,
        "copy_profile",
        "awscred_copy_profile",
        true,
    ),
    op(
        Operation::ListProfiles,
        "list_profiles",
        "awscred_list_profiles",
        false,
    ),
    op(
        Operation::ShowProfile,
        "show_profile",
        "awscred_show_profile",
        false,
    ),
    op(
        Operation::GetCredentials,
        "get_credentials",
        "awscred_get_credentials",
        false,
    ),
    op(
        Operation::RemoveProfile,
        "remove_profile",
        "awscred_remove_profile",
        true,
    ),
    op(
        Operation::DumpConfig,
        "dump_config",
        "awscred_dump_config",
        false,
    ),
    op(Operation::Explain, "explain", "awscred_explain", false),
    op(Operation::Whoami, "whoami", "awscred_whoami", false),
    op(
        Operation::ExportCredentials,
        "export_credentials",
        "awscred_export_credentials",
        false,
    ),
    op(
        Operation::ResolveRegion,
        "resolve_region",
        "awscred_resolve_region",
        false,
    ),
    op(Operation::Describe, "describe", "awscred_describe", false),
    op(Operation::Validate, "validate", "awscred_validate", false),
    op(
        Operation::InitializeDefaults,
        "initialize_defaults",
        "awscred_initialize_defaults",
        true,
    ),
    op(
        Operation::SyncCredentials,
        "sync_credentials",
        "awscred_sync_credentials",
        true,
    ),
    op(
        Operation::AccessKeyStatus,
        "access_key_status",
        "awscred_access_key_status",
        false,
    ),
    op(
        Operation::GetSecretCredential,
        "get_secret_credential",
        "awscred_get_secret_credential",
        false,
    ),
    op(
        Operation::RotateStart,
        "rotate_start",
        "awscred_rotate_start",
        true,
    ),
    op(
        Operation::RotatePoll,
        "rotate_poll",
        "awscred_rotate_poll",
        true,
    ),
    op(
        Operation::RotateCancel,
        "rotate_cancel",
        "awscred_rotate_cancel",
        true,
    ),
    op(
        Operation::LoginStart,
        "login_start",
        "awscred_login_start",
        true,
    ),
    op(
        Operation::LoginPoll,
        "login_poll",
        "awscred_login_poll",
        true,
    ),
    op(
        Operation::LoginCancel,
        "login_cancel",
        "awscred_login_cancel",
        false,
    ),
    op(Operation::Logout, "logout", "awscred_logout", true),
    op(
        Operation::SsoConfigure,
        "sso_configure",
        "awscred_sso_configure",
        true,
    ),
    op(
        Operation::SsoLoginStart,
        "sso_login_start",
        "awscred_sso_login_start",
        true,
    ),
    op(
        Operation::SsoLoginPoll,
        "sso_login_poll",
        "awscred_sso_login_poll",
        true,
    ),
    op(
        Operation::SsoLoginCancel,
        "sso_login_cancel",
        "awscred_sso_login_cancel",
        false,
    ),
    op(
        Operation::SsoLogout,
        "sso_logout",
        "awscred_sso_logout",
        true,
    ),
    op(
        Operation::SsoAccounts,
        "sso_accounts",
        "awscred_sso_accounts",
        false,
    ),
    op(
        Operation::MoveProfile,
        "move_profile",
        "awscred_move_profile",
        true,
    ),
    op(
        Operation::RefreshCli,
        "refresh_cli",
        "awscred_refresh_cli",
        true,
    ),
];

// Row i describes the operation with discriminant i, and every function is `awscred_` + name.
const _: () = {
    let mut i = 0;
    while i < OPERATIONS.len() {
        let row = &OPERATIONS[i];
        assert!(row.operation as usize == i);
        let (f, n) = (row.function.as_bytes(), row.name.as_bytes());
        assert!(f.len() == n.len() + 8);
        let mut j = 0;
        while j < f.len() {
            let want = if j < 8 { b"awscred_"[j] } else { n[j - 8] };
            assert!(f[j] == want);
            j += 1;
        }
        i += 1;
    }
};

impl Operation {
    /// This operation's row of `OPERATIONS`.
    pub fn info(self) -> &'static OperationInfo {
        &OPERATIONS[self as usize]
    }

    /// The operation called `name` (`set_profile`, ...).
    pub fn from_name(name: &str) -> Option<Operation> {
        OPERATIONS
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.operation)
    }
}

/// The library's contract from its own tables: ABI version, operations, error statuses, and the
/// environment variables it reads.
pub fn describe(_env: &Env, _req: DescribeRequest) -> Result<DescribeResponse> {
    Ok(DescribeResponse {
        abi_version: crate::ffi::AWSCRED_ABI_VERSION,
        operations: OPERATIONS
            .iter()
            .map(|r| OperationDescription {
                name: r.name,
                function: r.function,
                changes: r.changes,
            })
            .collect(),
        errors: STATUS_TABLE
            .iter()
            .filter(|r| r.status != Status::Ok)
            .map(|r| ErrorDescription {
                status: r.status as i32,
                code: r.code,
                exit_code: r.exit_code,
                category: r.category,
                meaning: r.meaning,
            })
            .collect(),
        environment: EnvironmentDescription {
            prefixes: crate::env::COVERED_PREFIXES.to_vec(),
            names: crate::env::COVERED_NAMES.to_vec(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for row in OPERATIONS {
            assert_eq!(Operation::from_name(row.name), Some(row.operation));
            assert_eq!(row.operation.info(), row);
        }
        assert_eq!(Operation::from_name("nope"), None);
    }

    #[test]
    fn describe_lists_the_tables() {
        let d = describe(&Env::from_pairs::<&str, &str>([]), DescribeRequest {}).unwrap();
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["AbiVersion"], crate::ffi::AWSCRED_ABI_VERSION);
        assert_eq!(v["Operations"].as_array().unwrap().len(), OPERATIONS.len());
        assert_eq!(
            v["Operations"][0],
            serde_json::json!({"Name": "set_profile", "Function": "awscred_set_profile", "Changes": true})
        );
        let no_region = v["Errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["Code"] == "NoRegion")
            .unwrap();
        assert_eq!(
            no_region,
            &serde_json::json!({"Status": 14, "Code": "NoRegion", "ExitCode": 14,
                "Category": "ObjectNotFound", "Meaning": "no region is configured for the operation"})
        );
        assert!(v["Errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["Status"] != 0));
        assert_eq!(
            v["Environment"]["Prefixes"],
            serde_json::json!(["AWS_", "AWSCRED_"])
        );
        assert!(v["Environment"]["Names"]
            .as_array()
            .unwrap()
            .contains(&"HOME".into()));
    }
}
