//! [`Error`] and [`ErrorKind`]: what went wrong, in a form a caller can match on.

use std::borrow::Cow;
use std::fmt;
use std::io;

use crate::sys::{self, Call};

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
                        "the system rejected the signal number: `Signal::all()` lists the valid ones"
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
                 SIGTERM, a real-time form such as RTMIN+1, or a number (`Signal::all()` lists them)"
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
