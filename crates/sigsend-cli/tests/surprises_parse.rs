//! The command line never sends what nobody asked for (issue 12, items 1,
//! 2, 3, 4, 9 and part of 12): a spaced `--wait` value, an option after
//! the process IDs, a `--pattern` that matches every name, a process name
//! that is not UTF-8, `-l 128`, `-d` with more arguments, `--user` of
//! nobody, and the messages about `PID:INODE`.
//!
//! Safety: the only targets are children of this test (`sleep`, some under
//! names of their own that no other process has), or pids above the
//! kernel's limit, which no process can have. A `--pattern` that would
//! match every process is only ever given with `-p` or `--dry-run`, which
//! send nothing even where the pattern is taken. No test names pid 0 or -1.

#![cfg(target_os = "linux")]

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::process::Output;

use common::bytes_named::BytesNamed;
use common::*;

const TRY_HELP: &str = "Try 'sigsend --help' for more information.\n";

/// A usage error: exit 2, `message` then the hint, nothing on stdout.
#[track_caller]
fn assert_usage(output: &Output, message: &str) {
    assert_output(output, 2, "", &format!("sigsend: {message}\n{TRY_HELP}"));
}

/// Asserts that `child` is still running (nothing fatal reached it yet).
#[track_caller]
fn assert_alive(child: &mut Sleeper, after: &[&str]) {
    assert!(
        child.child.try_wait().unwrap().is_none(),
        "pid {} ended after sigsend {after:?}",
        child.pid()
    );
}

// 1. `--wait 5 PID` took 5 as a second target; `--wait 5s PID` looked for
// a process named "5s".

#[test]
fn wait_followed_by_a_bare_number_is_refused() {
    let mut target = Sleeper::spawn();
    let pid = target.pid().to_string();
    // Not `5`: the old reading sent TERM to it. No process has this one.
    let number = no_such_pid(0).to_string();
    for args in [
        vec!["--wait", &number, &pid],
        vec!["--wait", "+7", &pid],
        vec!["-9", "--wait", "0", &pid],
    ] {
        let output = sigsend(&args);
        let value = args[args.len() - 2];
        assert_usage(
            &output,
            &format!(
                "ambiguous '--wait {value}': write '--wait={value}' to wait up to {value} s, \
                 or '--wait -- {value}' to signal process {value} and wait for it without limit"
            ),
        );
        assert_alive(&mut target, &args);
    }
    target.assert_untouched();
}

#[test]
fn wait_takes_a_spaced_duration_with_a_unit() {
    for value in ["5s", "30000ms", "1m"] {
        let target = Sleeper::spawn();
        let output = sigsend(&["--wait", value, &target.pid().to_string()]);
        assert_output(&output, 0, "", "");
        assert_eq!(target.died_of(), 15, "--wait {value}");
    }
}

#[test]
fn wait_with_a_spaced_duration_gives_up_at_it() {
    // A TERM ignorer (sh traps TERM, then becomes sleep).
    let mut cmd = std::process::Command::new("sh");
    cmd.args(["-c", "trap '' TERM; exec sleep 30"]);
    let target = Sleeper::run(cmd);
    let exe = format!("/proc/{}/exe", target.pid());
    poll_until("sh to exec sleep", || {
        std::fs::read_link(&exe).is_ok_and(|path| path.to_string_lossy().contains("sleep"))
    });
    let pid = target.pid().to_string();
    // Exit 3 and "still running" come only from a wait that had a limit.
    let output = sigsend(&["--wait", "300ms", &pid]);
    assert_output(
        &output,
        3,
        "",
        &format!("sigsend: {pid} is still running\n"),
    );
    target.assert_untouched();
}

#[test]
fn wait_with_a_bad_spaced_duration_is_a_usage_error() {
    let mut target = Sleeper::spawn();
    let pid = target.pid().to_string();
    for value in ["5h", "1.5s", "5sec"] {
        let output = sigsend(&["--wait", value, &pid]);
        assert_usage(
            &output,
            &format!("invalid duration for --wait: \"{value}\" (give 500ms, 5s, 2m, or seconds)"),
        );
        assert_alive(&mut target, &["--wait", value]);
    }
    target.assert_untouched();
}

#[test]
fn wait_then_double_dash_waits_without_limit() {
    let target = Sleeper::spawn();
    let output = sigsend(&["--wait", "--", &target.pid().to_string()]);
    assert_output(&output, 0, "", "");
    assert_eq!(target.died_of(), 15);
}

// 2. `sigsend PID --dry-run` sent TERM to PID.

