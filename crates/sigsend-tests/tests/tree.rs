//! Trees of processes: `sigsend::descendants`, `Selector` and `kill_tree`
//! against trees of helpers this test started, each in a process group of
//! its own that a guard kills on the way out (also when an assertion
//! fails). Every tree is capped by the helper itself (see
//! `src/helper/unix/tree.rs`). Linux: "gone" is read from `/proc`.

#![cfg(target_os = "linux")]

mod common;

use std::collections::HashSet;
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::Duration;

use common::renamed::{unique_name, Renamed};
use common::trees::{
    alive_in_group, all_gone, fork_race_leaves_no_survivor, ready_count, stopped_in_group,
    tree_root, GroupGuard,
};
use common::{poll_until, Helper};
use sigsend::{kill_tree, Process, Selector, Signal, TreeOutcome, UserId};

#[test]
fn descendants_are_the_whole_tree_and_nothing_else() {
    let (helper, _guard) = tree_root(&["tree", "2", "3"]);
    assert_eq!(ready_count(&helper), 13);
    let below = sigsend::descendants(helper.pid() as u32).expect("descendants");
    let pids: HashSet<u32> = below.iter().map(|p| p.pid()).collect();
    let group: HashSet<u32> = alive_in_group(helper.pid()).into_iter().collect();
    assert_eq!(pids.len(), 12, "{below:?}");
    assert!(
        !pids.contains(&(helper.pid() as u32)),
        "the root is left out"
    );
    assert!(pids.is_subset(&group), "all in the tree's group");
}

#[test]
fn descendants_of_a_missing_pid_is_no_such_process() {
    let err = sigsend::descendants(u32::MAX).unwrap_err();
    assert_eq!(err.kind(), sigsend::ErrorKind::NoSuchProcess);
}

#[test]
fn a_tree_of_259_is_gone_after_one_call() {
    let (helper, _guard) = tree_root(&["tree", "3", "6"]);
    assert_eq!(ready_count(&helper), 259);
    let pgid = helper.pid();
    let before: HashSet<u32> = alive_in_group(pgid).into_iter().collect();
    assert_eq!(before.len(), 259);
    let root = Process::from_child(helper.child()).expect("open the root");
    let reports = kill_tree(&root, Signal::KILL).expect("kill the tree");
    let signalled: HashSet<u32> = reports
        .iter()
        .filter(|r| r.outcome == TreeOutcome::Signaled)
        .map(|r| r.pid)
        .collect();
    assert_eq!(signalled, before, "every member signalled once");
    all_gone(pgid);
}

#[test]
fn a_term_reaches_stopped_members_as_they_resume() {
    let (helper, _guard) = tree_root(&["tree", "1", "4"]);
    assert_eq!(ready_count(&helper), 5);
    let root = Process::from_child(helper.child()).expect("open the root");
    let reports = kill_tree(&root, Signal::TERM).expect("kill the tree");
    assert_eq!(reports.len(), 5);
    // TERM ends them only once SIGCONT lets it be delivered.
    all_gone(helper.pid());
}

#[test]
fn a_tree_asked_to_stop_stays_stopped() {
    let (helper, _guard) = tree_root(&["tree", "1", "3"]);
    assert_eq!(ready_count(&helper), 4);
    let root = Process::from_child(helper.child()).expect("open the root");
    assert_eq!(
        kill_tree(&root, Signal::STOP).expect("stop the tree").len(),
        4
    );
    let pgid = helper.pid();
    poll_until("all four to stop", || {
        (stopped_in_group(pgid).len() == 4).then_some(())
    });
    // No SIGCONT follows.
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(stopped_in_group(pgid).len(), 4, "all four stay stopped");
}

#[test]
fn orphans_left_in_the_roots_group_are_found_too() {
    let (helper, _guard) = tree_root(&["orphans", "5"]);
    helper.expect_line("ready");
    let pgid = helper.pid();
    let before: HashSet<u32> = alive_in_group(pgid).into_iter().collect();
    assert_eq!(before.len(), 6, "the root and five orphans");
    assert!(sigsend::descendants(pgid as u32)
        .expect("descendants")
        .is_empty());
    let root = Process::from_child(helper.child()).expect("open the root");
    let reports = kill_tree(&root, Signal::KILL).expect("kill the tree");
    let signalled: HashSet<u32> = reports.iter().map(|r| r.pid).collect();
    assert_eq!(signalled, before);
    all_gone(pgid);
}

