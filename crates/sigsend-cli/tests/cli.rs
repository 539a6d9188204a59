//! The `sigsend` binary against real processes that each test starts itself.
//!
//! Safety: the only targets are `sleep` children of this test (and process
//! groups made of them), or pids above the kernel's limit, which no process
//! can have. No test ever names pid 0 or -1.

#![cfg(unix)]

mod common;

use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

/// Sends with `args` followed by a fresh child's pid; the child must die of
/// `expected`.
#[track_caller]
fn assert_kills_with(args: &[&str], expected: i32) {
    let target = Sleeper::spawn();
    let pid = target.pid().to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.push(&pid);
    let output = sigsend(&all);
    assert_output(&output, 0, "", "");
    assert_eq!(target.died_of(), expected, "sigsend {all:?}");
}

#[test]
fn default_signal_is_term() {
    assert_kills_with(&[], 15);
}

#[test]
fn signal_forms() {
    assert_kills_with(&["-9"], 9);
    assert_kills_with(&["-KILL"], 9);
    assert_kills_with(&["-s", "HUP"], 1);
    assert_kills_with(&["--signal", "int"], 2);
    assert_kills_with(&["-n", "2"], 2);
    assert_kills_with(&["-SIGUSR1"], 10);
    assert_kills_with(&["-sigkill"], 9);
    assert_kills_with(&["--"], 15);
}

#[cfg(target_os = "linux")]
#[test]
fn realtime_signal() {
    let rtmin = sigsend::Signal::rtmin().unwrap().as_raw();
    assert_kills_with(&["-RTMIN+1"], rtmin + 1);
    assert_kills_with(&["-s", "rtmax"], sigsend::Signal::rtmax().unwrap().as_raw());
}

#[test]
fn several_pids() {
    let (a, b) = (Sleeper::spawn(), Sleeper::spawn());
    let output = sigsend(&["-HUP".to_owned(), a.pid().to_string(), b.pid().to_string()]);
    assert_output(&output, 0, "", "");
    assert_eq!(a.died_of(), 1);
    assert_eq!(b.died_of(), 1);
}

#[test]
fn process_group_after_double_dash() {
    let leader = Sleeper::group_leader();
    let member = Sleeper::in_group(leader.pid());
    let output = sigsend(&["--".to_owned(), format!("-{}", leader.pid())]);
    assert_output(&output, 0, "", "");
    assert_eq!(leader.died_of(), 15);
    assert_eq!(member.died_of(), 15);
}

#[test]
fn process_group_after_a_signal() {
    let leader = Sleeper::group_leader();
    let member = Sleeper::in_group(leader.pid());
    let bystander = Sleeper::spawn();
    let output = sigsend(&["-9".to_owned(), format!("-{}", leader.pid())]);
    assert_output(&output, 0, "", "");
    assert_eq!(leader.died_of(), 9);
    assert_eq!(member.died_of(), 9);
    bystander.assert_untouched();
}

#[test]
fn process_group_after_signal_option() {
    let leader = Sleeper::group_leader();
    let output = sigsend(&[
        "-s".to_owned(),
        "USR2".to_owned(),
        format!("-{}", leader.pid()),
    ]);
    assert_output(&output, 0, "", "");
    assert_eq!(leader.died_of(), 12);
}

#[test]
fn partial_failure_is_64() {
    let live = Sleeper::spawn();
    let gone = no_such_pid(0);
    let output = sigsend(&[live.pid().to_string(), gone.to_string()]);
    assert_output(
        &output,
        64,
        "",
        &format!("sigsend: sending signal to {gone} failed: No such process\n"),
    );
    assert_eq!(live.died_of(), 15);
}

#[test]
fn all_failed_is_1() {
    let (a, b) = (no_such_pid(0), no_such_pid(1));
    let output = sigsend(&["-9".to_owned(), a.to_string(), b.to_string()]);
    assert_output(
        &output,
        1,
        "",
        &format!(
            "sigsend: sending signal to {a} failed: No such process\n\
             sigsend: sending signal to {b} failed: No such process\n"
        ),
    );
}

#[test]
fn failure_names_the_operand_as_typed() {
    let gone = no_such_pid(0);
    let output = sigsend(&["--".to_owned(), format!("-{gone}")]);
    assert_output(
        &output,
        1,
        "",
        &format!("sigsend: sending signal to -{gone} failed: No such process\n"),
    );
}

