//! The helper's `state` mode: a process whose signal state is known.

use std::io;
use std::mem::MaybeUninit;
use std::process::exit;
use std::ptr;

use super::{install_handler, read_to_eof, say};

/// `state`: catches USR1 (with the `catch` mode's handler), ignores
/// USR2, blocks HUP, prints `ready`, then reads its input until end of
/// file and exits 0. One thread only, so the blocked set is the process's.
pub fn state() -> ! {
    install_handler(libc::SIGUSR1);
    // SAFETY: SIG_IGN is a valid disposition for USR2.
    let ignored = unsafe { libc::signal(libc::SIGUSR2, libc::SIG_IGN) };
    assert_ne!(ignored, libc::SIG_ERR, "cannot ignore USR2");
    let mut set = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigemptyset initialises `set` before sigaddset and
    // sigprocmask use it.
    let blocked = unsafe {
        libc::sigemptyset(set.as_mut_ptr());
        libc::sigaddset(set.as_mut_ptr(), libc::SIGHUP);
        libc::sigprocmask(libc::SIG_BLOCK, set.as_ptr(), ptr::null_mut())
    };
    assert_eq!(blocked, 0, "sigprocmask: {}", io::Error::last_os_error());
    say("ready");
    read_to_eof();
    exit(0)
}
