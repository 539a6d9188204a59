//! Sending: every operand is read first (a bad one: nothing is sent), the
//! targets are selected (names, `PID:INODE`), `-r` leaves out those that do
//! not catch the signal, then `-p` prints them, `--dry-run` says what it
//! would send, or the signal goes to each; `--verbose` and `--json` tell
//! what happened.

use std::io::{self, Write};

use sigsend::Target;

use crate::live::Live;
use crate::operand::{self, Operand};
use crate::probe::probe;
use crate::record::{self, Outcome, Record};
use crate::select::{self, Selected};
use crate::status::{print, Status};
use crate::{escalate, json, report, tree};
use sigsend_cli::args::Request;

/// Carries out `sigsend [options] OPERAND...`.
///
/// A pid is read as `kill(2)` reads it (`0` the caller's group, `-1` every
/// process, `-N` the group N) and sent through [`sigsend::Target`], which
/// gives each OS its meaning: on Windows, signal 0 probes and is never
/// Ctrl+C, `CTRL_BREAK` goes to a console process group named as one
/// (`-PGID`; to a pid it is refused, since Windows would take a pid that
/// leads no group for the whole console), and any other signal ends the
/// process with its number as exit code. A failure
/// is reported with the operand as typed and the OS's words, as util-linux
/// does (`sending signal to 123 failed: No such process`).
pub(crate) fn run(send: &Request) -> Status {
    let mut operands = Vec::with_capacity(send.operands.len());
    let mut all_good = true;
    for (index, operand) in send.operands.iter().enumerate() {
        // A NAME is matched on its bytes as given, never on `operand`,
        // whose bad bytes were replaced.
        match operand::parse(send.operand_os(index)) {
            Ok(target) => operands.push((operand.as_str(), target)),
            Err(err) => {
                report::error(err);
                all_good = false;
            }
        }
    }
    if !all_good {
        return Status::Failure;
    }
    if send.json && send.verbose {
        // The document has every signal sent; stdout holds it alone.
        report::error("--json and --verbose cannot be combined: the document tells every signal");
        report::try_help();
        return Status::Usage;
    }
    if send.queue.is_some() || send.needs_handles() || send.select.tree {
        let group = operands
            .iter()
            .find(|(_, target)| matches!(target, Operand::Pid(pid) if *pid <= 0));
        if let Some((operand, _)) = group {
            report::error(format_args!(
                "--queue, --timeout, --wait and --tree take process IDs, not a process group, \
                 0 or -1: {operand}"
            ));
            report::try_help();
            return Status::Usage;
        }
    }

    let processes = select::processes(&operands, send);
    let (mut selected, mut missed) = select::select(&operands, send, &processes);
    match select::by_options(send, &processes) {
        Err(status) => return status,
        Ok(None) => {}
        Ok(Some(chosen)) if chosen.is_empty() => missed.push(select::not_found(select::SELECTION)),
        Ok(Some(chosen)) => selected.extend(chosen),
    }
    let mut live = Live::new(send.verbose && !send.json && said_live(send));
    let (selected, skipped) = handlers_only(send, selected, &mut live);
    // A plan's waits end early on SIGHUP, SIGINT, SIGQUIT or SIGTERM, held
    // back until the report is written; dropping the guard then lets the
    // signal end sigsend, as the shell expects (where the guard cannot be
    // had, Windows, those signals keep their usual effect).
    let interrupts = send
        .needs_handles()
        .then(sigsend::Interrupts::defer)
        .and_then(Result::ok);
    let mut records = if (send.print_pids || send.dry_run) && send.select.tree {
        tree::list(send, selected)
    } else if send.print_pids {
        selected.into_iter().map(|target| target.record).collect()
    } else if send.dry_run {
        selected.into_iter().map(check).collect()
    } else if send.needs_handles() {
        // With or without --tree.
        escalate::run(send, selected, &mut live)
    } else if send.select.tree {
        tree::deliver(send, selected)
    } else {
        deliver(send, selected, &mut live)
    };
    records.extend(skipped);
    if send.require_handler && !send.select.tree {
        let unfound = unfound(&records);
        records.extend(unfound);
    }
    records.extend(missed);
    records.sort_by_key(|record| position(send, record));

    let status = record::status(&records);
    let told = print(|out| tell(out, send, &records, status).map(|()| true));
    // The report is out: a signal held back takes its course now.
    drop(interrupts);
    if told != Status::Success {
        told
    } else if live.status() != Status::Success {
        live.status()
    } else {
        status
    }
}

