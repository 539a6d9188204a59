//! The one place of raw C API calls in sigsend-py, for `kill(pid, 0)` to
//! cost what `os.kill` costs (issue 14: within 10%).
//!
//! Under `abi3-py39`, a `#[pyfunction]` is `METH_VARARGS | METH_KEYWORDS`:
//! each call builds an argument tuple, and PyO3 parses it. `kill` is
//! registered here instead as a C function of its own, `METH_FASTCALL`
//! (the arguments in an array, no tuple), which calls [`dropins::kill`].
//! Without `METH_KEYWORDS`, CPython itself refuses keyword arguments, as
//! it does for `os.kill`.
//!
//! Audit events ([`crate::audit`]): [`sys_audit`] is the interpreter's
//! `PySys_Audit`, which does nothing at all while no audit hook is
//! installed, as `os.kill` raises its event; it is looked up (`dlsym`) on
//! Unix (on Windows it would be `python3.dll`'s, there from 3.13 only).
//! Elsewhere, or if it is not found, [`call3`] calls `sys.audit` with its
//! arguments on the C stack (`PyObject_CallFunctionObjArgs`: no argument
//! tuple).
//!
//! Both are in the limited API from a later version than the wheel's 3.9
//! (`METH_FASTCALL` from 3.10, `PySys_Audit` from 3.13), and both are used
//! on every version: CPython has had them since 3.7 and 3.8, public,
//! exported and unchanged, and the versions before those that made them
//! stable (3.9 to 3.12) are released; their ABI cannot change any more.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::OnceLock;

use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::panic::PanicException;
use pyo3::prelude::*;

use crate::dropins;

/// `METH_FASTCALL`, which pyo3-ffi leaves out under `abi3-py39` (it is in
/// the limited API from 3.10; the same flag and calling convention since
/// 3.7).
const METH_FASTCALL: i32 = 0x0080;

/// A `PyMethodDef` that can be a `static`: CPython only reads it.
struct MethodDef(ffi::PyMethodDef);

// SAFETY: the definitions are never written after their initialisation,
// by us or by CPython (which takes a `PyMethodDef *` but only reads it),
// and their pointers are to `'static` constants.
unsafe impl Sync for MethodDef {}

/// `kill`: `METH_FASTCALL`.
static KILL_FASTCALL: MethodDef = MethodDef(ffi::PyMethodDef {
    ml_name: c"kill".as_ptr(),
    ml_meth: ffi::PyMethodDefPointer {
        // SAFETY: a `METH_FASTCALL` function has this signature, and CPython
        // calls `ml_meth` as such given that flag; only the type of the
        // pointer changes (pyo3-ffi has no fast-call variant under abi3-py39).
        PyCFunction: unsafe {
            std::mem::transmute::<
                unsafe extern "C" fn(
                    *mut ffi::PyObject,
                    *const *mut ffi::PyObject,
                    ffi::Py_ssize_t,
                ) -> *mut ffi::PyObject,
                ffi::PyCFunction,
            >(kill_fastcall)
        },
    },
    ml_flags: METH_FASTCALL,
    ml_doc: dropins::KILL_DOC.as_ptr(),
});

/// Adds `kill` to the module `m`.
pub(crate) fn add_kill(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let name = m.name()?;
    // SAFETY: the definition is valid and 'static (never written: the cast
    // to `*mut` is what the C signature asks for); the module (`__self__`,
    // as for `os.kill` and a `#[pyfunction]`) and `name` are live objects,
    // which the function takes references to; a null result is turned
    // into the pending exception.
    let function = unsafe {
        let raw = ffi::PyCFunction_NewEx(
            ptr::from_ref(&KILL_FASTCALL.0).cast_mut(),
            m.as_ptr(),
            name.as_ptr(),
        );
        Bound::from_owned_ptr_or_err(py, raw)?
    };
    m.add("kill", function)
}

/// The `METH_FASTCALL` entry: `nargs` borrowed references at `args`.
unsafe extern "C" fn kill_fastcall(
    _module: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and `nargs` valid
    // borrowed references at `args`, alive for the call (`nargs` without
    // the vectorcall offset flag, which CPython strips for
    // `METH_FASTCALL`).
    unsafe {
        let args = match nargs {
            2 => Ok([*args, *args.add(1)]),
            n => Err(n),
        };
        call_kill(Python::assume_gil_acquired(), args)
    }
}

