//! The clap definition of the command line: every option, its values and
//! its help. The `sigsend` binary parses with it (after
//! [`crate::historical`]), prints `--help` from it, and `sigsend-gen` writes
//! the shell completions and the man page from it.
//!
//! Every option has a long name: the historical forms are rewritten to it.

use clap::{Arg, ArgAction, Command};

use crate::value;

/// The program's own name: the man page's and the completions', and the
/// name messages begin with when the binary cannot tell the name it was
/// started as.
pub const PROGRAM: &str = "sigsend";

/// Argument ids: `-s`, `--signal`, `-n`, `-SIG`.
pub const SIGNAL: &str = "signal";
/// `-q`, `--queue`.
pub const QUEUE: &str = "queue";
/// `--timeout MS SIG`.
pub const TIMEOUT: &str = "timeout";
/// `--wait[=DURATION]`.
pub const WAIT: &str = "wait";
/// `-p`, `--pid`.
pub const PID: &str = "pid";
/// `-a`, `--all`.
pub const ALL: &str = "all";
/// `--pattern REGEX`.
pub const PATTERN: &str = "pattern";
/// `--full`.
pub const FULL: &str = "full";
/// `--parent PPID`.
pub const PARENT: &str = "parent";
/// `--user USER|UID`.
pub const USER: &str = "user";
/// `--port PORT[/tcp|/udp]`.
pub const PORT: &str = "port";
/// `--tree`.
pub const TREE: &str = "tree";
/// `-r`, `--require-handler`.
pub const REQUIRE_HANDLER: &str = "require-handler";
/// `--verbose`.
pub const VERBOSE: &str = "verbose";
/// `--json`.
pub const JSON: &str = "json";
/// `--dry-run`.
pub const DRY_RUN: &str = "dry-run";
/// `-l`, `--list`.
pub const LIST: &str = "list";
/// `-L`, `-t`, `--table`.
pub const TABLE: &str = "table";
/// `-d`, `--show-process-state`.
pub const SHOW_STATE: &str = "show-process-state";
/// `-h`, `--help`.
pub const HELP: &str = "help";
/// `-V`, `-v`, `--version`.
pub const VERSION: &str = "version";
/// The operands.
pub const OPERANDS: &str = "operands";

/// The usage lines of `--help`.
const USAGE: &str = "\
sigsend [-s SIGNAL | -SIGNAL] [-a] [-r] [--verbose] [--json] PID|NAME...
 sigsend [-s SIGNAL | -SIGNAL] [-q INT] [--timeout MS SIGNAL]... [--wait[=DURATION]] PID|NAME...
 sigsend -p [-a] PID|NAME...
 sigsend -d PID[:INODE]
 sigsend -l [SIGNAL|NUMBER|0xMASK]...
 sigsend -L";

/// What follows the options in `--help` and the man page.
const AFTER_HELP: &str = "\
Operands:
 PID                   the process PID
 -PGID                 every process of the process group PGID
                         (after a -SIGNAL, or after --)
 0                     every process of your own process group
 -1                    every process you may signal
                       (-q, --timeout and --wait take PIDs only)
 PID:INODE             the process PID, only while its pidfs inode is
                         INODE (Linux 6.9 or later)
 NAME                  every process of yours whose command name is NAME,
                         byte for byte (with -a: of every user)
 Options go before the operands: an option after the first operand (-p,
 --dry-run, -KILL, ..., and -1 or -0) is refused and nothing is sent,
 but another -N there is still the process group N; after --, every
 argument is an operand.

