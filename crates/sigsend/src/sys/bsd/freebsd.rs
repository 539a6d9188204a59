//! FreeBSD: processes and their signal state from `sysctl(KERN_PROC)`
//! (`kinfo_proc`), command lines from `KERN_PROC_ARGS`. A process's start
//! is kept in microseconds since boot, which no clock step moves
//! (`boot.rs`). The holders of a port: `ports.rs`, with the records of
//! `xstructs.rs` read in `pcblist.rs`.

use std::mem;
use std::ptr;

use super::sysctl;
use crate::error::{Error, ErrorKind};
use crate::sys::Call;
use crate::sys::{gone, pid_t, split_args, RunState};
use crate::{Fields, ProcessInfo, Signal, SignalSet, SignalState, StartTime, UserId};

mod boot;
mod pcblist;
mod ports;
mod xstructs;

pub(crate) use ports::port_holders;

/// The `kinfo_proc` structs the kernel wrote into `bytes`.
fn kinfos(bytes: &[u8]) -> impl Iterator<Item = libc::kinfo_proc> + '_ {
    bytes
        .chunks_exact(mem::size_of::<libc::kinfo_proc>())
        // SAFETY: the kernel wrote whole kinfo_proc structs, one per
        // chunk; a kinfo_proc is integers, arrays, nested structs of those
        // and raw pointers (kernel addresses, never dereferenced), valid
        // for any bytes; read_unaligned copies one out of the byte buffer.
        .map(|chunk| unsafe { ptr::read_unaligned(chunk.as_ptr().cast::<libc::kinfo_proc>()) })
}

/// The `kinfo_proc` of `pid`; `None` when there is no such process.
fn kinfo(pid: i32) -> Result<Option<libc::kinfo_proc>, Error> {
    let mut mib = [libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_PID, pid];
    let bytes = sysctl::read(&mut mib, Call::ProcInfo { pid })?.unwrap_or_default();
    let first = kinfos(&bytes).next();
    Ok(first)
}

/// `kern.boottime` in microseconds: the wall time of the boot, which a
/// clock step moves.
fn boottime(call: Call) -> Result<i64, Error> {
    let mut mib = [libc::CTL_KERN, libc::KERN_BOOTTIME];
    let boot: libc::timeval = sysctl::read_value(&mut mib, call)?;
    Ok(boot::micros(boot.tv_sec, boot.tv_usec))
}

/// What `read` reads, with the boot time (microseconds) it was read
/// under: read between two reads of the boot time that agree, so that
/// its `ki_start`s less that boot time are starts since boot.
fn under_one_boottime<T>(
    call: Call,
    mut read: impl FnMut() -> Result<T, Error>,
) -> Result<(T, i64), Error> {
    for _ in 0..boot::TRIES {
        let before = boottime(call)?;
        let value = read()?;
        let after = boottime(call)?;
        if before == after {
            return Ok((value, before));
        }
    }
    Err(Error::new(
        ErrorKind::Other,
        format!(
            "{call} failed: the system clock was stepped during each of {} reads",
            boot::TRIES
        ),
    ))
}

/// The start of a process read under the boot time `boot`, in
/// microseconds since boot.
fn start_of(info: &libc::kinfo_proc, boot: i64) -> u64 {
    let start = boot::micros(info.ki_start.tv_sec, info.ki_start.tv_usec);
    boot::since_boot(start, boot, boot).unwrap_or(0)
}

/// The identity of `pid`: its start in microseconds since boot; `None`
/// when there is no such process.
pub(crate) fn identity(pid: i32) -> Result<Option<u64>, Error> {
    let call = Call::ProcInfo { pid };
    let (info, boot) = under_one_boottime(call, || kinfo(pid))?;
    Ok(info.map(|info| start_of(&info, boot)))
}

/// Whether `pid` runs code of its own: stopped, exited (or gone), or
/// running.
pub(crate) fn run_state(pid: i32) -> Result<RunState, Error> {
    Ok(match kinfo(pid)?.map(|info| info.ki_stat) {
        Some(libc::SSTOP) => RunState::Stopped,
        None | Some(libc::SZOMB) => RunState::Exited,
        Some(_) => RunState::Running,
    })
}

/// Every process that passes `keep`: one `sysctl(KERN_PROC_PROC)`, and
/// the command line (`KERN_PROC_ARGS`) of each when `fields` asks for it.
pub(crate) fn processes(
    fields: Fields,
    keep: &mut dyn FnMut(&ProcessInfo) -> bool,
) -> Result<Vec<ProcessInfo>, Error> {
    let mut mib = [libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_PROC, 0];
    let (bytes, boot) = under_one_boottime(Call::ProcList, || {
        Ok(sysctl::read(&mut mib, Call::ProcList)?.unwrap_or_default())
    })?;
    Ok(kinfos(&bytes)
        .map(|info| ProcessInfo {
            pid: info.ki_pid as u32,
            ppid: info.ki_ppid as u32,
            group: Some(info.ki_pgid as u32),
            name: sysctl::c_name(&info.ki_comm),
            cmdline: None,
            user: Some(UserId::Uid(info.ki_uid)),
            start_time: Some(StartTime(start_of(&info, boot))),
            own: false,
            stopped: Some(info.ki_stat == libc::SSTOP),
        })
        .filter(|info| keep(info))
        .map(|info| ProcessInfo {
            cmdline: fields
                .contains(Fields::CMDLINE)
                .then(|| cmdline(info.pid as i32))
                .flatten(),
            ..info
        })
        .collect())
}

/// The arguments of `pid` (`KERN_PROC_ARGS`); `None` when refused.
fn cmdline(pid: i32) -> Option<Vec<String>> {
    let mut mib = [libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_ARGS, pid];
    let bytes = sysctl::read(&mut mib, Call::ProcArgs { pid }).ok()??;
    Some(split_args(&bytes))
}

/// The set of a `sigset_t`.
fn set_of(set: &libc::sigset_t) -> SignalSet {
    Signal::all()
        .filter(|sig| {
            // SAFETY: `set` is a valid sigset_t that sigismember only reads.
            let member = unsafe { libc::sigismember(set, sig.as_raw()) };
            member == 1
        })
        .collect()
}

/// The signal state and identity of `pid`, from one `kinfo_proc`.
pub(crate) fn signals_and_identity(pid: i32) -> Result<(SignalState, Option<u64>), Error> {
    let (info, boot) = under_one_boottime(Call::ProcInfo { pid }, || kinfo(pid))?;
    let info = info.ok_or_else(|| gone(pid))?;
    let state = SignalState {
        pending_thread: SignalSet::default(),
        pending_process: set_of(&info.ki_siglist),
        blocked: set_of(&info.ki_sigmask),
        ignored: set_of(&info.ki_sigignore),
        caught: set_of(&info.ki_sigcatch),
    };
    Ok((state, Some(start_of(&info, boot))))
}

/// The signal state of `pid`.
pub(crate) fn signal_state(pid: u32) -> Result<SignalState, Error> {
    signals_and_identity(pid_t(pid)?).map(|(state, _)| state)
}
