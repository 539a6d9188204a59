//! The command line, read as util-linux `kill` reads it, into a [`Command`].
//!
//! The rules, from util-linux `kill` and the command-line spec:
//! - Options come only before the first operand; `--` ends them.
//! - After the first operand (unless a `--` came before it) an argument
//!   that would be an option is refused, a usage error, and nothing is
//!   sent: a `--`, any `--option` (`sigsend PID --dry-run`), a short
//!   option of ours (`-p`), a signal by name (`-KILL`), and `-1` and `-0`
//!   (every process, the own group: `sigsend PID -1` is a misplaced HUP).
//!   util-linux reads them as operands (and so sends the signal that
//!   `--dry-run` or `-p` was to hold back, or TERM to everyone); sigsend
//!   keeps only the other `-N` there, the process group N.
//! - `-s SIG`, `--signal SIG` (or `--signal=SIG`), `-n SIG` and `-SIG` (`-9`,
//!   `-KILL`, `-sigkill`, `-RTMIN+1`) choose the signal; the last one wins.
//! - Once a signal was given, an argument starting with `-` that is no known
//!   option (`-123`) is the first operand, a process group: it is never read
//!   as a second signal.
//! - `-l`, `-L`, `-d`, `-h` and `-V` act at once, as in util-linux: whatever
//!   follows `-L`, `-h` or `-V` is ignored, whatever follows `-l` is what it
//!   converts. `-d PID` (`-d -- PID`, `-d=PID`) must be the last argument:
//!   more is `too many arguments`, a usage error.
//! - `-q INT` (`--queue INT`, `--queue=INT`) gives the signal a value;
//!   `--timeout MS SIG` (repeatable) adds an escalation step; `--wait` or
//!   `--wait=DURATION` waits for the targets to exit (see [`Request`]).
//!   `--wait DURATION` with a space takes DURATION when it reads as one
//!   with a unit (`5s`, `500ms`, `2m`: digits, then letters; a bad one,
//!   `5h`, is an error); a bare number there (`--wait 5`) is refused, since
//!   it could be the time or pid 5: `--wait=5` or `--wait -- 5` say which.
//!   Anything else after `--wait` is not its value.
//! - `--pattern REGEX`: a REGEX that matches the empty string (``, `.*`,
//!   `^`, `x*`) is refused, since it would select every process.
//! - Operands keep their bytes ([`Request::raw_operands`]): a NAME that is not
//!   UTF-8 matches only the process name with those very bytes.
//!
//! [`parse`] is a pure function: [`crate::historical`] rewrites the
//! historical forms, clap reads the result with [`crate::cli::command`],
//! and the matches become a [`Command`]. Signal text is parsed only by
//! [`Signal`]'s `FromStr`. Operands are kept as typed: the binary reads
//! them, so that every bad one can be reported before anything is sent.

use std::ffi::OsString;

use clap::ArgMatches;
use sigsend::Signal;

use crate::cli::{
    ALL, DRY_RUN, FULL, HELP, JSON, LIST, OPERANDS, PARENT, PATTERN, PID, PORT, PROGRAM, QUEUE,
    REQUIRE_HANDLER, SHOW_STATE, SIGNAL, TABLE, TIMEOUT, TREE, USER, VERBOSE, VERSION, WAIT,
};
use crate::{cli, historical, value};

pub use crate::lowargs::{Command, Error, Pattern, Request, Select};

/// Parses the arguments that follow the program name. Pure: it reads only
/// `args`.
///
/// An argument that is not UTF-8 cannot be a signal, an option or a
/// process ID: it is read with its bad bytes replaced, which can name none
/// of them, and echoed that way in messages. An operand keeps its bytes
/// too ([`Request::raw_operands`]): as a process NAME it matches only the
/// name with those very bytes.
pub fn parse<I>(args: I) -> Result<Command, Error>
where
    I: IntoIterator<Item = OsString>,
{
    let raw: Vec<OsString> = args.into_iter().collect();
    let args: Vec<String> = raw
        .iter()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let mut command = cli::command();
    command.build();
    let mut line = vec![PROGRAM.to_owned()];
    line.extend(historical::rewrite(&command, &args)?);
    let matches = command.try_get_matches_from(line).map_err(from_clap)?;
    to_command(&matches, &raw)
}