Examples:
 sigsend 1234              ask process 1234 to terminate (TERM)
 sigsend -9 1234 1240      kill processes 1234 and 1240 (KILL)
 sigsend -s HUP 1234       send HUP to 1234
 sigsend -s HUP -- -4321   send HUP to the process group 4321
 sigsend -KILL -4321       send KILL to the process group 4321
 sigsend --timeout 5000 KILL 1234
                           TERM, then KILL if it still runs after 5 s
 sigsend --timeout 5000 KILL --wait 10s 1234
                           the same, and wait up to 10 s for it to exit
 sigsend -q 7 -USR1 1234   USR1 carrying the value 7 (sigqueue)
 sigsend -l 143            name the signal behind exit status 143: TERM
 sigsend -l 0x4002         name the signals of a mask: INT, TERM
 sigsend -p nginx          print the PIDs of your processes named nginx
 sigsend --dry-run -a -HUP nginx
                           say what HUP would reach, send nothing
 sigsend --json -9 1234    KILL, and report it as JSON
 sigsend -d 1234           show what 1234 blocks, ignores and catches

Exit status:
 0 every target was signalled; 1 every one failed, or nothing was sent;
 64 some were signalled and some failed; 2 the command line is wrong;
 3 --wait gave up while a target was still running.

JSON output:
 --json prints one document on stdout, schema version 1 (JSON Schema in
 sigsend.schema.json): {\"version\":1, \"mode\": send, dry_run or print_pids,
 \"signal\", \"queue\" (or null), \"timeouts\": [{\"after_ms\", \"signal\"}],
 \"wait\": null or {\"limit_ms\"} (null: no limit), \"status\": the exit
 status, \"targets\": [...]}. A signal is {\"name\": \"SIGTERM\", \"number\": 15};
 its name is null for one that has none (0). Each target has \"operand\",
 \"pid\", \"name\", \"outcome\" (done, failed, not_found, gone, skipped,
 still_running, interrupted), \"signals\" (each sent, with \"ok\" and, when
 false, \"error\"), \"exit\" ({\"code\"}, {\"signal\"}, {\"unknown\": true} or
 null) and \"error\": why it failed at any stage, as {\"kind\", \"code\",
 \"message\"} (the message stderr gave), or null. --verbose and --json
 cannot be combined.";

/// The layout of `--help`: util-linux's headings.
const TEMPLATE: &str = "\
Usage:
 {usage}

{about}

Options:
{options}{after-help}
";

/// The command line's definition, for the program named [`PROGRAM`].
pub fn command() -> Command {
    command_named(PROGRAM)
}

