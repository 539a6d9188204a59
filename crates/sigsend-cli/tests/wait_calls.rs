//! The system calls of `--wait` for a process that is not sigsend's child
//! (a `sleep` this test starts): once sigsend blocks in its wait, the one
//! `poll` that blocks is all it makes until the target's exit wakes it,
//! with no look before it or after it (strace counts them).
//!
//! Safety: the target is a child of this test, killed and reaped however
//! the test ends; strace and sigsend run in a process group of their own,
//! killed as a group if the test fails.

#![cfg(target_os = "linux")]

mod common;

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};

use common::{poll_until, Sleeper, SIGSEND};

/// strace and the sigsend it traces, killed as a group on drop.
struct Traced(Child);

impl Drop for Traced {
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.0.id()) {
            // The group this test made for strace, led by strace: -pid.
            let _ = sigsend::os::kill(-pid, libc::SIGKILL);
        }
        let _ = self.0.wait();
    }
}

/// The first child of process `pid` (sigsend, of strace), if it has one.
fn first_child(pid: u32) -> Option<u32> {
    let path = format!("/proc/{pid}/task/{pid}/children");
    let children = std::fs::read_to_string(path).ok()?;
    children.split_whitespace().next()?.parse().ok()
}

/// Whether process `pid` sleeps in `poll` (its `wchan`).
fn blocked_in_poll(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/wchan")).is_ok_and(|wchan| wchan.contains("poll"))
}

#[test]
fn waiting_for_a_process_that_is_no_child_is_one_poll() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("SKIPPED: no strace");
        return;
    }
    let target = Sleeper::spawn();
    let log = std::env::temp_dir().join(format!("sigsend-wait-{}.log", std::process::id()));
    let traced = Traced(
        Command::new("strace")
            .process_group(0)
            .args(["-qq", "-o"])
            .arg(&log)
            .args(["-e", "trace=poll,ppoll,pidfd_send_signal,kill"])
            .args([SIGSEND, "-0", "--wait", "--", &target.pid().to_string()])
            .stdin(Stdio::null())
            .spawn()
            .expect("run strace"),
    );
    let strace = traced.0.id();
    // Read again each time: strace forks short-lived children of its own
    // (to probe ptrace) before it starts sigsend.
    poll_until("sigsend to block in poll", || {
        first_child(strace).is_some_and(blocked_in_poll)
    });
    drop(target);
    let mut traced = traced;
    let status = traced.0.wait().expect("wait for strace");
    assert!(status.success(), "sigsend under strace: {status}");
    let trace = std::fs::read_to_string(&log).expect("read the strace log");
    let _ = std::fs::remove_file(&log);
    let lines: Vec<&str> = trace.lines().collect();
    let sent = lines
        .iter()
        .position(|line| line.starts_with("pidfd_send_signal(") || line.starts_with("kill("))
        .unwrap_or_else(|| panic!("no null signal sent: {trace}"));
    let after: Vec<&str> = lines[sent + 1..]
        .iter()
        .copied()
        .filter(|line| !line.starts_with("+++"))
        .collect();
    assert_eq!(after.len(), 1, "after the null signal: {after:#?}");
    assert!(
        after[0].contains(", -1)"),
        "not a blocking poll: {after:#?}"
    );
}
