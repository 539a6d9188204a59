//! [`ChildExt`]: signals and stop plans for a [`std::process::Child`].

use std::process::Child;

use crate::error::Error;
use crate::{Process, Signal, Stop, StopReport};

/// Signals and stop plans for a [`std::process::Child`], through a
/// [`Process`] handle, so that a child that was already waited for (whose
/// pid may be another process's now) is never signalled.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use std::time::Duration;
/// use sigsend::{ChildExt, Exit, Signal, Stop};
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// child.signal(Signal::NULL)?; // alive
/// let report = child.stop(&Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1)))?;
/// assert_eq!(report.exit(), Some(Exit::Signaled(Signal::TERM)));
/// child.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait ChildExt {
    /// Sends `sig` to the child ([`Process::signal`]).
    ///
    /// # Errors
    /// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) once the child
    /// was reaped.
    fn signal(&self, sig: Signal) -> Result<(), Error>;

    /// Sends `sig` with a value ([`Process::signal_with_value`]).
    ///
    /// # Errors
    /// As [`signal`](ChildExt::signal); unsupported on macOS.
    fn signal_with_value(&self, sig: Signal, value: i32) -> Result<(), Error>;

    /// Runs a stop plan on the child ([`Stop::run`]). The child is not
    /// reaped: wait for it afterwards.
    ///
    /// # Errors
    /// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) when the child
    /// was already reaped; otherwise as [`Stop::run`].
    fn stop(&self, plan: &Stop) -> Result<StopReport, Error>;
}

impl ChildExt for Child {
    fn signal(&self, sig: Signal) -> Result<(), Error> {
        Process::from_child(self)?.signal(sig)
    }

    fn signal_with_value(&self, sig: Signal, value: i32) -> Result<(), Error> {
        Process::from_child(self)?.signal_with_value(sig, value)
    }

    fn stop(&self, plan: &Stop) -> Result<StopReport, Error> {
        plan.run(&Process::from_child(self)?)
    }
}
