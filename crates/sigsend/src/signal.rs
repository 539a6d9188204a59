//! [`Signal`]: a signal number that is valid on this OS, its names, and
//! parsing from every form `kill` accepts.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::sys;

mod table;

use table::{Entry, TABLE};

/// A signal that this OS knows, or the null signal 0.
///
/// A `Signal` always holds a number the OS accepts. On POSIX that is a named
/// signal, a real-time signal (whose range is asked of the C library at run
/// time), a number in between that has no name (Linux's 32 and 33, kept by
/// glibc for itself), or 0, the null signal, which sends nothing and only
/// checks that the target exists and may be signalled.
///
/// Parsing accepts every form of `kill`: a number, a name in any case with or
/// without `SIG`, the aliases (`IOT`, `CLD`, `POLL`, `IO`, and `EXIT` for 0),
/// and the real-time forms `RTMIN`, `RTMIN+n`, `RTMAX`, `RTMAX-n` and `RTn`
/// (= `RTMIN+n`). Display gives the canonical name with `SIG` in front; a
/// signal with no name displays as its number.
///
/// ```
/// use sigsend::Signal;
///
/// let term: Signal = "term".parse()?;
/// assert_eq!(term, Signal::TERM);
/// assert_eq!(term.as_raw(), 15);
/// assert_eq!(term.to_string(), "SIGTERM");
/// assert_eq!("0".parse::<Signal>()?, Signal::NULL);
/// assert!("SIGNOPE".parse::<Signal>().is_err());
/// # #[cfg(target_os = "linux")]
/// assert_eq!("RTMIN+2".parse::<Signal>()?.as_raw(), libc::SIGRTMIN() + 2);
/// # Ok::<(), sigsend::Error>(())
/// ```
///
/// # Windows
/// Windows has no signals. Its `Signal`s are Python's constants, with the
/// meaning `os.kill` gives them: `Signal::CTRL_C` (`CTRL_C_EVENT`)
/// and `Signal::CTRL_BREAK` (`CTRL_BREAK_EVENT`, 1) are console
/// control events for a process group; every other number, named (`INT` 2,
/// `ILL` 4, `FPE` 8, `SEGV` 11, `TERM` 15, `BREAK` 21, `ABRT` 22, and `KILL`
/// 9 as a convenience) or not (any number up to `i32::MAX`), ends the
/// process with `TerminateProcess`, and becomes its exit code (a process
/// already ending, which `TerminateProcess` refuses with
/// `ERROR_ACCESS_DENIED`, counts as ended).
///
/// A console event goes to a console process group, and Windows tells no
/// process's group: given the pid of a process that leads none,
/// `GenerateConsoleCtrlEvent` reaches every process on the console, the
/// caller included (microsoft/terminal#335). So the typed calls
/// ([`Process::signal`](crate::Process::signal), `Target::Process`,
/// [`kill_tree`](crate::kill_tree), stop plans) send one only to the
/// leader of a [`Group`](crate::Group) (started with
/// `CREATE_NEW_PROCESS_GROUP`, its group's id is its pid), and refuse it
/// otherwise ([`Unsupported`](crate::ErrorKind::Unsupported));
/// `Target::Group` and [`os::kill`](crate::os) send it as asked, to a
/// group the caller knows. `CTRL_C` to a group is refused by the typed
/// calls too: Windows delivers it only to processes that turned Ctrl+C
/// back on (a new group starts with it off), and reports success either
/// way; `CTRL_BREAK` is the event for a group.
///
/// One difference from Python, on purpose: the number 0 is the null signal
/// here too, an existence probe, because `kill -0` means that everywhere.
/// Python's `os.kill(pid, 0)` sends Ctrl+C instead; `Signal::CTRL_C` is
/// that event, reached only by its name (`CTRL_C`, `CTRL_C_EVENT`), and its
/// [`as_raw`](Signal::as_raw) is Python's 0.
///
/// ```
/// # #[cfg(windows)] {
/// use sigsend::Signal;
///
/// assert_eq!("0".parse::<Signal>()?, Signal::NULL);
/// assert_eq!("CTRL_C_EVENT".parse::<Signal>()?, Signal::CTRL_C);
/// assert_ne!(Signal::CTRL_C, Signal::NULL);
/// assert_eq!(Signal::CTRL_C.as_raw(), 0);
/// assert_eq!(Signal::CTRL_BREAK.to_string(), "CTRL_BREAK_EVENT");
/// assert_eq!("100".parse::<Signal>()?.as_raw(), 100); // an exit code
/// # }
/// # Ok::<(), sigsend::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Signal(i32);

impl Signal {
    /// The null signal, 0: sends nothing; the call only checks that the
    /// target exists and that the caller may signal it.
    pub const NULL: Signal = Signal(0);

