//! [`Error`] and [`ErrorKind`]: what went wrong, in a form a caller can match on.

use std::borrow::Cow;
use std::fmt;
use std::io;

use crate::sys;

/// The category of an [`Error`], for matching.
///
/// The kinds follow Python's mapping of `errno` to exceptions: `ESRCH` is
/// [`NoSuchProcess`](ErrorKind::NoSuchProcess) (`ProcessLookupError`),
/// `EPERM` and `EACCES` are [`PermissionDenied`](ErrorKind::PermissionDenied)
/// (`PermissionError`), and `EINVAL`, which Python leaves a plain `OSError`,
/// is told apart: [`InvalidSignal`](ErrorKind::InvalidSignal) when the call
/// rejected the signal number, [`InvalidInput`](ErrorKind::InvalidInput) when
/// it rejected another argument.
///
/// On Windows, `ERROR_ACCESS_DENIED` (5) is
/// [`PermissionDenied`](ErrorKind::PermissionDenied), and
/// `ERROR_INVALID_PARAMETER` (87) from `OpenProcess`, Windows' answer to a
/// pid that no process has, is [`NoSuchProcess`](ErrorKind::NoSuchProcess)
/// (where Python raises a plain `OSError`).
///
/// ```
/// use sigsend::{ErrorKind, Signal};
///
/// let err = "SIGFOO".parse::<Signal>().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidSignal);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The process (or group, or thread) does not exist, or no longer does:
    /// it exited and was reaped. `ESRCH`.
    NoSuchProcess,
    /// The caller may not signal the target: it belongs to another user, or
    /// is protected. `EPERM` (or `EACCES`); `ERROR_ACCESS_DENIED` on Windows.
    PermissionDenied,
    /// The signal is not one this system knows: an unknown name, a number out
    /// of range, or a number the kernel rejected with `EINVAL`.
    InvalidSignal,
    /// Another argument was rejected: a negative process group, a pid of 0
    /// where a process is needed, a wait status that is no exit.
    InvalidInput,
    /// The system does not offer the operation: an old kernel (`ENOSYS`),
    /// or an OS without it (`sigqueue` on macOS, a signal to a process group
    /// on Windows).
    Unsupported,
    /// Anything else; [`Error::raw_os_error`] tells the code.
    Other,
}

impl ErrorKind {
    fn io_kind(self) -> io::ErrorKind {
        match self {
            ErrorKind::NoSuchProcess => io::ErrorKind::NotFound,
            ErrorKind::PermissionDenied => io::ErrorKind::PermissionDenied,
            ErrorKind::InvalidSignal | ErrorKind::InvalidInput => io::ErrorKind::InvalidInput,
            ErrorKind::Unsupported => io::ErrorKind::Unsupported,
            ErrorKind::Other => io::ErrorKind::Other,
        }
    }
}

