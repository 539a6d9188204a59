//! [`Stop`]: a graceful stop plan (TERM, wait, KILL, wait), run on one
//! process or on many at once, and its [`StopReport`]s.

use std::time::Duration;

use crate::error::{Error, ErrorKind};
use crate::{sys, wait, Exit, Process, Signal};

/// One step of a [`Stop`] plan: send `signal`, then wait up to `wait` for
/// the process to exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The signal this step sends.
    pub signal: Signal,
    /// How long this step waits for the exit after sending.
    pub wait: Duration,
}

/// A graceful stop plan: signals sent in turn, each followed by a wait for
/// the exit, until the process has ended.
///
/// [`run_all`](Stop::run_all) stops many processes at once: each step sends
/// its signal to every process still running, then waits for all of them
/// together with one deadline, so stopping 100 processes takes about as
/// long as stopping one. A [`value`](Stop::value) goes with every signal of
/// every step (as `sigqueue` sends it).
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use std::time::Duration;
/// use sigsend::{Exit, Process, Signal, Stop, StopOutcome};
///
/// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
/// assert_eq!(plan.steps().len(), 2);
///
/// let mut child = Command::new("sleep").arg("10").spawn()?;
/// let report = plan.run(&Process::from_child(&child)?)?;
/// assert_eq!(
///     report.outcome,
///     StopOutcome::Ended { step: 0, signal: Signal::TERM, exit: Exit::Signaled(Signal::TERM) }
/// );
/// # child.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    steps: Vec<Step>,
    value: Option<i32>,
}

/// How a [`Stop`] plan ended for one process.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopOutcome {
    /// It had exited before the first signal; nothing was sent.
    AlreadyExited(Exit),
    /// It exited after the step `step` (counted from 0), which sent
    /// `signal`.
    Ended {
        /// The index of the step.
        step: usize,
        /// The signal that step sent.
        signal: Signal,
        /// How it ended.
        exit: Exit,
    },
    /// It was still running after the last step's wait.
    Survived,
    /// Sending the signal of step `step` failed (for example
    /// [`PermissionDenied`](ErrorKind::PermissionDenied)); the plan went no
    /// further for this process.
    Failed {
        /// The index of the step.
        step: usize,
        /// The signal that step tried to send.
        signal: Signal,
        /// Why it failed.
        error: Error,
    },
}

/// What a [`Stop`] plan did to one process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopReport {
    /// The process id.
    pub pid: u32,
    /// Which step ended it, or why none did.
    pub outcome: StopOutcome,
}

impl StopReport {
    /// How the process ended, if it did.
    ///
    /// ```
    /// use sigsend::{Exit, StopOutcome, StopReport};
    ///
    /// let report = StopReport { pid: 7, outcome: StopOutcome::AlreadyExited(Exit::Code(0)) };
    /// assert_eq!(report.exit(), Some(Exit::Code(0)));
    /// ```
    pub fn exit(&self) -> Option<Exit> {
        match self.outcome {
            StopOutcome::AlreadyExited(exit) | StopOutcome::Ended { exit, .. } => Some(exit),
            StopOutcome::Survived | StopOutcome::Failed { .. } => None,
        }
    }
}

impl Stop {
    /// A plan whose first step sends `signal` and waits up to `wait`. A
    /// wait longer than the clock can count (`Duration::MAX`) has no limit.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sigsend::{Signal, Stop};
    ///
    /// let plan = Stop::new(Signal::INT, Duration::from_secs(2))
    ///     .then(Signal::TERM, Duration::from_secs(5))
    ///     .then(Signal::KILL, Duration::from_secs(1));
    /// assert_eq!(plan.steps()[1].signal, Signal::TERM);
    /// ```
    pub fn new(signal: Signal, wait: Duration) -> Stop {
        Stop {
            steps: vec![Step { signal, wait }],
            value: None,
        }
    }

    /// The usual plan: TERM, wait up to `term_wait`; then KILL, wait up to
    /// `kill_wait`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sigsend::{Signal, Stop};
    ///
    /// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    /// assert_eq!(plan.steps()[1].signal, Signal::KILL);
    /// ```
    pub fn term_then_kill(term_wait: Duration, kill_wait: Duration) -> Stop {
        Stop::new(Signal::TERM, term_wait).then(Signal::KILL, kill_wait)
    }

    /// Adds a step: if the process is still running, send `signal` and wait
    /// up to `wait`.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::time::Duration;
    /// use sigsend::{Signal, Stop};
    ///
    /// let plan = Stop::new(Signal::HUP, Duration::ZERO).then(Signal::TERM, Duration::ZERO);
    /// assert_eq!(plan.steps().len(), 2);
    /// # }
    /// ```
    #[must_use]
    pub fn then(mut self, signal: Signal, wait: Duration) -> Stop {
        self.steps.push(Step { signal, wait });
        self
    }

