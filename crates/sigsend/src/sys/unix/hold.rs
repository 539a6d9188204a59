//! What keeps a tree walk's SIGSTOP from outliving the walk: while
//! processes are held stopped, the termination signals of the calling
//! thread wait ([`Blocked`]), walks over processes serialise on one lock
//! ([`WalkLock`]), and a guardian process resumes what was held should the
//! caller die ([`Guardian`]). [`Window`] is all three.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::thread;
use std::time::{Duration, Instant};

use super::{errno, Blocked, TERMINATION};
use crate::error::Error;
use crate::sys::Guardian;

/// The time a walk waits for another walk to let go of the lock before
/// it goes on without it (one whose caller was stopped by its user keeps
/// the lock until it runs again).
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// The lock every sigsend tree walk of the system takes while it holds
/// processes stopped. In `/tmp`, which every user may write, so that walks
/// by different users serialise too.
const LOCK_PATH: &std::ffi::CStr = c"/tmp/.sigsend-tree.lock";

/// The time while a tree walk holds processes stopped. Opened before the
/// first SIGSTOP and closed after the last SIGCONT; dropping it closes it.
#[derive(Debug)]
pub(crate) struct Window {
    // Dropped in this order: the guardian released, the lock let go,
    // and only then the deferred signals delivered.
    guardian: Option<Guardian>,
    _lock: Option<WalkLock>,
    /// SIGHUP, SIGINT, SIGQUIT and SIGTERM, held back until the end.
    _deferred: Blocked,
}

impl Window {
    /// Defers the termination signals, takes the lock (or gives up on it
    /// after [`LOCK_WAIT`]), and starts the guardian. One that cannot be
    /// started (`fork` fails: the process limit is reached, as when the
    /// tree to end is a fork bomb) is done without: the walk goes on,
    /// unguarded against the caller's own death.
    pub(crate) fn open() -> Result<Window, Error> {
        let deferred = Blocked::only(&TERMINATION);
        let lock = WalkLock::acquire();
        let guardian = Guardian::start().ok();
        Ok(Window {
            guardian,
            _lock: lock,
            _deferred: deferred,
        })
    }

    /// The processes a walk must never hold: the caller and its guardian.
    pub(crate) fn spared(&self) -> [u32; 2] {
        let caller = std::process::id();
        [caller, self.guardian.as_ref().map_or(caller, Guardian::pid)]
    }

    /// Tells the guardian of processes about to be stopped, by pid and
    /// start time, before they are. A guardian that cannot be told (it was
    /// killed too) is done without from then on, as one that could not be
    /// started.
    pub(crate) fn watch(&mut self, members: &[(u32, u64)]) {
        if let Some(guardian) = &mut self.guardian {
            if guardian.watch(members).is_err() {
                self.guardian = None;
            }
        }
    }
}

/// An exclusive `flock` on [`LOCK_PATH`], let go when dropped (and by the
/// kernel when the process dies).
#[derive(Debug)]
struct WalkLock {
    _file: OwnedFd,
}

impl WalkLock {
    /// The lock; `None` when the file cannot be opened or another walk
    /// keeps it longer than [`LOCK_WAIT`]: the walk goes on without it.
    fn acquire() -> Option<WalkLock> {
        let file = open_lock_file()?;
        let until = Instant::now() + LOCK_WAIT;
        loop {
            // SAFETY: flock(2) on a descriptor we own; no memory involved.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
                return Some(WalkLock { _file: file });
            }
            let code = errno();
            if code != libc::EWOULDBLOCK && code != libc::EINTR || Instant::now() >= until {
                return None;
            }
            thread::sleep(Duration::from_millis(1));
        }
    }
}

/// The lock file, opened for reading (`flock` needs no more): an existing
/// one as it is (it may be another user's, in a sticky `/tmp`), else a
/// new one; never through a symbolic link.
fn open_lock_file() -> Option<OwnedFd> {
    let flags = libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NOFOLLOW;
    for _ in 0..2 {
        // SAFETY: the path is a NUL-terminated constant; open(2) returns a
        // new descriptor or -1.
        let fd = unsafe { libc::open(LOCK_PATH.as_ptr(), flags) };
        if fd >= 0 {
            // SAFETY: open returned a new descriptor that nothing else owns.
            return Some(unsafe { OwnedFd::from_raw_fd(fd) });
        }
        if errno() != libc::ENOENT {
            return None;
        }
        let mode: libc::c_uint = 0o444;
        // SAFETY: as above; O_CREAT | O_EXCL takes the mode as a third
        // argument and fails if the file appeared meanwhile.
        let fd = unsafe {
            libc::open(
                LOCK_PATH.as_ptr(),
                flags | libc::O_CREAT | libc::O_EXCL,
                mode,
            )
        };
        if fd >= 0 {
            // SAFETY: as above.
            return Some(unsafe { OwnedFd::from_raw_fd(fd) });
        }
        if errno() != libc::EEXIST {
            return None;
        }
    }
    None
}
