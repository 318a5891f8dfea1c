//! The panic boundary of the C ABI. A panic inside an `awscred_*` call is caught and answered as
//! Internal; the panic hook, installed on the first call and chained to the host's hook, keeps
//! such panics silent (the library never writes to stderr) and hands every other panic on.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    /// How many guarded calls are running on this thread.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Where the last silenced panic of this thread happened (file:line, never its message).
    static WHERE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the hook once per process, keeping the previous hook for panics outside the library.
pub(crate) fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if is_ours() {
                let place = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                WHERE.with(|w| *w.borrow_mut() = place);
            } else {
                previous(info);
            }
        }));
    });
}

/// Whether a panic on this thread belongs to the library: inside a guarded call, or on one of
/// the runtime's worker threads.
fn is_ours() -> bool {
    DEPTH.with(Cell::get) > 0
        || std::thread::current().name() == Some(crate::resolve::RUNTIME_THREAD)
}

/// Runs `f` behind the boundary: its value, or where it panicked (`None` when unknown).
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, Option<String>> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    outcome.map_err(|_| WHERE.with(|w| w.borrow_mut().take()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static HOST_HOOK_CALLS: AtomicUsize = AtomicUsize::new(0);

    /// One test so the process-wide hook is set up in a known order: the host's hook first.
    #[test]
    fn silent_inside_calls_and_chained_outside() {
        panic::set_hook(Box::new(|_| {
            HOST_HOOK_CALLS.fetch_add(1, Ordering::SeqCst);
        }));
        assert_eq!(guarded(|| 7), Ok(7));

        let place = guarded(|| -> u8 { panic!("inside") }).unwrap_err();
        assert!(place.unwrap().contains("guard.rs"), "the location is kept");
        assert_eq!(HOST_HOOK_CALLS.load(Ordering::SeqCst), 0, "silent inside");

        let nested = guarded(|| guarded(|| -> u8 { panic!("deeper") }).is_err());
        assert_eq!(nested, Ok(true));
        assert_eq!(HOST_HOOK_CALLS.load(Ordering::SeqCst), 0);

        let outside = panic::catch_unwind(|| -> u8 { panic!("outside") });
        assert!(outside.is_err());
        assert_eq!(
            HOST_HOOK_CALLS.load(Ordering::SeqCst),
            1,
            "the host's hook still runs"
        );
        let _ = panic::take_hook();
    }
}
