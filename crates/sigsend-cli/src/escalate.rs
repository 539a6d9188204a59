//! `--queue`, `--timeout MS SIG` and `--wait`: the targets are opened as
//! [`sigsend::Process`] handles (so a pid reused while the command waits is
//! never signalled) and a [`sigsend::Stop`] plan runs on all of them at
//! once: every step sends its signal to the targets still running, then
//! waits for all of them together.
//!
//! Only single processes can be waited for: a process group, `0` or `-1`
//! with these options is a usage error, and nothing is sent.

use std::time::Duration;

use sigsend::{Process, Stop, StopOutcome};

use crate::report;
use crate::target::Target;
use crate::Status;
use sigsend_cli::args::Send;

/// Sends, escalates and waits as `send` asks, to `targets` (operand as
/// typed, target), which were all read successfully.
pub fn run(send: &Send, targets: &[(&String, Target)]) -> Status {
    let group = targets.iter().find(|(_, Target::Pid(pid))| *pid <= 0);
    if let Some((operand, _)) = group {
        report::error(format_args!(
            "--queue, --timeout and --wait take process IDs, not a process group, 0 or -1: {operand}"
        ));
        report::try_help();
        return Status::Usage;
    }

    let mut failed = 0;
    let mut operands = Vec::with_capacity(targets.len());
    let mut processes = Vec::with_capacity(targets.len());
    for (operand, target) in targets {
        let Target::Pid(pid) = *target;
        // A positive i32 always fits a u32.
        match Process::open(pid as u32) {
            Ok(process) => {
                operands.push(*operand);
                processes.push(process);
            }
            Err(err) => {
                report::error(format_args!(
                    "sending signal to {operand} failed: {}",
                    report::os_message(&err)
                ));
                failed += 1;
            }
        }
    }

    let plan = plan(send);
    let reports = match plan.run_all(&processes) {
        Ok(reports) => reports,
        Err(err) => {
            report::error(format_args!("waiting for the processes failed: {err}"));
            return Status::Failure;
        }
    };

    let mut still_running = false;
    for (operand, report) in operands.iter().zip(&reports) {
        match &report.outcome {
            StopOutcome::Failed { error, .. } => {
                report::error(format_args!(
                    "sending signal to {operand} failed: {}",
                    report::os_message(error)
                ));
                failed += 1;
            }
            StopOutcome::Survived if send.wait.is_some() => {
                report::error(format_args!("{operand} is still running"));
                still_running = true;
            }
            // Signalled as asked (still running is fine without --wait), or
            // exited on its own before the first signal, so there was
            // nothing to send: each a success.
            StopOutcome::AlreadyExited(_) | StopOutcome::Ended { .. } | StopOutcome::Survived => {}
            // A later sigsend may know outcomes this version does not.
            _ => {}
        }
    }
    if still_running {
        Status::TimedOut
    } else {
        Status::of_delivery(targets.len(), failed)
    }
}

/// The stop plan: the signal, then each `--timeout` step; the wait after
/// the last signal is `--wait`'s (none without it).
fn plan(send: &Send) -> Stop {
    let waits = send.timeouts.iter().map(|&(ms, _)| ms);
    let last_wait = match send.wait {
        None => Duration::ZERO,
        // No limit: a wait the clock cannot end.
        Some(None) => Duration::MAX,
        Some(Some(limit)) => limit,
    };
    let mut waits = waits.chain(std::iter::once(last_wait));
    let first_wait = waits.next().unwrap_or(Duration::ZERO);
    let mut plan = Stop::new(send.signal, first_wait);
    for (&(_, signal), wait) in send.timeouts.iter().zip(waits) {
        plan = plan.then(signal, wait);
    }
    match send.queue {
        Some(value) => plan.value(value),
        None => plan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigsend::{Signal, Step};

    fn step(signal: Signal, ms: u64) -> Step {
        Step {
            signal,
            wait: Duration::from_millis(ms),
        }
    }

    #[test]
    fn the_plan_waits_after_each_signal_and_keeps_the_value() {
        let send = Send {
            signal: Signal::INT,
            queue: Some(5),
            timeouts: vec![
                (Duration::from_millis(100), Signal::TERM),
                (Duration::from_millis(200), Signal::KILL),
            ],
            wait: Some(Some(Duration::from_secs(1))),
            ..Send::default()
        };
        let plan = plan(&send);
        assert_eq!(
            plan.steps(),
            [
                step(Signal::INT, 100),
                step(Signal::TERM, 200),
                step(Signal::KILL, 1000)
            ]
        );
        assert_eq!(plan.queued_value(), Some(5));
    }

    #[test]
    fn without_wait_the_last_signal_is_not_waited_for() {
        let send = Send {
            timeouts: vec![(Duration::from_millis(300), Signal::KILL)],
            ..Send::default()
        };
        let plan = plan(&send);
        assert_eq!(
            plan.steps(),
            [step(Signal::TERM, 300), step(Signal::KILL, 0)]
        );
        assert_eq!(plan.queued_value(), None);
    }

    #[test]
    fn wait_without_a_limit_waits_forever() {
        let plan = plan(&Send {
            wait: Some(None),
            ..Send::default()
        });
        let forever = Step {
            signal: Signal::TERM,
            wait: Duration::MAX,
        };
        assert_eq!(plan.steps(), [forever]);
    }
}
