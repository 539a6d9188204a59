//! Issue 12, the plan's surprises (`--timeout`, `--wait`): `--verbose`
//! says each signal when it is sent, not when the plan is over (10); an
//! interrupted `--wait` still reports what it did, then sigsend dies of
//! the signal (10b); a stopped target is said to be stopped (8); two
//! processes of one name that outlive `--wait` are told apart by pid (13).
//!
//! Safety: every target is a process this test started (a `sleep`, or a
//! Perl script that ignores or catches TERM), killed and reaped on drop,
//! also when a test fails; sigsend runs in a process group of its own and
//! is killed on drop too. The only signals this test sends itself go to
//! its own children by pid. Names are this test's own (`$0` in Perl sets
//! the command name), so a NAME selects no other process.

#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::*;

/// How long a test waits for what must come well before it (a line of
/// sigsend's that is due at once) before it fails.
const HANG: Duration = Duration::from_secs(10);

/// A running `sigsend`, killed (SIGKILL) and reaped on drop.
struct Running(Child);

impl Running {
    /// `sigsend ARGS` with stdout and stderr piped.
    fn start(args: &[&str]) -> Running {
        let mut cmd = sigsend_command(args);
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        Running(cmd.spawn().expect("start sigsend"))
    }

    fn pid(&self) -> i32 {
        i32::try_from(self.0.id()).unwrap()
    }

    /// Its stdout, line by line, through a channel (so that a test can
    /// give up on a line that does not come).
    fn lines(&mut self) -> mpsc::Receiver<String> {
        let out = self.0.stdout.take().expect("stdout is piped");
        lines_of(out)
    }

