//! Windows: `os.kill`'s two halves against real child processes (the
//! `sigsend-helper` program), by pid, by handle and through the typed API;
//! the existence probe; console control events; the holders of a port
//! (`windows/ports.rs`). CI runs these under Wine.
//!
//! Every child is started by the test and is killed and waited for when
//! its guard drops, also when an assertion fails.

#![cfg(windows)]

#[path = "common/piped.rs"]
mod piped;
#[path = "windows/ports.rs"]
mod ports;

use std::io::{self, BufRead, BufReader, Write};
use std::os::windows::io::AsRawHandle;
use std::os::windows::process::CommandExt;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::sync::Once;
use std::thread;
use std::time::{Duration, Instant};

use sigsend::{
    os, pid_exists, wait_all, ChildExt, ErrorKind, Exit, Group, Process, Signal, Stop, StopOutcome,
    Target, UserId,
};
use windows_sys::Win32::System::Console::{
    AllocConsole, FreeConsole, GetStdHandle, SetStdHandle, STD_ERROR_HANDLE, STD_INPUT_HANDLE,
    STD_OUTPUT_HANDLE,
};
use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleA, GetProcAddress};
use windows_sys::Win32::System::Threading::{
    GetPriorityClass, BELOW_NORMAL_PRIORITY_CLASS, CREATE_NEW_PROCESS_GROUP, CREATE_SUSPENDED,
};

/// How long any wait for a child may take before the test fails. Not a
/// timing assertion: only a broken test or library gets near it.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The helper program built from this package (see `src/helper/windows.rs`).
const HELPER: &str = env!("CARGO_BIN_EXE_sigsend-helper");

/// A pid that no process has: Windows pids are multiples of 4 below this.
const NO_PID: u32 = u32::MAX - 3;

/// `ERROR_INVALID_PARAMETER`, Windows' answer to an unknown pid.
const ERROR_INVALID_PARAMETER: i32 = 87;

/// A running `sigsend-helper`. Dropping it ends and waits for the child.
struct Helper {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
}

impl Helper {
    /// `sigsend-helper ARGS`, in a console process group of its own when
    /// `new_group`, after its `ready` line.
    fn ready(args: &[&str], new_group: bool) -> Helper {
        let mut command = Command::new(HELPER);
        command.args(args);
        if new_group {
            command.creation_flags(CREATE_NEW_PROCESS_GROUP);
        }
        let (child, stdin, lines) = piped::spawn(&mut command);
        let helper = Helper {
            child,
            stdin: Some(stdin),
            lines,
        };
        assert_eq!(helper.line(TIMEOUT).as_deref(), Some("ready"));
        helper
    }

    fn idle() -> Helper {
        Helper::ready(&["idle"], false)
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The next line the child prints, if one comes within `wait`.
    fn line(&self, wait: Duration) -> Option<String> {
        self.lines.recv_timeout(wait).ok()
    }

    /// Waits for the child to end and returns its exit code.
    fn exit_code(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait on our own child") {
                return status.code().expect("a Windows exit code");
            }
            assert!(
                Instant::now() < deadline,
                "helper {} still running after {TIMEOUT:?}",
                self.pid()
            );
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A helper that has exited with `code`, waited for: its handle is still
/// open, so Windows keeps the process object and gives its pid to no one.
fn exited(code: i32) -> Child {
    let mut child = Command::new(HELPER)
        .args(["exit", &code.to_string()])
        .spawn()
        .expect("start the helper");
    assert_eq!(child.wait().expect("wait").code(), Some(code));
    child
}

/// Gives this test process a console of its own, once, and keeps the
/// standard handles it had (cargo's pipes): console events need a console
/// that the caller and the target share, and children started after this
/// share it.
fn own_console() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let which = [STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE];
        // SAFETY: GetStdHandle only reads this process's standard handles.
        let saved = which.map(|std| (std, unsafe { GetStdHandle(std) }));
        // SAFETY: FreeConsole and AllocConsole take no arguments; the
        // standard handles they replace are put back below.
        let allocated = unsafe {
            FreeConsole();
            AllocConsole()
        };
        assert_ne!(allocated, 0, "AllocConsole: {}", io::Error::last_os_error());
        for (std, handle) in saved {
            // SAFETY: the handles are the ones this process had, still open.
            unsafe { SetStdHandle(std, handle) };
        }
    });
}

