//! The library's stop plans, trees, process lists and ports, for Python.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use sigsend::{Fields, Protocol, Signal, Stop, StopOutcome, TreeOutcome, UserId};

use crate::process::{handle_of, returncode};
use crate::{errors, signals};

/// One process as the system lists it: `pid`, `ppid`, `name` (Linux's
/// `comm`; the executable's name elsewhere), `cmdline` (a list, or `None`
/// where it cannot be read), `user` (the effective uid on POSIX, the SID
/// string on Windows, `None` where unknown), `start_time` (in the OS's own
/// unit: it orders processes by start, or `None`), `is_own` (the caller's
/// user's).
#[pyclass(name = "ProcessInfo", module = "sigsend", frozen, get_all)]
pub(crate) struct PyProcessInfo {
    pid: u32,
    ppid: u32,
    name: String,
    cmdline: Option<Vec<String>>,
    user: Option<PyObject>,
    start_time: Option<u64>,
    is_own: bool,
}

#[pymethods]
impl PyProcessInfo {
    fn __repr__(&self) -> String {
        format!(
            "sigsend.ProcessInfo(pid={}, ppid={}, name={:?})",
            self.pid, self.ppid, self.name
        )
    }
}

fn info_to_py(py: Python<'_>, info: &sigsend::ProcessInfo) -> PyResult<PyProcessInfo> {
    let user = match info.user() {
        Some(UserId::Uid(uid)) => Some(uid.into_pyobject(py)?.into_any().unbind()),
        Some(other) => Some(other.to_string().into_pyobject(py)?.into_any().unbind()),
        None => None,
    };
    Ok(PyProcessInfo {
        pid: info.pid(),
        ppid: info.ppid(),
        name: info.name().to_owned(),
        cmdline: info.cmdline().map(<[String]>::to_vec),
        user,
        start_time: info.start_time().map(|t| t.as_raw()),
        is_own: info.is_own(),
    })
}

fn infos_to_py(py: Python<'_>, infos: &[sigsend::ProcessInfo]) -> PyResult<Vec<PyProcessInfo>> {
    infos.iter().map(|info| info_to_py(py, info)).collect()
}

/// What a stop plan did to one process: `pid`; `outcome`, one of
/// `"ended"` (step `step`, which sent `signal`, ended it),
/// `"already_exited"` (before the first signal: nothing was sent),
/// `"survived"` (still running after the last step), `"skipped"`, or
/// `"failed"` (sending step `step`'s `signal` failed with `error`, an
/// `OSError`); `returncode` as `Popen` gives it where it is known.
#[pyclass(name = "StopReport", module = "sigsend", frozen, get_all)]
pub(crate) struct PyStopReport {
    pid: u32,
    outcome: &'static str,
    step: Option<usize>,
    signal: Option<PyObject>,
    returncode: Option<i32>,
    error: Option<PyObject>,
}

#[pymethods]
impl PyStopReport {
    fn __repr__(&self) -> String {
        format!(
            "sigsend.StopReport(pid={}, outcome={:?}, step={:?}, returncode={:?})",
            self.pid, self.outcome, self.step, self.returncode
        )
    }
}

fn stop_report(py: Python<'_>, report: sigsend::StopReport) -> PyResult<PyStopReport> {
    let mut out = PyStopReport {
        pid: report.pid,
        outcome: "",
        step: None,
        signal: None,
        returncode: None,
        error: None,
    };
    match report.outcome {
        StopOutcome::AlreadyExited(exit) => {
            out.outcome = "already_exited";
            out.returncode = returncode(exit);
        }
        StopOutcome::Ended { step, signal, exit } => {
            out.outcome = "ended";
            out.step = Some(step);
            out.signal = Some(signals::to_py(py, signal)?);
            out.returncode = returncode(exit);
        }
        StopOutcome::Survived => out.outcome = "survived",
        StopOutcome::Skipped => out.outcome = "skipped",
        StopOutcome::Failed {
            step,
            signal,
            error,
        } => {
            out.outcome = "failed";
            out.step = Some(step);
            out.signal = Some(signals::to_py(py, signal)?);
            out.error = Some(errors::to_py(error).into_value(py).into_any());
        }
        _ => out.outcome = "unknown",
    }
    Ok(out)
}

