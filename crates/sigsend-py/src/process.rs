//! `sigsend.Process`: a handle on one process that never reaches another
//! process that reused its pid; `sigsend.wait_procs`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple, PyType};

use sigsend::{Exit, Signal};

use crate::{dropins, errors, signals};

pyo3::create_exception!(
    sigsend,
    TimeoutExpired,
    pyo3::exceptions::PyTimeoutError,
    "Raised by `Process.wait` when the timeout passes with the process still \
     running. A `TimeoutError`; `.pid` and `.timeout` tell which and how long."
);

/// How long a wait blocks (with the GIL released) before it runs Python's
/// signal handlers: the library's waits do not return on a signal, so a
/// wait is cut into slices and Ctrl+C is seen within one.
const SLICE: Duration = Duration::from_millis(20);

/// A handle on one process, bound to the process itself, not to its pid.
///
/// Once the process has exited and been reaped, its pid may be given to a
/// new process; a `Process` never signals that stranger: it raises
/// `ProcessLookupError` and sends nothing. Linux holds a pidfd (with the
/// start time checked instead where pidfds are missing), macOS and FreeBSD
/// a kqueue and the start time, Windows a process handle.
///
/// `Process(pid)` opens any process; `Process(pid, inode=N)` only the one
/// with that pidfs inode (Linux 6.9+, util-linux's `PID:INODE`);
/// `Process.from_popen(popen)` a `subprocess.Popen`'s, before it was waited
/// for. Waiting never reaps: the `Popen` still does.
///
/// >>> import subprocess, sigsend
/// >>> child = subprocess.Popen(["sleep", "10"])
/// >>> with sigsend.Process.from_popen(child) as p:
/// ...     p.terminate()
/// ...     p.wait(timeout=5)
/// -15
/// >>> child.wait()
/// -15
#[pyclass(name = "Process", module = "sigsend", frozen)]
pub(crate) struct PyProcess {
    pid: u32,
    handle: Mutex<Option<Arc<sigsend::Process>>>,
    /// What `wait`, `poll` or `wait_procs` last saw at the exit.
    returncode: Mutex<Option<i32>>,
}

impl PyProcess {
    pub(crate) fn wrap(process: sigsend::Process) -> PyProcess {
        PyProcess {
            pid: process.pid(),
            handle: Mutex::new(Some(Arc::new(process))),
            returncode: Mutex::new(None),
        }
    }

    /// The open handle; `ValueError` once closed.
    pub(crate) fn set_returncode(&self, code: Option<i32>) {
        *self
            .returncode
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = code;
    }

    pub(crate) fn handle(&self) -> PyResult<Arc<sigsend::Process>> {
        self.handle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
            .ok_or_else(|| {
                PyValueError::new_err(format!("the handle on process {} is closed", self.pid))
            })
    }
}

/// A pid as Python gives it: a positive int.
fn pid_arg(pid: &Bound<'_, PyAny>) -> PyResult<u32> {
    let number: i64 = pid.extract()?;
    u32::try_from(number)
        .ok()
        .filter(|&pid| pid > 0)
        .ok_or_else(|| PyValueError::new_err(format!("{number} is no process id")))
}

/// A timeout in seconds (`None`: no limit; below zero: zero).
fn timeout_arg(timeout: Option<f64>) -> PyResult<Option<Duration>> {
    match timeout {
        None => Ok(None),
        Some(seconds) if seconds.is_nan() => {
            Err(PyValueError::new_err("the timeout is not a number"))
        }
        Some(seconds) => Ok(Some(
            Duration::try_from_secs_f64(seconds.max(0.0)).unwrap_or(Duration::MAX),
        )),
    }
}

/// `Popen`'s return code for an exit: the code, minus the signal, or
/// `None` where the OS does not tell (not our child).
pub(crate) fn returncode(exit: Exit) -> Option<i32> {
    match exit {
        Exit::Code(code) => Some(code),
        Exit::Signaled(sig) => Some(-sig.as_raw()),
        _ => None,
    }
}

fn timeout_expired(py: Python<'_>, pid: u32, timeout: f64) -> PyErr {
    let err = TimeoutExpired::new_err(format!(
        "process {pid} did not exit within {timeout} seconds"
    ));
    let value = err.value(py);
    let _ = value.setattr("pid", pid);
    let _ = value.setattr("timeout", timeout);
    err
}

