//! The kernel's lists of each thread's children
//! (`/proc/PID/task/TID/children`, kernels built with
//! `CONFIG_PROC_CHILDREN`): a tree walk reads the files of its own members
//! and their children, not those of every process of the system. Each
//! file is read with one `pread` into a buffer kept for the walk
//! ([`ProcFile::read`]).

use std::fs::File;

use super::list::{from_stat, listed};
use super::procfs::{self, decimal, CPath, ProcDir, ProcRoot};
use super::stat;
use crate::error::Error;
use crate::sys::{pid_t, Look, RunState};
use crate::ProcessInfo;

/// Reads children lists and `stat` files for one walk, into one buffer.
pub(crate) struct ChildLists {
    buf: Vec<u8>,
}

impl ChildLists {
    /// `None` where the kernel keeps no children lists (the walk lists
    /// every process instead).
    pub(crate) fn open() -> Option<ChildLists> {
        File::open("/proc/thread-self/children").ok()?;
        Some(ChildLists { buf: vec![0; 4096] })
    }

    /// What `/proc/PID/stat` says of `pid` (as a listing with
    /// [`Fields::START_TIME`](crate::Fields::START_TIME) gives it); `None`
    /// when there is no such process.
    pub(crate) fn info(&mut self, pid: u32) -> Result<Option<ProcessInfo>, Error> {
        let pid = pid_t(pid)?;
        let Some(bytes) = procfs::read_into(pid, "stat", &mut self.buf)? else {
            return Ok(None);
        };
        Ok(stat::parse(bytes).map(|stat| from_stat(pid, stat)))
    }

    /// Process `pid` through its held `/proc/PID`: its `stat`, its run
    /// state (every thread's, as [`Handle::run_state`](super::Handle)
    /// tells it) and, once it runs none of its own code or when `always`,
    /// the children of every thread, read after the state (so a fork that
    /// was under way when it stopped shows its child); `None` when it is
    /// gone.
    pub(crate) fn look(&mut self, pid: u32, always: bool) -> Result<Option<Look>, Error> {
        let pid = pid_t(pid)?;
        let Some(dir) = ProcDir::open(pid)? else {
            return Ok(None);
        };
        let Some(bytes) = self.read_in(&dir, &CPath::new().text("stat"), "stat")? else {
            return Ok(None);
        };
        let Some(stat) = stat::parse(bytes) else {
            return Ok(None);
        };
        // Listed once, for the state and the children lists alike.
        let tids = match stat.threads > 1 {
            true => dir.tids()?.unwrap_or_default(),
            false => vec![pid],
        };
        let state = match stat.threads > 1 {
            true => stat::threads_state(&dir, &tids, &mut self.buf)?,
            false => stat.run_state(),
        };
        let info = from_stat(pid, stat);
        if !always && state == RunState::Running {
            return Ok(Some(Look {
                info,
                state,
                children: None,
            }));
        }
        let mut children = Vec::new();
        for tid in tids {
            // A thread that ended meanwhile has no children left.
            let name = CPath::new().text("task/").number(tid).text("/children");
            let Some(text) = self.read_in(&dir, &name, "children")? else {
                continue;
            };
            children.extend(
                text.split(u8::is_ascii_whitespace)
                    .filter_map(decimal::<u32>),
            );
        }
        Ok(Some(Look {
            info,
            state,
            children: Some(children),
        }))
    }

    /// Every process of `/proc` but those `skip` leaves out (skipped
    /// before anything of theirs is read), as [`info`](Self::info) reads
    /// them.
    pub(crate) fn others(&mut self, skip: &dyn Fn(u32) -> bool) -> Result<Vec<ProcessInfo>, Error> {
        procfs::check_own()?;
        let root = ProcRoot::open()?;
        let mut list = Vec::new();
        for pid in root.pids()? {
            if !skip(pid as u32) {
                list.extend(listed(&root, pid, &mut self.buf)?);
            }
        }
        Ok(list)
    }

    /// The file `name` of `dir`, which errors call `label`, read whole
    /// into the buffer; `None` once the process (or thread) is gone.
    fn read_in(
        &mut self,
        dir: &ProcDir,
        name: &CPath,
        label: &'static str,
    ) -> Result<Option<&[u8]>, Error> {
        match dir.file(name, label)? {
            Some(file) => file.read(&mut self.buf),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::CommandExt;
    use std::process::{Child, Command};

    use super::*;

    /// A shell in a process group of its own, which is killed whole
    /// however the test ends.
    struct Group(Child);

    impl Drop for Group {
        fn drop(&mut self) {
            let _ = crate::os::killpg(self.0.id() as i32, libc::SIGKILL);
            let _ = self.0.wait();
        }
    }

    #[test]
    fn a_stopped_processs_children_are_read_after_its_state() {
        let Some(mut lists) = ChildLists::open() else {
            println!("SKIPPED: this kernel keeps no children lists");
            return;
        };
        let shell = Group(
            Command::new("sh")
                .args(["-c", "sleep 30 & sleep 30 & kill -STOP $$; wait"])
                .process_group(0)
                .spawn()
                .expect("start sh"),
        );
        let pid = shell.0.id();
        let mut looks = (0..1_000_000).map(|_| {
            std::thread::yield_now();
            lists.look(pid, false).unwrap().expect("it runs")
        });
        let look = looks
            .find(|look| {
                assert!(
                    look.state == RunState::Stopped || look.children.is_none(),
                    "not read while it runs"
                );
                look.state == RunState::Stopped
            })
            .expect("the shell stops itself");
        assert_eq!(look.info.pid, pid);
        assert_eq!(look.info.ppid, std::process::id());
        let children = look.children.expect("read once stopped");
        assert_eq!(children.len(), 2, "{children:?}");
        for &child in &children {
            let info = lists.info(child).unwrap().expect("a child runs");
            assert_eq!(info.ppid, pid);
        }
        drop(shell);
        assert_eq!(
            lists.look(pid, true).unwrap().map(|_| ()),
            None,
            "reaped: gone"
        );
        assert_eq!(lists.info(pid).unwrap().map(|_| ()), None);
    }
}
