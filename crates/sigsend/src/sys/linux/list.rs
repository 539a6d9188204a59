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
pub(crate) fn processes(
    fields: Fields,
    keep: &mut dyn FnMut(&ProcessInfo) -> bool,
) -> Result<Vec<ProcessInfo>, Error> {
    procfs::check_own()?;
    let root = ProcRoot::open()?;
    let mut buffer = Vec::new();
    let mut list = Vec::new();
    for pid in root.pids()? {
        if let Some(info) = unless_refused(read_process(&root, pid, fields, keep, &mut buffer))? {
            list.push(info);
        }
    }
    Ok(list)
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
        &mut |_| true,
        &mut Vec::new(),
    ))
}

/// `None` for a process whose files may not be read (`hidepid`).
fn unless_refused(read: Result<Option<ProcessInfo>, Error>) -> Result<Option<ProcessInfo>, Error> {
    match read {
        Err(err) if err.kind() == ErrorKind::PermissionDenied => Ok(None),
        read => read,
    }
}

/// One process from its `stat` (name, parent, group, state, start time);
/// if `keep` takes it, with its owner ([`ProcRoot::euid`]) and
/// its `cmdline` when `fields` asks for them. `None` once it is gone.
///
/// The rest is read by pid while `stat` is held open, and before a read
/// of `stat` (the owner before the first, the command line before a second
/// one): the held file reads only while its process has not been reaped,
/// so the pid named that process all along and what was read is all its
/// own, never a newcomer's that took the pid.
fn read_process(
    root: &ProcRoot,
    pid: i32,
    fields: Fields,
    keep: &mut dyn FnMut(&ProcessInfo) -> bool,
    buffer: &mut Vec<u8>,
) -> Result<Option<ProcessInfo>, Error> {
    let Some(stat_file) = root.file(pid, "stat")? else {
        return Ok(None);
    };
    // Before `stat` is read: then it proves the owner is its process's.
    let uid = match fields.contains(Fields::USER) {
        true => match root.euid(pid)? {
            Some(uid) => Some(uid),
            None => return Ok(None),
        },
        false => None,
    };
    let Some(stat) = stat_file.read(buffer)?.and_then(stat::parse) else {
        return Ok(None);
    };
    let mut info = from_stat(pid, stat);
    if !keep(&info) {
        return Ok(None);
    }
    info.user = uid.map(UserId::Uid);
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
        if stat_file.read(buffer)?.is_none() {
            return Ok(None);
        }
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
