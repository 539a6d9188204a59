//! [`ProcessInfo`]: what the system says of one process when it lists them,
//! with [`UserId`] and [`StartTime`].

use std::ffi::{OsStr, OsString};
use std::fmt;

use crate::{sys, Error, ErrorKind, Fields};

/// Who a process runs as: a POSIX user id, or on Windows the security
/// identifier (SID) of the account that owns the process, as a string
/// (`S-1-5-21-...`).
///
/// Each OS gives one form: POSIX systems [`Uid`](UserId::Uid), Windows
/// [`Sid`](UserId::Sid). Display prints the number or the SID.
///
/// ```
/// use sigsend::UserId;
///
/// assert_eq!(UserId::Uid(1000).to_string(), "1000");
/// assert_eq!(UserId::Uid(1000).uid(), Some(1000));
/// assert_eq!(UserId::Sid("S-1-5-18".into()).uid(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UserId {
    /// A POSIX user id: the process's effective uid, the one `ps` shows.
    Uid(u32),
    /// A Windows security identifier in its string form.
    Sid(String),
}

impl UserId {
    /// The user called `name`: its uid on POSIX (`getpwnam_r`; a decimal
    /// number is taken as the uid itself), its SID on Windows
    /// (`LookupAccountNameW`).
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use sigsend::{ErrorKind, UserId};
    ///
    /// assert_eq!(UserId::named("root")?, UserId::Uid(0));
    /// assert_eq!(UserId::named("65534")?, UserId::Uid(65534));
    /// let err = UserId::named("no such user, surely").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidInput);
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) when there is no such
    /// user; the error of the lookup when it fails.
    pub fn named(name: &str) -> Result<UserId, Error> {
        crate::sys::user_named(name)
    }

    /// The POSIX uid, `None` for a Windows SID.
    ///
    /// ```
    /// assert_eq!(sigsend::UserId::Uid(0).uid(), Some(0));
    /// ```
    pub fn uid(&self) -> Option<u32> {
        match self {
            UserId::Uid(uid) => Some(*uid),
            UserId::Sid(_) => None,
        }
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserId::Uid(uid) => write!(f, "{uid}"),
            UserId::Sid(sid) => f.write_str(sid),
        }
    }
}

/// When a process started, as a value that orders processes by their
/// start: a process started later has a greater (or, within the clock's
/// resolution, equal) `StartTime`.
///
/// The unit is the OS's: clock ticks since boot on Linux (10 ms),
/// microseconds since the epoch on macOS, microseconds since boot on
/// FreeBSD (whose `ki_start` a clock step moves), 100 ns since 1601 on
/// Windows. Compare values from one machine and one boot only.
///
/// ```
/// let me = sigsend::processes()?
///     .into_iter()
///     .find(|p| p.pid() == std::process::id())
///     .expect("this process is listed");
/// # #[cfg(unix)]
/// assert!(me.start_time().is_some());
/// # Ok::<(), sigsend::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StartTime(pub(crate) u64);

impl StartTime {
    /// The raw value in the OS's unit (see [`StartTime`]).
    ///
    /// ```
    /// # let me = sigsend::processes()?.into_iter().find(|p| p.pid() == std::process::id()).unwrap();
    /// if let Some(start) = me.start_time() {
    ///     assert!(start.as_raw() > 0);
    /// }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn as_raw(self) -> u64 {
        self.0
    }
}

/// One process as [`processes`](crate::processes) lists it: a snapshot
/// taken at that moment, not a handle (open a [`Process`](crate::Process)
/// to signal it without a pid race).
///
/// The pid, the parent and the name are always there; `cmdline`, `user`
/// and `start_time` only when the listing asked for them ([`Fields`]:
/// [`processes`](crate::processes) asks for all,
/// [`processes_with`](crate::processes_with) for what it is given), else
/// `None`.
///
/// What each OS tells:
///
/// | | Linux | macOS, FreeBSD | Windows |
/// |---|---|---|---|
/// | `name` | `comm` (at most 15 bytes) | `p_comm` (at most 16 / 19 bytes) | the executable's file name, `.exe` included |
/// | `cmdline` | `/proc/PID/cmdline` | `KERN_PROCARGS2` / `KERN_PROC_ARGS` | always `None` |
/// | `user` | effective uid | effective uid | owner SID, where the process may be opened |
/// | `start_time` | `/proc/PID/stat` | the process's start | creation time, where the process may be opened |
///
/// ```
/// let me = sigsend::processes()?
///     .into_iter()
///     .find(|p| p.pid() == std::process::id())
///     .expect("this process is listed");
/// assert!(me.is_own());
/// assert!(!me.name().is_empty());
/// # Ok::<(), sigsend::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessInfo {
    pub(crate) pid: u32,
    pub(crate) ppid: u32,
    /// The POSIX process group (`None` on Windows), for tree walks.
    pub(crate) group: Option<u32>,
    pub(crate) name: CommandName,
    pub(crate) cmdline: Option<Vec<String>>,
    pub(crate) user: Option<UserId>,
    pub(crate) start_time: Option<StartTime>,
    pub(crate) own: bool,
    /// Stopped when listed (`None`: the list does not tell), so that a
    /// tree walk leaves a process stopped by its user as it was.
    pub(crate) stopped: Option<bool>,
}

