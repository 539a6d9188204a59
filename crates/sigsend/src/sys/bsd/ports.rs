//! The processes holding a port: not yet on macOS and FreeBSD.
//!
//! macOS would need `proc_pidfdinfo(PROC_PIDFDSOCKETINFO)` and its
//! `socket_fdinfo`, which the `libc` crate does not declare; FreeBSD the
//! `xinpcb` records of `sysctl(net.inet.tcp.pcblist)` joined with
//! `kern.file`. Until then the answer is a clear `Unsupported`.

use crate::error::{Error, ErrorKind};
use crate::{PortHolder, Protocol};

/// Unsupported (see the module docs).
pub(crate) fn port_holders(port: u16, protocols: &[Protocol]) -> Result<Vec<PortHolder>, Error> {
    let _ = (port, protocols);
    Err(Error::new(
        ErrorKind::Unsupported,
        "sigsend cannot find the processes holding a port on macOS or FreeBSD yet \
         (use `lsof -i :PORT` or `sockstat -P tcp -p PORT` for their pids)",
    ))
}
