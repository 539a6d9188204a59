//! The processes of `/proc`, and the signal state of one by pid.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use super::procfs::{self, ProcDir};
use super::{stat, status};
use crate::error::{Error, ErrorKind};
use crate::process_info::CommandName;
use crate::sys::{gone, pid_t, split_args};
use crate::{ProcessInfo, SignalState, StartTime, UserId};

/// Every process listed in `/proc`; one that vanishes while it is read, or
/// whose files may not be read (`hidepid`), is left out.
pub(crate) fn processes() -> Result<Vec<ProcessInfo>, Error> {
    list(true)
}

/// Every process with its pid, parent, name and start time only (from
/// `stat` alone, a third of the reads): for walking a tree.
pub(crate) fn lineage() -> Result<Vec<ProcessInfo>, Error> {
    list(false)
}

/// The processes of `/proc`, with owner and command line when `full`.
fn list(full: bool) -> Result<Vec<ProcessInfo>, Error> {
    procfs::check_own()?;
    let mut list = Vec::new();
    for pid in procfs::pids()? {
        match read_process(pid, full) {
            Ok(Some(info)) => list.push(info),
            Ok(None) => {}
            Err(err) if err.kind() == ErrorKind::PermissionDenied => {}
            Err(err) => return Err(err),
        }
    }
    Ok(list)
}

/// One process from its `stat`; when `full`, with its `status` and
/// `cmdline` too, all three read through one held `/proc/PID` (so they
/// are one process's); `None` once it is gone.
fn read_process(pid: i32, full: bool) -> Result<Option<ProcessInfo>, Error> {
    if !full {
        // One file, read at once: nothing to hold the directory for.
        return Ok(stat::read(pid)?.map(|stat| from_stat(pid, stat)));
    }
    let Some(dir) = ProcDir::open(pid)? else {
        return Ok(None);
    };
    let Some(stat) = dir.read("stat")?.and_then(|text| stat::parse(&text)) else {
        return Ok(None);
    };
    let mut info = from_stat(pid, stat);
    let Some(status) = dir.read("status")?.map(|text| status::parse(&text)) else {
        return Ok(None);
    };
    info.cmdline = match dir.read("cmdline") {
        Ok(Some(bytes)) => Some(split_args(&bytes)),
        Ok(None) => return Ok(None),
        Err(err) if err.kind() == ErrorKind::PermissionDenied => None,
        Err(err) => return Err(err),
    };
    info.user = status.uid.map(UserId::Uid);
    Ok(Some(info))
}

/// What `stat` alone tells of process `pid`.
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
