//! The three targets: bytes in, a panic (a crash to the driver) on the first violation.

use std::path::PathBuf;
use std::sync::OnceLock;

use arbitrary::Unstructured;

use crate::harness::edits::{check_edits, check_parse};
use crate::harness::sandbox::{operation, Sandbox};
use crate::input;

/// The parser: the bytes as text when they are UTF-8 (only valid UTF-8 reaches the parser, as
/// every caller reads files into a `String` first), and a config-like text built from them.
pub fn parse(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_parse(text).unwrap_or_else(|why| panic!("{why}\n  text {text:?}"));
    }
    let mut u = Unstructured::new(data);
    if let Ok(text) = input::text(&mut u) {
        check_parse(&text).unwrap_or_else(|why| panic!("{why}\n  text {text:?}"));
    }
}

/// The document editor: an edit sequence on a base text, each edit keeping every byte outside
/// its profile and reading back as edited (tests/harness/edits.rs).
pub fn edit(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok((kind, base, edits)) = input::edit_case(&mut u) else {
        return;
    };
    if let Err(why) = check_edits(kind, &base, &edits) {
        panic!("byte preservation or read-back violated: {why}");
    }
}

/// The sandbox of `json_entry`, made once per process, with the process's working directory
/// moved into an empty folder of it (a request that wrote a relative path would land there). It
/// lives under TMPDIR and outlives the process (libFuzzer exits without dropping statics): run.sh
/// points TMPDIR at a folder it deletes.
fn sandbox() -> &'static (Sandbox, PathBuf) {
    static SANDBOX: OnceLock<(Sandbox, PathBuf)> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let sandbox = Sandbox::new("json-entry");
        let jail = sandbox.root().join("cwd");
        std::fs::create_dir_all(&jail).expect("create the working folder");
        std::env::set_current_dir(&jail).expect("enter the working folder");
        (sandbox, jail)
    })
}

/// The JSON entry point: the first byte picks the operation; the rest is the request as raw bytes
/// (odd second byte) or request-shaped JSON built from them. JSON or a typed error, no panic,
/// nothing written to the working folder.
pub fn json_entry(data: &[u8]) {
    let (sandbox, jail) = sandbox();
    let Some((&op, rest)) = data.split_first() else {
        return;
    };
    let op = operation(op as usize);
    let request = match rest.split_first() {
        Some((&mode, raw)) if mode % 2 == 1 => raw.to_vec(),
        _ => {
            let mut u = Unstructured::new(rest.get(1..).unwrap_or_default());
            let Ok(value) = input::request(&mut u) else {
                return;
            };
            serde_json::to_vec(&value).expect("encode the request")
        }
    };
    if let Err(why) = sandbox.check(op, &request) {
        panic!("{why}\n  request {:?}", String::from_utf8_lossy(&request));
    }
    let litter = std::fs::read_dir(jail).map_or(0, |d| d.count());
    assert_eq!(litter, 0, "{op:?} wrote into the working folder");
}
