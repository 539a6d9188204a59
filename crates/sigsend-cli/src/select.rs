//! From operands and selection options to the targets to signal: a pid
//! stays itself, a name becomes every process of that command name (the
//! caller's own unless `-a`), a `PID:INODE` becomes a handle on that very
//! process, and `--pattern`, `--parent`, `--user` and `--port` choose
//! processes by what they are.

use std::collections::HashSet;
use std::ffi::OsStr;

use sigsend::{Fields, PortHolder, Process, ProcessInfo, Selector, UserId};

use crate::operand::{self, Operand};
use crate::record::{Outcome, Problem, Record};
use crate::report;
use crate::status::Status;
use sigsend_cli::args::Request;

/// One process or group to signal.
#[derive(Debug)]
pub(crate) struct Selected<'a> {
    /// What it was selected by.
    pub record: Record<'a>,
    /// The `kill(2)` pid: a process (`> 0`), or `0`, `-1`, `-PGID`.
    pub pid: i32,
    /// The handle it must be reached through (a `PID:INODE` operand).
    pub handle: Option<Process>,
}

impl<'a> Selected<'a> {
    /// Its record, and a handle on its process: the one it was selected
    /// through, else one opened now on its pid. For a process only: a
    /// group (`0`, `-1`, `-PGID`) gets an error.
    pub(crate) fn open(self) -> (Record<'a>, Result<Process, sigsend::Error>) {
        let process = match self.handle {
            Some(handle) => Ok(handle),
            None => operand::open(u32::try_from(self.pid).unwrap_or(0), None),
        };
        (self.record, process)
    }

    /// A listed process, selected by `operand`; `None` for a pid above
    /// `i32::MAX`, which cannot be given to kill(2) (no POSIX system has
    /// one).
    fn listed(operand: &'a str, info: &ProcessInfo) -> Option<Selected<'a>> {
        let pid = i32::try_from(info.pid()).ok()?;
        Some(Selected {
            record: Record::new(operand, Some(pid), Some(info.name().to_owned())),
            pid,
            handle: None,
        })
    }
}

/// The process list, read once for every NAME operand and the selection
/// options; empty when none of them is given (then nothing looks at it).
/// It holds what they look at: the processes of those names only, unless
/// a selection option may choose any; their owners unless `-a` (or for
/// `--user`); command lines for `--pattern` with `--full`.
pub(crate) fn processes(
    operands: &[(&str, Operand)],
    send: &Request,
) -> Result<Vec<ProcessInfo>, sigsend::Error> {
    let names: Vec<&OsStr> = operands
        .iter()
        .filter_map(|(_, target)| match target {
            Operand::Name(name) => Some(name.as_os_str()),
            _ => None,
        })
        .collect();
    let options = &send.select;
    let any = options.selects();
    if names.is_empty() && !any {
        return Ok(Vec::new());
    }
    let mut fields = Fields::NONE;
    if !send.all_users || options.user.is_some() {
        fields = fields | Fields::USER;
    }
    if options.pattern.is_some() && options.full {
        fields = fields | Fields::CMDLINE;
    }
    sigsend::processes_where(fields, |info| {
        any || names.iter().any(|name| info.name_os() == *name)
    })
}

/// For `--json`, the name of process `pid` (a target given by pid); `None`
/// for a group, or a process that cannot be read.
fn name_of(json: bool, pid: i32) -> Option<String> {
    let pid = u32::try_from(pid).ok().filter(|&pid| json && pid > 0)?;
    let info = ProcessInfo::of(pid, Fields::NONE).ok()?;
    Some(info.name().to_owned())
}

/// The processes of `list` that `selector` chooses, never sigsend itself
/// (as [`Selector::select`] would choose them).
fn chosen<'l>(
    list: &'l [ProcessInfo],
    selector: &'l Selector,
) -> impl Iterator<Item = &'l ProcessInfo> {
    let me = std::process::id();
    list.iter()
        .filter(move |info| info.pid() != me && selector.matches(info))
}

