//! `sigsend::Stop`: the steps of a stop plan against real children, one at
//! a time and many at once.

#![cfg(unix)]

mod common;

use std::time::{Duration, Instant};

use common::{unprivileged, Helper, TIMEOUT};
use sigsend::{ChildExt, Exit, Interrupts, Process, Signal, Stop, StopOutcome};

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

/// The observer hears of each signal right after it is sent, before the
/// step's wait: here it ends the child itself (KILL), so the wait of the
/// TERM step (10 s) ends at once, and the plan never sends its own KILL.
/// Told after the wait, it would have heard of both steps.
#[test]
fn the_observer_is_told_of_each_signal_before_the_wait() {
    let mut child = Helper::ready(&["ignore", "TERM"]);
    let process = open(&child);
    let plan = Stop::term_then_kill(TIMEOUT, TIMEOUT);
    let mut told = Vec::new();
    let reports = plan
        .run_all_observed([&process], |event| {
            told.push((event.pid, event.step, event.signal, event.result.is_ok()));
            process.signal(Signal::KILL).expect("end the child");
        })
        .expect("run the plan");
    assert_eq!(told, [(child.pid() as u32, 0, Signal::TERM, true)]);
    assert_eq!(
        reports[0].outcome,
        StopOutcome::Ended {
            step: 0,
            signal: Signal::TERM,
            exit: Exit::Signaled(Signal::KILL)
        }
    );
    assert_eq!(child.wait_signal(), Some(libc::SIGKILL));
}

/// The plan's TERM step was interrupted by TERM.
#[track_caller]
fn assert_interrupted_by_term(report: &sigsend::StopReport) {
    let outcome = StopOutcome::Interrupted {
        step: 0,
        signal: Signal::TERM,
        by: Signal::TERM,
    };
    assert_eq!(report.outcome, outcome);
}

/// Takes the pending `sig` (blocked in this thread) so that it is never
/// delivered: the test runner must not die of it.
fn take_pending(sig: libc::c_int) {
    let mut set = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
    let mut taken = 0;
    // SAFETY: the set is ours and initialised before sigwait reads it;
    // sigwait returns at once, as `sig` is pending, and dequeues it.
    let code = unsafe {
        libc::sigemptyset(set.as_mut_ptr());
        libc::sigaddset(set.as_mut_ptr(), sig);
        libc::sigwait(set.as_ptr(), &mut taken)
    };
    assert_eq!((code, taken), (0, sig));
}

/// A termination signal held back by an `Interrupts` guard (TERM, sent to
/// this thread right after the plan's TERM) ends the plan: the wait after
/// the first step ends early, the KILL step is never sent, and the child,
/// which ignores TERM, is reported interrupted, with the signal.
#[test]
fn a_signal_held_back_interrupts_the_plan() {
    let child = Helper::ready(&["ignore", "TERM"]);
    let process = open(&child);
    let interrupts = Interrupts::defer().expect("defer the termination signals");
    let plan = Stop::term_then_kill(TIMEOUT, TIMEOUT);
    let mut steps = Vec::new();
    let reports = plan
        .run_all_observed([&process], |event| {
            steps.push(event.step);
            // To this thread only: the test runner's others do not block it.
            // SAFETY: raise(3) signals the calling thread; TERM is blocked.
            unsafe { libc::raise(libc::SIGTERM) };
        })
        .expect("run the plan");
    assert_eq!(steps, [0]);
    assert_interrupted_by_term(&reports[0]);
    assert_eq!(interrupts.received(), Some(Signal::TERM));
    take_pending(libc::SIGTERM);
    assert_eq!(interrupts.received(), None);
    drop(interrupts);
    common::assert_unharmed(child);
}

/// The same, the signal arriving while the plan waits (without a limit):
/// the wait wakes (on Linux, its poll has the guard's signalfd; without
/// pidfds, the fallback's too).
#[cfg(target_os = "linux")]
#[test]
fn a_signal_held_back_wakes_the_wait() {
    let child = Helper::ready(&["ignore", "TERM"]);
    let process = open(&child);
    let interrupts = Interrupts::defer().expect("defer the termination signals");
    // SAFETY: pthread_self(3) and gettid(2) cannot fail.
    let (me, tid) = unsafe { (libc::pthread_self(), libc::gettid()) };
    let sender = std::thread::spawn(move || {
        // Once this thread sleeps (in the plan's wait, or about to be):
        // its state in /proc is S.
        let stat = format!("/proc/self/task/{tid}/stat");
        common::poll_until("the plan to wait", || {
            let stat = std::fs::read_to_string(&stat).ok()?;
            let state = stat.rsplit_once(") ")?.1.chars().next()?;
            (state == 'S').then_some(())
        });
        // SAFETY: the test thread outlives this one (it joins it below).
        unsafe { libc::pthread_kill(me, libc::SIGTERM) }
    });
    let plan = Stop::new(Signal::TERM, Duration::MAX).then(Signal::KILL, TIMEOUT);
    let reports = plan.run_all([&process]).expect("run the plan");
    assert_eq!(sender.join().expect("the sender"), 0);
    assert_interrupted_by_term(&reports[0]);
    take_pending(libc::SIGTERM);
    drop(interrupts);
    common::assert_unharmed(child);
}
