//! util-linux `kill`'s command line rewritten into one that clap reads.
//!
//! clap cannot read `-9` or `-KILL` (a dash and a signal), nor knows that
//! options end at the first operand, nor that a `-N` after a signal is the
//! process group N. [`rewrite`] walks the options as util-linux does, with
//! the options of the clap definition ([`crate::cli::command`]), and writes
//! each one in a single canonical form:
//! - a known option as `--long` or `--long=VALUE`, with the values it takes
//!   (so an option value that begins with `-` is never read as an option);
//! - `-SIG` as `--signal=SIG`, unless a signal was given already: then it
//!   is the first operand (`-9 -1234` signals the group 1234);
//! - a `--` before the first operand, so that nothing after it is an option;
//! - `-l`/`--list` (and `--list=ARG`, `-l=ARG`) as `--list --` and the rest,
//!   which is what `-l` converts;
//! - `-h`, `-V` and `-L` end the line: util-linux acts on them at once and
//!   ignores what follows. `-d PID` (or `-d -- PID`) must end it: anything
//!   after the PID is `too many arguments`, as util-linux says;
//! - `--wait` takes a following argument as its DURATION when that reads as
//!   a duration with a unit (`5s`, `500ms`, `2m`, `1.5s`: digits, then
//!   letters), as `--timeout MS SIG` takes spaced values; a bare number
//!   after it (`--wait 5`) is refused: it could be the time or a process
//!   ID, so it must be written `--wait=5` or `--wait -- 5`;
//! - after the first operand, util-linux reads every argument as an
//!   operand; here one that would be an option is refused instead, so that
//!   `sigsend PID --dry-run` cannot send a signal: a `--` or any
//!   `--option`, a short option of ours (`-p`, `-s`, `-l`, ...) and a
//!   `-SIGNAL` by name (`-KILL`), and `-1` and `-0` (every process, the
//!   caller's group: far likelier a misplaced signal than meant). Any other
//!   `-N` stays the process group N, as in util-linux (`sigsend 12 -34`).
//!   After a `--` that ends the options, every argument is an operand.
//!
//! An unknown `--option` and a missing option value are errors here, with
//! util-linux's words.

use clap::{Arg, Command};
use sigsend::Signal;

use crate::cli::{HELP, LIST, SHOW_STATE, SIGNAL, TABLE, VERSION, WAIT};
use crate::lowargs::Error;

/// Options after which util-linux reads nothing more.
const FINAL: &[&str] = &[HELP, VERSION, TABLE];

/// Short options that take `-x=VALUE`, as util-linux's `-l=` and `-d=`.
const SHORT_EQUALS: &[&str] = &[LIST, SHOW_STATE];

/// Rewrites `args` (without the program name) for `command`, which must be
/// built ([`Command::build`]). See the module docs.
pub fn rewrite(command: &Command, args: &[String]) -> Result<Vec<String>, Error> {
    let mut out = Vec::with_capacity(args.len() + 1);
    let mut signal_given = false;
    let mut rest = args;
    while let Some((arg, tail)) = rest.split_first() {
        rest = tail;
        let is_option = arg.starts_with('-') && arg != "--";
        let Some((option, attached)) = is_option.then(|| find(command, arg)).flatten() else {
            if is_option && arg.starts_with("--") {
                return Err(Error::Usage(format!("unrecognized option '{arg}'")));
            }
            if is_option && !signal_given {
                out.push(format!("--signal={}", &arg[1..]));
                signal_given = true;
                continue;
            }
            // `--` ends the options; the first operand, or a `-N` after a
            // signal (the process group N), begins the operands, and then
            // no option may follow.
            out.push("--".to_owned());
            if arg != "--" {
                out.push(arg.clone());
                check_operands(command, rest)?;
            }
            out.extend_from_slice(rest);
            return Ok(out);
        };
        let id = option.get_id().as_str();
        // Every option has a long name (a test of the definition checks).
        let long = option.get_long().unwrap_or(id);
        if id == LIST {
            out.extend(["--list".to_owned(), "--".to_owned()]);
            let operands = match (attached, rest.split_first()) {
                (Some(value), _) => {
                    out.push(value);
                    rest
                }
                // `-l -- -9`: the `--` lets an operand begin with `-`.
                (None, Some((first, after))) if first == "--" => after,
                (None, _) => rest,
            };
            out.extend_from_slice(operands);
            return Ok(out);
        }
        if id == SHOW_STATE {
            return show_state(arg, attached, rest, out);
        }
        if id == WAIT && attached.is_none() {
            if let Some((value, tail)) = wait_value(rest)? {
                out.push(format!("--wait={value}"));
                rest = tail;
                continue;
            }
        }
        let wanted = match attached {
            Some(_) => 0,
            None => values_wanted(option),
        };
        if rest.len() < wanted {
            return Err(Error::Usage(missing_values(arg, option, wanted)));
        }
        let (values, tail) = rest.split_at(wanted);
        let single = match values {
            [value] => Some(value.as_str()),
            _ => attached.as_deref(),
        };
        match single {
            // `--long=VALUE`: clap takes it whole, even `-9` or `--`.
            Some(value) => out.push(format!("--{long}={value}")),
            None => {
                out.push(format!("--{long}"));
                out.extend_from_slice(values);
            }
        }
        rest = tail;
        if FINAL.contains(&id) {
            return Ok(out);
        }
        signal_given |= id == SIGNAL;
    }
    Ok(out)
}