/// Whether this runs under Wine (its ntdll exports `wine_get_version`).
fn on_wine() -> bool {
    // SAFETY: both calls take NUL-terminated names and return null when the
    // module or symbol is missing; nothing is loaded or called.
    unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
        !ntdll.is_null() && GetProcAddress(ntdll, c"wine_get_version".as_ptr().cast()).is_some()
    }
}

/// Says, past the test harness's capture, that a test skipped and why.
fn skipped(test: &str, why: &str) {
    let _ = writeln!(io::stderr(), "SKIPPED {test}: {why}");
}

#[track_caller]
fn assert_kind<T: std::fmt::Debug>(
    result: Result<T, sigsend::Error>,
    kind: ErrorKind,
) -> sigsend::Error {
    let err = result.expect_err("the call should fail");
    assert_eq!(err.kind(), kind, "{err}");
    err
}

#[test]
fn kill_by_pid_ends_the_process_with_the_signal_as_exit_code() {
    for sig in [15, 100, 2, 21, 9, 0x7fff_ffff] {
        let mut child = Helper::idle();
        os::kill(child.pid(), sig).unwrap_or_else(|err| panic!("kill {sig}: {err}"));
        assert_eq!(child.exit_code() as u32, sig);
    }
}

#[test]
fn kill_by_handle_ends_the_process_with_the_signal_as_exit_code() {
    for sig in [15, 100, 2, 21] {
        let mut child = Helper::idle();
        os::kill_handle(&child.child, sig).unwrap_or_else(|err| panic!("kill {sig}: {err}"));
        assert_eq!(child.exit_code() as u32, sig);
    }
}

#[test]
fn typed_signals_end_the_process_with_their_number() {
    for (name, code) in [
        ("TERM", 15),
        ("KILL", 9),
        ("SIGINT", 2),
        ("BREAK", 21),
        ("250", 250),
    ] {
        let sig: Signal = name.parse().expect(name);
        let mut child = Helper::idle();
        Target::Process(child.pid())
            .send(sig)
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(child.exit_code(), code, "{name}");
    }
}

#[test]
fn an_unknown_pid_is_no_such_process_with_the_windows_code_kept() {
    for sig in [15, 9] {
        let err = assert_kind(os::kill(NO_PID, sig), ErrorKind::NoSuchProcess);
        assert_eq!(err.raw_os_error(), Some(ERROR_INVALID_PARAMETER));
        assert!(err.to_string().contains("OpenProcess"), "{err}");
    }
    let err = assert_kind(
        Target::Process(NO_PID).send(Signal::TERM),
        ErrorKind::NoSuchProcess,
    );
    assert_eq!(err.raw_os_error(), Some(ERROR_INVALID_PARAMETER));
    assert_kind(
        Target::Process(NO_PID).send(Signal::NULL),
        ErrorKind::NoSuchProcess,
    );
    assert_eq!(pid_exists(NO_PID), Ok(false));
}

#[test]
fn an_exited_process_is_gone_by_pid_by_handle_and_to_the_probe() {
    let mut child = exited(3);
    let pid = child.id();
    assert_kind(os::kill(pid, 15), ErrorKind::NoSuchProcess);
    let err = assert_kind(os::kill_handle(&child, 15), ErrorKind::NoSuchProcess);
    assert!(err.to_string().contains("exit code 3"), "{err}");
    assert_kind(
        Target::Process(pid).send(Signal::TERM),
        ErrorKind::NoSuchProcess,
    );
    assert_kind(
        Target::Process(pid).send(Signal::NULL),
        ErrorKind::NoSuchProcess,
    );
    assert_eq!(pid_exists(pid), Ok(false));
    // Its exit code is still its own: nothing ended it a second time.
    assert_eq!(child.wait().expect("wait").code(), Some(3));
}

