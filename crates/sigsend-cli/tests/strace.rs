//! Which system call a command line makes, proved without making it: the
//! binary runs under `strace` with every signal-sending call answered by
//! strace itself (`inject=...:retval=0`), so the kernel never sees it. This
//! is how `-1` (every process), `0` (the caller's own group: strace runs
//! in a group of its own, apart from the test runner's) and a `-PGID` of
//! no group of ours can be tested at all.
//!
//! Safety: a canary runs first in each test. If strace did not hold back a
//! KILL aimed at a child of this test, the child dies, the test fails, and
//! no other line is run.

#![cfg(target_os = "linux")]

mod common;

use std::ffi::OsStr;
use std::os::unix::process::CommandExt;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;

/// Every call that sends a signal: traced, and answered by strace.
const SENDERS: &str = "kill,tkill,tgkill,rt_sigqueueinfo,rt_tgsigqueueinfo,pidfd_send_signal";

/// Runs `sigsend ARGS` under strace with the signal calls held back;
/// the output and the traced calls (one per line), or `None` when strace
/// cannot run here.
fn held_back<S: AsRef<OsStr>>(args: &[S]) -> Option<(Output, Vec<String>)> {
    // One log per run: the tests run at once, in one process.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let name = format!("sigsend-strace-{}-{run}.log", std::process::id());
    let log = std::env::temp_dir().join(name);
    // strace and sigsend in a group of their own: a `0` that strace did
    // not hold back could reach only them, never the test runner's group.
    let output = Command::new("strace")
        .process_group(0)
        .args(["-f", "-qq", "-o"])
        .arg(&log)
        .args(["-e", &format!("trace={SENDERS}")])
        .args(["-e", &format!("inject={SENDERS}:retval=0")])
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_sigsend"))
        .args(args)
        .output()
        .ok()?;
    let trace = std::fs::read_to_string(&log).ok()?;
    let _ = std::fs::remove_file(&log);
    let calls = trace.lines().map(str::to_owned).collect();
    Some((output, calls))
}