/// Waits for all of `handles` until `deadline`, in slices with the GIL
/// released, running Python's signal handlers between slices (so Ctrl+C
/// raises `KeyboardInterrupt` within one slice). `done` is told each exit
/// as it is seen. Returns each handle's exit, `None` for those still running.
pub(crate) fn wait_handles(
    py: Python<'_>,
    handles: &[Arc<sigsend::Process>],
    deadline: Option<Instant>,
    mut done: impl FnMut(usize, Exit) -> PyResult<()>,
) -> PyResult<Vec<Option<Exit>>> {
    let mut exits: Vec<Option<Exit>> = vec![None; handles.len()];
    loop {
        let pending: Vec<usize> = (0..handles.len()).filter(|&i| exits[i].is_none()).collect();
        if pending.is_empty() {
            return Ok(exits);
        }
        let now = Instant::now();
        let slice = match deadline {
            Some(deadline) if deadline <= now => Duration::ZERO,
            Some(deadline) => (deadline - now).min(SLICE),
            None => SLICE,
        };
        let waiting: Vec<Arc<sigsend::Process>> =
            pending.iter().map(|&i| Arc::clone(&handles[i])).collect();
        let seen = py
            .allow_threads(move || {
                let refs: Vec<&sigsend::Process> = waiting.iter().map(|p| &**p).collect();
                sigsend::wait_all_of(&refs, Some(slice))
            })
            .map_err(errors::to_py)?;
        for (&i, exit) in pending.iter().zip(seen) {
            if let Some(exit) = exit {
                exits[i] = Some(exit);
                done(i, exit)?;
            }
        }
        py.check_signals()?;
        // The slice looked once more at its end, so a deadline that has
        // passed now has had its last look.
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            return Ok(exits);
        }
    }
}

#[pymethods]
impl PyProcess {
    #[new]
    #[pyo3(signature = (pid, *, inode = None))]
    fn new(py: Python<'_>, pid: &Bound<'_, PyAny>, inode: Option<u64>) -> PyResult<Self> {
        let pid = pid_arg(pid)?;
        let process = py
            .allow_threads(|| match inode {
                Some(inode) => sigsend::Process::open_with_inode(pid, inode),
                None => sigsend::Process::open(pid),
            })
            .map_err(errors::to_py)?;
        Ok(PyProcess::wrap(process))
    }

    /// `Process.from_popen(popen)`: a handle on a `subprocess.Popen`'s
    /// process. The `Popen` must not have been waited for yet
    /// (`ProcessLookupError` otherwise: its pid may be another process's);
    /// the handle never reaps it, so `popen.wait()` still works.
    #[classmethod]
    fn from_popen(_cls: &Bound<'_, PyType>, popen: &Bound<'_, PyAny>) -> PyResult<Self> {
        if !dropins::is_popen(popen)? {
            return Err(PyTypeError::new_err("from_popen takes a subprocess.Popen"));
        }
        Ok(PyProcess::wrap(dropins::popen_process(popen)?))
    }

    /// The process id.
    #[getter]
    fn pid(&self) -> u32 {
        self.pid
    }

    /// The pidfs inode of the process (Linux 6.9+): with the pid, an
    /// identity no other process will ever have (`Process(pid, inode=N)`).
    /// `NotImplementedError` where there is no pidfs.
    fn inode(&self) -> PyResult<u64> {
        self.handle()?.inode().map_err(errors::to_py)
    }

    /// `send_signal(sig, value=None)`: sends `sig` (an int, a
    /// `signal.Signals` member or a name such as `"TERM"`) to the process,
    /// never to another one that reused its pid. With `value` (an int),
    /// the signal carries it as `sigqueue(3)` does (not on macOS or
    /// Windows: `NotImplementedError`). Signal 0 sends nothing and checks
    /// that the process still exists.
    ///
    /// Raises `ProcessLookupError` once the process has exited and been
    /// reaped, `PermissionError`, and `ValueError` for a bad signal (then
    /// nothing is sent).
    #[pyo3(signature = (sig, value = None))]
    fn send_signal(
        &self,
        py: Python<'_>,
        sig: &Bound<'_, PyAny>,
        value: Option<i32>,
    ) -> PyResult<()> {
        let sig = signals::parse(sig)?;
        let handle = self.handle()?;
        match value {
            None => handle.signal(sig),
            Some(value) => handle.signal_with_value(sig, value),
        }
        .map_err(errors::to_py)?;
        py.check_signals()
    }

