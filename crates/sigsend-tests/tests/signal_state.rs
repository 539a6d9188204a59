//! A process's signal state (`kill -d`, `kill -r`): `sigsend::signal_state`
//! and `Process::signal_state` on a helper whose state is known.

#![cfg(any(target_os = "linux", target_os = "freebsd"))]

mod common;

use common::Helper;
use sigsend::{signal_state, ErrorKind, Process, Signal, SignalSet, SignalState};

fn set(signals: &[Signal]) -> SignalSet {
    signals.iter().copied().collect()
}

/// What the `state` helper shows: USR1 caught, USR2 ignored, HUP blocked.
fn expected(pending: &[Signal]) -> SignalState {
    let mut state = SignalState::default();
    state.caught = set(&[Signal::USR1]);
    state.ignored = set(&[Signal::USR2]);
    state.blocked = set(&[Signal::HUP]);
    state.pending_process = set(pending);
    state
}

/// `state` without the signals that have no name (glibc keeps Linux's 32
/// and 33 for itself and refuses to change them, so the helper keeps
/// whatever disposition its parent left them).
fn named(mut state: SignalState) -> SignalState {
    let has_name = |sig: &Signal| sig.is_realtime() || sig.name().parse::<i32>().is_err();
    for set in [
        &mut state.pending_thread,
        &mut state.pending_process,
        &mut state.blocked,
        &mut state.ignored,
        &mut state.caught,
    ] {
        *set = set.iter().filter(has_name).collect();
    }
    state
}

#[test]
fn caught_ignored_and_blocked_are_exactly_the_helpers() {
    let helper = Helper::ready(&["state"]);
    let by_pid = signal_state(helper.pid() as u32).expect("read the state");
    assert_eq!(named(by_pid), expected(&[]));
    let process = Process::from_child(helper.child()).expect("open the helper");
    let by_handle = process.signal_state().expect("read the state");
    assert_eq!(named(by_handle), expected(&[]));
    common::assert_unharmed(helper);
}

#[test]
fn a_blocked_signal_sent_to_the_process_is_pending() {
    let helper = Helper::ready(&["state"]);
    let process = Process::from_child(helper.child()).expect("open the helper");
    process.signal(Signal::HUP).expect("send HUP");
    let state = process.signal_state().expect("read the state");
    assert_eq!(named(state), expected(&[Signal::HUP]));
    assert!(state.pending_process.contains(Signal::HUP));
    assert!(!state.pending_process.contains(Signal::USR1));
}

#[test]
fn a_reaped_process_has_no_state() {
    let mut helper = Helper::idle();
    let process = Process::from_child(helper.child()).expect("open the helper");
    let pid = helper.pid() as u32;
    helper.close_stdin();
    helper.wait();
    let err = process.signal_state().expect_err("the process is gone");
    assert_eq!(err.kind(), ErrorKind::NoSuchProcess, "{err}");
    // The pid may name a new process by now; if not, there is no state.
    if let Err(err) = signal_state(pid) {
        assert_eq!(err.kind(), ErrorKind::NoSuchProcess, "{err}");
    }
}
