//! `Stop::run_tree` and `run_trees`: a stop plan over whole trees, on
//! trees this test started, each in a process group of its own that a
//! guard kills on the way out. Linux: "gone" is read from `/proc`.

#![cfg(target_os = "linux")]

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::trees::{all_gone, ready_count, shell_root, tree_root};
use common::{poll_until, Helper, SI_QUEUE};
use sigsend::{Exit, Process, Signal, Stop, StopOutcome};

/// A first wait long enough for TERM to end a process that does not
/// catch it, on a loaded machine; not a timing assertion.
const TERM_WAIT: Duration = Duration::from_secs(5);

/// Waits until `root` has `count` descendants.
fn wait_for_descendants(root: &Process, count: usize) {
    poll_until(&format!("{count} descendants of {}", root.pid()), || {
        let below = sigsend::descendants(root.pid()).ok()?;
        (below.len() == count).then_some(())
    });
}

/// Whether process `pid` ignores `sig`, from `SigIgn` in its `status`.
fn ignores(pid: i32, sig: i32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let mask = status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .unwrap_or(0);
    mask & (1 << (sig - 1)) != 0
}

#[test]
fn a_tree_that_ignores_term_ends_by_kill_all_of_it() {
    // Ignoring TERM is inherited by both sleeps.
    let (shell, _guard) = shell_root("trap '' TERM; sleep 30 & sleep 30 & wait");
    let root = Process::from_child(shell.child()).expect("open the root");
    wait_for_descendants(&root, 2);
    let plan = Stop::term_then_kill(Duration::from_millis(300), TERM_WAIT);
    let reports = plan.run_tree(&root).expect("run the plan");
    assert_eq!(reports.len(), 3, "{reports:?}");
    assert_eq!(reports[0].pid, root.pid(), "the root comes first");
    for report in &reports {
        assert!(
            matches!(
                report.outcome,
                StopOutcome::Ended {
                    step: 1,
                    signal: Signal::KILL,
                    ..
                }
            ),
            "{report:?}"
        );
    }
    assert_eq!(reports[0].exit(), Some(Exit::Signaled(Signal::KILL)));
    all_gone(shell.pid());
}

#[test]
fn a_child_forked_during_a_wait_is_taken_at_the_next_step() {
    // On TERM the shell starts one more sleep and tells its pid; it never
    // ends by TERM itself.
    let script = "trap 'sleep 30 & echo forked $!' TERM; echo ready; \
                  while :; do sleep 0.05; done";
    let (shell, _guard) = shell_root(script);
    shell.expect_line("ready");
    let root = Process::from_child(shell.child()).expect("open the root");
    let plan = Stop::term_then_kill(Duration::from_millis(500), TERM_WAIT);
    let reports = plan.run_tree(&root).expect("run the plan");
    let forked: u32 = shell
        .line()
        .strip_prefix("forked ")
        .and_then(|pid| pid.parse().ok())
        .expect("the shell says which sleep it forked");
    let late = reports
        .iter()
        .find(|report| report.pid == forked)
        .unwrap_or_else(|| panic!("sleep {forked} not in {reports:?}"));
    assert!(
        matches!(
            late.outcome,
            StopOutcome::Ended {
                step: 1,
                signal: Signal::KILL,
                ..
            }
        ),
        "{late:?}"
    );
    assert_eq!(reports[0].exit(), Some(Exit::Signaled(Signal::KILL)));
    all_gone(shell.pid());
}

#[test]
fn a_forking_tree_that_ignores_term_ends_by_kill_with_no_survivor() {
    for round in 0..5u64 {
        let (shell, _guard) = tree_root(&["forker", "60", "ignoring", "TERM"]);
        poll_until("the root to ignore TERM", || {
            ignores(shell.pid(), libc::SIGTERM).then_some(())
        });
        // Catch the tree at a different point of its growth each round.
        std::thread::sleep(Duration::from_millis(round * 2));
        let root = Process::from_child(shell.child()).expect("open the root");
        let plan = Stop::term_then_kill(Duration::from_millis(100), TERM_WAIT);
        let reports = plan.run_tree(&root).expect("run the plan");
        // A member caught before it set TERM to be ignored ends at step 0.
        assert!(
            reports.iter().all(|report| report.exit().is_some()),
            "{reports:?}"
        );
        assert_eq!(reports[0].exit(), Some(Exit::Signaled(Signal::KILL)));
        // Children forked during the TERM wait were taken by the KILL step.
        all_gone(shell.pid());
    }
}

