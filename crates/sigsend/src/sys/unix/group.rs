//! A command started in a process group of its own, for
//! [`crate::Group`]: the group is the leader's pid.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

use super::{killpg, pid_t};
use crate::error::Error;
use crate::sys::Handle;
use crate::Signal;

/// The process group a [`crate::Group`] leads.
#[derive(Debug)]
pub(crate) struct GroupHandle {
    pgid: i32,
}

impl GroupHandle {
    /// Starts `command` as the leader of a new process group.
    pub(crate) fn spawn(command: &mut Command) -> Result<(Child, GroupHandle), Error> {
        let child = command
            .process_group(0)
            .spawn()
            .map_err(|err| Error::from_spawn(&err))?;
        let pgid = pid_t(child.id())?;
        Ok((child, GroupHandle { pgid }))
    }

    /// `killpg(2)` to the group, only while `leader` (its unreaped
    /// leader) still holds the number: a group number is free for reuse
    /// once its leader is reaped and its members are gone.
    pub(crate) fn signal(&self, leader: &Handle, sig: Signal) -> Result<(), Error> {
        leader.send(Signal::NULL, None)?;
        killpg(self.pgid, sig.as_raw())
    }
}