/// Where a record's operand stands on the command line, to report in order.
fn position(send: &Request, record: &Record<'_>) -> usize {
    send.operands
        .iter()
        .position(|operand| std::ptr::eq(operand.as_str(), record.operand))
        .unwrap_or(usize::MAX)
}

/// `-r`: splits off, as records, the processes that do not catch the
/// signal (see [`verdict`]), saying each skipped with `live` before
/// anything is sent. Not for a plain send, which asks each target in turn
/// ([`deliver`]), nor for `--tree`, whose walk asks every member itself.
fn handlers_only<'a>(
    send: &Request,
    selected: Vec<Selected<'a>>,
    live: &mut Live,
) -> (Vec<Selected<'a>>, Vec<Record<'a>>) {
    if !send.require_handler || send.select.tree || plain(send) {
        return (selected, Vec::new());
    }
    let mut kept = Vec::new();
    let mut left = Vec::new();
    for target in selected {
        match verdict(send, &target) {
            Verdict::Send => kept.push(target),
            Verdict::Skip => {
                live.skipped(send.signal, target.pid);
                left.push(skip(target.record));
            }
            Verdict::Fail(err) => {
                let mut record = target.record;
                record.refuse(&err);
                left.push(record);
            }
        }
    }
    (kept, left)
}

/// What `-r` does with a target.
enum Verdict {
    /// It catches the signal: send it.
    Send,
    /// It does not (or its signal state cannot be read, as util-linux has
    /// it; or it is a process group, whose handlers cannot be read).
    Skip,
    /// A pid as typed that names no process: it fails, as sending to it
    /// would (a listed process that ended meanwhile is just skipped).
    Fail(sigsend::Error),
}

fn verdict(send: &Request, target: &Selected<'_>) -> Verdict {
    let state = match (&target.handle, u32::try_from(target.pid)) {
        (Some(handle), _) => handle.signal_state(),
        (None, Ok(pid)) if pid > 0 => sigsend::signal_state(pid),
        (None, _) => return Verdict::Skip,
    };
    match state {
        Ok(state) if state.caught.contains(send.signal) => Verdict::Send,
        Err(err)
            if err.kind() == sigsend::ErrorKind::NoSuchProcess && target.record.name.is_none() =>
        {
            match probe(target.handle.as_ref(), target.pid) {
                Err(err) => Verdict::Fail(err),
                Ok(()) => Verdict::Skip,
            }
        }
        _ => Verdict::Skip,
    }
}

/// `-r`: a name (or the selection options) whose every process was
/// skipped is not found, as util-linux counts it (`cannot find process
/// "NAME"`): its record, said on stderr, once per operand.
fn unfound<'a>(records: &[Record<'a>]) -> Vec<Record<'a>> {
    let mut unfound: Vec<Record<'a>> = Vec::new();
    for record in records {
        let operand = record.operand;
        let same = |other: &Record<'_>| std::ptr::eq(other.operand, operand);
        let listed = record.outcome == Outcome::Skipped && record.name.is_some();
        let reached = records
            .iter()
            .any(|other| same(other) && other.outcome != Outcome::Skipped);
        if listed && !reached && !unfound.iter().any(same) {
            unfound.push(select::not_found(operand));
        }
    }
    unfound
}

/// Whether the run is a plain send: one signal to each target, in turn.
fn plain(send: &Request) -> bool {
    !send.print_pids && !send.dry_run && !send.needs_handles() && !send.select.tree
}

/// Whether `--verbose`'s lines are said as the signals are sent ([`Live`]):
/// in a plain send and a plan; a tree kill's, `-p`'s and `--dry-run`'s are
/// said at the end.
fn said_live(send: &Request) -> bool {
    plain(send) || (!send.print_pids && !send.dry_run && send.needs_handles())
}

