//! `--verbose`'s lines as the signals go ([`Live`]), written by a plain
//! send and by a plan alike.

use std::io::Write;

use crate::status::{print, Status};

/// `--verbose`'s `sending signal N to pid P` lines (not with `--json`),
/// each written and flushed as its signal is sent: by `send.rs`'s
/// `deliver` and by a plan (`escalate::run`), whose later steps say
/// `timeout, sending signal N to pid P`.
pub(crate) struct Live {
    on: bool,
    /// A failure to write (reported once; nothing more is written).
    status: Status,
}

impl Live {
    /// Lines that are said if `on`, else none.
    pub(crate) fn new(on: bool) -> Live {
        Live {
            on,
            status: Status::Success,
        }
    }

    /// [`Status::Success`], or the failure to write a line.
    pub(crate) fn status(&self) -> Status {
        self.status
    }

    /// Says that `pid` is left alone (`-r`): it does not catch `signal`
    /// (a process group is left alone without a word).
    pub(crate) fn skipped(&mut self, signal: sigsend::Signal, pid: i32) {
        if pid > 0 {
            self.say(format_args!(
                "not signalling pid {pid}, it has no userspace handler for signal {}",
                signal.as_raw()
            ));
        }
    }

    /// Says that `signal` was sent to `pid`, by a later step of a plan if
    /// `later`.
    pub(crate) fn sent(
        &mut self,
        later: bool,
        signal: sigsend::Signal,
        pid: impl std::fmt::Display,
    ) {
        let timeout = if later { "timeout, " } else { "" };
        self.say(format_args!(
            "{timeout}sending signal {} to pid {pid}",
            signal.as_raw()
        ));
    }

    /// Writes `line` and a newline on stdout, and flushes it; nothing once
    /// a write failed.
    fn say(&mut self, line: std::fmt::Arguments<'_>) {
        if self.on && self.status == Status::Success {
            self.status = print(|out| writeln!(out, "{line}").map(|()| true));
        }
    }
}