    /// The signal with this number, if this OS has it (0 included).
    ///
    /// On Windows every number from 0 up is one (see [Windows](#windows)).
    ///
    /// ```
    /// use sigsend::{ErrorKind, Signal};
    ///
    /// assert_eq!(Signal::from_raw(9)?, Signal::KILL);
    /// assert_eq!(Signal::from_raw(-1).unwrap_err().kind(), ErrorKind::InvalidSignal);
    /// # #[cfg(unix)]
    /// assert_eq!(Signal::from_raw(4096).unwrap_err().kind(), ErrorKind::InvalidSignal);
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn from_raw(raw: i32) -> Result<Signal, Error> {
        if (0..=table::max_raw()).contains(&raw) {
            Ok(Signal(raw))
        } else {
            Err(Error::bad_signal(&raw.to_string()))
        }
    }

    /// The signal's number, as the system calls (and Python) take it. On
    /// Windows `Signal::CTRL_C` gives 0, like [`NULL`](Signal::NULL).
    ///
    /// ```
    /// assert_eq!(sigsend::Signal::KILL.as_raw(), 9);
    /// ```
    pub fn as_raw(self) -> i32 {
        table::to_raw(self.0)
    }

    /// The canonical name without `SIG`: `"TERM"`, `"RTMIN+3"`; the number
    /// for a signal with no name (`"0"` for the null signal).
    ///
    /// ```
    /// use sigsend::Signal;
    ///
    /// assert_eq!(Signal::TERM.name(), "TERM");
    /// assert_eq!(Signal::NULL.name(), "0");
    /// ```
    pub fn name(self) -> Cow<'static, str> {
        if let Some(entry) = canonical(self.0) {
            return Cow::Borrowed(entry.name);
        }
        match sys::rt_range() {
            Some((lo, hi)) if (lo..=hi).contains(&self.0) => Cow::Owned(rt_name(self.0, lo, hi)),
            _ => Cow::Owned(self.0.to_string()),
        }
    }

    /// A short description of what the signal means and does by default.
    ///
    /// ```
    /// assert!(sigsend::Signal::TERM.description().contains("the default of kill"));
    /// ```
    pub fn description(self) -> &'static str {
        if let Some(about) = canonical(self.0).and_then(|entry| entry.about) {
            about
        } else if self.0 == 0 {
            "null signal: checks that the target exists and may be signalled, sends nothing"
        } else if self.is_realtime() {
            "real-time signal: queued, delivered in order, may carry a value; ends the process unless caught"
        } else {
            table::UNNAMED
        }
    }

    /// Whether this is a real-time signal (`RTMIN..=RTMAX`).
    ///
    /// ```
    /// assert!(!sigsend::Signal::TERM.is_realtime());
    /// ```
    pub fn is_realtime(self) -> bool {
        sys::rt_range().is_some_and(|(lo, hi)| (lo..=hi).contains(&self.0))
    }

    /// The lowest real-time signal the C library leaves to programs, or
    /// `None` where the OS has none (macOS).
    ///
    /// ```
    /// # #[cfg(target_os = "linux")]
    /// assert_eq!(sigsend::Signal::rtmin().unwrap().as_raw(), libc::SIGRTMIN());
    /// ```
    pub fn rtmin() -> Option<Signal> {
        sys::rt_range().map(|(lo, _)| Signal(lo))
    }

    /// The highest real-time signal, or `None` where the OS has none.
    ///
    /// ```
    /// # #[cfg(target_os = "linux")]
    /// assert_eq!(sigsend::Signal::rtmax().unwrap().as_raw(), libc::SIGRTMAX());
    /// ```
    pub fn rtmax() -> Option<Signal> {
        sys::rt_range().map(|(_, hi)| Signal(hi))
    }

    /// Every signal of this OS from 1 up, real-time signals included (not
    /// the null signal). On Windows: the named ones, Ctrl+C first.
    ///
    /// ```
    /// use sigsend::Signal;
    ///
    /// assert!(Signal::all().any(|s| s == Signal::TERM));
    /// # #[cfg(unix)]
    /// assert_eq!(Signal::all().next(), Some(Signal::HUP));
    /// ```
    pub fn all() -> impl Iterator<Item = Signal> {
        table::all().map(Signal)
    }

    /// Every name of a named signal with the signal it names, aliases
    /// included, in the order `kill -l` lists them (real-time signals and
    /// `EXIT` are not in it).
    ///
    /// ```
    /// use sigsend::Signal;
    ///
    /// assert!(Signal::names().any(|(name, sig)| name == "TERM" && sig == Signal::TERM));
    /// # #[cfg(unix)] {
    /// assert_eq!(Signal::names().next(), Some(("HUP", Signal::HUP)));
    /// assert!(Signal::names().any(|(name, sig)| name == "IOT" && sig == Signal::ABRT));
    /// # }
    /// ```
    pub fn names() -> impl Iterator<Item = (&'static str, Signal)> {
        TABLE.iter().map(|entry| (entry.name, Signal(entry.raw)))
    }

    /// The signal that a shell exit status of `128 + n` reports, as in
    /// `kill -l $?`: `143` is `TERM`. `None` when the status is no such
    /// number.
    ///
    /// ```
    /// use sigsend::Signal;
    ///
    /// assert_eq!(Signal::from_exit_status(143), Some(Signal::TERM));
    /// assert_eq!(Signal::from_exit_status(137), Some(Signal::KILL));
    /// assert_eq!(Signal::from_exit_status(128), None);
    /// assert_eq!(Signal::from_exit_status(1), None);
    /// ```
    pub fn from_exit_status(status: i32) -> Option<Signal> {
        let raw = status.checked_sub(128).filter(|&raw| raw > 0)?;
        Signal::from_raw(raw).ok()
    }
}

