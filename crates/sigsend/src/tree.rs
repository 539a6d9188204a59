//! [`kill_tree`]: one signal to a process and every descendant, with the
//! tree held still first so that no new process escapes, and its
//! [`TreeReport`]s.

use std::collections::{HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::thread;
use std::time::{Duration, Instant};

use crate::descendants::below;
use crate::error::{Error, ErrorKind};
use crate::members::{Delivery, Members, Missed, Sent};
use crate::sys::RunState;
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
    /// Left out: [`kill_trees_where`]'s `wanted` did not accept it (its
    /// descendants were walked all the same).
    Skipped,
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
/// stopped, every thread of it (`/proc/PID/task/*/stat`, libproc,
/// `kinfo_proc`): a thread that was forking when SIGSTOP came stops only
/// once the fork is done, so the child is in the list, and one pass that
/// finds nothing new ends the walk. Where a state cannot be read, or a
/// member is not stopped within a second (an uninterruptible sleep), it
/// takes two quiet passes in a row instead. On Linux a pass reads only the
/// members' files where the kernel keeps each thread's list of children
/// (`/proc/PID/task/TID/children`): a member is read again only until it
/// is seen stopped, so the walk's reads grow with the tree, not with the
/// system (the whole list is read once at the end when the root leads a
/// process group, for the orphans described below). Then every member gets `sig`,
/// then SIGCONT, so that a handler of TERM, HUP or INT runs (none follows
/// KILL, which ends a stopped process as it is); when `sig` is SIGSTOP
/// itself, the tree stays stopped. A stop signal that SIGCONT would
/// discard (TSTP, TTIN, TTOU) is sent right after that process's own
/// SIGCONT, so that it takes effect. Both go to children before their
/// parents: a parent that ended while a child in its process group was
/// still stopped would leave an orphaned group with a stopped member,
/// which the kernel sends SIGHUP, and the child would end by HUP before
/// its handler of `sig` ran. The null signal ([`Signal::NULL`]) holds
/// nothing: it probes each process as the walk finds it.
///
/// # Nothing stays stopped
/// The run state a user chose is kept: a process found stopped (by its
/// user's SIGSTOP or Ctrl+Z) is not stopped again nor resumed; it gets
/// `sig` alone, as `kill(2)` would leave it: KILL ends it, CONT resumes
/// it, any other signal waits until it is resumed. (On Linux a process
/// under a tracer, a debugger or `strace`, shows its user's stop as the
/// tracer's, `t`, which the tracer ends on its own: it is stopped and
/// resumed as a running one.) Every process the walk
/// stopped is resumed before `kill_tree` returns, whatever happens: an
/// error of the walk (a `/proc` read, descriptors, memory) or a panic
/// resumes them before it is returned. Further:
/// - HUP, INT, QUIT and TERM sent to the caller while the tree is held are
///   blocked in the calling thread and delivered once it is resumed (in a
///   program of many threads, one that does not block them may take them
///   at once; the walk itself goes on).
/// - Walks serialise on a lock (`flock` on `/tmp/.sigsend-tree.lock`, for
///   every user): two at once over the same processes neither take each
///   other's SIGSTOP for a user's nor leave anything stopped. A walk that
///   waited 2 s for the lock (its holder was stopped by its user) goes on
///   without it.
/// - On Linux a guardian process, forked for the walk and told of every
///   process before it is stopped, resumes them should the caller die
///   during the walk (SIGKILL, a crash); see the `sys::linux::guardian`
///   source for what it covers. Where it cannot be started (the process
///   limit is reached, as when the tree is a fork bomb) or was killed too,
///   the walk goes on without it. Elsewhere an abrupt death of the caller
///   while the tree is held leaves it stopped.
/// - The caller itself (and its guardian) is never a member: a walk from
///   an ancestor of the caller holds the others and signals them.
/// - A walk that cannot see fails: a `/proc` that is not this pid
///   namespace's, or a member that runs but is missing from the list, is
///   an error (after the resume), never a smaller tree.
///
/// No descriptor limit stops it: near the limit a member is held by its
/// pid and start time rather than a pidfd (see
/// [`raise_fd_limit`](crate::raise_fd_limit)).
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
/// let mut shell = Command::new("sh").args(["-c", "sleep 60 & wait"]).spawn()?;
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
/// [`NoSuchProcess`](ErrorKind::NoSuchProcess)), the processes cannot be
/// listed, or `root` is the calling process
/// ([`InvalidInput`](ErrorKind::InvalidInput)); every process stopped is
/// resumed first.
pub fn kill_tree(root: &Process, sig: Signal) -> Result<Vec<TreeReport>, Error> {
    let mut trees = Trees::new(vec![root]);
    let delivery = trees.send_where(sig, None, &|_| false, &|_| true)?;
    // The root's own failure is the call's.
    if let Some(Some(Err(err))) = delivery.sent.first() {
        return Err(err.clone());
    }
    Ok(trees.reports(delivery).remove(0))
}

/// Sends `sig` to every process of the trees below `roots` in one walk,
/// as [`kill_tree`] does for one: a process in two of the trees gets the
/// signal once. It is reported in the first tree that found it, but a root
/// that is another's descendant in its own, and a root given twice in each
/// (with the outcome of the first). One list of reports per root, in
/// order, the root's first; a root that could not be signalled is
/// reported as such, and its tree is not walked.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use sigsend::{Process, Signal, TreeOutcome};
///
/// let mut shell = Command::new("sh").args(["-c", "sleep 60 & wait"]).spawn()?;
/// let root = Process::from_child(&shell)?;
/// # while sigsend::descendants(root.pid())?.is_empty() { std::thread::yield_now(); }
/// let child = Process::open(sigsend::descendants(root.pid())?[0].pid())?;
/// // The child is in both trees: it is signalled once, as a root.
/// let trees = sigsend::kill_trees([&root, &child], Signal::KILL)?;
/// assert_eq!(trees[0].len(), 1);
/// assert_eq!(trees[1].len(), 1);
/// assert!(trees.iter().flatten().all(|r| r.outcome == TreeOutcome::Signaled));
/// # shell.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When the processes cannot be listed (see [`kill_tree`]), or a root is
/// the calling process ([`InvalidInput`](ErrorKind::InvalidInput)).
pub fn kill_trees<'a>(
    roots: impl IntoIterator<Item = &'a Process>,
    sig: Signal,
) -> Result<Vec<Vec<TreeReport>>, Error> {
    kill_trees_where(roots, sig, |_| true)
}

