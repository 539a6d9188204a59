//! [`kill_tree`]: one signal to a process and every descendant, with the
//! tree held still first so that no new process escapes, and its
//! [`TreeReport`]s.

use std::collections::{HashMap, HashSet};
use std::thread;
use std::time::{Duration, Instant};

use crate::descendants::below;
use crate::error::{Error, ErrorKind};
use crate::stop::Members;
use crate::{sys, Process, ProcessInfo, Signal, StartTime};

/// How long a tree walk waits for its members to be stopped before it
/// takes two quiet passes as enough (a member may be in an uninterruptible
/// sleep, or copying a large address space in `fork`).
const SETTLE: Duration = Duration::from_secs(1);

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
/// growing. Before each pass sigsend waits until every member is seen
/// stopped (its state: `/proc/PID/stat`, libproc, `kinfo_proc`): one that
/// was forking when SIGSTOP came stops only once the fork is done, so the
/// child is in the list, and one pass that finds nothing new ends the
/// walk. Where a state cannot be read, or a member is not stopped within a
/// second (an uninterruptible sleep), it takes two quiet passes in a row
/// instead. Then every
/// member gets `sig`, then SIGCONT, so that a handler of TERM, HUP or INT
/// runs (none follows KILL, which ends a stopped process as it is); when
/// `sig` is SIGSTOP itself, the tree stays stopped. A process that was
/// stopped before by someone else is continued too. Both go to children
/// before their parents: a parent that ended while a child in its process
/// group was still stopped would leave an orphaned group with a stopped
/// member, which the kernel sends SIGHUP, and the child would end by HUP
/// before its handler of `sig` ran.
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
/// listed. With a signal that can be blocked or caught, a process can
/// still start a child after the signal reached it: from its handler, or
/// because it had the signal blocked when it was stopped (glibc's
/// `posix_spawn` blocks every signal for the microseconds around its
/// `clone`); if its parent then ends, that child is an orphan. Nothing
/// escapes KILL, which cannot be blocked; a [`Stop`](crate::Stop) plan
/// over the tree ([`Stop::run_tree`](crate::Stop::run_tree)) whose last
/// step is KILL takes, at that step, every process forked since the step
/// before whose parent still runs.
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
    let mut trees = Trees::new(vec![root]);
    let delivery = trees.send(sig, None, &|_| false)?;
    // Nothing is passed over as done: every member has a result.
    let mut sent = delivery.sent.into_iter().flatten();
    if let Some(Err(err)) = sent.next() {
        return Err(err);
    }
    let members = trees.members().map(|(_, process)| process.pid()).skip(1);
    let reached = members.zip(sent).map(|(pid, result)| report(pid, result));
    let missed = delivery
        .missed
        .into_iter()
        .map(|missed| report(missed.pid, Err(missed.error)));
    Ok(std::iter::once(report(root.pid(), Ok(())))
        .chain(reached)
        .chain(missed)
        .collect())
}

/// The members of one or more process trees: the roots, then every
/// descendant found below them so far, each with the index of its root.
/// [`send`](Members::send) walks the trees again each time, so a process
/// forked since the last walk is taken too.
pub(crate) struct Trees<'a> {
    roots: Vec<&'a Process>,
    found: Vec<(usize, Process)>,
    /// Every process taken so far, by pid, with its start time (`None`
    /// for the roots: their pid is theirs): the members, and those that
    /// could not be held. One listed again is not new, even once it has
    /// ended and is no longer held (a zombie its parent has not reaped),
    /// unless its pid now names a process that started at another time.
    taken: HashMap<u32, Option<StartTime>>,
}

/// What [`Members::send`] did.
pub(crate) struct Delivery {
    /// For each member, in the order of [`Trees::members`]: the result of
    /// sending, `None` for a member passed over as done.
    pub(crate) sent: Vec<Option<Result<(), Error>>>,
    /// The processes found in the trees that could not be made members:
    /// gone before they were opened, or refused.
    pub(crate) missed: Vec<Missed>,
}

