//! The committed C header must be what cbindgen generates from the current source.
//! Run with AWSCRED_BLESS=1 to rewrite it after changing the ABI.

use std::path::Path;

#[test]
fn header_is_current() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut generated);
    let header = crate_dir.join("include/awscred.h");
    if std::env::var_os("AWSCRED_BLESS").is_some() {
        std::fs::write(&header, &generated).unwrap();
    }
    let committed = std::fs::read(&header).unwrap_or_default();
    assert!(
        committed == generated,
        "native/include/awscred.h is out of date with native/src/ffi; run `AWSCRED_BLESS=1 cargo test -p awscred --test header` and commit it"
    );
}
