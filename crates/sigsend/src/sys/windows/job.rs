//! A command started in a Job object of its own (and a console process
//! group of its own), for [`crate::Group`]: every process it starts joins
//! the job, and the job ends them all.
//!
//! The leaders of these console groups are the only processes sigsend
//! knows to lead one (Windows tells no process's group): [`is_leader`]
//! answers for them while their [`GroupHandle`] lives, which keeps the
//! leader's process object, so that its pid is no one else's meanwhile.

use std::mem;
use std::os::windows::io::{AsHandle, AsRawHandle, FromRawHandle, OwnedHandle};
use std::os::windows::process::CommandExt;
use std::process::{Child, Command};
use std::ptr;
use std::sync::{Mutex, PoisonError};

use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
    SetInformationJobObject, TerminateJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
};
use windows_sys::Win32::System::Threading::CREATE_NEW_PROCESS_GROUP;

use super::{console_event, cvt, last_error, Handle};
use crate::error::Error;
use crate::sys::Call;
use crate::Signal;

/// The pids of the console group leaders that live [`GroupHandle`]s
/// started.
static LEADERS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Whether `pid` is the leader of a console process group that a live
/// [`GroupHandle`] started (its process group id is its pid).
pub(crate) fn is_leader(pid: u32) -> bool {
    let leaders = LEADERS.lock().unwrap_or_else(PoisonError::into_inner);
    leaders.contains(&pid)
}

/// The Job object a [`crate::Group`] runs in; closing it ends every
/// process still in it (`JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`).
#[derive(Debug)]
pub(crate) struct GroupHandle {
    job: OwnedHandle,
    /// The leader's process, kept open while its pid is in [`LEADERS`].
    _leader: OwnedHandle,
    pid: u32,
}

impl GroupHandle {
    /// Starts `command` in a new console process group and assigns it to
    /// a new job, with no creation flags of the caller's (std cannot tell
    /// them): [`spawn_with_flags`](GroupHandle::spawn_with_flags) takes
    /// them.
    pub(crate) fn spawn(command: &mut Command) -> Result<(Child, GroupHandle), Error> {
        GroupHandle::spawn_with_flags(command, 0)
    }

    /// Starts `command` with the creation flags `flags` and
    /// `CREATE_NEW_PROCESS_GROUP` (`creation_flags` replaces what the
    /// command had), and assigns it to a new job. The child runs from its
    /// start: a process it starts before the assignment (microseconds) is
    /// not in the job.
    pub(crate) fn spawn_with_flags(
        command: &mut Command,
        flags: u32,
    ) -> Result<(Child, GroupHandle), Error> {
        // SAFETY: null attributes and name make an unnamed job with
        // default security; the call reads no memory of ours.
        let raw = unsafe { CreateJobObjectW(ptr::null(), ptr::null()) };
        if raw.is_null() {
            return Err(last_error(Call::CreateJobObject));
        }
        // SAFETY: `raw` is a new handle that nothing else owns.
        let job = unsafe { OwnedHandle::from_raw_handle(raw) };
        // SAFETY: all-zero is a valid JOBOBJECT_EXTENDED_LIMIT_INFORMATION
        // (plain integers): no limit.
        let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = unsafe { mem::zeroed() };
        info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        let size = mem::size_of_val(&info) as u32;
        let info_ptr: *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION = &info;
        // SAFETY: the job handle is open; the structure lives across the
        // call, its size given, and is only read.
        let set = unsafe {
            SetInformationJobObject(
                job.as_raw_handle(),
                JobObjectExtendedLimitInformation,
                info_ptr.cast(),
                size,
            )
        };
        cvt(set, Call::SetInformationJobObject)?;
        let mut child = command
            .creation_flags(flags | CREATE_NEW_PROCESS_GROUP)
            .spawn()
            .map_err(|err| Error::from_io(&err, Call::Spawn))?;
        let pid = child.id();
        // SAFETY: both handles are open for the duration of the call.
        let assigned =
            unsafe { AssignProcessToJobObject(job.as_raw_handle(), child.as_raw_handle()) };
        let leader = cvt(assigned, Call::AssignProcessToJobObject { pid }).and_then(|()| {
            child
                .as_handle()
                .try_clone_to_owned()
                .map_err(|err| Error::from_io(&err, Call::DuplicateHandle { pid }))
        });
        let leader = match leader {
            Ok(leader) => leader,
            Err(err) => {
                // Not left running outside the job: ended and reaped.
                let _ = child.kill();
                let _ = child.wait();
                return Err(err);
            }
        };
        LEADERS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(pid);
        Ok((
            child,
            GroupHandle {
                job,
                _leader: leader,
                pid,
            },
        ))
    }

    /// The console events go to the group the leader leads (CTRL_C is
    /// refused: see [`super::check_console_event`]); any other signal ends
    /// every process in the job with the signal's number as exit code
    /// (`TerminateJobObject`); [`Signal::NULL`] sends nothing (the job
    /// exists while this handle is open).
    pub(crate) fn signal(&self, _leader: &Handle, sig: Signal) -> Result<(), Error> {
        if sig == Signal::NULL {
            return Ok(());
        }
        // A Signal's number is never negative.
        let code = sig.as_raw() as u32;
        if sig == Signal::CTRL_C || sig == Signal::CTRL_BREAK {
            super::check_console_event(code, self.pid, true)?;
            return console_event(code, self.pid);
        }
        // SAFETY: the job handle is open; the call takes it and an integer.
        let ended = unsafe { TerminateJobObject(self.job.as_raw_handle(), code) };
        cvt(ended, Call::TerminateJobObject { code })
    }
}

impl Drop for GroupHandle {
    fn drop(&mut self) {
        let mut leaders = LEADERS.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = leaders.iter().position(|&pid| pid == self.pid) {
            leaders.swap_remove(at);
        }
        // The leader's handle closes after this, when its pid is no
        // longer taken for a leader's.
    }
}