/// A system call that failed, with its arguments: it names the failure in
/// messages and decides what `EINVAL` meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    #[cfg(unix)]
    Kill { pid: i32, sig: i32 },
    #[cfg(unix)]
    Killpg { pgid: i32, sig: i32 },
    #[cfg(unix)]
    PthreadKill { sig: i32 },
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Tgkill { tgid: i32, tid: i32, sig: i32 },
    #[cfg(all(unix, not(target_vendor = "apple")))]
    Sigqueue { pid: i32, sig: i32, value: i32 },
    #[cfg(any(target_os = "linux", target_os = "android"))]
    PidfdOpen { pid: i32 },
    #[cfg(any(target_os = "linux", target_os = "android"))]
    PidfdSendSignal { fd: i32, sig: i32 },
    #[cfg(any(target_os = "linux", target_os = "android"))]
    PidfdSigqueue { fd: i32, sig: i32, value: i32 },
    /// The check that a pid still names the process a handle was opened on
    /// (its start time, where there is no pidfd). It fails with `ESRCH`,
    /// as the kernel does for a pidfd whose process is gone.
    #[cfg(unix)]
    Identity { pid: i32 },
    /// `waitid(2)` on one process (by pid, or by pidfd on Linux).
    #[cfg(unix)]
    Waitid { pid: i32 },
    /// `poll(2)` over the pidfds of processes being waited for.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Poll { count: usize },
    /// `signalfd(2)` for the signals an [`Interrupts`](crate::Interrupts)
    /// guard defers.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Signalfd,
    /// Duplicating a process's descriptor (for an async runtime).
    #[cfg(all(unix, feature = "tokio"))]
    Dup { fd: i32 },
    /// Registering a process's descriptor with Tokio's reactor.
    #[cfg(all(unix, feature = "tokio"))]
    Register { fd: i32 },
    /// Reading a file of `/proc/PID` (`stat`, `status`, `cmdline`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    ReadProc { pid: i32, file: &'static str },
    /// Reading the directory `/proc` for the list of processes.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    ListProc,
    /// `fstatfs`/`fstat` of a pidfd, for its pidfs inode.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    PidfdInode { fd: i32 },
    /// Writing a file of a [`crate::Group`]'s cgroup (`cgroup.kill`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Cgroup { file: &'static str },
    /// `socketpair(2)`: the channel to a guardian (`sys/linux/guardian.rs`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Socketpair,
    /// `mmap(2)` of a guardian's memory for its records.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Mmap { len: usize },
    /// `fork(2)` of a guardian.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Fork,
    /// `setpgid(2)`: a guardian's process group of its own.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Setpgid { pid: i32 },
    /// `send(2)` of records (or of the done marker) to the guardian `pid`.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    GuardianSend { pid: i32, len: usize },
    /// `shutdown(SHUT_WR)` of the channel to the guardian `pid`.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    GuardianShutdown { pid: i32 },
    /// `kqueue(2)`.
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    Kqueue,
    /// `kevent(2)`: registering for a process's exit (`pid` > 0), or
    /// waiting (`pid` 0).
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    Kevent { pid: i32 },
    /// Asking the kernel about a process (`sysctl` on FreeBSD,
    /// `proc_pidinfo` on macOS) for its start time.
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    ProcInfo { pid: i32 },
    /// Listing every process (`sysctl(KERN_PROC_PROC)` on FreeBSD,
    /// `proc_listallpids` on macOS).
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    ProcList,
    /// Reading a process's arguments (`KERN_PROC_ARGS`, `KERN_PROCARGS2`).
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    ProcArgs { pid: i32 },
    /// `getrlimit`/`setrlimit(RLIMIT_NOFILE)`: the descriptor limit.
    #[cfg(unix)]
    FdLimit,
    /// Starting a command (`fork`/`exec`, `CreateProcessW`) for a
    /// [`Group`](crate::Group).
    Spawn,
    #[cfg(windows)]
    CreateJobObject,
    #[cfg(windows)]
    SetInformationJobObject,
    #[cfg(windows)]
    AssignProcessToJobObject { pid: u32 },
    #[cfg(windows)]
    TerminateJobObject { code: u32 },
    #[cfg(windows)]
    OpenProcess { pid: u32 },
    #[cfg(windows)]
    TerminateProcess { pid: u32, code: u32 },
    #[cfg(windows)]
    GenerateConsoleCtrlEvent { event: u32, group: u32 },
    #[cfg(windows)]
    DuplicateHandle { pid: u32 },
    #[cfg(windows)]
    GetExitCodeProcess { pid: u32 },
    #[cfg(windows)]
    WaitForMultipleObjects { count: usize },
    /// `CreateToolhelp32Snapshot` and walking it (`Process32FirstW/NextW`).
    #[cfg(windows)]
    Toolhelp32Snapshot,
    #[cfg(all(windows, feature = "tokio"))]
    RegisterWaitForSingleObject { pid: u32 },
    /// Looking a user up by name (`getpwnam_r`, `LookupAccountNameW`).
    LookupUser,
    /// Reading a table of sockets for their ports: `/proc/net/TABLE` on
    /// Linux, `GetExtendedTcpTable`/`GetExtendedUdpTable` on Windows,
    /// `sysctl(net.inet.tcp.pcblist)` and `net.inet.udp.pcblist` on FreeBSD.
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        windows,
        target_os = "freebsd"
    ))]
    PortTable { table: &'static str },
    /// Reading every process's open files (`sysctl(kern.file)`), for the
    /// owners of sockets.
    #[cfg(target_os = "freebsd")]
    FileTable,
    /// Listing a process's descriptors (`proc_pidinfo(PROC_PIDLISTFDS)`).
    #[cfg(target_vendor = "apple")]
    ProcFds { pid: i32 },
    /// Reading the socket behind a descriptor
    /// (`proc_pidfdinfo(PROC_PIDFDSOCKETINFO)`).
    #[cfg(target_vendor = "apple")]
    SocketInfo { pid: i32, fd: i32 },
}

