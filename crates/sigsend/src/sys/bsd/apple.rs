//! macOS: processes from `proc_listallpids` and `proc_pidinfo`
//! (`PROC_PIDTBSDINFO`, or `PROC_PIDT_SHORTBSDINFO` where that is refused),
//! a process's identity from `PROC_PIDUNIQIDENTIFIERINFO` (`uniqid.rs`),
//! command lines from `sysctl(KERN_PROCARGS2)`. The signal state is
//! unsupported: the `libc` crate has no `kinfo_proc` for macOS. The
//! holders of a port: `ports.rs`, with the `socket_fdinfo` of
//! `proc_info.rs`.
//!
//! XNU refuses `PROC_PIDTBSDINFO` on a process of another effective uid
//! (unless root), where `kill(2)` may reach it (a child that ran `sudo`);
//! the short info and the unique id it gives to anyone
//! (`proc_pidinfo_internal` in `bsd/kern/proc_info.c`).

use std::mem::{self, MaybeUninit};
use std::ptr;

use super::sysctl;
use crate::error::{Error, ErrorKind};
use crate::sys::Call;
use crate::sys::{cvt, errno, pid_t, split_args, RunState};
use crate::{Fields, ProcessInfo, SignalState, StartTime, UserId};

mod ports;
mod proc_info;
mod uniqid;

pub(crate) use ports::port_holders;

/// `proc_pidinfo(pid, flavor)` into a `T`; `None` when there is no such
/// process.
fn pidinfo<T>(pid: i32, flavor: libc::c_int) -> Result<Option<T>, Error> {
    let mut info = MaybeUninit::<T>::zeroed();
    let size = mem::size_of::<T>() as libc::c_int;
    // SAFETY: proc_pidinfo writes at most `size` bytes into `info`, which
    // is that large and zeroed.
    let written = unsafe { libc::proc_pidinfo(pid, flavor, 0, info.as_mut_ptr().cast(), size) };
    if written != size {
        let code = errno();
        return match code {
            libc::ESRCH | 0 => Ok(None),
            _ => Err(Error::from_os(code, Call::ProcInfo { pid })),
        };
    }
    // SAFETY: proc_pidinfo filled in the whole struct, of integers and
    // arrays of them (valid for any bytes).
    Ok(Some(unsafe { info.assume_init() }))
}

/// The BSD info of `pid`; `None` when there is no such process. Refused
/// (`EPERM`) for another effective uid's process.
fn bsdinfo(pid: i32) -> Result<Option<libc::proc_bsdinfo>, Error> {
    pidinfo(pid, libc::PROC_PIDTBSDINFO)
}

/// The short BSD info of `pid`, which anyone may read; `None` when there
/// is no such process.
fn shortinfo(pid: i32) -> Result<Option<libc::proc_bsdshortinfo>, Error> {
    pidinfo(pid, libc::PROC_PIDT_SHORTBSDINFO)
}

/// The start time in microseconds since the epoch.
fn start_of(info: &libc::proc_bsdinfo) -> u64 {
    info.pbi_start_tvsec * 1_000_000 + info.pbi_start_tvusec
}

/// The identity of `pid`, which anyone may read: its unique id
/// (`uniqid.rs`); `None` when there is no such process.
pub(crate) fn identity(pid: i32) -> Result<Option<u64>, Error> {
    let mut info = uniqid::proc_uniqidentifierinfo::default();
    // SAFETY: `info` is a proc_uniqidentifierinfo, the
    // PROC_PIDUNIQIDENTIFIERINFO_SIZE bytes (asserted in uniqid.rs) that
    // proc_pidinfo writes at most.
    let written = unsafe {
        libc::proc_pidinfo(
            pid,
            uniqid::PROC_PIDUNIQIDENTIFIERINFO,
            0,
            ptr::from_mut(&mut info).cast(),
            uniqid::PROC_PIDUNIQIDENTIFIERINFO_SIZE,
        )
    };
    if let Some(identity) = uniqid::identity(written, &info) {
        return Ok(Some(identity));
    }
    match errno() {
        libc::ESRCH | 0 => Ok(None),
        code => Err(Error::from_os(code, Call::ProcInfo { pid })),
    }
}

/// Whether `pid` runs code of its own: stopped, exited (or gone), or
/// running.
pub(crate) fn run_state(pid: i32) -> Result<RunState, Error> {
    Ok(match shortinfo(pid)?.map(|info| info.pbsi_status) {
        Some(libc::SSTOP) => RunState::Stopped,
        None | Some(libc::SZOMB) => RunState::Exited,
        Some(_) => RunState::Running,
    })
}

