//! `sigsend::Process`: signals, exit statuses and waits against real
//! processes: our children, a grandchild, and children already reaped.

#![cfg(unix)]

mod common;

use std::time::Duration;

use common::{assert_unharmed, Helper, TIMEOUT};
use sigsend::{wait_all, ErrorKind, Exit, Process, Signal};

fn open(helper: &Helper) -> Process {
    Process::from_child(helper.child()).expect("open our own child")
}

#[test]
fn signal_ends_the_child_and_wait_tells_how() {
    let mut child = Helper::idle();
    let process = open(&child);
    assert_eq!(process.pid(), child.pid() as u32);
    assert!(process.is_alive().unwrap());
    process.signal(Signal::NULL).expect("probe");
    process.signal(Signal::TERM).expect("TERM");
    assert_eq!(process.wait().unwrap(), Exit::Signaled(Signal::TERM));
    assert!(!process.is_alive().unwrap());
    // Still a zombie: the kernel accepts a signal to it, as kill(2) does.
    process.signal(Signal::NULL).expect("probe a zombie");
    assert_eq!(child.wait_signal(), Some(libc::SIGTERM));
    // Reaped: gone for good.
    // ESRCH with a pidfd and without one alike. The probe: the refusal does
    // not depend on the signal, and nothing real goes to a reaped pid.
    common::assert_err(
        process.signal(Signal::NULL),
        ErrorKind::NoSuchProcess,
        libc::ESRCH,
    );
    assert_eq!(process.try_wait().unwrap(), Some(Exit::Unknown));
}

#[test]
fn exit_codes_of_children() {
    for code in [0, 3, 255] {
        let mut child = Helper::start(&["exit", &code.to_string()]);
        let process = open(&child);
        assert_eq!(process.wait().unwrap(), Exit::Code(code));
        // wait never reaps: the Child still gets the status.
        assert_eq!(child.wait().code(), Some(code));
    }
}

#[test]
fn wait_timeout_returns_none_while_running_and_the_exit_after() {
    let mut child = Helper::idle();
    let process = open(&child);
    assert_eq!(
        process.wait_timeout(Duration::from_millis(20)).unwrap(),
        None
    );
    assert_eq!(process.wait_timeout(Duration::ZERO).unwrap(), None);
    child.close_stdin();
    assert_eq!(process.wait_timeout(TIMEOUT).unwrap(), Some(Exit::Code(0)));
    assert_eq!(child.wait().code(), Some(0));
}

#[test]
fn wait_timeout_sees_the_exit_of_a_grandchild() {
    // `parent idle`: the helper starts an idle grandchild that shares its
    // input, so closing it ends both.
    let mut parent = Helper::start(&["parent", "idle"]);
    let pid = parent.child_once_ready();
    let grandchild = Process::open(pid).expect("open the grandchild");
    assert!(grandchild.is_alive().unwrap());
    assert_eq!(
        grandchild.wait_timeout(Duration::from_millis(20)).unwrap(),
        None
    );
    parent.close_stdin();
    // Not our child: the exit is seen, its status is the parent's to read.
    assert_eq!(
        grandchild.wait_timeout(TIMEOUT).unwrap(),
        Some(Exit::Unknown)
    );
    assert_eq!(parent.wait().code(), Some(0));
}

#[test]
fn wait_all_waits_for_many_at_once() {
    let children: Vec<Helper> = (0..5).map(|_| Helper::idle()).collect();
    let processes: Vec<Process> = children.iter().map(open).collect();
    let none = wait_all(&processes, Some(Duration::from_millis(20))).unwrap();
    assert_eq!(none, vec![None; 5]);
    processes[1].signal(Signal::INT).unwrap();
    processes[3].signal(Signal::KILL).unwrap();
    // Only two were signalled: the deadline ends the wait for the others.
    let some = wait_all(&processes, Some(Duration::from_millis(300))).unwrap();
    assert_eq!(
        some,
        [
            None,
            Some(Exit::Signaled(Signal::INT)),
            None,
            Some(Exit::Signaled(Signal::KILL)),
            None
        ]
    );
    for process in &processes {
        process.signal(Signal::TERM).unwrap();
    }
    let all = wait_all(&processes, None).unwrap();
    assert!(all.iter().all(Option::is_some), "{all:?}");
}

#[test]
fn from_child_refuses_a_child_already_reaped() {
    let mut child = Helper::start(&["exit", "0"]);
    child.wait();
    let err = Process::from_child(child.child()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoSuchProcess, "{err}");
}

#[test]
fn open_refuses_pids_that_name_no_one_process() {
    for pid in [0, u32::MAX, i32::MAX as u32 + 1] {
        let err = Process::open(pid).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{pid}: {err}");
    }
    // Above the kernel's PID_MAX_LIMIT: no process can have it.
    let err = Process::open(i32::MAX as u32).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoSuchProcess, "{err}");
}

#[test]
fn a_bad_signal_number_is_refused_and_sends_nothing() {
    let child = Helper::idle();
    let process = open(&child);
    // Signal only holds valid numbers; the probe and a harmless one pass.
    process.signal(Signal::NULL).unwrap();
    process.signal(Signal::WINCH).unwrap();
    assert_unharmed(child);
}

#[cfg(not(target_vendor = "apple"))]
#[test]
fn signal_with_value_is_queued_by_us() {
    for (name, value) in [("USR1", 42), ("RTMIN+1", i32::MIN)] {
        let sig: Signal = name.parse().unwrap();
        let mut child = Helper::ready(&["catch", name]);
        open(&child).signal_with_value(sig, value).unwrap();
        let caught = child.caught();
        assert_eq!(caught.signo, sig.as_raw(), "{caught:?}");
        assert_eq!(caught.code, common::SI_QUEUE, "{caught:?}");
        assert_eq!(caught.value, value, "{caught:?}");
        assert_eq!(caught.pid, common::own_pid(), "{caught:?}");
        assert_eq!(child.wait().code(), Some(0));
    }
}