    /// Sends SIGTERM (on Windows: ends the process with exit code 15).
    fn terminate(&self, py: Python<'_>) -> PyResult<()> {
        self.handle()?.signal(Signal::TERM).map_err(errors::to_py)?;
        py.check_signals()
    }

    /// Sends SIGKILL (on Windows: ends the process with exit code 9).
    fn kill(&self, py: Python<'_>) -> PyResult<()> {
        self.handle()?.signal(Signal::KILL).map_err(errors::to_py)?;
        py.check_signals()
    }

    /// Whether the process is still running (a zombie is not).
    fn is_running(&self) -> PyResult<bool> {
        self.handle()?.is_alive().map_err(errors::to_py)
    }

    /// `poll()`: `None` while the process runs; once it has exited, its
    /// return code as `Popen.poll` gives it (the exit code, or minus the
    /// signal), or `None` where the OS does not tell (a process that is not
    /// our child on POSIX: use `is_running()` to tell the two apart).
    /// Never reaps.
    fn poll(&self) -> PyResult<Option<i32>> {
        let exit = self.handle()?.try_wait().map_err(errors::to_py)?;
        let code = exit.and_then(returncode);
        self.set_returncode(code);
        Ok(code)
    }

    /// `wait(timeout=None)`: waits until the process exits and returns as
    /// `Popen.wait` does: the exit code, minus the signal that ended it, or
    /// `None` for a process that is not our child where the OS does not
    /// tell. Never reaps. Raises `sigsend.TimeoutExpired` (a
    /// `TimeoutError`) when `timeout` seconds pass first.
    ///
    /// The wait is event-driven (pidfd, kqueue, process handle), with the
    /// GIL released; it looks at Python's signals every 20 ms, so Ctrl+C
    /// raises `KeyboardInterrupt` at once rather than hanging.
    #[pyo3(signature = (timeout = None))]
    fn wait(&self, py: Python<'_>, timeout: Option<f64>) -> PyResult<Option<i32>> {
        let limit = timeout_arg(timeout)?;
        let deadline = limit.and_then(|limit| Instant::now().checked_add(limit));
        let handle = self.handle()?;
        let exits = wait_handles(py, &[handle], deadline, |_, _| Ok(()))?;
        match exits[0] {
            Some(exit) => {
                self.set_returncode(returncode(exit));
                Ok(returncode(exit))
            }
            None => Err(timeout_expired(py, self.pid, timeout.unwrap_or(0.0))),
        }
    }

    /// `fileno()` (POSIX): the handle's descriptor, readable once the
    /// process has exited (the pidfd on Linux, the kqueue on macOS and
    /// FreeBSD), for `select`/`selectors`; it stays the handle's (do not
    /// close it; `close()` does). `NotImplementedError` where the handle
    /// has none (Linux without pidfds).
    #[cfg(unix)]
    fn fileno(&self) -> PyResult<i32> {
        use std::os::fd::AsRawFd;
        let handle = self.handle()?;
        handle.exit_fd().map(|fd| fd.as_raw_fd()).ok_or_else(|| {
            pyo3::exceptions::PyNotImplementedError::new_err(
                "this handle has no descriptor (no pidfds here): it checks the start time",
            )
        })
    }

    /// For `wait_async`: whether the exit was seen, and the return code.
    fn _try_exit(&self) -> PyResult<(bool, Option<i32>)> {
        let exit = self.handle()?.try_wait().map_err(errors::to_py)?;
        if let Some(exit) = exit {
            self.set_returncode(returncode(exit));
        }
        Ok((exit.is_some(), exit.and_then(returncode)))
    }

    /// For `wait_async`: a duplicate of the descriptor that becomes
    /// readable at the exit (the caller closes it), or `None`.
    fn _exit_fd_dup(&self) -> PyResult<Option<i32>> {
        #[cfg(unix)]
        {
            use std::os::fd::IntoRawFd;
            let handle = self.handle()?;
            match handle.exit_fd() {
                Some(fd) => Ok(Some(
                    fd.try_clone_to_owned()
                        .map_err(|err| {
                            errors::os_error(err.raw_os_error().unwrap_or(errors::EINVAL))
                        })?
                        .into_raw_fd(),
                )),
                None => Ok(None),
            }
        }
        #[cfg(not(unix))]
        {
            self.handle()?;
            Ok(None)
        }
    }

