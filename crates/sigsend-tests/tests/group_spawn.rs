//! `sigsend::Group`: a command started in a process group of its own,
//! whose signal reaches its grandchildren, and which leaves nothing behind
//! when dropped. Trees are the helper's capped `tree` mode. Linux: "gone"
//! is read from `/proc`.

#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::trees::{alive_in_group, all_gone};
use common::{poll_until, HELPER, TIMEOUT};
use sigsend::{Exit, Group, Process, Signal, Stop, StopOutcome};

/// A `tree 1 3` helper (4 processes) as a `Group`, once all are up.
fn group_of_four() -> Group {
    let mut command = Command::new(HELPER);
    command
        .args(["tree", "1", "3"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    let mut group = Group::spawn(&mut command).expect("spawn the group");
    let out = group.child().stdout.take().expect("piped output");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line).expect("read");
    assert_eq!(line.trim(), "ready 4");
    group
}

#[test]
fn a_group_signal_reaches_the_grandchildren() {
    let group = group_of_four();
    let pgid = group.leader().pid() as i32;
    assert_eq!(alive_in_group(pgid).len(), 4);
    group.signal(Signal::TERM).expect("signal the group");
    assert_eq!(
        group.leader().wait().expect("wait"),
        Exit::Signaled(Signal::TERM)
    );
    all_gone(pgid);
}

#[test]
fn stop_ends_the_whole_tree_by_plan() {
    let group = group_of_four();
    let pgid = group.leader().pid() as i32;
    let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    let reports = group.stop(&plan).expect("stop");
    assert_eq!(reports.len(), 4, "{reports:?}");
    assert_eq!(reports[0].pid, group.leader().pid());
    for report in &reports {
        assert!(
            matches!(report.outcome, StopOutcome::Ended { step: 0, .. }),
            "{report:?}"
        );
    }
    all_gone(pgid);
}

#[test]
fn dropping_a_group_leaves_nothing() {
    let group = group_of_four();
    let pgid = group.leader().pid() as i32;
    drop(group);
    all_gone(pgid);
}

#[test]
fn a_reaped_leader_refuses_the_group_signal() {
    let mut group = Group::spawn(Command::new(HELPER).args(["exit", "0"])).expect("spawn");
    assert!(group.child().wait().expect("wait").success());
    // The probe: the refusal does not depend on the signal, and nothing
    // real goes to the group of a reaped leader.
    let err = group.signal(Signal::NULL).unwrap_err();
    assert_eq!(err.kind(), sigsend::ErrorKind::NoSuchProcess);
}

#[test]
fn a_command_that_cannot_start_is_an_error() {
    let err = Group::spawn(&mut Command::new("/nonexistent/sigsend-no-such")).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
}

/// A process this test started, killed through its handle when dropped
/// (also when an assertion fails).
struct Ends(Process);

impl Drop for Ends {
    fn drop(&mut self) {
        let _ = self.0.signal(Signal::KILL);
    }
}

/// Whether `pid` is in a cgroup that `Group::spawn` made.
fn in_own_cgroup(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/cgroup")).is_ok_and(|text| {
        text.lines()
            .filter_map(|line| line.strip_prefix("0::"))
            .any(|path| {
                path.rsplit('/')
                    .next()
                    .is_some_and(|leaf| leaf.starts_with("sigsend-"))
            })
    })
}

#[test]
fn a_member_that_left_the_group_ends_with_it_by_the_cgroup() {
    // The shell starts a sleep in a session (and process group) of its
    // own, and says its pid.
    let mut command = Command::new("sh");
    command
        .args(["-c", "setsid sleep 30 & echo $!; wait"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    let mut group = Group::spawn(&mut command).expect("spawn the group");
    let out = group.child().stdout.take().expect("piped output");
    let mut line = String::new();
    BufReader::new(out).read_line(&mut line).expect("read");
    let pid: u32 = line.trim().parse().expect("the sleep's pid");
    let escaped = Ends(Process::open(pid).expect("open the sleep"));
    poll_until("the sleep to lead a session of its own", || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // After the name: state, ppid, pgrp, session.
        let rest = &stat[stat.rfind(')')? + 2..];
        (rest.split_whitespace().nth(3) == Some(pid.to_string().as_str())).then_some(())
    });
    if !in_own_cgroup(group.leader().pid()) {
        eprintln!(
            "SKIPPED a_member_that_left_the_group_ends_with_it_by_the_cgroup: \
             no cgroup v2 to make one in (not root, or not delegated)"
        );
        return;
    }
    group.signal(Signal::KILL).expect("KILL the group");
    assert!(
        escaped.0.wait_timeout(TIMEOUT).expect("wait").is_some(),
        "the sleep that left the group was ended too"
    );
    assert_eq!(group.leader().wait(), Ok(Exit::Signaled(Signal::KILL)));
}