#[test]
fn the_probe_sends_no_ctrl_c() {
    own_console();
    // A child that would report a Ctrl+C: it re-enabled it in its own group.
    let mut child = Helper::ready(&["console"], true);
    assert_eq!(pid_exists(child.pid()), Ok(true));
    Target::Process(child.pid())
        .send(Signal::NULL)
        .expect("probe");
    Target::Process(child.pid())
        .send("0".parse().unwrap())
        .expect("probe");
    assert_eq!(
        child.line(Duration::from_millis(500)),
        None,
        "the probe sent an event"
    );
    assert_eq!(child.child.try_wait().expect("try_wait"), None);
    // The same child does see a real Ctrl+C: the silence above means something.
    os::kill(child.pid(), 0).expect("Ctrl+C");
    assert_eq!(child.line(TIMEOUT).as_deref(), Some("caught ctrl=0"));
    assert_eq!(child.exit_code(), 40);
}

#[test]
fn ctrl_c_reaches_a_group_that_enabled_it() {
    own_console();
    let mut child = Helper::ready(&["console"], true);
    Target::Group(child.pid())
        .send(Signal::CTRL_C)
        .expect("Ctrl+C");
    assert_eq!(child.line(TIMEOUT).as_deref(), Some("caught ctrl=0"));
    assert_eq!(child.exit_code(), 40);
}

#[test]
fn ctrl_break_reaches_a_group() {
    own_console();
    let mut child = Helper::ready(&["console"], true);
    match os::kill_handle(&child.child, 1) {
        Ok(()) => {
            assert_eq!(child.line(TIMEOUT).as_deref(), Some("caught ctrl=1"));
            assert_eq!(child.exit_code(), 41);
        }
        Err(err) if on_wine() => skipped(
            "ctrl_break_reaches_a_group",
            &format!("Wine does not implement CTRL_BREAK_EVENT ({err})"),
        ),
        Err(err) => panic!("Ctrl+Break: {err}"),
    }
}

#[test]
fn groups_take_only_console_events() {
    let mut child = Helper::idle();
    let pid = child.pid();
    assert_kind(
        Target::Group(pid).send(Signal::TERM),
        ErrorKind::Unsupported,
    );
    // Refused whatever the signal (bar the console events, below): the
    // probe, so that a refusal that failed would still end nothing.
    assert_kind(Target::OwnGroup.send(Signal::NULL), ErrorKind::Unsupported);
    assert_kind(Target::Everyone.send(Signal::NULL), ErrorKind::Unsupported);
    assert_kind(
        Target::Everyone.send(Signal::CTRL_C),
        ErrorKind::Unsupported,
    );
    assert_kind(
        Target::Process(0).send(Signal::TERM),
        ErrorKind::InvalidInput,
    );
    assert_kind(pid_exists(0), ErrorKind::InvalidInput);
    // None of it touched the child.
    assert_eq!(child.child.try_wait().expect("try_wait"), None);
    child.stdin = None;
    assert_eq!(child.exit_code(), 0);
}

#[test]
fn a_process_handle_ends_its_process_and_reads_the_exit_code() {
    let child = Helper::idle();
    for process in [
        Process::from_child(&child.child).expect("from_child"),
        Process::open(child.pid()).expect("open"),
    ] {
        assert_eq!(process.pid(), child.pid());
        assert_eq!(process.is_alive(), Ok(true));
        process.signal(Signal::NULL).expect("probe");
    }
    let process = Process::open(child.pid()).expect("open");
    process.signal(Signal::TERM).expect("TERM");
    assert_eq!(process.wait(), Ok(Exit::Code(15)));
    assert_eq!(process.is_alive(), Ok(false));
    // Exited: nothing more is sent, whatever Windows would answer.
    assert_kind(process.signal(Signal::TERM), ErrorKind::NoSuchProcess);
    assert_kind(process.signal(Signal::NULL), ErrorKind::NoSuchProcess);
}