    /// Sends every signal of the plan with `value`, as `sigqueue(3)` (see
    /// [`Process::signal_with_value`]).
    ///
    /// ```
    /// use std::time::Duration;
    /// use sigsend::Stop;
    ///
    /// let plan = Stop::term_then_kill(Duration::from_secs(1), Duration::ZERO).value(7);
    /// assert_eq!(plan.queued_value(), Some(7));
    /// ```
    #[must_use]
    pub fn value(mut self, value: i32) -> Stop {
        self.value = Some(value);
        self
    }

    /// The steps, in order.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sigsend::{Signal, Stop};
    ///
    /// let plan = Stop::new(Signal::TERM, Duration::from_secs(3));
    /// assert_eq!(plan.steps()[0].wait, Duration::from_secs(3));
    /// ```
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The value every signal carries, if one was set.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sigsend::{Signal, Stop};
    ///
    /// assert_eq!(Stop::new(Signal::TERM, Duration::ZERO).queued_value(), None);
    /// ```
    pub fn queued_value(&self) -> Option<i32> {
        self.value
    }

    /// Runs the plan on one process.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::time::Duration;
    /// use sigsend::{Exit, Process, Stop};
    ///
    /// let mut child = std::process::Command::new("true").spawn()?;
    /// let process = Process::from_child(&child)?;
    /// process.wait()?;
    /// let report = Stop::term_then_kill(Duration::from_secs(1), Duration::ZERO).run(&process)?;
    /// assert_eq!(report.exit(), Some(Exit::Code(0))); // nothing was sent
    /// # child.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Only when the OS refuses to wait; a signal that cannot be sent is
    /// reported as [`StopOutcome::Failed`].
    pub fn run(&self, process: &Process) -> Result<StopReport, Error> {
        let mut reports = self.run_handles(&[process.handle()])?;
        Ok(reports.remove(0))
    }

    /// Runs the plan on every process at once (a slice or `Vec` of
    /// [`Process`], or references to them), and reports on each, in order.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::process::Command;
    /// use std::time::Duration;
    /// use sigsend::{Process, Signal, Stop, StopOutcome};
    ///
    /// let mut children = Vec::new();
    /// for _ in 0..3 {
    ///     children.push(Command::new("sleep").arg("10").spawn()?);
    /// }
    /// let processes = children
    ///     .iter()
    ///     .map(Process::from_child)
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    /// for report in plan.run_all(&processes)? {
    ///     assert!(matches!(report.outcome, StopOutcome::Ended { step: 0, .. }));
    /// }
    /// # for mut child in children { child.wait()?; }
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Only when the OS refuses to wait.
    pub fn run_all<'a>(
        &self,
        processes: impl IntoIterator<Item = &'a Process>,
    ) -> Result<Vec<StopReport>, Error> {
        let handles: Vec<&sys::Handle> = processes.into_iter().map(Process::handle).collect();
        self.run_handles(&handles)
    }

    fn run_handles(&self, handles: &[&sys::Handle]) -> Result<Vec<StopReport>, Error> {
        let mut outcomes: Vec<Option<StopOutcome>> = vec![None; handles.len()];
        for (index, step) in self.steps.iter().enumerate() {
            let ended = |exit| match index {
                0 => StopOutcome::AlreadyExited(exit),
                _ => StopOutcome::Ended {
                    step: index - 1,
                    signal: self.steps[index - 1].signal,
                    exit,
                },
            };
            let mut sent = Vec::new();
            for (outcome, handle) in outcomes.iter_mut().zip(handles) {
                if outcome.is_some() {
                    continue;
                }
                if let Some(exit) = handle.try_exit()? {
                    *outcome = Some(ended(exit));
                    continue;
                }
                match handle.send(step.signal, self.value) {
                    Ok(()) => sent.push((outcome, *handle)),
                    // Exited and reaped by its owner since try_exit.
                    Err(err) if err.kind() == ErrorKind::NoSuchProcess => {
                        *outcome = Some(ended(Exit::Unknown));
                    }
                    Err(error) => {
                        *outcome = Some(StopOutcome::Failed {
                            step: index,
                            signal: step.signal,
                            error,
                        });
                    }
                }
            }
            let waiting: Vec<&sys::Handle> = sent.iter().map(|(_, handle)| *handle).collect();
            let exits = wait::until(&waiting, wait::deadline(step.wait))?;
            for ((outcome, _), exit) in sent.into_iter().zip(exits) {
                if let Some(exit) = exit {
                    *outcome = Some(StopOutcome::Ended {
                        step: index,
                        signal: step.signal,
                        exit,
                    });
                }
            }
        }
        Ok(handles
            .iter()
            .zip(outcomes)
            .map(|(handle, outcome)| StopReport {
                pid: handle.pid(),
                outcome: outcome.unwrap_or(StopOutcome::Survived),
            })
            .collect())
    }
}
