//! Signals in and out: an int, a `signal.Signals` member or a name in;
//! a `signal.Signals` member (or an int where Python has no name) out.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyString, PyType};

use sigsend::Signal;

use crate::errors;

static SIGNALS: GILOnceCell<Py<PyType>> = GILOnceCell::new();

/// The signal `obj` names, for the functions beyond the drop-ins: an int
/// (a `signal.Signals` member is one), or a name as `kill` takes it
/// (`"TERM"`, `"SIGTERM"`, `"sigterm"`, `"RTMIN+1"`, `"15"`). Anything this
/// OS has no signal for is a `ValueError` that names it; a value that is
/// neither an int nor a str is a `TypeError`.
pub(crate) fn parse(obj: &Bound<'_, PyAny>) -> PyResult<Signal> {
    if let Ok(text) = obj.downcast::<PyString>() {
        let text = text.to_cow()?;
        return text.parse::<Signal>().map_err(errors::to_py);
    }
    let number: i64 = obj.extract().map_err(|_| {
        let type_name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!(
            "a signal is an int, a signal.Signals member or a name such as \"TERM\", \
             not {type_name}"
        ))
    })?;
    let raw = i32::try_from(number)
        .map_err(|_| PyValueError::new_err(format!("no signal has the number {number}")))?;
    Signal::from_raw(raw).map_err(errors::to_py)
}

/// `sig` for Python: the `signal.Signals` member of that number, or the
/// plain int where Python's enum has none (a real-time signal, say).
pub(crate) fn to_py(py: Python<'_>, sig: Signal) -> PyResult<PyObject> {
    number_to_py(py, sig.as_raw())
}

/// The `signal.Signals` member numbered `number`, or the int itself.
pub(crate) fn number_to_py(py: Python<'_>, number: i32) -> PyResult<PyObject> {
    let signals = SIGNALS.import(py, "signal", "Signals")?;
    match signals.call1((number,)) {
        Ok(member) => Ok(member.unbind()),
        Err(_) => Ok(number.into_pyobject(py)?.into_any().unbind()),
    }
}

/// `sigsend.parse_signal(text)`: the signal a name or number stands for.
///
/// Takes every form `kill` takes: a name in any case, with or without
/// `SIG` (`"term"`, `"SIGTERM"`), the aliases (`"IOT"`, `"CLD"`, `"POLL"`,
/// `"IO"`), real-time signals (`"RTMIN+1"`, `"RTMAX-2"`, `"RT3"`), and a
/// number (`"15"`). Returns a `signal.Signals` member, or an int where
/// Python's enum has no member for it (the real-time signals between
/// SIGRTMIN and SIGRTMAX).
///
/// Raises `ValueError` naming the input for anything this OS has no signal
/// for (nothing is ever truncated: `"4294967311"` is an error, not SIGTERM).
///
/// >>> import signal, sigsend
/// >>> sigsend.parse_signal("term") is signal.SIGTERM
/// True
/// >>> sigsend.parse_signal("RTMIN+1") == signal.SIGRTMIN + 1
/// True
#[pyfunction]
#[pyo3(signature = (text, /))]
pub(crate) fn parse_signal(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyObject> {
    let text = text.downcast::<PyString>().map_err(|_| {
        PyTypeError::new_err("parse_signal takes a str, such as \"TERM\" or \"RTMIN+1\"")
    })?;
    let sig = text.to_cow()?.parse::<Signal>().map_err(errors::to_py)?;
    to_py(py, sig)
}

/// `sigsend.signal_from_exit_status(status)`: the signal that a shell's
/// exit status above 128 stands for (`143` is SIGTERM), or `None` where
/// the status names no signal.
///
/// >>> import signal, sigsend
/// >>> sigsend.signal_from_exit_status(143) is signal.SIGTERM
/// True
/// >>> sigsend.signal_from_exit_status(1) is None
/// True
#[pyfunction]
#[pyo3(signature = (status, /))]
pub(crate) fn signal_from_exit_status(py: Python<'_>, status: i32) -> PyResult<Option<PyObject>> {
    Signal::from_exit_status(status)
        .map(|sig| to_py(py, sig))
        .transpose()
}
