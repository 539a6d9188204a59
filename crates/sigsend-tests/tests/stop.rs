//! `sigsend::Stop`: the steps of a stop plan against real children, one at
//! a time and many at once.

#![cfg(unix)]

mod common;

use std::time::{Duration, Instant};

use common::{unprivileged, Helper, TIMEOUT};
use sigsend::{ChildExt, Exit, Process, Signal, Stop, StopOutcome};

/// How long the TERM step waits in these tests.
const TERM_WAIT: Duration = Duration::from_millis(300);

fn open(helper: &Helper) -> Process {
    Process::from_child(helper.child()).expect("open our own child")
}

#[test]
fn a_child_that_ignores_term_is_ended_by_the_kill_step() {
    let mut child = Helper::ready(&["ignore", "TERM"]);
    let plan = Stop::term_then_kill(TERM_WAIT, TIMEOUT);
    let report = plan.run(&open(&child)).expect("run the plan");
    assert_eq!(report.pid, child.pid() as u32);
    assert_eq!(
        report.outcome,
        StopOutcome::Ended {
            step: 1,
            signal: Signal::KILL,
            exit: Exit::Signaled(Signal::KILL)
        }
    );
    // Not reaped by the plan: the owner reaps it.
    assert_eq!(child.wait_signal(), Some(libc::SIGKILL));
}

#[test]
fn a_child_that_obeys_term_is_ended_by_the_first_step() {
    let mut child = Helper::idle();
    let report = child
        .child()
        .stop(&Stop::term_then_kill(TIMEOUT, TIMEOUT))
        .expect("run the plan");
    assert_eq!(
        report.outcome,
        StopOutcome::Ended {
            step: 0,
            signal: Signal::TERM,
            exit: Exit::Signaled(Signal::TERM)
        }
    );
    assert_eq!(child.wait_signal(), Some(libc::SIGTERM));
}

#[test]
fn a_child_that_already_exited_gets_no_signal() {
    let mut child = Helper::start(&["exit", "4"]);
    let process = open(&child);
    assert_eq!(process.wait().expect("wait"), Exit::Code(4));
    let report = Stop::term_then_kill(TIMEOUT, TIMEOUT)
        .run(&process)
        .expect("run the plan");
    assert_eq!(report.outcome, StopOutcome::AlreadyExited(Exit::Code(4)));
    assert_eq!(child.wait().code(), Some(4));
}

#[test]
fn a_child_that_survives_every_step_is_reported() {
    let child = Helper::ready(&["ignore", "TERM", "HUP"]);
    let plan = Stop::new(Signal::TERM, Duration::from_millis(50))
        .then(Signal::HUP, Duration::from_millis(50));
    let report = plan.run(&open(&child)).expect("run the plan");
    assert_eq!(report.outcome, StopOutcome::Survived);
    assert_eq!(report.exit(), None);
    common::assert_unharmed(child);
}

/// The value goes with every step: the first step's signal is ignored by
/// default (URG), the second one's is caught and shows the value.
#[cfg(not(target_vendor = "apple"))]
#[test]
fn the_queued_value_is_kept_on_every_step() {
    let mut child = Helper::ready(&["catch", "USR1"]);
    let plan = Stop::new(Signal::URG, Duration::from_millis(50))
        .then(Signal::USR1, TIMEOUT)
        .value(-31);
    let report = plan.run(&open(&child)).expect("run the plan");
    let caught = child.caught();
    assert_eq!(
        (caught.signo, caught.code, caught.value),
        (libc::SIGUSR1, common::SI_QUEUE, -31),
        "{caught:?}"
    );
    assert_eq!(
        report.outcome,
        StopOutcome::Ended {
            step: 1,
            signal: Signal::USR1,
            exit: Exit::Code(0)
        }
    );
    assert_eq!(child.wait().code(), Some(0));
}

/// 100 children that ignore TERM, stopped at once: the TERM step's wait
/// runs once for all of them, not once each.
#[test]
fn a_hundred_children_are_stopped_in_about_one_timeout() {
    const COUNT: usize = 100;
    let children: Vec<Helper> = (0..COUNT)
        .map(|_| Helper::start(&["ignore", "TERM"]))
        .collect();
    for child in &children {
        child.expect_line("ready");
    }
    let processes: Vec<Process> = children.iter().map(open).collect();
    let plan = Stop::term_then_kill(TERM_WAIT, TIMEOUT);

    let started = Instant::now();
    let reports = plan.run_all(&processes).expect("run the plan");
    let took = started.elapsed();
    eprintln!("{COUNT} children ignoring TERM, TERM wait {TERM_WAIT:?}: stopped in {took:?}");

    assert_eq!(reports.len(), COUNT);
    for (report, child) in reports.iter().zip(&children) {
        assert_eq!(report.pid, child.pid() as u32);
        assert_eq!(
            report.outcome,
            StopOutcome::Ended {
                step: 1,
                signal: Signal::KILL,
                exit: Exit::Signaled(Signal::KILL)
            }
        );
    }
    // One after another would take COUNT * TERM_WAIT (30 s); a sanity
    // bound, not a timing measurement.
    assert!(took >= TERM_WAIT, "the TERM step did not wait: {took:?}");
    assert!(
        took < TERM_WAIT * (COUNT as u32) / 2,
        "took {took:?}: the children were waited for one after another"
    );
}

/// A process of another user: the plan's first signal fails with EPERM,
/// the report says so, and nothing further is tried or sent.
#[test]
fn a_step_that_cannot_be_sent_is_reported_as_failed() {
    let Some(helper) = unprivileged::helper() else {
        return;
    };
    let target = Helper::idle(); // owned by root
    let line = unprivileged::run(&helper, &["call", "stop", &target.pid().to_string()]);
    assert_eq!(
        line,
        format!(
            "failed step=0 signal=TERM kind=PermissionDenied code={}",
            libc::EPERM
        )
    );
    common::assert_unharmed(target);
}
