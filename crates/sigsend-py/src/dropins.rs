//! The drop-ins: CPython's `os.kill`, `os.killpg`, `signal.pthread_kill`,
//! `os.waitstatus_to_exitcode`, `os.pidfd_open` and
//! `signal.pidfd_send_signal`, with CPython's argument rules, exceptions
//! and audit events, over `sigsend::os`.

use pyo3::exceptions::PyProcessLookupError;
#[cfg(unix)]
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyInt, PyType};

use crate::audit::{self, audit};
use crate::errors;
use crate::process::PyProcess;

static POPEN: GILOnceCell<Py<PyType>> = GILOnceCell::new();

/// Whether `obj` is a `subprocess.Popen`.
pub(crate) fn is_popen(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let popen = POPEN.import(obj.py(), "subprocess", "Popen")?;
    obj.is_instance(popen)
}

/// `ProcessLookupError` for a `Popen` whose process was already reaped:
/// its pid may name another process now.
pub(crate) fn reaped(pid: u32) -> PyErr {
    PyProcessLookupError::new_err((
        3,
        format!(
            "process {pid} has already been waited for (Popen.returncode is set): \
             its pid may be another process's now; nothing was sent"
        ),
    ))
}

/// `kill`'s docstring, signature first (`__text_signature__`), for
/// its C entry points ([`raw`]).
pub(crate) const KILL_DOC: &std::ffi::CStr = c"kill(pid, signal, /)\n\
--\n\
\n\
`kill(pid, sig, /)`: `os.kill`, exactly, or, given a `subprocess.Popen`\n\
or a `sigsend.Process`, the same through a process handle.\n\
\n\
With an int, this is CPython's `os.kill` on the running OS: the same\n\
argument rules (positional only; `TypeError` for a float or a str;\n\
`__index__` accepted), the same exception for every failure\n\
(`ProcessLookupError`, `PermissionError`, `OSError` with `EINVAL` for a\n\
number that is no signal), the `os.kill` audit event, and a signal\n\
handler's exception raised from the call when the signal was sent to\n\
this process. An int is always a pid, never guessed to be anything else.\n\
\n\
One deliberate difference: a signal number outside C `int` raises\n\
`OverflowError`, where CPython truncates it (its `kill(pid, 2**32 + 15)`\n\
sends SIGTERM).\n\
\n\
With a `subprocess.Popen` or a `sigsend.Process`, the signal goes\n\
through a handle on the process itself (a pidfd on Linux, the process\n\
handle on Windows), never through a pid that may have been reused; a\n\
`Popen` that has already been waited for raises `ProcessLookupError`\n\
and nothing is sent.\n\
\n\
On Windows, as CPython: 0 (`CTRL_C_EVENT`) and 1 (`CTRL_BREAK_EVENT`)\n\
go to a console process group (`GenerateConsoleCtrlEvent`); any other\n\
number ends the process with `TerminateProcess`, that number becoming\n\
its exit code.\n\
\n\
>>> import signal, subprocess, sigsend\n\
>>> child = subprocess.Popen([\"sleep\", \"10\"])\n\
>>> sigsend.kill(child.pid, 0)             # as os.kill: it exists\n\
>>> sigsend.kill(child, signal.SIGTERM)    # through a pidfd, not the pid\n\
>>> child.wait()\n\
-15\n\
>>> sigsend.kill(child, signal.SIGTERM)\n\
Traceback (most recent call last):\n\
...\n\
ProcessLookupError: [Errno 3] process ... has already been waited for ...";

