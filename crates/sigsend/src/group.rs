//! [`Group`]: a command started so that it and everything it starts can
//! be signalled, stopped and ended together.

use std::process::{Child, Command};

use crate::error::{Error, ErrorKind};
use crate::{kill_tree, sys, Process, Signal, Stop, StopReport, TreeReport};

/// A command started as the leader of a group of its own, with every
/// process it starts (what `process-wrap` does): on POSIX a new process
/// group (`setpgid(0, 0)`, the leader's pid is the group's number); on
/// Linux also a new cgroup (v2) below the caller's, where the caller may
/// make one (as root, or in a delegated subtree), which no descendant
/// leaves; on Windows a new console process group and a Job object, which
/// every process it starts joins.
///
/// A `Group` is a guard: dropping it ends whatever is left of the group
/// (KILL: through `cgroup.kill` where there is a cgroup, else to the
/// process group, also after the leader was reaped; on Windows the job
/// ends its processes when closed) and reaps the leader. The cgroup's
/// directory is removed without waiting: where a process is still
/// exiting (one in uninterruptible sleep may take long), a short-lived
/// thread removes it once it is empty, and should the program exit
/// first, an exit handler gives it up to one more second.
///
/// Not covered: without a cgroup, a member that moved to another group or
/// session (`setsid`, as daemons do) leaves the group, though
/// [`kill_tree`](Group::kill_tree) still finds it while its parent lives;
/// on Windows, a process the leader starts in the microseconds before it
/// is assigned to the job stays outside the job.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use std::time::Duration;
/// use sigsend::{Exit, Group, Signal, Stop};
///
/// let mut command = Command::new("sh");
/// command.args(["-c", "sleep 60 & sleep 60"]);
/// let group = Group::spawn(&mut command)?;
/// let plan = Stop::term_then_kill(Duration::from_secs(2), Duration::from_secs(1));
/// // TERM to the shell and both sleeps at once, KILL to any that stays.
/// let reports = group.stop(&plan)?;
/// assert_eq!(reports[0].exit(), Some(Exit::Signaled(Signal::TERM)));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Group {
    child: Child,
    leader: Process,
    group: sys::GroupHandle,
}

impl Group {
    /// Starts `command` as the leader of a new group (see [`Group`]).
    ///
    /// On POSIX, `command` is left as it was: a later `command.spawn()`
    /// starts a plain child, in the caller's process group and cgroup, and
    /// it can start another group. The group (and the cgroup) is made by a
    /// `pre_exec` closure that acts only in the child of this call;
    /// `CommandExt` has no way to remove a closure, so it stays on
    /// `command`, inert (a loop that respawns one `Command` for a very
    /// long time adds one each time: build the `Command` anew instead).
    /// That closure runs after any of the caller's own.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// let group = sigsend::Group::spawn(&mut std::process::Command::new("true"))?;
    /// assert!(group.leader().pid() > 0);
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// On Windows the command's creation flags become
    /// `CREATE_NEW_PROCESS_GROUP` alone: std's `CommandExt::creation_flags`
    /// replaces them and cannot tell what they were. Give yours to
    /// `Group::spawn_with_flags` (Windows only) instead.
    ///
    /// # Errors
    /// When the command cannot be started (its OS error kept), or, on
    /// Windows, the job cannot be made or joined.
    pub fn spawn(command: &mut Command) -> Result<Group, Error> {
        Group::started(sys::GroupHandle::spawn(command)?)
    }

