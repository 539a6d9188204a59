//! Windows: `os.kill`'s two halves (console control events, and
//! `TerminateProcess` with the signal as exit code), on pids and on process
//! handles; the existence probe; the typed send.

use std::os::windows::io::{AsHandle, AsRawHandle, BorrowedHandle, FromRawHandle, OwnedHandle};

use windows_sys::Win32::Foundation::{
    GetLastError, ERROR_ACCESS_DENIED, ERROR_CALL_NOT_IMPLEMENTED, ERROR_INVALID_PARAMETER,
    ERROR_NOT_SUPPORTED, WAIT_OBJECT_0,
};
use windows_sys::Win32::System::Console::{
    GenerateConsoleCtrlEvent, CTRL_BREAK_EVENT, CTRL_C_EVENT,
};
use windows_sys::Win32::System::Threading::{
    GetExitCodeProcess, GetProcessId, OpenProcess, TerminateProcess, WaitForSingleObject,
    PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_SYNCHRONIZE, PROCESS_TERMINATE,
};

use crate::error::{Call, Error, ErrorKind};
use crate::{Signal, Target};

/// The error of the Windows call that just failed: the one conversion of
/// `GetLastError` into an [`Error`].
fn last_error(call: Call) -> Error {
    // SAFETY: GetLastError reads this thread's last-error value; no memory
    // of ours is involved.
    let code = unsafe { GetLastError() };
    // std keeps Windows error codes as i32 too; every code fits as bits.
    Error::from_os(code as i32, call)
}

/// Turns a Windows `BOOL` result into `Ok` or the call's [`Error`].
fn cvt(ok: i32, call: Call) -> Result<(), Error> {
    if ok == 0 {
        Err(last_error(call))
    } else {
        Ok(())
    }
}

/// The kind a Windows error code always has; `None` for
/// `ERROR_INVALID_PARAMETER`, whose meaning depends on the call.
pub(crate) fn error_kind(code: i32) -> Option<ErrorKind> {
    Some(match code as u32 {
        ERROR_ACCESS_DENIED => ErrorKind::PermissionDenied,
        ERROR_INVALID_PARAMETER => return None,
        ERROR_NOT_SUPPORTED | ERROR_CALL_NOT_IMPLEMENTED => ErrorKind::Unsupported,
        _ => ErrorKind::Other,
    })
}

/// Windows has no real-time signals.
pub(crate) fn rt_range() -> Option<(i32, i32)> {
    None
}

/// `OpenProcess(access, FALSE, pid)`.
fn open_process(pid: u32, access: u32) -> Result<OwnedHandle, Error> {
    // SAFETY: OpenProcess takes plain values and returns a new handle or
    // null; it touches no memory of ours.
    let handle = unsafe { OpenProcess(access, 0, pid) };
    if handle.is_null() {
        return Err(last_error(Call::OpenProcess { pid }));
    }
    // SAFETY: a non-null result is a new process handle that nothing else
    // owns.
    Ok(unsafe { OwnedHandle::from_raw_handle(handle) })
}

/// The pid of the process behind `handle` (0 if the handle may not ask).
fn process_id(handle: BorrowedHandle<'_>) -> u32 {
    // SAFETY: the handle is borrowed, so it stays open during the call.
    unsafe { GetProcessId(handle.as_raw_handle()) }
}

/// Whether the process behind `handle` has exited; `false` when the handle
/// lacks the right to wait on it, so that the caller goes on and lets the
/// next call decide.
fn has_exited(handle: BorrowedHandle<'_>) -> bool {
    // SAFETY: the handle is borrowed, so it stays open; a wait of 0 ms only
    // reads the process's state.
    unsafe { WaitForSingleObject(handle.as_raw_handle(), 0) == WAIT_OBJECT_0 }
}