#[test]
fn a_forking_tree_leaves_no_survivor_20_times() {
    fork_race_leaves_no_survivor();
}

#[test]
fn a_gone_root_is_no_such_process() {
    let mut helper = Helper::start(&["exit", "0"]);
    let root = Process::from_child(helper.child()).expect("open the root");
    helper.wait();
    // The probe: the refusal does not depend on the signal, and nothing
    // real goes to a reaped pid.
    let err = kill_tree(&root, Signal::NULL).unwrap_err();
    assert_eq!(err.kind(), sigsend::ErrorKind::NoSuchProcess);
}

#[test]
fn selector_by_name_parent_user_and_predicate() {
    let name = unique_name("sel");
    let copy = Renamed::new(&name);
    let mut command = Command::new(copy.path());
    command.args(["parent", "idle"]).process_group(0);
    let parent = Helper::spawn(command);
    let child = parent.child_once_ready();
    let _guard = GroupGuard(parent.pid());
    let pid = |found: Vec<sigsend::ProcessInfo>| -> HashSet<u32> {
        found.iter().map(|p| p.pid()).collect()
    };
    let both = HashSet::from([parent.pid() as u32, child]);

    let by_name = Selector::new().name(name.clone()).select().expect("select");
    assert_eq!(pid(by_name), both);

    let by_parent = Selector::new().parent(parent.pid() as u32).select();
    assert_eq!(pid(by_parent.expect("select")), HashSet::from([child]));

    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = UserId::Uid(unsafe { libc::geteuid() });
    let mine = Selector::new().user(me).name(name.clone()).select();
    assert_eq!(pid(mine.expect("select")), both);
    let nobody = Selector::new()
        .user(UserId::Uid(u32::MAX - 1))
        .name(name.clone());
    assert!(nobody.select().expect("select").is_empty());

    // A caller's own pattern on the command line: the grandchild's
    // arguments are `idle` alone.
    let idle = Selector::new()
        .name(name)
        .matching(|p| p.cmdline().is_some_and(|args| args[1..] == ["idle"]));
    assert_eq!(pid(idle.select().expect("select")), HashSet::from([child]));
}

#[test]
fn a_child_that_catches_the_signal_sees_it_after_its_parent_ends() {
    // The root ends by TERM; its child catches TERM. Resuming the root
    // before the child would orphan the child's stopped group, and the
    // kernel would end the child with SIGHUP instead.
    let (parent, _guard) = tree_root(&["parent", "catch", "TERM"]);
    let child = parent.child_once_ready();
    let root = Process::from_child(parent.child()).expect("open the root");
    let reports = kill_tree(&root, Signal::TERM).expect("kill the tree");
    let pids: Vec<u32> = reports.iter().map(|report| report.pid).collect();
    assert_eq!(pids, [root.pid(), child]);
    assert_eq!(parent.caught().signo, libc::SIGTERM);
    all_gone(parent.pid());
}

/// A panic of the caller's `wanted` test, asked while the tree is held
/// still, resumes every process the walk stopped before it unwinds.
#[test]
fn a_panicking_predicate_leaves_nothing_stopped() {
    let (helper, _guard) = tree_root(&["tree", "1", "4"]);
    assert_eq!(ready_count(&helper), 5);
    let root = Process::from_child(helper.child()).expect("open the root");
    let walked = std::panic::catch_unwind(|| {
        sigsend::kill_trees_where([&root], Signal::KILL, |_| panic!("a caller's bug"))
    });
    assert!(walked.is_err(), "the panic comes through");
    let pgid = helper.pid();
    assert_eq!(alive_in_group(pgid).len(), 5, "nothing was killed");
    assert_eq!(
        stopped_in_group(pgid),
        Vec::<u32>::new(),
        "nothing stays stopped"
    );
}

