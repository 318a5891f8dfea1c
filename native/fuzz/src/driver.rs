//! The driver used without `--cfg fuzzing` (no nightly): pseudo-random inputs from a seeded
//! generator, each run through the target, which builds its structured input from the bytes with
//! `arbitrary::Unstructured`. It is NOT coverage-guided: it never learns from what an input
//! reached. Like libFuzzer it stops at the first crash and writes the input to a file.
//!
//! `<target> [--runs N] [--seconds S] [--seed X] [--max-len L] [--artifacts DIR] [FILE...]`:
//! with files, replays each (to reproduce a crash of either driver) instead.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What the command line asks for.
struct Args {
    runs: u64,
    seconds: Option<u64>,
    seed: u64,
    max_len: usize,
    artifacts: PathBuf,
    replay: Vec<PathBuf>,
}

/// Parses the command line; `Err` holds the usage message.
fn args() -> Result<Args, String> {
    let mut a = Args {
        runs: 10_000,
        seconds: None,
        seed: 1,
        max_len: 4096,
        artifacts: PathBuf::from("."),
        replay: Vec::new(),
    };
    let usage = "usage: TARGET [--runs N] [--seconds S] [--seed X] [--max-len L] [--artifacts DIR] [FILE...]";
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut num = || -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{arg} needs a number\n{usage}"))
        };
        match arg.as_str() {
            "--runs" => a.runs = num()?,
            "--seconds" => a.seconds = Some(num()?),
            "--seed" => a.seed = num()?,
            "--max-len" => a.max_len = num()? as usize,
            "--artifacts" => a.artifacts = it.next().ok_or(usage)?.into(),
            s if s.starts_with('-') => return Err(usage.to_string()),
            file => a.replay.push(file.into()),
        }
    }
    Ok(a)
}

/// SplitMix64: small, fast and good enough to spread bytes; the same seed gives the same inputs.
struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// An input of random bytes, most of them short (a short input is a simple structure).
    fn input(&mut self, max_len: usize, buf: &mut Vec<u8>) {
        let caps = [8, 32, 128, 512, max_len];
        let cap = caps[(self.next() % caps.len() as u64) as usize].min(max_len);
        let len = (self.next() % (cap as u64 + 1)) as usize;
        buf.clear();
        while buf.len() < len {
            buf.extend_from_slice(&self.next().to_le_bytes());
        }
        buf.truncate(len);
    }
}

/// Runs `target` once; `false` when it panicked.
fn survives(target: fn(&[u8]), input: &[u8]) -> bool {
    catch_unwind(AssertUnwindSafe(|| target(input))).is_ok()
}

/// Writes a crashing input to `dir/crash-<hash>` and says where.
fn save_crash(dir: &PathBuf, input: &[u8]) -> PathBuf {
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    let path = dir.join(format!("crash-{hash:016x}"));
    let _ = std::fs::create_dir_all(dir);
    if let Err(e) = std::fs::write(&path, input) {
        eprintln!("cannot write {}: {e}", path.display());
    }
    path
}

/// Replays `files` through `target`; the exit status is 1 when one of them crashes. Every file
/// is read first (a target may change the working directory).
fn replay(name: &str, target: fn(&[u8]), files: &[PathBuf]) -> i32 {
    let mut inputs = Vec::with_capacity(files.len());
    for f in files {
        match std::fs::read(f) {
            Ok(b) => inputs.push((f, b)),
            Err(e) => {
                eprintln!("{name}: cannot read {}: {e}", f.display());
                return 2;
            }
        }
    }
    let mut crashes = 0;
    for (f, input) in inputs {
        let ok = survives(target, &input);
        println!(
            "{name}: {} {}",
            f.display(),
            if ok { "ok" } else { "CRASH" }
        );
        crashes += u32::from(!ok);
    }
    i32::from(crashes > 0)
}

/// The driver's `main`: runs `target` as the command line says, prints one summary line, and
/// answers the exit status (1 after a crash).
pub fn run(name: &str, target: fn(&[u8])) -> i32 {
    let a = match args() {
        Ok(a) => a,
        Err(usage) => {
            eprintln!("{usage}");
            return 2;
        }
    };
    if !a.replay.is_empty() {
        return replay(name, target, &a.replay);
    }
    println!(
        "{name}: driver arbitrary, NOT coverage-guided (seed {}, up to {} runs{})",
        a.seed,
        a.runs,
        a.seconds.map_or(String::new(), |s| format!(" or {s} s"))
    );
    let limit = a.seconds.map(Duration::from_secs);
    let mut rng = Rng(a.seed);
    let mut buf = Vec::with_capacity(a.max_len);
    let started = Instant::now();
    let (mut runs, mut crashes) = (0u64, 0u64);
    while runs < a.runs && limit.is_none_or(|l| started.elapsed() < l) {
        rng.input(a.max_len, &mut buf);
        runs += 1;
        if !survives(target, &buf) {
            crashes += 1;
            let path = save_crash(&a.artifacts, &buf);
            eprintln!(
                "{name}: CRASH on run {runs}; input written to {}",
                path.display()
            );
            break;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{name}: driver=arbitrary (NOT coverage-guided) executions={runs} crashes={crashes} time={secs:.1}s execs/s={:.0}",
        runs as f64 / secs.max(1e-9)
    );
    i32::from(crashes > 0)
}
