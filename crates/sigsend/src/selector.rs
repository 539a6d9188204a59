//! [`Selector`]: which processes to pick from the list, by name, parent,
//! user or a caller's own test.

use std::ffi::OsString;
use std::fmt;

use crate::error::Error;
use crate::{processes_where, Fields, ProcessInfo, UserId};

/// A test a [`Selector`] applies to each process, for what the library
/// leaves to the caller (a regular expression on the name or command line).
type Predicate = Box<dyn Fn(&ProcessInfo) -> bool + Send + Sync>;

/// Picks processes from the list: every condition given must hold, and the
/// caller itself is never selected.
///
/// It reads of each process only what it needs: the name and the parent
/// first, and only for the processes they let through the details the
/// other conditions need (the owner for [`user`](Selector::user) and
/// [`own`](Selector::own)) and those of [`reading`](Selector::reading)
/// (by default every detail, as [`processes`](crate::processes)).
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
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// # while sigsend::ProcessInfo::of(child.id(), sigsend::Fields::CMDLINE)?.cmdline() != Some(&["sleep".to_owned(), "60".to_owned()][..]) { std::thread::yield_now(); } // until its exec
/// let found = Selector::new()
///     .name("sleep")
///     .parent(std::process::id())
///     .matching(|info| info.cmdline().is_some_and(|args| args.iter().any(|a| a == "60")))
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
    own: bool,
    predicates: Vec<Predicate>,
    /// What the tests and the caller look at, besides what the conditions
    /// need.
    reading: Fields,
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

    /// Only the caller's own processes ([`ProcessInfo::is_own`]: util-linux
    /// `kill NAME`'s rule without `-a`).
    ///
    /// ```
    /// let mine = sigsend::Selector::new().own().select()?;
    /// assert!(mine.iter().all(|p| p.is_own()));
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn own(mut self) -> Selector {
        self.own = true;
        self
    }

    /// Reads `fields` of each process selected, and of each process a
    /// test of [`matching`](Selector::matching) looks at, instead of every
    /// detail (the default): what the tests and the caller of
    /// [`select`](Selector::select) need, besides the pid, parent and name
    /// (see [`Fields`]). The conditions read what they need themselves.
    ///
    /// ```
    /// use sigsend::{Fields, Selector};
    ///
    /// let found = Selector::new().own().reading(Fields::NONE).select()?;
    /// assert!(found.iter().all(|p| p.is_own() && p.cmdline().is_none()));
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn reading(mut self, fields: Fields) -> Selector {
        self.reading = fields;
        self
    }

    /// Only processes for which `test` is true; may be given more than once
    /// (all must hold). The test sees what [`reading`](Selector::reading)
    /// asks for (by default everything).
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
        self.matches_listed(info) && self.matches_read(info)
    }

    /// The details [`select`](Selector::select) reads (of the processes
    /// whose name and parent match): those of
    /// [`reading`](Selector::reading) and those the conditions need (the
    /// owner for [`user`](Selector::user) and [`own`](Selector::own)). A
    /// caller that lists the processes itself for
    /// [`matches`](Selector::matches) lists these.
    ///
    /// ```
    /// use sigsend::{Fields, Selector};
    ///
    /// assert_eq!(Selector::new().fields(), Fields::ALL);
    /// let own = Selector::new().name("sleep").own().reading(Fields::NONE);
    /// assert_eq!(own.fields(), Fields::USER);
    /// let list = sigsend::processes_with(own.fields())?;
    /// assert!(list.iter().filter(|p| own.matches(p)).all(|p| p.name() == "sleep"));
    /// # Ok::<(), sigsend::Error>(())
    /// ```
    pub fn fields(&self) -> Fields {
        match self.user.is_some() || self.own {
            true => self.reading | Fields::USER,
            false => self.reading,
        }
    }

    /// The conditions on what every listing has: name and parent.
    fn matches_listed(&self, info: &ProcessInfo) -> bool {
        self.name.as_ref().is_none_or(|name| info.name_os() == name)
            && self.parent.is_none_or(|ppid| info.ppid == ppid)
    }

    /// The conditions on the details read for the processes that
    /// [`matches_listed`](Selector::matches_listed) let through.
    fn matches_read(&self, info: &ProcessInfo) -> bool {
        self.user
            .as_ref()
            .is_none_or(|user| info.user.as_ref() == Some(user))
            && (!self.own || info.is_own())
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
        let mut list = processes_where(self.fields(), |info| {
            info.pid != me && self.matches_listed(info)
        })?;
        list.retain(|info| self.matches_read(info));
        Ok(list)
    }
}

impl fmt::Debug for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Selector")
            .field("name", &self.name)
            .field("parent", &self.parent)
            .field("user", &self.user)
            .field("own", &self.own)
            .field("predicates", &self.predicates.len())
            .field("reading", &self.reading)
            .finish()
    }
}
