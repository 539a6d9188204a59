//! macOS: `struct socket_fdinfo`, what `proc_pidfdinfo(PROC_PIDFDSOCKETINFO)`
//! writes for a socket descriptor, declared here (the `libc` crate lacks
//! it), and what it tells of an internet socket ([`inet_socket`]).
//!
//! The layouts follow XNU's `bsd/sys/proc_info.h` (apple-oss-distributions/
//! xnu, the header of 2005-2021, unchanged for these structs since macOS
//! 10.x but for `vsock_sockinfo`, a smaller union member) field for field,
//! with the C types' sizes on macOS: `off_t` is `int64_t`, `uid_t` and
//! `gid_t` are `uint32_t`, `in6_addr` is 16 bytes aligned to 4. Every
//! member is an integer or an array of them, so all zeroes and any bytes
//! the kernel writes are valid values.
//!
//! The sizes, worked out from the header (and asserted below):
//! - `proc_fileinfo`: 4 + 4 + 8 + 4 + 4 = 24.
//! - `vinfo_stat`: 4 + 2 + 2 + 8 + 4 + 4, then ten 8-byte fields, then
//!   4 × 4, then `vst_qspare[2]`: 136.
//! - `sockbuf_info`: 5 × 4 + 2 + 2 = 24.
//! - `in_sockinfo`: the ports (8), `insi_gencnt` (8), flags and flow (8),
//!   `insi_vflag` and `insi_ip_ttl` at 24 and 25, `rfu_1` at 28, the
//!   foreign and local address unions at 32 and 48 (16 each), `insi_v4`
//!   at 64, `insi_v6` (1 + pad + 4 + 2 + 2 = 12) at 68: 80.
//! - `tcp_sockinfo`: `in_sockinfo` (80), `tcpsi_state` at 80, four timers,
//!   mss, flags, `rfu_1`, `tcpsi_tp` at 112: 120.
//! - `un_sockinfo`, the largest member of `soi_proto`: 8 + 8 + two unions
//!   of `SOCK_MAXADDRLEN` (255) bytes = 526, padded to 8: 528.
//! - `socket_info`: `soi_stat` (136), `soi_so`, `soi_pcb` (to 152), three
//!   ints (164), seven shorts and `soi_error` (180), `soi_oobmark` (184),
//!   two `sockbuf_info` (232), `soi_kind` at 232, `rfu_1`, `soi_proto` at
//!   240: 240 + 528 = 768.
//! - `socket_fdinfo`: 24 + 768 = 792, `PROC_PIDFDSOCKETINFO_SIZE`.
//!
//! So within `socket_fdinfo`, `soi_kind` is at 256, `insi_lport` at 268,
//! `insi_vflag` at 288, `insi_laddr` at 312 and `tcpsi_state` at 344: the
//! offsets that other readers of this struct (lsof, psutil, gopsutil's
//! kin) use too.
//!
//! Plain data, no system call: `sys/mod.rs` builds this on Linux too, for
//! the unit tests.

// The C names, and every field of the C structs, read or not.
#![allow(non_camel_case_types, dead_code)]

use std::ffi::{c_char, c_int};
use std::mem;

use super::super::inet::{self, in6_addr, in_addr, InetSocket};
use crate::Protocol;

/// The flavor of `proc_pidfdinfo` that gives a `socket_fdinfo`.
pub(crate) const PROC_PIDFDSOCKETINFO: c_int = 3;
/// `PROC_PIDFDSOCKETINFO_SIZE`: `sizeof(struct socket_fdinfo)`.
pub(crate) const PROC_PIDFDSOCKETINFO_SIZE: c_int = 792;

/// `soi_kind`: `soi_proto` holds `pri_in` (an internet socket but TCP).
pub(crate) const SOCKINFO_IN: c_int = 1;
/// `soi_kind`: `soi_proto` holds `pri_tcp`.
pub(crate) const SOCKINFO_TCP: c_int = 2;
/// `tcpsi_state` of a listening socket.
pub(crate) const TSI_S_LISTEN: c_int = 1;
/// `IPPROTO_TCP` of `<netinet/in.h>`.
pub(crate) const IPPROTO_TCP: c_int = 6;
/// `IPPROTO_UDP` of `<netinet/in.h>`.
pub(crate) const IPPROTO_UDP: c_int = 17;
/// `AF_INET` of macOS's `<sys/socket.h>`.
pub(crate) const AF_INET: c_int = 2;
/// `AF_INET6` of macOS's `<sys/socket.h>` (not Linux's 10).
pub(crate) const AF_INET6: c_int = 30;