#[test]
fn trees_are_stopped_together_and_reported_apart() {
    let (first, _first_guard) = tree_root(&["tree", "1", "3"]);
    let (second, _second_guard) = tree_root(&["tree", "2", "2"]);
    assert_eq!(ready_count(&first), 4);
    assert_eq!(ready_count(&second), 7);
    let roots = [first.child(), second.child()]
        .map(|child| Process::from_child(child).expect("open a root"));
    let plan = Stop::new(Signal::TERM, TERM_WAIT);
    let trees = plan.run_trees(&roots).expect("run the plan");
    assert_eq!(trees.iter().map(Vec::len).collect::<Vec<_>>(), [4, 7]);
    for (tree, root) in trees.iter().zip(&roots) {
        assert_eq!(tree[0].pid, root.pid());
        for report in tree {
            assert!(
                matches!(report.outcome, StopOutcome::Ended { step: 0, .. }),
                "{report:?}"
            );
        }
    }
    let all: HashSet<u32> = trees.iter().flatten().map(|report| report.pid).collect();
    assert_eq!(all.len(), 11, "no process reported twice");
    all_gone(first.pid());
    all_gone(second.pid());
}

#[test]
fn a_queued_value_reaches_every_member() {
    // The helper's child catches USR1 and tells what its handler saw.
    let (parent, _guard) = tree_root(&["parent", "catch", "USR1"]);
    let child = parent.child_once_ready();
    let root = Process::from_child(parent.child()).expect("open the root");
    let plan = Stop::new(Signal::USR1, TERM_WAIT).value(42);
    let reports = plan.run_tree(&root).expect("run the plan");
    let pids: Vec<u32> = reports.iter().map(|report| report.pid).collect();
    assert_eq!(pids, [root.pid(), child]);
    let caught = parent.caught();
    assert_eq!(
        (caught.signo, caught.code, caught.value),
        (libc::SIGUSR1, SI_QUEUE, 42)
    );
    assert_eq!(reports[0].exit(), Some(Exit::Signaled(Signal::USR1)));
    all_gone(parent.pid());
}

#[test]
fn a_gone_root_has_already_exited() {
    // No group guard: the test reaps the root itself, after which its
    // group's number is no longer ours.
    let mut helper = Helper::start(&["exit", "3"]);
    let root = Process::from_child(helper.child()).expect("open the root");
    helper.wait();
    // A refusal that does not depend on the signal: the probe, so that
    // nothing real is ever aimed at the reaped pid.
    let reports = Stop::new(Signal::NULL, TERM_WAIT)
        .run_tree(&root)
        .expect("run the plan");
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        matches!(reports[0].outcome, StopOutcome::AlreadyExited(_)),
        "{reports:?}"
    );
}

#[test]
fn a_member_that_ended_unreaped_is_reported_once() {
    // The sleep started first dies of USR1 at step 0; the shell, become
    // `sleep 31` and ignoring USR1, never reaps it: a zombie below a
    // live member at step 1.
    let (shell, _guard) = shell_root("sleep 30 & trap '' USR1; exec sleep 31");
    let root = Process::from_child(shell.child()).expect("open the root");
    wait_for_descendants(&root, 1);
    poll_until("the root to ignore USR1", || {
        ignores(shell.pid(), libc::SIGUSR1).then_some(())
    });
    // Time enough for the sleep to die of USR1; the root outlives it.
    let plan = Stop::new(Signal::USR1, Duration::from_secs(1)).then(Signal::KILL, TERM_WAIT);
    let reports = plan.run_tree(&root).expect("run the plan");
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(
        matches!(reports[1].outcome, StopOutcome::Ended { step: 0, .. }),
        "{reports:?}"
    );
    assert_eq!(reports[0].exit(), Some(Exit::Signaled(Signal::KILL)));
}