/// What `kill_tree` did to one process of the tree: `pid`; `outcome`,
/// `"signaled"`, `"gone"` (it had exited before the signal reached it) or
/// `"failed"` (with `error`, an `OSError`).
#[pyclass(name = "TreeReport", module = "sigsend", frozen, get_all)]
pub(crate) struct PyTreeReport {
    pid: u32,
    outcome: &'static str,
    error: Option<PyObject>,
}

#[pymethods]
impl PyTreeReport {
    fn __repr__(&self) -> String {
        format!(
            "sigsend.TreeReport(pid={}, outcome={:?})",
            self.pid, self.outcome
        )
    }
}

fn tree_report(py: Python<'_>, report: sigsend::TreeReport) -> PyTreeReport {
    let (outcome, error) = match report.outcome {
        TreeOutcome::Signaled => ("signaled", None),
        TreeOutcome::Gone => ("gone", None),
        TreeOutcome::Failed(error) => (
            "failed",
            Some(errors::to_py(error).into_value(py).into_any()),
        ),
        TreeOutcome::Skipped => ("skipped", None),
        _ => ("unknown", None),
    };
    PyTreeReport {
        pid: report.pid,
        outcome,
        error,
    }
}

/// A process that holds a port: `pid`, `protocol` (`"tcp"` or `"udp"`),
/// `address` (the local `(host, port)`), `listening`.
#[pyclass(name = "PortHolder", module = "sigsend", frozen, get_all)]
pub(crate) struct PyPortHolder {
    pid: u32,
    protocol: String,
    address: (String, u16),
    listening: bool,
}

#[pymethods]
impl PyPortHolder {
    fn __repr__(&self) -> String {
        format!(
            "sigsend.PortHolder(pid={}, protocol={:?}, address={:?})",
            self.pid, self.protocol, self.address
        )
    }
}

/// A stop plan from Python: a sequence of `(signal, seconds)` pairs.
fn plan_arg(plan: &Bound<'_, PyAny>, value: Option<i32>) -> PyResult<Stop> {
    let mut stop: Option<Stop> = None;
    for step in plan.try_iter()? {
        let step = step?;
        let pair = step
            .downcast::<PyTuple>()
            .map_err(|_| PyTypeError::new_err("a plan is a sequence of (signal, seconds) pairs"))?;
        if pair.len() != 2 {
            return Err(PyTypeError::new_err(
                "a plan is a sequence of (signal, seconds) pairs",
            ));
        }
        let sig = signals::parse(&pair.get_item(0)?)?;
        let seconds: f64 = pair.get_item(1)?.extract()?;
        if seconds.is_nan() || seconds < 0.0 {
            return Err(PyValueError::new_err(format!(
                "a step's wait is a number of seconds, 0 or more, not {seconds}"
            )));
        }
        let wait = Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX);
        stop = Some(match stop {
            None => Stop::new(sig, wait),
            Some(stop) => stop.then(sig, wait),
        });
    }
    let stop = stop.ok_or_else(|| PyValueError::new_err("a plan needs at least one step"))?;
    Ok(match value {
        Some(value) => stop.value(value),
        None => stop,
    })
}

/// The plan given (see [`plan_arg`]), else TERM, 5 s, KILL, 1 s.
fn plan_or_default(
    py: Python<'_>,
    plan: Option<&Bound<'_, PyAny>>,
    value: Option<i32>,
) -> PyResult<Stop> {
    match plan {
        Some(plan) => plan_arg(plan, value),
        None => plan_arg(&default_plan(py)?, value),
    }
}

