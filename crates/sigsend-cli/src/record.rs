//! [`Record`]: what happened to one target, kept for the exit status and
//! `--json`.

use sigsend::{Exit, Signal};

use crate::report;
use crate::status::Status;

/// One target: where it came from, every signal sent and its result, and
/// how it ended where that was waited for.
#[derive(Debug)]
pub(crate) struct Record<'a> {
    /// The operand as typed (a pid, `PID:INODE`, or a name).
    pub operand: &'a str,
    /// The `kill(2)` pid, once known (a name that matched nothing has none).
    pub pid: Option<i32>,
    /// The process's name, when it was selected by name.
    pub name: Option<String>,
    /// The name of a process given by pid, read for `--json` (`None`: not
    /// read, or the process could not be read).
    pub read_name: Option<String>,
    /// Each signal sent, in order, with its result.
    pub sent: Vec<(Signal, Result<(), sigsend::Error>)>,
    /// How it exited, where it was waited for.
    pub exit: Option<Exit>,
    /// The outcome in one word.
    pub outcome: Outcome,
    /// Why it failed or was not found, as stderr said it.
    pub error: Option<Problem>,
    /// Still running at the end (`StillRunning`, `Interrupted`) because it
    /// is stopped by a signal: it cannot exit until it is continued.
    pub stopped: bool,
}

/// Why a target failed, at whatever stage: what `--json` gives as its
/// `error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// The library's [`sigsend::ErrorKind`], by name (`NoSuchProcess`).
    pub kind: String,
    /// The OS's error code, where the OS refused.
    pub code: Option<i32>,
    /// The message stderr gave, without the program's name.
    pub message: String,
}

impl Problem {
    /// `err`, with `message` as stderr gives it.
    pub(crate) fn of(err: &sigsend::Error, message: String) -> Problem {
        Problem {
            kind: format!("{:?}", err.kind()),
            code: err.raw_os_error(),
            message,
        }
    }
}

/// How a target came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Signalled (or printed, for `-p`; planned, for `--dry-run`).
    Done,
    /// A signal failed, or the target could not be reached; said on stderr.
    Failed,
    /// A name that matched no process.
    NotFound,
    /// `--tree`: a member that exited before the signal reached it, which
    /// is what the signal was for.
    Gone,
    /// `-r`: it does not catch the signal, so it was left alone. Not
    /// counted, as util-linux does not count it.
    Skipped,
    /// `--wait`: still running when the wait ended.
    StillRunning,
    /// `--timeout`, `--wait`: still running when a signal to sigsend
    /// (SIGHUP, SIGINT, SIGQUIT, SIGTERM) ended the wait; nothing more was
    /// sent to it.
    Interrupted,
}

impl<'a> Record<'a> {
    /// The target as messages name it: the operand as typed (a pid, or a
    /// name as util-linux says it), with the pid where the operand says
    /// neither (a selection, a tree's member).
    /// Control characters come escaped ([`report::escape`]).
    pub(crate) fn label(&self) -> String {
        let operand = report::escape(self.operand);
        match self.pid {
            Some(pid)
                if !says_pid(self.operand, pid) && self.name.as_deref() != Some(self.operand) =>
            {
                format!("{operand} (pid {pid})")
            }
            _ => operand.into_owned(),
        }
    }

    /// The target as messages name it, always with its pid: `1234`,
    /// `sleep (pid 1234)` (two processes of one name are told apart).
    pub(crate) fn label_with_pid(&self) -> String {
        match self.pid {
            Some(pid) if self.operand != pid.to_string() => {
                format!("{} (pid {pid})", self.operand)
            }
            _ => self.operand.to_owned(),
        }
    }

    /// Reports on stderr that `signal` could not be sent, in util-linux's
    /// words, and records the failure.
    pub(crate) fn fail(&mut self, signal: Signal, err: sigsend::Error) {
        self.refuse(&err);
        self.sent.push((signal, Err(err)));
    }

    /// Reports on stderr, in util-linux's words, that a signal to it
    /// could not be sent or would fail (`--dry-run`), and records the
    /// failure; nothing was sent.
    pub(crate) fn refuse(&mut self, err: &sigsend::Error) {
        let message = format!(
            "sending signal to {} failed: {}",
            self.label(),
            report::os_message(err)
        );
        self.failed(Outcome::Failed, Problem::of(err, message));
    }

    /// Reports `problem` on stderr and records it, with `outcome`
    /// (`Failed` or `NotFound`).
    pub(crate) fn failed(&mut self, outcome: Outcome, problem: Problem) {
        report::error(&problem.message);
        self.error = Some(problem);
        self.outcome = outcome;
    }

    /// A target about to be handled.
    pub(crate) fn new(operand: &'a str, pid: Option<i32>, name: Option<String>) -> Record<'a> {
        Record::with_outcome(operand, pid, name, Outcome::Done)
    }

    /// A target that came out as `outcome` without a signal sent to it.
    pub(crate) fn with_outcome(
        operand: &'a str,
        pid: Option<i32>,
        name: Option<String>,
        outcome: Outcome,
    ) -> Record<'a> {
        Record {
            operand,
            pid,
            name,
            read_name: None,
            sent: Vec::new(),
            exit: None,
            outcome,
            error: None,
            stopped: false,
        }
    }
}

/// Whether `operand` gives `pid` itself: the pid, or `PID:INODE`.
fn says_pid(operand: &str, pid: i32) -> bool {
    let pid = pid.to_string();
    operand == pid
        || operand
            .strip_prefix(&pid)
            .is_some_and(|rest| rest.starts_with(':'))
}

/// The exit status of a run: 3 if a target outlived `--wait` (or was still
/// waited for when a signal interrupted the wait), else 0 when
/// every counted target succeeded, 1 when all failed (or none was counted),
/// 64 for some of each.
pub(crate) fn status(records: &[Record<'_>]) -> Status {
    let counted = records.iter().filter(|r| r.outcome != Outcome::Skipped);
    let (mut total, mut failed) = (0, 0);
    for record in counted {
        total += 1;
        match record.outcome {
            Outcome::StillRunning | Outcome::Interrupted => return Status::TimedOut,
            Outcome::Failed | Outcome::NotFound => failed += 1,
            Outcome::Done | Outcome::Gone | Outcome::Skipped => {}
        }
    }
    Status::of_delivery(total, failed)
}