/// The calls of a run, as `kill(-1, SIGKILL) = 0 (INJECTED)`: strace's
/// pid prefix cut off, and its padding before ` = ` (which depends on the
/// line's length) made one space.
fn calls<S: AsRef<OsStr>>(args: &[S]) -> (Output, Vec<String>) {
    let (output, calls) = held_back(args).expect("strace runs");
    let calls = calls
        .iter()
        .map(|line| {
            let call = line.trim_start_matches(|c: char| c.is_ascii_digit());
            call.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect();
    (output, calls)
}

/// Whether strace can run here and holds the calls back: the canary, a
/// KILL to a child of this test, must come back injected, the child
/// untouched (else the test fails here, before any other line is run).
fn calls_are_held_back() -> bool {
    if held_back(&["-l", "9"][..]).is_none() {
        eprintln!("skipped: strace is not installed or cannot trace here");
        return false;
    }
    let canary = Sleeper::spawn();
    let pid = canary.pid();
    let (output, traced) = calls(&["-9", &pid.to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(traced, [format!("kill({pid}, SIGKILL) = 0 (INJECTED)")]);
    canary.assert_untouched();
    true
}

#[test]
fn the_call_behind_each_target_form() {
    if !calls_are_held_back() {
        return;
    }

    for (args, call) in [
        (&["-9", "--", "-1"][..], "kill(-1, SIGKILL) = 0 (INJECTED)"),
        (&["0"][..], "kill(0, SIGTERM) = 0 (INJECTED)"),
        (&["-9", "-4321"][..], "kill(-4321, SIGKILL) = 0 (INJECTED)"),
        (
            &["-s", "HUP", "--", "-4321"][..],
            "kill(-4321, SIGHUP) = 0 (INJECTED)",
        ),
        (&["-KILL", "-2"][..], "kill(-2, SIGKILL) = 0 (INJECTED)"),
    ] {
        let (output, traced) = calls(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(traced, [call], "{args:?}");
    }
}

#[test]
fn rejected_lines_make_no_call() {
    if !calls_are_held_back() {
        return;
    }
    // A pid that no process can have, should a line be sent after all.
    let gone = no_such_pid(0).to_string();
    for (args, status) in [
        (&["-9"][..], 2),
        (&["-65", &gone][..], 1),
        (&["-s", "NOPE", "--", "-1"][..], 1),
        (&["-4294967311", &gone][..], 1),
        (&[&gone, "99999999999"][..], 1),
        (&["--timeout", "10", "KILL", "--", "-1"][..], 2),
        (&["-p", "--", "-1"][..], 0),
        (&["--dry-run", "-9", "--", "-1"][..], 0),
    ] {
        let (output, traced) = calls(args);
        assert_eq!(
            output.status.code(),
            Some(status),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(traced, Vec::<String>::new(), "{args:?} made a call");
    }
}

/// Issue 12, the dangerous group: lines that used to send a signal nobody
/// asked for (to pid 5 for `--wait 5`, to PID for `PID --dry-run`, to
/// every process for an empty `--pattern`) make no call at all.
#[test]
fn surprising_lines_make_no_call() {
    if !calls_are_held_back() {
        return;
    }
    let target = Sleeper::spawn();
    let pid = target.pid().to_string();
    for args in [
        &["--wait", "5", &pid][..],
        &["-9", "--wait", "5", &pid],
        &["--wait", "5h", &pid],
        &[&pid, "--dry-run"],
        &["-9", &pid, "-p"],
        &["-KILL", &pid, "--json"],
        &[&pid, "--wait=1s"],
        &[&pid, "-KILL"],
        &[&pid, "--", "-1"],
        &[&pid, "-1"],
        &["-9", &pid, "-0"],
        &["--pattern", "", "-KILL"],
        &["--pattern", ".*", "-KILL"],
        &["--full", "--pattern", "^", "-KILL"],
        &["-d", &pid, "-1"],
    ] {
        let (output, traced) = calls(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(traced, Vec::<String>::new(), "{args:?} made a call");
    }
    target.assert_untouched();
}

/// `--wait 100ms PID`: the one signal asked for, to PID alone (through
/// its pidfd), and no target named "100ms".
#[test]
fn a_spaced_wait_duration_sends_only_to_the_target() {
    if !calls_are_held_back() {
        return;
    }
    let target = Sleeper::spawn();
    let pid = target.pid().to_string();
    let (output, traced) = calls(&["--wait", "100ms", &pid]);
    // The TERM was held back: the target still runs when the wait ends.
    assert_eq!(
        (output.status.code(), stderr(&output)),
        (Some(3), &*format!("sigsend: {pid} is still running\n"))
    );
    assert_eq!(traced.len(), 1, "{traced:?}");
    assert!(
        traced[0].starts_with("pidfd_send_signal(")
            && traced[0].ends_with(", SIGTERM, NULL, 0) = 0 (INJECTED)"),
        "{traced:?}"
    );
    target.assert_untouched();
}

/// A NAME that is not UTF-8: the signal goes to the process of those
/// very bytes, not to the ones whose names show alike.
#[test]
fn a_name_that_is_not_utf8_is_signalled_alone() {
    use common::bytes_named::BytesNamed;
    if !calls_are_held_back() {
        return;
    }
    let named = BytesNamed::new();
    let exact = BytesNamed::name("s", b"\xfex");
    let alike = BytesNamed::name("s", b"\xffx");
    let shown = BytesNamed::name("s", "\u{fffd}x".as_bytes());
    let children = [
        named.spawn(&exact),
        named.spawn(&alike),
        named.spawn(&shown),
    ];
    let (output, traced) = calls(&[OsStr::new("-KILL"), &exact]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        traced,
        [format!(
            "kill({}, SIGKILL) = 0 (INJECTED)",
            children[0].pid()
        )]
    );
    let missing = BytesNamed::name("m", b"\xfex");
    let (output, traced) = calls(&[OsStr::new("-KILL"), &missing]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(traced, Vec::<String>::new());
    for child in children {
        child.assert_untouched();
    }
}

/// `--dry-run` checks each send with the null signal, which sends
/// nothing, and makes no other call.
#[test]
fn dry_run_makes_only_null_signal_calls() {
    if !calls_are_held_back() {
        return;
    }
    let gone = no_such_pid(0);
    let (output, traced) = calls(&["--dry-run", "-9", "--", "-1", &gone.to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(traced, [format!("kill({gone}, 0) = 0 (INJECTED)")]);
}
