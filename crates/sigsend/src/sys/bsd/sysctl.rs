//! `sysctl(3)` reads of variable size, and C strings of fixed arrays.

use std::ffi::OsString;
use std::mem::{self, MaybeUninit};
use std::os::unix::ffi::OsStringExt;
use std::ptr;

use super::sizes;
use crate::error::{Error, ErrorKind};
use crate::process_info::CommandName;
use crate::sys::cvt;
use crate::sys::Call;

/// The most any read asks for before it gives up (`ENOMEM`).
#[cfg(target_os = "freebsd")]
const MAX_READ: usize = 1 << 30;

/// The value of the sysctl `mib`, however large (up to 1 GiB); `None`
/// when the kernel says there is no such process (`ESRCH`).
#[cfg(target_os = "freebsd")]
pub(crate) fn read(mib: &mut [libc::c_int], call: Call) -> Result<Option<Vec<u8>>, Error> {
    read_at_most(mib, call, MAX_READ)
}

/// [`read`] with buffers of at most `max` bytes (the sizes:
/// `sizes.rs`).
pub(crate) fn read_at_most(
    mib: &mut [libc::c_int],
    call: Call,
    max: usize,
) -> Result<Option<Vec<u8>>, Error> {
    let mut tried = None;
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
        // Room for what appears between the two calls, and more each time
        // the estimate fell short.
        let Some(size) = sizes::next_size(len, tried, max) else {
            return Err(Error::from_os(libc::ENOMEM, call));
        };
        tried = Some(size);
        let mut len = size;
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
            // It grew beyond the room: ask again, for more.
            Err(err) if err.raw_os_error() == Some(libc::ENOMEM) => {}
            Err(err) if err.kind() == ErrorKind::NoSuchProcess => return Ok(None),
            Err(err) => return Err(err),
        }
    }
}

/// The value of the sysctl `mib`, of a fixed size (an `int`, a
/// `timeval`): a plain C value of integers, valid for any bytes.
pub(crate) fn read_value<T: Copy>(mib: &mut [libc::c_int], call: Call) -> Result<T, Error> {
    let mut value = MaybeUninit::<T>::zeroed();
    let mut len = mem::size_of::<T>();
    // SAFETY: `value` has room for the `len` bytes of one T, which sysctl
    // may write.
    let ret = unsafe {
        libc::sysctl(
            mib.as_mut_ptr(),
            mib.len() as libc::c_uint,
            value.as_mut_ptr().cast(),
            &mut len,
            ptr::null_mut(),
            0,
        )
    };
    cvt(ret, call)?;
    // SAFETY: the callers' T are integers and structs of them, valid for
    // any bytes: the zeroes, or what sysctl wrote.
    Ok(unsafe { value.assume_init() })
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
