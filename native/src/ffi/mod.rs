//! The C ABI over `api`: UTF-8 JSON in (pointer + length), UTF-8 JSON out (library-allocated,
//! released with `awscred_free`, which zeroes it first), an `int32_t` status, and a panic boundary.
//! See docs/api.md and the generated `native/include/awscred.h`.

mod guard;
mod heap;

use crate::api::{self, Operation};
use crate::env::Env;
use crate::error::{Error, Status};

/// The ABI version; the PowerShell module refuses a library with another one. 3: `awscred_free`
/// returns a status and checks the pointer against the library's own record of its responses
/// (a wrong length, a double free or a foreign pointer is refused instead of undefined); status
/// Timeout. 4: the key operations (sync, key status, secret credential, rotate start / poll /
/// cancel) and their statuses 17 to 24.
pub const AWSCRED_ABI_VERSION: u32 = 4;

/// Returns `AWSCRED_ABI_VERSION` of this library.
#[no_mangle]
pub extern "C" fn awscred_abi_version() -> u32 {
    AWSCRED_ABI_VERSION
}

/// Releases a response returned by any `awscred_*` operation, zeroing its bytes first (responses
/// can hold secrets).
///
/// The library records every response it hands out, with its length, and frees only what it
/// recorded: NULL returns 0 and does nothing; a pointer it did not hand out, or one already freed,
/// returns AWSCRED_STATUS_INVALID_INPUT and is not touched; a recorded pointer with a wrong
/// `response_len` is zeroed and freed with the recorded length and returns
/// AWSCRED_STATUS_INVALID_INPUT (the caller has a bug). Otherwise returns 0.
///
/// What the zeroing covers: the response buffer only. Copies the caller makes (a managed string,
/// a log line) are the caller's to clear, and the library does not promise that no other copy of
/// a secret stays in memory it has freed (parsing and encoding make short-lived copies).
///
/// # Safety
/// `response` may be any value; only a pointer this library returned is ever dereferenced.
#[no_mangle]
pub unsafe extern "C" fn awscred_free(response: *mut u8, response_len: usize) -> i32 {
    if response.is_null() {
        return Status::Ok as i32;
    }
    let outcome = guard::guarded(|| heap::release(response, response_len));
    match outcome {
        Ok(heap::Released::Exact) => Status::Ok as i32,
        Ok(heap::Released::WrongLength | heap::Released::Unknown) | Err(_) => {
            Status::InvalidInput as i32
        }
    }
}

/// Runs one operation behind the panic boundary and writes the response out-parameters.
///
/// # Safety
/// Pointers follow the contract documented on each exported function.
unsafe fn run(
    op: Operation,
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    if response.is_null() || response_len.is_null() {
        return Status::InvalidInput as i32;
    }
    let outcome = guard::guarded(|| {
        if request.is_null() {
            return Err(Error::InvalidInput("the request pointer is NULL".into()));
        }
        api::call_sized(op, &Env::process(), request_len, || {
            // SAFETY: the caller guarantees `request` points to `request_len` readable bytes, and
            // `call_sized` calls this only after checking the length against the limit.
            unsafe { std::slice::from_raw_parts(request, request_len) }
        })
    });
    let (status, body) = match outcome {
        Ok(Ok(body)) => (Status::Ok, body),
        Ok(Err(e)) => (e.status(), e.to_json().to_string().into_bytes()),
        Err(place) => {
            let at = place.map(|p| format!(" (at {p})")).unwrap_or_default();
            let e = Error::Internal(format!("a panic was caught at the C ABI boundary{at}"));
            (e.status(), e.to_json().to_string().into_bytes())
        }
    };
    let (ptr, len) = heap::hand_out(body);
    // SAFETY: both out-pointers were checked non-NULL above.
    unsafe {
        *response = ptr;
        *response_len = len;
    }
    status as i32
}

