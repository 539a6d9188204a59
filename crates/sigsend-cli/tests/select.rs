//! Selection and reporting in the `sigsend` binary: names (`-a`), `-p`,
//! `-r`, `-d`, `--verbose`, `--dry-run`, `--json` and `PID:INODE`, against
//! processes each test starts itself.
//!
//! Safety: a name operand is only ever a name that this test gave to a
//! copy of `sleep` in a directory of its own (unique to this test process),
//! or one no process can have; no test sends a fatal signal by a name that
//! anything else could bear.

#![cfg(target_os = "linux")]

mod common;

use std::process::Command;

use common::*;

/// A single process that catches USR1 (and exits 7 on it), ignores USR2,
/// and otherwise sleeps: Perl, so that no shell child is left behind.
fn catcher() -> Sleeper {
    let mut cmd = Command::new("perl");
    cmd.args([
        "-e",
        "$SIG{USR1} = sub { exit 7 }; $SIG{USR2} = 'IGNORE'; sleep 30 while 1",
    ]);
    let catcher = Sleeper::run(cmd);
    // Until Perl has installed its handler, USR1 would still kill it.
    let status = format!("/proc/{}/status", catcher.pid());
    let usr1 = 1 << 9;
    poll_until("perl to catch USR1", || {
        let status = std::fs::read_to_string(&status).unwrap_or_default();
        let caught = status.lines().find_map(|l| l.strip_prefix("SigCgt:"));
        caught.is_some_and(|hex| u64::from_str_radix(hex.trim(), 16).is_ok_and(|m| m & usr1 != 0))
    });
    catcher
}

#[test]
fn a_name_selects_every_process_of_that_name() {
    let named = Named::new("a");
    let (a, b) = (named.spawn(), named.spawn());
    let bystander = Sleeper::spawn();
    let output = sigsend(&["-s", "USR1", &named.name]);
    assert_output(&output, 0, "", "");
    assert_eq!(a.died_of(), 10);
    assert_eq!(b.died_of(), 10);
    bystander.assert_untouched();
}

#[test]
fn print_pids_lists_the_selection_and_sends_nothing() {
    let named = Named::new("p");
    let (a, b) = (named.spawn(), named.spawn());
    let mut pids = [a.pid(), b.pid()];
    pids.sort_unstable();
    let output = sigsend(&["-p", &named.name]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(printed_pids(&output), pids);
    a.assert_untouched();
    b.assert_untouched();
}

#[test]
fn names_match_only_own_processes_unless_all() {
    if !is_root() || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: needs root and setpriv to start a process of another user");
        return;
    }
    let named = Named::new("u");
    let other = named.spawn_as_nobody();
    let output = sigsend(&["-0", &named.name]);
    assert_output(
        &output,
        1,
        "",
        &format!("sigsend: cannot find process \"{}\"\n", named.name),
    );
    let output = sigsend(&["-a", "-p", &named.name]);
    assert_output(&output, 0, &format!("{}\n", other.pid()), "");
    other.assert_untouched();
}

#[test]
fn verbose_says_what_it_sends() {
    let target = Sleeper::spawn();
    let pid = target.pid();
    let output = sigsend(&["--verbose", "-s", "HUP", &pid.to_string()]);
    assert_output(&output, 0, &format!("sending signal 1 to pid {pid}\n"), "");
    assert_eq!(target.died_of(), 1);
}

#[test]
fn require_handler_skips_a_process_that_does_not_catch() {
    let plain = Sleeper::spawn();
    let catcher = catcher();
    let (plain_pid, catcher_pid) = (plain.pid(), catcher.pid());
    let output = sigsend(&[
        "-r",
        "--verbose",
        "-s",
        "USR1",
        &plain_pid.to_string(),
        &catcher_pid.to_string(),
    ]);
    assert_output(
        &output,
        0,
        &format!(
            "not signalling pid {plain_pid}, it has no userspace handler for signal 10\n\
             sending signal 10 to pid {catcher_pid}\n"
        ),
        "",
    );
    let mut catcher = catcher;
    assert_eq!(catcher.wait_exit().code(), Some(7), "its handler ran");
    plain.assert_untouched();
    // Nothing left to signal: util-linux counts that as a failure.
    let plain = Sleeper::spawn();
    let output = sigsend(&["-r", "-s", "USR1", &plain.pid().to_string()]);
    assert_output(&output, 1, "", "");
    plain.assert_untouched();
}

