//! Process groups: `kill(-pgid)`, `killpg`, and pid/pgid 0, on groups the
//! test creates. pid 0 and pgid 0 are only ever used by a helper inside
//! such a group, never by the test process (whose group is the runner's).

#![cfg(unix)]

mod common;

use common::{assert_err, assert_unharmed, Helper};
use sigsend::{os, ErrorKind};

/// A process group of this test's own: an idle leader `L` (its pgid is its
/// pid) and an idle member `M`.
fn group() -> (Helper, Helper) {
    let leader = Helper::idle();
    let member = Helper::start_in_group(&["idle"], leader.pid());
    member.expect_line("ready");
    // SAFETY: getpgid takes a pid and touches no memory of ours.
    let pgid = unsafe { libc::getpgid(member.pid()) };
    assert_eq!(pgid, leader.pid(), "the member is in the leader's group");
    (leader, member)
}

/// Asserts that each helper ends by signal `sig`.
#[track_caller]
fn assert_all_ended_by(helpers: &mut [&mut Helper], sig: i32) {
    for helper in helpers {
        assert_eq!(helper.wait_signal(), Some(sig), "helper {}", helper.pid());
    }
}

#[test]
fn kill_of_a_negative_pid_signals_the_whole_group() {
    let (mut leader, mut member) = group();
    os::kill(-leader.pid(), libc::SIGUSR1).expect("kill(-pgid, SIGUSR1)");
    assert_all_ended_by(&mut [&mut leader, &mut member], libc::SIGUSR1);
}

#[test]
fn killpg_signals_the_whole_group() {
    let (mut leader, mut member) = group();
    os::killpg(leader.pid(), libc::SIGHUP).expect("killpg(pgid, SIGHUP)");
    assert_all_ended_by(&mut [&mut leader, &mut member], libc::SIGHUP);
}

/// A third helper, in the group, calls `call` with 0 as its target: it
/// signals its own group, itself included.
fn signal_own_group_from_inside(call: &str, sig: i32) {
    let (mut leader, mut member) = group();
    let mut caller = Helper::start_in_group(&["call", call, "0", &sig.to_string()], leader.pid());
    assert_all_ended_by(&mut [&mut caller, &mut leader, &mut member], sig);
}

#[test]
fn kill_of_pid_0_signals_the_callers_group() {
    signal_own_group_from_inside("kill", libc::SIGTERM);
}

#[test]
fn killpg_of_pgid_0_signals_the_callers_group() {
    signal_own_group_from_inside("killpg", libc::SIGUSR2);
}

#[test]
fn killpg_of_a_negative_pgid_is_invalid_input() {
    let (leader, member) = group();
    // The negation of a group we own: were it passed on as kill(pgid), it
    // could only reach our own children, and assert_unharmed would see it.
    assert_err(
        os::killpg(-leader.pid(), libc::SIGTERM),
        ErrorKind::InvalidInput,
        libc::EINVAL,
    );
    assert_unharmed(member);
    assert_unharmed(leader);
}

#[test]
fn a_group_that_no_longer_exists_is_no_such_process() {
    let (mut leader, mut member) = group();
    let pgid = leader.pid();
    for helper in [&mut member, &mut leader] {
        helper.close_stdin();
        assert_eq!(helper.wait().code(), Some(0));
    }
    // Signal 0: should the pgid have been reused meanwhile, nothing is sent.
    assert_err(os::killpg(pgid, 0), ErrorKind::NoSuchProcess, libc::ESRCH);
    assert_err(os::kill(-pgid, 0), ErrorKind::NoSuchProcess, libc::ESRCH);
}
