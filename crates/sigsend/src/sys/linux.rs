//! Linux only: tgkill, gettid, pidfds (with a queued value too), poll, and
//! the C library's real-time range; the process handle is in `handle.rs`,
//! `/proc` in `procfs.rs` (reading a process's files), `stat.rs` (name,
//! parent, start time), `status.rs` (thread group, signal masks), `list.rs`
//! (the list of processes, a signal state by pid) and `ports.rs` (the
//! processes holding a port); `cgroup.rs` gives a group a cgroup of its
//! own; `guardian.rs` resumes what a tree walk stopped should the walker
//! be killed.

use std::fs::File;
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::MetadataExt;
use std::time::Instant;

use super::{cvt, getuid, sigval_int};
use crate::error::{Error, ErrorKind};
use crate::sys::Call;

mod cgroup;
mod children;
mod guardian;
mod handle;
mod list;
mod ports;
mod procfs;
mod stat;
mod status;

pub(super) use cgroup::{join as join_cgroup, Cgroup};
pub(crate) use children::ChildLists;
pub(super) use guardian::Guardian;
pub(crate) use handle::{wait_any, Handle};
pub(crate) use list::{process, processes, signal_state};
pub(crate) use ports::port_holders;

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

/// A signalfd (close-on-exec, non-blocking) for `signals`: readable while
/// one of them is pending. Never read: the signal stays pending, to be
/// delivered once it is unblocked.
pub(super) fn signalfd(signals: &[libc::c_int]) -> Result<OwnedFd, Error> {
    let mut set = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigemptyset initialises the set we own; sigaddset adds valid
    // signal numbers to it.
    unsafe {
        libc::sigemptyset(set.as_mut_ptr());
        for &sig in signals {
            libc::sigaddset(set.as_mut_ptr(), sig);
        }
    }
    // SAFETY: the set is initialised above and read during the call; -1
    // asks for a new descriptor.
    let ret = unsafe { libc::signalfd(-1, set.as_ptr(), libc::SFD_CLOEXEC | libc::SFD_NONBLOCK) };
    let fd = cvt(ret, Call::Signalfd)?;
    // SAFETY: on success the kernel returned a new descriptor that nothing
    // else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `PIDFS_MAGIC`: the `f_type` of a pidfd on pidfs (Linux 6.9+), where
/// its inode number is unique to its process.
const PIDFS_MAGIC: u64 = 0x5049_4446;

/// The inode of a pidfd on pidfs; `Unsupported` on older kernels, whose
/// pidfds share one anonymous inode.
fn pidfs_inode(fd: BorrowedFd<'_>) -> Result<u64, Error> {
    let call = Call::PidfdInode { fd: fd.as_raw_fd() };
    let mut fs = MaybeUninit::<libc::statfs>::zeroed();
    // SAFETY: the borrowed descriptor stays open during the call, which
    // writes one statfs into the zeroed buffer we own.
    let ret = unsafe { libc::fstatfs(fd.as_raw_fd(), fs.as_mut_ptr()) };
    cvt(ret, call)?;
    // SAFETY: fstatfs succeeded and filled in the struct.
    let fs = unsafe { fs.assume_init() };
    // f_type's integer type differs between architectures; the magic
    // numbers are positive 32-bit values.
    if fs.f_type as u64 != PIDFS_MAGIC {
        return Err(Error::new(
            ErrorKind::Unsupported,
            "a process's pidfs inode (PID:INODE) needs pidfs, Linux 6.9 or later",
        ));
    }
    // The file's metadata comes from statx (fstat64 before it), so the
    // inode is 64 bits on every architecture.
    let io = |err: std::io::Error| Error::from_io(&err, call);
    let file = File::from(fd.try_clone_to_owned().map_err(io)?);
    Ok(file.metadata().map_err(io)?.ino())
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

/// `pidfd_send_signal(2)` with a siginfo that carries `value`, filled in as
/// `sigqueue(3)` fills it (`SI_QUEUE`, our pid and uid). The kernel lets a
/// process send a siginfo of its own making to another process only when
/// `si_code` is negative and not `SI_TKILL`; `SI_QUEUE` (-1) is such a
/// code, and `si_signo` must equal `sig`.
fn pidfd_sigqueue(fd: RawFd, sig: i32, value: i32) -> Result<(), Error> {
    let call = Call::PidfdSigqueue { fd, sig, value };
    let info = queued_siginfo(sig, value);
    // SAFETY: the caller holds `fd` open; `info` is a fully initialised
    // siginfo of the kernel's size that lives across the call, which only
    // reads it; flags 0.
    cvt(
        unsafe {
            libc::syscall(
                libc::SYS_pidfd_send_signal,
                fd,
                sig,
                &info as *const Siginfo,
                0,
            )
        },
        call,
    )
    .map(drop)
}

/// The head of a siginfo as the kernel lays it out for `SI_QUEUE`: three
/// ints (MIPS puts `si_code` before `si_errno`), then the union, aligned
/// for a pointer, whose `_rt` member is pid, uid and the value. On 64-bit
/// targets the kernel pads the three ints to four
/// (`__ARCH_SI_PREAMBLE_SIZE`): that int is a field here, so the head has
/// no padding, whose bytes a copy need not keep and which would then
/// reach the target's handler as whatever was in memory.
#[repr(C)]
#[derive(Clone, Copy)]
struct QueuedHead {
    signo: libc::c_int,
    #[cfg(not(any(target_arch = "mips", target_arch = "mips64")))]
    errno: libc::c_int,
    code: libc::c_int,
    #[cfg(any(target_arch = "mips", target_arch = "mips64"))]
    errno: libc::c_int,
    #[cfg(target_pointer_width = "64")]
    pad: libc::c_int,
    rt: QueuedRt,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct QueuedRt {
    pid: libc::pid_t,
    uid: libc::uid_t,
    value: libc::sigval,
}

/// A siginfo of the kernel's full size (128 bytes), zero where the head
/// does not reach.
#[repr(C)]
union Siginfo {
    head: QueuedHead,
    bytes: [u64; 16],
}

fn queued_siginfo(sig: i32, value: i32) -> Siginfo {
    let mut info = Siginfo { bytes: [0; 16] };
    info.head = QueuedHead {
        signo: sig,
        errno: 0,
        code: libc::SI_QUEUE,
        #[cfg(target_pointer_width = "64")]
        pad: 0,
        rt: QueuedRt {
            pid: std::process::id() as libc::pid_t,
            uid: getuid(),
            value: sigval_int(value),
        },
    };
    info
}

/// The `poll(2)` timeout for `deadline`: milliseconds rounded up (so that
/// a wait never ends just before its deadline and spins), -1 for none.
fn poll_timeout(deadline: Option<Instant>) -> libc::c_int {
    let Some(deadline) = deadline else { return -1 };
    let left = deadline.saturating_duration_since(Instant::now());
    let ms = left.as_nanos().div_ceil(1_000_000);
    libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
}

/// Waits with one `poll(2)` until one of `fds` is readable or `deadline`
/// passes; for each of `fds`, whether it is readable. None is when the
/// deadline passed, or a signal interrupted the wait (`EINTR`: the caller
/// looks again and waits for the time that is left).
///
/// `poll` takes at most `RLIMIT_NOFILE` descriptors (`EINVAL` beyond).
fn poll_readable(fds: &[RawFd], deadline: Option<Instant>) -> Result<Vec<bool>, Error> {
    let mut polled: Vec<libc::pollfd> = fds
        .iter()
        .map(|&fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    let count = polled.len();
    // SAFETY: `polled` is a live array of `count` pollfd structs that poll
    // may write `revents` into.
    let ret = unsafe {
        libc::poll(
            polled.as_mut_ptr(),
            count as libc::nfds_t,
            poll_timeout(deadline),
        )
    };
    match cvt(ret, Call::Poll { count }) {
        Ok(_) => Ok(polled.iter().map(|fd| fd.revents != 0).collect()),
        Err(err) if err.raw_os_error() == Some(libc::EINTR) => Ok(vec![false; count]),
        Err(err) => Err(err),
    }
}

/// `pidfd_open(2)` with `flags` (`PIDFD_NONBLOCK`, `PIDFD_THREAD`) passed
/// through unchanged, as Python's `os.pidfd_open(pid, flags)` does.
pub(crate) fn pidfd_open_with_flags(pid: i32, flags: u32) -> Result<OwnedFd, Error> {
    // SAFETY: pidfd_open(2) takes two integers and touches no memory of ours.
    let ret = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, flags) };
    let fd = cvt(ret, Call::PidfdOpen { pid })?;
    // SAFETY: on success the kernel returned a new descriptor that nothing
    // else owns; a descriptor number fits in an int.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// `pidfd_send_signal(2)` with no siginfo and `flags` passed through
/// unchanged, on a descriptor number: a number that is no pidfd is the
/// kernel's `EBADF` or `EINVAL`, and nothing is sent.
pub(crate) fn pidfd_send_signal_with_flags(fd: RawFd, sig: i32, flags: u32) -> Result<(), Error> {
    let call = Call::PidfdSendSignal { fd, sig };
    let null = std::ptr::null::<libc::siginfo_t>();
    // SAFETY: the system call takes integers and a null siginfo (the
    // kernel fills one in as kill(2) would); a descriptor number that is
    // not open, or no pidfd, makes it fail and touches no memory of ours.
    cvt(
        unsafe { libc::syscall(libc::SYS_pidfd_send_signal, fd, sig, null, flags) },
        call,
    )
    .map(drop)
}

/// For tests: makes `pidfd_open` fail with `errno` in the calling thread
/// (and what it forks) from now on, by a seccomp filter, as a container's
/// or a service manager's filter does for a call it does not know. Other
/// threads of the test runner are untouched: both `no_new_privs` and a
/// filter installed without `SECCOMP_FILTER_FLAG_TSYNC` are the thread's.
#[cfg(test)]
pub(super) fn refuse_pidfd_open_in_this_thread(errno: i32) {
    let op = |code: u32| code as u16;
    let mut filter = [
        // A = seccomp_data.nr (offset 0)
        libc::sock_filter {
            code: op(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS),
            jt: 0,
            jf: 0,
            k: 0,
        },
        libc::sock_filter {
            code: op(libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K),
            jt: 0,
            jf: 1,
            k: libc::SYS_pidfd_open as u32,
        },
        libc::sock_filter {
            code: op(libc::BPF_RET | libc::BPF_K),
            jt: 0,
            jf: 0,
            k: libc::SECCOMP_RET_ERRNO | errno as u32,
        },
        libc::sock_filter {
            code: op(libc::BPF_RET | libc::BPF_K),
            jt: 0,
            jf: 0,
            k: libc::SECCOMP_RET_ALLOW,
        },
    ];
    let program = libc::sock_fprog {
        len: filter.len() as u16,
        filter: filter.as_mut_ptr(),
    };
    // SAFETY: PR_SET_NO_NEW_PRIVS takes integers; PR_SET_SECCOMP reads
    // the program, which lives across the call (the kernel copies it).
    let (privs, seccomp) = unsafe {
        (
            libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0),
            libc::prctl(
                libc::PR_SET_SECCOMP,
                libc::SECCOMP_MODE_FILTER,
                &program as *const libc::sock_fprog,
            ),
        )
    };
    assert_eq!(
        (privs, seccomp),
        (0, 0),
        "{}",
        std::io::Error::last_os_error()
    );
    let refused = pidfd_open(std::process::id() as i32).expect_err("the filter works");
    assert_eq!(refused.raw_os_error(), Some(errno));
}

#[cfg(test)]
mod tests {
    use std::mem::{offset_of, size_of};

    use super::*;

    #[test]
    fn the_queued_siginfo_has_no_padding() {
        // Every byte of the head is a field's: nothing is left undefined.
        let ints = if cfg!(target_pointer_width = "64") {
            4
        } else {
            3
        };
        assert_eq!(offset_of!(QueuedHead, rt), ints * size_of::<libc::c_int>());
        assert_eq!(
            size_of::<QueuedRt>(),
            size_of::<libc::pid_t>() + size_of::<libc::uid_t>() + size_of::<libc::sigval>()
        );
        assert_eq!(
            size_of::<QueuedHead>(),
            offset_of!(QueuedHead, rt) + size_of::<QueuedRt>()
        );
        // The value sits where the libc's siginfo_t reads it.
        let info = queued_siginfo(libc::SIGUSR1, 7);
        // SAFETY: `bytes` covers the whole union, every byte of which was
        // written (zeros, then a head without padding).
        let bytes = unsafe { info.bytes };
        // SAFETY: a siginfo_t is plain data of 128 bytes, as `bytes` is.
        let libc_info: libc::siginfo_t = unsafe { std::mem::transmute(bytes) };
        assert_eq!(libc_info.si_signo, libc::SIGUSR1);
        assert_eq!(libc_info.si_code, libc::SI_QUEUE);
        // SAFETY: an SI_QUEUE siginfo has si_pid and si_value.
        let (pid, value) = unsafe { (libc_info.si_pid(), libc_info.si_value()) };
        assert_eq!(pid as u32, std::process::id());
        assert_eq!(value.sival_ptr, sigval_int(7).sival_ptr);
    }
}
