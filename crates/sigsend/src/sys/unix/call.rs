//! The system calls of the Unix family, as an [`Error`](crate::Error) names
//! them: each with its arguments, and what `EINVAL` from it means.

use std::fmt;

use crate::error::ErrorKind;

/// A system call that failed, with its arguments: it names the failure in
/// messages and decides what `EINVAL` meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    Kill {
        pid: i32,
        sig: i32,
    },
    Killpg {
        pgid: i32,
        sig: i32,
    },
    PthreadKill {
        sig: i32,
    },
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Tgkill {
        tgid: i32,
        tid: i32,
        sig: i32,
    },
    #[cfg(not(target_vendor = "apple"))]
    Sigqueue {
        pid: i32,
        sig: i32,
        value: i32,
    },
    #[cfg(any(target_os = "linux", target_os = "android"))]
    PidfdOpen {
        pid: i32,
    },
    #[cfg(any(target_os = "linux", target_os = "android"))]
    PidfdSendSignal {
        fd: i32,
        sig: i32,
    },
    #[cfg(any(target_os = "linux", target_os = "android"))]
    PidfdSigqueue {
        fd: i32,
        sig: i32,
        value: i32,
    },
    /// The check that a pid still names the process a handle was opened on
    /// (its start time, where there is no pidfd). It fails with `ESRCH`,
    /// as the kernel does for a pidfd whose process is gone.
    Identity {
        pid: i32,
    },
    /// `waitid(2)` on one process (by pid, or by pidfd on Linux).
    Waitid {
        pid: i32,
    },
    /// `poll(2)` over the pidfds of processes being waited for.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Poll {
        count: usize,
    },
    /// `signalfd(2)` for the signals an [`Interrupts`](crate::Interrupts)
    /// guard defers.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Signalfd,
    /// Duplicating a process's descriptor (for an async runtime).
    #[cfg(feature = "tokio")]
    Dup {
        fd: i32,
    },
    /// Registering a process's descriptor with Tokio's reactor.
    #[cfg(feature = "tokio")]
    Register {
        fd: i32,
    },
    /// Reading a file of `/proc/PID` (`stat`, `status`, `cmdline`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    ReadProc {
        pid: i32,
        file: &'static str,
    },
    /// Reading the directory `/proc` for the list of processes.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    ListProc,
    /// `fstatfs`/`fstat` of a pidfd, for its pidfs inode.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    PidfdInode {
        fd: i32,
    },
    /// Writing a file of a [`crate::Group`]'s cgroup (`cgroup.kill`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Cgroup {
        file: &'static str,
    },
    /// `socketpair(2)`: the channel to a guardian (`sys/linux/guardian.rs`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Socketpair,
    /// `mmap(2)` of a guardian's memory for its records.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Mmap {
        len: usize,
    },
    /// `fork(2)` of a guardian.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Fork,
    /// `setpgid(2)`: a guardian's process group of its own.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Setpgid {
        pid: i32,
    },
    /// `send(2)` of records (or of the done marker) to the guardian `pid`.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    GuardianSend {
        pid: i32,
        len: usize,
    },
    /// `shutdown(SHUT_WR)` of the channel to the guardian `pid`.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    GuardianShutdown {
        pid: i32,
    },
    /// `kqueue(2)`.
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    Kqueue,
    /// `kevent(2)`: registering for a process's exit (`pid` > 0), or
    /// waiting (`pid` 0).
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    Kevent {
        pid: i32,
    },
    /// Asking the kernel about a process (`sysctl` on FreeBSD,
    /// `proc_pidinfo` on macOS) for its start time.
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    ProcInfo {
        pid: i32,
    },
    /// Listing every process (`sysctl(KERN_PROC_PROC)` on FreeBSD,
    /// `proc_listallpids` on macOS).
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    ProcList,
    /// Reading a process's arguments (`KERN_PROC_ARGS`, `KERN_PROCARGS2`).
    #[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
    ProcArgs {
        pid: i32,
    },
    /// `getrlimit`/`setrlimit(RLIMIT_NOFILE)`: the descriptor limit.
    FdLimit,
    /// Opening a closed standard stream on `/dev/null`, or ignoring
    /// `SIGPIPE`.
    StandardStreams,
    /// Starting a command (`fork`/`exec`) for a [`Group`](crate::Group).
    Spawn,
    /// Looking a user up by name (`getpwnam_r`).
    LookupUser,
    /// Reading a table of sockets for their ports: `/proc/net/TABLE` on
    /// Linux, `sysctl(net.inet.tcp.pcblist)` and `net.inet.udp.pcblist` on
    /// FreeBSD.
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    PortTable {
        table: &'static str,
    },
    /// Reading every process's open files (`sysctl(kern.file)`), for the
    /// owners of sockets.
    #[cfg(target_os = "freebsd")]
    FileTable,
    /// Listing a process's descriptors (`proc_pidinfo(PROC_PIDLISTFDS)`).
    #[cfg(target_vendor = "apple")]
    ProcFds {
        pid: i32,
    },
    /// Reading the socket behind a descriptor
    /// (`proc_pidfdinfo(PROC_PIDFDSOCKETINFO)`).
    #[cfg(target_vendor = "apple")]
    SocketInfo {
        pid: i32,
        fd: i32,
    },
}