/// [`kill_trees`], where only the processes that `wanted` accepts get the
/// signal; the others are reported [`Skipped`](TreeOutcome::Skipped)
/// (`sigsend -r` leaves out those that do not catch it). The trees are
/// walked whole all the same: a child of a process left out is still
/// found. `wanted` is asked while the trees are held still; should it
/// panic, every process is resumed first.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use sigsend::{Process, Signal, TreeOutcome};
///
/// let mut shell = Command::new("sh").args(["-c", "sleep 60 & wait"]).spawn()?;
/// let root = Process::from_child(&shell)?;
/// # while sigsend::descendants(root.pid())?.is_empty() { std::thread::yield_now(); }
/// // Only the root.
/// let pid = root.pid();
/// let trees = sigsend::kill_trees_where([&root], Signal::KILL, |p| p.pid() == pid)?;
/// assert_eq!(trees[0][0].outcome, TreeOutcome::Signaled);
/// assert_eq!(trees[0][1].outcome, TreeOutcome::Skipped);
/// # let child = trees[0][1].pid;
/// # shell.wait()?;
/// # sigsend::os::kill(child as i32, 9)?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`kill_trees`].
pub fn kill_trees_where<'a>(
    roots: impl IntoIterator<Item = &'a Process>,
    sig: Signal,
    wanted: impl Fn(&Process) -> bool,
) -> Result<Vec<Vec<TreeReport>>, Error> {
    let mut trees = Trees::new(roots.into_iter().collect());
    let delivery = trees.send_where(sig, None, &|_| false, &wanted)?;
    Ok(trees.reports(delivery))
}

