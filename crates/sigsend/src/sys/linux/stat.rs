//! A process's command name, parent, state and start time from
//! `/proc/PID/stat`. The start time is also its identity where there is no
//! pidfd: a pid names a new process once it is reused, but that process has
//! another start time (clock ticks since boot).

use super::procfs::{self, decimal, CPath, ProcDir};
use crate::error::Error;
use crate::sys::RunState;

/// What `/proc/PID/stat` says of a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stat {
    /// Field 2, `comm`, without its parentheses: its bytes, which need
    /// not be UTF-8.
    pub comm: Vec<u8>,
    /// Field 4, `ppid`.
    pub ppid: u32,
    /// Field 5, `pgrp`.
    pub pgrp: u32,
    /// Field 22, `starttime`.
    pub start: u64,
    /// Field 3 is `Z`: it has exited and waits to be reaped.
    pub zombie: bool,
    /// Field 3 is `T` or `t` (stopped, by a signal or under a tracer), `Z`
    /// or `X` (exited): this thread runs none of its own code.
    pub halted: bool,
    /// Field 3 is `T`: stopped by a signal (job control). Not `t`, a
    /// tracer's stop, which a debugger or `strace` makes at every system
    /// call it watches and ends on its own.
    pub stopped: bool,
    /// Field 3 is `t`: stopped under a tracer.
    pub traced: bool,
    /// Field 20, `num_threads`: the state above is the main thread's
    /// only; where there are more, each is in `task/TID/stat`.
    pub threads: u32,
}

/// The stat of `pid`, `None` when there is no such process.
pub(crate) fn read(pid: i32) -> Result<Option<Stat>, Error> {
    Ok(procfs::read(pid, "stat")?.and_then(|text| parse(&text)))
}

impl Stat {
    /// What the state field says of this thread.
    pub(crate) fn run_state(&self) -> RunState {
        if self.stopped {
            RunState::Stopped
        } else if self.traced {
            RunState::Traced
        } else if self.halted {
            RunState::Exited
        } else {
            RunState::Running
        }
    }
}

/// The state of a process of many threads, from the `stat` of each of its
/// threads `tids`, read through its held directory: running while any
/// thread runs; stopped once every thread that has not exited is stopped
/// (by a signal; else under a tracer); exited when all have (or the
/// process is gone).
pub(crate) fn threads_state(
    dir: &ProcDir,
    tids: &[i32],
    buffer: &mut Vec<u8>,
) -> Result<RunState, Error> {
    let mut state = RunState::Exited;
    for &tid in tids {
        let name = CPath::new().text("task/").number(tid).text("/stat");
        // A thread that ended meanwhile runs nothing.
        let Some(file) = dir.file(&name, "task")? else {
            continue;
        };
        let Some(stat) = file.read(buffer)?.and_then(parse) else {
            continue;
        };
        match stat.run_state() {
            RunState::Running => return Ok(RunState::Running),
            RunState::Stopped => state = RunState::Stopped,
            RunState::Traced if state == RunState::Exited => state = RunState::Traced,
            RunState::Traced | RunState::Exited => {}
        }
    }
    Ok(state)
}

/// [`threads_state`] of process `pid`, by its pid.
pub(crate) fn threads_state_of(pid: i32) -> Result<RunState, Error> {
    let Some(dir) = ProcDir::open(pid)? else {
        return Ok(RunState::Exited);
    };
    let Some(tids) = dir.tids()? else {
        return Ok(RunState::Exited);
    };
    threads_state(&dir, &tids, &mut Vec::new())
}

/// Parses `PID (COMM) STATE PPID ...`. COMM may hold spaces and
/// parentheses, so it runs from the first `(` to the last `)`, and the
/// fields are counted after that.
pub(crate) fn parse(text: &[u8]) -> Option<Stat> {
    let open = text.iter().position(|&b| b == b'(')?;
    let close = text.iter().rposition(|&b| b == b')')?;
    let comm = text.get(open + 1..close)?.to_vec();
    // Bytes, not text: the fields after COMM are ASCII, and this runs for
    // every process of a listing.
    let mut fields = text[close + 1..]
        .split(|&byte| byte == b' ')
        .filter(|field| !field.is_empty());
    let state = fields.next()?;
    let ppid = decimal(fields.next()?)?;
    let pgrp = decimal(fields.next()?)?;
    // Field 5 is the pgrp; field 20 is 14 fields after it, 22 two more.
    let threads = decimal(fields.nth(14)?)?;
    let start = decimal(fields.nth(1)?)?;
    Some(Stat {
        comm,
        ppid,
        pgrp,
        start,
        zombie: state == b"Z",
        halted: matches!(state, b"T" | b"t" | b"Z" | b"X"),
        stopped: state == b"T",
        traced: state == b"t",
        threads,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_odd_command_name_and_the_fields_after_it() {
        let line = b"4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        assert_eq!(
            parse(line),
            Some(Stat {
                comm: "a) b (c)".into(),
                ppid: 1,
                pgrp: 4242,
                start: 987654,
                zombie: false,
                halted: false,
                stopped: false,
                traced: false,
                threads: 1,
            })
        );
        let zombie =
            b"7 (sh) Z 3 7 7 0 -1 4194308 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0 18446744073709551615\n";
        assert_eq!(
            parse(zombie),
            Some(Stat {
                comm: "sh".into(),
                ppid: 3,
                pgrp: 7,
                start: 55,
                zombie: true,
                halted: true,
                stopped: false,
                traced: false,
                threads: 1,
            })
        );
        let stopped = b"9 (sleep) T 7 7 7 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 56 0 0\n";
        assert!(parse(stopped).is_some_and(|stat| stat.halted && stat.stopped && !stat.zombie));
        let threaded = b"9 (java) T 7 7 7 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 23 0 56 0 0\n";
        assert_eq!(parse(threaded).map(|stat| stat.threads), Some(23));
        assert_eq!(parse(b"garbage"), None);
        assert_eq!(parse(b"1 (x) S 1 2"), None);
        assert_eq!(parse(b")1 (x S 1 2"), None);
    }

    #[test]
    fn reads_our_own_start_time() {
        let pid = std::process::id() as i32;
        let first = read(pid).unwrap().expect("we exist");
        assert!(!first.zombie);
        assert_eq!(first.ppid, std::os::unix::process::parent_id());
        // The same process, read again (its thread count may differ: the
        // test harness starts and ends threads).
        let again = read(pid).unwrap().expect("we still exist");
        assert_eq!(
            (&again.comm, again.ppid, again.pgrp, again.start),
            (&first.comm, first.ppid, first.pgrp, first.start)
        );
    }
}
