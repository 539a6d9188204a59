//! The system calls of Windows, as an [`Error`](crate::Error) names them:
//! each with its arguments, and what `ERROR_INVALID_PARAMETER` from it
//! means.

use std::fmt;

use crate::error::ErrorKind;

/// A system call that failed, with its arguments: it names the failure in
/// messages and decides what `ERROR_INVALID_PARAMETER` meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    CreateJobObject,
    SetInformationJobObject,
    AssignProcessToJobObject {
        pid: u32,
    },
    TerminateJobObject {
        code: u32,
    },
    OpenProcess {
        pid: u32,
    },
    TerminateProcess {
        pid: u32,
        code: u32,
    },
    GenerateConsoleCtrlEvent {
        event: u32,
        group: u32,
    },
    DuplicateHandle {
        pid: u32,
    },
    GetExitCodeProcess {
        pid: u32,
    },
    WaitForMultipleObjects {
        count: usize,
    },
    /// `CreateToolhelp32Snapshot` and walking it (`Process32FirstW/NextW`).
    Toolhelp32Snapshot,
    #[cfg(feature = "tokio")]
    RegisterWaitForSingleObject {
        pid: u32,
    },
    /// Starting a command (`CreateProcessW`) for a [`Group`](crate::Group).
    Spawn,
    /// Looking a user up by name (`LookupAccountNameW`).
    LookupUser,
    /// Reading a table of sockets for their ports
    /// (`GetExtendedTcpTable`/`GetExtendedUdpTable`).
    PortTable {
        table: &'static str,
    },
}

impl Call {
    /// What `ERROR_INVALID_PARAMETER` from this call means: no call here
    /// carries a signal number the system could reject, so it is a bad
    /// argument, but for `OpenProcess`.
    pub(crate) fn invalid_argument(self) -> ErrorKind {
        match self {
            // Windows' answer to a pid that no process has.
            Call::OpenProcess { .. } => ErrorKind::NoSuchProcess,
            // (GenerateConsoleCtrlEvent's is its own: `own_meaning`.)
            _ => ErrorKind::InvalidInput,
        }
    }

    /// The kind and the hint that `code` has for this call alone, where
    /// they differ from the code's usual ones.
    pub(crate) fn own_meaning(self, code: i32) -> Option<(ErrorKind, &'static str)> {
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
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Call::LookupUser => f.write_str("looking up a user"),
            Call::Spawn => f.write_str("starting the command"),
            Call::CreateJobObject => f.write_str("CreateJobObjectW()"),
            Call::SetInformationJobObject => {
                f.write_str("SetInformationJobObject(JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)")
            }
            Call::AssignProcessToJobObject { pid } => {
                write!(f, "AssignProcessToJobObject(process {pid})")
            }
            Call::TerminateJobObject { code } => write!(f, "TerminateJobObject(exit code {code})"),
            Call::OpenProcess { pid } => write!(f, "OpenProcess(pid {pid})"),
            Call::TerminateProcess { pid, code } => {
                write!(f, "TerminateProcess(pid {pid}, exit code {code})")
            }
            Call::GenerateConsoleCtrlEvent { event, group } => {
                write!(
                    f,
                    "GenerateConsoleCtrlEvent(event {event}, process group {group})"
                )
            }
            Call::DuplicateHandle { pid } => write!(f, "DuplicateHandle(process {pid})"),
            Call::GetExitCodeProcess { pid } => write!(f, "GetExitCodeProcess(process {pid})"),
            Call::WaitForMultipleObjects { count } => {
                write!(f, "WaitForMultipleObjects({count} process handles)")
            }
            Call::Toolhelp32Snapshot => f.write_str("CreateToolhelp32Snapshot(processes)"),
            #[cfg(feature = "tokio")]
            Call::RegisterWaitForSingleObject { pid } => {
                write!(f, "RegisterWaitForSingleObject(process {pid})")
            }
            Call::PortTable { table } => write!(f, "reading the socket table {table}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

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
