//! `sigsend::Group`: a command started in a process group of its own,
//! whose signal reaches its grandchildren, and which leaves nothing behind
//! when dropped. Trees are the helper's capped `tree` mode. Linux: "gone"
//! is read from `/proc`.

#![cfg(target_os = "linux")]

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::trees::{alive_in_group, all_gone};
use common::HELPER;
use sigsend::{Exit, Group, Signal, Stop, StopOutcome};

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
    let err = group.signal(Signal::TERM).unwrap_err();
    assert_eq!(err.kind(), sigsend::ErrorKind::NoSuchProcess);
}

#[test]
fn a_command_that_cannot_start_is_an_error() {
    let err = Group::spawn(&mut Command::new("/nonexistent/sigsend-no-such")).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
}