/// The command line's definition for the program started as `name` (a
/// `kill` symlink, say): `--help`'s usage lines and examples, and
/// `--version`, say `name` instead of `sigsend`.
pub fn command_named(name: &'static str) -> Command {
    // The texts already say PROGRAM: parsing (which never prints them)
    // pays for no rewriting.
    let renamed = |text: &str| match name {
        PROGRAM => text.to_owned(),
        _ => text.replace(&format!("\n {PROGRAM} "), &format!("\n {name} ")),
    };
    Command::new(name)
        .version(env!("CARGO_PKG_VERSION"))
        .about("Send a signal to processes: TERM unless another is given.")
        .override_usage(renamed(&format!("\n {USAGE}")).trim_start().to_owned())
        .help_template(TEMPLATE)
        .after_help(renamed(AFTER_HELP))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .args_override_self(true)
        .next_line_help(false)
        .args([
            Arg::new(SIGNAL)
                .short('s')
                .long("signal")
                .short_alias('n')
                .value_name("SIGNAL")
                .value_parser(value::signal)
                .help(
                    "send SIGNAL: a name (KILL, SIGKILL, kill),\n\
                     a number, or a real-time form (RTMIN+1,\n\
                     RTMAX-2, RT3); -n SIGNAL and -SIGNAL\n\
                     (-9, -KILL, -SIGHUP, -RTMIN+1) are the same",
                ),
            Arg::new(QUEUE)
                .short('q')
                .long("queue")
                .value_name("INT")
                .value_parser(value::queue)
                .help(
                    "the signal carries the integer INT\n\
                     (sigqueue), and so does every signal\n\
                     of --timeout",
                ),
            Arg::new(TIMEOUT)
                .long("timeout")
                .num_args(2)
                .value_names(["MS", "SIGNAL"])
                .allow_hyphen_values(true)
                .action(ArgAction::Append)
                .help(
                    "then wait up to MS milliseconds for the\n\
                     targets to exit, and send SIGNAL to those\n\
                     still running; may be repeated; all\n\
                     targets are waited for at once",
                ),
            Arg::new(WAIT)
                .long("wait")
                .value_name("DURATION")
                .num_args(0..=1)
                .require_equals(true)
                .help(
                    "after the last signal, wait until every\n\
                     target has exited: no limit, or DURATION\n\
                     (500ms, 5s, 2m; a bare number is seconds);\n\
                     exit 3 if one still runs; --wait 5s is\n\
                     --wait=5s, but a bare number must be\n\
                     attached (--wait=5): --wait 5 is refused,\n\
                     and --wait -- 5 waits for process 5",
                ),
            flag(
                PID,
                Some('p'),
                "print the PIDs of the targets, send nothing",
            ),
            flag(
                ALL,
                Some('a'),
                "let a process NAME match the processes of\n\
                 every user, not only yours",
            ),
            Arg::new(PATTERN)
                .long(PATTERN)
                .value_name("REGEX")
                .value_parser(value::pattern)
                .help(
                    "select the processes whose name matches\n\
                     REGEX (with --full: whose command line);\n\
                     a REGEX that matches the empty string\n\
                     ('', .*, ^) is refused: use .+ for any",
                ),
            flag(FULL, None, "--pattern matches the full command line"),
            Arg::new(PARENT)
                .long(PARENT)
                .value_name("PPID")
                .value_parser(value::parent)
                .help("select the children of PPID"),
            Arg::new(USER)
                .long(USER)
                .value_name("USER")
                .help("select the processes of USER (a name or a UID)"),
            Arg::new(PORT)
                .long(PORT)
                .value_name("PORT[/tcp|/udp]")
                .value_parser(value::port)
                .help("select the processes holding PORT open"),
            flag(
                TREE,
                None,
                "the targets and all their descendants,\n\
                 even those forked meanwhile",
            ),
            flag(
                REQUIRE_HANDLER,
                Some('r'),
                "skip a process that does not catch the signal",
            ),
            flag(VERBOSE, None, "print each PID as it is signalled"),
            flag(
                DRY_RUN,
                None,
                "print what would be sent to whom, send nothing",
            ),
            flag(
                JSON,
                None,
                "print one JSON document: every target,\n\
                 every signal sent and its result",
            ),
            Arg::new(SHOW_STATE)
                .short('d')
                .long("show-process-state")
                .value_name("PID")
                .help(
                    "show the pending, blocked, ignored and\n\
                     caught signals of PID (or PID:INODE);\n\
                     the last argument (-d -- PID also)",
                ),
            flag(
                LIST,
                Some('l'),
                "list the signal names; with operands,\n\
                 convert each: a number to its name (an\n\
                 exit status above 128 to the signal that\n\
                 caused it), a name to its number, 0xMASK\n\
                 to the names of the bits set",
            ),
            flag(
                TABLE,
                Some('L'),
                "list the signal numbers and names (also -t)",
            )
            .short_alias('t'),
            flag(HELP, Some('h'), "display this help"),
            flag(VERSION, Some('V'), "display the version").short_alias('v'),
            Arg::new(OPERANDS)
                .value_name("PID")
                .num_args(0..)
                .action(ArgAction::Append)
                .help("a PID, -PGID, 0 or -1; with -l, a signal\nto convert"),
        ])
}

/// An option that takes no value, with a long name equal to its id.
fn flag(id: &'static str, short: Option<char>, help: &'static str) -> Arg {
    let arg = Arg::new(id).long(id).action(ArgAction::SetTrue).help(help);
    match short {
        Some(short) => arg.short(short),
        None => arg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_option_has_a_long_name() {
        for arg in command().get_arguments() {
            assert!(arg.is_positional() || arg.get_long().is_some(), "{arg}");
        }
    }
}