impl Call {
    /// What `EINVAL` (`ERROR_INVALID_PARAMETER` on Windows) from this call
    /// means.
    fn invalid_argument(self) -> ErrorKind {
        match self {
            Call::LookupUser => ErrorKind::InvalidInput,
            // glibc's killpg rejects a negative group before the kernel sees it.
            #[cfg(unix)]
            Call::Killpg { pgid, .. } if pgid < 0 => ErrorKind::InvalidInput,
            // pidfd_open(2) gives EINVAL for pid <= 0, and spuriously for a
            // process being reaped at that instant: that one is gone.
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::PidfdOpen { pid } if pid > 0 => ErrorKind::NoSuchProcess,
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::PidfdOpen { .. } => ErrorKind::InvalidInput,
            #[cfg(unix)]
            Call::Waitid { .. } | Call::Identity { .. } | Call::FdLimit => ErrorKind::InvalidInput,
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Poll { .. } | Call::Signalfd => ErrorKind::InvalidInput,
            #[cfg(all(unix, feature = "tokio"))]
            Call::Dup { .. } | Call::Register { .. } => ErrorKind::InvalidInput,
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::ReadProc { .. }
            | Call::ListProc
            | Call::PidfdInode { .. }
            | Call::Cgroup { .. }
            | Call::Socketpair
            | Call::Mmap { .. }
            | Call::Fork
            | Call::Setpgid { .. }
            | Call::GuardianSend { .. }
            | Call::GuardianShutdown { .. } => ErrorKind::InvalidInput,
            #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
            Call::Kqueue
            | Call::Kevent { .. }
            | Call::ProcInfo { .. }
            | Call::ProcList
            | Call::ProcArgs { .. } => ErrorKind::InvalidInput,
            Call::Spawn => ErrorKind::InvalidInput,
            #[cfg(windows)]
            Call::CreateJobObject
            | Call::SetInformationJobObject
            | Call::AssignProcessToJobObject { .. }
            | Call::TerminateJobObject { .. } => ErrorKind::InvalidInput,
            // Windows' answer to a pid that no process has.
            #[cfg(windows)]
            Call::OpenProcess { .. } => ErrorKind::NoSuchProcess,
            // (GenerateConsoleCtrlEvent's is its own: `own_meaning`.)
            #[cfg(windows)]
            Call::TerminateProcess { .. }
            | Call::GenerateConsoleCtrlEvent { .. }
            | Call::DuplicateHandle { .. }
            | Call::GetExitCodeProcess { .. }
            | Call::WaitForMultipleObjects { .. }
            | Call::Toolhelp32Snapshot => ErrorKind::InvalidInput,
            #[cfg(all(windows, feature = "tokio"))]
            Call::RegisterWaitForSingleObject { .. } => ErrorKind::InvalidInput,
            #[cfg(any(
                target_os = "linux",
                target_os = "android",
                windows,
                target_os = "freebsd"
            ))]
            Call::PortTable { .. } => ErrorKind::InvalidInput,
            #[cfg(target_os = "freebsd")]
            Call::FileTable => ErrorKind::InvalidInput,
            #[cfg(target_vendor = "apple")]
            Call::ProcFds { .. } | Call::SocketInfo { .. } => ErrorKind::InvalidInput,
            #[cfg(unix)]
            _ => ErrorKind::InvalidSignal,
        }
    }
}