/// The members of one or more process trees: the roots, then every
/// descendant found below them so far, each with the index of its root.
/// [`send`](Members::send) walks the trees again each time, so a process
/// forked since the last walk is taken too.
pub(crate) struct Trees<'a> {
    roots: Vec<&'a Process>,
    /// The members that [`Members::send`] signals; the others are walked
    /// and passed over.
    wanted: &'a dyn Fn(&Process) -> bool,
    found: Vec<(usize, Process)>,
    /// Every process taken so far, by pid, with its start time (`None`
    /// for the roots: their pid is theirs): the members, and those that
    /// could not be held. One listed again is not new, even once it has
    /// ended and is no longer held (a zombie its parent has not reaped),
    /// unless its pid now names a process that started at another time.
    taken: HashMap<u32, Option<StartTime>>,
}

/// The state of one walk: for each member (in the order of
/// [`Trees::members`]), what happened to it, and whether this walk stopped
/// it and so must resume it; the members walked from.
#[derive(Default)]
struct Walk {
    sent: Vec<Sent>,
    /// Stopped by this walk and not resumed yet.
    held: Vec<bool>,
    /// The members known to be there (stopped, or signalled), with their
    /// roots: the walk goes on from them. One that is gone is not walked
    /// from (its pid may be another's now).
    from: HashMap<u32, usize>,
    missed: Vec<Missed>,
}

impl Walk {
    fn push(&mut self, root: usize, pid: u32, sent: Sent, held: bool) {
        if matches!(sent, Some(Ok(()))) {
            self.from.insert(pid, root);
        }
        self.sent.push(sent);
        self.held.push(held);
    }
}

/// What the passes of a walk over the children lists keep (see
/// [`Trees::near`]).
#[derive(Default)]
struct Near {
    /// The members whose children were read once they were seen stopped.
    read: HashSet<u32>,
    /// The members seen exited (or gone).
    exited: HashSet<u32>,
    /// A root leads its process group: its strays must be looked for.
    leads: bool,
}

impl Near {
    /// A process of the trees is gone: its children went to init or to a
    /// subreaper, which may be a member, so every member is read again.
    fn lost(&mut self) {
        self.read.clear();
    }
}

/// A process found by a pass of the walk: its root, what the list says of
/// it, and its handle.
type Found = (usize, ProcessInfo, Process);

