//! Windows: `os.kill`'s two halves (console control events, and
//! `TerminateProcess` with the signal as exit code), on pids and on process
//! handles; the existence probe; the typed send; the process handle of
//! [`crate::Process`] and waiting for many with `WaitForMultipleObjects`.
//!
//! A process handle is race-free by itself: Windows gives a pid to no new
//! process while any handle to the old one is open, and the handle keeps
//! the exit code readable.

use std::os::windows::io::{AsHandle, AsRawHandle, BorrowedHandle, FromRawHandle, OwnedHandle};
use std::process::Child;
use std::time::Instant;

use windows_sys::Win32::Foundation::{
    GetLastError, ERROR_ACCESS_DENIED, ERROR_CALL_NOT_IMPLEMENTED, ERROR_INVALID_PARAMETER,
    ERROR_NOT_SUPPORTED, ERROR_TOO_MANY_OPEN_FILES, WAIT_FAILED, WAIT_OBJECT_0,
};
use windows_sys::Win32::System::Console::{
    GenerateConsoleCtrlEvent, CTRL_BREAK_EVENT, CTRL_C_EVENT,
};
use windows_sys::Win32::System::Threading::{
    GetExitCodeProcess, GetProcessId, OpenProcess, TerminateProcess, WaitForMultipleObjects,
    WaitForSingleObject, INFINITE, PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_SYNCHRONIZE,
    PROCESS_TERMINATE,
};

use super::{FreezeSignals, RunState};
use crate::error::{Error, ErrorKind};
use crate::{Exit, Signal, SignalState, Target};

mod call;
#[cfg(feature = "tokio")]
mod exit_event;
mod job;
mod list;
mod ports;

pub(crate) use call::Call;
#[cfg(feature = "tokio")]
pub(crate) use exit_event::wait_async;
use job::is_leader;
pub(crate) use job::GroupHandle;
pub(crate) use list::{current_user, processes, signal_state, user_named};
pub(crate) use ports::port_holders;

/// The rights a [`Handle`] asks for: to end the process, to wait for it,
/// and to read its exit code.
const HANDLE_ACCESS: u32 =
    PROCESS_TERMINATE | PROCESS_SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION;

/// No signal holds a process still on Windows (`NtSuspendProcess` is not
/// used): a tree walk ends each process as it finds it.
pub(crate) const FREEZE_SIGNALS: Option<FreezeSignals> = None;

/// Nothing is held stopped on Windows: never opened ([`FREEZE_SIGNALS`] is
/// `None`).
#[derive(Debug)]
pub(crate) struct Window;

impl Window {
    pub(crate) fn open() -> Result<Window, Error> {
        Err(Error::new(
            ErrorKind::Unsupported,
            "Windows has no signal that holds a process still",
        ))
    }

    pub(crate) fn spared(&self) -> [u32; 2] {
        [std::process::id(); 2]
    }

    pub(crate) fn watch(&mut self, _members: &[(u32, u64)]) {}
}

/// What an [`Interrupts`](crate::Interrupts) guard holds: nothing on
/// Windows, which has no signals to defer (its Ctrl+C is a console event);
/// never made.
#[derive(Debug)]
pub(crate) struct Deferred {
    never: std::convert::Infallible,
}

impl Deferred {
    pub(crate) fn open() -> Result<Deferred, Error> {
        Err(Error::new(
            ErrorKind::Unsupported,
            "Windows has no signals to defer: a console's Ctrl+C is not held back",
        ))
    }

    pub(crate) fn pending(&self) -> Option<Signal> {
        match self.never {}
    }
}

/// Windows has no descriptor limit of this kind.
pub(crate) fn raise_fd_limit() -> Result<Option<u64>, Error> {
    Ok(None)
}

/// Windows has no closed standard descriptors to fill and no `SIGPIPE`.
pub(crate) fn prepare_standard_streams() -> Result<(), Error> {
    Ok(())
}

