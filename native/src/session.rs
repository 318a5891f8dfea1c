//! Registries of the long waits that front ends drive by start and poll calls (a rotation, a
//! browser or device-code sign-in): a numbered handle per wait, taken out while a poll works on it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Handles are unique across every registry of the process, so one given to the wrong poll call
/// is refused instead of advancing another wait.
static NEXT_HANDLE: AtomicU64 = AtomicU64::new(1);

/// The waits of one kind in progress, by handle.
pub struct Registry<T> {
    what: &'static str,
    waits: Mutex<Option<HashMap<u64, T>>>,
}

impl<T> Registry<T> {
    /// An empty registry; `what` names the kind of wait in errors ("rotation", "login").
    pub const fn new(what: &'static str) -> Self {
        Registry {
            what,
            waits: Mutex::new(None),
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, Option<HashMap<u64, T>>> {
        self.waits.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps `wait` under a new handle.
    pub fn insert(&self, wait: T) -> u64 {
        let handle = NEXT_HANDLE.fetch_add(1, Ordering::Relaxed);
        self.put_back(handle, wait);
        handle
    }

    /// Keeps `wait` again under the handle it was taken with.
    pub fn put_back(&self, handle: u64, wait: T) {
        self.map()
            .get_or_insert_with(HashMap::new)
            .insert(handle, wait);
    }

    /// Takes the wait of `handle` out (a poll puts it back unless it finished).
    pub fn take(&self, handle: u64) -> Result<T> {
        self.map()
            .as_mut()
            .and_then(|m| m.remove(&handle))
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "no {} in progress with handle {handle} (it finished, was cancelled or never started)",
                    self.what
                ))
            })
    }
}
