//! Linux only: tgkill, gettid, pidfds, and the C library's real-time range.

use std::os::fd::{FromRawFd, OwnedFd, RawFd};

use super::cvt;
use crate::error::{Call, Error};

/// The real-time range the C library leaves to programs (glibc keeps the
/// kernel's lowest two or three for itself).
pub(crate) fn rt_range() -> Option<(i32, i32)> {
    Some((libc::SIGRTMIN(), libc::SIGRTMAX()))
}

pub(crate) fn tgkill(tgid: i32, tid: i32, sig: i32) -> Result<(), Error> {
    let call = Call::Tgkill { tgid, tid, sig };
    // SAFETY: tgkill(2) takes three integers and touches no memory of ours.
    cvt(
        unsafe { libc::syscall(libc::SYS_tgkill, tgid, tid, sig) },
        call,
    )
    .map(drop)
}

pub(crate) fn gettid() -> i32 {
    // SAFETY: gettid(2) takes nothing and cannot fail.
    let tid = unsafe { libc::syscall(libc::SYS_gettid) };
    // A thread id is a pid_t, so it fits.
    tid as i32
}

pub(crate) fn pidfd_open(pid: i32) -> Result<OwnedFd, Error> {
    // SAFETY: pidfd_open(2) takes two integers; flags 0.
    let ret = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    let fd = cvt(ret, Call::PidfdOpen { pid })?;
    // SAFETY: on success the kernel returned a new descriptor that nothing
    // else owns; a descriptor number fits in an int.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

pub(crate) fn pidfd_send_signal(fd: RawFd, sig: i32) -> Result<(), Error> {
    let call = Call::PidfdSendSignal { fd, sig };
    let null = std::ptr::null::<libc::siginfo_t>();
    // SAFETY: the caller holds `fd` open; a null siginfo asks the kernel to
    // fill one in as kill(2) would; flags 0.
    cvt(
        unsafe { libc::syscall(libc::SYS_pidfd_send_signal, fd, sig, null, 0) },
        call,
    )
    .map(drop)
}
