//! The effective uid of a process through a pidfd (`PIDFD_GET_INFO`,
//! Linux 6.13 and later): what the `Uid:` line of `/proc/PID/status`
//! tells, without the kernel writing the rest of `status` (whose memory
//! figures take the process's memory map lock). Where the kernel cannot
//! tell it this way, the caller reads `status`.

use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};

use super::pidfd_open;
use crate::sys::errno;

/// `struct pidfd_info` of `<linux/pidfd.h>`, its first version (64 bytes;
/// a later kernel fills what it knows of it).
#[repr(C)]
#[derive(Default)]
struct PidfdInfo {
    mask: u64,
    cgroupid: u64,
    pid: u32,
    tgid: u32,
    ppid: u32,
    ruid: u32,
    rgid: u32,
    euid: u32,
    egid: u32,
    suid: u32,
    sgid: u32,
    fsuid: u32,
    fsgid: u32,
    spare: u32,
}

/// `_IOWR(PIDFS_IOCTL_MAGIC, 11, struct pidfd_info)`.
const PIDFD_GET_INFO: u32 =
    (3 << 30) | ((std::mem::size_of::<PidfdInfo>() as u32) << 16) | (0xFF << 8) | 11;
/// The credentials, asked for and (always, where there is the ioctl) given.
const PIDFD_INFO_CREDS: u64 = 1 << 1;

/// Set once the kernel has no pidfds or no `PIDFD_GET_INFO`: not tried
/// again, for any process.
static UNSUPPORTED: AtomicBool = AtomicBool::new(false);

/// The effective uid of the process `pid` names now, as this process's
/// user namespace sees it (as `status` gives it); `None` when it cannot be
/// told this way (no pidfds, a kernel before 6.13, the process gone).
pub(crate) fn euid(pid: i32) -> Option<u32> {
    if UNSUPPORTED.load(Ordering::Relaxed) {
        return None;
    }
    let pidfd = match pidfd_open(pid) {
        Ok(pidfd) => pidfd,
        Err(err) => {
            if err.raw_os_error() == Some(libc::ENOSYS) {
                UNSUPPORTED.store(true, Ordering::Relaxed);
            }
            return None;
        }
    };
    let mut info = PidfdInfo {
        mask: PIDFD_INFO_CREDS,
        ..PidfdInfo::default()
    };
    // SAFETY: the pidfd is open; the request's size is that of `info`, a
    // `repr(C)` struct of ours that the kernel writes at most that much of.
    let ret = unsafe { libc::ioctl(pidfd.as_raw_fd(), PIDFD_GET_INFO as _, &mut info) };
    if ret == -1 {
        if matches!(errno(), libc::ENOTTY | libc::EINVAL | libc::EOPNOTSUPP) {
            UNSUPPORTED.store(true, Ordering::Relaxed);
        }
        return None;
    }
    (info.mask & PIDFD_INFO_CREDS != 0).then_some(info.euid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_uid_that_status_tells() {
        assert_eq!(PIDFD_GET_INFO, 0xC040_FF0B);
        let me = std::process::id() as i32;
        let status = std::fs::read(format!("/proc/{me}/status")).unwrap();
        let uid = super::super::status::uid(&status);
        match euid(me) {
            Some(euid) => assert_eq!(Some(euid), uid),
            None => eprintln!("SKIPPED: no PIDFD_GET_INFO on this kernel"),
        }
        assert_eq!(euid(i32::MAX), None, "no such process");
    }
}
