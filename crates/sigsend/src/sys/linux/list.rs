//! The processes of `/proc`, each read only as far as the fields asked
//! for need, and the signal state of one by pid.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use super::procfs::{self, ProcRoot};
use super::{stat, status};
use crate::error::{Error, ErrorKind};
use crate::process_info::CommandName;
use crate::sys::{gone, pid_t, split_args};
use crate::{Fields, ProcessInfo, SignalState, StartTime, UserId};

/// Every process listed in `/proc` whose `stat` passes `keep`, with the
/// `fields` asked for; one that vanishes while it is read, or whose files
/// may not be read (`hidepid`), is left out. One buffer serves every read.
///
/// The owner, when asked for, is looked at in whichever of two ways costs
/// less so far ([`Owner`]): after `keep`, of the processes it takes alone,
/// while it takes fewer than one in five (each then costs an `fstatat`
/// and a second read of `stat`), else before `stat` is read, of every
/// process (an `fstatat` each).
pub(crate) fn processes(
    fields: Fields,
    keep: &mut dyn FnMut(&ProcessInfo) -> bool,
) -> Result<Vec<ProcessInfo>, Error> {
    procfs::check_own()?;
    let root = ProcRoot::open()?;
    let mut buffer = Vec::new();
    let mut list = Vec::new();
    for (seen, pid) in root.pids()?.into_iter().enumerate() {
        let owner = match list.len() * 5 > seen {
            true => Owner::First,
            false => Owner::OfKept,
        };
        let read = read_process(&root, pid, fields, owner, keep, &mut buffer);
        if let Some(info) = unless_refused(read)? {
            list.push(info);
        }
    }
    Ok(list)
}

/// When [`read_process`] looks at the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// Before `stat` is read, which then proves it its process's.
    First,
    /// After `keep` took the process; `stat` is read again to prove it.
    OfKept,
}

/// Process `pid` alone, with the `fields` asked for; `None` when there is
/// no such process or it may not be read.
pub(crate) fn process(pid: u32, fields: Fields) -> Result<Option<ProcessInfo>, Error> {
    let Ok(pid) = i32::try_from(pid) else {
        return Ok(None);
    };
    procfs::check_own()?;
    let root = ProcRoot::open()?;
    unless_refused(read_process(
        &root,
        pid,
        fields,
        Owner::First,
        &mut |_| true,
        &mut Vec::new(),
    ))
}

/// Process `pid` of `root`'s list with what its `stat` tells (as
/// [`processes`] reads each with [`Fields::NONE`]); `None` when it is gone
/// or may not be read.
pub(super) fn listed(
    root: &ProcRoot,
    pid: i32,
    buffer: &mut Vec<u8>,
) -> Result<Option<ProcessInfo>, Error> {
    let read = read_process(root, pid, Fields::NONE, Owner::First, &mut |_| true, buffer);
    unless_refused(read)
}

/// `None` for a process whose files may not be read (`hidepid`).
fn unless_refused(read: Result<Option<ProcessInfo>, Error>) -> Result<Option<ProcessInfo>, Error> {
    match read {
        Err(err) if err.kind() == ErrorKind::PermissionDenied => Ok(None),
        read => read,
    }
}

/// One process from its `stat` (name, parent, group, state, start time);
/// if `keep` takes it, with its owner ([`ProcRoot::euid`], looked at as
/// `owner` says) and its `cmdline` when `fields` asks for them. `None` once
/// it is gone.
///
/// The rest is read by pid while `stat` is held open, and before a read
/// of `stat` (the owner before the first or a second one, the command line
/// before a second one): the held file reads only while its process has
/// not been reaped, so the pid named that process all along and what was
/// read is all its own, never a newcomer's that took the pid.
fn read_process(
    root: &ProcRoot,
    pid: i32,
    fields: Fields,
    owner: Owner,
    keep: &mut dyn FnMut(&ProcessInfo) -> bool,
    buffer: &mut Vec<u8>,
) -> Result<Option<ProcessInfo>, Error> {
    let Some(stat_file) = root.file(pid, "stat")? else {
        return Ok(None);
    };
    let user = fields.contains(Fields::USER);
    let mut uid = None;
    if user && owner == Owner::First {
        uid = root.euid(pid)?;
    }
    let Some(stat) = stat_file.read(buffer)?.and_then(stat::parse) else {
        return Ok(None);
    };
    let mut info = from_stat(pid, stat);
    if !keep(&info) {
        return Ok(None);
    }
    if user && owner == Owner::OfKept {
        uid = root.euid(pid)?;
    }
    if user && uid.is_none() {
        return Ok(None); // gone
    }
    info.user = uid.map(UserId::Uid);
    let read_again = (user && owner == Owner::OfKept) || fields.contains(Fields::CMDLINE);
    if fields.contains(Fields::CMDLINE) {
        let cmdline = root.file(pid, "cmdline").and_then(|file| match file {
            Some(file) => file.read(buffer),
            None => Ok(None),
        });
        info.cmdline = match cmdline {
            Ok(Some(bytes)) => Some(split_args(bytes)),
            Ok(None) => return Ok(None),
            Err(err) if err.kind() == ErrorKind::PermissionDenied => None,
            Err(err) => return Err(err),
        };
    }
    if read_again && stat_file.read(buffer)?.is_none() {
        return Ok(None);
    }
    Ok(Some(info))
}

/// What `stat` tells of process `pid`.
pub(crate) fn from_stat(pid: i32, stat: stat::Stat) -> ProcessInfo {
    ProcessInfo {
        pid: pid as u32,
        ppid: stat.ppid,
        group: Some(stat.pgrp),
        name: CommandName::new(OsString::from_vec(stat.comm)),
        cmdline: None,
        user: None,
        start_time: Some(StartTime(stat.start)),
        own: false,
        stopped: Some(stat.stopped),
    }
}

/// The signal state of `pid` from `/proc/PID/status` (this namespace's).
pub(crate) fn signal_state(pid: u32) -> Result<SignalState, Error> {
    let pid = pid_t(pid)?;
    // Not the status of a stranger with the same number in another pid
    // namespace's `/proc`.
    procfs::check_own()?;
    let status = status::read(pid)?.ok_or_else(|| gone(pid))?;
    Ok(status.signals)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The owner comes out the same whether it is looked at before `stat`
    /// (a listing that keeps many) or after `keep` (one that keeps few).
    #[test]
    fn the_owner_is_read_either_way() {
        let me = std::process::id();
        // As `ProcRoot::euid` tells it (its own test checks it).
        let euid = ProcRoot::open().unwrap().euid(me as i32).unwrap().unwrap();
        let all = processes(Fields::USER, &mut |_| true).unwrap();
        assert!(all.iter().all(|info| info.user.is_some()));
        let mine = processes(Fields::USER, &mut |info| info.pid == me).unwrap();
        for list in [all, mine] {
            let info = list.iter().find(|info| info.pid == me).expect("listed");
            assert_eq!(info.user, Some(UserId::Uid(euid)));
        }
    }
}