/// Selects the targets of `operands`, in order; a name is looked up in
/// `list` (see [`processes`]). A name that matches no process, and a
/// `PID:INODE` that names no process now, is reported on stderr
/// (util-linux's words) and comes back as a failed record.
pub(crate) fn select<'a>(
    operands: &[(&'a str, Operand)],
    send: &Request,
    list: &Result<Vec<ProcessInfo>, sigsend::Error>,
) -> (Vec<Selected<'a>>, Vec<Record<'a>>) {
    let mut selected = Vec::new();
    let mut missed = Vec::new();
    let by_pid = |operand, pid| {
        let mut record = Record::new(operand, Some(pid), None);
        record.read_name = name_of(send.json, pid);
        record
    };
    for (operand, target) in operands {
        match target {
            Operand::Pid(pid) => selected.push(Selected {
                record: by_pid(operand, *pid),
                pid: *pid,
                handle: None,
            }),
            Operand::PidInode { pid, inode } => {
                // A pid of PID:INODE is positive and fits i32.
                let kill_pid = *pid as i32;
                match operand::open(*pid, Some(*inode)) {
                    Ok(handle) => selected.push(Selected {
                        record: by_pid(operand, kill_pid),
                        pid: kill_pid,
                        handle: Some(handle),
                    }),
                    Err(err) => {
                        // Named as typed: the operand gives the pid.
                        let mut record = Record::new(operand, Some(kill_pid), None);
                        record.refuse(&err);
                        missed.push(record);
                    }
                }
            }
            Operand::Name(name) => {
                let found = by_name(operand, name, send.all_users, list, &mut selected);
                if !found {
                    missed.push(not_found(operand));
                }
            }
        }
    }
    (selected, missed)
}

/// The record of `operand`, a name that matches no process (or, with `-r`,
/// none that catches the signal), said on stderr in util-linux's words:
/// `cannot find process "NAME"`; for the selection options, `no process
/// matches the selection`.
pub(crate) fn not_found(operand: &str) -> Record<'_> {
    let message = if operand == SELECTION {
        "no process matches the selection".to_owned()
    } else {
        format!("cannot find process \"{}\"", report::escape(operand))
    };
    let mut record = Record::with_outcome(operand, None, None, Outcome::NotFound);
    let problem = Problem {
        kind: format!("{:?}", sigsend::ErrorKind::NoSuchProcess),
        code: None,
        message,
    };
    record.failed(Outcome::NotFound, problem);
    record
}

/// Adds the processes named `name` to `selected`: util-linux `kill
/// NAME`'s rule, as [`sigsend::processes_named`] applies it (the command
/// name exactly, byte for byte, the caller's own unless `all_users`, never
/// sigsend itself). Whether there were any. A listing that failed finds
/// nothing, and says why.
fn by_name<'a>(
    operand: &'a str,
    name: &OsStr,
    all_users: bool,
    list: &Result<Vec<ProcessInfo>, sigsend::Error>,
    selected: &mut Vec<Selected<'a>>,
) -> bool {
    let list = match list {
        Ok(list) => list,
        Err(err) => {
            report::error(format_args!("cannot list processes: {err}"));
            return false;
        }
    };
    let mut selector = Selector::new().name(name);
    if !all_users {
        selector = selector.own();
    }
    let before = selected.len();
    selected.extend(chosen(list, &selector).filter_map(|info| Selected::listed(operand, info)));
    selected.len() > before
}

/// What the selection options (`--pattern`, `--parent`, `--user`,
/// `--port`) choose, as targets: every process that matches all of them,
/// the caller's own unless `-a` or `--user` (never sigsend itself). `None`
/// when no such option was given; a failure is reported and comes back as
/// the exit status: a user that does not exist is a usage error, as a bad
/// `--port` or `--parent` is; a port table or a `list` that could not be
/// read is a failure.
pub(crate) fn by_options(
    send: &Request,
    list: &Result<Vec<ProcessInfo>, sigsend::Error>,
) -> Result<Option<Vec<Selected<'static>>>, Status> {
    let options = &send.select;
    if !options.selects() {
        return Ok(None);
    }
    let fail = |what: &str, err: &dyn std::fmt::Display| {
        report::error(format_args!("{what}: {err}"));
        Status::Failure
    };
    let mut selector = Selector::new();
    if let Some(ppid) = options.parent {
        selector = selector.parent(ppid);
    }
    match &options.user {
        Some(user) => {
            let id = UserId::named(user).map_err(|err| {
                let status = fail("--user", &err);
                if err.kind() != sigsend::ErrorKind::InvalidInput {
                    return status;
                }
                report::try_help();
                Status::Usage
            })?;
            selector = selector.user(id);
        }
        None if !send.all_users => selector = selector.own(),
        None => {}
    }
    if let Some(pattern) = &options.pattern {
        let regex = pattern.clone();
        let full = options.full;
        selector = selector.matching(move |info| match info.cmdline() {
            Some(args) if full => regex.is_match(&args.join(" ")),
            _ => regex.is_match(info.name()),
        });
    }
    if let Some((port, protocol)) = options.port {
        let holders =
            sigsend::processes_on_port(port, protocol).map_err(|err| fail("--port", &err))?;
        let pids: HashSet<u32> = holders.iter().map(PortHolder::pid).collect();
        selector = selector.matching(move |info| pids.contains(&info.pid()));
    }
    let list = list
        .as_ref()
        .map_err(|err| fail("cannot list processes", err))?;
    Ok(Some(
        chosen(list, &selector)
            .filter_map(|info| Selected::listed(SELECTION, info))
            .collect(),
    ))
}

/// The operand of the targets that the selection options chose.
pub(crate) const SELECTION: &str = "(selection)";
