//! Trees of helpers (`tree` and `forker` modes) as `/proc` shows them
//! (Linux): which members of a process group are still alive; the
//! guard that kills such a group when a test ends.

use std::os::unix::process::CommandExt;
use std::process::Command;

use super::{poll_until, Helper};

/// Kills the process group `pgid` (a group this test created) when
/// dropped: nothing of a tree outlives its test.
pub struct GroupGuard(pub i32);

impl Drop for GroupGuard {
    fn drop(&mut self) {
        // The group's leader is our unreaped child while this runs (the
        // guard is dropped before its Helper), so the number is still ours.
        let _ = sigsend::os::killpg(self.0, sigsend::Signal::KILL.as_raw());
    }
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

/// The N of a `tree` helper's `ready N`.
pub fn ready_count(helper: &Helper) -> usize {
    let line = helper.line();
    line.strip_prefix("ready ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a ready line: {line:?}"))
}