/// How many handles one `WaitForMultipleObjects` takes (`MAXIMUM_WAIT_OBJECTS`).
const MAX_WAIT_HANDLES: usize = 64;

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

/// `GetExitCodeProcess`: the exit code, or `STILL_ACTIVE` (259) while the
/// process runs.
fn exit_code(handle: BorrowedHandle<'_>, pid: u32) -> Result<u32, Error> {
    let mut code = 0u32;
    // SAFETY: the handle is borrowed, so it stays open; `code` is a valid
    // place for the one u32 the call writes.
    let ok = unsafe { GetExitCodeProcess(handle.as_raw_handle(), &mut code) };
    cvt(ok, Call::GetExitCodeProcess { pid }).map(|()| code)
}

/// The error for a process that already exited, whose object an open
/// handle still keeps, with its exit code where the handle may read it.
fn already_exited(handle: BorrowedHandle<'_>, pid: u32) -> Error {
    let how = match exit_code(handle, pid) {
        Ok(code) => format!(" with exit code {code}"),
        Err(_) => String::new(),
    };
    Error::new(
        ErrorKind::NoSuchProcess,
        format!("process {pid} has already exited{how}; nothing was sent"),
    )
}

/// Whether sigsend's typed calls may send the console event `event` to
/// the group that `pid` leads, where `leader` tells whether `pid` is known
/// to lead one (a [`GroupHandle`]'s leader). Windows tells no process's
/// group, and `GenerateConsoleCtrlEvent` given the pid of a process that
/// leads none takes it as group 0, every process on the console, the
/// caller too (microsoft/terminal#335): refused. CTRL_C to a group is
/// refused too: Windows delivers it only to processes that turned Ctrl+C
/// back on (`CREATE_NEW_PROCESS_GROUP` turns it off) and reports success
/// either way.
fn check_console_event(event: u32, pid: u32, leader: bool) -> Result<(), Error> {
    if !leader {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "no console event was sent: process {pid} leads no console process group that \
                 sigsend started, and Windows cannot tell whether it leads one; given a pid \
                 that leads none, GenerateConsoleCtrlEvent reaches every process on this \
                 console, this one included. Start it with Group::spawn, or, if it was \
                 started with CREATE_NEW_PROCESS_GROUP, name its group: \
                 Target::Group({pid}) (-{pid} on the command line)"
            ),
        ));
    }
    if event == CTRL_C_EVENT {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "CTRL_C was not sent to the console process group {pid}: Windows delivers it \
                 only to processes of a group that turned Ctrl+C back on, and reports success \
                 either way; send CTRL_BREAK (or, for the bare call, to Target::Group({pid}), \
                 -{pid} on the command line)"
            ),
        ));
    }
    Ok(())
}

/// `GenerateConsoleCtrlEvent(event, group)`: never falls through to
/// `TerminateProcess` when it fails.
fn console_event(event: u32, group: u32) -> Result<(), Error> {
    // SAFETY: GenerateConsoleCtrlEvent takes two integers.
    let ok = unsafe { GenerateConsoleCtrlEvent(event, group) };
    cvt(ok, Call::GenerateConsoleCtrlEvent { event, group })
}

/// What `ERROR_ACCESS_DENIED` from `TerminateProcess` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// The process has exited.
    Exited,
    /// The process is ending: the handle has `PROCESS_TERMINATE`, and
    /// Windows refuses to end a process twice (`NtTerminateProcess` gives
    /// `STATUS_PROCESS_IS_TERMINATING`, which becomes
    /// `ERROR_ACCESS_DENIED`).
    Ending,
    /// The handle may not end the process (or may not tell).
    Denied,
}

/// Reads `ERROR_ACCESS_DENIED` from `TerminateProcess` on a handle:
/// `exited` is whether the process has exited since, `may_terminate`
/// whether the handle is known to hold `PROCESS_TERMINATE`.
fn refusal(exited: bool, may_terminate: bool) -> Refusal {
    match (exited, may_terminate) {
        (true, _) => Refusal::Exited,
        (false, true) => Refusal::Ending,
        (false, false) => Refusal::Denied,
    }
}