#[test]
fn invalid_signals_send_nothing() {
    for (signal_args, echoed) in [
        (&["-FOO"][..], "FOO"),
        (&["-65"][..], "65"),
        (&["-4294967311"][..], "4294967311"),
        (&["-s", ""][..], ""),
        (&["-s", "SIGNOPE"][..], "SIGNOPE"),
        (&["--signal", "-9"][..], "-9"),
    ] {
        let target = Sleeper::spawn();
        let pid = target.pid().to_string();
        let mut args = signal_args.to_vec();
        args.push(&pid);
        let output = sigsend(&args);
        assert_output(
            &output,
            1,
            "",
            &format!("sigsend: invalid signal name or number: {echoed}\n"),
        );
        target.assert_untouched();
    }
}

#[test]
fn no_operand_is_a_usage_error() {
    let expected = "sigsend: no process ID specified\nTry 'sigsend --help' for more information.\n";
    for args in [&[][..], &["-9"][..], &["-s", "KILL"][..], &["--"][..]] {
        let output = sigsend(args);
        assert_output(&output, 2, "", expected);
    }
}

#[test]
fn usage_errors() {
    let output = sigsend(&["-s"]);
    assert_output(
        &output,
        2,
        "",
        "sigsend: option '-s' requires an argument\n\
         Try 'sigsend --help' for more information.\n",
    );
    let target = Sleeper::spawn();
    let output = sigsend(&["--bogus".to_owned(), target.pid().to_string()]);
    assert_output(
        &output,
        2,
        "",
        "sigsend: unrecognized option '--bogus'\n\
         Try 'sigsend --help' for more information.\n",
    );
    target.assert_untouched();
}

#[test]
fn pid_out_of_range_sends_nothing() {
    let target = Sleeper::spawn();
    let output = sigsend(&[
        "-9".to_owned(),
        target.pid().to_string(),
        "99999999999".to_owned(),
    ]);
    assert_output(
        &output,
        1,
        "",
        "sigsend: process ID out of range: 99999999999\n",
    );
    target.assert_untouched();
}

/// A name that no process can have (a command name has at most 15 bytes)
/// is reported; the other targets still get the signal (0 here), and the
/// status says some failed.
#[test]
fn an_unknown_name_is_reported_and_the_other_targets_signalled() {
    let target = Sleeper::spawn();
    let output = sigsend(&["-0", &target.pid().to_string(), "no-such-process-name"]);
    assert_output(
        &output,
        64,
        "",
        "sigsend: cannot find process \"no-such-process-name\"\n",
    );
    target.assert_untouched();
}

/// After a signal, `-HUP` is an operand, util-linux's way: a name, which
/// no process has here; the signal (0) goes to the pid that follows.
#[test]
fn a_signal_after_the_signal_is_an_operand() {
    let target = Sleeper::spawn();
    let output = sigsend(&["-0", "-HUP", &target.pid().to_string()]);
    assert_output(&output, 64, "", "sigsend: cannot find process \"-HUP\"\n");
    target.assert_untouched();
}

/// `-l`, piped, on Linux.
#[cfg(target_os = "linux")]
#[test]
fn list_names_piped() {
    let names = "HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM \
                 STKFLT CHLD CLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH \
                 IO POLL PWR SYS RT<N> RTMIN+<N> RTMAX-<N>";
    let expected: String = names.split(' ').map(|name| format!("{name}\n")).collect();
    assert_output(&sigsend(&["-l"]), 0, &expected, "");
    assert_output(&sigsend(&["--list"]), 0, &expected, "");
}

#[test]
fn list_conversions() {
    assert_output(&sigsend(&["-l", "143"]), 0, "TERM\n", "");
    assert_output(&sigsend(&["-l", "9"]), 0, "KILL\n", "");
    assert_output(&sigsend(&["-l", "KILL"]), 0, "9\n", "");
    assert_output(&sigsend(&["-l", "sigkill"]), 0, "9\n", "");
    assert_output(&sigsend(&["-l", "0"]), 0, "0\n", "");
    assert_output(&sigsend(&["-l", "0x3"]), 0, "HUP\nINT\n", "");
    assert_output(&sigsend(&["--list=137"]), 0, "KILL\n", "");
    assert_output(
        &sigsend(&["-l", "15", "HUP", "0x4000"]),
        0,
        "TERM\n1\nTERM\n",
        "",
    );
}

#[cfg(target_os = "linux")]
#[test]
fn list_realtime_conversion() {
    let rtmin = sigsend::Signal::rtmin().unwrap().as_raw();
    assert_output(
        &sigsend(&["-l", "rtmin+1"]),
        0,
        &format!("{}\n", rtmin + 1),
        "",
    );
}

#[test]
fn list_bad_operand_among_good_ones() {
    let output = sigsend(&["-l", "9", "FOO", "HUP", "0xZZ", "143"]);
    assert_output(
        &output,
        1,
        "KILL\n1\nTERM\n",
        "sigsend: unknown signal: FOO\nsigsend: invalid sigmask format: 0xZZ\n",
    );
}

