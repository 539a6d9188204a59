//! A command started in a Job object of its own (and a console process
//! group of its own), for [`crate::Group`]: every process it starts joins
//! the job, and the job ends them all.

use std::mem;
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
use std::os::windows::process::CommandExt;
use std::process::{Child, Command};
use std::ptr;

use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
    SetInformationJobObject, TerminateJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
};
use windows_sys::Win32::System::Threading::CREATE_NEW_PROCESS_GROUP;

use super::{cvt, last_error, Handle};
use crate::error::{Call, Error};
use crate::Signal;

/// The Job object a [`crate::Group`] runs in; closing it ends every
/// process still in it (`JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`).
#[derive(Debug)]
pub(crate) struct GroupHandle {
    job: OwnedHandle,
}

impl GroupHandle {
    /// Starts `command` in a new console process group and assigns it to
    /// a new job. The child runs from its start: a process it starts
    /// before the assignment (microseconds) is not in the job.
    pub(crate) fn spawn(command: &mut Command) -> Result<(Child, GroupHandle), Error> {
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
            .creation_flags(CREATE_NEW_PROCESS_GROUP)
            .spawn()
            .map_err(|err| Error::from_io(&err, Call::Spawn))?;
        let pid = child.id();
        // SAFETY: both handles are open for the duration of the call.
        let assigned =
            unsafe { AssignProcessToJobObject(job.as_raw_handle(), child.as_raw_handle()) };
        if let Err(err) = cvt(assigned, Call::AssignProcessToJobObject { pid }) {
            // Not left running outside the job: ended and reaped.
            let _ = child.kill();
            let _ = child.wait();
            return Err(err);
        }
        Ok((child, GroupHandle { job }))
    }

    /// Ends every process in the job with the signal's number as exit
    /// code (`TerminateJobObject`); [`Signal::NULL`] sends nothing (the
    /// job exists while this handle is open).
    pub(crate) fn signal(&self, _leader: &Handle, sig: Signal) -> Result<(), Error> {
        if sig == Signal::NULL {
            return Ok(());
        }
        let code = sig.as_raw() as u32;
        // SAFETY: the job handle is open; the call takes it and an integer.
        let ended = unsafe { TerminateJobObject(self.job.as_raw_handle(), code) };
        cvt(ended, Call::TerminateJobObject { code })
    }
}
