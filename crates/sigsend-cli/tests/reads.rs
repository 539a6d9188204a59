//! What a selection reads of each process: the binary runs under `strace
//! -e trace=openat,pidfd_open,statx,newfstatat`, and the files of `/proc`
//! it opens or stats and the pidfds it opens are counted. A name lookup
//! reads `stat` of every process and the owner (of the directory
//! `/proc/PID`, one `fstatat`) of those of that name, and nothing more: no
//! `status`, no pidfd, no command line; `-a` reads no owner; `--full`
//! reads command lines. No file is opened through `/proc/self/fd`.
//! Nothing is signalled: `-p` prints the pids.

#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::bytes_named::BytesNamed;
use common::*;

/// The files of `/proc` opened, as (pid, file) (`self` for a path of
/// `/proc/self`); the directory `/proc/PID` stat'ed is (pid, `dir`), a
/// pidfd opened (pid, `pidfd`).
type Files = Vec<(String, String)>;

/// The `/proc` files `sigsend ARGS` opened, and the pids it printed;
/// `None` when strace cannot run here.
fn opened(args: &[&OsStr]) -> Option<(Files, Vec<i32>)> {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let log = std::env::temp_dir().join(format!("sigsend-reads-{}-{run}.log", std::process::id()));
    let output = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=openat,pidfd_open,statx,newfstatat",
            "-o",
        ])
        .arg(&log)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_sigsend"))
        .args(args)
        .output()
        .ok()?;
    let trace = std::fs::read_to_string(&log).ok()?;
    let _ = std::fs::remove_file(&log);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let files = trace
        .lines()
        .filter_map(|line| {
            if let Some((_, args)) = line.split_once("pidfd_open(") {
                let pid = args.split(',').next()?;
                return Some((pid.to_owned(), "pidfd".to_owned()));
            }
            // Absolute, or relative to the held `/proc` (`openat(3,
            // "PID/stat")`): sigsend opens nothing else by a path that
            // begins with a pid.
            let path = line.split('"').nth(1)?;
            let path = match path.strip_prefix("/proc/") {
                Some(path) => path,
                None if !line.contains("AT_FDCWD")
                    && path.starts_with(|c: char| c.is_ascii_digit()) =>
                {
                    path
                }
                None => return None,
            };
            let (pid, file) = path.split_once('/').unwrap_or((path, "dir"));
            Some((pid.to_owned(), file.to_owned()))
        })
        .collect();
    Some((files, printed_pids(&output)))
}

/// The pids whose `file` was opened.
fn pids_of(files: &[(String, String)], file: &str) -> BTreeSet<i32> {
    files
        .iter()
        .filter(|(_, f)| f == file)
        .filter_map(|(pid, _)| pid.parse().ok())
        .collect()
}

#[test]
fn a_name_lookup_reads_the_owner_of_that_name_only() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("SKIPPED: strace is not installed");
        return;
    }
    let name = BytesNamed::name("r", b"");
    // One directory (one link) each.
    let dirs: Vec<BytesNamed> = (0..3).map(|_| BytesNamed::new()).collect();
    let sleepers: Vec<Sleeper> = dirs.iter().map(|dir| dir.spawn(&name)).collect();
    let other = Sleeper::spawn();
    let ours: BTreeSet<i32> = sleepers.iter().map(Sleeper::pid).collect();

    let p = OsStr::new("-p");
    let Some((files, printed)) = opened(&[p, &name]) else {
        eprintln!("SKIPPED: strace cannot trace here");
        return;
    };
    assert_eq!(printed.iter().copied().collect::<BTreeSet<_>>(), ours);
    let stat = pids_of(&files, "stat");
    assert!(
        stat.is_superset(&ours) && stat.contains(&other.pid()),
        "{files:?}"
    );
    // Of the three: while few processes match, the owner is looked at for
    // those alone (once one in five matches, for each process, before
    // its `stat` is read; only if ours were among the first 15 listed).
    let owners = pids_of(&files, "dir");
    assert!(owners.is_subset(&stat), "{files:?}");
    assert!(owners.is_superset(&ours), "{files:?}");
    assert!(owners.len() <= ours.len() + 15, "{files:?}");
    assert!(pids_of(&files, "status").is_empty(), "{files:?}");
    assert!(pids_of(&files, "pidfd").is_empty(), "{files:?}");
    assert!(pids_of(&files, "cmdline").is_empty(), "{files:?}");
    assert!(
        files
            .iter()
            .all(|(pid, file)| pid != "self" || !file.starts_with("fd/")),
        "{files:?}"
    );

    // Every user's: no owner read at all.
    let (files, printed) = opened(&[OsStr::new("-a"), p, &name]).expect("strace ran before");
    assert_eq!(printed.iter().copied().collect::<BTreeSet<_>>(), ours);
    assert!(pids_of(&files, "dir").is_empty(), "{files:?}");

    // The whole command line, for the processes a selection may choose
    // (a pattern that strace's own command line, which holds it, does not
    // match).
    let pattern = format!("{} 30$", name.to_str().expect("ASCII"));
    let args = ["-a", "-p", "--full", "--pattern", &pattern].map(OsStr::new);
    let (files, printed) = opened(&args).expect("strace ran before");
    assert_eq!(printed.iter().copied().collect::<BTreeSet<_>>(), ours);
    assert!(pids_of(&files, "cmdline").is_superset(&ours), "{files:?}");
    assert!(pids_of(&files, "dir").is_empty(), "{files:?}");
    drop(sleepers);
}