impl ProcessInfo {
    /// Process `pid` alone, with the details `fields` asks for (see
    /// [`Fields`]): on Linux from its own files of `/proc` (`stat`, and
    /// the owner or `cmdline` when asked for), elsewhere from the OS's list.
    ///
    /// ```
    /// use sigsend::{ErrorKind, Fields, ProcessInfo};
    ///
    /// let me = ProcessInfo::of(std::process::id(), Fields::USER)?;
    /// assert!(!me.name().is_empty());
    /// assert!(me.is_own());
    /// assert_eq!(me.cmdline(), None); // not asked for
    /// let none = ProcessInfo::of(u32::MAX - 1, Fields::NONE).unwrap_err();
    /// assert_eq!(none.kind(), ErrorKind::NoSuchProcess);
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`NoSuchProcess`](ErrorKind::NoSuchProcess) when there is no such
    /// process (or it may not be read); as [`processes`](crate::processes)
    /// when the list cannot be read.
    pub fn of(pid: u32, fields: Fields) -> Result<ProcessInfo, Error> {
        let mut info = sys::process(pid, fields)?.ok_or_else(|| {
            Error::new(
                ErrorKind::NoSuchProcess,
                format!("there is no process {pid} to read"),
            )
        })?;
        info.complete(fields, owner(fields).as_ref());
        Ok(info)
    }

    /// Leaves out what the OS read without being asked for it (at no
    /// cost), so that every OS gives the same fields, and tells whether
    /// the process is the caller's user's (`me`, see [`owner`]).
    pub(crate) fn complete(&mut self, fields: Fields, me: Option<&UserId>) {
        if !fields.contains(Fields::USER) {
            self.user = None;
        }
        if !fields.contains(Fields::CMDLINE) {
            self.cmdline = None;
        }
        if !fields.contains(Fields::START_TIME) {
            self.start_time = None;
        }
        self.own = me.is_some() && self.user.as_ref() == me;
    }

    /// The process id.
    ///
    /// ```
    /// assert!(sigsend::processes()?.iter().any(|p| p.pid() == std::process::id()));
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The parent's process id; 0 for a process without one (on Linux
    /// pid 1, and pid 2, the kernel threads' parent).
    ///
    /// ```
    /// # let me = sigsend::processes()?.into_iter().find(|p| p.pid() == std::process::id()).unwrap();
    /// # #[cfg(unix)]
    /// assert_eq!(me.ppid(), std::os::unix::process::parent_id());
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn ppid(&self) -> u32 {
        self.ppid
    }

    /// The command name (see the table of [`ProcessInfo`]), to show: not
    /// valid UTF-8 is replaced with U+FFFD, so two names may show alike;
    /// compare [`name_os`](ProcessInfo::name_os).
    ///
    /// ```
    /// # let me = sigsend::processes()?.into_iter().find(|p| p.pid() == std::process::id()).unwrap();
    /// assert!(!me.name().is_empty());
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name.text
    }

    /// The command name exactly as the OS gives it: its bytes on POSIX
    /// (a Linux `comm` may be any bytes but NUL), its UTF-16 on Windows.
    /// [`Selector::name`](crate::Selector::name) compares this.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::ffi::OsStr;
    /// use std::os::unix::ffi::OsStrExt;
    ///
    /// let me = sigsend::processes()?
    ///     .into_iter()
    ///     .find(|p| p.pid() == std::process::id())
    ///     .expect("listed");
    /// // A UTF-8 name is the same either way.
    /// if let Some(bytes) = me.name_os().to_str() {
    ///     assert_eq!(bytes, me.name());
    /// }
    /// assert_ne!(me.name_os(), OsStr::from_bytes(b"no\xffname"));
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn name_os(&self) -> &OsStr {
        self.name.raw()
    }

    /// The arguments the process was started with, the program first;
    /// empty for a kernel thread or a zombie, and on Linux for a moment
    /// while a process starts a new program (its name is the new one
    /// already, its arguments not yet: `Command::spawn` may return then);
    /// `None` where it cannot be
    /// read (another user's process on macOS, and always on Windows), or
    /// when the listing did not ask for it ([`Fields::CMDLINE`]).
    /// Invalid UTF-8 is replaced with U+FFFD.
    ///
    /// ```
    /// # let me = sigsend::processes()?.into_iter().find(|p| p.pid() == std::process::id()).unwrap();
    /// # #[cfg(unix)]
    /// assert!(me.cmdline().is_some_and(|args| !args.is_empty()));
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn cmdline(&self) -> Option<&[String]> {
        self.cmdline.as_deref()
    }

    /// Who the process runs as; `None` where the OS would not say (on
    /// Windows, a process the caller may not open), or when the listing
    /// did not ask for it ([`Fields::USER`]).
    ///
    /// ```
    /// # let me = sigsend::processes()?.into_iter().find(|p| p.pid() == std::process::id()).unwrap();
    /// # #[cfg(unix)]
    /// assert!(me.user().and_then(|user| user.uid()).is_some());
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn user(&self) -> Option<&UserId> {
        self.user.as_ref()
    }

    /// When the process started, `None` where the OS would not say (on
    /// macOS, for another effective uid's process unless root), or when
    /// the listing did not ask for it ([`Fields::START_TIME`]).
    ///
    /// ```
    /// # let me = sigsend::processes()?.into_iter().find(|p| p.pid() == std::process::id()).unwrap();
    /// # #[cfg(unix)]
    /// assert!(me.start_time().is_some());
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn start_time(&self) -> Option<StartTime> {
        self.start_time
    }

    /// Whether the process belongs to the caller's user: on POSIX, its
    /// effective uid is the caller's real uid (util-linux `kill NAME`'s
    /// rule); on Windows, its owner SID is the caller's. `false` when the
    /// owner is unknown or was not asked for ([`Fields::USER`]).
    ///
    /// ```
    /// let processes = sigsend::processes()?;
    /// let me = processes.iter().find(|p| p.pid() == std::process::id()).unwrap();
    /// assert!(me.is_own());
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn is_own(&self) -> bool {
        self.own
    }
}

