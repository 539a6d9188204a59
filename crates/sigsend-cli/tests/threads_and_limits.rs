//! Thread IDs as operands, and many targets under a small descriptor
//! limit: what util-linux `kill` does with them, sigsend does too.
//!
//! A thread ID needs a process with threads: the test runner's own, whose
//! handler of a real-time signal records the value it carries. The signals
//! are one no other test uses, and the null signal where a regression
//! could send anything else.

#![cfg(target_os = "linux")]

mod common;

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc;
use std::thread;

use common::*;

/// The value the last `SIGRTMIN+5` carried.
static VALUE: AtomicI32 = AtomicI32::new(0);

extern "C" fn record(_: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo to an SA_SIGINFO handler;
    // a queued signal's value is in si_value.
    let value = unsafe { (*info).si_value().sival_ptr } as usize as i32;
    VALUE.store(value, Ordering::SeqCst);
}

/// A thread of this process that runs until the returned sender is
/// dropped, having done `setup` first; its thread ID.
fn thread_with(setup: fn()) -> (i32, mpsc::Sender<()>, thread::JoinHandle<()>) {
    let (tid_tx, tid_rx) = mpsc::channel();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let thread = thread::spawn(move || {
        setup();
        // SAFETY: gettid takes nothing and cannot fail.
        tid_tx.send(unsafe { libc::gettid() }).unwrap();
        let _ = stop_rx.recv();
    });
    (tid_rx.recv().unwrap(), stop_tx, thread)
}

#[test]
fn a_thread_id_takes_a_queued_value_as_util_linux_sends_it() {
    let sig = libc::SIGRTMIN() + 5;
    // SAFETY: a zeroed sigaction with a valid handler and an empty mask.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = record as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO;
        assert_eq!(libc::sigaction(sig, &action, std::ptr::null_mut()), 0);
    }
    let (tid, stop, thread) = thread_with(|| ());
    assert_ne!(tid, std::process::id() as i32);
    let output = sigsend(&["-q", "77", "-s", "RTMIN+5", &tid.to_string()]);
    assert_output(&output, 0, "", "");
    poll_until("the queued value to arrive", || {
        VALUE.load(Ordering::SeqCst) == 77
    });
    drop(stop);
    thread.join().unwrap();
}

#[test]
fn the_state_of_a_thread_id_is_that_thread_s() {
    fn block() {
        // SAFETY: a sigset filled by the libc calls, applied to this thread.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGRTMIN() + 6);
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        }
    }
    let (tid, stop, thread) = thread_with(block);
    let output = sigsend(&["-d", &tid.to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let blocked = stdout(&output)
        .lines()
        .find(|line| line.starts_with("Blocked:"))
        .unwrap_or_default()
        .to_owned();
    assert!(blocked.contains("RTMIN+6"), "{}", stdout(&output));
    // The process's first thread blocks no such signal.
    let output = sigsend(&["-d", &std::process::id().to_string()]);
    assert!(!stdout(&output).contains("RTMIN+6"), "{}", stdout(&output));
    drop(stop);
    thread.join().unwrap();
}

#[test]
fn a_wait_on_a_thread_id_names_its_process() {
    let (tid, stop, thread) = thread_with(|| ());
    let me = std::process::id();
    let output = sigsend(&["-0", "--wait=100ms", &tid.to_string()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let expected = format!("{tid} is a thread of process {me}");
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
    drop(stop);
    thread.join().unwrap();
}

/// `ulimit -n LIMIT` (soft and hard: it cannot be raised), then sigsend.
fn limited(limit: u32, args: &[String]) -> std::process::Output {
    std::process::Command::new("sh")
        .args(["-c", &format!("ulimit -n {limit} && exec \"$@\""), "sh"])
        .arg(SIGSEND)
        .args(args)
        .process_group(0)
        .output()
        .expect("run sh")
}

use std::os::unix::process::CommandExt;

#[test]
fn more_targets_than_descriptors_are_all_waited_for() {
    let sleepers: Vec<Sleeper> = (0..100).map(|_| Sleeper::spawn()).collect();
    let pids: Vec<String> = sleepers.iter().map(|s| s.pid().to_string()).collect();
    let args = |first: &[&str]| {
        let mut args: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        args.extend(pids.iter().cloned());
        args
    };
    // A plan of two steps: both reach every one of the 100.
    let output = limited(32, &args(&["-0", "--timeout", "10", "CONT"]));
    assert_output(&output, 0, "", "");
    let output = limited(32, &args(&["-q", "1", "-0"]));
    assert_output(&output, 0, "", "");
    // A wait that ends while they run: each one is said to run, none failed.
    let output = limited(32, &args(&["-0", "--wait=50ms"]));
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 100, "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("open files"),
        "{}",
        stderr(&output)
    );
    for sleeper in sleepers {
        sleeper.assert_untouched();
    }
}
