//! The command line, read as util-linux `kill` reads it, into a [`Command`].
//!
//! The rules, from util-linux `kill` and the spec (`spec/cli.md`):
//! - Options come only before the first operand; `--` ends them.
//! - `-s SIG`, `--signal SIG` (or `--signal=SIG`), `-n SIG` and `-SIG` (`-9`,
//!   `-KILL`, `-sigkill`, `-RTMIN+1`) choose the signal; the last one wins.
//! - Once a signal was given, an argument starting with `-` that is no known
//!   option (`-123`) is the first operand, a process group: it is never read
//!   as a second signal.
//! - `-l`, `-L`, `-h` and `-V` act at once, as in util-linux: whatever follows
//!   `-L`, `-h` or `-V` is ignored, whatever follows `-l` is what it converts.
//! - `-q INT` (`--queue INT`, `--queue=INT`) gives the signal a value;
//!   `--timeout MS SIG` (repeatable) adds an escalation step; `--wait` or
//!   `--wait=DURATION` waits for the targets to exit (see [`Send`]).
//!
//! Signal text is parsed only by [`Signal`]'s `FromStr`. Operands are kept
//! as typed: [`crate::target`] reads them, so that every bad one can be
//! reported before anything is sent.

use std::ffi::OsString;
use std::fmt;
use std::time::Duration;

use sigsend::Signal;

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
    /// Send a signal to the operands.
    Send(Send),
}

/// The request to send a signal: `sigsend [-s SIG | -SIG] PID...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Send {
    /// The signal to send; TERM unless one was given.
    pub signal: Signal,
    /// The operands as typed, in order, at least one.
    pub operands: Vec<String>,
    /// `-q INT`: the value every signal carries (`sigqueue`).
    pub queue: Option<i32>,
    /// `--timeout MS SIG`, in order: after the previous signal, wait up to
    /// MS for the targets to exit, then send SIG to those still running.
    pub timeouts: Vec<(Duration, Signal)>,
    /// `--wait[=DURATION]`: after the last signal, wait for every target to
    /// exit; `Some(None)` without limit.
    pub wait: Option<Option<Duration>>,
}

impl Default for Send {
    /// TERM, no operands, no options.
    fn default() -> Send {
        Send {
            signal: Signal::TERM,
            operands: Vec::new(),
            queue: None,
            timeouts: Vec::new(),
            wait: None,
        }
    }
}