/// `-L`, piped, byte for byte as util-linux prints it (trailing spaces
/// kept), for the Linux signal numbers of the common architectures.
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_arch = "arm",
        target_arch = "riscv64"
    )
))]
#[test]
fn table_piped() {
    let expected = concat!(
        " 1 HUP     \n",
        " 2 INT     \n",
        " 3 QUIT    \n",
        " 4 ILL     \n",
        " 5 TRAP    \n",
        " 6 ABRT    \n",
        " 6 IOT     \n",
        " 7 BUS     \n",
        " 8 FPE     \n",
        " 9 KILL    \n",
        "10 USR1    \n",
        "11 SEGV    \n",
        "12 USR2    \n",
        "13 PIPE    \n",
        "14 ALRM    \n",
        "15 TERM    \n",
        "16 STKFLT  \n",
        "17 CHLD    \n",
        "17 CLD     \n",
        "18 CONT    \n",
        "19 STOP    \n",
        "20 TSTP    \n",
        "21 TTIN    \n",
        "22 TTOU    \n",
        "23 URG     \n",
        "24 XCPU    \n",
        "25 XFSZ    \n",
        "26 VTALRM  \n",
        "27 PROF    \n",
        "28 WINCH   \n",
        "29 IO      \n",
        "29 POLL    \n",
        "30 PWR     \n",
        "31 SYS     \n",
        "34 RTMIN   \n",
        "64 RTMAX   \n",
    );
    assert_output(&sigsend(&["-L"]), 0, expected, "");
    assert_output(&sigsend(&["--table"]), 0, expected, "");
    assert_output(&sigsend(&["-t"]), 0, expected, "");
}

#[cfg(target_os = "linux")]
#[test]
fn write_error_is_reported() {
    for args in [&["-l"][..], &["-L"][..], &["-l", "9"][..], &["--help"][..]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        // A group of its own, as `sigsend()` runs it.
        let mut command = Command::new(env!("CARGO_BIN_EXE_sigsend"));
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let output = command.args(args).stdout(full).output().unwrap();
        assert_output(
            &output,
            1,
            "",
            "sigsend: write error: No space left on device\n",
        );
    }
}

#[test]
fn help_and_version() {
    let output = sigsend(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with(
        "Usage:\n sigsend [-s SIGNAL | -SIGNAL] [-a] [-r] [--verbose] [--json] PID|NAME...\n"
    ));
    assert!(stdout(&output).contains("Examples:"));
    assert_eq!(stderr(&output), "");
    assert_eq!(sigsend(&["-h"]).stdout, output.stdout);

    let version = format!("sigsend {}\n", env!("CARGO_PKG_VERSION"));
    assert_output(&sigsend(&["-V"]), 0, &version, "");
    assert_output(&sigsend(&["--version"]), 0, &version, "");
}