/// A process of a tree that [`Members::send`] could not reach.
pub(crate) struct Missed {
    /// The index of the root whose tree it is in.
    pub(crate) root: usize,
    /// Its pid.
    pub(crate) pid: u32,
    /// Why it was not reached.
    pub(crate) error: Error,
}

impl<'a> Trees<'a> {
    /// The trees below `roots`, none of their descendants known yet.
    pub(crate) fn new(roots: Vec<&'a Process>) -> Trees<'a> {
        let taken = roots.iter().map(|root| (root.pid(), None)).collect();
        Trees {
            roots,
            found: Vec::new(),
            taken,
        }
    }

    /// Every member with the index of its root: the roots in order, then
    /// the descendants in the order they were found.
    pub(crate) fn members(&self) -> impl Iterator<Item = (usize, &Process)> {
        let roots = self.roots.iter().copied().enumerate();
        roots.chain(self.found.iter().map(|(root, process)| (*root, process)))
    }

    /// Waits until every member in `held` has been seen to run none of
    /// its own code (stopped, or exited), or until `by`; whether all were
    /// (`None`: the OS cannot tell). Those seen are kept in `halted`.
    fn settle(
        &self,
        held: &HashMap<u32, usize>,
        halted: &mut HashSet<u32>,
        by: Instant,
    ) -> Option<bool> {
        let mut round = 0u32;
        loop {
            let mut all = true;
            for (_, process) in self.members() {
                let pid = process.pid();
                if held.contains_key(&pid) && !halted.contains(&pid) {
                    if process.handle().is_halted()? {
                        halted.insert(pid);
                    } else {
                        all = false;
                    }
                }
            }
            if all || Instant::now() >= by {
                return Some(all);
            }
            // Let the members that were just stopped get there; one that
            // takes longer (an uninterruptible sleep) is not spun on.
            if round < 16 {
                thread::yield_now();
            } else {
                thread::sleep(Duration::from_millis(1));
            }
            round = round.saturating_add(1);
        }
    }

    /// Walks the trees pass after pass from the members that `hold`
    /// reached (`Some(Ok)` in `sent`), and holds every new descendant (a
    /// new member, `Some(Ok)` in `sent`), until a pass finds nothing new
    /// once every member was seen stopped, or two passes in a row find
    /// nothing new; the processes found that could not be held.
    fn grow(
        &mut self,
        hold: &dyn Fn(&Process) -> Result<(), Error>,
        sent: &mut Vec<Option<Result<(), Error>>>,
    ) -> Result<Vec<Missed>, Error> {
        // The members known to be there, with their roots: the walk starts
        // from them. One that is gone is not walked from (its pid may be
        // another's now).
        let mut held: HashMap<u32, usize> = self
            .members()
            .zip(sent.iter())
            .filter(|(_, result)| matches!(result, Some(Ok(()))))
            .map(|((root, process), _)| (process.pid(), root))
            .collect();
        let mut missed: Vec<Missed> = Vec::new();
        // Nothing to walk from: nothing can be found.
        if held.is_empty() {
            return Ok(missed);
        }
        let mut quiet = 0;
        let mut halted = HashSet::new();
        let settle_by = Instant::now() + SETTLE;
        loop {
            // Before the list: a member seen stopped has finished any fork
            // it was making when SIGSTOP came, so the child is in the list.
            let settled = self.settle(&held, &mut halted, settle_by);
            let list = sys::lineage()?;
            let found = self.new_in(&list, &held);
            quiet = if found.is_empty() { quiet + 1 } else { 0 };
            for (root, info) in found {
                self.taken.insert(info.pid, info.start_time);
                match Process::open(info.pid).and_then(|p| hold(&p).map(|()| p)) {
                    Ok(process) => {
                        held.insert(info.pid, root);
                        self.found.push((root, process));
                        sent.push(Some(Ok(())));
                    }
                    Err(error) => missed.push(Missed {
                        root,
                        pid: info.pid,
                        error,
                    }),
                }
            }
            // Unless every member was seen stopped, a second quiet pass
            // gives a fork under way when its parent was stopped the time
            // to show.
            if quiet > 1 || (quiet > 0 && settled == Some(true)) {
                return Ok(missed);
            }
        }
    }

    /// The processes of `list` in the trees that were not taken yet, each
    /// with the index of its root: those of the group a held root leads
    /// (see [`strays`]), and the descendants of every held member and of
    /// those.
    fn new_in(
        &self,
        list: &[ProcessInfo],
        held: &HashMap<u32, usize>,
    ) -> Vec<(usize, ProcessInfo)> {
        let mut owner = held.clone();
        let mut found = Vec::new();
        for (index, root) in self.roots.iter().enumerate() {
            if held.contains_key(&root.pid()) {
                for info in strays(list, held, root.pid()) {
                    owner.insert(info.pid, index);
                    found.push((index, info));
                }
            }
        }
        let starts: HashSet<u32> = owner.keys().copied().collect();
        for info in below(list, &starts) {
            // Parents come before their children: the owner is known.
            let root = owner.get(&info.ppid).copied().unwrap_or_default();
            owner.insert(info.pid, root);
            found.push((root, info));
        }
        found.retain(|(_, info)| {
            let start = self.taken.get(&info.pid);
            !start.is_some_and(|start| start.is_none() || *start == info.start_time)
        });
        found
    }
}

impl Members for Trees<'_> {
    fn handles(&self) -> Vec<&sys::Handle> {
        self.members()
            .map(|(_, process)| process.handle())
            .collect()
    }

