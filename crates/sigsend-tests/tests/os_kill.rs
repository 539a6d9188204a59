//! `sigsend::os::kill` against real child processes: every signal arrives
//! as itself, signal 0 probes existence (zombies included), and the kernel's
//! errors come back with the right kind and code.

#![cfg(unix)]

mod common;

use common::{
    assert_err, assert_refused, assert_unharmed, bad_signals, own_pid, unprivileged, Helper,
};
use sigsend::{os, ErrorKind, Signal};

/// Signals whose default action is to stop the process.
const STOPPING: [Signal; 4] = [Signal::STOP, Signal::TSTP, Signal::TTIN, Signal::TTOU];
/// Signals that are ignored by default: only a handler sees them.
const IGNORED: [Signal; 4] = [Signal::CHLD, Signal::URG, Signal::WINCH, Signal::CONT];

/// Every named signal once (aliases left out), in `kill -l` order.
fn named_signals() -> Vec<Signal> {
    let mut signals: Vec<Signal> = Vec::new();
    for (_, sig) in Signal::names() {
        if !signals.contains(&sig) {
            signals.push(sig);
        }
    }
    signals
}

/// RTMIN, RTMIN+1 and RTMAX.
fn some_realtime_signals() -> Vec<Signal> {
    let lo = Signal::rtmin().expect("Linux has real-time signals");
    let hi = Signal::rtmax().expect("Linux has real-time signals");
    let next = Signal::from_raw(lo.as_raw() + 1).expect("RTMIN+1");
    assert!(lo < next && next < hi, "real-time range {lo}..={hi}");
    vec![lo, next, hi]
}

#[test]
fn every_terminating_signal_ends_the_child_with_that_signal() {
    let mut signals: Vec<Signal> = named_signals()
        .into_iter()
        .filter(|sig| !STOPPING.contains(sig) && !IGNORED.contains(sig))
        .collect();
    assert!(signals.contains(&Signal::KILL) && signals.contains(&Signal::SEGV));
    signals.extend(some_realtime_signals());
    for sig in signals {
        eprintln!("sending {sig}");
        let mut child = Helper::idle();
        os::kill(child.pid(), sig.as_raw()).unwrap_or_else(|err| panic!("{sig}: {err}"));
        assert_eq!(child.wait_signal(), Some(sig.as_raw()), "ended by {sig}");
    }
}

#[test]
fn stop_signals_stop_the_child() {
    for sig in STOPPING {
        eprintln!("sending {sig}");
        let mut child = Helper::idle();
        os::kill(child.pid(), sig.as_raw()).unwrap_or_else(|err| panic!("{sig}: {err}"));
        assert_eq!(child.wait_stopped(), sig.as_raw(), "stopped by {sig}");
        // Stopped, it still exists, and SIGKILL still ends it.
        os::kill(child.pid(), 0).expect("a stopped child exists");
        os::kill(child.pid(), libc::SIGKILL).expect("SIGKILL to a stopped child");
        assert_eq!(child.wait_signal(), Some(libc::SIGKILL), "{sig}");
    }
}

#[test]
fn signals_ignored_by_default_reach_a_handler() {
    for sig in IGNORED {
        eprintln!("sending {sig}");
        let mut child = Helper::ready(&["catch", &sig.name()]);
        os::kill(child.pid(), sig.as_raw()).unwrap_or_else(|err| panic!("{sig}: {err}"));
        let caught = child.caught();
        assert_eq!(caught.signo, sig.as_raw(), "{sig}: {caught:?}");
        assert_eq!(
            caught.code,
            common::SI_USER,
            "{sig}: sent by kill: {caught:?}"
        );
        assert_eq!(caught.pid, own_pid(), "{sig}: sent by us: {caught:?}");
        assert_eq!(child.wait().code(), Some(0), "{sig}");
    }
}

#[test]
fn signal_0_finds_a_live_child_and_a_zombie_but_not_a_reaped_one() {
    let mut child = Helper::idle();
    let pid = child.pid();
    os::kill(pid, 0).expect("kill(live child, 0)");

    child.close_stdin();
    child.wait_zombie();
    os::kill(pid, 0).expect("kill(zombie, 0)");
    os::kill(pid, libc::SIGTERM).expect("kill(zombie, SIGTERM)");
    // The zombie had already exited: SIGTERM changed nothing.
    assert_eq!(child.wait().code(), Some(0));

    // Reaped: the pid names no process (signal 0 sends nothing, so a pid
    // reused meanwhile would not be harmed).
    assert_err(os::kill(pid, 0), ErrorKind::NoSuchProcess, libc::ESRCH);
}

#[test]
fn numbers_that_are_no_signal_are_rejected_and_send_nothing() {
    let child = Helper::idle();
    for sig in bad_signals() {
        assert_err(
            os::kill(child.pid(), sig),
            ErrorKind::InvalidSignal,
            libc::EINVAL,
        );
    }
    assert_unharmed(child);
}

#[test]
fn pid_i32_min_is_no_such_process() {
    // Linux refuses INT_MIN (whose negation overflows) before looking for a
    // target; signal 0 so that nothing could be sent even if it did not.
    assert_err(os::kill(i32::MIN, 0), ErrorKind::NoSuchProcess, libc::ESRCH);
}

/// Runs the helper as uid/gid 65534 with `call kill PID SIG` and returns
/// its one line.
fn unprivileged_kill(helper: &unprivileged::Helper, pid: i32, sig: &str) -> String {
    unprivileged::run(helper, &["call", "kill", &pid.to_string(), sig])
}

#[test]
fn another_users_process_is_permission_denied_and_a_reaped_one_no_such_process() {
    let Some(helper) = unprivileged::helper() else {
        return;
    };
    let target = Helper::idle(); // owned by root
    let denied = format!("err PermissionDenied {}", libc::EPERM);
    assert_eq!(unprivileged_kill(&helper, target.pid(), "0"), denied);
    assert_eq!(unprivileged_kill(&helper, target.pid(), "KILL"), denied);
    assert_unharmed(target);

    let mut gone = Helper::idle();
    let pid = gone.pid();
    gone.close_stdin();
    assert_eq!(gone.wait().code(), Some(0));
    assert_eq!(
        unprivileged_kill(&helper, pid, "0"),
        format!("err NoSuchProcess {}", libc::ESRCH)
    );
}

#[test]
fn pid_exists_is_true_for_a_process_the_caller_may_not_signal() {
    let Some(helper) = unprivileged::helper() else {
        return;
    };
    let target = Helper::idle(); // owned by root
    let pid = target.pid().to_string();
    assert_eq!(
        unprivileged::run(&helper, &["call", "exists", &pid]),
        "exists true"
    );
    assert_unharmed(target);
}

#[test]
fn pid_exists_follows_a_child_from_life_to_reaping() {
    let mut child = Helper::idle();
    let pid = child.pid().unsigned_abs();
    assert_eq!(sigsend::pid_exists(pid), Ok(true));
    child.close_stdin();
    child.wait_zombie();
    assert_eq!(sigsend::pid_exists(pid), Ok(true), "a zombie still exists");
    assert_eq!(child.wait().code(), Some(0));
    assert_eq!(sigsend::pid_exists(pid), Ok(false));
    for bad in [0, 1 << 31, u32::MAX] {
        assert_refused(sigsend::pid_exists(bad), ErrorKind::InvalidInput);
    }
}