fn default_plan(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let term = signals::to_py(py, Signal::TERM)?;
    let kill = signals::to_py(py, Signal::KILL)?;
    Ok(PyTuple::new(py, [(term, 5.0f64), (kill, 1.0f64)])?.into_any())
}

/// `stop(procs, plan=((SIGTERM, 5.0), (SIGKILL, 1.0)), value=None)`: the
/// library's stop plan on many processes at once (`sigsend.Process`es,
/// `subprocess.Popen`s or pids): each step's signal goes to those still
/// running, then all are waited for together, up to the step's seconds.
/// `value` makes every signal carry that int (`sigqueue`). Returns one
/// `StopReport` per process, in order.
///
/// The plan runs with the GIL released; it ends within the sum of its
/// waits (Ctrl+C is seen when it returns).
///
/// >>> import subprocess, sigsend
/// >>> child = subprocess.Popen(["sleep", "10"])
/// >>> [r.outcome for r in sigsend.stop([child], plan=(("TERM", 5.0), ("KILL", 1.0)))]
/// ['ended']
/// >>> child.wait()
/// -15
#[pyfunction]
#[pyo3(signature = (procs, plan = None, value = None))]
pub(crate) fn stop(
    py: Python<'_>,
    procs: &Bound<'_, PyAny>,
    plan: Option<&Bound<'_, PyAny>>,
    value: Option<i32>,
) -> PyResult<Vec<PyStopReport>> {
    let plan = plan_or_default(py, plan, value)?;
    let mut handles: Vec<Arc<sigsend::Process>> = Vec::new();
    for item in procs.try_iter()? {
        handles.push(handle_of(py, &item?)?);
    }
    let reports = py
        .allow_threads(|| plan.run_all(handles.iter().map(|p| &**p)))
        .map_err(errors::to_py)?;
    reports.into_iter().map(|r| stop_report(py, r)).collect()
}

/// `stop_tree(root, plan=((SIGTERM, 5.0), (SIGKILL, 1.0)), value=None)`:
/// the stop plan on `root` (a `sigsend.Process`, `subprocess.Popen` or
/// pid) and every descendant, each step sent to the whole tree held still
/// (none escapes by forking). One `StopReport` per process, the root first.
#[pyfunction]
#[pyo3(signature = (root, plan = None, value = None))]
pub(crate) fn stop_tree(
    py: Python<'_>,
    root: &Bound<'_, PyAny>,
    plan: Option<&Bound<'_, PyAny>>,
    value: Option<i32>,
) -> PyResult<Vec<PyStopReport>> {
    let plan = plan_or_default(py, plan, value)?;
    let root = handle_of(py, root)?;
    let reports = py
        .allow_threads(|| plan.run_tree(&root))
        .map_err(errors::to_py)?;
    reports.into_iter().map(|r| stop_report(py, r)).collect()
}

/// `kill_tree(root, sig)`: `sig` to `root` (a `sigsend.Process`,
/// `subprocess.Popen` or pid) and to every descendant, so that none
/// escapes by forking meanwhile (on POSIX the tree is held still with
/// SIGSTOP first, and SIGCONT follows the signal), each through a handle,
/// never a pid alone. One `TreeReport` per process, the root first.
///
/// >>> import subprocess, sigsend
/// >>> shell = subprocess.Popen(["sh", "-c", "sleep 10 & sleep 10 & wait"])
/// >>> reports = sigsend.kill_tree(shell, "KILL")
/// >>> shell.wait()
/// -9
#[pyfunction]
#[pyo3(signature = (root, sig))]
pub(crate) fn kill_tree(
    py: Python<'_>,
    root: &Bound<'_, PyAny>,
    sig: &Bound<'_, PyAny>,
) -> PyResult<Vec<PyTreeReport>> {
    let sig = signals::parse(sig)?;
    let root = handle_of(py, root)?;
    let reports = py
        .allow_threads(|| sigsend::kill_tree(&root, sig))
        .map_err(errors::to_py)?;
    Ok(reports.into_iter().map(|r| tree_report(py, r)).collect())
}

