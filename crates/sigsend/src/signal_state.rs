//! A process's signal state: [`SignalState`], [`SignalSet`], and
//! [`signal_state`] (what util-linux `kill -d` shows and `kill -r` checks).

use std::fmt;

use crate::error::Error;
use crate::{sys, Signal};

/// A set of signals, as the kernel keeps them in a mask (bit `n - 1` for
/// signal `n`, up to 128).
///
/// ```
/// use sigsend::{SignalSet, Signal};
///
/// let set: SignalSet = [Signal::TERM, Signal::INT].into_iter().collect();
/// assert!(set.contains(Signal::TERM));
/// assert!(!set.contains(Signal::KILL));
/// assert_eq!(set.iter().collect::<Vec<_>>(), [Signal::INT, Signal::TERM]);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SignalSet(u128);

impl SignalSet {
    /// The mask bit of `sig`, `None` for the null signal (and a number
    /// beyond 128, which no OS has).
    fn bit(sig: Signal) -> Option<u128> {
        let raw = sig.as_raw();
        (1..=128).contains(&raw).then(|| 1u128 << (raw - 1))
    }

    /// Whether `sig` is in the set (never [`Signal::NULL`]).
    ///
    /// ```
    /// use sigsend::{Signal, SignalSet};
    ///
    /// assert!(!SignalSet::default().contains(Signal::KILL));
    /// ```
    pub fn contains(&self, sig: Signal) -> bool {
        SignalSet::bit(sig).is_some_and(|bit| self.0 & bit != 0)
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// assert!(sigsend::SignalSet::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The signals in the set, lowest number first. A bit for a number
    /// that is no [`Signal`] on this OS is not shown.
    ///
    /// ```
    /// use sigsend::{Signal, SignalSet};
    ///
    /// let set: SignalSet = [Signal::TERM].into_iter().collect();
    /// assert_eq!(set.iter().next(), Some(Signal::TERM));
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = Signal> + '_ {
        (1..=128)
            .filter(|&raw| self.0 & (1u128 << (raw - 1)) != 0)
            .filter_map(|raw| Signal::from_raw(raw).ok())
    }
}

impl FromIterator<Signal> for SignalSet {
    fn from_iter<I: IntoIterator<Item = Signal>>(signals: I) -> SignalSet {
        let mask = signals
            .into_iter()
            .filter_map(SignalSet::bit)
            .fold(0, |mask, bit| mask | bit);
        SignalSet(mask)
    }
}

/// Lists the names: `{"INT", "TERM"}`.
impl fmt::Debug for SignalSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Signal::name))
            .finish()
    }
}

/// What a process does with signals, as util-linux `kill -d` shows it
/// (the `Sig*` lines of `/proc/PID/status` on Linux).
///
/// On FreeBSD the kernel reports the pending signals of the process, not
/// of a thread: `pending_thread` is empty there, and `blocked` is the
/// first thread's mask.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignalState {
    /// Pending for the process's main thread (`SigPnd`).
    pub pending_thread: SignalSet,
    /// Pending for the process as a whole (`ShdPnd`).
    pub pending_process: SignalSet,
    /// Blocked (`SigBlk`): held pending until unblocked.
    pub blocked: SignalSet,
    /// Ignored (`SigIgn`).
    pub ignored: SignalSet,
    /// Caught by a handler (`SigCgt`): what `kill -r` requires.
    pub caught: SignalSet,
}

/// The signal state of the process `pid`, read once.
///
/// Supported on Linux (`/proc/PID/status`) and FreeBSD (`kinfo_proc`);
/// [`Unsupported`](crate::ErrorKind::Unsupported) on macOS (the `libc`
/// crate has no `kinfo_proc` there) and on Windows, which has no signals.
/// A pid can be reused: [`Process::signal_state`](crate::Process::signal_state)
/// asks a handle and never reads another process.
///
/// ```
/// # #[cfg(any(target_os = "linux", target_os = "freebsd"))] {
/// use sigsend::Signal;
///
/// let state = sigsend::signal_state(std::process::id())?;
/// // Rust's runtime ignores SIGPIPE.
/// assert!(state.ignored.contains(Signal::PIPE));
/// # }
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Errors
/// [`NoSuchProcess`](crate::ErrorKind::NoSuchProcess) when there is no
/// such process; [`Unsupported`](crate::ErrorKind::Unsupported) (see above);
/// [`InvalidInput`](crate::ErrorKind::InvalidInput) for 0 and, on POSIX, a
/// pid above `i32::MAX`.
pub fn signal_state(pid: u32) -> Result<SignalState, Error> {
    sys::signal_state(pid)
}