/// The error behind a clap error: ours when one of our value parsers
/// failed, else clap's kind of error (which the rewriting leaves no room
/// for).
fn from_clap(err: clap::Error) -> Error {
    use std::error::Error as _;
    if let Some(ours) = err
        .source()
        .and_then(|source| source.downcast_ref::<Error>())
    {
        return ours.clone();
    }
    Error::Usage(
        err.kind()
            .as_str()
            .unwrap_or("invalid command line")
            .to_owned(),
    )
}

/// The command that clap's matches of the arguments `raw` ask for.
fn to_command(matches: &ArgMatches, raw: &[OsString]) -> Result<Command, Error> {
    let flag = |id| matches.get_flag(id);
    if flag(HELP) {
        return Ok(Command::Help);
    }
    if flag(VERSION) {
        return Ok(Command::Version);
    }
    if flag(TABLE) {
        return Ok(Command::Table);
    }
    if let Some(operand) = matches.get_one::<String>(SHOW_STATE) {
        return Ok(Command::ShowState(operand.clone()));
    }
    let operands: Vec<String> = matches
        .get_many::<String>(OPERANDS)
        .map_or_else(Vec::new, |operands| operands.cloned().collect());
    if flag(LIST) {
        return Ok(match operands.is_empty() {
            true => Command::ListNames,
            false => Command::Convert(operands),
        });
    }
    // clap gives `--timeout` its values two by two.
    let steps: Vec<&String> = matches.get_many(TIMEOUT).into_iter().flatten().collect();
    let timeouts = steps
        .chunks_exact(2)
        .map(|step| Ok((value::millis(step[0])?, value::signal(step[1])?)))
        .collect::<Result<_, Error>>()?;
    // `--wait` alone has no value: no limit.
    let wait = match matches.get_one::<String>(WAIT) {
        Some(text) => Some(Some(value::wait(text)?)),
        None => matches.contains_id(WAIT).then_some(None),
    };
    let select = Select {
        pattern: matches.get_one(PATTERN).cloned(),
        full: flag(FULL),
        parent: matches.get_one(PARENT).copied(),
        user: matches.get_one(USER).cloned(),
        port: matches.get_one(PORT).copied(),
        tree: flag(TREE),
    };
    if operands.is_empty() && !select.selects() {
        return Err(Error::Usage("no process ID specified".to_owned()));
    }
    // The operands are the end of the line, as typed: the rewriting keeps
    // them whole (a test holds it to that).
    let raw_operands = raw[raw.len().saturating_sub(operands.len())..].to_vec();
    Ok(Command::Send(Request {
        signal: matches.get_one(SIGNAL).copied().unwrap_or(Signal::TERM),
        operands,
        raw_operands,
        queue: matches.get_one(QUEUE).copied(),
        timeouts,
        wait,
        print_pids: flag(PID),
        all_users: flag(ALL),
        require_handler: flag(REQUIRE_HANDLER),
        verbose: flag(VERBOSE),
        json: flag(JSON),
        dry_run: flag(DRY_RUN),
        select,
    }))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use sigsend::Protocol;

    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, Error> {
        parse(args.iter().map(OsString::from))
    }

    fn send(signal: Signal, operands: &[&str]) -> Result<Command, Error> {
        Ok(Command::Send(Request {
            signal,
            operands: operands.iter().map(|s| s.to_string()).collect(),
            raw_operands: operands.iter().map(OsString::from).collect(),
            ..Request::default()
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
        // util-linux's rule kept where it matters: a `-N` after the first
        // operand is the process group N, and after `--` all is operands.
        assert_eq!(
            parse_strs(&["12", "-9", "-2"]),
            send(Signal::TERM, &["12", "-9", "-2"])
        );
        // But not -1 (every process) or -0 (the own group): a misplaced
        // signal, far likelier.
        assert!(matches!(parse_strs(&["12", "-1"]), Err(Error::Usage(_))));
        assert!(matches!(parse_strs(&["12", "-0"]), Err(Error::Usage(_))));
        assert_eq!(
            parse_strs(&["-9", "-1", "12"]),
            send(Signal::KILL, &["-1", "12"])
        );
        assert_eq!(
            parse_strs(&["12", "-bash", "-", "x-p"]),
            send(Signal::TERM, &["12", "-bash", "-", "x-p"])
        );
        assert_eq!(
            parse_strs(&["--", "12", "--dry-run", "-p", "-KILL", "--"]),
            send(Signal::TERM, &["12", "--dry-run", "-p", "-KILL", "--"])
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_operand_keeps_its_bytes() {
        use std::os::unix::ffi::OsStringExt;
        let odd = OsString::from_vec(b"zq\xfex".to_vec());
        let parsed = parse(["-9".into(), "12".into(), odd.clone()]);
        let Ok(Command::Send(send)) = parsed else {
            panic!("not a send: {parsed:?}");
        };
        assert_eq!(send.operands, ["12", "zq\u{fffd}x"]);
        assert_eq!(send.raw_operands, [OsString::from("12"), odd.clone()]);
        assert_eq!(send.operand_os(1), odd.as_os_str());
        // After the first operand, a `--` word is refused, bytes or not.
        let dashed = OsString::from_vec(b"--dry-run\xff".to_vec());
        assert!(matches!(
            parse(["12".into(), dashed]),
            Err(Error::Usage(message)) if message.starts_with("unrecognized option '--dry-run")
        ));
    }

    #[test]
    fn an_option_after_the_first_operand_is_refused() {
        let after = "after the process IDs: options go before them (use -- to end options)";
        for (args, message) in [
            (&["12", "--dry-run"][..], "option '--dry-run'"),
            (&["12", "13", "-p"][..], "option '-p'"),
            (&["-9", "-12", "--json"][..], "option '--json'"),
            (&["12", "--wait=5s"][..], "option '--wait=5s'"),
            (&["12", "--timeout", "10", "KILL"][..], "option '--timeout'"),
            (&["12", "--verbose"][..], "option '--verbose'"),
            (&["12", "-l"][..], "option '-l'"),
            (&["12", "-d=3"][..], "option '-d=3'"),
            (&["12", "-s", "KILL"][..], "option '-s'"),
            (&["12", "-h"][..], "option '-h'"),
            (&["12", "--dryrun"][..], "unrecognized option '--dryrun'"),
            (&["12", "-KILL"][..], "signal '-KILL'"),
        ] {
            assert_eq!(
                parse_strs(args),
                usage(&format!("{message} {after}")),
                "{args:?}"
            );
        }
        // Windows has no HUP: there `-sighup` is a name.
        #[cfg(unix)]
        assert_eq!(
            parse_strs(&["12", "-sighup"]),
            usage(&format!("signal '-sighup' {after}"))
        );
        assert_eq!(
            parse_strs(&["12", "--", "13"]),
            usage("'--' after the process IDs: it goes before the first one")
        );
    }

    #[test]
    fn wait_takes_a_spaced_duration_with_a_unit() {
        let wait = |args: &[&str]| match parse_strs(args) {
            Ok(Command::Send(send)) => Ok((send.wait, send.operands)),
            Err(err) => Err(err),
            Ok(other) => panic!("{args:?}: {other:?}"),
        };
        let secs = |n| Some(Some(Duration::from_secs(n)));
        assert_eq!(
            wait(&["--wait", "5s", "12"]),
            Ok((secs(5), vec!["12".into()]))
        );
        assert_eq!(
            wait(&["--wait", "500ms", "12"]),
            Ok((Some(Some(Duration::from_millis(500))), vec!["12".into()]))
        );
        assert_eq!(
            wait(&["--wait", "2m", "12"]),
            Ok((secs(120), vec!["12".into()]))
        );
        // No duration next: no limit.
        for args in [
            &["--wait", "12:34"][..],
            &["--wait", "--", "12:34"],
            &["--wait", "-9", "12:34"],
            &["--wait", "--json", "12:34"],
        ] {
            assert_eq!(wait(args).map(|(wait, _)| wait), Ok(Some(None)), "{args:?}");
        }
        assert_eq!(
            wait(&["--wait", "--", "5", "12"]),
            Ok((Some(None), vec!["5".into(), "12".into()]))
        );
        assert_eq!(wait(&["--wait=5", "12"]), Ok((secs(5), vec!["12".into()])));
        // A bare number: the time or a process? Refused.
        for number in ["5", "+5", "0"] {
            assert_eq!(
                wait(&["--wait", number, "12"]),
                Err(Error::Usage(format!(
                    "ambiguous '--wait {number}': write '--wait={number}' to wait up to \
                     {number} s, or '--wait -- {number}' to signal process {number} and \
                     wait for it without limit"
                )))
            );
        }
        // Something like a duration is one, and must be a good one.
        for bad in ["5h", "1.5s", "5sec"] {
            assert_eq!(
                wait(&["--wait", bad, "12"]),
                Err(Error::Usage(format!(
                    "invalid duration for --wait: \"{bad}\" (give 500ms, 5s, 2m, or seconds)"
                )))
            );
        }
        assert_eq!(
            wait(&["--wait", "5s"]),
            Err(Error::Usage("no process ID specified".into()))
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
    fn unknown_options_are_usage_errors() {
        assert_eq!(
            parse_strs(&["--foo", "1"]),
            usage("unrecognized option '--foo'")
        );
        assert_eq!(
            parse_strs(&["-9", "--foo", "1"]),
            usage("unrecognized option '--foo'")
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
        let expected = Request {
            signal: Signal::TERM,
            operands: vec!["7".to_owned()],
            queue: Some(-5),
            timeouts: vec![
                (Duration::from_millis(200), Signal::KILL),
                (Duration::ZERO, Signal::KILL),
            ],
            wait: Some(Some(Duration::from_secs(120))),
            raw_operands: vec!["7".into()],
            ..Request::default()
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
    fn selection_options() {
        let Ok(Command::Send(send)) = parse_strs(&[
            "--pattern",
            "^ngi.x$",
            "--full",
            "--parent",
            "42",
            "--user",
            "www-data",
            "--port",
            "8080/udp",
            "--tree",
            "-INT",
        ]) else {
            panic!("not a send");
        };
        let expected = Select {
            pattern: Pattern::new("^ngi.x$").ok(),
            full: true,
            parent: Some(42),
            user: Some("www-data".into()),
            port: Some((8080, Some(Protocol::Udp))),
            tree: true,
        };
        assert_eq!(
            (send.signal, send.operands.len(), &send.select),
            (Signal::INT, 0, &expected)
        );
        // A selection needs no operand; --tree and --full alone select nothing.
        assert!(matches!(
            parse_strs(&["--port", "80"]),
            Ok(Command::Send(_))
        ));
        assert_eq!(parse_strs(&["--tree"]), usage("no process ID specified"));
        assert_eq!(
            parse_strs(&["--full", "-9"]),
            usage("no process ID specified")
        );
        let Ok(Command::Send(send)) = parse_strs(&["--tree", "12"]) else {
            panic!("not a send");
        };
        assert!(send.select.tree && !send.select.selects());
    }

    #[test]
    fn bad_selection_values() {
        for (args, message) in [
            (&["--pattern", "(", "1"][..], "invalid --pattern \"(\""),
            (
                &["--parent", "0", "1"][..],
                "invalid --parent: 0 (a process ID)",
            ),
            (&["--parent", "x"][..], "invalid --parent: x (a process ID)"),
            (&["--port", "0"][..], "invalid --port: 0"),
            (&["--port", "65536/tcp"][..], "invalid --port: 65536/tcp"),
            (&["--port", "80/sctp"][..], "invalid --port: 80/sctp"),
        ] {
            match parse_strs(args) {
                Err(Error::Usage(text)) => assert!(text.starts_with(message), "{args:?}: {text}"),
                other => panic!("{args:?}: {other:?}"),
            }
        }
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

    #[test]
    fn flags_and_show_state_are_parsed() {
        let Ok(Command::Send(send)) = parse_strs(&[
            "-p",
            "--all",
            "-r",
            "--verbose",
            "--json",
            "--dry-run",
            "-INT",
            "-12",
        ]) else {
            panic!("not a send");
        };
        let expected = Request {
            signal: Signal::INT,
            operands: vec!["-12".to_owned()],
            print_pids: true,
            all_users: true,
            require_handler: true,
            verbose: true,
            json: true,
            dry_run: true,
            raw_operands: vec!["-12".into()],
            ..Request::default()
        };
        assert_eq!(send, expected);
        let Ok(Command::Send(send)) = parse_strs(&["-a", "1"]) else {
            panic!("not a send");
        };
        assert!(send.all_users && !send.print_pids && !send.verbose);
        assert_eq!(
            parse_strs(&["-d", "12:345"]),
            Ok(Command::ShowState("12:345".to_owned()))
        );
        // `--` ends the options: `-1` is the operand (which `-d` refuses).
        assert_eq!(
            parse_strs(&["-d", "--", "-1"]),
            Ok(Command::ShowState("-1".to_owned()))
        );
        assert_eq!(
            parse_strs(&["-d", "12:345", "x"]),
            usage("too many arguments: '-d' takes one PID or PID:INODE, not also 'x'")
        );
        assert_eq!(
            parse_strs(&["-d", "--", "1", "--"]),
            usage("too many arguments: '-d' takes one PID or PID:INODE, not also '--'")
        );
        assert_eq!(
            parse_strs(&["-d", "--"]),
            usage("option '-d' requires an argument")
        );
        assert_eq!(
            parse_strs(&["--show-process-state=7"]),
            Ok(Command::ShowState("7".to_owned()))
        );
    }

    #[test]
    fn every_signal_given_is_checked() {
        assert_eq!(parse_strs(&["-s", "FOO", "-s", "9", "1"]), invalid("FOO"));
        assert_eq!(parse_strs(&["--timeout", "1", "--", "1"]), invalid("--"));
        assert_eq!(
            parse_strs(&["--wait=", "1"]),
            usage("invalid duration for --wait: \"\" (give 500ms, 5s, 2m, or seconds)")
        );
        assert_eq!(parse_strs(&["-v"]), Ok(Command::Version));
        // A known option, even after a signal.
        assert_eq!(parse_strs(&["-9", "-v"]), Ok(Command::Version));
    }

    /// The fuzz target's property on every line of up to three of these
    /// tokens: a command or an error, never a panic; a send has operands
    /// (or a selection option), taken as typed from the end of the line.
    #[test]
    fn token_lines_parse_or_fail_cleanly() {
        const TOKENS: &[&str] = &[
            "-",
            "--",
            "-9",
            "-KILL",
            "-s",
            "--signal=",
            "-q",
            "--timeout",
            "--wait",
            "--wait=1",
            "-l",
            "-l=9",
            "-L",
            "-d",
            "-p",
            "--json",
            "-h",
            "-1",
            "12",
            "x",
            "5s",
            "--dry-run",
        ];
        let mut lines: Vec<Vec<&str>> = vec![Vec::new()];
        let mut generation = lines.clone();
        for _ in 0..3 {
            generation = generation
                .iter()
                .flat_map(|line| {
                    TOKENS.iter().map(move |token| {
                        let mut line = line.clone();
                        line.push(*token);
                        line
                    })
                })
                .collect();
            lines.extend(generation.iter().cloned());
        }
        for line in &lines {
            if let Ok(Command::Send(send)) = parse_strs(line) {
                assert!(
                    !send.operands.is_empty() || send.select.selects(),
                    "{line:?}"
                );
                let typed: Vec<String> = line.iter().map(|s| s.to_string()).collect();
                assert!(typed.ends_with(&send.operands), "{line:?}");
                let raw: Vec<OsString> = send.operands.iter().map(OsString::from).collect();
                assert_eq!(send.raw_operands, raw, "{line:?}");
            }
        }
        assert_eq!(lines.len(), 1 + 22 + 22 * 22 + 22 * 22 * 22);
    }
}
