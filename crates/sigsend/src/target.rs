//! [`Target`]: what a signal goes to, and [`pid_exists`], the existence
//! probe that is the same question on every OS.

use std::fmt;

use crate::error::{Error, ErrorKind};
use crate::{sys, Signal};

/// What a signal goes to: `kill(2)`'s forms of a pid, one variant each, so
/// that no number is read as "every process" by accident.
///
/// [`send`](Target::send) gives each OS's meaning:
///
/// | Target | POSIX | Windows |
/// |---|---|---|
/// | `Process(pid)` | `kill(pid, sig)` | [`Signal::NULL`]: a probe that sends nothing; `CTRL_BREAK`: the group `pid` leads, if it is a [`Group`](crate::Group)'s leader (refused otherwise, and `CTRL_C` always: see [`Signal`]); any other signal: `TerminateProcess`, exit code = the signal's number |
/// | `Group(pgid)` | `kill(-pgid, sig)` | `CTRL_C`, `CTRL_BREAK` only, sent as asked: `pgid` must be a console group's id (a pid that is none reaches the whole console), and `CTRL_C` reaches only processes that turned it back on, though Windows says success |
/// | `OwnGroup` | `kill(0, sig)` | `CTRL_C`, `CTRL_BREAK` to every process on the console |
/// | `Everyone` | `kill(-1, sig)` | unsupported |
///
/// ```
/// use std::process::Command;
/// use sigsend::{ErrorKind, Signal, Target};
///
/// # #[cfg(unix)]
/// # let mut child = Command::new("sleep").arg("60").spawn()?;
/// # #[cfg(windows)]
/// # let mut child = Command::new("cmd").args(["/c", "pause"]).stdin(std::process::Stdio::piped()).spawn()?;
/// let target = Target::Process(child.id());
/// target.send(Signal::NULL)?; // alive: nothing is sent
/// target.send(Signal::TERM)?;
/// child.wait()?;
/// assert_eq!(target.send(Signal::NULL).unwrap_err().kind(), ErrorKind::NoSuchProcess);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Target {
    /// One process, by pid.
    Process(u32),
    /// The process group with this id (on Windows, a console process group:
    /// the pid of a process started with `CREATE_NEW_PROCESS_GROUP`).
    Group(u32),
    /// The caller's own process group (on Windows, every process on the
    /// caller's console, the caller too).
    OwnGroup,
    /// Every process the caller may signal (on Linux: but init and the
    /// caller). Unsupported on Windows.
    Everyone,
}

impl Target {
    /// The target that `kill(2)` reads from `pid`: `> 0` a process, `0` the
    /// caller's group, `-1` every process, `< -1` the group `-pid`.
    ///
    /// ```
    /// use sigsend::Target;
    ///
    /// assert_eq!(Target::from_kill_pid(42), Target::Process(42));
    /// assert_eq!(Target::from_kill_pid(0), Target::OwnGroup);
    /// assert_eq!(Target::from_kill_pid(-1), Target::Everyone);
    /// assert_eq!(Target::from_kill_pid(-42), Target::Group(42));
    /// assert_eq!(Target::from_kill_pid(i32::MIN), Target::Group(1 << 31));
    /// ```
    pub fn from_kill_pid(pid: i32) -> Target {
        match pid {
            0 => Target::OwnGroup,
            -1 => Target::Everyone,
            pid if pid > 0 => Target::Process(pid.unsigned_abs()),
            pid => Target::Group(pid.unsigned_abs()),
        }
    }

