//! `-d PID[:INODE]`, `--show-process-state`: a process's signal state, as
//! util-linux prints it: one line per non-empty set, each name followed by
//! a space (`Blocked: HUP USR1 `).

use std::io::{self, Write};

use sigsend::{SignalSet, SignalState};

use crate::operand::{self, Operand};
use crate::report;
use crate::status::Status;

/// Reads the state of the process `operand` names; on failure says why
/// and gives the exit status.
pub(crate) fn read(operand: &str) -> Result<SignalState, Status> {
    // A pid is read as util-linux reads it, by number (a thread ID too);
    // PID:INODE through a handle, only while it names that process.
    let state = match operand::parse(operand.as_ref()) {
        Ok(Operand::Pid(pid)) if pid > 0 => sigsend::signal_state(pid.unsigned_abs()),
        Ok(Operand::PidInode { pid, inode }) => {
            operand::open(pid, Some(inode)).and_then(|process| process.signal_state())
        }
        _ => {
            report::error(format_args!(
                "--show-process-state takes a process ID or PID:INODE, not {operand:?}"
            ));
            report::try_help();
            return Err(Status::Usage);
        }
    };
    state.map_err(|err| {
        report::error(format_args!(
            "cannot read the signal state of {operand}: {}",
            report::os_message(&err)
        ));
        Status::Failure
    })
}

/// Writes the non-empty sets of `state`, util-linux's labels first.
pub(crate) fn write(out: &mut impl Write, state: &SignalState) -> io::Result<()> {
    let sets: [(&str, &SignalSet); 5] = [
        ("Pending (thread)", &state.pending_thread),
        ("Pending (process)", &state.pending_process),
        ("Blocked", &state.blocked),
        ("Ignored", &state.ignored),
        ("Caught", &state.caught),
    ];
    for (label, set) in sets {
        if set.is_empty() {
            continue;
        }
        write!(out, "{label}: ")?;
        for signal in set.iter() {
            write!(out, "{} ", signal.name())?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigsend::Signal;

    #[test]
    fn only_non_empty_sets_are_written() {
        let mut state = SignalState::default();
        state.blocked = [Signal::INT, Signal::TERM].into_iter().collect();
        state.caught = [Signal::ABRT].into_iter().collect();
        let mut out = Vec::new();
        write(&mut out, &state).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Blocked: INT TERM \nCaught: ABRT \n"
        );
    }
}
