//! FreeBSD: the records that `sysctl(net.inet.{tcp,udp}.pcblist)` and
//! `sysctl(kern.file)` give, declared here (the `libc` crate has none of
//! `xinpgen`, `xinpcb`, `xsocket`, `xtcpcb` or `xfile`), and [`read`], which
//! copies one out of the bytes the kernel wrote.
//!
//! The layouts are those FreeBSD exports since 12.0, made independent of
//! the kernel's own structs and padded with spare fields so that they
//! keep their size: `sys/netinet/in_pcb.h` (`xinpcb`, `xinpgen`,
//! `in_conninfo`), `sys/sys/socketvar.h` (`xsocket`, `xsockbuf`),
//! `sys/netinet/tcp_var.h` (`xtcpcb`) and `sys/sys/file.h` (`xfile`) of
//! freebsd-src, read in the 12/13 and the 14/15 versions, which rename
//! spare fields (`inp_rss_listen_bucket` became `inp_unused`,
//! `so_spare64[8]` lost one to `so_splice_so`, `xtcpcb` gained `xt_cc` and
//! counters from its spares) but keep every size and every offset read
//! here. `ksize_t` and `kvaddr_t` are 64 bits on every architecture;
//! `pid_t` and `uid_t` 32.
//!
//! Each record starts with its length, which the readers check against
//! these sizes before reading one: an older or newer layout is refused,
//! not misread. The sizes, worked out from the headers for amd64 and
//! arm64 (and asserted below):
//! - `xsockbuf`: 8 × 4 + 2 = 34, padded to 4: 36.
//! - `xsocket`: four 8-byte fields (32), `so_spare64[8]` (96), five
//!   ints, `so_pgid`, `so_uid` (124), `so_spare32[8]` (156), six shorts
//!   (168), two `xsockbuf`: 240.
//! - `in_conninfo`: 4 + `in_endpoints` (2 + 2 + 16 + 16 + 4 = 40): 44.
//! - `xinpcb`: `xi_len` (8), `xsocket` (248), `in_conninfo` (292), padding
//!   to 296, `inp_gencnt`, `inp_ppcb`, `inp_spare64[4]` (344), seven ints
//!   (372), `inp_spare32[4]` (388), then 4 + 4 + 4 bytes: 400, `inp_vflag`
//!   at 392.
//! - `xinpgen`: 8 + 4 + 4 + 8 + 8 + 32 = 64.
//! - `xtcpcb`: `xt_len` (8), `xinpcb` (408), `xt_stack[32]`,
//!   `xt_logid[64]`, `xt_cc[16]`, `spare64[6]` (568), `t_state` at 568,
//!   twelve ints, nine more, two shorts, `spare32[22]`: 744.
//! - `xfile`: 8 + 4 × 4 + 8 + 2 + 2 + 4 + 4 + 4 + 8 + 8 + 8 + 4 + 4 +
//!   6 × 8 = 128.
//!
//! Plain data, no system call: `sys/mod.rs` builds this on Linux too, for
//! the unit tests.

// The C names, and every field of the C structs, read or not.
#![allow(non_camel_case_types, dead_code)]

use std::ffi::c_char;
use std::mem::size_of;
use std::ptr;

use super::super::inet::{in6_addr, in_addr};

/// `TCPCTL_PCBLIST` of `<netinet/tcp_var.h>`: `net.inet.tcp.pcblist`.
pub(crate) const TCPCTL_PCBLIST: i32 = 11;
/// `UDPCTL_PCBLIST` of `<netinet/udp_var.h>`: `net.inet.udp.pcblist`.
pub(crate) const UDPCTL_PCBLIST: i32 = 5;
/// `TCPS_LISTEN` of `<netinet/tcp_fsm.h>`.
pub(crate) const TCPS_LISTEN: i32 = 1;
/// `DTYPE_SOCKET` of `<sys/file.h>`.
pub(crate) const DTYPE_SOCKET: i16 = 2;
/// `AF_INET` of FreeBSD's `<sys/socket.h>`.
pub(crate) const AF_INET: i32 = 2;
/// `AF_INET6` of FreeBSD's `<sys/socket.h>` (not Linux's 10).
pub(crate) const AF_INET6: i32 = 28;