impl Call {
    /// The kind and the hint that `code` has for this call alone, where
    /// they differ from the code's usual ones.
    #[cfg(windows)]
    fn own_meaning(self, code: i32) -> Option<(ErrorKind, &'static str)> {
        // ERROR_INVALID_HANDLE and ERROR_INVALID_PARAMETER.
        match (self, code) {
            (Call::GenerateConsoleCtrlEvent { .. }, 6) => Some((
                ErrorKind::Unsupported,
                "this process has no console, and a console event reaches only processes \
                 on the caller's console: run it from theirs",
            )),
            (Call::GenerateConsoleCtrlEvent { .. }, 87) => Some((
                ErrorKind::NoSuchProcess,
                "no process on this process's console is in that group: the group's \
                 processes have exited, or run on another console",
            )),
            _ => None,
        }
    }

    /// Nothing of the kind on POSIX: a code means the same for every call.
    #[cfg(unix)]
    fn own_meaning(self, code: i32) -> Option<(ErrorKind, &'static str)> {
        let _ = (self, code);
        None
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Call::LookupUser => f.write_str("looking up a user"),
            #[cfg(unix)]
            Call::Kill { pid, sig } => write!(f, "kill(pid {pid}, signal {sig})"),
            #[cfg(unix)]
            Call::Killpg { pgid, sig } => write!(f, "killpg(group {pgid}, signal {sig})"),
            #[cfg(unix)]
            Call::PthreadKill { sig } => write!(f, "pthread_kill(signal {sig})"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Tgkill { tgid, tid, sig } => {
                write!(f, "tgkill(process {tgid}, thread {tid}, signal {sig})")
            }
            #[cfg(all(unix, not(target_vendor = "apple")))]
            Call::Sigqueue { pid, sig, value } => {
                write!(f, "sigqueue(pid {pid}, signal {sig}, value {value})")
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::PidfdOpen { pid } => write!(f, "pidfd_open(pid {pid})"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::PidfdSendSignal { fd, sig } => {
                write!(f, "pidfd_send_signal(pidfd {fd}, signal {sig})")
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::PidfdSigqueue { fd, sig, value } => write!(
                f,
                "pidfd_send_signal(pidfd {fd}, signal {sig}, SI_QUEUE value {value})"
            ),
            #[cfg(unix)]
            Call::Identity { pid } => write!(
                f,
                "checking that pid {pid} still names the process that was opened"
            ),
            #[cfg(unix)]
            Call::Waitid { pid } => write!(f, "waitid(pid {pid})"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Poll { count } => write!(f, "poll({count} process descriptors)"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Signalfd => f.write_str("signalfd(SIGHUP, SIGINT, SIGQUIT, SIGTERM)"),
            #[cfg(all(unix, feature = "tokio"))]
            Call::Dup { fd } => write!(f, "fcntl(fd {fd}, F_DUPFD_CLOEXEC)"),
            #[cfg(all(unix, feature = "tokio"))]
            Call::Register { fd } => write!(f, "registering fd {fd} with the Tokio reactor"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::ReadProc { pid, file } => write!(f, "reading /proc/{pid}/{file}"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::ListProc => f.write_str("reading the directory /proc"),
            #[cfg(unix)]
            Call::FdLimit => f.write_str("setrlimit(RLIMIT_NOFILE)"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::PidfdInode { fd } => write!(f, "fstatfs/fstat(pidfd {fd})"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Cgroup { file } => write!(f, "writing {file} of the group's cgroup"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Socketpair => f.write_str("socketpair(AF_UNIX, SOCK_STREAM) for a guardian"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Mmap { len } => write!(f, "mmap({len} bytes) for a guardian's records"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Fork => f.write_str("fork() of a guardian"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Setpgid { pid } => write!(f, "setpgid(pid {pid}, group {pid})"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::GuardianSend { pid, len } => {
                write!(f, "send({len} bytes to the guardian, pid {pid})")
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::GuardianShutdown { pid } => {
                write!(
                    f,
                    "shutdown(the channel to the guardian, pid {pid}, SHUT_WR)"
                )
            }
            #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
            Call::Kqueue => f.write_str("kqueue()"),
            #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
            Call::Kevent { pid } => write!(f, "kevent(EVFILT_PROC, pid {pid})"),
            #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
            Call::ProcInfo { pid } => write!(f, "process info of pid {pid}"),
            #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
            Call::ProcList => f.write_str("listing the processes"),
            #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
            Call::ProcArgs { pid } => write!(f, "reading the arguments of pid {pid}"),
            Call::Spawn => f.write_str("starting the command"),
            #[cfg(windows)]
            Call::CreateJobObject => f.write_str("CreateJobObjectW()"),
            #[cfg(windows)]
            Call::SetInformationJobObject => {
                f.write_str("SetInformationJobObject(JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)")
            }
            #[cfg(windows)]
            Call::AssignProcessToJobObject { pid } => {
                write!(f, "AssignProcessToJobObject(process {pid})")
            }
            #[cfg(windows)]
            Call::TerminateJobObject { code } => write!(f, "TerminateJobObject(exit code {code})"),
            #[cfg(windows)]
            Call::OpenProcess { pid } => write!(f, "OpenProcess(pid {pid})"),
            #[cfg(windows)]
            Call::TerminateProcess { pid, code } => {
                write!(f, "TerminateProcess(pid {pid}, exit code {code})")
            }
            #[cfg(windows)]
            Call::GenerateConsoleCtrlEvent { event, group } => {
                write!(
                    f,
                    "GenerateConsoleCtrlEvent(event {event}, process group {group})"
                )
            }
            #[cfg(windows)]
            Call::DuplicateHandle { pid } => write!(f, "DuplicateHandle(process {pid})"),
            #[cfg(windows)]
            Call::GetExitCodeProcess { pid } => write!(f, "GetExitCodeProcess(process {pid})"),
            #[cfg(windows)]
            Call::WaitForMultipleObjects { count } => {
                write!(f, "WaitForMultipleObjects({count} process handles)")
            }
            #[cfg(windows)]
            Call::Toolhelp32Snapshot => f.write_str("CreateToolhelp32Snapshot(processes)"),
            #[cfg(all(windows, feature = "tokio"))]
            Call::RegisterWaitForSingleObject { pid } => {
                write!(f, "RegisterWaitForSingleObject(process {pid})")
            }
            #[cfg(any(
                target_os = "linux",
                target_os = "android",
                windows,
                target_os = "freebsd"
            ))]
            Call::PortTable { table } => write!(f, "reading the socket table {table}"),
            #[cfg(target_os = "freebsd")]
            Call::FileTable => f.write_str("reading the open files (sysctl kern.file)"),
            #[cfg(target_vendor = "apple")]
            Call::ProcFds { pid } => write!(f, "listing the descriptors of pid {pid}"),
            #[cfg(target_vendor = "apple")]
            Call::SocketInfo { pid, fd } => {
                write!(f, "reading the socket of descriptor {fd} of pid {pid}")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Repr {
    /// A system call failed with this OS error code.
    Os { code: i32, call: Call },
    /// Text that names no signal, echoed as given.
    BadSignal { input: Box<str> },
    /// Anything else, said in full.
    Message(Cow<'static, str>),
}

/// The error of every fallible function in sigsend.
///
/// It keeps the OS error code ([`raw_os_error`](Error::raw_os_error)), tells
/// its category ([`kind`](Error::kind)), and its message names what failed
/// and what to do about it.
///
/// ```
/// use sigsend::{os, ErrorKind};
///
/// // pid 0 is no process: pidfd_open(2) rejects it with EINVAL.
/// # #[cfg(target_os = "linux")] {
/// let err = os::pidfd_open(0).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidInput);
/// assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    repr: Repr,
}

impl Error {
    /// The one conversion of a failed system call's error code into an
    /// [`Error`].
    pub(crate) fn from_os(code: i32, call: Call) -> Error {
        let kind = match call.own_meaning(code) {
            Some((kind, _)) => kind,
            None => sys::error_kind(code).unwrap_or_else(|| call.invalid_argument()),
        };
        Error {
            kind,
            repr: Repr::Os { code, call },
        }
    }

    /// A failed `call` from the error std gave for it: its OS error code
    /// through [`from_os`](Error::from_os); an error without one (std's
    /// own) as [`ErrorKind::Other`] with std's words.
    pub(crate) fn from_io(err: &io::Error, call: Call) -> Error {
        match err.raw_os_error() {
            Some(code) => Error::from_os(code, call),
            None => Error::new(ErrorKind::Other, format!("{call}: {err}")),
        }
    }

    /// Text that is no signal name or number.
    pub(crate) fn bad_signal(input: &str) -> Error {
        Error {
            kind: ErrorKind::InvalidSignal,
            repr: Repr::BadSignal {
                input: input.into(),
            },
        }
    }

    /// An error said in words, with no OS code.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Error {
        Error {
            kind,
            repr: Repr::Message(message.into()),
        }
    }

    /// The category of this error.
    ///
    /// ```
    /// use sigsend::{ErrorKind, Signal};
    ///
    /// assert_eq!(Signal::from_raw(-5).unwrap_err().kind(), ErrorKind::InvalidSignal);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The OS error code (`errno`) when a system call failed, `None` when
    /// sigsend rejected the input itself.
    ///
    /// ```
    /// use sigsend::Signal;
    ///
    /// assert_eq!("NOPE".parse::<Signal>().unwrap_err().raw_os_error(), None);
    /// ```
    pub fn raw_os_error(&self) -> Option<i32> {
        match self.repr {
            Repr::Os { code, .. } => Some(code),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Os { code, call } => {
                write!(f, "{call} failed: {}", io::Error::from_raw_os_error(*code))?;
                if let Some((_, hint)) = call.own_meaning(*code) {
                    return write!(f, "; {hint}");
                }
                let hint = match self.kind {
                    ErrorKind::NoSuchProcess => {
                        "the target has exited and been reaped, or never existed"
                    }
                    ErrorKind::PermissionDenied => {
                        "the target belongs to another user or is protected: run as its owner, \
                         or as root (Administrator on Windows)"
                    }
                    ErrorKind::InvalidSignal => {
                        "the system rejected the signal number: list the valid ones with `sigsend -L`"
                    }
                    ErrorKind::InvalidInput => "the target is not a valid id for this call",
                    ErrorKind::Unsupported => "this system does not offer the call",
                    ErrorKind::Other => match sys::exhausted(*code) {
                        Some(hint) => hint,
                        None => return Ok(()),
                    },
                };
                write!(f, "; {hint}")
            }
            Repr::BadSignal { input } => write!(
                f,
                "invalid signal name or number: {input:?}; give a name such as TERM or \
                 SIGTERM, a real-time form such as RTMIN+1, or a number (list them with \
                 `sigsend -L`)"
            ),
            Repr::Message(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// An [`Error`] as an [`io::Error`]: the kind maps to the nearest
/// [`io::ErrorKind`] and the [`Error`] itself is kept inside, so
/// `get_ref()` and a downcast give back its kind and OS code.
///
/// ```
/// use sigsend::Signal;
///
/// let err: std::io::Error = Signal::from_raw(-3).unwrap_err().into();
/// assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
/// assert!(err.get_ref().unwrap().downcast_ref::<sigsend::Error>().is_some());
/// ```
impl From<Error> for io::Error {
    fn from(err: Error) -> io::Error {
        io::Error::new(err.kind.io_kind(), err)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    const EINVAL: i32 = 22;
    const ESRCH: i32 = 3;
    const EPERM: i32 = 1;

    #[test]
    fn einval_means_what_the_call_rejected() {
        let kill = Error::from_os(EINVAL, Call::Kill { pid: 5, sig: 65 });
        assert_eq!(kill.kind(), ErrorKind::InvalidSignal);
        let group = Error::from_os(EINVAL, Call::Killpg { pgid: -5, sig: 1 });
        assert_eq!(group.kind(), ErrorKind::InvalidInput);
        let sig = Error::from_os(EINVAL, Call::Killpg { pgid: 5, sig: 99 });
        assert_eq!(sig.kind(), ErrorKind::InvalidSignal);
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            let zero = Error::from_os(EINVAL, Call::PidfdOpen { pid: 0 });
            assert_eq!(zero.kind(), ErrorKind::InvalidInput);
            let reaped = Error::from_os(EINVAL, Call::PidfdOpen { pid: 77 });
            assert_eq!(reaped.kind(), ErrorKind::NoSuchProcess);
        }
    }

    #[test]
    fn messages_name_the_call_the_cause_and_the_remedy() {
        let err = Error::from_os(ESRCH, Call::Kill { pid: 4242, sig: 15 });
        assert_eq!(err.kind(), ErrorKind::NoSuchProcess);
        assert_eq!(err.raw_os_error(), Some(ESRCH));
        let text = err.to_string();
        assert!(
            text.starts_with("kill(pid 4242, signal 15) failed: "),
            "{text}"
        );
        assert!(text.contains("os error 3"), "{text}");
        assert!(text.contains("exited"), "{text}");

        let err = Error::from_os(EPERM, Call::Kill { pid: 1, sig: 9 });
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
        assert!(err.to_string().contains("another user"), "{err}");
    }

    #[test]
    fn converts_into_io_error_keeping_itself() {
        let err = Error::from_os(EPERM, Call::Kill { pid: 1, sig: 9 });
        let io: io::Error = err.clone().into();
        assert_eq!(io.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(io.get_ref().unwrap().downcast_ref::<Error>(), Some(&err));
        assert_eq!(io.to_string(), err.to_string());
    }
}

#[cfg(all(test, unix))]
mod exhausted_tests {
    use super::*;

    #[test]
    fn running_out_of_descriptors_says_what_to_do() {
        // EMFILE is 24 on every Unix sigsend runs on.
        let err = Error::from_os(24, Call::FdLimit);
        assert_eq!(err.kind(), ErrorKind::Other);
        assert!(err.to_string().contains("ulimit -n"), "{err}");
    }
}

#[cfg(all(test, windows))]
mod windows_tests {
    use super::*;

    const ERROR_ACCESS_DENIED: i32 = 5;
    const ERROR_INVALID_HANDLE: i32 = 6;
    const ERROR_INVALID_PARAMETER: i32 = 87;

    #[test]
    fn windows_codes_have_their_kinds() {
        let gone = Error::from_os(ERROR_INVALID_PARAMETER, Call::OpenProcess { pid: 12 });
        assert_eq!(gone.kind(), ErrorKind::NoSuchProcess);
        assert_eq!(gone.raw_os_error(), Some(ERROR_INVALID_PARAMETER));
        assert!(
            gone.to_string().starts_with("OpenProcess(pid 12) failed: "),
            "{gone}"
        );
        let denied = Error::from_os(ERROR_ACCESS_DENIED, Call::OpenProcess { pid: 4 });
        assert_eq!(denied.kind(), ErrorKind::PermissionDenied);
    }

    #[test]
    fn a_console_event_to_no_group_or_from_no_console_says_so() {
        // GenerateConsoleCtrlEvent: ERROR_INVALID_PARAMETER when no process
        // of the console is in the group, ERROR_INVALID_HANDLE when the
        // caller has no console.
        let event = Call::GenerateConsoleCtrlEvent { event: 1, group: 8 };
        let gone = Error::from_os(ERROR_INVALID_PARAMETER, event);
        assert_eq!(gone.kind(), ErrorKind::NoSuchProcess);
        assert_eq!(gone.raw_os_error(), Some(ERROR_INVALID_PARAMETER));
        assert!(gone.to_string().contains("in that group"), "{gone}");
        let alone = Error::from_os(ERROR_INVALID_HANDLE, event);
        assert_eq!(alone.kind(), ErrorKind::Unsupported);
        assert_eq!(alone.raw_os_error(), Some(ERROR_INVALID_HANDLE));
        assert!(alone.to_string().contains("has no console"), "{alone}");
        // Other calls keep the usual meaning of the code.
        let other = Error::from_os(ERROR_INVALID_HANDLE, Call::GetExitCodeProcess { pid: 8 });
        assert_eq!(other.kind(), ErrorKind::Other);
    }
}