#[test]
fn a_process_handle_waits_with_a_timeout() {
    let mut child = Helper::idle();
    let process = Process::from_child(&child.child).expect("from_child");
    assert_eq!(process.wait_timeout(Duration::from_millis(100)), Ok(None));
    child.stdin = None;
    assert_eq!(process.wait_timeout(TIMEOUT), Ok(Some(Exit::Code(0))));
    assert_eq!(process.try_wait(), Ok(Some(Exit::Code(0))));
}

#[test]
fn a_process_handle_refuses_what_windows_lacks() {
    let child = Helper::idle();
    let process = Process::from_child(&child.child).expect("from_child");
    assert_kind(
        process.signal_with_value(Signal::TERM, 7),
        ErrorKind::Unsupported,
    );
    assert_eq!(process.is_alive(), Ok(true), "nothing was sent");
    assert_kind(Process::open(0), ErrorKind::InvalidInput);
    let err = assert_kind(Process::open(NO_PID), ErrorKind::NoSuchProcess);
    assert_eq!(err.raw_os_error(), Some(ERROR_INVALID_PARAMETER));
}

#[test]
fn the_process_list_has_a_started_helper_with_its_parent_and_name() {
    let test = "the_process_list_has_a_started_helper_with_its_parent_and_name";
    let child = Helper::idle();
    let list = sigsend::processes().expect("a Toolhelp32 snapshot");
    let info = list
        .iter()
        .find(|info| info.pid() == child.pid())
        .unwrap_or_else(|| panic!("helper {} is not listed", child.pid()));
    assert_eq!(info.ppid(), std::process::id(), "its parent is this test");
    assert_eq!(info.name(), "sigsend-helper.exe");
    assert_eq!(info.cmdline(), None, "Windows gives no command line");
    let me = list.iter().find(|info| info.pid() == std::process::id());
    let me = me.expect("this test is listed");
    match (info.start_time(), me.start_time()) {
        (Some(its), Some(mine)) => assert!(its >= mine, "started after this test"),
        _ => skipped(test, "GetProcessTimes gave no creation time"),
    }
    let Some(user) = info.user() else {
        return skipped(
            test,
            "the helper's owner (its token's SID) is unreadable here",
        );
    };
    assert!(
        matches!(user, UserId::Sid(sid) if sid.starts_with("S-1-")),
        "{user}"
    );
    assert!(info.is_own(), "the helper runs as this test's user");
    let named = sigsend::processes_named("sigsend-helper.exe", false).expect("match");
    assert!(named.iter().any(|info| info.pid() == child.pid()));
    assert!(sigsend::processes_named("sigsend-helper", true)
        .expect("match")
        .is_empty());
}

#[test]
fn windows_has_no_signal_state_and_no_pidfs_inode() {
    let child = Helper::idle();
    let err = assert_kind(sigsend::signal_state(child.pid()), ErrorKind::Unsupported);
    assert!(err.to_string().contains("Windows has no signals"), "{err}");
    let process = Process::from_child(&child.child).expect("from_child");
    assert_kind(process.signal_state(), ErrorKind::Unsupported);
    assert_kind(process.inode(), ErrorKind::Unsupported);
    assert_kind(
        Process::open_with_inode(child.pid(), 1),
        ErrorKind::Unsupported,
    );
    assert_eq!(process.is_alive(), Ok(true));
}