    /// Sends `sig` to the target, with the meaning the table above gives.
    ///
    /// # Errors
    /// [`InvalidInput`](ErrorKind::InvalidInput) for pid or group 0 (use
    /// [`OwnGroup`](Target::OwnGroup)), for group 1, which `kill(2)` cannot
    /// name, and on POSIX for an id above `i32::MAX` (never truncated);
    /// [`NoSuchProcess`](ErrorKind::NoSuchProcess) for a process that has
    /// exited;
    /// [`Unsupported`](ErrorKind::Unsupported) for what Windows cannot do;
    /// and whatever the system call says.
    pub fn send(self, sig: Signal) -> Result<(), Error> {
        if let Target::Process(0) | Target::Group(0) = self {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{self} names no process: the caller's own group is Target::OwnGroup"),
            ));
        }
        sys::send(self, sig)
    }

    /// Sends `sig` carrying the integer `value`, as `sigqueue(3)` does: a
    /// handler installed with `SA_SIGINFO` sees `si_code` `SI_QUEUE` and the
    /// value. Only a [`Process`](Target::Process) can be given one, by its
    /// pid as it is now (a thread's id reaches its process, as with
    /// [`send`](Target::send)); [`Process::signal_with_value`](crate::Process::signal_with_value)
    /// is the race-free form.
    ///
    /// ```
    /// # #[cfg(all(unix, not(target_vendor = "apple")))] {
    /// use sigsend::{ErrorKind, Signal, Target};
    ///
    /// let mut child = std::process::Command::new("sleep").arg("60").spawn()?;
    /// Target::Process(child.id()).send_with_value(Signal::USR1, 7)?;
    /// # use std::os::unix::process::ExitStatusExt;
    /// assert_eq!(child.wait()?.signal(), Some(Signal::USR1.as_raw()));
    /// let err = Target::OwnGroup.send_with_value(Signal::USR1, 7).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidInput);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`send`](Target::send); [`InvalidInput`](ErrorKind::InvalidInput)
    /// for any target but one process, which `sigqueue(3)` cannot name;
    /// [`Unsupported`](ErrorKind::Unsupported) on macOS and Windows, which
    /// have no signals that carry a value.
    pub fn send_with_value(self, sig: Signal, value: i32) -> Result<(), Error> {
        match self {
            Target::Process(pid) if pid != 0 => sys::send_with_value(pid, sig, value),
            _ => Err(Error::new(
                ErrorKind::InvalidInput,
                format!("a signal carrying a value goes to one process, not to {self}"),
            )),
        }
    }
}

/// `process 42`, `process group 42`, `the caller's process group`, `every
/// process`.
impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Target::Process(pid) => write!(f, "process {pid}"),
            Target::Group(pgid) => write!(f, "process group {pgid}"),
            Target::OwnGroup => f.write_str("the caller's process group"),
            Target::Everyone => f.write_str("every process"),
        }
    }
}

/// Whether a process with this pid exists, asked without sending anything.
///
/// POSIX: signal 0 (a process of another user exists too: `EPERM` is
/// `true`; a zombie, exited but not yet reaped, still exists). Windows:
/// `OpenProcess` and a wait of zero; never a console event, which is what
/// `os.kill(pid, 0)` sends there. A process that has exited but whose
/// object a handle keeps is not alive.
///
/// ```
/// use std::process::Command;
///
/// # #[cfg(unix)]
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// # #[cfg(windows)]
/// # let mut child = Command::new("cmd").args(["/c", "pause"]).stdin(std::process::Stdio::piped()).spawn()?;
/// assert!(sigsend::pid_exists(child.id())?);
/// child.kill()?;
/// child.wait()?;
/// assert!(!sigsend::pid_exists(child.id())?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`InvalidInput`](ErrorKind::InvalidInput) for pid 0, which names no
/// process, and on POSIX for a pid above `i32::MAX`; any error other than
/// "no such process" or "permission denied".
pub fn pid_exists(pid: u32) -> Result<bool, Error> {
    match Target::Process(pid).send(Signal::NULL) {
        Ok(()) => Ok(true),
        Err(err) => match err.kind() {
            ErrorKind::PermissionDenied => Ok(true),
            ErrorKind::NoSuchProcess => Ok(false),
            _ => Err(err),
        },
    }
}