/// `kill(pid, sig, /)`: `os.kill`, exactly, or, given a `subprocess.Popen`
/// or a `sigsend.Process`, the same through a process handle; its Python
/// docstring is [`KILL_DOC`], its entry points are in [`raw`].
pub(crate) fn kill(
    py: Python<'_>,
    pid: &Bound<'_, PyAny>,
    signal: &Bound<'_, PyAny>,
) -> PyResult<()> {
    if !pid.is_exact_instance_of::<PyInt>() {
        if let Ok(process) = pid.downcast::<PyProcess>() {
            let sig: i32 = signal.extract()?;
            let process = process.get().handle()?;
            audit(py, &audit::OS_KILL, (process.pid(), sig))?;
            send_through(&process, sig)?;
            return py.check_signals();
        }
        if is_popen(pid)? {
            let sig: i32 = signal.extract()?;
            let pid_number: u32 = pid.getattr("pid")?.extract()?;
            audit(py, &audit::OS_KILL, (pid_number, sig))?;
            kill_popen(pid, pid_number, sig)?;
            return py.check_signals();
        }
    }
    let pid_number: i32 = pid.extract()?;
    let sig: i32 = signal.extract()?;
    // The event gets ints, as CPython's; the objects given when they are
    // ints already (no new int objects on the hot path).
    if pid.is_exact_instance_of::<PyInt>() && signal.is_exact_instance_of::<PyInt>() {
        audit::audit_objects(py, &audit::OS_KILL, pid, signal)?;
    } else {
        audit(py, &audit::OS_KILL, (pid_number, sig))?;
    }
    let pid = pid_number;
    #[cfg(unix)]
    sigsend::os::kill(pid, sig).map_err(errors::to_py)?;
    // CPython takes both as DWORDs there, casting.
    #[cfg(windows)]
    sigsend::os::kill(pid as u32, sig as u32).map_err(errors::to_py)?;
    // A signal sent to this process takes effect before the call returns,
    // as in CPython 3.11+: a handler's exception is raised from here.
    py.check_signals()
}

/// Sends the raw number `sig` through a handle: a number that is no signal
/// here is `OSError(EINVAL)`, as the kernel would say.
pub(crate) fn send_through(process: &sigsend::Process, sig: i32) -> PyResult<()> {
    let sig = sigsend::Signal::from_raw(sig).map_err(|_| errors::os_error(errors::EINVAL))?;
    process.signal(sig).map_err(errors::to_py)
}

/// A handle on a `Popen`'s process, opened only while the `Popen` has not
/// reaped it. Popen reaps only under its `_waitpid_lock`; held here (when
/// free) across the check and the opening, no `Popen` method can reap the
/// process in between. Once open, the handle stays bound to the process.
pub(crate) fn popen_process(popen: &Bound<'_, PyAny>) -> PyResult<sigsend::Process> {
    let pid: u32 = popen.getattr("pid")?.extract()?;
    let lock = popen.getattr("_waitpid_lock").ok();
    let locked = match &lock {
        Some(lock) => lock.call_method1("acquire", (false,))?.is_truthy()?,
        None => false,
    };
    let opened = (|| {
        if !popen.getattr("returncode")?.is_none() {
            return Err(reaped(pid));
        }
        sigsend::Process::open(pid).map_err(errors::to_py)
    })();
    if locked {
        if let Some(lock) = &lock {
            lock.call_method0("release")?;
        }
    }
    opened
}

#[cfg(not(windows))]
fn kill_popen(popen: &Bound<'_, PyAny>, _pid: u32, sig: i32) -> PyResult<()> {
    let process = popen_process(popen)?;
    send_through(&process, sig)
}

/// Windows: the `Popen`'s own process handle, as Python's documentation
/// promised for `os.kill`.
#[cfg(windows)]
fn kill_popen(popen: &Bound<'_, PyAny>, pid: u32, sig: i32) -> PyResult<()> {
    if !popen.getattr("returncode")?.is_none() {
        return Err(reaped(pid));
    }
    let handle: isize = popen.getattr("_handle")?.extract()?;
    sigsend::os::kill_raw_handle(handle as std::os::windows::io::RawHandle, sig as u32)
        .map_err(errors::to_py)
}