/// More processes than one `WaitForMultipleObjects` takes (64).
#[test]
fn wait_all_sees_every_exit_of_more_than_64_processes() {
    let mut children: Vec<Helper> = (0..70).map(|_| Helper::idle()).collect();
    let processes: Vec<Process> = children
        .iter()
        .map(|child| Process::from_child(&child.child).expect("from_child"))
        .collect();
    assert_eq!(
        wait_all(&processes, Some(Duration::from_millis(50))),
        Ok(vec![None; 70])
    );
    // The last ones first: they are beyond the first wait's 64.
    for child in children.iter_mut().rev() {
        child.stdin = None;
    }
    let exits = wait_all(&processes, Some(TIMEOUT)).expect("wait_all");
    assert_eq!(exits, vec![Some(Exit::Code(0)); 70]);
}

#[test]
fn a_stop_plan_ends_every_process_at_its_first_step() {
    let children: Vec<Helper> = (0..5).map(|_| Helper::idle()).collect();
    let processes: Vec<Process> = children
        .iter()
        .map(|child| Process::from_child(&child.child).expect("from_child"))
        .collect();
    let plan = Stop::term_then_kill(TIMEOUT, TIMEOUT);
    for report in plan.run_all(&processes).expect("run_all") {
        let ended = StopOutcome::Ended {
            step: 0,
            signal: Signal::TERM,
            exit: Exit::Code(15),
        };
        assert_eq!(report.outcome, ended, "{}", report.pid);
    }
}

#[test]
fn a_child_takes_signals_and_stop_plans() {
    let mut child = Helper::idle();
    child.child.signal(Signal::KILL).expect("KILL");
    assert_eq!(child.exit_code(), 9);
    let child = Helper::idle();
    let report = child
        .child
        .stop(&Stop::new(Signal::ABRT, TIMEOUT))
        .expect("stop");
    assert_eq!(report.exit(), Some(Exit::Code(22)));
}

#[tokio::test(flavor = "current_thread")]
async fn wait_async_needs_no_thread_of_its_own() {
    let mut children: Vec<Helper> = (0..5).map(|_| Helper::idle()).collect();
    let processes: Vec<Process> = children
        .iter()
        .map(|child| Process::from_child(&child.child).expect("from_child"))
        .collect();
    let waits = async {
        let mut exits = Vec::new();
        for process in &processes {
            exits.push(process.wait_async().await.expect("wait"));
        }
        exits
    };
    let end_them = async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        children[0].stdin = None;
        for process in &processes[1..] {
            process.signal(Signal::TERM).expect("TERM");
        }
    };
    let (exits, ()) = tokio::time::timeout(TIMEOUT, async { tokio::join!(waits, end_them) })
        .await
        .expect("the waits ended");
    assert_eq!(exits[0], Exit::Code(0));
    assert_eq!(exits[1..], [Exit::Code(15); 4]);
    // A wait dropped before the exit cancels cleanly.
    let child = Helper::idle();
    let process = Process::from_child(&child.child).expect("from_child");
    let early = tokio::time::timeout(Duration::from_millis(50), process.wait_async()).await;
    assert!(early.is_err(), "the process still runs");
    process.signal(Signal::TERM).expect("TERM");
    assert_eq!(process.wait_async().await, Ok(Exit::Code(15)));
}

/// The pid in a `parent` helper's `child PID`, from its first two lines
/// (the grandchild's `ready` may come first).
fn grandchild_pid(lines: [String; 2]) -> u32 {
    assert!(lines.iter().any(|line| line == "ready"), "{lines:?}");
    lines
        .iter()
        .find_map(|line| line.strip_prefix("child ")?.parse().ok())
        .unwrap_or_else(|| panic!("no child PID in {lines:?}"))
}

/// A `parent idle` helper, once its child (our grandchild) is up, and the
/// grandchild's pid.
fn parent_of_idle() -> (Helper, u32) {
    let mut command = Command::new(HELPER);
    command.args(["parent", "idle"]);
    let (child, stdin, lines) = piped::spawn(&mut command);
    let parent = Helper {
        child,
        stdin: Some(stdin),
        lines,
    };
    let next = || parent.line(TIMEOUT).expect("a line from the parent");
    let pid = grandchild_pid([next(), next()]);
    (parent, pid)
}

