//! The standard streams as Rust's runtime leaves them before `main`:
//! open, and `SIGPIPE` ignored.

use super::{cvt, errno, Call};
use crate::error::Error;

/// Opens each closed one of the descriptors 0, 1 and 2 on `/dev/null`
/// (one `poll` tells which: `POLLNVAL`), then ignores `SIGPIPE`.
pub(crate) fn prepare_standard_streams() -> Result<(), Error> {
    let mut streams = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    loop {
        // SAFETY: poll reads and writes the three `pollfd`s we own; a
        // timeout of 0 never blocks.
        let ret = unsafe { libc::poll(streams.as_mut_ptr(), 3, 0) };
        if ret != -1 || errno() != libc::EINTR {
            cvt(ret, Call::StandardStreams)?;
            break;
        }
    }
    for stream in streams {
        if stream.revents & libc::POLLNVAL != 0 {
            // SAFETY: the path is a NUL-terminated C string. open(2) takes
            // the lowest free descriptor: the closed stream's, as the
            // streams are visited in order. The descriptor is kept open
            // for the life of the process, as a standard stream is.
            let fd = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
            cvt(fd, Call::StandardStreams)?;
        }
    }
    // SAFETY: SIG_IGN installs no handler of ours; signal(2) touches no
    // memory of ours.
    let old = unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    let ret: libc::c_int = if old == libc::SIG_ERR { -1 } else { 0 };
    cvt(ret, Call::StandardStreams).map(drop)
}
