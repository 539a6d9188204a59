//! [`Fields`]: which details of each process a listing reads.

use std::ops::BitOr;

/// The details of a process that a listing reads besides those it always
/// has: the pid, the parent's pid and the command name, which every OS
/// gives in its cheapest listing. Each of the others costs something
/// (on Linux more system calls per process: an `fstatat` of `/proc/PID`
/// for the owner, `cmdline` for the command line), so a listing reads only
/// those
/// asked for; a [`ProcessInfo`](crate::ProcessInfo) gives `None` for a
/// detail that was not asked for, on every OS alike, and
/// [`is_own`](crate::ProcessInfo::is_own) is `false` without
/// [`USER`](Fields::USER).
///
/// Combine them with `|`; [`processes`](crate::processes) reads
/// [`ALL`](Fields::ALL), [`processes_with`](crate::processes_with) what it
/// is given.
///
/// ```
/// use sigsend::Fields;
///
/// let asked = Fields::USER | Fields::START_TIME;
/// assert!(asked.contains(Fields::USER));
/// assert!(!asked.contains(Fields::CMDLINE));
/// assert!(Fields::ALL.contains(asked));
/// assert!(asked.contains(Fields::NONE));
///
/// let me = std::process::id();
/// let list = sigsend::processes_with(asked)?;
/// let mine = list.iter().find(|p| p.pid() == me).expect("listed");
/// assert!(mine.is_own());
/// assert_eq!(mine.cmdline(), None); // not asked for
/// # Ok::<(), sigsend::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fields(u8);

impl Fields {
    /// Nothing beyond the pid, the parent's pid and the command name.
    pub const NONE: Fields = Fields(0);
    /// The owner ([`ProcessInfo::user`](crate::ProcessInfo::user)), and
    /// with it [`ProcessInfo::is_own`](crate::ProcessInfo::is_own).
    pub const USER: Fields = Fields(1);
    /// The command line ([`ProcessInfo::cmdline`](crate::ProcessInfo::cmdline)).
    pub const CMDLINE: Fields = Fields(1 << 1);
    /// The start time ([`ProcessInfo::start_time`](crate::ProcessInfo::start_time)).
    pub const START_TIME: Fields = Fields(1 << 2);
    /// Every detail a listing can read.
    pub const ALL: Fields = Fields(0b111);

    /// Whether every field of `other` is among these.
    ///
    /// ```
    /// use sigsend::Fields;
    ///
    /// assert!(Fields::ALL.contains(Fields::CMDLINE));
    /// assert!(!Fields::NONE.contains(Fields::USER));
    /// ```
    pub const fn contains(self, other: Fields) -> bool {
        self.0 & other.0 == other.0
    }
}

impl Default for Fields {
    /// [`Fields::ALL`], as [`processes`](crate::processes) reads.
    fn default() -> Fields {
        Fields::ALL
    }
}

impl BitOr for Fields {
    type Output = Fields;

    fn bitor(self, other: Fields) -> Fields {
        Fields(self.0 | other.0)
    }
}