/// `-d PID`, `-d=PID`, `-d -- PID` (`arg` and its `attached` value, then
/// `rest`): the last argument of the line.
fn show_state(
    arg: &str,
    attached: Option<String>,
    rest: &[String],
    mut out: Vec<String>,
) -> Result<Vec<String>, Error> {
    let (value, extra) = match (attached, rest) {
        (Some(value), _) => (value, rest),
        // `-d -- -1`: the `--` ends the options (so `-1` is read, and
        // refused, as a process ID).
        (None, [end, value, extra @ ..]) if end == "--" => (value.clone(), extra),
        (None, [value, extra @ ..]) if value != "--" => (value.clone(), extra),
        (None, _) => return Err(Error::Usage(format!("option '{arg}' requires an argument"))),
    };
    if let Some(first) = extra.first() {
        return Err(Error::Usage(format!(
            "too many arguments: '{arg}' takes one PID or PID:INODE, not also '{first}'"
        )));
    }
    out.push(format!("--show-process-state={value}"));
    Ok(out)
}

/// The DURATION of a `--wait` written apart from it (`--wait 5s`), and what
/// follows it; `None` when the next argument is no duration (then `--wait`
/// has no limit). A bare number is refused: `--wait 5` could mean 5
/// seconds or the process 5.
fn wait_value(rest: &[String]) -> Result<Option<(&str, &[String])>, Error> {
    let Some((next, tail)) = rest.split_first() else {
        return Ok(None);
    };
    // `+5` too: it is read as the process 5.
    let unsigned = next.strip_prefix('+').unwrap_or(next);
    let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Ok(None);
    }
    if digits == unsigned.len() {
        return Err(Error::Usage(format!(
            "ambiguous '--wait {next}': write '--wait={next}' to wait up to {next} s, \
             or '--wait -- {next}' to signal process {next} and wait for it without limit"
        )));
    }
    let unit = unsigned[digits..].trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let reads_as_duration = !unit.is_empty() && unit.bytes().all(|b| b.is_ascii_alphabetic());
    Ok(reads_as_duration.then_some((next.as_str(), tail)))
}

/// Refuses, among the operands that follow the first one, an argument that
/// would be an option before it: `--` and every `--option` (ours or not),
/// a short option of ours, a `-SIGNAL` by name, and `-1` and `-0`. Any
/// other `-N` (the process group N) and any other operand pass.
fn check_operands(command: &Command, operands: &[String]) -> Result<(), Error> {
    const WHERE: &str = "after the process IDs: options go before them (use -- to end options)";
    for operand in operands {
        let Some(after_dash) = operand.strip_prefix('-') else {
            continue;
        };
        let message = if operand == "--" {
            "'--' after the process IDs: it goes before the first one".to_owned()
        } else if find(command, operand).is_some() {
            format!("option '{operand}' {WHERE}")
        } else if operand.starts_with("--") {
            format!("unrecognized option '{operand}' {WHERE}")
        } else if is_signal_name(after_dash) {
            format!("signal '{operand}' {WHERE}")
        } else if let Some(meaning) = everyone_or_own_group(after_dash) {
            // util-linux signals them: `kill PID -1` is kill(-1, TERM).
            format!(
                "'{operand}' after the process IDs would target {meaning}: a signal goes \
                 before the process IDs (to mean {operand}, put -- before the first one)"
            )
        } else {
            continue;
        };
        return Err(Error::Usage(message));
    }
    Ok(())
}

/// What `-N` means when N is 1 or 0 (`-1`, `-0`, `-001`): every process
/// the caller may signal, or the caller's own process group. After the
/// first operand such a `-N` is far likelier a signal put in the wrong
/// place (`sigsend PID -1` for HUP) than a request to signal everyone.
fn everyone_or_own_group(digits: &str) -> Option<&'static str> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.trim_start_matches('0') {
        "1" => Some("every process you may signal"),
        "" => Some("your own process group"),
        _ => None,
    }
}

/// Whether `text` names a signal, and not by its number: `-KILL` and
/// `-RTMIN+1` are signals, `-9` is the process group 9.
fn is_signal_name(text: &str) -> bool {
    let number = text.strip_prefix(['+', '-']).unwrap_or(text);
    let is_number = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    !is_number && text.parse::<Signal>().is_ok()
}