/// `TerminateProcess(handle, code)`, for a process that has not exited. An
/// exited process gives the same [`ErrorKind::NoSuchProcess`] whether
/// Windows refuses (`ERROR_ACCESS_DENIED`, as it does) or succeeds (as Wine
/// does). A process already ending, refused by a handle that holds
/// `PROCESS_TERMINATE` (`may_terminate`), counts as sent: it ends, with
/// the exit code of whoever ended it first.
fn terminate(
    handle: BorrowedHandle<'_>,
    pid: u32,
    code: u32,
    may_terminate: bool,
) -> Result<(), Error> {
    if has_exited(handle) {
        return Err(already_exited(handle, pid));
    }
    // SAFETY: the handle is borrowed, so it stays open during the call.
    let ok = unsafe { TerminateProcess(handle.as_raw_handle(), code) };
    match cvt(ok, Call::TerminateProcess { pid, code }) {
        Err(err) if err.raw_os_error() == Some(ERROR_ACCESS_DENIED as i32) => {
            match refusal(has_exited(handle), may_terminate) {
                Refusal::Exited => Err(already_exited(handle, pid)),
                Refusal::Ending => Ok(()),
                Refusal::Denied => Err(err),
            }
        }
        result => result,
    }
}

/// Python's `os.kill(pid, sig)` on Windows.
pub(crate) fn kill(pid: u32, sig: u32) -> Result<(), Error> {
    if sig == CTRL_C_EVENT || sig == CTRL_BREAK_EVENT {
        return console_event(sig, pid);
    }
    let process = open_process(pid, HANDLE_ACCESS)?;
    terminate(process.as_handle(), pid, sig, true)
}

/// `os.kill` on a process handle: the console events go to the group the
/// process leads, anything else is `TerminateProcess` on the handle itself.
pub(crate) fn kill_handle(handle: BorrowedHandle<'_>, sig: u32) -> Result<(), Error> {
    signal_handle(handle, process_id(handle), sig)
}

