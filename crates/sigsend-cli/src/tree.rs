//! `--tree`: every target with all its descendants. Sending goes through
//! the library's `kill_tree`, which holds the tree still before it signals
//! (so a child forked meanwhile is not missed); `-p` and `--dry-run` list
//! one snapshot of it.

use sigsend::TreeOutcome;

use crate::record::{Outcome, Record};
use crate::select::Selected;
use sigsend_cli::args::Send;

/// `kill_tree` on each target: one record per process reached, the
/// target's first.
pub fn deliver<'a>(send: &Send, selected: Vec<Selected<'a>>) -> Vec<Record<'a>> {
    let mut records = Vec::new();
    for target in selected {
        // Only processes reach here.
        let (mut record, root) = target.open();
        let operand = record.operand;
        let reports = match root.and_then(|root| sigsend::kill_tree(&root, send.signal)) {
            Ok(reports) => reports,
            Err(err) => {
                record.fail(send.signal, err);
                records.push(record);
                continue;
            }
        };
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
                // A later sigsend may know outcomes this version does not.
                _ => {}
            }
            records.push(record);
        }
    }
    records
}

/// `-p`, `--dry-run`: each target, then its descendants as listed now.
pub fn list(selected: Vec<Selected<'_>>) -> Vec<Record<'_>> {
    let mut records = Vec::new();
    for target in selected {
        let operand = target.record.operand;
        let below = match u32::try_from(target.pid) {
            Ok(pid) if pid > 0 => sigsend::descendants(pid).unwrap_or_default(),
            _ => Vec::new(),
        };
        records.push(target.record);
        for info in below {
            let pid = i32::try_from(info.pid()).ok();
            records.push(Record::new(operand, pid, Some(info.name().to_owned())));
        }
    }
    records
}