/// The error for a process that already exited, whose object an open
/// handle still keeps, with its exit code where the handle may read it.
fn already_exited(handle: BorrowedHandle<'_>, pid: u32) -> Error {
    let mut code = 0u32;
    // SAFETY: the handle is borrowed, so it stays open; `code` is a valid
    // place for the one u32 the call writes.
    let known = unsafe { GetExitCodeProcess(handle.as_raw_handle(), &mut code) } != 0;
    let how = if known {
        format!(" with exit code {code}")
    } else {
        String::new()
    };
    Error::new(
        ErrorKind::NoSuchProcess,
        format!("process {pid} has already exited{how}; nothing was sent"),
    )
}

/// `GenerateConsoleCtrlEvent(event, group)`: never falls through to
/// `TerminateProcess` when it fails.
fn console_event(event: u32, group: u32) -> Result<(), Error> {
    // SAFETY: GenerateConsoleCtrlEvent takes two integers.
    let ok = unsafe { GenerateConsoleCtrlEvent(event, group) };
    cvt(ok, Call::GenerateConsoleCtrlEvent { event, group })
}

/// `TerminateProcess(handle, code)`, for a process that has not exited. An
/// exited process gives the same [`ErrorKind::NoSuchProcess`] whether
/// Windows refuses (`ERROR_ACCESS_DENIED`, as it does) or succeeds (as Wine
/// does).
fn terminate(handle: BorrowedHandle<'_>, pid: u32, code: u32) -> Result<(), Error> {
    if has_exited(handle) {
        return Err(already_exited(handle, pid));
    }
    // SAFETY: the handle is borrowed, so it stays open during the call.
    let ok = unsafe { TerminateProcess(handle.as_raw_handle(), code) };
    cvt(ok, Call::TerminateProcess { pid, code }).map_err(|err| {
        if err.raw_os_error() == Some(ERROR_ACCESS_DENIED as i32) && has_exited(handle) {
            already_exited(handle, pid)
        } else {
            err
        }
    })
}

/// Python's `os.kill(pid, sig)` on Windows.
pub(crate) fn kill(pid: u32, sig: u32) -> Result<(), Error> {
    if sig == CTRL_C_EVENT || sig == CTRL_BREAK_EVENT {
        return console_event(sig, pid);
    }
    let access = PROCESS_TERMINATE | PROCESS_SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION;
    let process = open_process(pid, access)?;
    terminate(process.as_handle(), pid, sig)
}

/// `os.kill` on a process handle: the console events go to the group the
/// process leads, anything else is `TerminateProcess` on the handle itself.
pub(crate) fn kill_handle(handle: BorrowedHandle<'_>, sig: u32) -> Result<(), Error> {
    let pid = process_id(handle);
    if sig == CTRL_C_EVENT || sig == CTRL_BREAK_EVENT {
        return console_event(sig, pid);
    }
    terminate(handle, pid, sig)
}

/// Whether `pid` is a running process: `OpenProcess` and a wait of zero,
/// never a console event.
fn probe(pid: u32) -> Result<(), Error> {
    let process = open_process(pid, PROCESS_SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION)?;
    if has_exited(process.as_handle()) {
        return Err(already_exited(process.as_handle(), pid));
    }
    Ok(())
}

/// The typed send: [`Signal::NULL`] probes, the console events go to a
/// console process group, every other signal ends one process.
pub(crate) fn send(target: Target, sig: Signal) -> Result<(), Error> {
    let console = sig == Signal::CTRL_C || sig == Signal::CTRL_BREAK;
    // A Signal's number is never negative.
    let raw = sig.as_raw() as u32;
    match target {
        Target::Process(pid) if sig == Signal::NULL => probe(pid),
        Target::Process(pid) | Target::Group(pid) if console => console_event(raw, pid),
        Target::OwnGroup if console => console_event(raw, 0),
        Target::Process(pid) => kill(pid, raw),
        _ => Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "Windows cannot send {sig} to {target}: only CTRL_C and CTRL_BREAK go to a \
                 process group (one on the caller's console); name each process instead"
            ),
        )),
    }
}
