//! Responses handed to C callers: each allocation is recorded with its length, so `awscred_free`
//! can refuse a pointer it never handed out or already freed, and always frees with the right
//! length. Freed bytes are zeroed first (responses can hold secrets).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Live responses: address -> length.
fn live() -> &'static Mutex<HashMap<usize, usize>> {
    static LIVE: OnceLock<Mutex<HashMap<usize, usize>>> = OnceLock::new();
    LIVE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Hands `bytes` to the caller as pointer + length and records them.
pub(super) fn hand_out(bytes: Vec<u8>) -> (*mut u8, usize) {
    let boxed = bytes.into_boxed_slice();
    let len = boxed.len();
    let ptr = Box::into_raw(boxed) as *mut u8;
    live()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(ptr as usize, len);
    (ptr, len)
}

/// What `release` found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Released {
    /// A live response with its length: zeroed and freed.
    Exact,
    /// A live response with another length: zeroed and freed with the recorded length.
    WrongLength,
    /// Not a live response (never handed out, or freed already): not touched.
    Unknown,
}

/// Zeroes and frees the response at `ptr` if the library handed it out and it is still live.
pub(super) fn release(ptr: *mut u8, claimed_len: usize) -> Released {
    let recorded = live()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&(ptr as usize));
    let Some(len) = recorded else {
        return Released::Unknown;
    };
    // SAFETY: `ptr` and `len` are exactly what `hand_out` produced from a boxed slice, and removing
    // the record first means no other call can free it again.
    let mut bytes = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
    for b in bytes.iter_mut() {
        // SAFETY: `b` is a valid, aligned, writable byte; volatile so the zeroing is not elided.
        unsafe { std::ptr::write_volatile(b, 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
    drop(bytes);
    if len == claimed_len {
        Released::Exact
    } else {
        Released::WrongLength
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_free_wrong_length_and_foreign_pointers_are_refused() {
        let (p, n) = hand_out(b"{\"secret\":1}".to_vec());
        assert_eq!(release(p, n + 5), Released::WrongLength);
        assert_eq!(release(p, n), Released::Unknown, "a second free is refused");
        let mut foreign = [1u8; 4];
        assert_eq!(release(foreign.as_mut_ptr(), 4), Released::Unknown);
        assert_eq!(foreign, [1u8; 4], "a foreign buffer is not touched");
        let (p, n) = hand_out(b"{}".to_vec());
        assert_eq!(release(p, n), Released::Exact);
    }
}