impl Send {
    /// Whether the targets need process handles (a value, escalation or a
    /// wait), rather than one `kill(2)` each.
    pub fn needs_handles(&self) -> bool {
        self.queue.is_some() || !self.timeouts.is_empty() || self.wait.is_some()
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

/// Options of util-linux `kill` and of the spec that this version does not
/// implement yet: named, so that they are reported as such instead of being
/// read as a signal name (`-p` is no signal `p`).
const NOT_YET: &[&str] = &[
    "-a",
    "--all",
    "-p",
    "--pid",
    "-r",
    "--require-handler",
    "-d",
    "--show-process-state",
    "--verbose",
    "--pattern",
    "--full",
    "--parent",
    "--user",
    "--port",
    "--tree",
    "--dry-run",
    "--json",
];

/// Parses the arguments that follow the program name.
///
/// An argument that is not UTF-8 cannot be a signal or a process ID; it is
/// kept with its bad bytes replaced, which can name neither, and echoed
/// that way in messages.
pub fn parse<I>(args: I) -> Result<Command, Error>
where
    I: IntoIterator<Item = OsString>,
{
    let args: Vec<String> = args
        .into_iter()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let mut signal = None;
    let mut send = Send::default();
    let mut rest = args.as_slice();

    while let Some((arg, tail)) = rest.split_first() {
        if !arg.starts_with('-') {
            break;
        }
        if arg == "--" {
            rest = tail;
            break;
        }
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "-v" | "--version" => return Ok(Command::Version),
            "-L" | "-t" | "--table" => return Ok(Command::Table),
            "-l" | "--list" => return Ok(list(tail)),
            "-s" | "--signal" | "-n" => {
                let (value, tail) = tail
                    .split_first()
                    .ok_or_else(|| Error::Usage(format!("option '{arg}' requires an argument")))?;
                signal = Some(parse_signal(value)?);
                rest = tail;
                continue;
            }
            "-q" | "--queue" => {
                let (value, tail) = tail
                    .split_first()
                    .ok_or_else(|| Error::Usage(format!("option '{arg}' requires an argument")))?;
                send.queue = Some(parse_queue(value)?);
                rest = tail;
                continue;
            }
            "--timeout" => {
                let [ms, sig, tail @ ..] = tail else {
                    return Err(Error::Usage(
                        "option '--timeout' requires two arguments: MS SIGNAL".to_owned(),
                    ));
                };
                let ms = parse_count(ms).ok_or_else(|| {
                    Error::Usage(format!("invalid timeout in milliseconds: {ms}"))
                })?;
                send.timeouts
                    .push((Duration::from_millis(ms), parse_signal(sig)?));
                rest = tail;
                continue;
            }
            "--wait" => {
                send.wait = Some(None);
                rest = tail;
                continue;
            }
            _ => {}
        }
        if let Some(value) = arg.strip_prefix("--queue=") {
            send.queue = Some(parse_queue(value)?);
            rest = tail;
            continue;
        }
        if let Some(value) = arg.strip_prefix("--wait=") {
            send.wait = Some(Some(parse_duration(value).ok_or_else(|| {
                Error::Usage(format!(
                    "invalid duration for --wait: {value:?} (give 500ms, 5s, 2m, or seconds)"
                ))
            })?));
            rest = tail;
            continue;
        }
        if let Some(value) = arg.strip_prefix("--signal=") {
            signal = Some(parse_signal(value)?);
            rest = tail;
            continue;
        }
        if let Some(value) = arg
            .strip_prefix("--list=")
            .or_else(|| arg.strip_prefix("-l="))
        {
            let mut operands = vec![value.to_owned()];
            operands.extend(tail.iter().cloned());
            return Ok(Command::Convert(operands));
        }
        let name = arg.split_once('=').map_or(arg.as_str(), |(name, _)| name);
        if NOT_YET.contains(&name) {
            return Err(Error::Usage(format!(
                "option '{name}' is not supported yet"
            )));
        }
        if arg.starts_with("--") {
            return Err(Error::Usage(format!("unrecognized option '{arg}'")));
        }
        if signal.is_some() {
            // `-SIG -N`: the -N is the process group N, the first operand.
            break;
        }
        signal = Some(parse_signal(&arg[1..])?);
        rest = tail;
    }

    if rest.is_empty() {
        return Err(Error::Usage("no process ID specified".to_owned()));
    }
    send.signal = signal.unwrap_or(Signal::TERM);
    send.operands = rest.to_vec();
    Ok(Command::Send(send))
}

/// The value of `-q`: a decimal `int`, never truncated.
fn parse_queue(text: &str) -> Result<i32, Error> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(value) = text.parse() {
            return Ok(value);
        }
    }
    Err(Error::Usage(format!(
        "invalid value for --queue: {text} (an integer from {} to {})",
        i32::MIN,
        i32::MAX
    )))
}

