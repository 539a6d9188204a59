//! macOS: the holders of a port, process by process, as `lsof -i` finds
//! them: every pid (`proc_listallpids`), its descriptors
//! (`proc_pidinfo(PROC_PIDLISTFDS)`), and for each socket among them its
//! `socket_fdinfo` (`proc_pidfdinfo(PROC_PIDFDSOCKETINFO)`, read in
//! `proc_info.rs`).
//!
//! A process that exits meanwhile, or whose descriptors may not be read
//! (another user's, unless root), is left out, as on Linux; so is a
//! descriptor closed meanwhile.

use std::ffi::c_int;
use std::mem;
use std::ptr;

use super::proc_info::{
    self, left_out, socket_fdinfo, PROC_PIDFDSOCKETINFO, PROC_PIDFDSOCKETINFO_SIZE,
};
use crate::error::{Error, ErrorKind};
use crate::sys::errno;
use crate::sys::Call;
use crate::{PortHolder, Protocol};

/// The holders of `port` for each of `protocols`.
pub(crate) fn port_holders(port: u16, protocols: &[Protocol]) -> Result<Vec<PortHolder>, Error> {
    let mut holders = Vec::new();
    for pid in super::pids()? {
        // Pid 0, kernel_task, has no descriptors.
        let Some(owner) = u32::try_from(pid).ok().filter(|&pid| pid != 0) else {
            continue;
        };
        for fd in socket_fds(pid)? {
            let Some(info) = socket_info(pid, fd)? else {
                continue;
            };
            let Some(socket) = proc_info::inet_socket(&info) else {
                continue;
            };
            if socket.local.port() == port && protocols.contains(&socket.protocol) {
                holders.push(socket.held_by(owner));
            }
        }
    }
    Ok(holders)
}

/// The descriptors of `pid` that are sockets; none when it is gone or
/// refused.
fn socket_fds(pid: i32) -> Result<Vec<c_int>, Error> {
    let call = Call::ProcFds { pid };
    let entry = mem::size_of::<libc::proc_fdinfo>();
    // SAFETY: a null buffer of no size asks only for the size needed.
    let needed = unsafe { libc::proc_pidinfo(pid, libc::PROC_PIDLISTFDS, 0, ptr::null_mut(), 0) };
    let needed = match usize::try_from(needed) {
        Ok(needed) if needed > 0 => needed,
        _ => {
            let code = errno();
            return if left_out(code) {
                Ok(Vec::new())
            } else {
                Err(Error::from_os(code, call))
            };
        }
    };
    // Room for descriptors opened between the calls; a full buffer may
    // have been cut short, so it grows until the list fits.
    let mut room = needed / entry + 16;
    loop {
        let mut fds = vec![
            libc::proc_fdinfo {
                proc_fd: 0,
                proc_fdtype: 0
            };
            room
        ];
        let size = room
            .checked_mul(entry)
            .and_then(|size| c_int::try_from(size).ok())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Other,
                    format!("pid {pid} has too many descriptors to list"),
                )
            })?;
        // SAFETY: `fds` has room for `size` bytes of `proc_fdinfo`
        // entries, which proc_pidinfo may write.
        let written = unsafe {
            libc::proc_pidinfo(pid, libc::PROC_PIDLISTFDS, 0, fds.as_mut_ptr().cast(), size)
        };
        // Nothing written: the process exited meanwhile (or has no
        // descriptors left); its errno cannot be told from a stale one.
        let count = usize::try_from(written).unwrap_or(0) / entry;
        if count < room {
            fds.truncate(count);
            return Ok(fds
                .into_iter()
                .filter(|fd| i64::from(fd.proc_fdtype) == i64::from(libc::PROX_FDTYPE_SOCKET))
                .map(|fd| fd.proc_fd)
                .collect());
        }
        room = room.saturating_mul(2);
    }
}

/// The `socket_fdinfo` of descriptor `fd` of `pid`; `None` when the
/// descriptor or the process is gone, or refused.
fn socket_info(pid: i32, fd: c_int) -> Result<Option<socket_fdinfo>, Error> {
    let mut info = socket_fdinfo::zeroed();
    // SAFETY: `info` is a `socket_fdinfo`, PROC_PIDFDSOCKETINFO_SIZE bytes
    // (asserted in proc_info.rs), the most proc_pidfdinfo writes.
    let written = unsafe {
        libc::proc_pidfdinfo(
            pid,
            fd,
            PROC_PIDFDSOCKETINFO,
            ptr::from_mut(&mut info).cast(),
            PROC_PIDFDSOCKETINFO_SIZE,
        )
    };
    if written == PROC_PIDFDSOCKETINFO_SIZE {
        return Ok(Some(info));
    }
    if written > 0 {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "proc_pidfdinfo(PROC_PIDFDSOCKETINFO) wrote {written} bytes where sigsend \
                 knows a socket_fdinfo of {PROC_PIDFDSOCKETINFO_SIZE}: not read"
            ),
        ));
    }
    let code = errno();
    if left_out(code) {
        Ok(None)
    } else {
        Err(Error::from_os(code, Call::SocketInfo { pid, fd }))
    }
}
