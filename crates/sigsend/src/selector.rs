//! [`Selector`]: which processes to pick from the list, by name, parent,
//! user or a caller's own test.

use std::ffi::OsString;
use std::fmt;

use crate::error::Error;
use crate::{processes, ProcessInfo, UserId};

/// A test a [`Selector`] applies to each process, for what the library
/// leaves to the caller (a regular expression on the name or command line).
type Predicate = Box<dyn Fn(&ProcessInfo) -> bool + Send + Sync>;

/// Picks processes from the list: every condition given must hold, and the
/// caller itself is never selected.
///
/// sigsend has no pattern language of its own (the library stays light):
/// [`matching`](Selector::matching) takes any test, such as a regular
/// expression the caller compiled, on [`ProcessInfo::name`] or
/// [`ProcessInfo::cmdline`].
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use sigsend::Selector;
///
/// let mut child = Command::new("sleep").arg("10").spawn()?;
/// let found = Selector::new()
///     .name("sleep")
///     .parent(std::process::id())
///     .matching(|info| info.cmdline().is_some_and(|args| args.iter().any(|a| a == "10")))
///     .select()?;
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].pid(), child.id());
/// # child.kill()?; child.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Default)]
pub struct Selector {
    name: Option<OsString>,
    parent: Option<u32>,
    user: Option<UserId>,
    predicates: Vec<Predicate>,
}

impl Selector {
    /// A selector with no condition yet: every process but the caller.
    ///
    /// ```
    /// let all = sigsend::Selector::new().select()?;
    /// assert!(all.iter().all(|p| p.pid() != std::process::id()));
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn new() -> Selector {
        Selector::default()
    }

    /// Only processes whose command name is `name` exactly: compared as the
    /// OS gives it ([`ProcessInfo::name_os`]: bytes on POSIX, as util-linux
    /// compares), so a name that is not valid UTF-8 matches only itself,
    /// never another that shows alike in [`ProcessInfo::name`].
    ///
    /// ```
    /// let none = sigsend::Selector::new().name("no such name, surely").select()?;
    /// assert!(none.is_empty());
    /// # #[cfg(unix)] {
    /// use std::ffi::OsStr;
    /// use std::os::unix::ffi::OsStrExt;
    ///
    /// // Any bytes, as `comm` may hold them.
    /// let odd = sigsend::Selector::new().name(OsStr::from_bytes(b"zq\xfex")).select()?;
    /// assert!(odd.iter().all(|p| p.name_os().as_bytes() == b"zq\xfex"));
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn name(mut self, name: impl Into<OsString>) -> Selector {
        self.name = Some(name.into());
        self
    }

    /// Only the children of `ppid` (see [`ProcessInfo::ppid`]).
    ///
    /// ```
    /// let mine = sigsend::Selector::new().parent(std::process::id()).select()?;
    /// assert!(mine.iter().all(|p| p.ppid() == std::process::id()));
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn parent(mut self, ppid: u32) -> Selector {
        self.parent = Some(ppid);
        self
    }

    /// Only processes that run as `user` (see [`ProcessInfo::user`]); a
    /// process whose owner is unknown is never selected.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use sigsend::{Selector, UserId};
    ///
    /// let nobody = Selector::new().user(UserId::Uid(u32::MAX - 1)).select()?;
    /// assert!(nobody.is_empty());
    /// # }
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn user(mut self, user: UserId) -> Selector {
        self.user = Some(user);
        self
    }

    /// Only processes for which `test` is true; may be given more than once
    /// (all must hold).
    ///
    /// ```
    /// let none = sigsend::Selector::new().matching(|_| false).select()?;
    /// assert!(none.is_empty());
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn matching(
        mut self,
        test: impl Fn(&ProcessInfo) -> bool + Send + Sync + 'static,
    ) -> Selector {
        self.predicates.push(Box::new(test));
        self
    }

    /// Whether `info` meets every condition (the caller's own pid aside).
    ///
    /// ```
    /// let me = sigsend::processes()?
    ///     .into_iter()
    ///     .find(|p| p.pid() == std::process::id())
    ///     .expect("listed");
    /// assert!(sigsend::Selector::new().matches(&me));
    /// assert!(!sigsend::Selector::new().parent(0).name("?").matches(&me));
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn matches(&self, info: &ProcessInfo) -> bool {
        self.name.as_ref().is_none_or(|name| info.name_os() == name)
            && self.parent.is_none_or(|ppid| info.ppid == ppid)
            && self
                .user
                .as_ref()
                .is_none_or(|user| info.user.as_ref() == Some(user))
            && self.predicates.iter().all(|test| test(info))
    }

    /// The processes that meet every condition, never the caller itself.
    ///
    /// ```
    /// let all = sigsend::Selector::new().select()?;
    /// assert!(!all.is_empty());
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`processes`](crate::processes).
    pub fn select(&self) -> Result<Vec<ProcessInfo>, Error> {
        let me = std::process::id();
        let mut list = processes()?;
        list.retain(|info| info.pid != me && self.matches(info));
        Ok(list)
    }
}

impl fmt::Debug for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Selector")
            .field("name", &self.name)
            .field("parent", &self.parent)
            .field("user", &self.user)
            .field("predicates", &self.predicates.len())
            .finish()
    }
}
