//! [`Exit`]: how a process ended, as far as the OS tells.

use std::fmt;

use crate::Signal;

/// How a process ended.
///
/// POSIX tells the exit status only to the parent: for a process started by
/// this one (see [`Process::from_child`](crate::Process::from_child)) it is
/// [`Code`](Exit::Code) or [`Signaled`](Exit::Signaled); for any other
/// process sigsend sees the exit (through a pidfd or kqueue) but not its
/// status, and says [`Unknown`](Exit::Unknown). It is also `Unknown` for a
/// child that someone else (the `std::process::Child` owner) reaped before
/// sigsend looked.
///
/// ```
/// # #[cfg(unix)] {
/// use sigsend::{Exit, Process, Signal};
///
/// let mut child = std::process::Command::new("sh").args(["-c", "exit 3"]).spawn()?;
/// let process = Process::from_child(&child)?;
/// assert_eq!(process.wait()?, Exit::Code(3));
/// assert_eq!(Exit::Signaled(Signal::TERM).to_string(), "killed by SIGTERM");
/// child.wait()?; // the owner still reaps it
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exit {
    /// It exited with this code (on POSIX the low 8 bits of what it passed
    /// to `exit`).
    Code(i32),
    /// A signal ended it.
    Signaled(Signal),
    /// It ended, but the OS does not say how: it is not this process's
    /// child, or it was reaped before sigsend could read its status.
    Unknown,
}

impl Exit {
    /// Whether it exited with code 0.
    ///
    /// ```
    /// assert!(sigsend::Exit::Code(0).success());
    /// assert!(!sigsend::Exit::Unknown.success());
    /// ```
    pub fn success(self) -> bool {
        self == Exit::Code(0)
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exit::Code(code) => write!(f, "exited with code {code}"),
            Exit::Signaled(sig) => write!(f, "killed by {sig}"),
            Exit::Unknown => f.write_str("exited (status unknown: not our child)"),
        }
    }
}
