//! [`kill_tree`]: one signal to a process and every descendant, with the
//! tree held still first so that no new process escapes, and its
//! [`TreeReport`]s.

use std::collections::HashSet;

use crate::descendants::below;
use crate::error::{Error, ErrorKind};
use crate::{sys, Process, ProcessInfo, Signal};

/// What [`kill_tree`] did to one process of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TreeOutcome {
    /// The signal was sent.
    Signaled,
    /// The process was gone before the signal reached it (it exited, or
    /// could not be opened any more).
    Gone,
    /// Sending failed otherwise (for example
    /// [`PermissionDenied`](ErrorKind::PermissionDenied)).
    Failed(Error),
}

/// One process of the tree and what [`kill_tree`] did to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeReport {
    /// The process id.
    pub pid: u32,
    /// What happened to it.
    pub outcome: TreeOutcome,
}

/// Sends `sig` to `root` and to every descendant of it, so that none
/// escapes by forking meanwhile; every process is signalled through a
/// [`Process`] handle, never by its pid alone. The root comes first in the
/// reports, then the others in the order they were found.
///
/// On POSIX the tree is held still first: `root` gets SIGSTOP, then, pass
/// after pass, the system's processes are listed and every descendant of a
/// stopped process not yet stopped is opened and stopped (one that cannot
/// be opened is gone). A stopped process cannot fork, so the set stops
/// growing: when two passes in a row find no new process (the second one
/// for a fork that was under way when its parent's SIGSTOP was sent), every
/// member gets `sig`, then SIGCONT, so that a handler of TERM, HUP or INT
/// runs (after KILL it changes nothing); when `sig` is SIGSTOP itself, the
/// tree stays stopped. A process that was stopped before by someone else is
/// continued too.
///
/// On Windows nothing holds a process still: each pass ends every new
/// descendant at once (`TerminateProcess`, see [`Signal`]) until two
/// passes find nothing new; a child's parent pid stays recorded after its
/// parent has ended, so the walk still finds it.
///
/// A process whose parent exited before the walk reached it (an orphan,
/// reparented to init or a subreaper) is no descendant any more. When the
/// root leads a process group of its own (a [`Group`](crate::Group)'s
/// leader, or a child started with `process_group(0)`), every process of
/// that group is taken too (and its descendants), so such orphans are
/// found as long as they stay in the group.
///
/// Not covered: an orphan that left the root's group (`setsid`,
/// `setpgid`), or whose root leads no group, and on Windows (no such
/// groups) any orphan; a pid that is reused between the list and the
/// opening of its handle (microseconds) would be taken for the process
/// listed.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use sigsend::{Exit, Process, Signal, TreeOutcome};
///
/// // A shell with a child of its own.
/// let mut shell = Command::new("sh").args(["-c", "sleep 10 & wait"]).spawn()?;
/// let root = Process::from_child(&shell)?;
/// # while sigsend::descendants(root.pid())?.is_empty() { std::thread::yield_now(); }
/// let reports = sigsend::kill_tree(&root, Signal::KILL)?;
/// assert_eq!(reports.len(), 2);
/// assert!(reports.iter().all(|r| r.outcome == TreeOutcome::Signaled));
/// assert_eq!(root.wait()?, Exit::Signaled(Signal::KILL));
/// # shell.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When the root cannot be signalled (it is gone:
/// [`NoSuchProcess`](ErrorKind::NoSuchProcess)), or the processes cannot be
/// listed.
pub fn kill_tree(root: &Process, sig: Signal) -> Result<Vec<TreeReport>, Error> {
    let first = sys::FREEZE.map_or(sig, |(stop, _)| stop);
    root.signal(first)?;
    let mut pids = HashSet::from([root.pid()]);
    let mut members: Vec<Process> = Vec::new();
    let mut reports = Vec::new();
    let mut quiet = 0;
    while quiet < 2 {
        let list = sys::lineage()?;
        let mut found = strays(&list, &pids, root.pid());
        let mut roots = pids.clone();
        roots.extend(found.iter().map(|info| info.pid));
        found.extend(below(&list, &roots));
        quiet = if found.is_empty() { quiet + 1 } else { 0 };
        for info in found {
            pids.insert(info.pid);
            match Process::open(info.pid).and_then(|p| p.signal(first).map(|()| p)) {
                Ok(process) => members.push(process),
                Err(err) => reports.push(report(info.pid, Err(err))),
            }
        }
    }
    let Some((stop, resume)) = sys::FREEZE else {
        let sent = std::iter::once(root)
            .chain(&members)
            .map(|p| report(p.pid(), Ok(())));
        return Ok(sent.chain(reports).collect());
    };
    let everyone: Vec<&Process> = std::iter::once(root).chain(&members).collect();
    let sent: Vec<TreeReport> = everyone
        .iter()
        .map(|p| report(p.pid(), p.signal(sig)))
        .collect();
    // A tree asked to stop stays stopped.
    for process in everyone.into_iter().filter(|_| sig != stop) {
        // One that is gone needs no resuming; any other failure was
        // reported with the signal.
        let _ = process.signal(resume);
    }
    Ok(sent.into_iter().chain(reports).collect())
}

/// The processes of `list` in the group the root leads (whose number is the
/// root's pid: only the root can lead it) that are not in `pids` yet and
/// started no earlier than the root: orphans whose parent exited before
/// the walk reached them.
fn strays(list: &[ProcessInfo], pids: &HashSet<u32>, root: u32) -> Vec<ProcessInfo> {
    let root_start = list
        .iter()
        .find(|info| info.pid == root)
        .and_then(|info| info.start_time);
    list.iter()
        .filter(|info| info.group == Some(root) && !pids.contains(&info.pid))
        .filter(|info| match (root_start, info.start_time) {
            (Some(root), Some(start)) => start >= root,
            _ => true,
        })
        .cloned()
        .collect()
}

fn report(pid: u32, sent: Result<(), Error>) -> TreeReport {
    let outcome = match sent {
        Ok(()) => TreeOutcome::Signaled,
        Err(err) if err.kind() == ErrorKind::NoSuchProcess => TreeOutcome::Gone,
        Err(err) => TreeOutcome::Failed(err),
    };
    TreeReport { pid, outcome }
}
