//! Trees of helpers (`tree` and `forker` modes) as `/proc` shows them
//! (Linux): which members of a process group are still alive; the
//! guard that kills such a group when a test ends.

use std::mem::MaybeUninit;
use std::os::unix::process::CommandExt;
use std::process::Command;

use super::{poll_until, Helper};

/// Kills the process group `pgid` (a group this test created) when
/// dropped: nothing of a tree outlives its test.
pub struct GroupGuard(pub i32);

impl Drop for GroupGuard {
    fn drop(&mut self) {
        // The group's number is ours only while its leader (pid == pgid),
        // our child, is unreaped (alive or a zombie): the guard is dropped
        // before its Helper, but a test may have reaped the leader itself.
        // Then the number may be free or someone else's: send nothing.
        if leader_unreaped(self.0) {
            let _ = sigsend::os::killpg(self.0, sigsend::Signal::KILL.as_raw());
        }
    }
}

/// Whether `pid`, a child of this test, has not been reaped yet:
/// `waitid(P_PID, pid, WEXITED | WNOHANG | WNOWAIT)` succeeds (reaping
/// nothing) while it runs or is a zombie, and fails with `ECHILD` once it
/// was reaped (or was never our child).
fn leader_unreaped(pid: i32) -> bool {
    let Ok(id) = libc::id_t::try_from(pid) else {
        return false;
    };
    let mut info = MaybeUninit::<libc::siginfo_t>::zeroed();
    // SAFETY: waitid writes at most one siginfo_t into the buffer, which
    // is large enough; WNOWAIT leaves the child waitable, WNOHANG keeps
    // the call from blocking.
    let ret = unsafe {
        libc::waitid(
            libc::P_PID,
            id,
            info.as_mut_ptr(),
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        )
    };
    ret == 0
}

/// A helper started in a new group, and the guard of that group (drop the
/// guard first: declare it after the helper).
pub fn tree_root(args: &[&str]) -> (Helper, GroupGuard) {
    let helper = Helper::start(args);
    let guard = GroupGuard(helper.pid());
    (helper, guard)
}

/// `sh -c SCRIPT` started in a new group, and the guard of that group.
pub fn shell_root(script: &str) -> (Helper, GroupGuard) {
    let mut command = Command::new("sh");
    command.args(["-c", script]).process_group(0);
    let helper = Helper::spawn(command);
    let guard = GroupGuard(helper.pid());
    (helper, guard)
}

/// The processes of group `pgid` that are not zombies, from `/proc`.
pub fn alive_in_group(pgid: i32) -> Vec<u32> {
    in_group(pgid, |state| state != "Z" && state != "X")
}

/// The processes of group `pgid` that are stopped: state `T`, or `t`
/// under a tracer (CI runs these tests under strace too).
pub fn stopped_in_group(pgid: i32) -> Vec<u32> {
    in_group(pgid, |state| state == "T" || state == "t")
}

/// The processes of group `pgid` whose state (`/proc/PID/stat`) passes
/// `state`.
fn in_group(pgid: i32, state: impl Fn(&str) -> bool) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("read /proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // Gone meanwhile: not listed.
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // After the command name in parentheses: state, ppid, pgrp.
        let rest = &stat[stat.rfind(')').expect("stat has a comm") + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields[2] == pgid.to_string() && state(fields[0]) {
            found.push(pid);
        }
    }
    found
}

/// Waits until no process of group `pgid` is alive (zombies are gone).
pub fn all_gone(pgid: i32) {
    poll_until(&format!("group {pgid} to be gone"), || {
        alive_in_group(pgid).is_empty().then_some(())
    });
}

/// The fork race, 20 rounds: a tree whose members keep forking (a
/// `forker` helper, capped), caught at a different point of its growth
/// each round, is killed with `kill_tree`; no member is missed: none is
/// alive a moment later, and none can start another (a survivor would
/// show here).
pub fn fork_race_leaves_no_survivor() {
    for round in 0..20u64 {
        let (helper, _guard) = tree_root(&["forker", "60"]);
        std::thread::sleep(std::time::Duration::from_millis(round % 8));
        let root = sigsend::Process::from_child(helper.child()).expect("open the root");
        sigsend::kill_tree(&root, sigsend::Signal::KILL).expect("kill the tree");
        all_gone(helper.pid());
    }
}

/// The N of a `tree` helper's `ready N`.
pub fn ready_count(helper: &Helper) -> usize {
    let line = helper.line();
    line.strip_prefix("ready ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a ready line: {line:?}"))
}