/// The caller's user, when `fields` asks for the owners of processes (to
/// tell [`ProcessInfo::is_own`]).
pub(crate) fn owner(fields: Fields) -> Option<UserId> {
    fields
        .contains(Fields::USER)
        .then(sys::current_user)
        .flatten()
}

/// A command name as listed: the text to show, and the OS's own form where
/// that text is not it (not valid UTF-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CommandName {
    text: String,
    /// `None` when `text` is the name exactly.
    raw: Option<OsString>,
}

impl CommandName {
    /// The name `raw`, as the OS gave it.
    pub(crate) fn new(raw: OsString) -> CommandName {
        match raw.into_string() {
            Ok(text) => CommandName { text, raw: None },
            Err(raw) => CommandName {
                text: raw.to_string_lossy().into_owned(),
                raw: Some(raw),
            },
        }
    }

    /// The name exactly.
    pub(crate) fn raw(&self) -> &OsStr {
        self.raw
            .as_deref()
            .unwrap_or_else(|| OsStr::new(&self.text))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::{OsStrExt, OsStringExt};

    #[test]
    fn a_name_keeps_its_bytes() {
        let name = CommandName::new(OsString::from("sleep"));
        assert_eq!(
            (name.text.as_str(), name.raw()),
            ("sleep", OsStr::new("sleep"))
        );
        let odd = CommandName::new(OsString::from_vec(b"zq\xfex".to_vec()));
        assert_eq!(odd.text, "zq\u{fffd}x");
        assert_eq!(odd.raw().as_bytes(), b"zq\xfex");
        let other = CommandName::new(OsString::from_vec(b"zq\xffx".to_vec()));
        assert_eq!(other.text, odd.text);
        assert_ne!(other.raw(), odd.raw());
    }
}
