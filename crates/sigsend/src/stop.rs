//! [`Stop`]: a graceful stop plan (TERM, wait, KILL, wait), run on one
//! process or on many at once, and its [`StopReport`]s.

use std::time::Duration;

use crate::error::{Error, ErrorKind};
use crate::members::{Delivery, Members};
use crate::tree::Trees;
use crate::{interrupts, sys, wait, Exit, Process, Signal};

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
/// let mut child = Command::new("sleep").arg("60").spawn()?;
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
    /// It was still running when the signal `by`, held back by an
    /// [`Interrupts`](crate::Interrupts) guard, ended the plan during the
    /// wait of step `step` (counted from 0), which sent `signal`: nothing
    /// more was sent.
    Interrupted {
        /// The index of the step whose wait was interrupted.
        step: usize,
        /// The signal that step sent.
        signal: Signal,
        /// The signal that interrupted the plan (SIGINT for a Ctrl+C).
        by: Signal,
    },
    /// Left out: [`Stop::run_trees_where`]'s `wanted` did not accept it
    /// when the plan came to it; nothing was sent to it.
    Skipped,
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
            StopOutcome::Survived
            | StopOutcome::Interrupted { .. }
            | StopOutcome::Skipped
            | StopOutcome::Failed { .. } => None,
        }
    }
}

