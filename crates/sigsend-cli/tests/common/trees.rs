//! Process trees for the `--tree` tests (Linux): shells with many `sleep`
//! children, each tree in a process group of its own that this test
//! created and that is killed when the tree is dropped; many `sleep`
//! children of the test itself in one such group; what `/proc` and
//! `waitid` say of them.
//!
//! Caps: a tree or group holds at most [`MAX_MEMBERS`] processes, and each
//! `sleep` ends by itself after [`SLEEP_SECS`], so a test that was killed
//! leaves nothing for long.

use std::mem::MaybeUninit;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::Sleeper;

/// The most processes one tree or group of this module may have.
pub const MAX_MEMBERS: usize = 5000;

/// How long building a tree may take before the test fails: thousands of
/// processes on a loaded machine. Not a timing assertion.
const BUILD_LIMIT: Duration = Duration::from_secs(60);

/// Calls `done` until it says yes; fails, naming `what`, after `limit`.
pub fn poll_within(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(
            Instant::now() < deadline,
            "gave up after {limit:?} waiting for {what}"
        );
        thread::sleep(Duration::from_millis(5));
    }
}

/// A process as `/proc/PID/stat` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub pid: i32,
    /// The state letter: `S`, `R`, `T`, `Z`...
    pub state: char,
    pub ppid: i32,
}

impl Member {
    /// Stopped: `T`, or `t` under a tracer.
    pub fn is_stopped(&self) -> bool {
        matches!(self.state, 'T' | 't')
    }

    /// Alive: not a zombie (nor dead).
    pub fn is_alive(&self) -> bool {
        !matches!(self.state, 'Z' | 'X')
    }
}

/// `/proc/PID/stat` of one process, `None` once it is gone.
pub fn member(pid: i32) -> Option<Member> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_stat(pid, &stat).map(|(member, _)| member)
}

/// The member and its process group, from a `stat` line.
fn parse_stat(pid: i32, stat: &str) -> Option<(Member, i32)> {
    // After the command name in parentheses: state, ppid, pgrp.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    let pgrp = fields.next()?.parse().ok()?;
    Some((Member { pid, state, ppid }, pgrp))
}

/// Every process of group `pgid`, zombies too, from `/proc`.
pub fn group_members(pgid: i32) -> Vec<Member> {
    let all = all_processes().into_iter();
    all.filter(|(_, group)| *group == pgid)
        .map(|(member, _)| member)
        .collect()
}

/// Every process in `/proc`, with its process group.
fn all_processes() -> Vec<(Member, i32)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("read /proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        // Gone meanwhile: not listed.
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        found.extend(parse_stat(pid, &stat));
    }
    found
}

/// The pids of group `pgid` that are stopped.
pub fn stopped_in_group(pgid: i32) -> Vec<i32> {
    let members = group_members(pgid).into_iter();
    members.filter(Member::is_stopped).map(|m| m.pid).collect()
}

/// How many processes of group `pgid` are alive.
pub fn alive_in_group(pgid: i32) -> usize {
    let members = group_members(pgid).into_iter();
    members.filter(Member::is_alive).count()
}

/// How many processes of the groups `pgids` are stopped, and how many
/// alive: one look at `/proc`.
pub fn stopped_and_alive_in(pgids: &[i32]) -> (usize, usize) {
    let all = all_processes().into_iter();
    let members: Vec<Member> = all
        .filter(|(_, group)| pgids.contains(group))
        .map(|(member, _)| member)
        .collect();
    (
        members.iter().filter(|m| m.is_stopped()).count(),
        members.iter().filter(|m| m.is_alive()).count(),
    )
}

