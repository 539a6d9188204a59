//! A command started in a process group of its own, for
//! [`crate::Group`]: the group is the leader's pid. On Linux it also gets
//! a cgroup of its own where one can be made (`linux/cgroup.rs`): KILL
//! then goes through `cgroup.kill`, which also reaches what left the
//! process group.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

use super::{killpg, pid_t};
use crate::error::{Call, Error};
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::sys::Cgroup;
use crate::sys::Handle;
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
    pub(crate) fn spawn(command: &mut Command) -> Result<(Child, GroupHandle), Error> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let cgroup = Cgroup::create();
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(cgroup) = &cgroup {
            cgroup.enter_on_spawn(command);
        }
        let child = command
            .process_group(0)
            .spawn()
            .map_err(|err| Error::from_io(&err, Call::Spawn))?;
        let group = GroupHandle {
            pgid: pid_t(child.id())?,
            // One the leader could not join is no use: removed.
            #[cfg(any(target_os = "linux", target_os = "android"))]
            cgroup: cgroup.filter(|cgroup| cgroup.holds(child.id())),
        };
        Ok((child, group))
    }

    /// KILL through the cgroup, where there is one (it needs no leader:
    /// the cgroup is the group's alone); else `killpg(2)` to the group,
    /// only while `leader` (its unreaped leader) still holds the number: a
    /// group number is free for reuse once its leader is reaped and its
    /// members are gone.
    pub(crate) fn signal(&self, leader: &Handle, sig: Signal) -> Result<(), Error> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(cgroup) = self.cgroup.as_ref().filter(|_| sig == Signal::KILL) {
            if cgroup.kill()? {
                return Ok(());
            }
        }
        leader.send(Signal::NULL, None)?;
        killpg(self.pgid, sig.as_raw())
    }
}
