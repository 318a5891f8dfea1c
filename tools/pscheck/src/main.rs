//! `pscheck <repo-root>`: runs the static module checks and prints one line per finding.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: pscheck <repo-root>\n\nChecks the AwsCredentialManager module statically: PowerShell syntax (tree-sitter),\nmanifest exports vs module/Public, NativeMethods.cs vs native/include/awscred.h,\ncomment-based help, and [CmdletBinding()]. Exit 0: no findings; 1: findings; 2: usage or I/O error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = match args.as_slice() {
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        [root] => PathBuf::from(root),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match pscheck::check_repo(&root) {
        Ok(report) => {
            for finding in &report.findings {
                println!("{finding}");
            }
            println!(
                "pscheck: {} files, {} findings ({} ms)",
                report.files,
                report.findings.len(),
                started.elapsed().as_millis()
            );
            if report.findings.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("pscheck: {e}");
            ExitCode::from(2)
        }
    }
}