/// `descendants(pid)`: the children of `pid`, their children, and so on,
/// as `ProcessInfo`s, from one list of the system's processes (a child
/// that started before its parent, a reused pid, is not taken).
#[pyfunction]
#[pyo3(signature = (pid, /))]
pub(crate) fn descendants(py: Python<'_>, pid: u32) -> PyResult<Vec<PyProcessInfo>> {
    let list = py
        .allow_threads(|| sigsend::descendants(pid))
        .map_err(errors::to_py)?;
    infos_to_py(py, &list)
}

/// `processes(attrs=None)`: every process of the system as a
/// `ProcessInfo`. `attrs`, as psutil's `process_iter(attrs)`: the names of
/// the attributes wanted (`"pid"`, `"ppid"`, `"name"`, `"cmdline"`,
/// `"user"`, `"start_time"`, `"is_own"`); pid, ppid and name always come,
/// the others are read only when named (else `None`, `is_own` `False`),
/// which makes the list cheaper (on Linux, one file per process instead of
/// three). `None`: all.
///
/// >>> import os, sigsend
/// >>> me = [p for p in sigsend.processes() if p.pid == os.getpid()][0]
/// >>> me.ppid == os.getppid()
/// True
/// >>> me = [p for p in sigsend.processes(["pid", "name"]) if p.pid == os.getpid()][0]
/// >>> me.cmdline is None and me.name != ""
/// True
#[pyfunction]
#[pyo3(signature = (attrs = None))]
pub(crate) fn processes(
    py: Python<'_>,
    attrs: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyProcessInfo>> {
    let fields = match attrs {
        None => Fields::ALL,
        Some(attrs) => fields_of(attrs)?,
    };
    let list = py
        .allow_threads(|| sigsend::processes_with(fields))
        .map_err(errors::to_py)?;
    infos_to_py(py, &list)
}

/// The fields that the attribute names `attrs` (an iterable of str, not a
/// str) need; a `ValueError` names one that is no attribute.
fn fields_of(attrs: &Bound<'_, PyAny>) -> PyResult<Fields> {
    if attrs.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "attrs is a list of attribute names, not a str",
        ));
    }
    let mut fields = Fields::NONE;
    for attr in attrs.try_iter()? {
        let attr = attr?;
        let name = attr.downcast::<PyString>()?.to_cow()?;
        fields = fields
            | match &*name {
                "pid" | "ppid" | "name" => Fields::NONE,
                "cmdline" => Fields::CMDLINE,
                "user" | "is_own" => Fields::USER,
                "start_time" => Fields::START_TIME,
                other => {
                    return Err(PyValueError::new_err(format!(
                        "{other:?} is no attribute of ProcessInfo"
                    )))
                }
            };
    }
    Ok(fields)
}

fn protocol_arg(protocol: Option<&str>) -> PyResult<Option<Protocol>> {
    match protocol.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(None),
        Some("tcp") => Ok(Some(Protocol::Tcp)),
        Some("udp") => Ok(Some(Protocol::Udp)),
        Some(other) => Err(PyValueError::new_err(format!(
            "protocol {other:?}: it is \"tcp\", \"udp\" or None"
        ))),
    }
}

fn port_holders(
    port: u16,
    protocol: Option<Protocol>,
) -> Result<Vec<sigsend::PortHolder>, sigsend::Error> {
    sigsend::processes_on_port(port, protocol)
}

