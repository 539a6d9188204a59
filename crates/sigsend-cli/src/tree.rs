//! `--tree`: every target with all its descendants. Sending goes through
//! the library's `kill_trees_where`, which holds the trees still before it
//! signals (so a child forked meanwhile is not missed), walks them all at
//! once (a process in two trees gets the signal once), and with `-r`
//! leaves out every member that does not catch the signal; `-p` and
//! `--dry-run` list one snapshot of them.

use std::collections::HashSet;

use sigsend::{Process, TreeOutcome};

use crate::probe::{catches, probe};
use crate::record::{Outcome, Problem, Record};
use crate::report;
use crate::select::Selected;
use sigsend_cli::args::Request;

/// `kill_trees_where` on the targets: one record per process reached,
/// each target's first.
pub(crate) fn deliver<'a>(send: &Request, selected: Vec<Selected<'a>>) -> Vec<Record<'a>> {
    let mut records = Vec::new();
    let mut roots: Vec<(Record<'a>, Process)> = Vec::new();
    for target in selected {
        // Only processes reach here.
        match target.open() {
            (record, Ok(root)) => roots.push((record, root)),
            (mut record, Err(err)) => {
                record.fail(send.signal, err);
                records.push(record);
            }
        }
    }
    let wanted =
        |process: &Process| !send.require_handler || catches(process.signal_state(), send.signal);
    let trees = sigsend::kill_trees_where(roots.iter().map(|(_, root)| root), send.signal, wanted);
    let trees = match trees {
        Ok(trees) => trees,
        Err(err) => {
            for (mut record, _) in roots {
                record.fail(send.signal, err.clone());
                records.push(record);
            }
            return records;
        }
    };
    for ((record, _), reports) in roots.into_iter().zip(trees) {
        let operand = record.operand;
        let mut first = Some(record);
        for member in reports {
            let pid = i32::try_from(member.pid).ok();
            let mut record = first
                .take()
                .unwrap_or_else(|| Record::new(operand, pid, None));
            match member.outcome {
                TreeOutcome::Signaled => record.sent.push((send.signal, Ok(()))),
                TreeOutcome::Gone => record.outcome = Outcome::Gone,
                TreeOutcome::Failed(err) => record.fail(send.signal, err),
                TreeOutcome::Skipped => record.outcome = Outcome::Skipped,
                // A later sigsend may know outcomes this version does not.
                _ => {}
            }
            records.push(record);
        }
    }
    records
}

/// `-p`, `--dry-run`: each target, then its descendants as listed now,
/// each process once (trees may overlap); with `-r`, those that do not
/// catch the signal are skipped.
pub(crate) fn list<'a>(send: &Request, selected: Vec<Selected<'a>>) -> Vec<Record<'a>> {
    let mut records = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |seen: &mut HashSet<i32>, mut record: Record<'a>| {
        if record.pid.is_some_and(|pid| !seen.insert(pid)) {
            return;
        }
        let pid = record.pid.and_then(|pid| u32::try_from(pid).ok());
        if send.require_handler
            && record.outcome == Outcome::Done
            && !pid.is_some_and(|pid| catches(sigsend::signal_state(pid), send.signal))
        {
            record.outcome = Outcome::Skipped;
        }
        // --dry-run: each process checked as a lone target is; one that
        // ended since it was listed is gone, as a tree kill has it.
        if send.dry_run && !send.print_pids && record.outcome == Outcome::Done {
            match record.pid.map(|pid| probe(None, pid)) {
                Some(Err(err)) if err.kind() == sigsend::ErrorKind::NoSuchProcess => {
                    record.outcome = Outcome::Gone;
                }
                Some(Err(err)) => record.refuse(&err),
                _ => {}
            }
        }
        records.push(record);
    };
    // One list for every tree: read once, not once per target.
    let list = sigsend::processes_with(sigsend::Fields::START_TIME);
    let family = list.as_ref().map(|list| sigsend::Descendants::new(list));
    for target in selected {
        let operand = target.record.operand;
        let below = match u32::try_from(target.pid) {
            // A process listed already came with its descendants, from the
            // same list: a root named again, or a member of an earlier tree.
            Ok(pid) if pid > 0 && seen.contains(&target.pid) => Ok(Vec::new()),
            Ok(pid) if pid > 0 => match &family {
                Ok(family) => family.of(pid),
                Err(err) => Err((*err).clone()),
            },
            _ => Ok(Vec::new()),
        };
        // A tree that cannot be listed is not listed as its root alone.
        let below = match below {
            Ok(below) => below,
            Err(err) => {
                let message = format!("cannot list the tree of {}: {err}", report::escape(operand));
                let mut record = target.record;
                record.failed(Outcome::Failed, Problem::of(&err, message));
                add(&mut seen, record);
                continue;
            }
        };
        add(&mut seen, target.record);
        for info in below {
            let pid = i32::try_from(info.pid()).ok();
            add(
                &mut seen,
                Record::new(operand, pid, Some(info.name().to_owned())),
            );
        }
    }
    records
}