/// What a walk does with each pass's new processes (see [`Trees::grow`]).
type Take<'t, 'a> = dyn FnMut(&mut Trees<'a>, &mut Walk, Vec<Found>) -> Result<(), Error> + 't;

impl<'a> Trees<'a> {
    /// The trees below `roots`, none of their descendants known yet.
    pub(crate) fn new(roots: Vec<&'a Process>) -> Trees<'a> {
        let taken = roots.iter().map(|root| (root.pid(), None)).collect();
        Trees {
            roots,
            wanted: &|_| true,
            found: Vec::new(),
            taken,
        }
    }

    /// The same trees, of whose members [`Members::send`] signals only
    /// those `wanted` accepts.
    pub(crate) fn only(self, wanted: &'a dyn Fn(&Process) -> bool) -> Trees<'a> {
        Trees { wanted, ..self }
    }

    /// Every member with the index of its root: the roots in order, then
    /// the descendants in the order they were found.
    pub(crate) fn members(&self) -> impl Iterator<Item = (usize, &Process)> {
        let roots = self.roots.iter().copied().enumerate();
        roots.chain(self.found.iter().map(|(root, process)| (*root, process)))
    }

    /// One list of reports per root: its members in order, then those
    /// that could not be reached.
    fn reports(&self, delivery: Delivery) -> Vec<Vec<TreeReport>> {
        let mut reports: Vec<Vec<TreeReport>> = vec![Vec::new(); self.roots.len()];
        for (index, ((root, process), sent)) in self.members().zip(delivery.sent).enumerate() {
            let outcome = match sent {
                Some(result) => outcome(result),
                // A root given again is reported as the first time.
                None if index < self.roots.len() => reports
                    .iter()
                    .flatten()
                    .find(|report| report.pid == process.pid())
                    .map_or(TreeOutcome::Skipped, |first| first.outcome.clone()),
                None => TreeOutcome::Skipped,
            };
            reports[root].push(TreeReport {
                pid: process.pid(),
                outcome,
            });
        }
        for missed in delivery.missed {
            reports[missed.root].push(TreeReport {
                pid: missed.pid,
                outcome: outcome(Err(missed.error)),
            });
        }
        reports
    }

    /// Every member with its root, and whether a send is due to it: not
    /// when it is `done`, nor when it is a root given again (its pid came
    /// before).
    fn to_send(&self, done: &dyn Fn(usize) -> bool) -> Vec<(usize, &Process, bool)> {
        let mut seen = HashSet::new();
        self.members()
            .enumerate()
            .map(|(index, (root, process))| {
                let first = seen.insert(process.pid());
                (root, process, first && !done(index))
            })
            .collect()
    }

    /// [`Members::send`] to the members `wanted` accepts (the others are
    /// walked, and passed over: `None`).
    fn send_where(
        &mut self,
        sig: Signal,
        value: Option<i32>,
        done: &dyn Fn(usize) -> bool,
        wanted: &dyn Fn(&Process) -> bool,
    ) -> Result<Delivery, Error> {
        let caller = std::process::id();
        if self.roots.iter().any(|root| root.pid() == caller) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "process {caller} is the caller itself: a tree walk cannot hold its own \
                     process still; signal it directly, or its children's trees"
                ),
            ));
        }
        let walk = match sys::FREEZE_SIGNALS {
            Some(freeze) if sig != Signal::NULL => self.frozen(freeze, sig, value, done, wanted)?,
            _ => self.as_found(sig, value, done, wanted)?,
        };
        Ok(Delivery {
            sent: walk.sent,
            missed: walk.missed,
        })
    }

    /// The walk without holding anything (Windows, and the null signal,
    /// which must change nothing): each member gets `sig` as it is found,
    /// until two passes in a row find nothing new.
    fn as_found(
        &mut self,
        sig: Signal,
        value: Option<i32>,
        done: &dyn Fn(usize) -> bool,
        wanted: &dyn Fn(&Process) -> bool,
    ) -> Result<Walk, Error> {
        let send = |process: &Process| wanted(process).then(|| process.handle().send(sig, value));
        let mut walk = Walk::default();
        for (root, process, due) in self.to_send(done) {
            let sent = if due { send(process) } else { None };
            let passed = due && sent.is_none();
            walk.push(root, process.pid(), sent, false);
            // Not wanted, but there: its children are walked all the same.
            if passed {
                walk.from.insert(process.pid(), root);
            }
        }
        let spared = [std::process::id()];
        self.grow(&mut walk, &spared, false, &mut |trees, walk, found| {
            for (root, _, process) in found {
                let pid = process.pid();
                match send(&process) {
                    Some(Err(error)) => walk.missed.push(Missed { root, pid, error }),
                    sent => {
                        let passed = sent.is_none();
                        walk.push(root, pid, sent, false);
                        if passed {
                            walk.from.insert(pid, root);
                        }
                        trees.found.push((root, process));
                    }
                }
            }
            Ok(())
        })?;
        Ok(walk)
    }

    /// The walk that holds the trees still (POSIX): see [`kill_tree`].
    /// Whatever happens (an error, a panic of `wanted`), every process it
    /// stopped is resumed before it returns, unless `sig` itself leaves it
    /// stopped or ended.
    fn frozen(
        &mut self,
        freeze: sys::FreezeSignals,
        sig: Signal,
        value: Option<i32>,
        done: &dyn Fn(usize) -> bool,
        wanted: &dyn Fn(&Process) -> bool,
    ) -> Result<Walk, Error> {
        let mut window = sys::Window::open()?;
        let mut walk = Walk::default();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            self.hold(freeze, &mut window, done, &mut walk)?;
            self.deliver(freeze, sig, value, wanted, &mut walk);
            Ok(())
        }));
        // Children before their parents (members are listed parents
        // first): a parent that ends while a child of its group is still
        // stopped would leave an orphaned group with a stopped member,
        // which the kernel sends SIGHUP (POSIX.1 job control), and the
        // child would end by HUP rather than by `sig`.
        let members: Vec<&Process> = self.members().map(|(_, process)| process).collect();
        for (held, process) in walk.held.iter_mut().zip(members).rev() {
            if std::mem::take(held) {
                // One that is gone needs no resuming.
                let _ = process.signal(freeze.resume);
            }
        }
        // The window closes as this returns: the guardian released, then
        // any deferred termination signal delivered.
        match result {
            Ok(Ok(())) => Ok(walk),
            Ok(Err(err)) => Err(err),
            Err(panic) => panic::resume_unwind(panic),
        }
    }

    /// Stops every member that is not `done` and every descendant of
    /// them, telling the window's guardian of each first; a member found
    /// stopped already (by its user) is left as it is.
    fn hold(
        &mut self,
        freeze: sys::FreezeSignals,
        window: &mut sys::Window,
        done: &dyn Fn(usize) -> bool,
        walk: &mut Walk,
    ) -> Result<(), Error> {
        let spared = window.spared();
        // Those found stopped are left so; the guardian is told of the
        // others before they are stopped.
        let members: Vec<(usize, &Process, bool, bool)> = self
            .to_send(done)
            .into_iter()
            .map(|(root, process, due)| {
                let stopped = due && process.handle().run_state() == Some(RunState::Stopped);
                (root, process, due, stopped)
            })
            .collect();
        let watched: Vec<(u32, u64)> = members
            .iter()
            .filter(|(_, _, due, stopped)| *due && !stopped)
            .map(|(_, process, _, _)| (process.pid(), process.handle().start_time().unwrap_or(0)))
            .collect();
        window.watch(&watched);
        for (root, process, due, stopped) in members {
            let pid = process.pid();
            match (due, stopped) {
                (false, _) => walk.push(root, pid, None, false),
                (true, true) => walk.push(root, pid, Some(Ok(())), false),
                (true, false) => {
                    let result = process.signal(freeze.stop);
                    let held = result.is_ok();
                    walk.push(root, pid, Some(result), held);
                }
            }
        }
        self.grow(walk, &spared, true, &mut |trees, walk, found| {
            let watched: Vec<(u32, u64)> = found
                .iter()
                .filter(|(_, info, _)| info.stopped != Some(true))
                .map(|(_, info, process)| {
                    (process.pid(), info.start_time.map_or(0, |start| start.0))
                })
                .collect();
            window.watch(&watched);
            for (root, info, process) in found {
                let pid = process.pid();
                if info.stopped == Some(true) {
                    walk.push(root, pid, Some(Ok(())), false);
                    trees.found.push((root, process));
                    continue;
                }
                match process.signal(freeze.stop) {
                    Ok(()) => {
                        walk.push(root, pid, Some(Ok(())), true);
                        trees.found.push((root, process));
                    }
                    Err(error) => walk.missed.push(Missed { root, pid, error }),
                }
            }
            Ok(())
        })
    }

    /// Sends `sig` to every member held (children first), so that it takes
    /// effect: to one this walk stopped, `sig` and then (in [`frozen`])
    /// the resume, but a stop signal that the resume would discard goes
    /// after its own resume, and KILL (which ends a stopped process) and
    /// STOP need none; to one found stopped, `sig` alone, as `kill(2)`
    /// would leave it (KILL ends it, CONT resumes it, others wait).
    ///
    /// [`frozen`]: Trees::frozen
    fn deliver(
        &self,
        freeze: sys::FreezeSignals,
        sig: Signal,
        value: Option<i32>,
        wanted: &dyn Fn(&Process) -> bool,
        walk: &mut Walk,
    ) {
        let members: Vec<&Process> = self.members().map(|(_, process)| process).collect();
        let slots = walk.sent.iter_mut().zip(walk.held.iter_mut());
        for ((sent, held), process) in slots.zip(members).rev() {
            if !matches!(sent, Some(Ok(()))) {
                continue;
            }
            if !wanted(process) {
                *sent = None;
                continue;
            }
            let send = || process.handle().send(sig, value);
            let result = if !*held {
                send()
            } else if freeze.cancelled.contains(&sig) {
                let resumed = process.signal(freeze.resume);
                *held = resumed.is_err();
                resumed.and_then(|()| send())
            } else {
                let result = send();
                if result.is_ok()
                    && (sig == Signal::KILL || sig == freeze.stop || sig == freeze.resume)
                {
                    *held = false;
                }
                result
            };
            *sent = Some(result);
        }
    }

    /// Walks the trees pass after pass from the members in `walk.from`,
    /// handing each pass's new descendants (opened, not `spared`) to
    /// `take`, until a pass finds nothing new once every member was seen
    /// stopped (`frozen`), or two passes in a row find nothing new.
    ///
    /// Where the kernel keeps children lists, a pass reads those of the
    /// members (see [`near`](Trees::near)), not every process; when a root
    /// leads its group, the walk ends only after a pass that lists every
    /// other process finds no stray either.
    fn grow(
        &mut self,
        walk: &mut Walk,
        spared: &[u32],
        frozen: bool,
        take: &mut Take<'_, 'a>,
    ) -> Result<(), Error> {
        // Nothing to walk from: nothing can be found.
        if walk.from.is_empty() {
            return Ok(());
        }
        let mut lists = sys::ChildLists::open();
        let mut near = Near::default();
        let mut scan = lists.is_none();
        let mut quiet = 0;
        // The quiet passes since every member's children were last read.
        let mut confirmed = false;
        let mut halted = HashSet::new();
        let settle_by = Instant::now() + SETTLE;
        loop {
            let mut looks = HashMap::new();
            // Before the list: a member seen stopped has finished any fork
            // it was making when SIGSTOP came, so the child is in the list.
            let settled = if frozen {
                let mut state = |process: &Process| match &mut lists {
                    Some(lists) if !scan => {
                        let look = lists.look(process.pid(), false).ok()??;
                        let state = look.state;
                        looks.insert(process.pid(), look);
                        Some(state)
                    }
                    _ => process.handle().run_state(),
                };
                self.settle(&walk.from, &mut halted, settle_by, &mut state)
            } else {
                None
            };
            let list = match &mut lists {
                Some(lists) if !scan => self.near(lists, &walk.from, looks, &mut near, frozen)?,
                // The members' own entries are not needed, but the roots'
                // start times are (see `strays`).
                Some(lists) => lists.others(&|pid| {
                    walk.from.contains_key(&pid) && self.roots.iter().all(|r| r.pid() != pid)
                })?,
                None => {
                    let list = crate::processes_with(crate::Fields::START_TIME)?;
                    if frozen {
                        self.check_seen(&list, &walk.from)?;
                    }
                    list
                }
            };
            let new = self.newcomers(&list, &walk.from);
            if new.is_empty() {
                quiet += 1;
            } else {
                quiet = 0;
                confirmed = false;
            }
            let missed = walk.missed.len();
            let mut found = Vec::new();
            for (root, info) in new {
                self.taken.insert(info.pid, info.start_time);
                if spared.contains(&info.pid) {
                    continue;
                }
                match Process::open(info.pid) {
                    Ok(process) => found.push((root, info, process)),
                    Err(error) => walk.missed.push(Missed {
                        root,
                        pid: info.pid,
                        error,
                    }),
                }
            }
            take(self, walk, found)?;
            if walk.missed.len() > missed {
                near.lost();
            }
            // Unless every member was seen stopped, a second quiet pass
            // gives a fork under way when its parent was stopped the time
            // to show.
            let ends = quiet > 1 || (quiet > 0 && settled == Some(true));
            // Before the walk ends, every member's children are read once
            // more: one that somebody else resumed (SIGCONT) after its
            // children were read may have forked since.
            if ends && !confirmed && !near.read.is_empty() {
                near.read.clear();
                confirmed = true;
                continue;
            }
            if ends && (scan || !near.leads) {
                return Ok(());
            }
            scan = lists.is_none() || ends;
        }
    }

    /// The members in `from` and their children, from the kernel's
    /// children lists: each member's `look` (from [`settle`], else read
    /// now), then each child not a member yet. A member whose children
    /// were read once it was seen stopped (`frozen`: held) is not read
    /// again, until one of the trees' processes is found gone (its
    /// children went to a subreaper, maybe a member) or the walk is about
    /// to end (see [`grow`](Trees::grow)).
    ///
    /// [`settle`]: Trees::settle
    fn near(
        &self,
        lists: &mut sys::ChildLists,
        from: &HashMap<u32, usize>,
        mut looks: HashMap<u32, sys::Look>,
        near: &mut Near,
        frozen: bool,
    ) -> Result<Vec<ProcessInfo>, Error> {
        let mut list = Vec::new();
        let mut lost = false;
        for (_, process) in self.members() {
            let pid = process.pid();
            if !from.contains_key(&pid) || near.read.contains(&pid) || near.exited.contains(&pid) {
                continue;
            }
            let look = match looks.remove(&pid) {
                Some(look) if look.children.is_some() => Some(look),
                _ => lists.look(pid, true)?,
            };
            let Some(sys::Look {
                info,
                state,
                children,
            }) = look.filter(|look| look.state != RunState::Exited)
            else {
                lost |= near.exited.insert(pid);
                continue;
            };
            if self.roots.iter().any(|root| root.pid() == pid) {
                near.leads |= info.group == Some(pid);
            }
            if frozen && state == RunState::Stopped {
                near.read.insert(pid);
            }
            list.push(info);
            for child in children.unwrap_or_default() {
                if from.contains_key(&child) || self.taken.get(&child) == Some(&None) {
                    continue;
                }
                match lists.info(child) {
                    Ok(info) => list.extend(info),
                    Err(err) if err.kind() == ErrorKind::PermissionDenied => {}
                    Err(err) => return Err(err),
                }
            }
        }
        if lost {
            near.lost();
        }
        Ok(list)
    }

    /// Fails unless every member walked from that has not exited is in
    /// `list`: one missing (its entry could not be read) would have its
    /// children taken for none. (Held members cannot exit by themselves;
    /// members signalled as found may well have.)
    fn check_seen(&self, list: &[ProcessInfo], from: &HashMap<u32, usize>) -> Result<(), Error> {
        let listed: HashSet<u32> = list.iter().map(|info| info.pid).collect();
        for (_, process) in self.members() {
            let pid = process.pid();
            if from.contains_key(&pid) && !listed.contains(&pid) {
                let state = process.handle().run_state();
                if state != Some(RunState::Exited) {
                    return Err(Error::new(
                        ErrorKind::Other,
                        format!(
                            "cannot walk the tree: process {pid} has not exited but the \
                             process list does not show it, so its children cannot be found \
                             (may this user read its entry?)"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Waits until every member in `held` has been seen to run none of
    /// its own code (every thread stopped, or exited: its `state`), or
    /// until `by`;
    /// whether all were (`None`: the OS cannot tell). Those seen are kept
    /// in `halted`.
    fn settle(
        &self,
        held: &HashMap<u32, usize>,
        halted: &mut HashSet<u32>,
        by: Instant,
        state: &mut dyn FnMut(&Process) -> Option<RunState>,
    ) -> Option<bool> {
        let mut round = 0u32;
        loop {
            let mut all = true;
            for (_, process) in self.members() {
                let pid = process.pid();
                if held.contains_key(&pid) && !halted.contains(&pid) {
                    if state(process)? != RunState::Running {
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

    /// The processes of `list` in the trees that were not taken yet, each
    /// with the index of its root: those of the group a held root leads
    /// (see [`strays`]), and the descendants of every held member and of
    /// those.
    fn newcomers(
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
    /// [`kill_tree`] describes.
    fn send(
        &mut self,
        sig: Signal,
        value: Option<i32>,
        done: &dyn Fn(usize) -> bool,
    ) -> Result<Delivery, Error> {
        self.send_where(sig, value, done, self.wanted)
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

fn outcome(sent: Result<(), Error>) -> TreeOutcome {
    match sent {
        Ok(()) => TreeOutcome::Signaled,
        Err(err) if err.kind() == ErrorKind::NoSuchProcess => TreeOutcome::Gone,
        Err(err) => TreeOutcome::Failed(err),
    }
}
