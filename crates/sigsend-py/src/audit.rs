//! Audit events, raised as CPython raises them (`PySys_Audit`): the
//! interpreter's own `PySys_Audit` where it is found (Unix, looked up in
//! [`raw`]), else `sys.audit`, fetched once.

use std::ffi::CStr;

use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::PyString;
use pyo3::IntoPyObjectExt;

use crate::raw;

/// An audit event: its name, and the name as a `str` for `sys.audit`,
/// made once.
pub(crate) struct Event {
    name: &'static CStr,
    string: GILOnceCell<Py<PyString>>,
}

impl Event {
    const fn new(name: &'static CStr) -> Self {
        Event {
            name,
            string: GILOnceCell::new(),
        }
    }
}

/// `os.kill`.
pub(crate) static OS_KILL: Event = Event::new(c"os.kill");
/// `os.killpg`.
#[cfg(unix)]
pub(crate) static OS_KILLPG: Event = Event::new(c"os.killpg");
/// `signal.pthread_kill`.
#[cfg(unix)]
pub(crate) static PTHREAD_KILL: Event = Event::new(c"signal.pthread_kill");
/// `sigsend.kill_handle`.
#[cfg(windows)]
pub(crate) static KILL_HANDLE: Event = Event::new(c"sigsend.kill_handle");

static SYS_AUDIT: GILOnceCell<PyObject> = GILOnceCell::new();

/// Raises `event` with the arguments `a` and `b`, converted to Python
/// objects.
pub(crate) fn audit<'py, A, B>(py: Python<'py>, event: &Event, (a, b): (A, B)) -> PyResult<()>
where
    A: IntoPyObject<'py>,
    B: IntoPyObject<'py>,
{
    let a = a.into_bound_py_any(py)?;
    let b = b.into_bound_py_any(py)?;
    audit_objects(py, event, &a, &b)
}

/// [`audit`] with the arguments as Python objects already. An audit hook
/// that raises makes this fail with its exception.
pub(crate) fn audit_objects(
    py: Python<'_>,
    event: &Event,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
) -> PyResult<()> {
    if let Some(result) = raw::sys_audit(py, event.name, a, b) {
        return result;
    }
    let sys_audit = SYS_AUDIT.get_or_try_init(py, || -> PyResult<PyObject> {
        Ok(py.import("sys")?.getattr("audit")?.unbind())
    })?;
    let name = event
        .string
        .get_or_try_init(py, || -> PyResult<Py<PyString>> {
            Ok(PyString::new(py, event.name.to_str()?).unbind())
        })?;
    raw::call3(sys_audit.bind(py), name.bind(py), a, b)
}