/// Plain ASCII digits as a `u64`.
fn parse_count(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A duration: a number with a unit (`500ms`, `5s`, `2m`); a bare number
/// is seconds.
fn parse_duration(text: &str) -> Option<Duration> {
    if let Some(ms) = text.strip_suffix("ms") {
        return parse_count(ms).map(Duration::from_millis);
    }
    if let Some(minutes) = text.strip_suffix('m') {
        return parse_count(minutes)?
            .checked_mul(60)
            .map(Duration::from_secs);
    }
    let seconds = text.strip_suffix('s').unwrap_or(text);
    parse_count(seconds).map(Duration::from_secs)
}

/// `-l` with what follows it: all of it is to be converted (after a `--`,
/// which lets a conversion operand begin with `-`).
fn list(tail: &[String]) -> Command {
    let operands = match tail.split_first() {
        Some((first, after)) if first == "--" => after,
        _ => tail,
    };
    if operands.is_empty() {
        Command::ListNames
    } else {
        Command::Convert(operands.to_vec())
    }
}

/// A signal argument, read only by [`Signal`]'s parser.
fn parse_signal(text: &str) -> Result<Signal, Error> {
    text.parse()
        .map_err(|_| Error::InvalidSignal(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, Error> {
        parse(args.iter().map(OsString::from))
    }

    fn send(signal: Signal, operands: &[&str]) -> Result<Command, Error> {
        Ok(Command::Send(Send {
            signal,
            operands: operands.iter().map(|s| s.to_string()).collect(),
            ..Send::default()
        }))
    }

    fn usage(message: &str) -> Result<Command, Error> {
        Err(Error::Usage(message.to_owned()))
    }

    fn invalid(text: &str) -> Result<Command, Error> {
        Err(Error::InvalidSignal(text.to_owned()))
    }

    #[test]
    fn default_signal_is_term() {
        assert_eq!(parse_strs(&["123"]), send(Signal::TERM, &["123"]));
    }

    #[test]
    fn signal_forms() {
        assert_eq!(parse_strs(&["-9", "1"]), send(Signal::KILL, &["1"]));
        assert_eq!(parse_strs(&["-KILL", "1"]), send(Signal::KILL, &["1"]));
        assert_eq!(parse_strs(&["-sigkill", "1"]), send(Signal::KILL, &["1"]));
        assert_eq!(parse_strs(&["-s", "ABRT", "1"]), send(Signal::ABRT, &["1"]));
        assert_eq!(
            parse_strs(&["--signal", "int", "1"]),
            send(Signal::INT, &["1"])
        );
        assert_eq!(
            parse_strs(&["--signal=SEGV", "1"]),
            send(Signal::SEGV, &["1"])
        );
        assert_eq!(parse_strs(&["-n", "2", "1"]), send(Signal::INT, &["1"]));
        assert_eq!(
            parse_strs(&["-s", "9", "-s", "15", "1"]),
            send(Signal::TERM, &["1"])
        );
    }

    #[test]
    fn realtime_signal() {
        if let Some(rtmin) = Signal::rtmin() {
            let expected = Signal::from_raw(rtmin.as_raw() + 1).unwrap();
            assert_eq!(parse_strs(&["-RTMIN+1", "1"]), send(expected, &["1"]));
        }
    }

    #[test]
    fn dash_number_after_a_signal_is_a_group() {
        assert_eq!(parse_strs(&["-9", "-1234"]), send(Signal::KILL, &["-1234"]));
        assert_eq!(
            parse_strs(&["-s", "KILL", "-1234", "5"]),
            send(Signal::KILL, &["-1234", "5"])
        );
        assert_eq!(parse_strs(&["-9", "-HUP"]), send(Signal::KILL, &["-HUP"]));
    }

    #[test]
    fn double_dash_ends_options() {
        assert_eq!(parse_strs(&["--", "-1234"]), send(Signal::TERM, &["-1234"]));
        assert_eq!(parse_strs(&["-9", "--", "--"]), send(Signal::KILL, &["--"]));
    }

    #[test]
    fn options_only_before_the_first_operand() {
        assert_eq!(
            parse_strs(&["12", "-9", "-l"]),
            send(Signal::TERM, &["12", "-9", "-l"])
        );
    }

    #[test]
    fn no_operand_is_a_usage_error() {
        assert_eq!(parse_strs(&[]), usage("no process ID specified"));
        assert_eq!(parse_strs(&["-9"]), usage("no process ID specified"));
        assert_eq!(
            parse_strs(&["-s", "TERM"]),
            usage("no process ID specified")
        );
        assert_eq!(parse_strs(&["--"]), usage("no process ID specified"));
    }

    #[test]
    fn missing_option_argument() {
        assert_eq!(
            parse_strs(&["-s"]),
            usage("option '-s' requires an argument")
        );
        assert_eq!(
            parse_strs(&["--signal"]),
            usage("option '--signal' requires an argument")
        );
    }

    #[test]
    fn invalid_signals_echo_the_text() {
        assert_eq!(parse_strs(&["-FOO", "1"]), invalid("FOO"));
        #[cfg(unix)]
        assert_eq!(parse_strs(&["-65", "1"]), invalid("65"));
        assert_eq!(parse_strs(&["-2147483648", "1"]), invalid("2147483648"));
        assert_eq!(parse_strs(&["-4294967311", "1"]), invalid("4294967311"));
        assert_eq!(parse_strs(&["-s", "", "1"]), invalid(""));
        assert_eq!(parse_strs(&["-s", "-9", "1"]), invalid("-9"));
        assert_eq!(parse_strs(&["-", "1"]), invalid(""));
        // Checked as soon as it is read, before the missing operand.
        assert_eq!(parse_strs(&["-FOO"]), invalid("FOO"));
    }

    #[test]
    fn unknown_and_later_options() {
        assert_eq!(
            parse_strs(&["--foo", "1"]),
            usage("unrecognized option '--foo'")
        );
        assert_eq!(
            parse_strs(&["-9", "--foo", "1"]),
            usage("unrecognized option '--foo'")
        );
        assert_eq!(
            parse_strs(&["-p", "1"]),
            usage("option '-p' is not supported yet")
        );
    }

    #[test]
    fn queue_timeout_and_wait() {
        let parsed = parse_strs(&[
            "-q",
            "-5",
            "--timeout",
            "200",
            "KILL",
            "--timeout",
            "0",
            "9",
            "--wait=2m",
            "7",
        ]);
        let expected = Send {
            signal: Signal::TERM,
            operands: vec!["7".to_owned()],
            queue: Some(-5),
            timeouts: vec![
                (Duration::from_millis(200), Signal::KILL),
                (Duration::ZERO, Signal::KILL),
            ],
            wait: Some(Some(Duration::from_secs(120))),
        };
        assert_eq!(parsed, Ok(Command::Send(expected)));
        let Ok(Command::Send(send)) = parse_strs(&["--queue=3", "--wait", "-INT", "1"]) else {
            panic!("not a send");
        };
        assert_eq!(
            (send.signal, send.queue, send.wait),
            (Signal::INT, Some(3), Some(None))
        );
        assert!(send.needs_handles());
    }

    #[test]
    fn bad_queue_timeout_and_wait() {
        assert_eq!(
            parse_strs(&["-q", "2147483648", "1"]),
            usage(
                "invalid value for --queue: 2147483648 (an integer from -2147483648 to 2147483647)"
            )
        );
        assert_eq!(
            parse_strs(&["--timeout", "100"]),
            usage("option '--timeout' requires two arguments: MS SIGNAL")
        );
        assert_eq!(
            parse_strs(&["--timeout", "-1", "KILL", "1"]),
            usage("invalid timeout in milliseconds: -1")
        );
        assert_eq!(
            parse_strs(&["--timeout", "10", "NOPE", "1"]),
            invalid("NOPE")
        );
        assert_eq!(
            parse_strs(&["--wait=5h", "1"]),
            usage("invalid duration for --wait: \"5h\" (give 500ms, 5s, 2m, or seconds)")
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("5s"), Some(Duration::from_secs(5)));
        assert_eq!(parse_duration("5"), Some(Duration::from_secs(5)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        for bad in [
            "",
            "s",
            "ms",
            "-1s",
            "1.5s",
            "1h",
            "99999999999999999999",
            "x",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn immediate_actions() {
        assert_eq!(parse_strs(&["-h"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["-9", "--help", "x"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["-V"]), Ok(Command::Version));
        assert_eq!(parse_strs(&["--version"]), Ok(Command::Version));
        assert_eq!(parse_strs(&["-L"]), Ok(Command::Table));
        assert_eq!(parse_strs(&["-t"]), Ok(Command::Table));
        assert_eq!(parse_strs(&["--table"]), Ok(Command::Table));
    }

    #[test]
    fn list_forms() {
        let convert = |ops: &[&str]| {
            Ok(Command::Convert(
                ops.iter().map(|s| s.to_string()).collect(),
            ))
        };
        assert_eq!(parse_strs(&["-l"]), Ok(Command::ListNames));
        assert_eq!(parse_strs(&["--list"]), Ok(Command::ListNames));
        assert_eq!(parse_strs(&["-l", "--"]), Ok(Command::ListNames));
        assert_eq!(parse_strs(&["-l", "9", "KILL"]), convert(&["9", "KILL"]));
        assert_eq!(parse_strs(&["-l", "--", "-9"]), convert(&["-9"]));
        assert_eq!(parse_strs(&["--list=143"]), convert(&["143"]));
        assert_eq!(parse_strs(&["-l=0x3"]), convert(&["0x3"]));
    }
}