/// Installed as `kill` (a symlink), the command calls itself `kill`: in its
/// messages, its usage lines and examples, and its version, as util-linux's
/// own tests of `kill` expect. The man page's name stays `sigsend`.
#[test]
fn started_as_kill_it_calls_itself_kill() {
    let dir = std::env::temp_dir().join(format!("sigsend-as-kill-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let kill = dir.join("kill");
    let _ = std::fs::remove_file(&kill);
    std::os::unix::fs::symlink(SIGSEND, &kill).expect("a symlink named kill");
    let run = |args: &[&str]| Command::new(&kill).args(args).output().expect("kill runs");

    let output = run(&["-s"]);
    assert_output(
        &output,
        2,
        "",
        "kill: option '-s' requires an argument\n\
         Try 'kill --help' for more information.\n",
    );
    let output = run(&[&no_such_pid(1).to_string()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("kill: "), "{}", stderr(&output));

    let help = run(&["--help"]);
    let text = stdout(&help);
    assert!(
        text.starts_with("Usage:\n kill [-s SIGNAL | -SIGNAL] [-a] [-r] [--verbose] [--json] PID|NAME...\n kill [-s SIGNAL"),
        "{text}"
    );
    assert!(text.contains("Examples:\n kill 1234 "), "{text}");
    assert!(text.contains("sigsend.schema.json"), "{text}");
    assert!(!text.contains(" sigsend "), "{text}");
    let version = format!("kill {}\n", env!("CARGO_PKG_VERSION"));
    assert_output(&run(&["--version"]), 0, &version, "");

    std::fs::remove_dir_all(&dir).expect("the temporary directory removed");
}

#[test]
fn help_shows_every_option_and_examples() {
    let output = sigsend(&["--help"]);
    let help = stdout(&output);
    for text in [
        "--signal <SIGNAL>",
        "--queue <INT>",
        "--timeout <MS> <SIGNAL>",
        "--wait[=<DURATION>]",
        "--pid",
        "--all",
        "--require-handler",
        "--verbose",
        "--json",
        "--dry-run",
        "--show-process-state <PID>",
        "--list",
        "--table",
        "Examples:\n sigsend 1234 ",
        " sigsend -9 1234 ",
        " sigsend -s HUP -- -4321 ",
        " sigsend --timeout 5000 KILL 1234\n",
        " sigsend -l 143 ",
        "Exit status:\n",
    ] {
        assert!(help.contains(text), "--help lacks {text:?}:\n{help}");
    }
}

/// A `sleep 30` that ignores TERM (an ignored signal stays ignored across
/// exec), so only KILL ends it; killed and reaped on drop.
fn term_ignorer() -> Sleeper {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "trap '' TERM; exec sleep 30"]);
    let sleeper = Sleeper::run(cmd);
    // Wait until the exec happened: the trap is then in sleep.
    let exe = format!("/proc/{}/exe", sleeper.pid());
    poll_until("sh to exec sleep", || {
        !cfg!(target_os = "linux")
            || std::fs::read_link(&exe).is_ok_and(|path| path.to_string_lossy().contains("sleep"))
    });
    sleeper
}

#[test]
fn timeout_escalates_to_kill_for_all_targets_at_once() {
    const COUNT: usize = 4;
    const MS: u64 = 400;
    let targets: Vec<Sleeper> = (0..COUNT).map(|_| term_ignorer()).collect();
    let mut args = vec!["--timeout".to_owned(), MS.to_string(), "KILL".to_owned()];
    args.extend(targets.iter().map(|t| t.pid().to_string()));
    let started = Instant::now();
    let output = sigsend(&args);
    let took = started.elapsed();
    assert_output(&output, 0, "", "");
    for target in targets {
        assert_eq!(target.died_of(), 9);
    }
    // One after another (util-linux) would take COUNT * MS; a sanity bound.
    assert!(
        took < Duration::from_millis(MS * COUNT as u64 - MS),
        "took {took:?}"
    );
}

#[test]
fn timeout_is_not_needed_by_a_target_that_obeys() {
    let target = Sleeper::spawn();
    let started = Instant::now();
    let output = sigsend(&["--timeout", "20000", "KILL", &target.pid().to_string()]);
    assert_output(&output, 0, "", "");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(target.died_of(), 15);
}

#[test]
fn wait_returns_once_the_target_exited() {
    let mut target = Sleeper::spawn();
    // `--` after it: `--wait PID` would be ambiguous (the time or a pid).
    let output = sigsend(&["--wait", "--", &target.pid().to_string()]);
    assert_output(&output, 0, "", "");
    // Exited (a zombie of this test) before sigsend returned.
    assert_eq!(
        target.child.try_wait().unwrap().and_then(|s| s.signal()),
        Some(15)
    );
}

#[test]
fn wait_with_a_limit_gives_3_when_a_target_still_runs() {
    let target = term_ignorer();
    let pid = target.pid().to_string();
    let output = sigsend(&["--wait=200ms", &pid]);
    assert_output(
        &output,
        3,
        "",
        &format!("sigsend: {pid} is still running\n"),
    );
    target.assert_untouched();
}

#[test]
fn timeout_and_wait_refuse_groups_and_send_nothing() {
    let leader = Sleeper::group_leader();
    let output = sigsend(&[
        "--timeout".to_owned(),
        "100".to_owned(),
        "KILL".to_owned(),
        "--".to_owned(),
        format!("-{}", leader.pid()),
    ]);
    assert_output(
        &output,
        2,
        "",
        &format!(
            "sigsend: --queue, --timeout, --wait and --tree take process IDs, not a process group, \
             0 or -1: -{}\n\
             Try 'sigsend --help' for more information.\n",
            leader.pid()
        ),
    );
    leader.assert_untouched();
}

#[test]
fn timeout_reports_targets_that_are_gone() {
    let live = Sleeper::spawn();
    let gone = no_such_pid(0);
    let output = sigsend(&[
        "--timeout".to_owned(),
        "5000".to_owned(),
        "KILL".to_owned(),
        live.pid().to_string(),
        gone.to_string(),
    ]);
    assert_output(
        &output,
        64,
        "",
        &format!("sigsend: sending signal to {gone} failed: No such process\n"),
    );
    assert_eq!(live.died_of(), 15);
}

#[cfg(target_os = "linux")]
#[test]
fn queue_sends_the_signal_with_a_value() {
    let target = Sleeper::spawn();
    let output = sigsend(&["-q", "5", "-USR1", &target.pid().to_string()]);
    assert_output(&output, 0, "", "");
    assert_eq!(target.died_of(), 10);
}
