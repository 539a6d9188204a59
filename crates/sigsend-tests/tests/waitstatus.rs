//! `sigsend::os::waitstatus_to_exitcode` on wait statuses of real children.

#![cfg(unix)]

mod common;

use std::os::unix::process::ExitStatusExt;

use common::Helper;
use sigsend::{os, ErrorKind};

#[test]
fn an_exit_gives_its_exit_code() {
    for code in [0, 3, 255] {
        let mut child = Helper::start(&["exit", &code.to_string()]);
        let status = child.wait().into_raw();
        assert_eq!(
            os::waitstatus_to_exitcode(status),
            Ok(code),
            "status {status:#x}"
        );
    }
}

#[test]
fn a_death_by_signal_gives_minus_the_signal() {
    for sig in [libc::SIGKILL, libc::SIGTERM] {
        let mut child = Helper::idle();
        os::kill(child.pid(), sig).expect("kill");
        let status = child.wait().into_raw();
        assert_eq!(
            os::waitstatus_to_exitcode(status),
            Ok(-sig),
            "status {status:#x}"
        );
    }
}

#[test]
fn a_stop_is_invalid_input() {
    let child = Helper::idle();
    os::kill(child.pid(), libc::SIGSTOP).expect("kill SIGSTOP");
    assert_eq!(child.wait_stopped(), libc::SIGSTOP);
    // The child is stopped and stays so (nothing continues it), so this
    // waitpid reports that stop at once and cannot reap it.
    let mut status = 0;
    // SAFETY: waitpid writes the status into the int it is given.
    let ret = unsafe { libc::waitpid(child.pid(), &mut status, libc::WUNTRACED | libc::WNOHANG) };
    assert_eq!(
        ret,
        child.pid(),
        "waitpid: {}",
        std::io::Error::last_os_error()
    );
    assert!(libc::WIFSTOPPED(status), "status {status:#x}");
    let err = os::waitstatus_to_exitcode(status).expect_err("a stop is no exit");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert_eq!(err.raw_os_error(), None, "{err}");
}
