//! Sending: every operand is checked first, then the signal goes to each
//! target in turn through the library.

use crate::target::{self, Target};
use crate::Status;
use crate::{escalate, report};
use sigsend_cli::args::Send;

/// Carries out `sigsend [-s SIG | -SIG] PID...`.
///
/// A pid is read as `kill(2)` reads it (`0` the caller's group, `-1` every
/// process, `-N` the group N) and sent through [`sigsend::Target`], which
/// gives each OS its meaning: on Windows, signal 0 probes and is never
/// Ctrl+C, `CTRL_C`/`CTRL_BREAK` go to a console process group, and any
/// other signal ends the process with its number as exit code.
///
/// Nothing is sent unless every operand is good: each bad one is reported
/// and the status is a failure. Then each target gets the signal; a failure
/// is reported with the operand as typed and the OS's words, as util-linux
/// does (`sending signal to 123 failed: No such process`).
pub fn run(send: &Send) -> Status {
    if let Some(option) = not_yet(send) {
        return report::not_yet(option);
    }
    let mut targets = Vec::with_capacity(send.operands.len());
    let mut all_good = true;
    for operand in &send.operands {
        match target::parse(operand) {
            Ok(target) => targets.push((operand, target)),
            Err(err) => {
                report::error(err);
                all_good = false;
            }
        }
    }
    if !all_good {
        return Status::Failure;
    }
    if send.needs_handles() {
        return escalate::run(send, &targets);
    }

    let mut failed = 0;
    for (operand, target) in &targets {
        let Target::Pid(pid) = *target;
        if let Err(err) = sigsend::Target::from_kill_pid(pid).send(send.signal) {
            report::error(format_args!(
                "sending signal to {operand} failed: {}",
                report::os_message(&err)
            ));
            failed += 1;
        }
    }
    Status::of_delivery(targets.len(), failed)
}

/// The first option of `send` that this version cannot carry out yet.
fn not_yet(send: &Send) -> Option<&'static str> {
    [
        (send.print_pids, "--pid"),
        (send.all_users, "--all"),
        (send.require_handler, "--require-handler"),
        (send.verbose, "--verbose"),
        (send.json, "--json"),
        (send.dry_run, "--dry-run"),
    ]
    .into_iter()
    .find_map(|(given, option)| given.then_some(option))
}