#[test]
fn an_option_after_the_process_ids_is_refused_and_sends_nothing() {
    const AFTER: &str = "after the process IDs: options go before them (use -- to end options)";
    let mut target = Sleeper::spawn();
    let pid = target.pid().to_string();
    let other = no_such_pid(1).to_string();
    for (after, message) in [
        (&["--dry-run"][..], "option '--dry-run'"),
        (&["-p"], "option '-p'"),
        (&["--pid"], "option '--pid'"),
        (&["--json"], "option '--json'"),
        (&["--verbose"], "option '--verbose'"),
        (&["--wait"], "option '--wait'"),
        (&["--wait=1s"], "option '--wait=1s'"),
        (&["--timeout", "10", "KILL"], "option '--timeout'"),
        (&["-r"], "option '-r'"),
        (&["-a"], "option '-a'"),
        (&["--tree"], "option '--tree'"),
        (&["--pattern", "x"], "option '--pattern'"),
        (&["-s", "KILL"], "option '-s'"),
        (&["-q", "1"], "option '-q'"),
        (&["-l"], "option '-l'"),
        (&["-d", "1"], "option '-d'"),
        (&["-h"], "option '-h'"),
        (&[&other, "--dry-run"], "option '--dry-run'"),
        (&["--dryrun"], "unrecognized option '--dryrun'"),
        (&["-KILL"], "signal '-KILL'"),
        (&["-sighup"], "signal '-sighup'"),
    ] {
        let mut args = vec![pid.as_str()];
        args.extend_from_slice(after);
        let output = sigsend(&args);
        assert_usage(&output, &format!("{message} {AFTER}"));
        assert_alive(&mut target, &args);
        // The same after a signal, and after a group operand.
        let mut args = vec!["-HUP", pid.as_str()];
        args.extend_from_slice(after);
        assert_usage(&sigsend(&args), &format!("{message} {AFTER}"));
        assert_alive(&mut target, &args);
    }
    // `-1` and `-0` there: every process, the own group (util-linux sends
    // them TERM). Only with -p and --dry-run here, which send nothing even
    // where the line is taken.
    for (mode, group, meaning) in [
        ("-p", "-1", "every process you may signal"),
        ("--dry-run", "-1", "every process you may signal"),
        ("-p", "-0", "your own process group"),
    ] {
        let args = [mode, pid.as_str(), group];
        assert_usage(
            &sigsend(&args),
            &format!(
                "'{group}' after the process IDs would target {meaning}: a signal goes \
                 before the process IDs (to mean {group}, put -- before the first one)"
            ),
        );
    }
    let args = [pid.as_str(), "--", &other];
    assert_usage(
        &sigsend(&args),
        "'--' after the process IDs: it goes before the first one",
    );
    assert_alive(&mut target, &args);
    target.assert_untouched();
}

#[test]
fn after_the_process_ids_a_dash_number_is_still_a_group() {
    // util-linux's reading kept: `-N` after the first operand is the
    // process group N (the null signal: nothing is done to it).
    let leader = Sleeper::group_leader();
    let pid = leader.pid().to_string();
    let group = format!("-{pid}");
    let output = sigsend(&["-0", &pid, &group]);
    assert_output(&output, 0, "", "");
    // After a leading `--`, everything is an operand: `--dry-run` is a
    // process name there (none has it), and `-0` reached the pid.
    let output = sigsend(&["-0", "--", &pid, "--dry-run"]);
    assert_output(
        &output,
        64,
        "",
        "sigsend: cannot find process \"--dry-run\"\n",
    );
    leader.assert_untouched();
}

// 3. `--pattern ''` selected every process of the caller.

#[test]
fn a_pattern_that_matches_the_empty_string_is_refused() {
    let named = BytesNamed::new();
    let name = BytesNamed::name("p", b"");
    let target = named.spawn(&name);
    let name = name.to_str().unwrap();
    assert_usage(
        &sigsend(&["--pattern", "", "-p"]),
        "invalid --pattern \"\": an empty pattern would select every process",
    );
    for pattern in [".*", "^", "$", "x*", &format!("({name})?")] {
        for mode in ["-p", "--dry-run"] {
            assert_usage(
                &sigsend(&["--pattern", pattern, mode]),
                &format!(
                    "invalid --pattern \"{pattern}\": it matches the empty string, so it \
                     would select every process (write .+ to mean any name)"
                ),
            );
        }
    }
    // A pattern that needs a character is taken.
    let output = sigsend(&["--pattern", &format!("^{name}$"), "-p"]);
    assert_output(&output, 0, &format!("{}\n", target.pid()), "");
    target.assert_untouched();
}

// 4. A name that is not UTF-8 matched every name that showed alike.