/// [`dropins::kill`] on the two borrowed references in `args` (or a
/// `TypeError` for the number of arguments given instead), as CPython
/// wants the result: a new reference to `None`, or null with the exception
/// set.
///
/// # Safety
/// The GIL is held, and `args` are valid references alive for the call.
unsafe fn call_kill(
    py: Python<'_>,
    args: Result<[*mut ffi::PyObject; 2], ffi::Py_ssize_t>,
) -> *mut ffi::PyObject {
    let result = catch_unwind(AssertUnwindSafe(|| match args {
        Ok([pid, signal]) => {
            // SAFETY: valid references alive for the call (the caller's
            // promise), borrowed for no longer.
            let (pid, signal) = unsafe {
                (
                    Bound::from_borrowed_ptr(py, pid),
                    Bound::from_borrowed_ptr(py, signal),
                )
            };
            dropins::kill(py, &pid, &signal)
        }
        Err(given) => Err(PyTypeError::new_err(format!(
            "kill() takes exactly 2 arguments ({given} given)"
        ))),
    }));
    let err = match result {
        Ok(Ok(())) => return py.None().into_ptr(),
        Ok(Err(err)) => err,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "sigsend.kill panicked".to_owned());
            PanicException::new_err(message)
        }
    };
    // Raised under a PyO3 GIL guard (`with_gil`; this thread holds the GIL,
    // so `PyGILState_Ensure` only counts): PyO3 then releases the error's
    // objects at once, and any it deferred during the call, instead of
    // leaving them in its pool of deferred releases. A successful call
    // with ints drops no `Py` (only `Bound`s, released directly), and needs
    // no guard; one through a `Popen` may defer a release to the next call
    // into PyO3, which is sound.
    Python::with_gil(|py| err.restore(py));
    ptr::null_mut()
}

/// `callable(a, b, c)`, the arguments passed on the C stack: for a C
/// function such as `sys.audit` (fast call), no tuple is made.
pub(crate) fn call3(
    callable: &Bound<'_, PyAny>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    c: &Bound<'_, PyAny>,
) -> PyResult<()> {
    // SAFETY: all four are live objects (held by the `Bound`s, whose GIL
    // token proves the GIL held); the list ends with null, as the
    // variadic function requires; the new reference returned is owned by
    // the `Bound`, dropped at once; null becomes the pending exception.
    unsafe {
        let result = ffi::PyObject_CallFunctionObjArgs(
            callable.as_ptr(),
            a.as_ptr(),
            b.as_ptr(),
            c.as_ptr(),
            ptr::null_mut::<ffi::PyObject>(),
        );
        Bound::from_owned_ptr_or_err(callable.py(), result).map(drop)
    }
}

/// `int PySys_Audit(const char *event, const char *format, ...)`.
type PySysAudit = unsafe extern "C" fn(*const c_char, *const c_char, ...) -> c_int;

/// The interpreter's `PySys_Audit`, where it is found ([`find_pysys_audit`]).
static PYSYS_AUDIT: OnceLock<Option<PySysAudit>> = OnceLock::new();

/// `PySys_Audit(event, "OO", a, b)`, or `None` where it was not found (not
/// on Unix): then the caller calls `sys.audit`.
pub(crate) fn sys_audit(
    py: Python<'_>,
    event: &CStr,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
) -> Option<PyResult<()>> {
    let pysys_audit = (*PYSYS_AUDIT.get_or_init(find_pysys_audit))?;
    // SAFETY: the function is the interpreter's `PySys_Audit`, with the C
    // signature of `PySysAudit` (since 3.8); the GIL is held (the
    // `py` token); the event and the format are NUL-terminated, and "OO"
    // takes two live objects, which it borrows.
    let status = unsafe { pysys_audit(event.as_ptr(), c"OO".as_ptr(), a.as_ptr(), b.as_ptr()) };
    Some(if status < 0 {
        Err(PyErr::fetch(py))
    } else {
        Ok(())
    })
}

/// `PySys_Audit`: the symbol the interpreter exports to its extension
/// modules (found as they are linked, in the global scope).
#[cfg(unix)]
fn find_pysys_audit() -> Option<PySysAudit> {
    // SAFETY: dlsym only reads the NUL-terminated name; RTLD_DEFAULT
    // searches the global scope, where the interpreter's C API is.
    let symbol = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"PySys_Audit".as_ptr()) };
    if symbol.is_null() {
        return None;
    }
    // SAFETY: in every CPython since 3.8 the symbol `PySys_Audit` is that
    // C API function, whose signature `PySysAudit` is.
    Some(unsafe { std::mem::transmute::<*mut std::ffi::c_void, PySysAudit>(symbol) })
}

/// Not on Windows: there it is `python3.dll`'s from 3.13 only, and the
/// extension links the DLL of 3.9's stable ABI.
#[cfg(not(unix))]
fn find_pysys_audit() -> Option<PySysAudit> {
    None
}
