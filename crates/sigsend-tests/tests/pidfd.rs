//! The Linux pidfd calls: `pidfd_open` and `pidfd_send_signal` on real
//! children, before and after they are reaped.
#![cfg(target_os = "linux")]

mod common;

use std::os::fd::{AsRawFd, OwnedFd};

use common::{assert_err, assert_unharmed, bad_signals, own_pid, Helper, TIMEOUT};
use sigsend::{os, ErrorKind};

/// `pidfd_open(pid)`, or `None` after saying that this kernel is too old.
fn pidfd_open_or_skip(pid: i32) -> Option<OwnedFd> {
    match os::pidfd_open(pid) {
        Ok(fd) => Some(fd),
        Err(err) if err.kind() == ErrorKind::Unsupported => {
            eprintln!("skipped: this kernel has no pidfd_open (Linux 5.3+): {err}");
            None
        }
        Err(err) => panic!("pidfd_open({pid}): {err}"),
    }
}

#[test]
fn pidfd_send_signal_ends_the_child_and_then_finds_it_gone() {
    let mut child = Helper::idle();
    let Some(pidfd) = pidfd_open_or_skip(child.pid()) else {
        return;
    };
    os::pidfd_send_signal(&pidfd, libc::SIGTERM).expect("pidfd_send_signal");
    assert_eq!(child.wait_signal(), Some(libc::SIGTERM));
    // Reaped: the pidfd still refers to that process, which is gone; a
    // pidfd never reaches another process that reused the pid.
    for sig in [0, libc::SIGTERM] {
        assert_err(
            os::pidfd_send_signal(&pidfd, sig),
            ErrorKind::NoSuchProcess,
            libc::ESRCH,
        );
    }
}

#[test]
fn pidfd_send_signal_is_sent_by_us_as_by_kill() {
    let mut child = Helper::ready(&["catch", "USR1"]);
    let Some(pidfd) = pidfd_open_or_skip(child.pid()) else {
        return;
    };
    os::pidfd_send_signal(&pidfd, libc::SIGUSR1).expect("pidfd_send_signal");
    let caught = child.caught();
    assert_eq!(caught.signo, libc::SIGUSR1, "{caught:?}");
    assert_eq!(caught.code, libc::SI_USER, "{caught:?}");
    assert_eq!(caught.pid, own_pid(), "{caught:?}");
    assert_eq!(child.wait().code(), Some(0));
}

#[test]
fn pidfd_send_signal_rejects_numbers_that_are_no_signal() {
    let child = Helper::idle();
    let Some(pidfd) = pidfd_open_or_skip(child.pid()) else {
        return;
    };
    for sig in bad_signals() {
        assert_err(
            os::pidfd_send_signal(&pidfd, sig),
            ErrorKind::InvalidSignal,
            libc::EINVAL,
        );
    }
    assert_unharmed(child);
}

#[test]
fn pidfd_open_rejects_pids_that_name_no_process() {
    if pidfd_open_or_skip(own_pid()).is_none() {
        return;
    }
    for pid in [0, -1, i32::MIN] {
        assert_err(os::pidfd_open(pid), ErrorKind::InvalidInput, libc::EINVAL);
    }
}

#[test]
fn pidfd_open_of_a_reaped_child_is_no_such_process() {
    let mut child = Helper::idle();
    let pid = child.pid();
    if pidfd_open_or_skip(pid).is_none() {
        return;
    }
    child.close_stdin();
    assert_eq!(child.wait().code(), Some(0));
    assert_err(os::pidfd_open(pid), ErrorKind::NoSuchProcess, libc::ESRCH);
}

/// `poll` for readability of `fd`, waiting at most `timeout_ms`; the
/// returned events.
fn poll_readable(fd: &OwnedFd, timeout_ms: i32) -> libc::c_short {
    let mut pollfd = libc::pollfd {
        fd: fd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, and fd stays open during the call.
    let ready = unsafe { libc::poll(&mut pollfd, 1, timeout_ms) };
    assert!(ready >= 0, "poll: {}", std::io::Error::last_os_error());
    pollfd.revents
}

#[test]
fn a_pidfd_becomes_readable_when_the_child_exits() {
    let mut child = Helper::idle();
    let Some(pidfd) = pidfd_open_or_skip(child.pid()) else {
        return;
    };
    assert_eq!(poll_readable(&pidfd, 0), 0, "readable while the child runs");
    child.close_stdin();
    let timeout_ms = i32::try_from(TIMEOUT.as_millis()).expect("a short timeout");
    let events = poll_readable(&pidfd, timeout_ms);
    assert_ne!(events & libc::POLLIN, 0, "not readable after the exit");
    assert_eq!(child.wait().code(), Some(0));
}
