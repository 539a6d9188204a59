//! `sigsend::Target`: each form reaches what `kill(2)` would, and the ids
//! that `kill(2)` would misread are refused before any system call.

#![cfg(unix)]

mod common;

use common::{assert_refused, assert_unharmed, Helper};
use sigsend::{ErrorKind, Signal, Target};

#[test]
fn a_process_gets_the_signal() {
    let mut child = Helper::idle();
    let target = Target::Process(child.pid().unsigned_abs());
    target.send(Signal::NULL).expect("probe");
    target.send(Signal::TERM).expect("TERM");
    assert_eq!(child.wait_signal(), Some(Signal::TERM.as_raw()));
    let err = target.send(Signal::NULL).expect_err("reaped");
    assert_eq!(err.kind(), ErrorKind::NoSuchProcess);
    assert_eq!(err.raw_os_error(), Some(libc::ESRCH));
}

#[test]
fn a_group_gets_the_signal_and_no_one_else() {
    let mut leader = Helper::idle();
    let mut member = Helper::start_in_group(&["idle"], leader.pid());
    member.expect_line("ready");
    let bystander = Helper::idle();
    Target::Group(leader.pid().unsigned_abs())
        .send(Signal::USR1)
        .expect("USR1 to the group");
    assert_eq!(leader.wait_signal(), Some(libc::SIGUSR1));
    assert_eq!(member.wait_signal(), Some(libc::SIGUSR1));
    assert_unharmed(bystander);
}

#[test]
fn ids_that_kill_would_misread_are_refused() {
    // 0 would be the caller's group, group 1 would be kill(-1): everyone.
    // The null signal, so that even a broken refusal would send nothing.
    assert_refused(
        Target::Process(0).send(Signal::NULL),
        ErrorKind::InvalidInput,
    );
    assert_refused(Target::Group(0).send(Signal::NULL), ErrorKind::InvalidInput);
    assert_refused(Target::Group(1).send(Signal::NULL), ErrorKind::InvalidInput);
    // Above i32::MAX: no id, and it is never truncated.
    for id in [1 << 31, u32::MAX] {
        assert_refused(
            Target::Process(id).send(Signal::NULL),
            ErrorKind::InvalidInput,
        );
        assert_refused(
            Target::Group(id).send(Signal::NULL),
            ErrorKind::InvalidInput,
        );
    }
}

#[test]
fn kill_pid_encoding_maps_to_targets() {
    assert_eq!(Target::from_kill_pid(7), Target::Process(7));
    assert_eq!(Target::from_kill_pid(0), Target::OwnGroup);
    assert_eq!(Target::from_kill_pid(-1), Target::Everyone);
    assert_eq!(Target::from_kill_pid(-7), Target::Group(7));
    assert_eq!(Target::from_kill_pid(i32::MIN), Target::Group(1 << 31));
    assert_eq!(Target::Group(7).to_string(), "process group 7");
}
