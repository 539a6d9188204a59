//! `sigsend::os::sigqueue`: the value arrives in `si_value.sival_int`, with
//! `si_code` `SI_QUEUE` and the sender's pid, for standard and real-time
//! signals.
//!
//! Not on macOS, which has no sigqueue (there it is `Unsupported`).
#![cfg(all(unix, not(target_vendor = "apple")))]

mod common;

use common::{assert_err, assert_unharmed, bad_signals, own_pid, Caught, Helper};
use sigsend::{os, ErrorKind, Signal};

/// Queues `sig` with `value` to a helper that catches `name` and checks
/// what its handler saw.
fn queue_and_catch(name: &str, value: i32) {
    let sig: Signal = name.parse().expect("a signal name");
    let mut child = Helper::ready(&["catch", name]);
    os::sigqueue(child.pid(), sig.as_raw(), value).expect("sigqueue");
    let expected = Caught {
        signo: sig.as_raw(),
        code: common::SI_QUEUE,
        value,
        pid: own_pid(),
    };
    assert_eq!(child.caught(), expected, "{sig} with value {value}");
    assert_eq!(child.wait().code(), Some(0));
}

#[test]
fn sigqueue_delivers_its_value_with_a_standard_signal() {
    queue_and_catch("USR1", 42);
}

#[test]
fn sigqueue_delivers_a_negative_value_with_a_realtime_signal() {
    queue_and_catch("RTMIN+1", -7);
}

#[test]
fn sigqueue_delivers_the_extreme_values() {
    queue_and_catch("RTMAX", i32::MIN);
    queue_and_catch("USR2", i32::MAX);
}

#[test]
fn sigqueue_rejects_numbers_that_are_no_signal() {
    let child = Helper::idle();
    for sig in bad_signals() {
        assert_err(
            os::sigqueue(child.pid(), sig, 1),
            ErrorKind::InvalidSignal,
            libc::EINVAL,
        );
    }
    assert_unharmed(child);
}