/// Every pid `proc_listallpids` gives.
fn pids() -> Result<Vec<libc::pid_t>, Error> {
    // SAFETY: a null buffer asks only for the number of processes.
    let count = unsafe { libc::proc_listallpids(ptr::null_mut(), 0) };
    let count = cvt(count, Call::ProcList)?;
    // Room for processes started between the two calls.
    let mut pids = vec![0 as libc::pid_t; count as usize + count as usize / 8 + 16];
    let size = libc::c_int::try_from(pids.len() * mem::size_of::<libc::pid_t>())
        .unwrap_or(libc::c_int::MAX);
    // SAFETY: `pids` has room for `size` bytes of pids.
    let count = unsafe { libc::proc_listallpids(pids.as_mut_ptr().cast(), size) };
    let count = cvt(count, Call::ProcList)?;
    pids.truncate(count as usize);
    Ok(pids)
}

/// Every process `proc_pidinfo` tells about that passes `keep`, its
/// command line read (`KERN_PROCARGS2`) only when `fields` asks for it:
/// one of another effective uid, whose BSD info is refused, from its short
/// info, with no start time; one that exited meanwhile is left out.
pub(crate) fn processes(
    fields: Fields,
    keep: &mut dyn FnMut(&ProcessInfo) -> bool,
) -> Result<Vec<ProcessInfo>, Error> {
    let pids = pids()?;
    let argmax = argmax();
    let mut list = Vec::with_capacity(pids.len());
    for pid in pids {
        let info = match bsdinfo(pid) {
            Ok(Some(info)) => ProcessInfo {
                pid: info.pbi_pid,
                ppid: info.pbi_ppid,
                group: Some(info.pbi_pgid),
                name: sysctl::c_name(&info.pbi_comm),
                cmdline: None,
                user: Some(UserId::Uid(info.pbi_uid)),
                start_time: Some(StartTime(start_of(&info))),
                own: false,
                stopped: Some(info.pbi_status == libc::SSTOP),
            },
            Ok(None) => continue,
            Err(err) if err.kind() == ErrorKind::PermissionDenied => match shortinfo(pid) {
                Ok(Some(info)) => ProcessInfo {
                    pid: info.pbsi_pid,
                    ppid: info.pbsi_ppid,
                    group: Some(info.pbsi_pgid),
                    name: sysctl::c_name(&info.pbsi_comm),
                    cmdline: None,
                    user: Some(UserId::Uid(info.pbsi_uid)),
                    start_time: None,
                    own: false,
                    stopped: Some(info.pbsi_status == libc::SSTOP),
                },
                Ok(None) | Err(_) => continue,
            },
            Err(err) => return Err(err),
        };
        if !keep(&info) {
            continue;
        }
        list.push(ProcessInfo {
            cmdline: fields
                .contains(Fields::CMDLINE)
                .then(|| cmdline(pid, argmax))
                .flatten(),
            ..info
        });
    }
    Ok(list)
}

/// `kern.argmax`, the most `KERN_PROCARGS2` gives (`ARG_MAX`); 1 MiB, as
/// on every macOS since 10.6, if it cannot be read.
fn argmax() -> usize {
    let mut mib = [libc::CTL_KERN, libc::KERN_ARGMAX];
    sysctl::read_value::<libc::c_int>(&mut mib, Call::ProcList)
        .ok()
        .and_then(|max| usize::try_from(max).ok())
        .unwrap_or(1 << 20)
}

/// The arguments of `pid` from `KERN_PROCARGS2`: `argc`, the executable's
/// path, NUL padding, then `argc` NUL-ended arguments (and the
/// environment, which is left out). `None` when refused (another user's
/// process).
///
/// XNU refuses a buffer of more than `argmax` bytes after the `argc` word
/// (`EINVAL`), so no read asks for more.
fn cmdline(pid: i32, argmax: usize) -> Option<Vec<String>> {
    let mut mib = [libc::CTL_KERN, libc::KERN_PROCARGS2, pid];
    let max = argmax + mem::size_of::<libc::c_int>();
    let bytes = sysctl::read_at_most(&mut mib, Call::ProcArgs { pid }, max).ok()??;
    let argc = usize::try_from(i32::from_ne_bytes(bytes.get(..4)?.try_into().ok()?)).ok()?;
    let rest = bytes.get(4..)?;
    // Skip the path and its padding.
    let path_end = rest.iter().position(|&b| b == 0)?;
    let args_start = path_end + rest[path_end..].iter().position(|&b| b != 0)?;
    let mut args = split_args(&rest[args_start..]);
    args.truncate(argc);
    Some(args)
}

/// macOS: unsupported (see the module docs).
pub(crate) fn signals_and_identity(pid: i32) -> Result<(SignalState, Option<u64>), Error> {
    let _ = pid;
    Err(Error::new(
        ErrorKind::Unsupported,
        "sigsend cannot read a process's signal state on macOS yet (it needs kinfo_proc, \
         which the libc crate lacks there)",
    ))
}

/// The signal state of `pid`: unsupported (see the module docs).
pub(crate) fn signal_state(pid: u32) -> Result<SignalState, Error> {
    signals_and_identity(pid_t(pid)?).map(|(state, _)| state)
}