    /// Sends `sig` (carrying `value`, if any) to every member but those
    /// that are `done` (by index in [`members`](Trees::members)), and to
    /// every descendant of them, which becomes a member; as
    /// [`kill_tree`] describes: on POSIX the trees are first held still
    /// with SIGSTOP and walked until nothing new is found, then signalled
    /// and continued (unless `sig` is SIGSTOP or KILL); on Windows each
    /// process gets `sig` as soon as it is found.
    fn send(
        &mut self,
        sig: Signal,
        value: Option<i32>,
        done: &dyn Fn(usize) -> bool,
    ) -> Result<Delivery, Error> {
        let hold = |process: &Process| match sys::FREEZE {
            Some((stop, _)) => process.signal(stop),
            None => process.handle().send(sig, value),
        };
        let mut sent: Vec<Option<Result<(), Error>>> = self
            .members()
            .enumerate()
            .map(|(index, (_, process))| (!done(index)).then(|| hold(process)))
            .collect();
        let missed = self.grow(&hold, &mut sent)?;
        if let Some((stop, resume)) = sys::FREEZE {
            // Children before their parents (members are listed parents
            // first): a parent that ends while a child of its group is
            // still stopped would leave an orphaned group with a stopped
            // member, which the kernel sends SIGHUP (POSIX.1 job control),
            // and the child would end by HUP rather than by `sig`.
            let members: Vec<&Process> = self.members().map(|(_, process)| process).collect();
            for (result, process) in sent.iter_mut().zip(&members).rev() {
                if result.is_some() {
                    *result = Some(process.handle().send(sig, value));
                }
            }
            // A tree asked to stop stays stopped; one sent KILL ends
            // stopped as it is.
            let resumed = sig != stop && sig != Signal::KILL;
            for (result, process) in sent.iter().zip(members).rev().filter(|_| resumed) {
                if result.is_some() {
                    // One that is gone needs no resuming; any other failure
                    // was reported with the signal.
                    let _ = process.signal(resume);
                }
            }
        }
        Ok(Delivery { sent, missed })
    }
}

/// The processes of `list` in the group the root leads (whose number is the
/// root's pid: only the root can lead it) that are not in `pids` yet and
/// started no earlier than the root: orphans whose parent exited before
/// the walk reached them.
fn strays(list: &[ProcessInfo], pids: &HashMap<u32, usize>, root: u32) -> Vec<ProcessInfo> {
    let root_start = list
        .iter()
        .find(|info| info.pid == root)
        .and_then(|info| info.start_time);
    list.iter()
        .filter(|info| info.group == Some(root) && !pids.contains_key(&info.pid))
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