impl Call {
    /// The signal number this call carries: the one thing of its
    /// arguments an `EINVAL` from it may reject. `None` for the calls that
    /// carry no signal.
    fn signal(self) -> Option<i32> {
        match self {
            Call::Kill { sig, .. } | Call::Killpg { sig, .. } | Call::PthreadKill { sig } => {
                Some(sig)
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Tgkill { sig, .. }
            | Call::PidfdSendSignal { sig, .. }
            | Call::PidfdSigqueue { sig, .. } => Some(sig),
            #[cfg(not(target_vendor = "apple"))]
            Call::Sigqueue { sig, .. } => Some(sig),
            _ => None,
        }
    }

    /// What `EINVAL` from this call means: a bad signal for a call that
    /// carries one, a bad argument for any other.
    pub(crate) fn invalid_argument(self) -> ErrorKind {
        match self {
            // glibc's killpg rejects a negative group before the kernel sees it.
            Call::Killpg { pgid, .. } if pgid < 0 => ErrorKind::InvalidInput,
            // pidfd_open(2) gives EINVAL for pid <= 0, and spuriously for a
            // process being reaped at that instant: that one is gone.
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::PidfdOpen { pid } if pid > 0 => ErrorKind::NoSuchProcess,
            _ if self.signal().is_some() => ErrorKind::InvalidSignal,
            _ => ErrorKind::InvalidInput,
        }
    }

    /// The kind and the hint that `code` has for this call alone, where
    /// they differ from the code's usual ones: nothing of the kind on
    /// POSIX, where a code means the same for every call.
    pub(crate) fn own_meaning(self, code: i32) -> Option<(ErrorKind, &'static str)> {
        let _ = (self, code);
        None
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Call::LookupUser => f.write_str("looking up a user"),
            Call::Kill { pid, sig } => write!(f, "kill(pid {pid}, signal {sig})"),
            Call::Killpg { pgid, sig } => write!(f, "killpg(group {pgid}, signal {sig})"),
            Call::PthreadKill { sig } => write!(f, "pthread_kill(signal {sig})"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Tgkill { tgid, tid, sig } => {
                write!(f, "tgkill(process {tgid}, thread {tid}, signal {sig})")
            }
            #[cfg(not(target_vendor = "apple"))]
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
            Call::Identity { pid } => write!(
                f,
                "checking that pid {pid} still names the process that was opened"
            ),
            Call::Waitid { pid } => write!(f, "waitid(pid {pid})"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Poll { count } => write!(f, "poll({count} process descriptors)"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::Signalfd => f.write_str("signalfd(SIGHUP, SIGINT, SIGQUIT, SIGTERM)"),
            #[cfg(feature = "tokio")]
            Call::Dup { fd } => write!(f, "fcntl(fd {fd}, F_DUPFD_CLOEXEC)"),
            #[cfg(feature = "tokio")]
            Call::Register { fd } => write!(f, "registering fd {fd} with the Tokio reactor"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::ReadProc { pid, file } => write!(f, "reading /proc/{pid}/{file}"),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Call::ListProc => f.write_str("reading the directory /proc"),
            Call::FdLimit => f.write_str("setrlimit(RLIMIT_NOFILE)"),
            Call::StandardStreams => {
                f.write_str("opening /dev/null for a closed standard stream, or ignoring SIGPIPE")
            }
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
            #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
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

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;
    use crate::error::Error;

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
        // A call that carries no signal: its EINVAL is a bad argument.
        let wait = Error::from_os(EINVAL, Call::Waitid { pid: 5 });
        assert_eq!(wait.kind(), ErrorKind::InvalidInput);
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

    #[test]
    fn running_out_of_descriptors_says_what_to_do() {
        // EMFILE is 24 on every Unix sigsend runs on.
        let err = Error::from_os(24, Call::FdLimit);
        assert_eq!(err.kind(), ErrorKind::Other);
        assert!(err.to_string().contains("ulimit -n"), "{err}");
    }
}