/// [`kill_handle`] with the process's pid known. A console event never
/// goes to group 0, which would be every process of the caller's console
/// (the caller too): a handle that may not tell its pid is refused.
fn signal_handle(handle: BorrowedHandle<'_>, pid: u32, sig: u32) -> Result<(), Error> {
    if sig != CTRL_C_EVENT && sig != CTRL_BREAK_EVENT {
        // A caller's handle: its rights are unknown.
        return terminate(handle, pid, sig, false);
    }
    if pid == 0 {
        return Err(Error::new(
            ErrorKind::PermissionDenied,
            "the process handle may not tell its process id (it lacks \
             PROCESS_QUERY_LIMITED_INFORMATION), so no console event was sent: \
             group 0 would be this whole console; open the handle with that right",
        ));
    }
    console_event(sig, pid)
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
/// console process group (to a process, only to a group it is known to
/// lead: [`check_console_event`]), every other signal ends one process.
pub(crate) fn send(target: Target, sig: Signal) -> Result<(), Error> {
    let console = sig == Signal::CTRL_C || sig == Signal::CTRL_BREAK;
    // A Signal's number is never negative.
    let raw = sig.as_raw() as u32;
    match target {
        Target::Process(pid) if sig == Signal::NULL => probe(pid),
        Target::Process(pid) if console => {
            check_console_event(raw, pid, is_leader(pid))?;
            console_event(raw, pid)
        }
        Target::Group(pid) if console => console_event(raw, pid),
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

/// What to do when `code` says a resource of the caller ran out; `None`
/// for any other error.
pub(crate) fn exhausted(code: i32) -> Option<&'static str> {
    // Handles are limited by memory alone; this is the old file limit.
    (code as u32 == ERROR_TOO_MANY_OPEN_FILES)
        .then_some("the process has too many handles open: close some")
}

pub(crate) fn send_with_value(pid: u32, sig: Signal, value: i32) -> Result<(), Error> {
    let _ = (pid, sig, value);
    Err(no_values())
}

/// Windows' answer to a signal with a value.
fn no_values() -> Error {
    Error::new(
        ErrorKind::Unsupported,
        "Windows has no signals that carry a value: send the signal without one",
    )
}

/// A handle on one process: its process handle, with [`HANDLE_ACCESS`].
#[derive(Debug)]
pub(crate) struct Handle {
    process: OwnedHandle,
    pid: u32,
}

impl Handle {
    pub(crate) fn open(pid: u32) -> Result<Handle, Error> {
        if pid == 0 {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "pid 0 is the System Idle Process, which no one may open",
            ));
        }
        let process = open_process(pid, HANDLE_ACCESS)?;
        Ok(Handle { process, pid })
    }

    /// A handle of our own on the child's process, duplicated from the
    /// `Child`'s (which has every right).
    pub(crate) fn from_child(child: &Child) -> Result<Handle, Error> {
        let pid = child.id();
        let process = child
            .as_handle()
            .try_clone_to_owned()
            .map_err(|err| Error::from_io(&err, Call::DuplicateHandle { pid }))?;
        Ok(Handle { process, pid })
    }

    pub(crate) fn pid(&self) -> u32 {
        self.pid
    }

    /// Not kept: nothing on Windows needs it (no tree is held still).
    pub(crate) fn start_time(&self) -> Option<u64> {
        None
    }

    /// [`Signal::NULL`] probes; a console event goes to the group the
    /// process leads, if it is known to lead one ([`check_console_event`]);
    /// any other signal is `TerminateProcess`.
    pub(crate) fn send(&self, sig: Signal, value: Option<i32>) -> Result<(), Error> {
        let handle = self.process.as_handle();
        if value.is_some() {
            return Err(no_values());
        }
        if sig == Signal::NULL {
            return match has_exited(handle) {
                true => Err(already_exited(handle, self.pid)),
                false => Ok(()),
            };
        }
        // A Signal's number is never negative.
        let raw = sig.as_raw() as u32;
        if sig == Signal::CTRL_C || sig == Signal::CTRL_BREAK {
            // The handle keeps the process, so its pid is its own: a
            // leader's while the group's handle lives.
            check_console_event(raw, self.pid, is_leader(self.pid))?;
            return console_event(raw, self.pid);
        }
        // Opened with HANDLE_ACCESS, or a Child's (every right).
        terminate(handle, self.pid, raw, true)
    }

    /// Unsupported: Windows has no signal state.
    pub(crate) fn signal_state(&self) -> Result<SignalState, Error> {
        Err(list::no_signal_state())
    }

    /// Unsupported: pidfs inodes are Linux's.
    pub(crate) fn inode(&self) -> Result<u64, Error> {
        Err(Error::new(
            ErrorKind::Unsupported,
            "a pidfs inode (PID:INODE) exists only on Linux 6.9 and later",
        ))
    }

    /// Whether the process runs code of its own now: Windows holds no
    /// process still, so nothing to tell.
    pub(crate) fn run_state(&self) -> Option<RunState> {
        None
    }

    pub(crate) fn try_exit(&self) -> Result<Option<Exit>, Error> {
        let handle = self.process.as_handle();
        if !has_exited(handle) {
            return Ok(None);
        }
        // Windows keeps exit codes as DWORDs; std's ExitStatus::code gives
        // the same bits as an i32.
        exit_code(handle, self.pid).map(|code| Some(Exit::Code(code as i32)))
    }
}