/// `kill_handle(handle, sig, /)` (Windows): `os.kill` on a raw process
/// `HANDLE` (an int, as `_winapi.OpenProcess` returns, with
/// `PROCESS_TERMINATE` access): 0 and 1 are console events to the group
/// the process leads, any other number `TerminateProcess` with that exit
/// code. No pid is involved, so none can have been reused.
///
/// >>> import _winapi, subprocess, sigsend
/// >>> child = subprocess.Popen(["cmd", "/c", "pause"])
/// >>> h = _winapi.OpenProcess(_winapi.PROCESS_ALL_ACCESS, False, child.pid)
/// >>> sigsend.kill_handle(h, 7)
/// >>> child.wait()
/// 7
#[cfg(windows)]
#[pyfunction]
#[pyo3(signature = (handle, signal, /))]
pub(crate) fn kill_handle(py: Python<'_>, handle: isize, signal: i32) -> PyResult<()> {
    audit(py, &audit::KILL_HANDLE, (handle, signal))?;
    sigsend::os::kill_raw_handle(handle as std::os::windows::io::RawHandle, signal as u32)
        .map_err(errors::to_py)
}

/// `killpg(pgid, signal, /)`: `os.killpg`, exactly (POSIX): the signal to
/// every process of the group `pgid` (0: the caller's). A negative `pgid`
/// is `OSError(EINVAL)`. Raises the `os.killpg` audit event.
///
/// >>> import os, signal, subprocess, sigsend
/// >>> child = subprocess.Popen(["sleep", "10"], start_new_session=True)
/// >>> sigsend.killpg(os.getpgid(child.pid), signal.SIGHUP)
/// >>> child.wait()
/// -1
#[cfg(unix)]
#[pyfunction]
#[pyo3(signature = (pgid, signal, /))]
pub(crate) fn killpg(py: Python<'_>, pgid: i32, signal: i32) -> PyResult<()> {
    audit(py, &audit::OS_KILLPG, (pgid, signal))?;
    sigsend::os::killpg(pgid, signal).map_err(errors::to_py)?;
    py.check_signals()
}

/// `pthread_kill(thread_id, signalnum, /)`: `signal.pthread_kill` (POSIX),
/// the signal to one thread of this process (`threading.get_ident()`), a
/// handler's exception raised from the call, the `signal.pthread_kill`
/// audit event.
///
/// One difference: CPython passes any number to the C library, which
/// crashes on an id that names no live thread (glibc: `pthread_kill(0, 0)`
/// is a segmentation fault). Here the id must be that of a thread with a
/// Python thread state (`sys._current_frames()`, read with the GIL held,
/// so that the thread cannot end meanwhile); any other id is
/// `ProcessLookupError` (`ESRCH`, what the C library says for a thread that
/// has ended), and nothing is sent.
///
/// >>> import threading, sigsend
/// >>> sigsend.pthread_kill(threading.get_ident(), 0)
#[cfg(unix)]
#[pyfunction]
#[pyo3(signature = (thread_id, signalnum, /))]
pub(crate) fn pthread_kill(
    py: Python<'_>,
    thread_id: &Bound<'_, PyAny>,
    signalnum: i32,
) -> PyResult<()> {
    // CPython's `unsigned_long(bitwise=True)`: an int only, masked.
    let thread_id = thread_id.downcast::<PyInt>().map_err(|_| {
        let name = thread_id
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        PyTypeError::new_err(format!("pthread_kill() argument 1 must be int, not {name}"))
    })?;
    let id: u64 = thread_id.bitand(u64::MAX)?.extract()?;
    audit(py, &audit::PTHREAD_KILL, (id, signalnum))?;
    let frames = py.import("sys")?.call_method0("_current_frames")?;
    if !frames.contains(id)? {
        return Err(PyProcessLookupError::new_err((
            3,
            format!("{id} is no thread of this interpreter that is alive; nothing was sent"),
        )));
    }
    // SAFETY: the id is the pthread_t of a thread that has a Python thread
    // state (CPython's thread ids are pthread_self() values), and we hold
    // the GIL, without which no thread can delete its state and end: the
    // thread is alive for the whole call. The casts only restore the
    // pthread_t that CPython widened to an unsigned long.
    unsafe { sigsend::os::pthread_kill_raw(id as usize as libc::pthread_t, signalnum) }
        .map_err(errors::to_py)?;
    py.check_signals()
}