/// Stores keys, a role or settings in a profile.
///
/// Request: `{ProfileName, AccessKey?, SecretKey?, SessionToken?, RoleArn?, SourceProfile?,
/// ExternalId?, MfaSerial?, RoleSessionName?, DurationSeconds?, Region?, ProfileLocation?}`.
/// Response: `{ProfileName, Kind, FilesWritten}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_set_profile(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::SetProfile,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Copies a profile under another name.
///
/// Request: `{ProfileName, StoreAs, ProfileLocation?}`. Response: `{ProfileName, Kind, FilesWritten}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_copy_profile(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::CopyProfile,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Lists profiles.
///
/// Request: `{ProfileLocation?}`. Response: `{Profiles: [{ProfileName, StoreTypeName, ProfileLocation}]}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_list_profiles(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::ListProfiles,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Shows one stored profile, secrets masked.
///
/// Request: `{ProfileName, ProfileLocation?}`.
/// Response: `{ProfileName, Kind, Files, Settings: [{Name, Value, File, Line}]}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_show_profile(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::ShowProfile,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Gets credentials for a profile of any kind, or from the default chain (environment,
/// AWS_PROFILE / `default`, web identity, container, instance metadata).
///
/// Request: `{ProfileName?, ProfileLocation?, TokenCode?, Region?}`. Response: `{AccessKeyId,
/// SecretAccessKey, SessionToken?, Expiration?, AccountId?, ProfileName?, Source,
/// ProfileLocation?, Cached?}`. A role with `mfa_serial` and no cached credentials fails with
/// AWSCRED_STATUS_MFA_REQUIRED and `{"error": {..., "mfa_serial"}}`: call again with TokenCode.
/// The response holds secrets: free it as soon as it is read.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_get_credentials(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::GetCredentials,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Removes a profile from every file that defines it.
///
/// Request: `{ProfileName, ProfileLocation?}`. Response: `{ProfileName, FilesWritten}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_remove_profile(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::RemoveProfile,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// The normalized view of the config and credentials files.
///
/// Request: `{ProfileLocation?}`. Response: `{profiles, sso_sessions, warnings}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_dump_config(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::DumpConfig,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Which sources a profile (or the default chain) would use, from the files alone.
///
/// Request: `{ProfileName?, ProfileLocation?}`. Response: `{ProfileName?, Steps: [{Provider,
/// Settings, Profile?, File?, Line?, Cached?}], Skipped: [text], Region?}`; secrets masked.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_explain(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::Explain,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// STS GetCallerIdentity with the resolved credentials.
///
/// Request: `{ProfileName?, ProfileLocation?, TokenCode?, Region?}`.
/// Response: `{Account, Arn, UserId}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_whoami(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::Whoami,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Credentials as text for a shell or a credential_process.
///
/// Request: `{ProfileName?, ProfileLocation?, TokenCode?, Region?, Format: "env" | "powershell" |
/// "json"}`. Response: `{Text}`. The response holds secrets: free it as soon as it is read.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_export_credentials(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::ExportCredentials,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// The region chain: explicit, the profile's own, AWS_REGION / AWS_DEFAULT_REGION, the default
/// profile, instance metadata (bounded).
///
/// Request: `{ProfileName?, ProfileLocation?, Region?, UseInstanceMetadata?}`.
/// Response: `{Region?, Source?, Profile?}` (no `Region` when nothing configures one).
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_resolve_region(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::ResolveRegion,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// The library's contract from its own tables: ABI version, operations, error statuses, and the
/// environment variables it reads (which a front end sends as `Environment` with every request).
///
/// Request: `{}`. Response: `{AbiVersion, Operations: [{Name, Function, Changes}], Errors:
/// [{Status, Code, ExitCode, Category, Meaning}], Environment: {Prefixes, Names}}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_describe(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::Describe,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Checks values with the core's rules before a front end uses them.
///
/// Request: `{Region?, TokenCode?, ProfileName?}`. Response: `{}`, or AWSCRED_STATUS_INVALID_INPUT
/// naming the first field that fails (a TokenCode is never echoed).
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_validate(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::Validate,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Creates or updates the profile `default` (Initialize-AWSDefaultConfiguration): from keys, a role
/// or a copy of another profile, or checks the default chain; and finds a region.
///
/// Request: `{ProfileName?, AccessKey?, SecretKey?, SessionToken?, RoleArn?, SourceProfile?,
/// ExternalId?, MfaSerial?, Region?, ShellRegion?, TokenCode?, ProfileLocation?,
/// UseInstanceMetadata?, DryRun?, Force?}`. Response: `{ProfileName, CredentialSource, Kind?,
/// Credentials?, Region, RegionSource, RegionStored, Actions, FilesWritten, FilesToWrite,
/// ReplacesDifferentDefault, Reason?, DryRun}`. Missing credentials or region fail with
/// AWSCRED_STATUS_NO_CREDENTIALS / AWSCRED_STATUS_NO_REGION before anything is written; replacing a
/// different `default` without Force (or DryRun) fails with AWSCRED_STATUS_DEFAULT_PROFILE_EXISTS.
/// The response can hold secrets (Credentials): free it as soon as it is read.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_initialize_defaults(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::InitializeDefaults,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Updates a host's profile from the key published in Secrets Manager (the IAM user's tag
/// `SecretName` names the secret unless SecretId does), after checking with STS that the key works
/// and belongs to the expected user; an unverified key is never stored.
///
/// Request: `{ProfileName?, ProfileLocation?, Region?, SecretId?, TagKey?, ExpectedUserArn?,
/// TokenCode?, DryRun?}`. Response: `{ProfileName, Changed, DryRun, OldAccessKeyId,
/// NewAccessKeyId, MaskedSecretAccessKey, SecretId, UserArn, FilesWritten, Message}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_sync_credentials(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::SyncCredentials,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Every access key of the profile's IAM user with status, age and last use, warning about keys
/// older than MaxKeyAgeDays (default 90) and about two active keys.
///
/// Request: `{ProfileName?, ProfileLocation?, Region?, TokenCode?, MaxKeyAgeDays?}`. Response:
/// `{ProfileName, UserName, UserArn, MaxKeyAgeDays, Keys: [{AccessKeyId, Status, CreateDate,
/// AgeDays, LastUsedDate, LastUsedService, LastUsedRegion, InProfile, Warning}], Warnings}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_access_key_status(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::AccessKeyStatus,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// A user name and password from the AWSCURRENT value of a secret shaped
/// `{"username": ..., "password": ...}` (other field names with UserNameKey / PasswordKey).
///
/// Request: `{SecretId, UserNameKey?, PasswordKey?, ProfileName?, ProfileLocation?, Region?,
/// TokenCode?}`. Response: `{UserName, Password, SecretArn, VersionId}`. The response holds the
/// password: free it as soon as it is read.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_get_secret_credential(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::GetSecretCredential,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Starts (or resumes from its journal) the rotation of a profile's access key: plans, then
/// creates the new key. Poll the returned Handle with `awscred_rotate_poll` until Done; stop it
/// with `awscred_rotate_cancel`. The session lives in this process.
///
/// Request: `{ProfileName?, ProfileLocation?, Region?, SecretId?, TagKey?, DeactivateOnly?,
/// DeleteInactiveKey?, GracePeriodSeconds?, MaxKeyAgeDays?, TokenCode?, DryRun?}`. Response:
/// `{Handle, Done, Status, Percent, Message, ProfileName, UserName, OldAccessKeyId,
/// NewAccessKeyId, MaskedSecretAccessKey, OldKeyState, SecretId, Published, Resumed, Notes,
/// FilesWritten}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_rotate_start(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::RotateStart,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Advances the rotation `{Handle}` by one step, waiting at most about a second (plus one AWS
/// call). Response: as `awscred_rotate_start`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_rotate_poll(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::RotatePoll,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Stops the rotation `{Handle}`: before the profile took the new key, the new key is deleted and
/// nothing changed; after, the journal stays and the next rotation finishes. Response: as
/// `awscred_rotate_start`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_rotate_cancel(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::RotateCancel,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Starts a console sign-in `{ProfileName, ProfileLocation, Region, Remote, RedirectPort,
/// TimeoutMs, Force, DryRun}`: checks the profile and region, opens the loopback listener (or
/// prepares the cross-device page) and returns `{Handle, Done, Status, AuthorizeUrl, RedirectUri,
/// Deadline, ...}`. Nothing is written until a poll completes the sign-in.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_login_start(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::LoginStart,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Advances the sign-in `{Handle, Code, Confirm}`, waiting at most about a second for the
/// browser; `Code` is the pasted cross-device code, `Confirm` accepts a reported identity change.
/// Response: as `awscred_login_start`; once `Done`, the cache file and profile are written.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_login_poll(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::LoginPoll,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Abandons the sign-in `{Handle}`; nothing is written. Response: as `awscred_login_start`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_login_cancel(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::LoginCancel,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Deletes the cached console login of `{ProfileName, ProfileLocation, All, DryRun}` (every
/// cached login with All); the profile keeps `login_session`. Response `{FilesRemoved,
/// SessionsEnded, DryRun, Message}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_logout(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::Logout,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Writes an IAM Identity Center profile and its sso-session `{ProfileName, ProfileLocation,
/// SessionName, StartUrl, SSORegion, RegistrationScopes, AccountId, RoleName, Region,
/// SessionOnly, DryRun}` (every value given; a missing one is InvalidInput naming it; SessionOnly
/// writes the [sso-session] alone). Response `{ProfileName,
/// SessionName, FilesWritten, DryRun, Message}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_sso_configure(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::SsoConfigure,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Starts an IAM Identity Center sign-in `{ProfileName | SessionName, ProfileLocation,
/// UseDeviceCode, Force, TimeoutMs, DryRun}`: AlreadyLoggedIn (done) when a valid token is
/// cached and not Force; else the page to open (and the UserCode of the device flow) and a Handle.
/// Response: as `awscred_login_start`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_sso_login_start(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::SsoLoginStart,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Advances the IAM Identity Center sign-in `{Handle}` by at most about a second (plus one call);
/// once `Done`, the token is in the shared cache. Response: as `awscred_login_start`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_sso_login_poll(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::SsoLoginPoll,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Abandons the IAM Identity Center sign-in `{Handle}`; no token is written.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_sso_login_cancel(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::SsoLoginCancel,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Ends IAM Identity Center sessions `{ProfileName | SessionName, ProfileLocation, DryRun}`:
/// that one, or, named by neither, every cached token (the portal's Logout, then the token files
/// and the AWS CLI's cached SSO credentials). Response: as `awscred_logout`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_sso_logout(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::SsoLogout,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// The accounts and roles the signed-in user may use `{ProfileName | SessionName,
/// ProfileLocation}`: `{Accounts: [{AccountId, AccountName, EmailAddress, Roles}]}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_sso_accounts(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::SsoAccounts,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Moves the keys of profile `{ProfileName, ProfileLocation, To, From?, RemoveSource?, CliPath,
/// DryRun}` between the shared credentials file and the OS keychain (`To`: `Keychain` or
/// `SharedCredentialsFile`), or out of the .NET SDK store (`From`: `NetSDKCredentialsFile`, which
/// is changed only with `RemoveSource`): the new place is written and read back before the old one
/// is cleared. Response: as `awscred_set_profile`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_move_profile(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::MoveProfile,
            request,
            request_len,
            response,
            response_len,
        )
    }
}

/// Refreshes the per-user copy of awscred that keychain profiles' credential_process lines run
/// (`{CliPath}`: the awscred shipped with the caller), only where such a copy exists already, so
/// the lines run the current version after a module update. Response: `{Path?, Refreshed}`.
///
/// See "Calling convention" at the top of this header: JSON request in, JSON response out (free it
/// with `awscred_free`), 0 or an `AWSCRED_STATUS_*` code returned.
///
/// # Safety
/// `request` must point to `request_len` readable bytes or be NULL; `response` and `response_len`
/// must be writable or NULL.
#[no_mangle]
pub unsafe extern "C" fn awscred_refresh_cli(
    request: *const u8,
    request_len: usize,
    response: *mut *mut u8,
    response_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's contract is forwarded unchanged.
    unsafe {
        run(
            Operation::RefreshCli,
            request,
            request_len,
            response,
            response_len,
        )
    }
}