#[test]
fn a_name_that_is_not_utf8_matches_only_its_own_bytes() {
    let named = BytesNamed::new();
    let exact = BytesNamed::name("n", b"\xfex");
    let alike = BytesNamed::name("n", b"\xffx");
    // What both show as, as valid UTF-8 (U+FFFD).
    let shown = BytesNamed::name("n", "\u{fffd}x".as_bytes());
    assert_eq!(exact.to_string_lossy(), shown.to_string_lossy());
    assert_eq!(alike.to_string_lossy(), shown.to_string_lossy());
    let exact_child = named.spawn(&exact);
    let mut alike_child = named.spawn(&alike);
    let mut shown_child = named.spawn(&shown);

    let listed = |name: &OsStr| {
        let output = sigsend_command::<&str>(&[])
            .arg("-p")
            .arg(name)
            .output()
            .expect("run sigsend");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        printed_pids(&output)
    };
    assert_eq!(listed(&exact), [exact_child.pid()]);
    assert_eq!(listed(&alike), [alike_child.pid()]);
    assert_eq!(listed(&shown), [shown_child.pid()]);

    let output = sigsend_command(&["-TERM"])
        .arg(&exact)
        .output()
        .expect("run sigsend");
    assert_output(&output, 0, "", "");
    assert_eq!(exact_child.died_of(), 15);
    assert_alive(&mut alike_child, &["-TERM", "(exact name)"]);
    assert_alive(&mut shown_child, &["-TERM", "(exact name)"]);

    // A name of those bytes that no process has: not found, shown with
    // U+FFFD.
    let missing = BytesNamed::name("m", b"\xfex");
    let output = sigsend_command(&["-TERM"])
        .arg(&missing)
        .output()
        .expect("run sigsend");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "sigsend: cannot find process \"{}\"\n",
            missing.to_string_lossy()
        )
    );
    assert_eq!(missing.as_bytes().last(), Some(&b'x'));
    alike_child.assert_untouched();
    shown_child.assert_untouched();
}

// 9. `-l 128`, `-d PID extra`, `-d -- -1`.

#[test]
fn list_128_is_the_signal_0() {
    assert_output(&sigsend(&["-l", "128"]), 0, "0\n", "");
    assert_output(&sigsend(&["-l", "128", "143"]), 0, "0\nTERM\n", "");
}

#[test]
fn show_state_takes_one_operand_and_double_dash() {
    let target = Sleeper::spawn();
    let pid = target.pid().to_string();
    assert_usage(
        &sigsend(&["-d", &pid, "extra"]),
        "too many arguments: '-d' takes one PID or PID:INODE, not also 'extra'",
    );
    assert_usage(
        &sigsend(&["-d", "--", &pid, "--"]),
        "too many arguments: '-d' takes one PID or PID:INODE, not also '--'",
    );
    // `--` ends the options: `-1` is then the operand, and no PID.
    assert_usage(
        &sigsend(&["-d", "--", "-1"]),
        "--show-process-state takes a process ID or PID:INODE, not \"-1\"",
    );
    let output = sigsend(&["-d", "--", &pid]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(output.stdout, sigsend(&["-d", &pid]).stdout);
    target.assert_untouched();
}

// 12 (part). `--user` of nobody, and the messages of `PID:INODE`.

#[test]
fn a_user_that_does_not_exist_is_a_usage_error() {
    assert_usage(
        &sigsend(&["--user", "no-such-user-here", "-p"]),
        "--user: no user named \"no-such-user-here\"",
    );
}

#[test]
fn a_wrong_inode_says_that_the_inode_is_another() {
    let target = Sleeper::spawn();
    let pid = target.pid();
    let Some(inode) = pidfs_inode(pid) else {
        return;
    };
    let wrong = inode + 1;
    let output = sigsend(&["-KILL", &format!("{pid}:{wrong}")]);
    assert_output(
        &output,
        1,
        "",
        &format!(
            "sigsend: sending signal to {pid}:{wrong} failed: the pidfs inode of pid {pid} is \
             {inode}, not {wrong}: another process has that pid now, or the inode is mistyped; \
             nothing was sent\n"
        ),
    );
    target.assert_untouched();
}

#[test]
fn an_inode_out_of_range_is_named_as_the_inode() {
    let target = Sleeper::spawn();
    let pid = target.pid();
    let operand = format!("{pid}:18446744073709551616");
    assert_output(
        &sigsend(&["-KILL", &operand]),
        1,
        "",
        &format!("sigsend: inode out of range: {operand}\n"),
    );
    let operand = "2147483648:5";
    assert_output(
        &sigsend(&["-KILL", operand]),
        1,
        "",
        &format!("sigsend: process ID out of range: {operand}\n"),
    );
    target.assert_untouched();
}