/// The first non-alias entry for this number.
fn canonical(raw: i32) -> Option<&'static Entry> {
    TABLE
        .iter()
        .find(|entry| entry.raw == raw && entry.about.is_some())
}

/// A real-time signal's name, counted from the nearer end as shells do:
/// `RTMIN`, `RTMIN+1` ... `RTMAX-1`, `RTMAX`.
fn rt_name(raw: i32, lo: i32, hi: i32) -> String {
    match raw {
        _ if raw == lo => "RTMIN".to_owned(),
        _ if raw == hi => "RTMAX".to_owned(),
        _ if raw - lo <= (hi - lo) / 2 => format!("RTMIN+{}", raw - lo),
        _ => format!("RTMAX-{}", hi - raw),
    }
}

/// `s` without `prefix`, compared without regard to ASCII case.
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Plain ASCII decimal digits as a number; `None` for anything else, overflow
/// included.
fn parse_digits(s: &str) -> Option<i32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A real-time form after its `RT`: `MIN`, `MAX`, `MIN+n`, `MAX-n`, `n`.
fn parse_rt(rest: &str) -> Option<i32> {
    let (lo, hi) = sys::rt_range()?;
    let raw = if rest.eq_ignore_ascii_case("MIN") {
        lo
    } else if rest.eq_ignore_ascii_case("MAX") {
        hi
    } else if let Some(n) = strip_prefix_ignore_case(rest, "MIN+") {
        lo.checked_add(parse_digits(n)?)?
    } else if let Some(n) = strip_prefix_ignore_case(rest, "MAX-") {
        hi.checked_sub(parse_digits(n)?)?
    } else {
        lo.checked_add(parse_digits(rest)?)?
    };
    (lo..=hi).contains(&raw).then_some(raw)
}

fn parse(s: &str) -> Option<Signal> {
    if let Some(raw) = parse_digits(s) {
        return Signal::from_raw(raw).ok();
    }
    let name = strip_prefix_ignore_case(s, "SIG").unwrap_or(s);
    if name.eq_ignore_ascii_case("EXIT") {
        return Some(Signal::NULL);
    }
    if let Some(entry) = TABLE.iter().find(|e| e.name.eq_ignore_ascii_case(name)) {
        return Some(Signal(entry.raw));
    }
    strip_prefix_ignore_case(name, "RT")
        .and_then(parse_rt)
        .map(Signal)
}

/// Parses every form `kill` accepts; see [`Signal`]. An error echoes the
/// input; parsing never panics.
impl FromStr for Signal {
    type Err = Error;

    fn from_str(s: &str) -> Result<Signal, Error> {
        parse(s).ok_or_else(|| Error::bad_signal(s))
    }
}

impl TryFrom<i32> for Signal {
    type Error = Error;

    /// Same as [`Signal::from_raw`].
    fn try_from(raw: i32) -> Result<Signal, Error> {
        Signal::from_raw(raw)
    }
}

/// Same as [`Signal::as_raw`].
impl From<Signal> for i32 {
    fn from(sig: Signal) -> i32 {
        sig.as_raw()
    }
}

/// `SIGTERM`, `SIGRTMIN+3`; a signal with no name shows its number. The
/// Windows console events show as Python names them, `CTRL_C_EVENT`.
impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name();
        if name.starts_with("CTRL_") {
            write!(f, "{name}_EVENT")
        } else if name.starts_with(|c: char| c.is_ascii_digit()) {
            f.write_str(&name)
        } else {
            write!(f, "SIG{name}")
        }
    }
}

#[cfg(test)]
mod tests;
