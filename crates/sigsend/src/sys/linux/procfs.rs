//! Reading the files of `/proc/PID`, where a process that is gone is no
//! error but `None`.

use std::io;

use crate::error::{Call, Error};

/// The contents of `/proc/PID/FILE`; `None` when there is no such process
/// (any more).
pub(crate) fn read(pid: i32, file: &'static str) -> Result<Option<Vec<u8>>, Error> {
    match std::fs::read(format!("/proc/{pid}/{file}")) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if matches!(err.kind(), io::ErrorKind::NotFound) => Ok(None),
        // ESRCH: the process went away while the file was read.
        Err(err) if err.raw_os_error() == Some(libc::ESRCH) => Ok(None),
        Err(err) => Err(Error::from_os(
            err.raw_os_error().unwrap_or(0),
            Call::ReadProc { pid, file },
        )),
    }
}
