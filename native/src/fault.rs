//! Fault injection for the tests of the panic boundaries: a debug build panics at the point that
//! `AWSCRED_FAULT_PANIC` names. Release builds (what ships) compile it to nothing.

use crate::env::Env;

/// Panics here, in a debug build, when `AWSCRED_FAULT_PANIC` is `point`.
pub(crate) fn panic_point(env: &Env, point: &str) {
    #[cfg(debug_assertions)]
    if env.get("AWSCRED_FAULT_PANIC").as_deref() == Some(point) {
        panic!("fault injected at '{point}' (AWSCRED_FAULT_PANIC)");
    }
    #[cfg(not(debug_assertions))]
    let _ = (env, point);
}