    /// Waits (up to 10 s) for its end: its status, with stderr read
    /// whole. A sigsend that does not end (say, one that inherited the
    /// signal sent to it as ignored) fails the test; the drop kills it.
    fn finish(&mut self) -> (std::process::ExitStatus, String) {
        let pid = self.pid();
        let mut status = None;
        poll_until(&format!("sigsend (pid {pid}) to end"), || {
            status = self.0.try_wait().expect("wait for sigsend");
            status.is_some()
        });
        let mut err = String::new();
        let mut stderr = self.0.stderr.take().expect("stderr is piped");
        stderr.read_to_string(&mut err).expect("read stderr");
        (status.expect("it ended"), err)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn lines_of(out: ChildStdout) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A Perl process that catches TERM and says `term` on stdout each time
/// it gets it (so it outlives TERM), named `name`; returned once its
/// handler is in place (it says `ready`), with its lines.
fn term_catcher(name: &str) -> (Sleeper, mpsc::Receiver<String>) {
    let script = format!(
        "$| = 1; $0 = '{name}'; $SIG{{TERM}} = sub {{ print \"term\\n\" }}; \
         print \"ready\\n\"; sleep 1 while 1"
    );
    let mut child = Command::new("perl")
        .args(["-e", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start perl");
    let out = child.stdout.take().expect("stdout is piped");
    let catcher = Sleeper { child };
    let lines = lines_of(out);
    assert_eq!(lines.recv_timeout(HANG).as_deref(), Ok("ready"));
    (catcher, lines)
}

/// A command name of this test process's own: `tag` tells them apart.
fn own_name(tag: &str) -> String {
    let name = format!("sp{}{tag}", std::process::id());
    assert!(name.len() <= 15, "{name} is longer than a command name");
    name
}

/// The command name of `pid` now.
fn comm(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Item 10: with a KILL step a minute away, `--verbose` says the TERM
/// while the plan still waits (util-linux prints at once). The test then
/// ends the target itself, which ends the plan: no KILL is sent.
#[test]
fn verbose_says_each_signal_while_the_plan_still_runs() {
    let (mut target, target_lines) = term_catcher(&own_name("v"));
    let pid = target.pid().to_string();
    let mut sigsend = Running::start(&["--verbose", "--timeout", "60000", "KILL", &pid]);
    let lines = sigsend.lines();
    let first = lines.recv_timeout(HANG);
    assert_eq!(first, Ok(format!("sending signal 15 to pid {pid}")));
    assert!(
        sigsend.0.try_wait().unwrap().is_none(),
        "sigsend ended before the KILL step"
    );
    assert_eq!(target_lines.recv_timeout(HANG).as_deref(), Ok("term"));
    target.child.kill().unwrap();
    let (status, err) = sigsend.finish();
    assert_eq!((status.code(), err.as_str()), (Some(0), ""));
    assert_eq!(
        lines.recv_timeout(HANG),
        Err(mpsc::RecvTimeoutError::Disconnected)
    );
}

/// Item 10: the later steps are said as they are sent too, in today's
/// words.
#[test]
fn verbose_says_the_later_steps_as_timeout() {
    let (target, _lines) = term_catcher(&own_name("t"));
    let pid = target.pid().to_string();
    let output = sigsend(&["--verbose", "--timeout", "100", "KILL", &pid]);
    let said = format!("sending signal 15 to pid {pid}\ntimeout, sending signal 9 to pid {pid}\n");
    assert_output(&output, 0, &said, "");
    assert_eq!(target.died_of(), 9);
}

/// Sends `sig` to the running sigsend once its target has had the plan's
/// TERM (it says so), and returns how sigsend ended, its stdout and its
/// stderr.
fn interrupt(args: &[&str], sig: i32) -> (std::process::ExitStatus, String, String, Sleeper) {
    let (target, target_lines) = term_catcher(&own_name("i"));
    let pid = target.pid().to_string();
    let mut all = args.to_vec();
    all.push(&pid);
    let mut sigsend = Running::start(&all);
    let lines = sigsend.lines();
    assert_eq!(target_lines.recv_timeout(HANG).as_deref(), Ok("term"));
    // SAFETY: kill(2) to our own child, by its pid: it is not reaped yet.
    assert_eq!(unsafe { libc::kill(sigsend.pid(), sig) }, 0);
    let (status, err) = sigsend.finish();
    let out: Vec<String> = lines.iter().collect();
    (status, out.join("\n"), err, target)
}

/// Item 10b: SIGINT to `sigsend --json --wait` (a wait without limit):
/// stdout is still the whole JSON document, the target in it
/// `interrupted` after its TERM, then sigsend dies of SIGINT, as the
/// shell expects; nothing more was sent to the target.
#[test]
fn an_interrupted_json_wait_reports_what_it_did() {
    let (status, out, err, target) = interrupt(&["--json", "--wait", "--"], libc::SIGINT);
    let pid = target.pid();
    let name = own_name("i");
    assert_eq!(
        status.signal(),
        Some(libc::SIGINT),
        "{status}; stderr: {err}"
    );
    schema::parse(&out);
    assert!(
        out.contains(&format!(
            r#"{{"operand":"{pid}","pid":{pid},"name":"{name}","outcome":"interrupted","stopped":false,"signals":[{{"name":"SIGTERM","number":15,"ok":true}}],"exit":null,"error":null}}"#
        )),
        "{out}"
    );
    assert_eq!(
        err,
        format!("sigsend: interrupted by SIGINT while waiting; still running: {pid}\n")
    );
    // Still alive: the plan sent it TERM only, which it caught.
    target.assert_untouched();
}

/// Item 10b: SIGTERM to `sigsend --timeout 60000 KILL` (text mode): the
/// wait ends, the KILL step is never sent, stderr says which targets
/// still run, and sigsend dies of SIGTERM.
#[test]
fn an_interrupted_plan_says_what_still_runs_and_sends_nothing_more() {
    let (status, out, err, target) =
        interrupt(&["--verbose", "--timeout", "60000", "KILL"], libc::SIGTERM);
    let pid = target.pid();
    assert_eq!(
        status.signal(),
        Some(libc::SIGTERM),
        "{status}; stderr: {err}"
    );
    assert_eq!(out, format!("sending signal 15 to pid {pid}"));
    assert_eq!(
        err,
        format!("sigsend: interrupted by SIGTERM while waiting; still running: {pid}\n")
    );
    target.assert_untouched();
}

/// A `sleep` stopped by SIGSTOP (its user's), once it is.
fn stopped_sleeper() -> Sleeper {
    let sleeper = Sleeper::spawn();
    // SAFETY: kill(2) to our own child, by its pid: it is not reaped yet.
    assert_eq!(unsafe { libc::kill(sleeper.pid(), libc::SIGSTOP) }, 0);
    let stat = format!("/proc/{}/stat", sleeper.pid());
    poll_until("the sleeper to stop", || {
        let stat = std::fs::read_to_string(&stat).unwrap_or_default();
        stat.rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('T'))
    });
    sleeper
}

/// Item 8: a stopped target that outlives `--wait` is said to be stopped
/// (it cannot exit until continued), exit 3 as for any that outlives it.
#[test]
fn a_stopped_target_is_said_to_be_stopped() {
    let sleeper = stopped_sleeper();
    let pid = sleeper.pid().to_string();
    let output = sigsend(&["--wait=300ms", &pid]);
    let said =
        format!("sigsend: {pid} is stopped: it cannot exit until it is continued (send it CONT)\n");
    assert_output(&output, 3, "", &said);
}

/// Item 8, in JSON: `"stopped":true` next to the outcome `still_running`.
#[test]
fn a_stopped_target_is_marked_in_json() {
    let sleeper = stopped_sleeper();
    let pid = sleeper.pid().to_string();
    let output = sigsend(&["--json", "--wait=300ms", &pid]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    schema::document(&output);
    let doc = stdout(&output);
    assert!(
        doc.contains(r#""outcome":"still_running","stopped":true,"#),
        "{doc}"
    );
    let running = Sleeper::spawn();
    let pid = running.pid().to_string();
    let output = sigsend(&["-0", "--json", "--wait=100ms", &pid]);
    schema::document(&output);
    let doc = stdout(&output);
    assert!(
        doc.contains(r#""outcome":"still_running","stopped":false,"#),
        "{doc}"
    );
}

/// Item 13: two processes of one NAME that outlive `--wait` (signal 0
/// leaves them be) get a line each, told apart by pid.
#[test]
fn two_processes_of_one_name_still_running_are_told_apart() {
    let name = own_name("n");
    let (a, _a_lines) = term_catcher(&name);
    let (b, _b_lines) = term_catcher(&name);
    for pid in [a.pid(), b.pid()] {
        poll_until("perl to take its name", || comm(pid) == name);
    }
    let output = sigsend(&["-0", "--wait=100ms", &name]);
    let mut pids = [a.pid(), b.pid()];
    pids.sort_unstable();
    let said: String = pids
        .iter()
        .map(|pid| format!("sigsend: {name} (pid {pid}) is still running\n"))
        .collect();
    assert_output(&output, 3, "", &said);
    a.assert_untouched();
    b.assert_untouched();
}