    /// For `wait_async`: whether to wait in the loop's executor (Windows).
    fn _waits_in_thread(&self) -> bool {
        cfg!(windows)
    }

    /// Closes the handle (its pidfd or kqueue, its process handle); every
    /// later call raises `ValueError`. Closing twice is no error.
    fn close(&self) {
        self.handle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
    }

    /// The return code that `wait`, `poll` or `wait_procs` last saw
    /// (`None` before the exit was seen, or where the OS does not tell).
    #[getter]
    fn returncode(&self) -> Option<i32> {
        *self
            .returncode
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.handle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .is_none()
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, PyTuple>) -> bool {
        self.close();
        false
    }

    fn __repr__(&self) -> String {
        let state = if self.closed() { ", closed" } else { "" };
        format!("sigsend.Process(pid={}{state})", self.pid)
    }
}

/// The handle a `wait_procs`/`stop` argument stands for: a
/// `sigsend.Process` (its own handle) or a `subprocess.Popen` (a new one).
pub(crate) fn handle_of(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Arc<sigsend::Process>> {
    if let Ok(process) = obj.downcast::<PyProcess>() {
        return process.get().handle();
    }
    if dropins::is_popen(obj)? {
        return Ok(Arc::new(dropins::popen_process(obj)?));
    }
    if obj.is_instance_of::<pyo3::types::PyInt>() {
        let pid = pid_arg(obj)?;
        return py
            .allow_threads(|| sigsend::Process::open(pid))
            .map(Arc::new)
            .map_err(errors::to_py);
    }
    Err(PyTypeError::new_err(
        "expected a sigsend.Process, a subprocess.Popen or a pid",
    ))
}

/// `wait_procs(procs, timeout=None, callback=None) -> (gone, alive)`:
/// waits for many processes at once, with one deadline, as psutil's
/// function of that name but without polling (one `poll` over pidfds, one
/// kqueue, `WaitForMultipleObjects`). `procs` are `sigsend.Process`es;
/// `gone` lists those that exited (each with `.returncode` set, as
/// `wait()` would return it), `alive` the others, in the given order;
/// `callback(proc)` is called for each as it exits. Ctrl+C interrupts it.
///
/// >>> import subprocess, sigsend
/// >>> kids = [subprocess.Popen(["sleep", s]) for s in ("0", "10")]
/// >>> procs = [sigsend.Process.from_popen(k) for k in kids]
/// >>> gone, alive = sigsend.wait_procs(procs, timeout=1)
/// >>> [p.pid for p in gone] == [kids[0].pid], [p.pid for p in alive] == [kids[1].pid]
/// (True, True)
/// >>> kids[1].kill(); [k.wait() for k in kids]
/// [0, -9]
#[pyfunction]
#[pyo3(signature = (procs, timeout = None, callback = None))]
pub(crate) fn wait_procs<'py>(
    py: Python<'py>,
    procs: &Bound<'py, PyAny>,
    timeout: Option<f64>,
    callback: Option<Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyList>)> {
    let mut objects: Vec<Bound<'py, PyProcess>> = Vec::new();
    for item in procs.try_iter()? {
        let item = item?;
        let process = item
            .downcast::<PyProcess>()
            .map_err(|_| PyTypeError::new_err("wait_procs takes sigsend.Process objects"))?;
        objects.push(process.clone());
    }
    let handles = objects
        .iter()
        .map(|p| p.get().handle())
        .collect::<PyResult<Vec<_>>>()?;
    let limit = timeout_arg(timeout)?;
    let deadline = limit.and_then(|limit| Instant::now().checked_add(limit));
    let exits = wait_handles(py, &handles, deadline, |i, exit| {
        let object = &objects[i];
        object.get().set_returncode(returncode(exit));
        if let Some(callback) = &callback {
            callback.call1((object,))?;
        }
        Ok(())
    })?;
    let gone = PyList::empty(py);
    let alive = PyList::empty(py);
    for (object, exit) in objects.iter().zip(exits) {
        match exit {
            Some(_) => gone.append(object)?,
            None => alive.append(object)?,
        }
    }
    Ok((gone, alive))
}
