//! [`descendants`]: the processes below one process, from one list of the
//! system's processes.

use std::collections::{HashMap, HashSet};

use crate::error::{Error, ErrorKind};
use crate::ProcessInfo;

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
/// let mut child = Command::new("sleep").arg("10").spawn()?;
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
    if !list.iter().any(|info| info.pid == pid) {
        return Err(Error::new(
            ErrorKind::NoSuchProcess,
            format!("pid {pid} is not among the listed processes"),
        ));
    }
    Ok(below(&list, &HashSet::from([pid])))
}

/// The descendants in `list` of the processes `roots`, none of `roots`
/// among them: a walk down the parent pids that visits each process once
/// and takes a child only if it started no earlier than its parent.
pub(crate) fn below(list: &[ProcessInfo], roots: &HashSet<u32>) -> Vec<ProcessInfo> {
    let mut children: HashMap<u32, Vec<&ProcessInfo>> = HashMap::new();
    for info in list {
        if info.ppid != info.pid {
            children.entry(info.ppid).or_default().push(info);
        }
    }
    let start_of: HashMap<u32, _> = list.iter().map(|i| (i.pid, i.start_time)).collect();
    let mut seen = roots.clone();
    let mut stack: Vec<u32> = roots.iter().copied().collect();
    let mut found = Vec::new();
    while let Some(parent) = stack.pop() {
        let parent_start = start_of.get(&parent).copied().flatten();
        for &child in children.get(&parent).map(Vec::as_slice).unwrap_or_default() {
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
