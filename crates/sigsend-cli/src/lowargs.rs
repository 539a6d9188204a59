//! The data of a command line, at the bottom of the parse: what
//! [`parse`](crate::args::parse) gives ([`Command`], [`Request`], [`Select`],
//! [`Pattern`]) and its [`Error`]. It depends on none of the parse's
//! modules; the value parsers ([`crate::value`]), the rewriting of the
//! historical forms ([`crate::historical`]) and the parser itself
//! ([`crate::args`], which re-exports these) are built on it, as ripgrep's
//! `lowargs` under its `parse` and `hiargs`.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::time::Duration;

use sigsend::{Protocol, Signal};

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `-h`, `--help`: print the usage text.
    Help,
    /// `-V`, `-v`, `--version`: print the version.
    Version,
    /// `-l`, `--list` alone: list every signal name.
    ListNames,
    /// `-l ARG...`: convert each operand (number to name, name to number,
    /// `0xMASK` to names).
    Convert(Vec<String>),
    /// `-L`, `-t`, `--table`: list numbers and names.
    Table,
    /// `-d PID[:INODE]`, `--show-process-state PID[:INODE]`: show the signal
    /// state of a process; the operand as typed.
    ShowState(String),
    /// Send a signal to the operands.
    Send(Request),
}

/// The request to send a signal: `sigsend [-s SIG | -SIG] PID...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The signal to send; TERM unless one was given.
    pub signal: Signal,
    /// The operands as typed, in order, at least one (unless a selection
    /// option chooses the targets); one that is not UTF-8 has its bad
    /// bytes replaced, to show in messages.
    pub operands: Vec<String>,
    /// The same operands exactly as given, bytes kept: a NAME is matched on
    /// these (see [`Request::operand_os`]).
    pub raw_operands: Vec<OsString>,
    /// `-q INT`: the value every signal carries (`sigqueue`).
    pub queue: Option<i32>,
    /// `--timeout MS SIG`, in order: after the previous signal, wait up to
    /// MS for the targets to exit, then send SIG to those still running.
    pub timeouts: Vec<(Duration, Signal)>,
    /// `--wait[=DURATION]`: after the last signal, wait for every target to
    /// exit; `Some(None)` without limit.
    pub wait: Option<Option<Duration>>,
    /// `-p`, `--pid`: print the selected PIDs, send nothing.
    pub print_pids: bool,
    /// `-a`, `--all`: a process NAME matches processes of every user.
    pub all_users: bool,
    /// `-r`, `--require-handler`: skip a process that does not catch the
    /// signal.
    pub require_handler: bool,
    /// `--verbose`: say `sending signal N to pid P` for each target.
    pub verbose: bool,
    /// `--json`: one JSON document on stdout.
    pub json: bool,
    /// `--dry-run`: print what would be sent to whom, send nothing.
    pub dry_run: bool,
    /// The selection options beyond util-linux.
    pub select: Select,
}

/// The selection options beyond util-linux: targets chosen by what they
/// are rather than by pid. Each option narrows the selection; operands
/// add to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Select {
    /// `--pattern REGEX`: the process name (with `full`, the command line)
    /// matches REGEX.
    pub pattern: Option<Pattern>,
    /// `--full`: `pattern` is matched against the full command line.
    pub full: bool,
    /// `--parent PPID`: children of PPID.
    pub parent: Option<u32>,
    /// `--user USER|UID`: processes of that user, as typed.
    pub user: Option<String>,
    /// `--port PORT[/tcp|/udp]`: processes holding the port open.
    pub port: Option<(u16, Option<Protocol>)>,
    /// `--tree`: the targets and all their descendants.
    pub tree: bool,
}

/// The compiled REGEX of `--pattern`; two are equal when their text is.
#[derive(Clone)]
pub struct Pattern(regex_lite::Regex);

impl Pattern {
    /// Compiles `text`; the error says why it is no pattern.
    pub fn new(text: &str) -> Result<Pattern, regex_lite::Error> {
        regex_lite::Regex::new(text).map(Pattern)
    }

    /// The pattern as typed.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Whether `text` has a match.
    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.as_str()).finish()
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Pattern {}

impl Select {
    /// Whether an option selects processes by itself (then no operand is
    /// needed).
    pub fn selects(&self) -> bool {
        self.pattern.is_some()
            || self.parent.is_some()
            || self.user.is_some()
            || self.port.is_some()
    }
}

impl Default for Request {
    /// TERM, no operands, no options.
    fn default() -> Request {
        Request {
            signal: Signal::TERM,
            operands: Vec::new(),
            raw_operands: Vec::new(),
            queue: None,
            timeouts: Vec::new(),
            wait: None,
            print_pids: false,
            all_users: false,
            require_handler: false,
            verbose: false,
            json: false,
            dry_run: false,
            select: Select::default(),
        }
    }
}

impl Request {
    /// The operand `index` exactly as given (its text where no raw form was
    /// kept, as in a `Request` built by hand).
    ///
    /// # Panics
    /// When there is no operand `index`.
    pub fn operand_os(&self, index: usize) -> &OsStr {
        self.raw_operands
            .get(index)
            .map_or_else(|| OsStr::new(&self.operands[index]), OsString::as_os_str)
    }

    /// Whether the targets need process handles (escalation, a wait, or a
    /// value for every member of a tree), rather than one `kill(2)` each;
    /// a value alone goes by pid, as `sigqueue(3)` takes it (so a thread ID
    /// works, as with util-linux).
    pub fn needs_handles(&self) -> bool {
        !self.timeouts.is_empty()
            || self.wait.is_some()
            || (self.queue.is_some() && self.select.tree)
    }
}

/// Why the command line cannot be carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A signal argument that names no signal of this OS, as typed (without
    /// the `-` of `-SIG`). Exit status 1.
    InvalidSignal(String),
    /// Anything else wrong with the command line, said in full. Exit status 2.
    Usage(String),
}

/// The message, without the program name.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidSignal(text) => write!(f, "invalid signal name or number: {text}"),
            Error::Usage(message) => f.write_str(message),
        }
    }
}

/// clap reports a bad option value with this as its source.
impl std::error::Error for Error {}
