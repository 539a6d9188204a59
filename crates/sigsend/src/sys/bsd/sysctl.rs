//! `sysctl(3)` reads of variable size, and C strings of fixed arrays.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::ptr;

use crate::error::{Call, Error, ErrorKind};
use crate::process_info::CommandName;
use crate::sys::cvt;

/// The value of the sysctl `mib`, however large; `None` when the kernel
/// says there is no such process (`ESRCH`).
pub(crate) fn read(mib: &mut [libc::c_int], call: Call) -> Result<Option<Vec<u8>>, Error> {
    loop {
        let mut len: libc::size_t = 0;
        // SAFETY: a null buffer asks only for the size, written to `len`.
        let ret = unsafe {
            libc::sysctl(
                mib.as_mut_ptr(),
                mib.len() as libc::c_uint,
                ptr::null_mut(),
                &mut len,
                ptr::null_mut(),
                0,
            )
        };
        match cvt(ret, call) {
            Err(err) if err.kind() == ErrorKind::NoSuchProcess => return Ok(None),
            Err(err) => return Err(err),
            Ok(_) => {}
        }
        // Room for what appears between the two calls.
        len += len / 8 + 64;
        let mut buf = vec![0u8; len];
        // SAFETY: `buf` has room for `len` bytes, which sysctl may write,
        // setting `len` to the number written.
        let ret = unsafe {
            libc::sysctl(
                mib.as_mut_ptr(),
                mib.len() as libc::c_uint,
                buf.as_mut_ptr().cast(),
                &mut len,
                ptr::null_mut(),
                0,
            )
        };
        match cvt(ret, call) {
            Ok(_) => {
                buf.truncate(len);
                return Ok(Some(buf));
            }
            // It grew beyond the slack: ask again.
            Err(err) if err.raw_os_error() == Some(libc::ENOMEM) => {}
            Err(err) if err.kind() == ErrorKind::NoSuchProcess => return Ok(None),
            Err(err) => return Err(err),
        }
    }
}

/// The bytes of a NUL-terminated C string in a fixed array (all of it if
/// there is no NUL), as a command name.
pub(crate) fn c_name(chars: &[libc::c_char]) -> CommandName {
    let bytes: Vec<u8> = chars
        .iter()
        .map(|&c| c as u8)
        .take_while(|&b| b != 0)
        .collect();
    CommandName::new(OsString::from_vec(bytes))
}