/// Waits (up to 5 s: a sigsend that was killed may leave the resuming to
/// a process of its own) until no process of group `pgid` is stopped but
/// those in `allowed` (the ones the test stopped itself); fails naming
/// `what` and the first few stopped.
#[track_caller]
pub fn assert_none_stopped(pgid: i32, allowed: &[i32], what: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut stopped = stopped_in_group(pgid);
        stopped.retain(|pid| !allowed.contains(pid));
        if stopped.is_empty() {
            return;
        }
        if Instant::now() >= deadline {
            stopped.sort_unstable();
            panic!(
                "{what}: {} processes of group {pgid} left stopped, such as {:?}",
                stopped.len(),
                &stopped[..stopped.len().min(5)]
            );
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// Waits (up to 10 s) until no process of group `pgid` is alive.
pub fn wait_group_gone(pgid: i32) {
    poll_within(
        &format!("group {pgid} to be gone"),
        Duration::from_secs(10),
        || alive_in_group(pgid) == 0,
    );
}

/// What `waitid` says of a child of this test, without reaping it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildState {
    /// Neither ended nor stopped.
    Running,
    /// Stopped by this signal.
    Stopped(i32),
    /// Ended by this signal.
    Signaled(i32),
    /// Exited with this code.
    Exited(i32),
}

/// `waitid(P_PID, pid, WEXITED | WSTOPPED | WNOHANG | WNOWAIT)`: the child
/// stays waitable (a zombie stays a zombie, so its pid, and the group it
/// leads, stay this test's).
pub fn child_state(pid: i32) -> ChildState {
    let info = peek(pid, libc::WEXITED | libc::WSTOPPED)
        .unwrap_or_else(|| panic!("waitid: {}", std::io::Error::last_os_error()));
    // SAFETY: a zeroed or SIGCHLD siginfo_t has si_pid set (0 while the
    // child has nothing to report).
    if unsafe { info.si_pid() } == 0 {
        return ChildState::Running;
    }
    // SAFETY: a SIGCHLD siginfo_t has si_status: the signal, or for
    // CLD_EXITED the exit code.
    let status = unsafe { info.si_status() };
    match info.si_code {
        libc::CLD_EXITED => ChildState::Exited(status),
        libc::CLD_KILLED | libc::CLD_DUMPED => ChildState::Signaled(status),
        libc::CLD_STOPPED | libc::CLD_TRAPPED => ChildState::Stopped(status),
        code => panic!("waitid: unexpected si_code {code}"),
    }
}

/// `waitid(P_PID, pid, states | WNOHANG | WNOWAIT)`, which reaps nothing:
/// what it filled in (zeroed while there is nothing to report), or `None`
/// when it failed (`ECHILD`: not a child, or reaped already).
fn peek(pid: i32, states: libc::c_int) -> Option<libc::siginfo_t> {
    let id = libc::id_t::try_from(pid).ok()?;
    let mut info = MaybeUninit::<libc::siginfo_t>::zeroed();
    // SAFETY: waitid writes at most one siginfo_t into the zeroed buffer,
    // which is large enough; WNOWAIT leaves the child waitable, WNOHANG
    // keeps the call from blocking.
    let ret = unsafe {
        libc::waitid(
            libc::P_PID,
            id,
            info.as_mut_ptr(),
            states | libc::WNOHANG | libc::WNOWAIT,
        )
    };
    // SAFETY: the buffer was zeroed, and waitid either left it so or
    // filled in a SIGCHLD siginfo_t.
    (ret == 0).then(|| unsafe { info.assume_init() })
}

/// Waits (up to 10 s) until child `pid` has ended, without reaping it.
pub fn wait_child_end(pid: i32) -> ChildState {
    let mut state = ChildState::Running;
    poll_within(
        &format!("child {pid} to end"),
        Duration::from_secs(10),
        || {
            state = child_state(pid);
            matches!(state, ChildState::Signaled(_) | ChildState::Exited(_))
        },
    );
    state
}

/// Whether `pid`, a child of this test, has not been reaped yet (alive or
/// a zombie): only then is the group it leads this test's.
fn unreaped(pid: i32) -> bool {
    peek(pid, libc::WEXITED).is_some()
}

/// Kills group `pgid` while its leader, this test's child, is unreaped.
fn kill_group(pgid: i32) {
    if unreaped(pgid) {
        let _ = sigsend::os::killpg(pgid, sigsend::Signal::KILL.as_raw());
    }
}

/// A shell (or another program) that leads a new process group, with its
/// children. Dropping it kills the whole group, then reaps the shell. The
/// shell is never reaped before (see [`child_state`]).
pub struct ShellTree {
    shell: Sleeper,
}

/// How long the trees' sleeps run, in seconds: longer than any test that
/// uses them takes even on a loaded machine (a test of 100 interrupted
/// walks once took over 120 s, and its sleeps ended under it), short
/// enough that a test run killed before its drops leaves nothing for long.
pub const SLEEP_SECS: &str = "1200";

/// A shell script that starts `count` sleeps and waits for them.
fn sleeps_script(count: usize) -> String {
    format!("for i in $(seq {count}); do sleep {SLEEP_SECS} & done; wait")
}

impl ShellTree {
    /// A shell with `count` sleeping children, once all are up.
    pub fn sleeps(count: usize) -> ShellTree {
        ShellTree::start(&sleeps_script(count), count + 1)
    }

    /// `trees` shells, each in a group of its own with `count` sleeping
    /// children, started together; once all are up.
    pub fn many_sleeps(trees: usize, count: usize) -> Vec<ShellTree> {
        assert!(
            trees * (count + 1) <= MAX_MEMBERS,
            "more than {MAX_MEMBERS} processes"
        );
        let script = sleeps_script(count);
        let all: Vec<ShellTree> = (0..trees)
            .map(|_| {
                let mut cmd = Command::new("sh");
                cmd.args(["-c", &script]);
                ShellTree::spawn(cmd)
            })
            .collect();
        poll_within(
            &format!("{trees} trees of {} processes", count + 1),
            BUILD_LIMIT,
            || {
                let mut sizes = std::collections::HashMap::new();
                for (member, group) in all_processes() {
                    if member.is_alive() {
                        *sizes.entry(group).or_insert(0) += 1;
                    }
                }
                all.iter()
                    .all(|tree| sizes.get(&tree.pid()) == Some(&(count + 1)))
            },
        );
        all
    }

    /// `sh -c SCRIPT` in a new group, once the group has `members` live
    /// processes (the script must start no more than that).
    pub fn start(script: &str, members: usize) -> ShellTree {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", script]);
        ShellTree::start_command(cmd, members)
    }

    /// `cmd` (a shell or any program that starts a few children) in a new
    /// group, once the group has `members` live processes (it must start
    /// no more than that).
    pub fn start_command(cmd: Command, members: usize) -> ShellTree {
        assert!(members <= MAX_MEMBERS, "more than {MAX_MEMBERS} processes");
        let tree = ShellTree::spawn(cmd);
        let pgid = tree.pid();
        poll_within(
            &format!("group {pgid} to have {members} processes"),
            BUILD_LIMIT,
            || alive_in_group(pgid) == members,
        );
        tree
    }

    /// `cmd` in a new group, not waited for; its standard streams closed.
    pub fn spawn(mut cmd: Command) -> ShellTree {
        cmd.process_group(0);
        ShellTree {
            shell: Sleeper::run(cmd),
        }
    }

    /// The shell's pid, which is also the group's number.
    pub fn pid(&self) -> i32 {
        self.shell.pid()
    }

    /// The shell's pid as an operand.
    pub fn arg(&self) -> String {
        self.pid().to_string()
    }

    /// The shell's children (from `/proc`), sorted.
    pub fn children(&self) -> Vec<i32> {
        let pid = self.pid();
        let mut kids: Vec<i32> = group_members(pid)
            .into_iter()
            .filter(|m| m.ppid == pid && m.is_alive())
            .map(|m| m.pid)
            .collect();
        kids.sort_unstable();
        kids
    }
}

impl Drop for ShellTree {
    fn drop(&mut self) {
        // The shell is unreaped here: the Sleeper reaps it after this.
        kill_group(self.pid());
    }
}

/// `count` sleeping children of this test, all in one new process
/// group (the first leads it). Dropping it kills the group and reaps
/// every child.
pub struct SleepGroup {
    children: Vec<Child>,
}

impl SleepGroup {
    pub fn spawn(count: usize) -> SleepGroup {
        assert!(
            (1..=MAX_MEMBERS).contains(&count),
            "1 to {MAX_MEMBERS} processes"
        );
        let sleep = |pgid: i32| {
            Command::new("sleep")
                .arg(SLEEP_SECS)
                .process_group(pgid)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn sleep")
        };
        // The leader first (0: a new group); the others join its group,
        // started by two threads at once (a process takes a millisecond
        // or so to start here).
        let mut group = SleepGroup {
            children: vec![sleep(0)],
        };
        let pgid = group.pgid();
        let rest = count - 1;
        let (first, second) = thread::scope(|scope| {
            let half = scope.spawn(|| (0..rest / 2).map(|_| sleep(pgid)).collect::<Vec<_>>());
            let other: Vec<Child> = (rest / 2..rest).map(|_| sleep(pgid)).collect();
            (half.join().expect("spawn thread"), other)
        });
        group.children.extend(first);
        group.children.extend(second);
        group
    }

    /// The group's number: its leader's pid.
    pub fn pgid(&self) -> i32 {
        self.children[0].id() as i32
    }

    pub fn pids(&self) -> Vec<i32> {
        self.children.iter().map(|c| c.id() as i32).collect()
    }
}

impl Drop for SleepGroup {
    fn drop(&mut self) {
        kill_group(self.pgid());
        // The leader last: until it is reaped, the group is ours.
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