const SOCK_MAXADDRLEN: usize = 255;
const IF_NAMESIZE: usize = 16;
const MAX_KCTL_NAME: usize = 96;
const TSI_T_NTIMERS: usize = 4;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct proc_fileinfo {
    pub(crate) fi_openflags: u32,
    pub(crate) fi_status: u32,
    pub(crate) fi_offset: i64,
    pub(crate) fi_type: i32,
    pub(crate) fi_guardflags: u32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct vinfo_stat {
    pub(crate) vst_dev: u32,
    pub(crate) vst_mode: u16,
    pub(crate) vst_nlink: u16,
    pub(crate) vst_ino: u64,
    pub(crate) vst_uid: u32,
    pub(crate) vst_gid: u32,
    pub(crate) vst_atime: i64,
    pub(crate) vst_atimensec: i64,
    pub(crate) vst_mtime: i64,
    pub(crate) vst_mtimensec: i64,
    pub(crate) vst_ctime: i64,
    pub(crate) vst_ctimensec: i64,
    pub(crate) vst_birthtime: i64,
    pub(crate) vst_birthtimensec: i64,
    pub(crate) vst_size: i64,
    pub(crate) vst_blocks: i64,
    pub(crate) vst_blksize: i32,
    pub(crate) vst_flags: u32,
    pub(crate) vst_gen: u32,
    pub(crate) vst_rdev: u32,
    pub(crate) vst_qspare: [i64; 2],
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct in4in6_addr {
    pub(crate) i46a_pad32: [u32; 3],
    pub(crate) i46a_addr4: in_addr,
}

/// The anonymous union of `insi_faddr` and `insi_laddr`.
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) union in_sockinfo_addr {
    pub(crate) ina_46: in4in6_addr,
    pub(crate) ina_6: in6_addr,
}

/// The anonymous struct of `insi_v4`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct in_sockinfo_v4 {
    pub(crate) in4_tos: u8,
}

/// The anonymous struct of `insi_v6`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct in_sockinfo_v6 {
    pub(crate) in6_hlim: u8,
    pub(crate) in6_cksum: c_int,
    pub(crate) in6_ifindex: u16,
    pub(crate) in6_hops: i16,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct in_sockinfo {
    pub(crate) insi_fport: c_int,
    /// The local port: a `u_short` in network byte order, held in an int.
    pub(crate) insi_lport: c_int,
    pub(crate) insi_gencnt: u64,
    pub(crate) insi_flags: u32,
    pub(crate) insi_flow: u32,
    /// `INI_IPV4` and/or `INI_IPV6`.
    pub(crate) insi_vflag: u8,
    pub(crate) insi_ip_ttl: u8,
    pub(crate) rfu_1: u32,
    pub(crate) insi_faddr: in_sockinfo_addr,
    pub(crate) insi_laddr: in_sockinfo_addr,
    pub(crate) insi_v4: in_sockinfo_v4,
    pub(crate) insi_v6: in_sockinfo_v6,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct tcp_sockinfo {
    pub(crate) tcpsi_ini: in_sockinfo,
    pub(crate) tcpsi_state: c_int,
    pub(crate) tcpsi_timer: [c_int; TSI_T_NTIMERS],
    pub(crate) tcpsi_mss: c_int,
    pub(crate) tcpsi_flags: u32,
    pub(crate) rfu_1: u32,
    pub(crate) tcpsi_tp: u64,
}

/// macOS's `struct sockaddr_un`: `sun_len` first, a 104-byte path.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct sockaddr_un {
    pub(crate) sun_len: u8,
    pub(crate) sun_family: u8,
    pub(crate) sun_path: [c_char; 104],
}

/// The anonymous union of `unsi_addr` and `unsi_caddr`.
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) union un_sockinfo_addr {
    pub(crate) ua_sun: sockaddr_un,
    pub(crate) ua_dummy: [c_char; SOCK_MAXADDRLEN],
}

