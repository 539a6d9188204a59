//! Faults of `kill_tree` that a well-behaved tree can cause: a root whose
//! children are forked by a thread other than its main one. Each root is
//! a `thread-forker` helper started in a process group of its own, which
//! a guard kills when the test ends (also when an assertion fails); its
//! children leave that group, so each is also opened as a handle when its
//! `child PID` line is read, and killed through it on the way out (they end by
//! themselves too, when their input closes or after 60 s). The helper
//! caps them (see `src/helper/unix/tree.rs`). Linux: the helper forks
//! with `fork(2)` and the tests read `/proc`.

#![cfg(target_os = "linux")]

mod common;

use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use common::trees::tree_root;
use common::{Helper, TIMEOUT};
use sigsend::{kill_tree, Exit, Process, Signal};

/// Children forked per root: more than the thread can fork before
/// `kill_tree` comes.
const CHILDREN: &str = "300";

/// Mappings in each root: each fork copies them, so that a fork takes a
/// few milliseconds here, as a large program's does.
const MAPPINGS: &str = "5000";

/// The children of a `thread-forker` root, as handles; each is sent KILL
/// when this is dropped (one that has ended gets nothing: the handle is
/// the process's own).
#[derive(Default)]
struct Forked(Vec<(u32, Process)>);

impl Forked {
    /// Takes a `child PID` line: the child is opened by its pid and kept
    /// if it is a helper that leads its own group, as each child does.
    /// While the root is alive the pid cannot be another's (the root never
    /// reaps a child, which stays a zombie under it); once it is gone, the
    /// check of what the process is stands in for that.
    fn take(&mut self, line: &str) {
        let Some(pid) = line.strip_prefix("child ").and_then(|p| p.parse().ok()) else {
            panic!("not a child line: {line:?}");
        };
        if let Ok(process) = Process::open(pid) {
            if is_forked_child(pid) {
                self.0.push((pid, process));
            }
        }
    }

    /// The children that are still alive (a zombie is not).
    fn alive(&self) -> Vec<u32> {
        self.0
            .iter()
            .filter(|(_, process)| process.is_alive().unwrap_or(false))
            .map(|(pid, _)| *pid)
            .collect()
    }
}

impl Drop for Forked {
    fn drop(&mut self) {
        for (_, process) in &self.0 {
            let _ = process.signal(Signal::KILL);
        }
    }
}

/// Whether `pid` is a `sigsend-helper` that leads a process group of its
/// own, from `/proc/PID/stat`.
fn is_forked_child(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let Some((head, rest)) = stat.rsplit_once(')') else {
        return false;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    head.ends_with("(sigsend-helper") && fields.get(2) == Some(&pid.to_string().as_str())
}

/// Reads the root's output until every process that shares it has ended
/// (end of file), taking each `child PID` line; `false` if one still holds
/// it after [`TIMEOUT`].
fn read_until_all_gone(helper: &Helper, forked: &mut Forked) -> bool {
    loop {
        match helper.line_within(TIMEOUT) {
            Ok(line) if line == "ready" => {}
            Ok(line) => forked.take(&line),
            Err(RecvTimeoutError::Disconnected) => return true,
            Err(RecvTimeoutError::Timeout) => return false,
        }
    }
}

/// A root whose children are forked by a worker thread: 30 times over,
/// `kill_tree(root, KILL)` must leave no child alive, the root caught each
/// round at another point of its first fork. Its main thread idles, so it
/// stops at once, while the worker can be in the middle of a fork, which
/// SIGSTOP does not interrupt: a walk that takes the main thread's state
/// (`/proc/PID/stat`) for the whole process's lists the processes before
/// that fork returns, and the child it returns is never signalled (once
/// the fork is done, killing the root no longer undoes it). Each child
/// leaves the root's process group at once, so that only the walk down
/// the parent pids can find it: neither the rule that takes the group a
/// root leads nor a kill of that group hides the miss. The end of file on
/// the output the children share shows that none is left, whatever the
/// walk saw.
#[test]
fn children_forked_by_a_thread_do_not_outlive_a_kill_30_times() {
    for round in 0..30 {
        let (helper, _guard) = tree_root(&["thread-forker", CHILDREN, MAPPINGS]);
        let mut forked = Forked::default();
        // At `ready` the thread is in its first fork: caught at another
        // point of it each round (a fork takes about 3 ms).
        loop {
            let line = helper.line();
            if line == "ready" {
                break;
            }
            forked.take(&line);
        }
        std::thread::sleep(Duration::from_micros(round % 10 * 300));
        let root = Process::from_child(helper.child()).expect("open the root");
        kill_tree(&root, Signal::KILL).expect("kill the tree");
        assert_eq!(root.wait().expect("wait"), Exit::Signaled(Signal::KILL));
        let all_gone = read_until_all_gone(&helper, &mut forked);
        assert!(
            all_gone,
            "round {round}: children outlived kill_tree(root, KILL): {:?} alive",
            forked.alive()
        );
    }
}