const TCP_FUNCTION_NAME_LEN_MAX: usize = 32;
const TCP_LOG_ID_LEN: usize = 64;
const TCP_CA_NAME_MAX: usize = 16;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct xsockbuf {
    pub(crate) sb_cc: u32,
    pub(crate) sb_hiwat: u32,
    pub(crate) sb_mbcnt: u32,
    pub(crate) sb_spare0: u32,
    pub(crate) sb_spare1: u32,
    pub(crate) sb_mbmax: u32,
    pub(crate) sb_lowat: i32,
    pub(crate) sb_timeo: i32,
    pub(crate) sb_flags: i16,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct xsocket {
    pub(crate) xso_len: u64,
    /// The kernel address of the `struct socket`: `xf_data` of the
    /// descriptors that have it open.
    pub(crate) xso_so: u64,
    pub(crate) so_pcb: u64,
    pub(crate) so_oobmark: u64,
    pub(crate) so_spare64: [i64; 8],
    pub(crate) xso_protocol: i32,
    pub(crate) xso_family: i32,
    pub(crate) so_qlen: u32,
    pub(crate) so_incqlen: u32,
    pub(crate) so_qlimit: u32,
    pub(crate) so_pgid: i32,
    pub(crate) so_uid: u32,
    pub(crate) so_spare32: [i32; 8],
    pub(crate) so_type: i16,
    pub(crate) so_options: i16,
    pub(crate) so_linger: i16,
    pub(crate) so_state: i16,
    pub(crate) so_timeo: i16,
    pub(crate) so_error: u16,
    pub(crate) so_rcv: xsockbuf,
    pub(crate) so_snd: xsockbuf,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct in_addr_4in6 {
    pub(crate) ia46_pad32: [u32; 3],
    pub(crate) ia46_addr4: in_addr,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) union in_dependaddr {
    pub(crate) id46_addr: in_addr_4in6,
    pub(crate) id6_addr: in6_addr,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct in_endpoints {
    pub(crate) ie_fport: u16,
    /// In network byte order.
    pub(crate) ie_lport: u16,
    pub(crate) ie_dependfaddr: in_dependaddr,
    pub(crate) ie_dependladdr: in_dependaddr,
    pub(crate) ie6_zoneid: u32,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct in_conninfo {
    pub(crate) inc_flags: u8,
    pub(crate) inc_len: u8,
    pub(crate) inc_fibnum: u16,
    pub(crate) inc_ie: in_endpoints,
}

#[repr(C, align(8))]
#[derive(Clone, Copy)]
pub(crate) struct xinpcb {
    pub(crate) xi_len: u64,
    pub(crate) xi_socket: xsocket,
    pub(crate) inp_inc: in_conninfo,
    pub(crate) inp_gencnt: u64,
    pub(crate) inp_ppcb: u64,
    pub(crate) inp_spare64: [i64; 4],
    pub(crate) inp_flow: u32,
    pub(crate) inp_flowid: u32,
    pub(crate) inp_flowtype: u32,
    pub(crate) inp_flags: i32,
    pub(crate) inp_flags2: i32,
    pub(crate) inp_unused: u32,
    pub(crate) in6p_cksum: i32,
    pub(crate) inp_spare32: [i32; 4],
    pub(crate) in6p_hops: u16,
    pub(crate) inp_ip_tos: u8,
    pub(crate) pad8: i8,
    /// `INP_IPV4` and/or `INP_IPV6`.
    pub(crate) inp_vflag: u8,
    pub(crate) inp_ip_ttl: u8,
    pub(crate) inp_ip_p: u8,
    pub(crate) inp_ip_minttl: u8,
    pub(crate) inp_spare8: [i8; 4],
}

#[repr(C, align(8))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct xinpgen {
    pub(crate) xig_len: u64,
    pub(crate) xig_count: u32,
    pub(crate) _xig_spare32: u32,
    pub(crate) xig_gen: u64,
    pub(crate) xig_sogen: u64,
    pub(crate) _xig_spare64: [u64; 4],
}

#[repr(C, align(8))]
#[derive(Clone, Copy)]
pub(crate) struct xtcpcb {
    pub(crate) xt_len: u64,
    pub(crate) xt_inp: xinpcb,
    pub(crate) xt_stack: [c_char; TCP_FUNCTION_NAME_LEN_MAX],
    pub(crate) xt_logid: [c_char; TCP_LOG_ID_LEN],
    pub(crate) xt_cc: [c_char; TCP_CA_NAME_MAX],
    pub(crate) spare64: [i64; 6],
    pub(crate) t_state: i32,
    pub(crate) t_flags: u32,
    pub(crate) t_sndzerowin: i32,
    pub(crate) t_sndrexmitpack: i32,
    pub(crate) t_rcvoopack: i32,
    pub(crate) t_rcvtime: i32,
    pub(crate) tt_rexmt: i32,
    pub(crate) tt_persist: i32,
    pub(crate) tt_keep: i32,
    pub(crate) tt_2msl: i32,
    pub(crate) tt_delack: i32,
    pub(crate) t_logstate: i32,
    pub(crate) t_snd_cwnd: u32,
    pub(crate) t_snd_ssthresh: u32,
    pub(crate) t_maxseg: u32,
    pub(crate) t_rcv_wnd: u32,
    pub(crate) t_snd_wnd: u32,
    pub(crate) xt_ecn: u32,
    pub(crate) t_dsack_bytes: u32,
    pub(crate) t_dsack_tlp_bytes: u32,
    pub(crate) t_dsack_pack: u32,
    pub(crate) xt_encaps_port: u16,
    pub(crate) spare16: i16,
    pub(crate) spare32: [i32; 22],
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct xfile {
    pub(crate) xf_size: u64,
    pub(crate) xf_pid: i32,
    pub(crate) xf_uid: u32,
    pub(crate) xf_fd: i32,
    pub(crate) _xf_int_pad1: i32,
    pub(crate) xf_file: u64,
    pub(crate) xf_type: i16,
    pub(crate) _xf_short_pad1: i16,
    pub(crate) xf_count: i32,
    pub(crate) xf_msgcount: i32,
    pub(crate) _xf_int_pad2: i32,
    pub(crate) xf_offset: i64,
    /// For a socket, the kernel address of its `struct socket`.
    pub(crate) xf_data: u64,
    pub(crate) xf_vnode: u64,
    pub(crate) xf_flag: u32,
    pub(crate) _xf_int_pad3: i32,
    pub(crate) _xf_int64_pad: [i64; 6],
}

// The sizes worked out in the module docs, for the LP64 ABIs (amd64,
// arm64, riscv64, powerpc64); elsewhere `repr(C)` follows the C ABI and
// the lengths in the records are checked all the same.
#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::offset_of;
    assert!(size_of::<xsockbuf>() == 36);
    assert!(size_of::<xsocket>() == 240);
    assert!(size_of::<in_conninfo>() == 44);
    assert!(offset_of!(xinpcb, inp_inc) == 248);
    assert!(offset_of!(xinpcb, inp_gencnt) == 296);
    assert!(offset_of!(xinpcb, inp_vflag) == 392);
    assert!(size_of::<xinpcb>() == 400);
    assert!(size_of::<xinpgen>() == 64);
    assert!(offset_of!(xtcpcb, t_state) == 568);
    assert!(size_of::<xtcpcb>() == 744);
    assert!(offset_of!(xfile, xf_type) == 32);
    assert!(offset_of!(xfile, xf_data) == 56);
    assert!(size_of::<xfile>() == 128);
};

/// A record the kernel exports: integers, arrays and unions of them.
///
/// # Safety
/// Any bytes of the type's size must be a valid value of it.
pub(crate) unsafe trait Record: Copy {}

// SAFETY: integers, and arrays and unions of integers, all through.
unsafe impl Record for xinpgen {}
// SAFETY: as above (`xsocket`, `in_conninfo` with its unions, integers).
unsafe impl Record for xinpcb {}
// SAFETY: as above (`xinpcb`, character arrays, integers).
unsafe impl Record for xtcpcb {}
// SAFETY: integers all through.
unsafe impl Record for xfile {}

/// The `T` that `bytes` start with; `None` when they are too few.
pub(crate) fn read<T: Record>(bytes: &[u8]) -> Option<T> {
    if bytes.len() < size_of::<T>() {
        return None;
    }
    // SAFETY: `bytes` holds at least `size_of::<T>()` initialised bytes,
    // copied out unaligned; any such bytes are a valid `T` (`Record`).
    Some(unsafe { ptr::read_unaligned(bytes.as_ptr().cast::<T>()) })
}