/// `--dry-run`: whether the signal could be sent, asked without sending
/// it (the null signal: the target exists and may be signalled, its id is
/// one the OS takes); a failure is reported as the real run reports it.
fn check(target: Selected<'_>) -> Record<'_> {
    let mut record = target.record;
    if let Err(err) = probe(target.handle.as_ref(), target.pid) {
        record.refuse(&err);
    }
    record
}

fn skip(mut record: Record<'_>) -> Record<'_> {
    record.outcome = Outcome::Skipped;
    record
}

/// One signal to each target (carrying `-q`'s value, if any): through its
/// handle (`PID:INODE`), else as `kill(2)` (or `sigqueue(3)`) reads its pid;
/// with `-r`, only to those that catch it. `live` says each as it is sent
/// (or left alone).
fn deliver<'a>(send: &Request, selected: Vec<Selected<'a>>, live: &mut Live) -> Vec<Record<'a>> {
    let mut records = Vec::with_capacity(selected.len());
    for target in selected {
        if send.require_handler {
            match verdict(send, &target) {
                Verdict::Send => {}
                Verdict::Skip => {
                    live.skipped(send.signal, target.pid);
                    records.push(skip(target.record));
                    continue;
                }
                Verdict::Fail(err) => {
                    let mut record = target.record;
                    record.refuse(&err);
                    records.push(record);
                    continue;
                }
            }
        }
        let Selected {
            mut record,
            pid,
            handle,
        } = target;
        let result = match (&handle, send.queue) {
            (Some(handle), None) => handle.signal(send.signal),
            (Some(handle), Some(value)) => handle.signal_with_value(send.signal, value),
            (None, None) => Target::from_kill_pid(pid).send(send.signal),
            (None, Some(value)) => Target::from_kill_pid(pid).send_with_value(send.signal, value),
        };
        live.sent(false, send.signal, pid);
        match result {
            Ok(()) => record.sent.push((send.signal, Ok(()))),
            Err(err) => record.fail(send.signal, err),
        }
        records.push(record);
    }
    records
}

/// What stdout says: the JSON document; or the pids (`-p`) or the plan
/// (`--dry-run`) of the targets selected (not those that failed or were
/// not found), or `--verbose`'s lines of a tree kill (with `-r`, for each
/// process skipped too; the others were said as sent, by [`Live`]).
fn tell(
    out: &mut impl Write,
    send: &Request,
    records: &[Record<'_>],
    status: Status,
) -> io::Result<()> {
    if send.json {
        return json::write(out, send, records, status);
    }
    for record in records {
        let Some(pid) = record.pid else { continue };
        if record.outcome == Outcome::Skipped {
            // A process group (pid 0 or below) is skipped without a word.
            if send.verbose && pid > 0 && !said_live(send) {
                writeln!(
                    out,
                    "not signalling pid {pid}, it has no userspace handler for signal {}",
                    send.signal.as_raw()
                )?;
            }
            continue;
        }
        if (send.print_pids || send.dry_run) && record.outcome != Outcome::Done {
            // Only the targets selected: not one that failed or is gone.
            continue;
        }
        if send.print_pids {
            if send.verbose {
                writeln!(out, "sending signal {} to pid {pid}", send.signal.as_raw())?;
            }
            writeln!(out, "{pid}")?;
        } else if send.dry_run {
            dry_run(out, send, record, pid)?;
        } else if send.verbose && !said_live(send) {
            for (i, (signal, _)) in record.sent.iter().enumerate() {
                let timeout = if i == 0 { "" } else { "timeout, " };
                writeln!(
                    out,
                    "{timeout}sending signal {} to pid {pid}",
                    signal.as_raw()
                )?;
            }
        }
    }
    Ok(())
}

/// `would send SIGTERM to process 1234 (nginx)`, with the later steps.
fn dry_run(out: &mut impl Write, send: &Request, record: &Record<'_>, pid: i32) -> io::Result<()> {
    write!(out, "would send {}", send.signal)?;
    if let Some(value) = send.queue {
        write!(out, " carrying {value}")?;
    }
    write!(out, " to {}", Target::from_kill_pid(pid))?;
    if let Some(name) = &record.name {
        write!(out, " ({})", report::escape(name))?;
    }
    for (wait, signal) in &send.timeouts {
        write!(
            out,
            ", then {signal} after {} ms if it still runs",
            wait.as_millis()
        )?;
    }
    writeln!(out)
}