/// `processes_on_port(port, protocol=None)`: the processes that hold the
/// TCP or UDP `port` (IPv4 and IPv6), as `fuser -n tcp PORT` finds them;
/// `protocol` is `"tcp"`, `"udp"` or `None` for both.
///
/// >>> import os, socket, sigsend
/// >>> s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
/// >>> [h.pid for h in sigsend.processes_on_port(s.getsockname()[1], "tcp")] == [os.getpid()]
/// True
#[pyfunction]
#[pyo3(signature = (port, protocol = None))]
pub(crate) fn processes_on_port(
    py: Python<'_>,
    port: u16,
    protocol: Option<&str>,
) -> PyResult<Vec<PyPortHolder>> {
    let protocol = protocol_arg(protocol)?;
    let holders = py
        .allow_threads(|| port_holders(port, protocol))
        .map_err(errors::to_py)?;
    Ok(holders
        .into_iter()
        .map(|h| PyPortHolder {
            pid: h.pid(),
            protocol: h.protocol().to_string(),
            address: (h.local_addr().ip().to_string(), h.local_addr().port()),
            listening: h.is_listening(),
        })
        .collect())
}

/// `select(name=None, pattern=None, full=False, parent=None, user=None,
/// port=None)`: the processes that match every criterion given, as
/// `ProcessInfo`s, never the caller itself. `name`: the command name,
/// exactly; `pattern`: a regular expression (a str or a compiled
/// `re.Pattern`) searched in the name, or with `full=True` in the whole
/// command line joined by spaces (as `pgrep -f`); `parent`: the parent's
/// pid; `user`: a uid or a user name (a SID string on Windows); `port`: a
/// TCP or UDP port the process holds.
///
/// >>> import subprocess, os, sigsend
/// >>> child = subprocess.Popen(["sleep", "10"])
/// >>> [p.pid for p in sigsend.select(name="sleep", parent=os.getpid())] == [child.pid]
/// True
/// >>> child.kill(); child.wait()
/// -9
#[pyfunction]
#[pyo3(signature = (name = None, pattern = None, full = false, parent = None, user = None, port = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn select(
    py: Python<'_>,
    name: Option<String>,
    pattern: Option<&Bound<'_, PyAny>>,
    full: bool,
    parent: Option<u32>,
    user: Option<&Bound<'_, PyAny>>,
    port: Option<u16>,
) -> PyResult<Vec<PyProcessInfo>> {
    let mut selector = sigsend::Selector::new();
    if let Some(name) = name {
        selector = selector.name(name);
    }
    if let Some(parent) = parent {
        selector = selector.parent(parent);
    }
    if let Some(user) = user {
        let user = if let Ok(text) = user.downcast::<PyString>() {
            UserId::named(&text.to_cow()?).map_err(errors::to_py)?
        } else {
            user_id(user.extract()?)?
        };
        selector = selector.user(user);
    }
    let pattern = match pattern {
        None => None,
        Some(pattern) if pattern.is_instance_of::<PyString>() => {
            Some(py.import("re")?.call_method1("compile", (pattern,))?)
        }
        Some(pattern) => Some(pattern.clone()),
    };
    let ports: Option<HashSet<u32>> = match port {
        None => None,
        Some(port) => Some(
            py.allow_threads(|| port_holders(port, None))
                .map_err(errors::to_py)?
                .iter()
                .map(|h| h.pid())
                .collect(),
        ),
    };
    let found = py
        .allow_threads(|| selector.select())
        .map_err(errors::to_py)?;
    let mut chosen = Vec::new();
    for info in &found {
        if ports
            .as_ref()
            .is_some_and(|pids| !pids.contains(&info.pid()))
        {
            continue;
        }
        if let Some(pattern) = &pattern {
            let text = match (full, info.cmdline()) {
                (true, Some(args)) if !args.is_empty() => args.join(" "),
                _ => info.name().to_owned(),
            };
            if pattern.call_method1("search", (text,))?.is_none() {
                continue;
            }
        }
        chosen.push(info_to_py(py, info)?);
    }
    Ok(chosen)
}

#[cfg(unix)]
fn user_id(uid: u32) -> PyResult<UserId> {
    Ok(UserId::Uid(uid))
}

#[cfg(windows)]
fn user_id(_uid: u32) -> PyResult<UserId> {
    Err(PyValueError::new_err(
        "Windows names users by SID: give user a SID string or a user name",
    ))
}