/// `waitstatus_to_exitcode(status)`: `os.waitstatus_to_exitcode`, exactly:
/// an exit code for a process that exited, minus the signal for one that a
/// signal ended, `ValueError` for the status of a stopped process or for a
/// value that is no wait status.
///
/// >>> import subprocess, os, sigsend
/// >>> pid = os.fork() or os._exit(3)   # doctest: +SKIP
/// >>> sigsend.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])  # doctest: +SKIP
/// 3
/// >>> sigsend.waitstatus_to_exitcode(0x0f)
/// -15
#[cfg(unix)]
#[pyfunction]
#[pyo3(signature = (status))]
pub(crate) fn waitstatus_to_exitcode(status: i32) -> PyResult<i32> {
    sigsend::os::waitstatus_to_exitcode(status).map_err(errors::to_py)
}

/// `waitstatus_to_exitcode(status)` (Windows): `status >> 8`, as CPython
/// computes it for `os.waitpid`'s status there.
#[cfg(windows)]
#[pyfunction]
#[pyo3(signature = (status))]
pub(crate) fn waitstatus_to_exitcode(status: u64) -> PyResult<i32> {
    i32::try_from(status >> 8)
        .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("invalid exit code"))
}

/// `pidfd_open(pid, flags=0)`: `os.pidfd_open`, exactly (Linux 5.3+): a
/// file descriptor (an int the caller closes) that refers to the process
/// itself, readable once it exits. `flags` (`os.PIDFD_NONBLOCK`) goes to
/// the kernel unchanged.
///
/// >>> import os, sigsend
/// >>> fd = sigsend.pidfd_open(os.getpid())
/// >>> sigsend.pidfd_send_signal(fd, 0)
/// >>> os.close(fd)
#[cfg(target_os = "linux")]
#[pyfunction]
#[pyo3(signature = (pid, flags = None), text_signature = "(pid, flags=0)")]
pub(crate) fn pidfd_open(pid: i32, flags: Option<&Bound<'_, PyAny>>) -> PyResult<i32> {
    use std::os::fd::IntoRawFd;
    let flags = match flags {
        Some(flags) => unsigned_int(flags)?,
        None => 0,
    };
    let fd = sigsend::os::pidfd_open_with_flags(pid, flags).map_err(errors::to_py)?;
    Ok(fd.into_raw_fd())
}

/// CPython's `unsigned_int` converter: `ValueError` below 0,
/// `OverflowError` above `UINT_MAX`.
#[cfg(target_os = "linux")]
fn unsigned_int(obj: &Bound<'_, PyAny>) -> PyResult<u32> {
    let value: i64 = obj.extract()?;
    if value < 0 {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "value must be positive",
        ));
    }
    u32::try_from(value).map_err(|_| {
        pyo3::exceptions::PyOverflowError::new_err("Python int too large for C unsigned int")
    })
}

/// `pidfd_send_signal(pidfd, sig, siginfo=None, flags=0, /)`:
/// `signal.pidfd_send_signal`, exactly (Linux 5.1+): the signal through a
/// pidfd, which never reaches a process that reused the pid. `siginfo`
/// must be `None` (`TypeError` otherwise, as CPython); `flags` goes to the
/// kernel unchanged.
#[cfg(target_os = "linux")]
#[pyfunction]
#[pyo3(signature = (pidfd, sig, siginfo = None, flags = 0, /))]
pub(crate) fn pidfd_send_signal(
    py: Python<'_>,
    pidfd: i32,
    sig: i32,
    siginfo: Option<&Bound<'_, PyAny>>,
    flags: i32,
) -> PyResult<()> {
    if siginfo.is_some_and(|info| !info.is_none()) {
        return Err(PyTypeError::new_err("siginfo must be None"));
    }
    // CPython passes its C int flags on as they are.
    sigsend::os::pidfd_send_signal_raw(pidfd, sig, flags as u32).map_err(errors::to_py)?;
    py.check_signals()
}
