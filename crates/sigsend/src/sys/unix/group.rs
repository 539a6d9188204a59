//! A command started in a process group of its own, for
//! [`crate::Group`]: the group is the leader's pid. On Linux it also gets
//! a cgroup of its own where one can be made (`linux/cgroup.rs`): KILL
//! then goes through `cgroup.kill`, which also reaches what left the
//! process group.

use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::{kill, killpg, pid_t};
use crate::error::{Error, ErrorKind};
use crate::sys::Call;
use crate::sys::Handle;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::sys::{join_cgroup, Cgroup};
use crate::Signal;

/// The process group a [`crate::Group`] leads, and its cgroup.
#[derive(Debug)]
pub(crate) struct GroupHandle {
    pgid: i32,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    cgroup: Option<Cgroup>,
}

impl GroupHandle {
    /// Starts `command` as the leader of a new process group (on Linux,
    /// in a new cgroup too, where one can be made).
    ///
    /// The caller's `command` keeps what it was: the group and the cgroup
    /// are made by one `pre_exec` closure that acts only in the child of
    /// this spawn (a flag, set for this spawn alone, that the child reads
    /// as it was at fork), so a later `command.spawn()` starts a plain
    /// child. The closure itself stays on the command, inert, as
    /// `CommandExt::pre_exec` has no way to remove one.
    pub(crate) fn spawn(command: &mut Command) -> Result<(Child, GroupHandle), Error> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let cgroup = Cgroup::create();
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let procs = cgroup.as_ref().and_then(Cgroup::procs);
        let armed = Arc::new(AtomicBool::new(true));
        let this_spawn = Arc::clone(&armed);
        let enter = move || {
            if !this_spawn.load(Ordering::Relaxed) {
                return Ok(());
            }
            // A process that could not join is found out by `holds`.
            #[cfg(any(target_os = "linux", target_os = "android"))]
            if let Some(procs) = &procs {
                join_cgroup(procs);
            }
            lead_new_group()
        };
        // SAFETY: the closure runs in the child between fork and exec, and
        // only reads memory made before the fork and makes the
        // async-signal-safe calls of `join_cgroup` and `lead_new_group`.
        unsafe { command.pre_exec(enter) };
        let spawned = command.spawn();
        armed.store(false, Ordering::Relaxed);
        let child = spawned.map_err(|err| Error::from_io(&err, Call::Spawn))?;
        let group = GroupHandle {
            pgid: pid_t(child.id())?,
            // One the leader could not join is no use: removed.
            #[cfg(any(target_os = "linux", target_os = "android"))]
            cgroup: cgroup.filter(|cgroup| cgroup.holds(child.id())),
        };
        Ok((child, group))
    }

    /// KILL through the cgroup, where there is one (it needs no leader:
    /// the cgroup is the group's alone); else `killpg(2)` to the group.
    ///
    /// The group's number is the leader's pid, and the kernel keeps a pid
    /// in use while any process has it as its group, so the number names
    /// this group while its leader is unreaped or any member is left. Once
    /// `leader` has been reaped the number is sent to only while no
    /// process has it as its pid: one that does took the number after the
    /// group emptied, and may lead a group of its own by it.
    pub(crate) fn signal(&self, leader: &Handle, sig: Signal) -> Result<(), Error> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(cgroup) = self.cgroup.as_ref().filter(|_| sig == Signal::KILL) {
            if cgroup.kill()? {
                return Ok(());
            }
        }
        match leader.send(Signal::NULL, None) {
            Ok(()) => {}
            Err(reaped) if reaped.kind() == ErrorKind::NoSuchProcess => {
                match kill(self.pgid, 0) {
                    Err(err) if err.kind() == ErrorKind::NoSuchProcess => {}
                    // Another process has the number now.
                    _ => return Err(reaped),
                }
            }
            Err(err) => return Err(err),
        }
        killpg(self.pgid, sig.as_raw())
    }
}

/// Makes the calling process (a child between fork and exec) the leader
/// of a new process group, as `CommandExt::process_group(0)` does; a
/// process that leads one already (a session leader, made by an earlier
/// `pre_exec` closure's `setsid`) stays as it is. Async-signal-safe.
fn lead_new_group() -> io::Result<()> {
    // SAFETY: setpgid(2) takes two integers and touches no memory of ours.
    if unsafe { libc::setpgid(0, 0) } == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    // SAFETY: getpgrp(2) and getpid(2) take nothing and cannot fail.
    if unsafe { libc::getpgrp() == libc::getpid() } {
        return Ok(());
    }
    Err(err)
}
