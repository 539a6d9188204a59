//! [`descendants`]: the processes below one process, from one list of the
//! system's processes; [`Descendants`]: one list indexed for many such
//! questions.

use std::collections::{HashMap, HashSet};

use crate::error::{Error, ErrorKind};
use crate::{ProcessInfo, StartTime};

/// Every descendant of `pid` (its children, their children, and so on),
/// from one list of the system's processes, `pid` itself left out.
///
/// A child is taken by its parent's pid ([`ProcessInfo::ppid`]); where the
/// OS gives start times, a child that seems to have started before its
/// parent is not one (its parent's pid was reused), and a cycle of parent
/// pids cannot loop. An orphan (its parent exited, it now belongs to init
/// or a subreaper) is no longer a descendant.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// let below = sigsend::descendants(std::process::id())?;
/// assert!(below.iter().any(|p| p.pid() == child.id()));
/// # child.kill()?; child.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`NoSuchProcess`](ErrorKind::NoSuchProcess) when `pid` is not listed;
/// otherwise as [`processes`](crate::processes).
pub fn descendants(pid: u32) -> Result<Vec<ProcessInfo>, Error> {
    let list = crate::processes()?;
    Descendants::new(&list).of(pid)
}

/// One list of the system's processes, indexed by parent: the descendants
/// of many processes from one reading of the list, each found without
/// going over the whole list again. [`descendants`] reads the list anew
/// for every call.
///
/// The rules are those of [`descendants`]: a child is taken by its
/// parent's pid, never if it started before its parent, and a cycle of
/// parent pids cannot loop.
///
/// ```
/// # #[cfg(unix)] {
/// use std::process::Command;
/// use sigsend::Descendants;
///
/// let mut child = Command::new("sleep").arg("60").spawn()?;
/// let list = sigsend::processes()?;
/// let family = Descendants::new(&list);
/// let me = std::process::id();
/// assert!(family.of(me)?.iter().any(|p| p.pid() == child.id()));
/// assert!(family.of(child.id())?.is_empty());
/// # child.kill()?; child.wait()?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Descendants<'l> {
    children: HashMap<u32, Vec<&'l ProcessInfo>>,
    start_of: HashMap<u32, Option<StartTime>>,
}

impl<'l> Descendants<'l> {
    /// Indexes `list` (as [`processes`](crate::processes) gives it) by
    /// parent. Only the start times of its entries are read besides pid
    /// and parent: a list of
    /// [`processes_with(Fields::START_TIME)`](crate::processes_with)
    /// serves (one without start times takes every child by its parent's
    /// pid alone).
    pub fn new(list: &'l [ProcessInfo]) -> Descendants<'l> {
        let mut children: HashMap<u32, Vec<&ProcessInfo>> = HashMap::new();
        for info in list {
            if info.ppid != info.pid {
                children.entry(info.ppid).or_default().push(info);
            }
        }
        let start_of = list.iter().map(|i| (i.pid, i.start_time)).collect();
        Descendants { children, start_of }
    }

    /// Every descendant of `pid` in the list, `pid` itself left out.
    ///
    /// # Errors
    /// [`NoSuchProcess`](ErrorKind::NoSuchProcess) when `pid` is not in
    /// the list.
    pub fn of(&self, pid: u32) -> Result<Vec<ProcessInfo>, Error> {
        if !self.start_of.contains_key(&pid) {
            return Err(Error::new(
                ErrorKind::NoSuchProcess,
                format!("pid {pid} is not among the listed processes"),
            ));
        }
        Ok(self.below(&HashSet::from([pid])))
    }

    /// The descendants of the processes `roots`, none of `roots` among
    /// them: a walk down the parent pids that visits each process once and
    /// takes a child only if it started no earlier than its parent.
    fn below(&self, roots: &HashSet<u32>) -> Vec<ProcessInfo> {
        let mut seen = roots.clone();
        let mut stack: Vec<u32> = roots.iter().copied().collect();
        let mut found = Vec::new();
        while let Some(parent) = stack.pop() {
            let parent_start = self.start_of.get(&parent).copied().flatten();
            let children = self.children.get(&parent).map(Vec::as_slice);
            for &child in children.unwrap_or_default() {
                let after_parent = match (parent_start, child.start_time) {
                    (Some(parent), Some(child)) => child >= parent,
                    _ => true,
                };
                if after_parent && seen.insert(child.pid) {
                    stack.push(child.pid);
                    found.push(child.clone());
                }
            }
        }
        found
    }
}

/// The descendants in `list` of the processes `roots`, none of `roots`
/// among them (see [`Descendants`]).
pub(crate) fn below(list: &[ProcessInfo], roots: &HashSet<u32>) -> Vec<ProcessInfo> {
    Descendants::new(list).below(roots)
}