/// Field 3 of `/proc/PID/stat`, the state of the main thread.
#[cfg(target_os = "linux")]
fn main_thread_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].trim_start().chars().next()
}

#[cfg(target_os = "linux")]
#[test]
fn a_process_whose_main_thread_exited_lives_on_without_pidfds() {
    let name = "a_process_whose_main_thread_exited_lives_on_without_pidfds";
    if !common::rerun::here_without_pidfds(name, "ENOSYS") {
        return;
    }
    // A grandchild, so no waitid can tell: only /proc (or a pidfd) does.
    let mut parent = Helper::start(&["parent", "main-exits"]);
    let pid = parent.child_once_ready();
    common::poll_until("the main thread to be a zombie", || {
        (main_thread_state(pid)? == 'Z').then_some(())
    });
    let process = Process::open(pid).expect("open the process");
    assert!(process.is_alive().unwrap(), "its worker thread runs");
    assert_eq!(
        process.wait_timeout(Duration::from_millis(20)).unwrap(),
        None
    );
    let plan = sigsend::Stop::term_then_kill(TIMEOUT, Duration::from_secs(1));
    let report = plan.run(&process).expect("stop it");
    assert!(
        matches!(report.outcome, sigsend::StopOutcome::Ended { step: 0, .. }),
        "TERM ended it: {report:?}"
    );
    // The parent exits 1 when its child was ended by a signal.
    assert_eq!(parent.wait().code(), Some(1));
}

#[cfg(target_os = "linux")]
#[test]
fn pidfd_open_refused_for_permission_is_no_pidfds() {
    // What a seccomp filter answers for a call it does not know; the
    // kernel itself never refuses pidfd_open for permission.
    let name = "pidfd_open_refused_for_permission_is_no_pidfds";
    if !common::rerun::here_without_pidfds(name, "EPERM") {
        return;
    }
    let mut child = Helper::idle();
    let process = open(&child);
    assert!(process.is_alive().unwrap());
    process.signal(Signal::TERM).expect("TERM");
    assert_eq!(process.wait().unwrap(), Exit::Signaled(Signal::TERM));
    assert_eq!(child.wait_signal(), Some(libc::SIGTERM));
    // A process that is not our child too.
    let mut parent = Helper::start(&["parent", "idle"]);
    let pid = parent.child_once_ready();
    let grandchild = Process::open(pid).expect("open the grandchild");
    grandchild.signal(Signal::KILL).expect("KILL");
    assert_eq!(
        grandchild.wait_timeout(TIMEOUT).unwrap(),
        Some(Exit::Unknown)
    );
    parent.wait();
}

/// Runs test `name` again without pidfds, in a mount namespace of its own
/// where `script` changed `/proc` first; `false` when this is that run.
#[cfg(target_os = "linux")]
fn rerun_with_another_proc(name: &str, script: &str) -> bool {
    if common::rerun::is_rerun(name) {
        return false;
    }
    let mut wrapper: Vec<String> = ["unshare", "-m", "sh", "-c", script, "sh"]
        .map(String::from)
        .to_vec();
    // A tracer that follows this process (the CI's no-pidfd step) makes
    // pidfd_open fail already, and a nested strace cannot trace.
    let mut usable = common::try_tool("unshare", &["-m", "true"]);
    if !common::rerun::traced() {
        wrapper.extend(common::rerun::strace_failing_pidfd_open("ENOSYS"));
        usable = usable.and_then(|()| common::try_tool("strace", &["-V"]));
    }
    if let Err(why) = usable.and_then(|()| common::rerun::run(name, &wrapper, &[])) {
        eprintln!("SKIPPED {name}: {why}");
    }
    true
}

/// Without pidfds and without this namespace's `/proc`: a live child is
/// no missing process, and the error names `/proc`.
#[cfg(target_os = "linux")]
fn a_live_child_is_not_taken_for_gone(name: &str) {
    if std::fs::read_link("/proc/self").is_ok() {
        eprintln!("SKIPPED {name}: this namespace's /proc is mounted here");
        return;
    }
    let mut child = Helper::idle();
    for err in [
        Process::from_child(child.child()).unwrap_err(),
        Process::open(child.pid() as u32).unwrap_err(),
    ] {
        assert_ne!(err.kind(), ErrorKind::NoSuchProcess, "{err}");
        assert!(err.to_string().contains("/proc"), "{err}");
    }
    assert_eq!(child.try_wait(), None, "it lives");
}

#[cfg(target_os = "linux")]
#[test]
fn without_pidfds_and_proc_a_live_process_is_no_missing_one() {
    let name = "without_pidfds_and_proc_a_live_process_is_no_missing_one";
    // An empty /proc.
    let script = "mount -t tmpfs sigsend-no-proc /proc && exec \"$@\"";
    if !rerun_with_another_proc(name, script) {
        a_live_child_is_not_taken_for_gone(name);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn without_pidfds_another_namespaces_proc_is_not_read_as_ours() {
    let name = "without_pidfds_another_namespaces_proc_is_not_read_as_ours";
    // The /proc of a pid namespace of its own (whose one process, the
    // mount, has exited): /proc/self names no one, /proc/N is no process
    // of ours.
    let script = "unshare -p -f mount -t proc proc /proc && exec \"$@\"";
    if !rerun_with_another_proc(name, script) {
        a_live_child_is_not_taken_for_gone(name);
    }
}
