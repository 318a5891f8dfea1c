//! Compiles tests/c/abi_test.c against the generated header with gcc -Wall -Wextra -Werror
//! -Wpedantic, links it to this build's cdylib, and runs it: plain (under valgrind when
//! AWSCRED_C_VALGRIND is set), and built with AddressSanitizer and UBSan, whose malloc
//! interposition also checks every allocation and free of the library. The library's own code is
//! instrumented too when AWSCRED_C_LIB_DIR names a library built with nightly's
//! `-Zsanitizer=address` (tests/c/asan_library.sh builds one and runs this test against it).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder holding the libawscred to test: AWSCRED_C_LIB_DIR, else this build's
/// (target/<profile>, found from the test binary).
fn lib_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("AWSCRED_C_LIB_DIR") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

/// Builds the C program into `work` with `extra` gcc flags and returns its path.
fn build(work: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let lib_dir = lib_dir();
    assert!(
        lib_dir.join("libawscred.so").exists(),
        "cdylib missing in {} (run `cargo build -p awscred` first; tests/run.sh does)",
        lib_dir.display()
    );
    let exe = work.join(name);
    let status = Command::new("gcc")
        .args([
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-Wpedantic",
            "-g",
        ])
        .args(extra)
        .arg("-o")
        .arg(&exe)
        .arg(root.join("tests/c/abi_test.c"))
        .arg("-I")
        .arg(root.join("native/include"))
        .arg("-L")
        .arg(&lib_dir)
        .args(["-lawscred", "-lpthread"])
        .arg(format!("-Wl,-rpath,{}", lib_dir.display()))
        .status()
        .expect("gcc runs");
    assert!(status.success(), "gcc failed to build the C ABI test");
    exe
}

/// Runs `cmd` (the program, or a wrapper of it) on a fresh data folder in a clean environment and
/// checks that every check passed and nothing reached stderr.
fn run(mut cmd: Command, work: &Path) -> Output {
    let data = work.join("data");
    std::fs::create_dir_all(&data).unwrap();
    cmd.arg(&data);
    // A debug library panics where AWSCRED_FAULT_PANIC says: the program checks the boundary.
    if cfg!(debug_assertions) {
        cmd.arg("faults");
    }
    let out = cmd
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &data)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env(
            "ASAN_OPTIONS",
            "detect_leaks=1:halt_on_error=1:abort_on_error=0",
        )
        .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "C ABI test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("all checks passed"), "{stdout}");
    // The library never writes to stderr, not even for a panic inside a call (and a sanitizer
    // report would land here too).
    assert!(stderr.trim().is_empty(), "stderr: {stderr}");
    out
}

#[test]
fn c_program_over_the_header() {
    let work = common::temp_dir("cabi");
    let exe = build(&work, "abi_test", &[]);
    let valgrind_log = work.join("valgrind.log");
    let valgrind = std::env::var_os("AWSCRED_C_VALGRIND").is_some();
    let cmd = if valgrind {
        let mut c = Command::new("valgrind");
        c.args([
            "--error-exitcode=99",
            "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect",
        ])
        .arg(format!("--log-file={}", valgrind_log.display()))
        .arg(&exe);
        c
    } else {
        Command::new(&exe)
    };
    run(cmd, &work);
    if valgrind {
        let log = std::fs::read_to_string(&valgrind_log).unwrap();
        let summary: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("lost:") || l.contains("ERROR SUMMARY"))
            .collect();
        println!("valgrind: {}", summary.join(" | "));
        for kind in ["definitely lost:", "indirectly lost:"] {
            let line = log.lines().find(|l| l.contains(kind));
            assert!(
                line.is_none_or(|l| l.contains(&format!("{kind} 0 bytes"))),
                "{kind} not 0:\n{log}"
            );
        }
        assert!(log.contains("ERROR SUMMARY: 0 errors"), "{log}");
    }
}

#[test]
fn c_program_under_address_sanitizer() {
    let work = common::temp_dir("cabi-asan");
    let exe = build(
        &work,
        "abi_test_asan",
        &["-fsanitize=address,undefined", "-fno-omit-frame-pointer"],
    );
    run(Command::new(&exe), &work);
}