#[test]
fn show_process_state_lists_the_signal_sets() {
    let catcher = catcher();
    let output = sigsend(&["-d", &catcher.pid().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let line = |label: &str| {
        text.lines()
            .find(|l| l.starts_with(label))
            .map(str::to_owned)
    };
    assert!(
        line("Caught: ").is_some_and(|l| l.contains(" USR1 ") || l.starts_with("Caught: USR1 ")),
        "{text}"
    );
    assert!(
        line("Ignored: ").is_some_and(|l| l.contains("USR2 ")),
        "{text}"
    );
    assert!(
        text.lines().all(|l| l.ends_with(' ')),
        "util-linux ends each name with a space: {text:?}"
    );
    catcher.assert_untouched();
    let output = sigsend(&["-d", "nope"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn dry_run_says_what_it_would_send_and_sends_nothing() {
    let target = Sleeper::spawn();
    let pid = target.pid();
    let output = sigsend(&["--dry-run", "--timeout", "500", "KILL", &pid.to_string()]);
    assert_output(
        &output,
        0,
        &format!(
            "would send SIGTERM to process {pid}, then SIGKILL after 500 ms if it still runs\n"
        ),
        "",
    );
    target.assert_untouched();
}

#[test]
fn json_describes_every_target() {
    let target = Sleeper::spawn();
    let pid = target.pid();
    let gone = no_such_pid(1);
    let output = sigsend(&[
        "--json",
        "-s",
        "INT",
        &pid.to_string(),
        &gone.to_string(),
        "no-such-process-name",
    ]);
    assert_eq!(output.status.code(), Some(64), "{}", stderr(&output));
    schema::document(&output);
    let doc = stdout(&output);
    assert!(
        doc.starts_with(
            r#"{"version":1,"mode":"send","signal":{"name":"SIGINT","number":2},"queue":null,"timeouts":[],"wait":null,"status":64,"targets":["#
        ),
        "{doc}"
    );
    // A pid's name is read; one that names no process has none.
    assert!(doc.contains(&format!(r#"{{"operand":"{pid}","pid":{pid},"name":"sleep","outcome":"done","signals":[{{"name":"SIGINT","number":2,"ok":true}}],"exit":null,"error":null}}"#)), "{doc}");
    assert!(doc.contains(&format!(r#"{{"operand":"{gone}","pid":{gone},"name":null,"outcome":"failed","signals":[{{"name":"SIGINT","number":2,"ok":false,"error":{{"kind":"NoSuchProcess","code":3,"#)), "{doc}");
    assert!(doc.contains(r#"{"operand":"no-such-process-name","pid":null,"name":null,"outcome":"not_found","signals":[],"exit":null,"error":{"kind":"NoSuchProcess","code":null,"message":"cannot find process \"no-such-process-name\""}}"#), "{doc}");
    assert_eq!(doc.lines().count(), 1, "one document: {doc}");
    assert_eq!(target.died_of(), 2);
}

/// The target is not sigsend's child, so POSIX does not tell it how the
/// target ended: the exit is there, and unknown.
#[test]
fn json_reports_the_exit_of_a_waited_target() {
    let target = Sleeper::spawn();
    let pid = target.pid();
    let output = sigsend(&["--json", "--wait=10s", &pid.to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    schema::document(&output);
    assert!(
        stdout(&output).contains(r#""outcome":"done","signals":[{"name":"SIGTERM","number":15,"ok":true}],"exit":{"unknown":true}"#),
        "{}",
        stdout(&output)
    );
    assert_eq!(target.died_of(), 15);
}

#[test]
fn pid_inode_reaches_only_that_process() {
    let target = Sleeper::spawn();
    let pid = target.pid();
    let Some(inode) = pidfs_inode(pid) else {
        return;
    };
    let wrong = format!("{pid}:{}", inode + 1);
    let output = sigsend(&["-KILL", &wrong]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with(&format!("sigsend: sending signal to {wrong} failed: ")),
        "{}",
        stderr(&output)
    );
    let output = sigsend(&["-s", "HUP", &format!("{pid}:{inode}")]);
    assert_output(&output, 0, "", "");
    assert_eq!(target.died_of(), 1);
}

#[test]
fn pattern_selects_by_name_and_full_by_command_line() {
    let named = Named::new("r");
    let (a, b) = (named.spawn(), named.spawn());
    let bystander = Sleeper::spawn();
    let pattern = format!("^{}$", named.name);
    let output = sigsend(&["--pattern", &pattern, "-s", "USR1"]);
    assert_output(&output, 0, "", "");
    assert_eq!(a.died_of(), 10);
    assert_eq!(b.died_of(), 10);
    bystander.assert_untouched();

    // --full: the command line holds the copy's own directory.
    let c = named.spawn();
    let dir = named
        .dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let output = sigsend(&["--full", "--pattern", &format!("{dir}/"), "-p"]);
    assert_output(&output, 0, &format!("{}\n", c.pid()), "");
    c.assert_untouched();

    // -0: a match that should not be there is only probed.
    let output = sigsend(&["-0", "--pattern", "^no-such-process-name$"]);
    assert_output(
        &output,
        1,
        "",
        "sigsend: no process matches the selection\n",
    );
}

/// A shell, leading a process group of its own, with two `sleep`
/// children; the whole group is killed when this is dropped.
///
/// The shell is never reaped before the drop (tests wait for its end with
/// [`Family::shell_died_of`], which leaves it a zombie): the group's number
/// is this test's only while its leader is unreaped.
struct Family {
    shell: Sleeper,
}

impl Family {
    /// `sh -c SCRIPT`, once the shell has its two children.
    fn start(script: &str) -> Family {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", script]);
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        // The Family first: should the wait fail, its drop ends the
        // children too, not just the shell.
        let family = Family {
            shell: Sleeper::run(cmd),
        };
        let pid = family.shell.pid().unsigned_abs();
        poll_until("the shell's two children", || {
            sigsend::descendants(pid).is_ok_and(|below| below.len() == 2)
        });
        family
    }

    /// Waits for the shell to end, without reaping it; the signal it died
    /// of (`None` if it exited).
    fn shell_died_of(&self) -> Option<i32> {
        self.shell.wait_end_unreaped()
    }
}

impl Drop for Family {
    fn drop(&mut self) {
        // The leader (the shell) is unreaped here, alive or a zombie: the
        // Sleeper reaps it only after this, so the group's number is still
        // this test's.
        let _ = sigsend::os::killpg(self.shell.pid(), sigsend::Signal::KILL.as_raw());
    }
}

/// A family whose members do not die of TERM.
fn family() -> Family {
    Family::start("sleep 30 & sleep 30 & wait")
}

/// A family whose members ignore TERM (the shell's `trap '' TERM` is
/// inherited by both sleeps).
fn stubborn_family() -> Family {
    Family::start("trap '' TERM; sleep 30 & sleep 30 & wait")
}

/// Waits until none of `pids` is alive (a zombie counts as gone).
fn all_gone(pids: &[i32]) {
    for pid in pids {
        poll_until("the child to be gone", || {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .map_or(true, |stat| stat.contains(") Z "))
        });
    }
}

/// The `sleep` children of the family's shell, sorted.
fn children(family: &Family) -> Vec<i32> {
    let below = sigsend::descendants(family.shell.pid().unsigned_abs()).unwrap_or_default();
    let mut pids: Vec<i32> = below.iter().map(|p| p.pid() as i32).collect();
    pids.sort_unstable();
    pids
}

#[test]
fn parent_and_tree_select_children_and_descendants() {
    let family = family();
    let kids = children(&family);
    let pid = family.shell.pid().to_string();
    let output = sigsend(&["--parent", &pid, "-p"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(printed_pids(&output), kids);

    // --tree --dry-run: the shell, then its children; nothing sent.
    let output = sigsend(&["--tree", "--dry-run", "-9", &pid]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 3, "{}", stdout(&output));

    // --tree: all three get the signal; the shell dies of it.
    let output = sigsend(&["--tree", "-9", &pid]);
    assert_output(&output, 0, "", "");
    assert_eq!(family.shell_died_of(), Some(9));
    all_gone(&kids);
}

#[test]
fn tree_refuses_groups() {
    let family = family();
    let output = sigsend(&["--tree", "--", &format!("-{}", family.shell.pid())]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("take process IDs, not a process group"),
        "{}",
        stderr(&output)
    );
    assert_eq!(children(&family).len(), 2, "nothing was sent");
}

#[test]
fn tree_with_timeout_escalates_on_the_whole_tree() {
    let family = stubborn_family();
    let kids = children(&family);
    let pid = family.shell.pid().to_string();
    let output = sigsend(&["--tree", "--json", "--timeout", "200", "KILL", &pid]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    schema::document(&output);
    let json = stdout(&output);
    // Three targets, each sent TERM, then KILL, each ended by KILL.
    let term = r#"{"name":"SIGTERM","number":15,"ok":true}"#;
    let kill = r#"{"name":"SIGKILL","number":9,"ok":true}"#;
    assert_eq!(
        json.matches(&format!("[{term},{kill}]")).count(),
        3,
        "{json}"
    );
    assert_eq!(json.matches(r#""operand":""#).count(), 3, "{json}");
    for kid in &kids {
        assert!(json.contains(&format!(r#""pid":{kid},"#)), "{json}");
    }
    assert_eq!(family.shell_died_of(), Some(9));
    all_gone(&kids);
}

#[test]
fn tree_with_wait_names_every_survivor() {
    let family = stubborn_family();
    let kids = children(&family);
    let pid = family.shell.pid();
    let output = sigsend(&["--tree", "--wait=200ms", &pid.to_string()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let mut expected = vec![format!("sigsend: {pid} is still running")];
    expected.extend(
        kids.iter()
            .map(|kid| format!("sigsend: {pid} (pid {kid}) is still running")),
    );
    assert_eq!(stderr(&output).lines().collect::<Vec<_>>(), expected);
    assert_eq!(children(&family), kids, "TERM was ignored");
}

#[test]
fn tree_with_queue_sends_the_value_to_every_member() {
    let family = family();
    let kids = children(&family);
    let pid = family.shell.pid().to_string();
    let output = sigsend(&["--tree", "-q", "7", "-s", "USR1", &pid]);
    assert_output(&output, 0, "", "");
    assert_eq!(family.shell_died_of(), Some(10), "SIGUSR1");
    all_gone(&kids);
}

#[test]
fn user_selects_another_users_processes() {
    if !is_root() {
        eprintln!("skipped: needs root to start a process of another user");
        return;
    }
    let named = Named::new("v");
    let other = named.spawn_as_nobody();
    let pattern = format!("^{}$", named.name);
    let output = sigsend(&["--pattern", &pattern, "-p"]);
    assert_output(
        &output,
        1,
        "",
        "sigsend: no process matches the selection\n",
    );
    for user in ["65534", "nobody"] {
        let output = sigsend(&["--user", user, "--pattern", &pattern, "-p"]);
        assert_output(&output, 0, &format!("{}\n", other.pid()), "");
    }
    // A usage error, as a bad --port or --parent is.
    let output = sigsend(&["--user", "no-such-user-here", "-p"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("sigsend: --user: no user named"),
        "{}",
        stderr(&output)
    );
    other.assert_untouched();
}

/// A Python process holding a loopback port (`tcp` or `udp`), and the port.
fn port_holder(protocol: &str) -> (Sleeper, u16) {
    let kind = if protocol == "tcp" {
        "SOCK_STREAM"
    } else {
        "SOCK_DGRAM"
    };
    let script = format!(
        "import socket, sys, time\n\
         s = socket.socket(socket.AF_INET, socket.{kind})\n\
         s.bind(('127.0.0.1', 0))\n\
         {}\n\
         open(sys.argv[1], 'w').write(str(s.getsockname()[1]))\n\
         time.sleep(30)",
        if protocol == "tcp" {
            "s.listen()"
        } else {
            "pass"
        }
    );
    let file = std::env::temp_dir().join(format!("sigsend-port-{}-{protocol}", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let mut cmd = Command::new("python3");
    cmd.args(["-c", &script]).arg(&file);
    let holder = Sleeper::run(cmd);
    let mut port = 0;
    poll_until("python to bind", || {
        port = std::fs::read_to_string(&file)
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        port != 0
    });
    let _ = std::fs::remove_file(&file);
    (holder, port)
}

#[test]
fn port_selects_the_processes_holding_it() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 is not installed to hold a port");
        return;
    }
    for protocol in ["tcp", "udp"] {
        let (holder, port) = port_holder(protocol);
        let other = if protocol == "tcp" { "udp" } else { "tcp" };
        let output = sigsend(&["--port", &format!("{port}/{other}"), "-p"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{protocol}: {}",
            stderr(&output)
        );
        // Only once the port is known to be the holder's alone is a signal
        // sent to whatever holds it.
        let port = format!("{port}/{protocol}");
        let output = sigsend(&["--port", &port, "-p"]);
        assert_output(&output, 0, &format!("{}\n", holder.pid()), "");
        let output = sigsend(&["--port", &port, "-s", "HUP"]);
        assert_output(&output, 0, "", "");
        assert_eq!(holder.died_of(), 1, "{protocol}");
    }
}