#[test]
fn kill_tree_ends_a_helper_and_its_child_with_the_signal_as_exit_code() {
    let (mut parent, pid) = parent_of_idle();
    let below = sigsend::descendants(parent.pid()).expect("descendants");
    assert!(below.iter().any(|p| p.pid() == pid), "{below:?}");
    let grandchild = Process::open(pid).expect("open the grandchild");
    let root = Process::from_child(&parent.child).expect("from_child");
    let reports = sigsend::kill_tree(&root, Signal::TERM).expect("kill_tree");
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert_eq!(grandchild.wait(), Ok(Exit::Code(15)));
    assert_eq!(parent.exit_code(), 15);
}

#[test]
fn a_stop_plan_over_a_tree_ends_the_child_by_the_first_step() {
    let (mut parent, pid) = parent_of_idle();
    let root = Process::from_child(&parent.child).expect("from_child");
    let plan = Stop::new(Signal::ABRT, TIMEOUT).then(Signal::KILL, TIMEOUT);
    let reports = plan.run_tree(&root).expect("run_tree");
    let pids: Vec<u32> = reports.iter().map(|report| report.pid).collect();
    assert_eq!(pids, [root.pid(), pid]);
    for report in &reports {
        assert!(
            matches!(
                report.outcome,
                StopOutcome::Ended {
                    step: 0,
                    exit: Exit::Code(22),
                    ..
                }
            ),
            "{report:?}"
        );
    }
    assert_eq!(parent.exit_code(), 22);
}