#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct un_sockinfo {
    pub(crate) unsi_conn_so: u64,
    pub(crate) unsi_conn_pcb: u64,
    pub(crate) unsi_addr: un_sockinfo_addr,
    pub(crate) unsi_caddr: un_sockinfo_addr,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct ndrv_info {
    pub(crate) ndrvsi_if_family: u32,
    pub(crate) ndrvsi_if_unit: u32,
    pub(crate) ndrvsi_if_name: [c_char; IF_NAMESIZE],
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct kern_event_info {
    pub(crate) kesi_vendor_code_filter: u32,
    pub(crate) kesi_class_filter: u32,
    pub(crate) kesi_subclass_filter: u32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct kern_ctl_info {
    pub(crate) kcsi_id: u32,
    pub(crate) kcsi_reg_unit: u32,
    pub(crate) kcsi_flags: u32,
    pub(crate) kcsi_recvbufsize: u32,
    pub(crate) kcsi_sendbufsize: u32,
    pub(crate) kcsi_unit: u32,
    pub(crate) kcsi_name: [c_char; MAX_KCTL_NAME],
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct vsock_sockinfo {
    pub(crate) local_cid: u32,
    pub(crate) local_port: u32,
    pub(crate) remote_cid: u32,
    pub(crate) remote_port: u32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct sockbuf_info {
    pub(crate) sbi_cc: u32,
    pub(crate) sbi_hiwat: u32,
    pub(crate) sbi_mbcnt: u32,
    pub(crate) sbi_mbmax: u32,
    pub(crate) sbi_lowat: u32,
    pub(crate) sbi_flags: i16,
    pub(crate) sbi_timeo: i16,
}

/// The anonymous union `soi_proto`; `soi_kind` says which member holds.
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) union socket_info_proto {
    pub(crate) pri_in: in_sockinfo,
    pub(crate) pri_tcp: tcp_sockinfo,
    pub(crate) pri_un: un_sockinfo,
    pub(crate) pri_ndrv: ndrv_info,
    pub(crate) pri_kern_event: kern_event_info,
    pub(crate) pri_kern_ctl: kern_ctl_info,
    pub(crate) pri_vsock: vsock_sockinfo,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct socket_info {
    pub(crate) soi_stat: vinfo_stat,
    pub(crate) soi_so: u64,
    pub(crate) soi_pcb: u64,
    pub(crate) soi_type: c_int,
    pub(crate) soi_protocol: c_int,
    pub(crate) soi_family: c_int,
    pub(crate) soi_options: i16,
    pub(crate) soi_linger: i16,
    pub(crate) soi_state: i16,
    pub(crate) soi_qlen: i16,
    pub(crate) soi_incqlen: i16,
    pub(crate) soi_qlimit: i16,
    pub(crate) soi_timeo: i16,
    pub(crate) soi_error: u16,
    pub(crate) soi_oobmark: u32,
    pub(crate) soi_rcv: sockbuf_info,
    pub(crate) soi_snd: sockbuf_info,
    pub(crate) soi_kind: c_int,
    pub(crate) rfu_1: u32,
    pub(crate) soi_proto: socket_info_proto,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct socket_fdinfo {
    pub(crate) pfi: proc_fileinfo,
    pub(crate) psi: socket_info,
}

impl socket_fdinfo {
    /// All zeroes, the buffer `proc_pidfdinfo` fills.
    pub(crate) fn zeroed() -> socket_fdinfo {
        // SAFETY: every field, through the unions too, is an integer or an
        // array of them, for which all zeroes is a valid value.
        unsafe { mem::zeroed() }
    }
}

// The sizes worked out in the module docs, and the offsets other readers
// of `socket_fdinfo` rely on.
const _: () = {
    use mem::{offset_of, size_of};
    assert!(size_of::<proc_fileinfo>() == 24);
    assert!(size_of::<vinfo_stat>() == 136);
    assert!(size_of::<sockbuf_info>() == 24);
    assert!(size_of::<in_sockinfo>() == 80);
    assert!(offset_of!(in_sockinfo, insi_vflag) == 24);
    assert!(offset_of!(in_sockinfo, insi_laddr) == 48);
    assert!(offset_of!(in_sockinfo, insi_v6) == 68);
    assert!(size_of::<tcp_sockinfo>() == 120);
    assert!(offset_of!(tcp_sockinfo, tcpsi_state) == 80);
    assert!(size_of::<un_sockinfo>() == 528);
    assert!(size_of::<kern_ctl_info>() == 120);
    assert!(size_of::<socket_info_proto>() == 528);
    assert!(offset_of!(socket_info, soi_kind) == 232);
    assert!(offset_of!(socket_info, soi_proto) == 240);
    assert!(size_of::<socket_info>() == 768);
    assert!(size_of::<socket_fdinfo>() == PROC_PIDFDSOCKETINFO_SIZE as usize);
    assert!(offset_of!(socket_fdinfo, psi.soi_kind) == 256);
    assert!(offset_of!(socket_fdinfo, psi.soi_proto) + offset_of!(in_sockinfo, insi_lport) == 268);
    assert!(
        offset_of!(socket_fdinfo, psi.soi_proto) + offset_of!(tcp_sockinfo, tcpsi_state) == 344
    );
};

/// macOS's `<sys/errno.h>` numbers that [`left_out`] names (the same as
/// Linux's, but `ENOTSOCK`, 88 there).
const EPERM: c_int = 1;
const ESRCH: c_int = 3;
const EBADF: c_int = 9;
const EACCES: c_int = 13;
const ENOTSOCK: c_int = 38;

#[cfg(target_vendor = "apple")]
const _: () = {
    assert!(EPERM == libc::EPERM && ESRCH == libc::ESRCH && EBADF == libc::EBADF);
    assert!(EACCES == libc::EACCES && ENOTSOCK == libc::ENOTSOCK);
};

/// Whether a failure of `proc_pidinfo`/`proc_pidfdinfo` with `code` means
/// the process (or the descriptor) is gone or not ours to read: left out
/// of a port lookup, which goes on. (libproc returns 0 bytes for a
/// failure, with `errno` set; 0 bytes and no `errno` is nothing to tell.)
/// `ENOTSOCK`: the descriptor was closed and its number reused for a file
/// that is no socket between the listing and the read (XNU's
/// `proc_pidfdinfo` looks it up with `fp_get_ftype(.., DTYPE_SOCKET,
/// ENOTSOCK, ..)`): it holds no port.
pub(crate) fn left_out(code: c_int) -> bool {
    matches!(code, 0 | ESRCH | EPERM | EACCES | EBADF | ENOTSOCK)
}

/// The internet socket `info` tells of: a TCP socket (`SOCKINFO_TCP`,
/// listening in `TSI_S_LISTEN`) or a UDP one (`SOCKINFO_IN`,
/// `IPPROTO_UDP`), IPv4 or IPv6; `None` for any other socket, and for a
/// port or address that makes no sense.
pub(crate) fn inet_socket(info: &socket_fdinfo) -> Option<InetSocket> {
    let psi = &info.psi;
    let inet6 = match psi.soi_family {
        AF_INET => false,
        AF_INET6 => true,
        _ => return None,
    };
    let (ini, protocol, listening) = match (psi.soi_kind, psi.soi_protocol) {
        (SOCKINFO_TCP, IPPROTO_TCP) => {
            // SAFETY: `soi_kind` says `pri_tcp` holds; and any bytes are a
            // valid `tcp_sockinfo`, integers all through.
            let tcp = unsafe { psi.soi_proto.pri_tcp };
            (
                tcp.tcpsi_ini,
                Protocol::Tcp,
                tcp.tcpsi_state == TSI_S_LISTEN,
            )
        }
        (SOCKINFO_IN, IPPROTO_UDP) => {
            // SAFETY: `soi_kind` says `pri_in` holds; and any bytes are a
            // valid `in_sockinfo`, integers all through.
            let ini = unsafe { psi.soi_proto.pri_in };
            (ini, Protocol::Udp, false)
        }
        _ => return None,
    };
    let port = u16::from_be(u16::try_from(ini.insi_lport).ok()?);
    // SAFETY: both members of the union are 16 bytes of integers (an IPv4
    // address in the last four of `ina_46`): any bytes are a valid
    // `in6_addr`.
    let addr = unsafe { ini.insi_laddr.ina_6 };
    let local = inet::local_addr(ini.insi_vflag, inet6, addr.s6_addr, port)?;
    Some(InetSocket {
        protocol,
        local,
        listening,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use inet::{VFLAG_IPV4, VFLAG_IPV6};

    /// The `in_sockinfo` of a socket on `addr`:`port` with `vflag`.
    fn in_sockinfo(vflag: u8, addr: [u8; 16], port: u16) -> in_sockinfo {
        let zeroed = socket_fdinfo::zeroed();
        // SAFETY: a zeroed union, whose `pri_in` is as valid as any member.
        let mut ini = unsafe { zeroed.psi.soi_proto.pri_in };
        ini.insi_vflag = vflag;
        ini.insi_lport = c_int::from(port.to_be());
        ini.insi_laddr.ina_6 = in6_addr { s6_addr: addr };
        ini
    }

    fn tcp(family: c_int, ini: in_sockinfo, state: c_int) -> socket_fdinfo {
        let mut info = socket_fdinfo::zeroed();
        info.psi.soi_family = family;
        info.psi.soi_protocol = IPPROTO_TCP;
        info.psi.soi_kind = SOCKINFO_TCP;
        // SAFETY: a zeroed union, whose `pri_tcp` is as valid as any member.
        let mut tcp = unsafe { info.psi.soi_proto.pri_tcp };
        tcp.tcpsi_ini = ini;
        tcp.tcpsi_state = state;
        info.psi.soi_proto.pri_tcp = tcp;
        info
    }

    fn udp(family: c_int, ini: in_sockinfo) -> socket_fdinfo {
        let mut info = socket_fdinfo::zeroed();
        info.psi.soi_family = family;
        info.psi.soi_protocol = IPPROTO_UDP;
        info.psi.soi_kind = SOCKINFO_IN;
        info.psi.soi_proto.pri_in = ini;
        info
    }

    #[test]
    fn a_descriptor_gone_or_reused_for_a_file_is_left_out() {
        for gone in [0, ESRCH, EPERM, EACCES, EBADF, ENOTSOCK] {
            assert!(left_out(gone), "{gone}");
        }
        // Anything else fails the lookup: ENOMEM, EINVAL, EFAULT.
        for failure in [12, 22, 14] {
            assert!(!left_out(failure), "{failure}");
        }
    }

    #[test]
    fn a_tcp_listener_and_a_connection() {
        let ini = in_sockinfo(VFLAG_IPV4, inet::LOOPBACK_4IN6, 8080);
        let listener = inet_socket(&tcp(AF_INET, ini, TSI_S_LISTEN)).unwrap();
        assert_eq!(listener.protocol, Protocol::Tcp);
        assert_eq!(listener.local, "127.0.0.1:8080".parse().unwrap());
        assert!(listener.listening);
        let established = 4;
        let connection = inet_socket(&tcp(AF_INET, ini, established)).unwrap();
        assert!(!connection.listening);
    }

    #[test]
    fn a_udp_socket_over_ipv6_never_listens() {
        let ini = in_sockinfo(VFLAG_IPV6, std::net::Ipv6Addr::LOCALHOST.octets(), 53);
        let socket = inet_socket(&udp(AF_INET6, ini)).unwrap();
        assert_eq!(socket.protocol, Protocol::Udp);
        assert_eq!(socket.local, "[::1]:53".parse().unwrap());
        assert!(!socket.listening);
    }

    #[test]
    fn other_sockets_and_nonsense_are_left_out() {
        let ini = in_sockinfo(VFLAG_IPV4, inet::LOOPBACK_4IN6, 80);
        // A Unix socket, a raw IP socket, a kind that does not match the
        // protocol, no version flag, a port out of range.
        let mut unix = tcp(AF_INET, ini, TSI_S_LISTEN);
        unix.psi.soi_family = 1;
        assert!(inet_socket(&unix).is_none());
        let mut raw = udp(AF_INET, ini);
        raw.psi.soi_protocol = 1;
        assert!(inet_socket(&raw).is_none());
        let mut mismatched = udp(AF_INET, ini);
        mismatched.psi.soi_kind = SOCKINFO_TCP;
        assert!(inet_socket(&mismatched).is_none());
        let no_flag = in_sockinfo(0, inet::LOOPBACK_4IN6, 80);
        assert!(inet_socket(&udp(AF_INET, no_flag)).is_none());
        let mut bad_port = in_sockinfo(VFLAG_IPV4, inet::LOOPBACK_4IN6, 80);
        bad_port.insi_lport = -1;
        assert!(inet_socket(&udp(AF_INET, bad_port)).is_none());
        bad_port.insi_lport = 70_000;
        assert!(inet_socket(&udp(AF_INET, bad_port)).is_none());
    }
}
