//! Windows: owner-only access for new files and folders (the analogue of 0600 / 0700), and an
//! atomic replace that keeps an existing file's ACL and attributes (ReplaceFileW), since a plain
//! rename would give the file the temp file's inherited ACL.

use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;
use std::ptr::{null, null_mut};

use windows_sys::Win32::Foundation::{CloseHandle, LocalFree, ERROR_SUCCESS, HANDLE};
use windows_sys::Win32::Security::Authorization::{
    SetEntriesInAclW, SetNamedSecurityInfoW, EXPLICIT_ACCESS_W, NO_MULTIPLE_TRUSTEE, SET_ACCESS,
    SE_FILE_OBJECT, TRUSTEE_IS_SID, TRUSTEE_IS_USER, TRUSTEE_W,
};
use windows_sys::Win32::Security::{
    GetTokenInformation, TokenUser, ACL, DACL_SECURITY_INFORMATION, NO_INHERITANCE,
    PROTECTED_DACL_SECURITY_INFORMATION, SUB_CONTAINERS_AND_OBJECTS_INHERIT, TOKEN_QUERY,
    TOKEN_USER,
};
use windows_sys::Win32::Storage::FileSystem::{
    ReplaceFileW, FILE_ALL_ACCESS, REPLACEFILE_IGNORE_MERGE_ERRORS,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

fn wide(path: &Path) -> Vec<u16> {
    path.as_os_str().encode_wide().chain(Some(0)).collect()
}

/// The current user's SID, as the bytes of a TOKEN_USER buffer (the SID points into it).
fn token_user() -> io::Result<Vec<u8>> {
    // SAFETY: standard token query; every handle is closed and buffers are sized by the API.
    unsafe {
        let mut token: HANDLE = null_mut();
        if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
            return Err(io::Error::last_os_error());
        }
        let mut len = 0u32;
        GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len);
        let mut buf = vec![0u8; len as usize];
        let ok = GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &mut len);
        CloseHandle(token);
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(buf)
    }
}

/// Gives `path` a protected DACL with one entry: full control for the current user.
pub fn owner_only(path: &Path, is_dir: bool) -> io::Result<()> {
    let user = token_user()?;
    // SAFETY: `user` holds a TOKEN_USER whose SID stays valid while `user` lives; the ACL made by
    // SetEntriesInAclW is freed with LocalFree.
    unsafe {
        let sid = (*(user.as_ptr() as *const TOKEN_USER)).User.Sid;
        let access = EXPLICIT_ACCESS_W {
            grfAccessPermissions: FILE_ALL_ACCESS,
            grfAccessMode: SET_ACCESS,
            grfInheritance: if is_dir {
                SUB_CONTAINERS_AND_OBJECTS_INHERIT
            } else {
                NO_INHERITANCE
            },
            Trustee: TRUSTEE_W {
                pMultipleTrustee: null_mut(),
                MultipleTrusteeOperation: NO_MULTIPLE_TRUSTEE,
                TrusteeForm: TRUSTEE_IS_SID,
                TrusteeType: TRUSTEE_IS_USER,
                ptstrName: sid.cast(),
            },
        };
        let mut acl: *mut ACL = null_mut();
        let rc = SetEntriesInAclW(1, &access, null(), &mut acl);
        if rc != ERROR_SUCCESS {
            return Err(io::Error::from_raw_os_error(rc as i32));
        }
        let name = wide(path);
        let rc = SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            acl,
            null(),
        );
        LocalFree(acl.cast());
        if rc != ERROR_SUCCESS {
            return Err(io::Error::from_raw_os_error(rc as i32));
        }
    }
    Ok(())
}

/// Atomically replaces `target` with `replacement`, keeping `target`'s ACL and attributes.
pub fn replace_keeping_acl(target: &Path, replacement: &Path) -> io::Result<()> {
    let (t, r) = (wide(target), wide(replacement));
    // SAFETY: both names are NUL-terminated UTF-16 strings that outlive the call.
    let ok = unsafe {
        ReplaceFileW(
            t.as_ptr(),
            r.as_ptr(),
            null(),
            REPLACEFILE_IGNORE_MERGE_ERRORS,
            null(),
            null(),
        )
    };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
