//! `pthread_kill` and `tgkill` reach exactly the thread they name.
//!
//! This binary installs a process-wide SIGUSR2 handler, which is why these
//! tests live apart from the others; the tests that deliver SIGUSR2 take
//! turns.
//!
//! Linux only: the thread ids come from gettid(2).
#![cfg(target_os = "linux")]

mod common;

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{mpsc, Arc, Mutex, MutexGuard, Once};
use std::thread::{self, JoinHandle};

use common::{assert_err, poll_until, TIMEOUT};
use sigsend::{os, ErrorKind};

/// The thread id the SIGUSR2 handler last ran on; 0 before it runs.
static HANDLED_ON: AtomicI32 = AtomicI32::new(0);
/// One SIGUSR2 delivery at a time.
static DELIVERY: Mutex<()> = Mutex::new(());

extern "C" fn record_thread(_: libc::c_int) {
    // gettid is a bare system call, safe in a signal handler.
    HANDLED_ON.store(os::gettid(), Ordering::SeqCst);
}

/// Installs the SIGUSR2 handler (once) and takes the delivery lock with
/// `HANDLED_ON` cleared.
fn take_delivery() -> MutexGuard<'static, ()> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // SAFETY: an all-zero sigaction is valid (empty mask, no flags);
        // the handler takes the signal number, as a plain handler does,
        // and only stores into an atomic.
        let installed = unsafe {
            let handler: extern "C" fn(libc::c_int) = record_thread;
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigaction(libc::SIGUSR2, &action, std::ptr::null_mut())
        };
        assert_eq!(
            installed,
            0,
            "sigaction: {}",
            std::io::Error::last_os_error()
        );
    });
    let guard = DELIVERY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    HANDLED_ON.store(0, Ordering::SeqCst);
    guard
}

/// A thread that parks until dropped; dropping it wakes and joins it.
struct Parked {
    handle: Option<JoinHandle<()>>,
    done: Arc<AtomicBool>,
    tid: i32,
}

impl Parked {
    fn spawn() -> Parked {
        let done = Arc::new(AtomicBool::new(false));
        let (tid_sender, tid) = mpsc::channel();
        let handle = thread::spawn({
            let done = Arc::clone(&done);
            move || {
                tid_sender
                    .send(os::gettid())
                    .expect("the test waits for it");
                while !done.load(Ordering::SeqCst) {
                    thread::park();
                }
            }
        });
        let tid = tid.recv_timeout(TIMEOUT).expect("the thread's id");
        Parked {
            handle: Some(handle),
            done,
            tid,
        }
    }

    fn handle(&self) -> &JoinHandle<()> {
        self.handle.as_ref().expect("joined only on drop")
    }
}

impl Drop for Parked {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        if let Some(handle) = self.handle.take() {
            handle.thread().unpark();
            let _ = handle.join();
        }
    }
}

/// Sends SIGUSR2 with `send` and asserts that the handler ran on `parked`'s
/// thread, not on the sending one.
fn assert_handled_on(parked: &Parked, send: impl FnOnce() -> Result<(), sigsend::Error>) {
    let _turn = take_delivery();
    assert_ne!(parked.tid, os::gettid(), "the target is another thread");
    send().expect("sending SIGUSR2");
    let handled_on = poll_until("the SIGUSR2 handler to run", || {
        Some(HANDLED_ON.load(Ordering::SeqCst)).filter(|&tid| tid != 0)
    });
    assert_eq!(
        handled_on, parked.tid,
        "the handler ran on the wrong thread"
    );
}

#[test]
fn pthread_kill_reaches_that_thread() {
    let parked = Parked::spawn();
    assert_handled_on(&parked, || os::pthread_kill(parked.handle(), libc::SIGUSR2));
}

#[test]
fn tgkill_reaches_that_thread() {
    let parked = Parked::spawn();
    let pid = std::process::id() as i32;
    assert_handled_on(&parked, || os::tgkill(pid, parked.tid, libc::SIGUSR2));
}

#[test]
fn pthread_kill_with_signal_0_checks_a_live_thread() {
    let parked = Parked::spawn();
    os::pthread_kill(parked.handle(), 0).expect("pthread_kill(live thread, 0)");
}

#[test]
fn pthread_kill_rejects_a_number_that_is_no_signal() {
    let parked = Parked::spawn();
    assert_err(
        os::pthread_kill(parked.handle(), 65),
        ErrorKind::InvalidSignal,
        libc::EINVAL,
    );
}

#[test]
fn tgkill_of_a_thread_of_another_process_is_no_such_process() {
    // Our own pid with a tid that is not one of our threads: tgkill checks
    // that the thread is in that thread group, and sends nothing.
    let pid = std::process::id() as i32;
    assert_err(
        os::tgkill(pid, i32::MAX, 0),
        ErrorKind::NoSuchProcess,
        libc::ESRCH,
    );
}
