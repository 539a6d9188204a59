//! macOS: `struct proc_uniqidentifierinfo`, what
//! `proc_pidinfo(PROC_PIDUNIQIDENTIFIERINFO)` writes, declared here (the
//! SDK keeps it private and the `libc` crate lacks it), and the identity
//! of a process it gives: `p_uniqueid`, a 64-bit number that XNU gives
//! each process at its creation and never gives again until reboot.
//!
//! XNU's `proc_pidinfo_internal` (`bsd/kern/proc_info.c`) reads this
//! flavor, as `PROC_PIDT_SHORTBSDINFO`, without the same-user check that
//! `PROC_PIDTBSDINFO` makes (`NO_CHECK_SAME_USER`): a process of another
//! effective uid (a child that ran `sudo`) is told apart as well as one's
//! own, where `kill(2)` may reach it.
//!
//! The layout follows `bsd/sys/proc_info.h` (apple-oss-distributions/
//! xnu): 16 + 8 + 8 + 4 + 4 + 8 + 8 = 56 bytes, `p_uniqueid` at 16. Newer
//! headers name the field after `p_idversion` `p_orig_ppidversion`: the
//! layout is the same.
//!
//! Plain data, no system call: `sys/mod.rs` builds this on Linux too, for
//! the unit tests.

// The C names, and every field of the C struct, read or not.
#![allow(non_camel_case_types, dead_code)]

use std::ffi::c_int;
use std::mem;

/// The flavor of `proc_pidinfo` that gives a `proc_uniqidentifierinfo`.
pub(crate) const PROC_PIDUNIQIDENTIFIERINFO: c_int = 17;
/// `PROC_PIDUNIQIDENTIFIERINFO_SIZE`: `sizeof(struct proc_uniqidentifierinfo)`.
pub(crate) const PROC_PIDUNIQIDENTIFIERINFO_SIZE: c_int = 56;

#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct proc_uniqidentifierinfo {
    /// The UUID of the main executable.
    pub(crate) p_uuid: [u8; 16],
    /// The process's unique id.
    pub(crate) p_uniqueid: u64,
    /// Its parent's.
    pub(crate) p_puniqueid: u64,
    pub(crate) p_idversion: i32,
    pub(crate) p_reserve2: u32,
    pub(crate) p_reserve3: u64,
    pub(crate) p_reserve4: u64,
}

const _: () = {
    assert!(mem::size_of::<proc_uniqidentifierinfo>() == PROC_PIDUNIQIDENTIFIERINFO_SIZE as usize);
    assert!(mem::offset_of!(proc_uniqidentifierinfo, p_uniqueid) == 16);
    assert!(mem::offset_of!(proc_uniqidentifierinfo, p_idversion) == 32);
};

/// The identity `proc_pidinfo` told of, from the number of bytes it
/// wrote (`written`) and what it wrote (`info`): `None` unless it wrote
/// the whole struct with a unique id (XNU numbers processes from 1 up;
/// 0 is none).
pub(crate) fn identity(written: c_int, info: &proc_uniqidentifierinfo) -> Option<u64> {
    (written == PROC_PIDUNIQIDENTIFIERINFO_SIZE && info.p_uniqueid != 0).then_some(info.p_uniqueid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unique_id_is_the_identity() {
        let info = proc_uniqidentifierinfo {
            p_uniqueid: 4242,
            p_puniqueid: 1,
            ..Default::default()
        };
        assert_eq!(identity(PROC_PIDUNIQIDENTIFIERINFO_SIZE, &info), Some(4242));
        // A pid that a new process took has another unique id.
        let reused = proc_uniqidentifierinfo {
            p_uniqueid: 9999,
            ..info
        };
        assert_ne!(
            identity(PROC_PIDUNIQIDENTIFIERINFO_SIZE, &reused),
            identity(PROC_PIDUNIQIDENTIFIERINFO_SIZE, &info)
        );
    }

    #[test]
    fn a_short_or_empty_answer_is_no_identity() {
        let info = proc_uniqidentifierinfo {
            p_uniqueid: 4242,
            ..Default::default()
        };
        assert_eq!(identity(0, &info), None);
        assert_eq!(identity(40, &info), None);
        let zero = proc_uniqidentifierinfo::default();
        assert_eq!(identity(PROC_PIDUNIQIDENTIFIERINFO_SIZE, &zero), None);
    }
}