#[test]
fn ending_a_job_group_ends_the_grandchild() {
    let mut command = Command::new(HELPER);
    command
        .args(["parent", "idle"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut group = match Group::spawn(&mut command) {
        Ok(group) => group,
        Err(err) if on_wine() => {
            skipped(
                "ending_a_job_group_ends_the_grandchild",
                &format!("Wine: {err}"),
            );
            return;
        }
        Err(err) => panic!("Group::spawn: {err}"),
    };
    let out = group.child().stdout.take().expect("piped output");
    let mut out = BufReader::new(out).lines();
    let mut next = || out.next().expect("a line").expect("read a line");
    let pid = grandchild_pid([next(), next()]);
    let grandchild = Process::open(pid).expect("open the grandchild");
    group.signal(Signal::TERM).expect("end the job");
    assert_eq!(grandchild.wait(), Ok(Exit::Code(15)));
    assert_eq!(group.leader().wait(), Ok(Exit::Code(15)));
}

#[test]
fn console_events_go_only_to_a_group_sigsend_knows_is_led() {
    own_console();
    // A leader of its own group, but one that sigsend did not start:
    // nothing tells that it leads one, and a pid that leads none would
    // take the event to this whole console.
    let mut child = Helper::ready(&["console"], true);
    let process = Process::from_child(&child.child).expect("from_child");
    for sig in [Signal::CTRL_C, Signal::CTRL_BREAK] {
        let err = assert_kind(process.signal(sig), ErrorKind::Unsupported);
        assert!(err.to_string().contains("Group::spawn"), "{err}");
        assert_kind(
            Target::Process(child.pid()).send(sig),
            ErrorKind::Unsupported,
        );
    }
    // So does a tree walk (and the command's --tree and --timeout).
    assert_kind(
        sigsend::kill_tree(&process, Signal::CTRL_BREAK),
        ErrorKind::Unsupported,
    );
    assert_eq!(
        child.line(Duration::from_millis(500)),
        None,
        "an event was sent"
    );
    // Named as a group, by a caller who knows it is one, it goes.
    Target::Group(child.pid())
        .send(Signal::CTRL_C)
        .expect("Ctrl+C");
    assert_eq!(child.line(TIMEOUT).as_deref(), Some("caught ctrl=0"));
    assert_eq!(child.exit_code(), 40);
}

#[test]
fn a_group_takes_console_events_and_refuses_ctrl_c() {
    let test = "a_group_takes_console_events_and_refuses_ctrl_c";
    own_console();
    let mut command = Command::new(HELPER);
    command
        .arg("console")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut group = match Group::spawn(&mut command) {
        Ok(group) => group,
        Err(err) if on_wine() => return skipped(test, &format!("Wine: {err}")),
        Err(err) => panic!("Group::spawn: {err}"),
    };
    let out = group.child().stdout.take().expect("piped output");
    let mut out = BufReader::new(out).lines();
    let mut next = || out.next().expect("a line").expect("read a line");
    assert_eq!(next(), "ready");
    // Ctrl+C: Windows would say success whether or not it arrives, and
    // ending the job with code 0 would read as success too.
    let err = assert_kind(group.signal(Signal::CTRL_C), ErrorKind::Unsupported);
    assert!(err.to_string().contains("CTRL_BREAK"), "{err}");
    assert_kind(
        group.leader().signal(Signal::CTRL_C),
        ErrorKind::Unsupported,
    );
    assert_eq!(group.leader().is_alive(), Ok(true), "nothing was sent");
    // Ctrl+Break goes to the group the leader leads.
    match group.leader().signal(Signal::CTRL_BREAK) {
        Ok(()) => {
            assert_eq!(next(), "caught ctrl=1");
            assert_eq!(group.leader().wait(), Ok(Exit::Code(41)));
        }
        Err(err) if on_wine() => skipped(
            test,
            &format!("Wine does not implement CTRL_BREAK_EVENT ({err})"),
        ),
        Err(err) => panic!("Ctrl+Break: {err}"),
    }
}

#[test]
fn a_group_keeps_the_creation_flags_it_is_given() {
    let test = "a_group_keeps_the_creation_flags_it_is_given";
    let mut command = Command::new(HELPER);
    command
        .arg("idle")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let flags = CREATE_SUSPENDED | BELOW_NORMAL_PRIORITY_CLASS;
    let mut group = match Group::spawn_with_flags(&mut command, flags) {
        Ok(group) => group,
        Err(err) if on_wine() => return skipped(test, &format!("Wine: {err}")),
        Err(err) => panic!("Group::spawn_with_flags: {err}"),
    };
    // Suspended: it never says `ready` (with the flags replaced, it would).
    let out = group.child().stdout.take().expect("piped output");
    let (sender, lines) = std::sync::mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    assert_eq!(lines.recv_timeout(Duration::from_millis(500)).ok(), None);
    // SAFETY: the child's handle is open while `group` lives.
    let class = unsafe { GetPriorityClass(group.child().as_raw_handle()) };
    if on_wine() && class != BELOW_NORMAL_PRIORITY_CLASS {
        skipped(
            test,
            &format!("Wine gives the priority class {class} whatever the creation flags"),
        );
    } else {
        assert_eq!(class, BELOW_NORMAL_PRIORITY_CLASS);
    }
    group.signal(Signal::TERM).expect("end the job");
    assert_eq!(group.leader().wait(), Ok(Exit::Code(15)));
}

#[test]
fn a_console_event_to_no_group_is_no_such_process() {
    own_console();
    match Target::Group(NO_PID).send(Signal::CTRL_C) {
        Err(err) if err.kind() == ErrorKind::NoSuchProcess => {
            assert_eq!(err.raw_os_error(), Some(ERROR_INVALID_PARAMETER));
        }
        other if on_wine() => skipped(
            "a_console_event_to_no_group_is_no_such_process",
            &format!("Wine answers {other:?}"),
        ),
        other => panic!("a console event to no group: {other:?}"),
    }
}
