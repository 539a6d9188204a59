//! What macOS and FreeBSD say alike of an internet socket, from the
//! `inpcb` both kernels keep for it (macOS in `in_sockinfo`, FreeBSD in
//! `xinpcb`): its version flags, its local address (16 bytes, an IPv4
//! address in the last four) and its local port; the `in_addr` and
//! `in6_addr` of both their `<netinet/in.h>`; and [`InetSocket`], all of a
//! [`PortHolder`] but the pid.
//!
//! Plain data, no system call: `sys/mod.rs` builds this on Linux too, for
//! the unit tests.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use crate::{PortHolder, Protocol};

/// `INP_IPV4` of `inp_vflag` (`INI_IPV4` of macOS's `insi_vflag`): the
/// socket carries IPv4.
pub(crate) const VFLAG_IPV4: u8 = 0x1;
/// `INP_IPV6` (`INI_IPV6`): the socket carries IPv6.
pub(crate) const VFLAG_IPV6: u8 = 0x2;

/// `struct in_addr` of `<netinet/in.h>`, the same on macOS and FreeBSD.
#[allow(non_camel_case_types, dead_code)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct in_addr {
    /// In network byte order.
    pub(crate) s_addr: u32,
}

/// `struct in6_addr` of `<netinet/in.h>`: a union of 16 bytes, 8 shorts
/// and 4 ints in C, hence aligned to 4.
#[allow(non_camel_case_types)]
#[repr(C, align(4))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct in6_addr {
    pub(crate) s6_addr: [u8; 16],
}

/// The local address of an inpcb: `addr` is the 16 bytes of its
/// `in_addr_4in6`/`in6_addr` union, `port` the local port (in host
/// order), `inet6` whether the socket is an `AF_INET6` one.
///
/// With `VFLAG_IPV6` set (alone, or with `VFLAG_IPV4` on a dual-stack
/// socket bound to `::`), the address is IPv6. With `VFLAG_IPV4` alone it
/// is IPv4 in the last four bytes; on an `AF_INET6` socket (bound or
/// connected to a v4-mapped address) it is given as that `::ffff:a.b.c.d`
/// address, as Linux's `tcp6`/`udp6` tables show such a socket. Neither
/// flag: `None`.
pub(crate) fn local_addr(vflag: u8, inet6: bool, addr: [u8; 16], port: u16) -> Option<SocketAddr> {
    let ip = if vflag & VFLAG_IPV6 != 0 {
        IpAddr::V6(Ipv6Addr::from(addr))
    } else if vflag & VFLAG_IPV4 != 0 {
        let [.., a, b, c, d] = addr;
        let v4 = Ipv4Addr::new(a, b, c, d);
        if inet6 {
            IpAddr::V6(v4.to_ipv6_mapped())
        } else {
            IpAddr::V4(v4)
        }
    } else {
        return None;
    };
    Some(SocketAddr::new(ip, port))
}

/// 127.0.0.1 as the 16 bytes of an inpcb's address, for the tests.
#[cfg(test)]
pub(crate) const LOOPBACK_4IN6: [u8; 16] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 0, 0, 1];

/// An internet socket as its inpcb tells it: all of a [`PortHolder`] but
/// the pid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InetSocket {
    pub(crate) protocol: Protocol,
    pub(crate) local: SocketAddr,
    /// A TCP socket in the `LISTEN` state; never a UDP one (as on Linux).
    pub(crate) listening: bool,
}

impl InetSocket {
    /// The entry for process `pid`, which has the socket open.
    pub(crate) fn held_by(self, pid: u32) -> PortHolder {
        PortHolder {
            pid,
            protocol: self.protocol,
            local: self.local,
            listening: self.listening,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_flags_choose_the_address() {
        let loopback6 = Ipv6Addr::LOCALHOST.octets();
        assert_eq!(
            local_addr(VFLAG_IPV6, true, loopback6, 53),
            Some("[::1]:53".parse().unwrap())
        );
        let v4 = LOOPBACK_4IN6;
        assert_eq!(
            local_addr(VFLAG_IPV4, false, v4, 8080),
            Some("127.0.0.1:8080".parse().unwrap())
        );
        // A dual-stack socket bound to `::` carries both: it is `::`.
        assert_eq!(
            local_addr(VFLAG_IPV4 | VFLAG_IPV6, true, [0; 16], 22),
            Some("[::]:22".parse().unwrap())
        );
        // An AF_INET6 socket on a v4-mapped address.
        assert_eq!(
            local_addr(VFLAG_IPV4, true, v4, 80),
            Some("[::ffff:127.0.0.1]:80".parse().unwrap())
        );
        assert_eq!(local_addr(0, false, v4, 80), None);
    }

    #[test]
    fn a_socket_held_by_a_process() {
        let socket = InetSocket {
            protocol: Protocol::Udp,
            local: "0.0.0.0:5353".parse().unwrap(),
            listening: false,
        };
        let holder = socket.held_by(42);
        assert_eq!(
            (holder.pid(), holder.protocol(), holder.local_addr()),
            (42, Protocol::Udp, socket.local)
        );
        assert!(!holder.is_listening());
    }
}
