//! [`TokioChildExt`]: signals and an async stop plan for a
//! [`tokio::process::Child`] (the `tokio` feature).

use std::future::Future;

use tokio::process::Child;

use crate::error::{Error, ErrorKind};
use crate::{Process, Signal, Stop, StopReport};

/// Signals and stop plans for a [`tokio::process::Child`], as
/// [`ChildExt`](crate::ChildExt) gives them to a [`std::process::Child`]
/// (Tokio's own `kill` sends SIGKILL only).
///
/// A child that was already waited for is never signalled: its pid may be
/// another process's now. Tokio's [`Child::id`] says `None` once the child
/// has been waited for to completion, and then each method fails with
/// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess). While one of them
/// borrows the child, nothing can reap it (Tokio's `wait` needs `&mut`), so
/// until the child is waited for its pid stays its own, a zombie's at the
/// worst.
///
/// ```
/// # #[cfg(unix)] {
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::os::unix::process::ExitStatusExt;
/// use std::time::Duration;
/// use sigsend::{ErrorKind, Exit, Signal, Stop, TokioChildExt};
///
/// let mut child = tokio::process::Command::new("sleep").arg("60").spawn()?;
/// child.signal(Signal::NULL)?; // alive
/// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
/// let report = child.stop(&plan).await?; // TERM, then KILL if need be
/// assert_eq!(report.exit(), Some(Exit::Signaled(Signal::TERM)));
/// assert_eq!(child.wait().await?.signal(), Some(Signal::TERM.as_raw())); // the owner reaps
/// let err = child.signal(Signal::KILL).unwrap_err(); // reaped: never sent
/// assert_eq!(err.kind(), ErrorKind::NoSuchProcess);
/// # Ok(())
/// # }
/// # }
/// ```
pub trait TokioChildExt {
    /// Sends `sig` to the child ([`Process::signal`]).
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::os::unix::process::ExitStatusExt;
    /// use sigsend::{Signal, TokioChildExt};
    ///
    /// let mut child = tokio::process::Command::new("sleep").arg("60").spawn()?;
    /// child.signal(Signal::INT)?;
    /// assert_eq!(child.wait().await?.signal(), Some(Signal::INT.as_raw()));
    /// # Ok(())
    /// # }
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) once the child
    /// was waited for; otherwise as [`Process::signal`].
    fn signal(&self, sig: Signal) -> Result<(), Error>;

    /// Sends `sig` with a value, as `sigqueue(3)`
    /// ([`Process::signal_with_value`]).
    ///
    /// ```
    /// # #[cfg(all(unix, not(target_vendor = "apple")))] {
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::os::unix::process::ExitStatusExt;
    /// use sigsend::{Signal, TokioChildExt};
    ///
    /// let mut child = tokio::process::Command::new("sleep").arg("60").spawn()?;
    /// child.signal_with_value(Signal::TERM, 7)?;
    /// assert_eq!(child.wait().await?.signal(), Some(Signal::TERM.as_raw()));
    /// # Ok(())
    /// # }
    /// # }
    /// ```
    ///
    /// # Errors
    /// As [`signal`](TokioChildExt::signal); unsupported on macOS and
    /// Windows.
    fn signal_with_value(&self, sig: Signal, value: i32) -> Result<(), Error>;

    /// Runs a stop plan on the child without blocking the runtime
    /// ([`Stop::run_async`]). The child is not reaped: wait for it
    /// afterwards.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use sigsend::{Exit, Signal, Stop, StopOutcome, TokioChildExt};
    ///
    /// let mut child = tokio::process::Command::new("sleep").arg("60").spawn()?;
    /// let plan = Stop::new(Signal::INT, Duration::from_secs(5));
    /// let report = child.stop(&plan).await?;
    /// assert_eq!(
    ///     report.outcome,
    ///     StopOutcome::Ended { step: 0, signal: Signal::INT, exit: Exit::Signaled(Signal::INT) }
    /// );
    /// child.wait().await?;
    /// # Ok(())
    /// # }
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) when the child
    /// was already waited for; otherwise as [`Stop::run_async`].
    ///
    /// # Panics
    /// Outside a Tokio runtime with I/O and time enabled.
    fn stop(&self, plan: &Stop) -> impl Future<Output = Result<StopReport, Error>> + Send;
}

impl TokioChildExt for Child {
    fn signal(&self, sig: Signal) -> Result<(), Error> {
        process(self)?.signal(sig)
    }

    fn signal_with_value(&self, sig: Signal, value: i32) -> Result<(), Error> {
        process(self)?.signal_with_value(sig, value)
    }

    fn stop(&self, plan: &Stop) -> impl Future<Output = Result<StopReport, Error>> + Send {
        let process = process(self);
        async move { plan.run_async(&process?).await }
    }
}

/// A handle on the child while Tokio has not reaped it: until then its pid
/// is its own (a zombie's at the worst), so opening by pid reaches it.
fn process(child: &Child) -> Result<Process, Error> {
    let pid = child.id().ok_or_else(|| {
        Error::new(
            ErrorKind::NoSuchProcess,
            "the child was already waited for: its pid may be another process's now",
        )
    })?;
    Process::open(pid)
}