/// A member its user stopped before the walk stays stopped, with the
/// signal pending as `kill(2)` would leave it; the others are resumed;
/// CONT resumes it, and the pending TERM then ends it.
#[test]
fn a_member_stopped_beforehand_stays_stopped_with_the_signal_pending() {
    if traced() {
        // A tracer's processes show every stop as `t`, a stop of the
        // tracer's as well as a user's, so none can be told for a user's.
        println!("SKIPPED: run under a tracer (strace), whose stops hide a user's");
        return;
    }
    let (helper, _guard) = tree_root(&["tree", "1", "3"]);
    assert_eq!(ready_count(&helper), 4);
    let pgid = helper.pid();
    let child = sigsend::descendants(pgid as u32).expect("descendants")[0].pid();
    let child = Process::open(child).expect("open a child");
    child.signal(Signal::STOP).expect("stop it");
    poll_until("the child to stop", || {
        (stopped_in_group(pgid) == [child.pid()]).then_some(())
    });
    let root = Process::from_child(helper.child()).expect("open the root");
    let reports = kill_tree(&root, Signal::WINCH).expect("signal the tree");
    assert_eq!(reports.len(), 4);
    assert!(reports.iter().all(|r| r.outcome == TreeOutcome::Signaled));
    assert_eq!(
        stopped_in_group(pgid),
        [child.pid()],
        "only the user's stop is left"
    );
    // The child's own tree, TERM: it waits in the stopped child.
    kill_tree(&child, Signal::TERM).expect("TERM the child's tree");
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(stopped_in_group(pgid), [child.pid()], "TERM waits");
    // CONT to the tree resumes it, and the pending TERM ends it.
    kill_tree(&root, Signal::CONT).expect("CONT the tree");
    poll_until("the child to end (its pending TERM)", || {
        (alive_in_group(pgid).len() == 3).then_some(())
    });
    assert!(!alive_in_group(pgid).contains(&child.pid()));
}

/// `kill_trees_where` signals only the members its test accepts and walks
/// the others: a grandchild below a child left out is still found.
#[test]
fn members_left_out_are_walked_but_not_signalled() {
    let (helper, _guard) = tree_root(&["tree", "2", "2"]);
    assert_eq!(ready_count(&helper), 7);
    let pgid = helper.pid();
    let root = Process::from_child(helper.child()).expect("open the root");
    let children: HashSet<u32> = sigsend::descendants(pgid as u32)
        .expect("descendants")
        .iter()
        .filter(|info| info.ppid() == pgid as u32)
        .map(|info| info.pid())
        .collect();
    let root_pid = root.pid();
    let trees = sigsend::kill_trees_where([&root], Signal::KILL, |p| {
        p.pid() != root_pid && !children.contains(&p.pid())
    })
    .expect("kill the grandchildren");
    let tree = &trees[0];
    assert_eq!(tree.len(), 7, "{tree:?}");
    let skipped = tree
        .iter()
        .filter(|r| r.outcome == TreeOutcome::Skipped)
        .count();
    let signalled = tree
        .iter()
        .filter(|r| r.outcome == TreeOutcome::Signaled)
        .count();
    assert_eq!((skipped, signalled), (3, 4), "{tree:?}");
    poll_until("the grandchildren to be gone", || {
        (alive_in_group(pgid).len() == 3).then_some(())
    });
    assert_eq!(
        stopped_in_group(pgid),
        Vec::<u32>::new(),
        "nothing stays stopped"
    );
}

/// The caller cannot hold itself still: a tree rooted at it is refused,
/// and nothing is sent. (The null signal: the refusal comes before any
/// walk, and a regression must not end the test runner.)
#[test]
fn the_caller_as_a_root_is_refused() {
    let me = Process::open(std::process::id()).expect("open ourselves");
    let err = kill_tree(&me, Signal::NULL).expect_err("refused");
    assert_eq!(err.kind(), sigsend::ErrorKind::InvalidInput, "{err}");
}

/// A stop plan over a tree with a test: the members left out are reported
/// `Skipped` and get nothing, not even the plan's KILL.
#[test]
fn a_stop_plan_skips_the_members_left_out() {
    let (helper, _guard) = tree_root(&["tree", "1", "2"]);
    assert_eq!(ready_count(&helper), 3);
    let pgid = helper.pid();
    let root = Process::from_child(helper.child()).expect("open the root");
    let root_pid = root.pid();
    let plan = sigsend::Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
    let trees = plan
        .run_trees_where([&root], |p| p.pid() != root_pid)
        .expect("run the plan");
    let tree = &trees[0];
    assert_eq!(tree[0].outcome, sigsend::StopOutcome::Skipped, "{tree:?}");
    assert!(
        tree[1..]
            .iter()
            .all(|r| matches!(r.outcome, sigsend::StopOutcome::Ended { step: 0, .. })),
        "{tree:?}"
    );
    assert_eq!(alive_in_group(pgid), [pgid as u32], "only the root is left");
}

/// Whether this test runs under a tracer (`TracerPid` in
/// `/proc/self/status`), as CI's run without pidfds does (strace).
fn traced() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").expect("read our status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("TracerPid:"))
        .is_some_and(|pid| pid.trim() != "0")
}