    /// [`spawn`](Group::spawn) on Windows with the creation flags `flags`
    /// (`CREATE_NO_WINDOW`, `CREATE_NEW_CONSOLE`, a priority class...), to
    /// which `CREATE_NEW_PROCESS_GROUP` is added: std's
    /// `CommandExt::creation_flags` replaces a command's flags and cannot
    /// read them, so `spawn` cannot keep those set on `command`.
    ///
    /// ```
    /// # #[cfg(windows)] {
    /// use std::process::Command;
    ///
    /// const BELOW_NORMAL_PRIORITY_CLASS: u32 = 0x4000;
    /// let mut command = Command::new("cmd");
    /// command.args(["/c", "exit 3"]);
    /// let group = sigsend::Group::spawn_with_flags(&mut command, BELOW_NORMAL_PRIORITY_CLASS)?;
    /// assert_eq!(group.leader().wait()?, sigsend::Exit::Code(3));
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`spawn`](Group::spawn).
    #[cfg(windows)]
    pub fn spawn_with_flags(command: &mut Command, flags: u32) -> Result<Group, Error> {
        Group::started(sys::GroupHandle::spawn_with_flags(command, flags)?)
    }

    /// The group of a leader just started.
    fn started((child, group): (Child, sys::GroupHandle)) -> Result<Group, Error> {
        match Process::from_child(&child) {
            Ok(leader) => Ok(Group {
                child,
                leader,
                group,
            }),
            Err(err) => {
                let mut child = child;
                // Not left running unwatched: ended and reaped.
                let _ = child.kill();
                let _ = child.wait();
                Err(err)
            }
        }
    }

    /// The leader: the process `command` started.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// let group = sigsend::Group::spawn(&mut std::process::Command::new("true"))?;
    /// assert_eq!(group.leader().wait()?, sigsend::Exit::Code(0));
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn leader(&self) -> &Process {
        &self.leader
    }

    /// The leader's [`Child`], for its pipes. Once it has been waited for
    /// (reaped), [`signal`](Group::signal) still reaches the members left
    /// in the group (POSIX: the kernel keeps the group's number in use
    /// while any is left), and refuses to send once a process has taken
    /// the leader's pid: the number may then be another group's.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// let mut group = sigsend::Group::spawn(&mut std::process::Command::new("true"))?;
    /// assert!(group.child().wait()?.success());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    /// Sends `sig` to every process of the group: `killpg(2)` on POSIX;
    /// KILL on Linux through the cgroup where there is one (`cgroup.kill`,
    /// Linux 5.14+: every process in it at once, also one that left the
    /// process group); on Windows `TerminateJobObject`, which ends every
    /// process of the job with the signal's number as exit code, but for
    /// `CTRL_BREAK`, which goes to the leader's console process group
    /// (`GenerateConsoleCtrlEvent`), and `CTRL_C`, which is refused
    /// ([`Unsupported`](ErrorKind::Unsupported)): Windows delivers it only
    /// to processes that turned Ctrl+C back on and says success either way.
    /// [`Signal::NULL`] checks that the group can still be signalled.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::process::Command;
    /// use sigsend::{Exit, Group, Signal};
    ///
    /// let group = Group::spawn(Command::new("sleep").arg("60"))?;
    /// group.signal(Signal::TERM)?;
    /// assert_eq!(group.leader().wait()?, Exit::Signaled(Signal::TERM));
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`NoSuchProcess`](ErrorKind::NoSuchProcess) once the leader has
    /// been reaped and no member is left, or a process has taken the
    /// leader's pid (POSIX; KILL through a cgroup still ends what is
    /// left); as [`Process::signal`] otherwise.
    pub fn signal(&self, sig: Signal) -> Result<(), Error> {
        self.group.signal(self.leader.handle(), sig)
    }

    /// Runs the stop plan on the leader and all its descendants (see
    /// [`Stop::run_tree`]: the group's processes are among them), then
    /// ends everything left in the group with KILL; the reports are the
    /// tree's, the leader's first.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::process::Command;
    /// use std::time::Duration;
    /// use sigsend::{Group, Stop};
    ///
    /// let group = Group::spawn(Command::new("sh").args(["-c", "sleep 60 & wait"]))?;
    /// let plan = Stop::term_then_kill(Duration::from_secs(2), Duration::from_secs(1));
    /// let reports = group.stop(&plan)?;
    /// assert!(reports[0].exit().is_some());
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Stop::run_tree`] and [`signal`](Group::signal).
    pub fn stop(&self, plan: &Stop) -> Result<Vec<StopReport>, Error> {
        let reports = plan.run_tree(&self.leader)?;
        match self.signal(Signal::KILL) {
            Err(err) if err.kind() != ErrorKind::NoSuchProcess => Err(err),
            _ => Ok(reports),
        }
    }

    /// [`kill_tree`](crate::kill_tree) from the leader: also reaches a
    /// descendant that left the group.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::process::Command;
    /// use sigsend::{Group, Signal};
    ///
    /// let group = Group::spawn(Command::new("sleep").arg("60"))?;
    /// assert_eq!(group.kill_tree(Signal::KILL)?.len(), 1);
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`kill_tree`](crate::kill_tree).
    pub fn kill_tree(&self, sig: Signal) -> Result<Vec<TreeReport>, Error> {
        kill_tree(&self.leader, sig)
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        // Whatever is left ends; a group already gone has nothing to end.
        let _ = self.signal(Signal::KILL);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