/// One signal a [`Stop`] plan sent, or tried to send, to one process, as
/// the observer of [`run_all_observed`](Stop::run_all_observed) (or
/// [`run_trees_where_observed`](Stop::run_trees_where_observed)) is told
/// of it: right after each step's sends, before its wait, so a command
/// can say `sending signal 15 to pid 1234` when it happens, not when the
/// plan is over.
#[derive(Debug)]
#[non_exhaustive]
pub struct StopEvent<'a> {
    /// The process id.
    pub pid: u32,
    /// The index of the step (counted from 0).
    pub step: usize,
    /// The signal the step sends.
    pub signal: Signal,
    /// Whether it was sent. A process gone meanwhile (its send failed
    /// with [`NoSuchProcess`](ErrorKind::NoSuchProcess)) is reported as
    /// ended in the [`StopReport`].
    pub result: &'a Result<(), Error>,
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
        let mut reports = self.run_handles(&[process.handle()], &mut |_| {})?;
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
    ///     children.push(Command::new("sleep").arg("60").spawn()?);
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
        self.run_all_observed(processes, |_| {})
    }

    /// [`run_all`](Stop::run_all), telling `observer` of every signal as
    /// it is sent ([`StopEvent`]), before the step's wait.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::process::Command;
    /// use std::time::Duration;
    /// use sigsend::{Process, Signal, Stop};
    ///
    /// let mut child = Command::new("sleep").arg("60").spawn()?;
    /// let process = Process::from_child(&child)?;
    /// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    /// let mut told = Vec::new();
    /// plan.run_all_observed([&process], |event| {
    ///     assert!(event.result.is_ok());
    ///     told.push((event.pid, event.step, event.signal));
    /// })?;
    /// assert_eq!(told, [(process.pid(), 0, Signal::TERM)]);
    /// # child.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Only when the OS refuses to wait.
    pub fn run_all_observed<'a>(
        &self,
        processes: impl IntoIterator<Item = &'a Process>,
        mut observer: impl FnMut(&StopEvent<'_>),
    ) -> Result<Vec<StopReport>, Error> {
        let handles: Vec<&sys::Handle> = processes.into_iter().map(Process::handle).collect();
        self.run_handles(&handles, &mut observer)
    }

    /// Runs the plan on every process of the trees below `root` (see
    /// [`run_trees`](Stop::run_trees)); the root's report comes first.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::process::Command;
    /// use std::time::Duration;
    /// use sigsend::{Exit, Process, Signal, Stop, StopOutcome};
    ///
    /// // A shell with a child of its own.
    /// let mut shell = Command::new("sh").args(["-c", "sleep 60 & wait"]).spawn()?;
    /// let root = Process::from_child(&shell)?;
    /// # while sigsend::descendants(root.pid())?.is_empty() { std::thread::yield_now(); }
    /// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    /// let reports = plan.run_tree(&root)?;
    /// assert_eq!(reports.len(), 2);
    /// assert!(reports.iter().all(|r| matches!(r.outcome, StopOutcome::Ended { step: 0, .. })));
    /// # shell.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`run_trees`](Stop::run_trees).
    pub fn run_tree(&self, root: &Process) -> Result<Vec<StopReport>, Error> {
        let mut trees = self.run_trees([root])?;
        Ok(trees.remove(0))
    }

    /// Runs the plan on `roots` and all their descendants at once: each
    /// step sends its signal to the whole of every tree as
    /// [`kill_tree`](crate::kill_tree) does (so a process forked meanwhile
    /// is not missed; on POSIX the trees are held still with SIGSTOP while
    /// they are walked), then waits for all their processes together. A
    /// process forked during a wait is taken at the next step, if its
    /// parent still runs (or it is in the group a root leads).
    ///
    /// The result has one list per root, in order: the root's report
    /// first, then its descendants' in the order they were found, then
    /// those that could not be signalled ([`StopOutcome::Failed`]). A
    /// process in two of the trees is in the first one's list only; one
    /// that was gone before it could be opened is left out.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::process::Command;
    /// use std::time::Duration;
    /// use sigsend::{Process, Stop, StopOutcome};
    ///
    /// let mut children = Vec::new();
    /// for _ in 0..2 {
    ///     children.push(Command::new("sh").args(["-c", "sleep 60 & wait"]).spawn()?);
    /// }
    /// let roots = children
    ///     .iter()
    ///     .map(Process::from_child)
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// # for root in &roots { while sigsend::descendants(root.pid())?.is_empty() { std::thread::yield_now(); } }
    /// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    /// let trees = plan.run_trees(&roots)?;
    /// assert_eq!(trees.len(), 2);
    /// for tree in trees {
    ///     assert_eq!(tree.len(), 2);
    ///     assert!(tree.iter().all(|r| r.exit().is_some()));
    /// }
    /// # for mut child in children { child.wait()?; }
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// When the OS refuses to wait, or the processes cannot be listed.
    pub fn run_trees<'a>(
        &self,
        roots: impl IntoIterator<Item = &'a Process>,
    ) -> Result<Vec<Vec<StopReport>>, Error> {
        self.run_trees_where(roots, |_| true)
    }

    /// [`run_trees`](Stop::run_trees), where only the processes that
    /// `wanted` accepts get the plan's signals; the others are reported
    /// [`Skipped`](StopOutcome::Skipped) and not waited for (`sigsend -r`
    /// leaves out those that do not catch the signal). The trees are walked
    /// whole all the same; `wanted` is asked at the first step that comes
    /// to a process, while the trees are held still.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::process::Command;
    /// use std::time::Duration;
    /// use sigsend::{Process, Stop, StopOutcome};
    ///
    /// let mut shell = Command::new("sh").args(["-c", "sleep 60 & wait"]).spawn()?;
    /// let root = Process::from_child(&shell)?;
    /// # while sigsend::descendants(root.pid())?.is_empty() { std::thread::yield_now(); }
    /// let pid = root.pid();
    /// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    /// let trees = plan.run_trees_where([&root], |p| p.pid() != pid)?;
    /// assert_eq!(trees[0][0].outcome, StopOutcome::Skipped);
    /// assert!(matches!(trees[0][1].outcome, StopOutcome::Ended { step: 0, .. }));
    /// # sigsend::os::kill(pid as i32, 9)?;
    /// # shell.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`run_trees`](Stop::run_trees).
    pub fn run_trees_where<'a>(
        &self,
        roots: impl IntoIterator<Item = &'a Process>,
        wanted: impl Fn(&Process) -> bool,
    ) -> Result<Vec<Vec<StopReport>>, Error> {
        self.run_trees_where_observed(roots, wanted, |_| {})
    }

    /// [`run_trees_where`](Stop::run_trees_where), telling `observer` of
    /// every signal as it is sent ([`StopEvent`]): after each step's walk
    /// (the trees are let go first), before its wait.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::process::Command;
    /// use std::time::Duration;
    /// use sigsend::{Process, Stop};
    ///
    /// let mut shell = Command::new("sh").args(["-c", "sleep 60 & wait"]).spawn()?;
    /// let root = Process::from_child(&shell)?;
    /// # while sigsend::descendants(root.pid())?.is_empty() { std::thread::yield_now(); }
    /// let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    /// let mut sent = 0;
    /// plan.run_trees_where_observed([&root], |_| true, |event| {
    ///     if event.result.is_ok() {
    ///         sent += 1;
    ///     }
    /// })?;
    /// assert_eq!(sent, 2); // the shell and its sleep
    /// # shell.wait()?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`run_trees`](Stop::run_trees).
    pub fn run_trees_where_observed<'a>(
        &self,
        roots: impl IntoIterator<Item = &'a Process>,
        wanted: impl Fn(&Process) -> bool,
        mut observer: impl FnMut(&StopEvent<'_>),
    ) -> Result<Vec<Vec<StopReport>>, Error> {
        let roots: Vec<&Process> = roots.into_iter().collect();
        let mut reports = vec![Vec::new(); roots.len()];
        let mut trees = Trees::new(roots).only(&wanted);
        let PlanOutcome { outcomes, missed } = self.execute(&mut trees, &mut observer)?;
        for ((root, process), outcome) in trees.members().zip(outcomes) {
            reports[root].push(StopReport {
                pid: process.pid(),
                outcome,
            });
        }
        for (root, report) in missed {
            reports[root].push(report);
        }
        Ok(reports)
    }

    fn run_handles(
        &self,
        handles: &[&sys::Handle],
        observer: &mut dyn FnMut(&StopEvent<'_>),
    ) -> Result<Vec<StopReport>, Error> {
        let plan = self.execute(&mut FixedMembers(handles), observer)?;
        Ok(handles
            .iter()
            .zip(plan.outcomes)
            .map(|(handle, outcome)| StopReport {
                pid: handle.pid(),
                outcome,
            })
            .collect())
    }

    /// How a process that had exited when step `index` came to it ended:
    /// before any signal ([`StopOutcome::AlreadyExited`]), or after the
    /// step before.
    pub(crate) fn exited_before(&self, index: usize, exit: Exit) -> StopOutcome {
        match index.checked_sub(1) {
            None => StopOutcome::AlreadyExited(exit),
            Some(before) => StopOutcome::Ended {
                step: before,
                signal: self.steps[before].signal,
                exit,
            },
        }
    }

    /// What it means that step `index` could not send its signal: a
    /// process gone meanwhile (exited, and reaped by its owner since it was
    /// last looked at) ended before the step; any other error ends the plan
    /// for that process.
    pub(crate) fn refused(&self, index: usize, error: Error) -> StopOutcome {
        if error.kind() == ErrorKind::NoSuchProcess {
            return self.exited_before(index, Exit::Unknown);
        }
        StopOutcome::Failed {
            step: index,
            signal: self.steps[index].signal,
            error,
        }
    }

    /// Runs the steps on `members`: each step sends to every member that
    /// has not ended, tells `observer`, then waits for them together. A
    /// signal held back by an [`Interrupts`](crate::Interrupts) guard of
    /// this thread ends the plan: in a wait, or before a later step sends.
    fn execute(
        &self,
        members: &mut dyn Members,
        observer: &mut dyn FnMut(&StopEvent<'_>),
    ) -> Result<PlanOutcome, Error> {
        let interrupt = interrupts::current();
        let interrupt = interrupt.as_deref();
        let mut outcomes: Vec<Option<StopOutcome>> = Vec::new();
        let mut missed = Vec::new();
        for (index, step) in self.steps.iter().enumerate() {
            let handles = members.handles();
            outcomes.resize(handles.len(), None);
            for (outcome, handle) in outcomes.iter_mut().zip(handles) {
                if outcome.is_none() {
                    *outcome = handle
                        .try_exit()?
                        .map(|exit| self.exited_before(index, exit));
                }
            }
            // Came during the previous step's sends, or at the end of its
            // wait: this step sends nothing.
            if let Some(by) = interrupt
                .filter(|_| index > 0)
                .and_then(sys::Deferred::pending)
            {
                let before = index - 1;
                let signal = self.steps[before].signal;
                let interrupted = StopOutcome::Interrupted {
                    step: before,
                    signal,
                    by,
                };
                for outcome in outcomes.iter_mut().filter(|outcome| outcome.is_none()) {
                    *outcome = Some(interrupted.clone());
                }
                break;
            }
            let done = |member: usize| outcomes.get(member).is_some_and(Option::is_some);
            let delivery = members.send(step.signal, self.value, &done)?;
            let handles = members.handles();
            for (member, sent) in delivery.sent.iter().enumerate() {
                if let Some(result) = sent {
                    observer(&StopEvent {
                        pid: handles[member].pid(),
                        step: index,
                        signal: step.signal,
                        result,
                    });
                }
            }
            outcomes.resize(delivery.sent.len(), None);
            let mut waiting = Vec::new();
            for (member, sent) in delivery.sent.into_iter().enumerate() {
                match sent {
                    // Passed over as not wanted (a member done already
                    // has its outcome).
                    None if outcomes[member].is_none() => {
                        outcomes[member] = Some(StopOutcome::Skipped);
                    }
                    None => {}
                    Some(Ok(())) => waiting.push(member),
                    Some(Err(error)) => outcomes[member] = Some(self.refused(index, error)),
                }
            }
            for lost in delivery.missed {
                if lost.error.kind() != ErrorKind::NoSuchProcess {
                    let result = Err(lost.error);
                    observer(&StopEvent {
                        pid: lost.pid,
                        step: index,
                        signal: step.signal,
                        result: &result,
                    });
                    let Err(error) = result else { continue };
                    missed.push((
                        lost.root,
                        StopReport {
                            pid: lost.pid,
                            outcome: self.refused(index, error),
                        },
                    ));
                }
            }
            let handles = members.handles();
            let sent: Vec<&sys::Handle> = waiting.iter().map(|&member| handles[member]).collect();
            let deadline = wait::deadline(step.wait);
            let (exits, by) = wait::until_interrupted(&sent, deadline, interrupt)?;
            for (member, exit) in waiting.into_iter().zip(exits) {
                outcomes[member] = Some(match (exit, by) {
                    (Some(exit), _) => StopOutcome::Ended {
                        step: index,
                        signal: step.signal,
                        exit,
                    },
                    (None, Some(by)) => StopOutcome::Interrupted {
                        step: index,
                        signal: step.signal,
                        by,
                    },
                    (None, None) => continue,
                });
            }
            if by.is_some() {
                break;
            }
        }
        let outcomes = outcomes.into_iter();
        Ok(PlanOutcome {
            outcomes: outcomes
                .map(|o| o.unwrap_or(StopOutcome::Survived))
                .collect(),
            missed,
        })
    }
}

/// What [`Stop::execute`] did: the outcome of the whole plan.
struct PlanOutcome {
    /// How each member ended, in order.
    outcomes: Vec<StopOutcome>,
    /// The reports of the processes that could not be made members, with
    /// the index of their root.
    missed: Vec<(usize, StopReport)>,
}

/// The members of [`Stop::run_all`]: the processes as given, none added
/// (unlike [`Trees`], which grow as they are walked).
struct FixedMembers<'a>(&'a [&'a sys::Handle]);

impl Members for FixedMembers<'_> {
    fn handles(&self) -> Vec<&sys::Handle> {
        self.0.to_vec()
    }

    fn send(
        &mut self,
        sig: Signal,
        value: Option<i32>,
        done: &dyn Fn(usize) -> bool,
    ) -> Result<Delivery, Error> {
        let sent = self.0.iter().enumerate();
        Ok(Delivery {
            sent: sent
                .map(|(member, handle)| (!done(member)).then(|| handle.send(sig, value)))
                .collect(),
            missed: Vec::new(),
        })
    }
}
