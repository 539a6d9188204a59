//! The processes of `/proc`, and the signal state of one by pid.

use super::procfs::{self, ProcDir};
use super::{stat, status};
use crate::error::{Error, ErrorKind};
use crate::sys::{gone, pid_t, split_args};
use crate::{ProcessInfo, SignalState, StartTime, UserId};

/// Every process listed in `/proc`; one that vanishes while it is read, or
/// whose files may not be read (`hidepid`), is left out.
pub(crate) fn processes() -> Result<Vec<ProcessInfo>, Error> {
    let mut list = Vec::new();
    for pid in procfs::pids()? {
        match read_process(pid) {
            Ok(Some(info)) => list.push(info),
            Ok(None) => {}
            Err(err) if err.kind() == ErrorKind::PermissionDenied => {}
            Err(err) => return Err(err),
        }
    }
    Ok(list)
}

/// One process from its `stat`, `status` and `cmdline`, all read through
/// one held `/proc/PID`; `None` once it is gone.
fn read_process(pid: i32) -> Result<Option<ProcessInfo>, Error> {
    let Some(dir) = ProcDir::open(pid)? else {
        return Ok(None);
    };
    let Some(stat) = dir.read("stat")?.and_then(|text| stat::parse(&text)) else {
        return Ok(None);
    };
    let Some(status) = dir.read("status")?.map(|text| status::parse(&text)) else {
        return Ok(None);
    };
    let cmdline = match dir.read("cmdline") {
        Ok(Some(bytes)) => Some(split_args(&bytes)),
        Ok(None) => return Ok(None),
        Err(err) if err.kind() == ErrorKind::PermissionDenied => None,
        Err(err) => return Err(err),
    };
    Ok(Some(ProcessInfo {
        pid: pid as u32,
        ppid: stat.ppid,
        name: stat.comm,
        cmdline,
        user: status.uid.map(UserId::Uid),
        start_time: Some(StartTime(stat.start)),
        own: false,
    }))
}

/// The signal state of `pid` from `/proc/PID/status`.
pub(crate) fn signal_state(pid: u32) -> Result<SignalState, Error> {
    let pid = pid_t(pid)?;
    let status = status::read(pid)?.ok_or_else(|| gone(pid))?;
    Ok(status.signals)
}
