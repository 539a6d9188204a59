//! `--queue`, `--timeout MS SIG` and `--wait`: the targets are opened as
//! [`sigsend::Process`] handles (so a pid reused while the command waits is
//! never signalled) and a [`sigsend::Stop`] plan runs on all of them at
//! once: every step sends its signal to the targets still running, then
//! waits for all of them together.
//!
//! Only single processes can be waited for: the caller refuses a process
//! group, `0` or `-1` with these options before anything is sent.

use std::time::Duration;

use sigsend::{Process, Stop, StopEvent, StopOutcome};

use crate::live::Live;
use crate::probe::catches;
use crate::record::{Outcome, Problem, Record};
use crate::report;
use crate::select::Selected;
use sigsend_cli::args::Request;

/// Runs the plan of `send` on every selected process, all at once (with
/// `--tree`, on each one's whole tree), and fills in each one's record:
/// the signals sent, how it exited, and the outcome (`StillRunning` when
/// it outlived `--wait`, `Interrupted` when a signal held back by the
/// caller's [`sigsend::Interrupts`] ended the wait). With `--tree`, each
/// process of a tree gets a record of its own, after its target's.
/// `live` says each signal (`--verbose`) as it is sent.
pub(crate) fn run<'a>(
    send: &Request,
    selected: Vec<Selected<'a>>,
    live: &mut Live,
) -> Vec<Record<'a>> {
    let plan = plan(send);
    let mut records = Vec::with_capacity(selected.len());
    let mut processes = Vec::with_capacity(selected.len());
    for target in selected {
        // Only processes reach here.
        let (mut record, process) = target.open();
        match process {
            Ok(process) => processes.push((records.len(), process)),
            Err(err) => record.fail(send.signal, err),
        }
        records.push(record);
    }

    let targets = processes.iter().map(|(_, process)| process);
    let observer = |event: &StopEvent<'_>| live.sent(event.step > 0, event.signal, event.pid);
    let reports = if send.select.tree {
        // -r: every member is asked, not only the targets.
        let wanted = |process: &Process| {
            !send.require_handler || catches(process.signal_state(), send.signal)
        };
        plan.run_trees_where_observed(targets, wanted, observer)
    } else {
        plan.run_all_observed(targets, observer)
            .map(|reports| reports.into_iter().map(|r| vec![r]).collect())
    };
    let reports = match reports {
        Ok(reports) => reports,
        Err(err) => {
            // Said once; each target's record keeps why (for --json).
            let message = format!("waiting for the processes failed: {err}");
            report::error(&message);
            for (index, _) in &processes {
                let record = &mut records[*index];
                record.error = Some(Problem::of(&err, message.clone()));
                record.outcome = Outcome::Failed;
            }
            return records;
        }
    };
    let mut members = Vec::new();
    let mut interrupted = None;
    for ((index, process), tree) in processes.iter().zip(reports) {
        let operand = records[*index].operand;
        for (place, stop) in tree.into_iter().enumerate() {
            if let StopOutcome::Interrupted { by, .. } = stop.outcome {
                interrupted = Some(by);
            }
            if place == 0 {
                fill(
                    &mut records[*index],
                    send,
                    &plan,
                    stop.outcome,
                    Some(process),
                );
            } else {
                let mut record = Record::new(operand, i32::try_from(stop.pid).ok(), None);
                fill(&mut record, send, &plan, stop.outcome, None);
                members.push(record);
            }
        }
    }
    records.extend(members);
    if let Some(by) = interrupted {
        let running: Vec<String> = records
            .iter()
            .filter(|record| record.outcome == Outcome::Interrupted)
            .map(Record::label_with_pid)
            .collect();
        report::error(format_args!(
            "interrupted by {by} while waiting; still running: {}",
            running.join(", ")
        ));
    }
    records
}

/// Whether the process of `record` (`process`, else opened by its pid,
/// which the plan saw running a moment ago) is stopped by a signal.
fn stopped(record: &Record<'_>, process: Option<&Process>) -> bool {
    match process {
        Some(process) => process.is_stopped(),
        None => record
            .pid
            .and_then(|pid| u32::try_from(pid).ok())
            .and_then(|pid| Process::open(pid).ok())
            .is_some_and(|process| process.is_stopped()),
    }
}

/// Fills in `record` from how the plan ended for its process (`process`,
/// where the record is a target's).
fn fill(
    record: &mut Record<'_>,
    send: &Request,
    plan: &Stop,
    outcome: StopOutcome,
    process: Option<&Process>,
) {
    let steps = plan.steps();
    let sent_ok = |upto: usize| steps[..upto].iter().map(|step| (step.signal, Ok(())));
    match outcome {
        StopOutcome::AlreadyExited(exit) => record.exit = Some(exit),
        StopOutcome::Ended { step, exit, .. } => {
            record.sent.extend(sent_ok(step + 1));
            record.exit = Some(exit);
        }
        StopOutcome::Survived => {
            record.sent.extend(sent_ok(steps.len()));
            if send.wait.is_some() {
                record.outcome = Outcome::StillRunning;
                record.stopped = stopped(record, process);
                let label = record.label_with_pid();
                if record.stopped {
                    report::error(format_args!(
                        "{label} is stopped: it cannot exit until it is continued (send it CONT)"
                    ));
                } else {
                    report::error(format_args!("{label} is still running"));
                }
            }
        }
        StopOutcome::Interrupted { step, .. } => {
            record.sent.extend(sent_ok(step + 1));
            record.outcome = Outcome::Interrupted;
            record.stopped = stopped(record, process);
        }
        StopOutcome::Failed {
            step,
            signal,
            error,
        } => {
            record.sent.extend(sent_ok(step));
            record.fail(signal, error);
        }
        StopOutcome::Skipped => record.outcome = Outcome::Skipped,
        // A later sigsend may know outcomes this version does not;
        // none of them is a failure.
        _ => {}
    }
}

/// The stop plan: the signal, then each `--timeout` step; the wait after
/// the last signal is `--wait`'s (none without it).
fn plan(send: &Request) -> Stop {
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
        let send = Request {
            signal: Signal::INT,
            queue: Some(5),
            timeouts: vec![
                (Duration::from_millis(100), Signal::TERM),
                (Duration::from_millis(200), Signal::KILL),
            ],
            wait: Some(Some(Duration::from_secs(1))),
            ..Request::default()
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
        let send = Request {
            timeouts: vec![(Duration::from_millis(300), Signal::KILL)],
            ..Request::default()
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
        let plan = plan(&Request {
            wait: Some(None),
            ..Request::default()
        });
        let forever = Step {
            signal: Signal::TERM,
            wait: Duration::MAX,
        };
        assert_eq!(plan.steps(), [forever]);
    }
}
