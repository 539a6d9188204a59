//! The texts of `--help` and `--version`.

use std::io::{self, Write};

use crate::report::PROGRAM;

/// The usage text of `-h`/`--help`, with examples.
const USAGE: &str = "\
Usage:
 sigsend [-s SIGNAL | -SIGNAL] PID...
 sigsend [-s SIGNAL | -SIGNAL] [-q INT] [--timeout MS SIGNAL]... [--wait[=DURATION]] PID...
 sigsend -l [SIGNAL|NUMBER|0xMASK]...
 sigsend -L

Send a signal to processes: TERM unless another is given.

Options:
 -s, --signal SIGNAL   send SIGNAL: a name (KILL, SIGKILL, kill), a number,
                         or a real-time form (RTMIN+1, RTMAX-2, RT3)
 -n SIGNAL             the same as -s
 -SIGNAL               the same: -9, -KILL, -SIGHUP, -RTMIN+1
 -q, --queue INT       the signal carries the integer INT (sigqueue), and so
                         does every signal of --timeout
 --timeout MS SIGNAL   then wait up to MS milliseconds for the targets to
                         exit and send SIGNAL to those still running; may
                         be repeated; all targets are waited for at once
 --wait[=DURATION]     after the last signal, wait until every target has
                         exited: no limit, or DURATION (500ms, 5s, 2m; a
                         bare number is seconds); exit 3 if one still runs
 -l, --list [ARG]...   list the signal names; with ARGs, convert each:
                         a number to its name (an exit status above 128
                         to the signal that caused it), a name to its
                         number, 0xMASK to the names of the bits set
 -L, -t, --table       list the signal numbers and names
 --                    end of options: the operands after it may be negative
 -h, --help            display this help
 -V, --version         display version

Operands:
 PID                   the process PID
 -PGID                 every process of the process group PGID
                         (after a -SIGNAL, or after --)
 0                     every process of your own process group
 -1                    every process you may signal
                       (-q, --timeout and --wait take PIDs only)

Examples:
 sigsend 1234              ask process 1234 to terminate (TERM)
 sigsend -9 1234 1240      kill processes 1234 and 1240 (KILL)
 sigsend -s HUP 1234       send HUP to 1234
 sigsend -- -4321          send TERM to the process group 4321
 sigsend -KILL -4321       send KILL to the process group 4321
 sigsend --timeout 5000 KILL --wait 1234
                           TERM, then KILL if it still runs after 5 s,
                           and return once it has exited
 sigsend -l 143            name the signal behind exit status 143: TERM
 sigsend -l 0x4002         name the signals of a mask: INT, TERM

Exit status:
 0 every target was signalled; 1 every one failed, or nothing was sent;
 64 some were signalled and some failed; 2 the command line is wrong;
 3 --wait gave up while a target was still running.
";

/// Writes the usage text.
pub fn usage(out: &mut impl Write) -> io::Result<()> {
    out.write_all(USAGE.as_bytes())
}

/// Writes `sigsend VERSION`.
pub fn version(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{PROGRAM} {}", env!("CARGO_PKG_VERSION"))
}
