//! sigsend's errors as the exceptions CPython raises for the same failure.

use pyo3::exceptions::{
    PyNotImplementedError, PyOSError, PyPermissionError, PyProcessLookupError, PyValueError,
};
use pyo3::prelude::*;

use sigsend::{Error, ErrorKind};

/// `errno.ESRCH` and `errno.EPERM`, the same numbers on every OS Python
/// runs on (Windows' C runtime included).
const ESRCH: i32 = 3;
const EPERM: i32 = 1;
/// `errno.EINVAL`, likewise.
pub(crate) const EINVAL: i32 = 22;

/// The exception CPython raises for `err`: an OS error keeps its code, so
/// `OSError(errno, strerror)` picks the subclass (`ProcessLookupError` for
/// `ESRCH`, `PermissionError` for `EPERM`, plain `OSError` for `EINVAL`)
/// exactly as CPython's `posix_error()` does; on Windows the code is the
/// Windows error (`winerror`), from which Python derives `errno` as it does
/// for `os.kill`. An error the library found itself (no OS code) becomes
/// the exception of its kind, with the library's message.
pub(crate) fn to_py(err: Error) -> PyErr {
    if let Some(code) = err.raw_os_error() {
        return os_error(code);
    }
    let message = err.to_string();
    match err.kind() {
        ErrorKind::NoSuchProcess => PyProcessLookupError::new_err((ESRCH, message)),
        ErrorKind::PermissionDenied => PyPermissionError::new_err((EPERM, message)),
        ErrorKind::InvalidSignal | ErrorKind::InvalidInput => PyValueError::new_err(message),
        ErrorKind::Unsupported => PyNotImplementedError::new_err(message),
        _ => PyOSError::new_err(message),
    }
}

/// `OSError` for the OS error `code`, with the OS's text for it.
#[cfg(not(windows))]
pub(crate) fn os_error(code: i32) -> PyErr {
    PyOSError::new_err((code, strerror(code)))
}

/// `OSError` for the Windows error `code`: `OSError(None, text, None,
/// code)`, from which Python derives `errno` (87 is `EINVAL`), as
/// `PyErr_SetFromWindowsErr` does.
#[cfg(windows)]
pub(crate) fn os_error(code: i32) -> PyErr {
    Python::with_gil(|py| PyOSError::new_err((py.None(), strerror(code), py.None(), code)))
}

/// The OS's text for an error code, without Rust's " (os error N)".
fn strerror(code: i32) -> String {
    let text = std::io::Error::from_raw_os_error(code).to_string();
    match text.rfind(" (os error ") {
        Some(end) => text[..end].to_owned(),
        None => text,
    }
}