/// Waits until one of `handles` is signalled (its process exited) or the
/// deadline passes, in one `WaitForMultipleObjects`. It takes at most 64
/// handles: with more, it watches the first 64, which is enough for its
/// callers, who wait until every process has exited: the later ones are
/// watched once earlier ones are gone. There is never an `interrupt`
/// ([`Deferred`] is never made here).
pub(crate) fn wait_any(
    handles: &[&Handle],
    deadline: Option<Instant>,
    interrupt: Option<&Deferred>,
) -> Result<(), Error> {
    if let Some(deferred) = interrupt {
        match deferred.never {}
    }
    let raw: Vec<_> = handles
        .iter()
        .take(MAX_WAIT_HANDLES)
        .map(|handle| handle.process.as_raw_handle())
        .collect();
    let timeout = match deadline {
        None => INFINITE,
        // Rounded up, so that the wait does not end just before the
        // deadline; INFINITE - 1 at most, and the caller waits again.
        Some(deadline) => {
            let left = deadline.saturating_duration_since(Instant::now());
            let millis = left.as_nanos().div_ceil(1_000_000);
            u32::try_from(millis)
                .unwrap_or(INFINITE - 1)
                .min(INFINITE - 1)
        }
    };
    let count = raw.len();
    // SAFETY: `raw` holds `count` (at most 64) process handles that the
    // borrowed `Handle`s keep open during the call; FALSE waits for any.
    let woke = unsafe { WaitForMultipleObjects(count as u32, raw.as_ptr(), 0, timeout) };
    if woke == WAIT_FAILED {
        return Err(last_error(Call::WaitForMultipleObjects { count }));
    }
    Ok(())
}

/// [`kill_handle`] on a raw handle value, such as Python's
/// `_winapi.OpenProcess` returns. The pseudo-handles (-1, the caller itself,
/// and -2 to -6) are refused: they are no process handle given by anyone.
pub(crate) fn kill_raw_handle(raw: std::os::windows::io::RawHandle, sig: u32) -> Result<(), Error> {
    let value = raw as isize;
    if (-6..=0).contains(&value) {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{value} is no process handle (0 or a pseudo-handle); nothing was sent"),
        ));
    }
    // SAFETY: the handle is only read by the calls below, during this call;
    // a value that is no open handle makes them fail with
    // ERROR_INVALID_HANDLE, and no memory of ours depends on it.
    let handle = unsafe { BorrowedHandle::borrow_raw(raw) };
    kill_handle(handle, sig)
}

impl Handle {
    /// The process handle, signalled once the process has exited.
    pub(crate) fn process_handle(&self) -> BorrowedHandle<'_> {
        self.process.as_handle()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_console_event_goes_only_to_a_group_known_to_be_led() {
        // Not known to lead a group: GenerateConsoleCtrlEvent would take
        // the pid for group 0, the whole console (microsoft/terminal#335).
        for event in [CTRL_C_EVENT, CTRL_BREAK_EVENT] {
            let err = check_console_event(event, 1234, false).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Unsupported);
            assert!(err.to_string().contains("every process on this"), "{err}");
        }
        // A known leader: Ctrl+Break goes; Ctrl+C "succeeds" unreceived
        // unless the group turned it back on, so it is refused.
        assert_eq!(check_console_event(CTRL_BREAK_EVENT, 1234, true), Ok(()));
        let err = check_console_event(CTRL_C_EVENT, 1234, true).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(err.to_string().contains("CTRL_BREAK"), "{err}");
    }

    #[test]
    fn access_denied_from_terminate_process_is_read_by_the_process_state() {
        // Exited since: gone, whatever the handle may do.
        assert_eq!(refusal(true, true), Refusal::Exited);
        assert_eq!(refusal(true, false), Refusal::Exited);
        // A handle with PROCESS_TERMINATE is refused only for a process
        // that is already ending (STATUS_PROCESS_IS_TERMINATING).
        assert_eq!(refusal(false, true), Refusal::Ending);
        // A caller's handle of unknown rights: a real refusal, maybe.
        assert_eq!(refusal(false, false), Refusal::Denied);
    }

    #[test]
    fn a_process_handle_refuses_console_events_to_a_process_it_did_not_start_as_a_leader() {
        let handle = Handle::open(std::process::id()).expect("open this process");
        for sig in [Signal::CTRL_C, Signal::CTRL_BREAK] {
            let err = handle.send(sig, None).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
            let err = send(Target::Process(std::process::id()), sig).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
        }
    }
}