/// The option `arg` names exactly (`-s`, `--signal`, an alias), and the
/// value attached to it by `=` (`--signal=KILL`, `-l=143`), if any. `None`
/// for anything else (`-9`, `-KILL`, `-s9`, `--bogus`).
fn find<'c>(command: &'c Command, arg: &str) -> Option<(&'c Arg, Option<String>)> {
    let (name, attached) = match arg.split_once('=') {
        Some((name, value)) => (name, Some(value.to_owned())),
        None => (arg, None),
    };
    let option = if let Some(long) = name.strip_prefix("--") {
        command.get_arguments().find(|option| {
            option.get_long() == Some(long)
                || option
                    .get_all_aliases()
                    .is_some_and(|aliases| aliases.contains(&long))
        })?
    } else {
        let mut chars = name.strip_prefix('-')?.chars();
        let (Some(short), None) = (chars.next(), chars.next()) else {
            return None;
        };
        let option = command.get_arguments().find(|option| {
            option.get_short() == Some(short)
                || option
                    .get_all_short_aliases()
                    .is_some_and(|aliases| aliases.contains(&short))
        })?;
        if attached.is_some() && !SHORT_EQUALS.contains(&option.get_id().as_str()) {
            return None;
        }
        option
    };
    let takes_values = option.get_num_args().is_some_and(|n| n.takes_values());
    if attached.is_some() && !takes_values && option.get_id() != LIST {
        // `--help=x`: no such option.
        return None;
    }
    Some((option, attached))
}

/// How many of the following arguments `option` takes as its values: none
/// for a flag or an option whose value must be attached (`--wait=5s`).
fn values_wanted(option: &Arg) -> usize {
    if option.is_require_equals_set() {
        return 0;
    }
    option.get_num_args().map_or(0, |n| n.min_values())
}

