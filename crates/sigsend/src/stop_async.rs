//! [`Stop::run_async`]: a stop plan on one process, awaited without
//! blocking a thread (the `tokio` feature).

use crate::error::Error;
use crate::{Process, Stop, StopOutcome, StopReport};

impl Stop {
    /// Runs the plan on one process as [`run`](Stop::run) does, awaiting
    /// each step's wait through Tokio's reactor
    /// ([`Process::wait_async`]): no thread blocks, and on a
    /// single-threaded runtime the other tasks run meanwhile. A step's
    /// wait longer than the clock can count has no limit.
    ///
    /// An [`Interrupts`](crate::Interrupts) guard does not end it (a task
    /// may move between threads): to stop waiting, drop the future, for
    /// example in a `tokio::select!` with `tokio::signal::ctrl_c()`.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use sigsend::{Exit, Process, Signal, Stop, StopOutcome};
    ///
    /// let mut child = std::process::Command::new("sleep").arg("60").spawn()?;
    /// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    /// let report = plan.run_async(&Process::from_child(&child)?).await?;
    /// assert_eq!(
    ///     report.outcome,
    ///     StopOutcome::Ended { step: 0, signal: Signal::TERM, exit: Exit::Signaled(Signal::TERM) }
    /// );
    /// # child.wait()?;
    /// # Ok(())
    /// # }
    /// # }
    /// ```
    ///
    /// # Errors
    /// Only when the OS refuses to wait; a signal that cannot be sent is
    /// reported as [`StopOutcome::Failed`].
    ///
    /// # Panics
    /// Outside a Tokio runtime with I/O and time enabled (as
    /// [`Process::wait_async`]).
    #[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
    pub async fn run_async(&self, process: &Process) -> Result<StopReport, Error> {
        let handle = process.handle();
        for (index, step) in self.steps().iter().enumerate() {
            let outcome = if let Some(exit) = handle.try_exit()? {
                Some(self.exited_before(index, exit))
            } else if let Err(error) = handle.send(step.signal, self.queued_value()) {
                Some(self.refused(index, error))
            } else {
                let wait = process.wait_async();
                let exit = match crate::wait::deadline(step.wait) {
                    Some(deadline) => tokio::time::timeout_at(deadline.into(), wait).await.ok(),
                    None => Some(wait.await),
                };
                exit.transpose()?.map(|exit| StopOutcome::Ended {
                    step: index,
                    signal: step.signal,
                    exit,
                })
            };
            if let Some(outcome) = outcome {
                return Ok(StopReport {
                    pid: handle.pid(),
                    outcome,
                });
            }
        }
        Ok(StopReport {
            pid: handle.pid(),
            outcome: StopOutcome::Survived,
        })
    }
}
