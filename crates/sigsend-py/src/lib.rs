//! sigsend for Python: the extension module `sigsend`, built with PyO3
//! and maturin over the `sigsend` library (one abi3 wheel for CPython 3.9
//! and later). Python calls the library; no signalling logic is written
//! twice.
//!
//! - The drop-ins ([`dropins`]): CPython's `os.kill`, `os.killpg`,
//!   `signal.pthread_kill`, `os.waitstatus_to_exitcode`, `os.pidfd_open`
//!   and `signal.pidfd_send_signal`, with CPython's argument rules,
//!   exceptions and audit events; `kill` also takes a `subprocess.Popen`
//!   or a `sigsend.Process` and then signals through a process handle.
//! - `sigsend.Process`, `wait_procs` ([`process`]).
//! - Stop plans, trees, process lists and ports ([`beyond`]); signals in
//!   every form ([`signals`]).
//! - `kill`'s C entry point (fast call: no argument tuple) and
//!   `PySys_Audit`: the one place of raw C API calls, the private module
//!   `raw`; audit events in `audit`.
//!
//! The Python API is documented in `sigsend.pyi` and the docstrings; the
//! tests are Python's, in `tests/` (run by `scripts/python-tests.sh`).

use pyo3::prelude::*;

mod audit;
pub mod beyond;
pub mod dropins;
mod errors;
pub mod process;
mod raw;
pub mod signals;

/// The module `sigsend`.
#[pymodule]
#[pyo3(name = "sigsend")]
fn sigsend_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("TimeoutExpired", py.get_type::<process::TimeoutExpired>())?;

    raw::add_kill(m)?;
    #[cfg(unix)]
    {
        m.add_function(wrap_pyfunction!(dropins::killpg, m)?)?;
        m.add_function(wrap_pyfunction!(dropins::pthread_kill, m)?)?;
    }
    #[cfg(windows)]
    m.add_function(wrap_pyfunction!(dropins::kill_handle, m)?)?;
    m.add_function(wrap_pyfunction!(dropins::waitstatus_to_exitcode, m)?)?;
    #[cfg(target_os = "linux")]
    {
        m.add_function(wrap_pyfunction!(dropins::pidfd_open, m)?)?;
        m.add_function(wrap_pyfunction!(dropins::pidfd_send_signal, m)?)?;
    }

    m.add_class::<process::PyProcess>()?;
    // Glue in Python (src/glue.py), over the functions above:
    // `Process.wait_async` (asyncio, on the handle's descriptor and
    // `try_wait`), `spawn_group` and its `Group`.
    let code = std::ffi::CString::new(include_str!("glue.py"))?;
    let glue = PyModule::from_code(py, &code, c"sigsend/glue.py", c"sigsend._glue")?;
    py.get_type::<process::PyProcess>()
        .setattr("wait_async", glue.getattr("wait_async")?)?;
    let group = glue.getattr("Group")?;
    group.setattr("__module__", "sigsend")?;
    m.add("Group", group)?;
    let spawn_group = glue.getattr("spawn_group")?;
    spawn_group.setattr("__module__", "sigsend")?;
    m.add("spawn_group", spawn_group)?;
    m.add_function(wrap_pyfunction!(process::wait_procs, m)?)?;

    m.add_class::<beyond::PyProcessInfo>()?;
    m.add_class::<beyond::PyStopReport>()?;
    m.add_class::<beyond::PyTreeReport>()?;
    m.add_class::<beyond::PyPortHolder>()?;
    m.add_function(wrap_pyfunction!(beyond::stop, m)?)?;
    m.add_function(wrap_pyfunction!(beyond::stop_tree, m)?)?;
    m.add_function(wrap_pyfunction!(beyond::kill_tree, m)?)?;
    m.add_function(wrap_pyfunction!(beyond::descendants, m)?)?;
    m.add_function(wrap_pyfunction!(beyond::processes, m)?)?;
    m.add_function(wrap_pyfunction!(beyond::processes_on_port, m)?)?;
    m.add_function(wrap_pyfunction!(beyond::select, m)?)?;

    m.add_function(wrap_pyfunction!(signals::parse_signal, m)?)?;
    m.add_function(wrap_pyfunction!(signals::signal_from_exit_status, m)?)?;
    Ok(())
}