/// util-linux's message for an option given too few values.
fn missing_values(arg: &str, option: &Arg, wanted: usize) -> String {
    if wanted == 1 {
        return format!("option '{arg}' requires an argument");
    }
    let names: Vec<&str> = option
        .get_value_names()
        .unwrap_or_default()
        .iter()
        .map(|name| name.as_str())
        .collect();
    let count = match wanted {
        2 => "two".to_owned(),
        n => n.to_string(),
    };
    format!(
        "option '{arg}' requires {count} arguments: {}",
        names.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(args: &[&str]) -> Result<Vec<String>, Error> {
        let mut command = crate::cli::command();
        command.build();
        let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
        rewrite(&command, &args)
    }

    #[track_caller]
    fn assert_rewrite(args: &[&str], expected: &[&str]) {
        assert_eq!(
            rewritten(args),
            Ok(expected.iter().map(|s| s.to_string()).collect())
        );
    }

    #[test]
    fn dash_signal_becomes_the_signal_option() {
        assert_rewrite(&["-9", "1"], &["--signal=9", "--", "1"]);
        assert_rewrite(&["-KILL", "1"], &["--signal=KILL", "--", "1"]);
        assert_rewrite(&["-RTMIN+1", "1"], &["--signal=RTMIN+1", "--", "1"]);
        assert_rewrite(&["-", "1"], &["--signal=", "--", "1"]);
        // Not an option: clustered or glued short options are a signal name.
        assert_rewrite(&["-ap", "1"], &["--signal=ap", "--", "1"]);
        assert_rewrite(&["-s9", "1"], &["--signal=s9", "--", "1"]);
        assert_rewrite(&["-s=9", "1"], &["--signal=s=9", "--", "1"]);
    }

    #[test]
    fn after_a_signal_a_dash_number_is_the_first_operand() {
        assert_rewrite(&["-9", "-1234", "5"], &["--signal=9", "--", "-1234", "5"]);
        assert_rewrite(&["-s", "HUP", "-42"], &["--signal=HUP", "--", "-42"]);
        assert_rewrite(&["-n", "1", "-KILL"], &["--signal=1", "--", "-KILL"]);
        // A known option is still an option.
        assert_rewrite(
            &["-9", "-q", "1", "2"],
            &["--signal=9", "--queue=1", "--", "2"],
        );
    }

    #[test]
    fn options_end_at_the_first_operand_or_double_dash() {
        assert_rewrite(&["12", "-9", "-x"], &["--", "12", "-9", "-x"]);
        assert_rewrite(&["-9", "-1", "-2"], &["--signal=9", "--", "-1", "-2"]);
        assert_rewrite(&["--", "12", "-1", "-0"], &["--", "12", "-1", "-0"]);
        assert_rewrite(&["--", "12", "-l", "--"], &["--", "12", "-l", "--"]);
        assert_rewrite(&["--", "-1234"], &["--", "-1234"]);
        assert_rewrite(&["-9", "--", "--"], &["--signal=9", "--", "--"]);
        assert_rewrite(&[], &[]);
    }

    #[test]
    fn option_values_are_attached() {
        assert_rewrite(&["-s", "-9", "1"], &["--signal=-9", "--", "1"]);
        assert_rewrite(&["--signal", "--", "1"], &["--signal=--", "--", "1"]);
        assert_rewrite(&["--signal=int", "1"], &["--signal=int", "--", "1"]);
        assert_rewrite(&["-q", "-5", "1"], &["--queue=-5", "--", "1"]);
        assert_rewrite(
            &["--timeout", "-1", "-9", "1"],
            &["--timeout", "-1", "-9", "--", "1"],
        );
        assert_rewrite(&["--wait", "--", "5", "1"], &["--wait", "--", "5", "1"]);
        assert_rewrite(&["--wait=5s", "1"], &["--wait=5s", "--", "1"]);
        assert_rewrite(&["--wait", "5s", "1"], &["--wait=5s", "--", "1"]);
        assert_rewrite(&["--wait", "5h", "1"], &["--wait=5h", "--", "1"]);
        assert_rewrite(&["--wait", "1:2"], &["--wait", "--", "1:2"]);
        assert_rewrite(&["--wait", "x5s"], &["--wait", "--", "x5s"]);
    }

    #[test]
    fn flags_keep_their_long_name() {
        assert_rewrite(
            &["-p", "-a", "-r", "--verbose", "--json", "--dry-run", "1"],
            &[
                "--pid",
                "--all",
                "--require-handler",
                "--verbose",
                "--json",
                "--dry-run",
                "--",
                "1",
            ],
        );
    }

    #[test]
    fn immediate_options_end_the_line() {
        assert_rewrite(&["-9", "--help", "x"], &["--signal=9", "--help"]);
        assert_rewrite(&["-v", "-h"], &["--version"]);
        assert_rewrite(&["-t", "--bogus"], &["--table"]);
        assert_rewrite(&["-d", "12:34"], &["--show-process-state=12:34"]);
        assert_rewrite(&["-d", "--", "-1"], &["--show-process-state=-1"]);
        assert_rewrite(&["-d=12"], &["--show-process-state=12"]);
    }

    #[test]
    fn list_takes_the_rest() {
        assert_rewrite(&["-l"], &["--list", "--"]);
        assert_rewrite(&["-l", "--"], &["--list", "--"]);
        assert_rewrite(&["-l", "--", "-9"], &["--list", "--", "-9"]);
        assert_rewrite(&["-l", "9", "-h"], &["--list", "--", "9", "-h"]);
        assert_rewrite(&["--list=143", "9"], &["--list", "--", "143", "9"]);
        assert_rewrite(&["-l=--"], &["--list", "--", "--"]);
    }

    #[test]
    fn errors() {
        let usage = |text: &str| Err(Error::Usage(text.to_owned()));
        assert_eq!(
            rewritten(&["--bogus", "1"]),
            usage("unrecognized option '--bogus'")
        );
        assert_eq!(
            rewritten(&["--help=x"]),
            usage("unrecognized option '--help=x'")
        );
        assert_eq!(
            rewritten(&["-9", "--x=1"]),
            usage("unrecognized option '--x=1'")
        );
        assert_eq!(
            rewritten(&["-n"]),
            usage("option '-n' requires an argument")
        );
        assert_eq!(
            rewritten(&["-d"]),
            usage("option '-d' requires an argument")
        );
        assert_eq!(
            rewritten(&["--timeout", "1"]),
            usage("option '--timeout' requires two arguments: MS SIGNAL")
        );
        assert_eq!(
            rewritten(&["-d", "12:34", "5"]),
            usage("too many arguments: '-d' takes one PID or PID:INODE, not also '5'")
        );
        assert!(matches!(
            rewritten(&["--wait", "5", "1"]),
            Err(Error::Usage(message)) if message.starts_with("ambiguous '--wait 5'")
        ));
        assert!(matches!(
            rewritten(&["12", "--dry-run"]),
            Err(Error::Usage(message)) if message.starts_with("option '--dry-run' after")
        ));
        for (group, meaning) in [
            ("-1", "every process you may signal"),
            ("-001", "every process you may signal"),
            ("-0", "your own process group"),
            ("-00", "your own process group"),
        ] {
            assert_eq!(
                rewritten(&["12", group]),
                usage(&format!(
                    "'{group}' after the process IDs would target {meaning}: a signal goes \
                     before the process IDs (to mean {group}, put -- before the first one)"
                ))
            );
        }
        assert_rewrite(&["12", "-10", "-01234"], &["--", "12", "-10", "-01234"]);
    }
}
