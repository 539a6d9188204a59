//! FreeBSD: the holders of a port from the bytes of three sysctls, as
//! `sockstat` finds them: the sockets of `net.inet.tcp.pcblist` or
//! `net.inet.udp.pcblist` ([`sockets`]), the processes with a descriptor
//! on each socket from `kern.file` ([`socket_owners`]), joined by the
//! socket's kernel address (`xso_so`, `xf_data`) in [`holders`].
//!
//! A pcblist is an `xinpgen`, one record per inpcb (`xtcpcb` for TCP,
//! `xinpcb` for UDP; IPv4 and IPv6 alike), and a closing `xinpgen`, each
//! starting with its length. `kern.file` is an array of `xfile`. A length
//! other than that of the layouts in `xstructs.rs` (FreeBSD 12 and later)
//! is refused as `Unsupported`, never misread.
//!
//! Plain data, no system call: `sys/mod.rs` builds this on Linux too, for
//! the unit tests.

use std::collections::HashMap;
use std::mem::size_of;

use super::super::inet::{self, InetSocket};
use super::xstructs::{
    read, xfile, xinpcb, xinpgen, xtcpcb, AF_INET, AF_INET6, DTYPE_SOCKET, TCPS_LISTEN,
};
use crate::error::{Error, ErrorKind};
use crate::{PortHolder, Protocol};

/// The sockets of the pcblist `bytes` (of `protocol`, read from the sysctl
/// `table`) whose local port is `port`, by the kernel address of each.
/// An inpcb without a socket (a TCP connection in `TIME_WAIT`) is left
/// out: no process holds it.
pub(crate) fn sockets(
    bytes: &[u8],
    table: &'static str,
    protocol: Protocol,
    port: u16,
) -> Result<Vec<(u64, InetSocket)>, Error> {
    let mut sockets = Vec::new();
    for record in records(bytes, table, protocol)? {
        let (xinpcb, listening) = match protocol {
            Protocol::Tcp => {
                let xtcpcb: xtcpcb = read(record).ok_or_else(|| cut_short(table))?;
                (xtcpcb.xt_inp, xtcpcb.t_state == TCPS_LISTEN)
            }
            Protocol::Udp => (read(record).ok_or_else(|| cut_short(table))?, false),
        };
        check_length(table, "xinpcb", xinpcb.xi_len, size_of::<xinpcb>())?;
        if let Some(socket) = inet_socket(&xinpcb, protocol, listening) {
            if socket.1.local.port() == port {
                sockets.push(socket);
            }
        }
    }
    Ok(sockets)
}

/// The records of the pcblist `bytes`, between the opening and the
/// closing `xinpgen`, each of the length of `protocol`'s record.
fn records<'a>(
    bytes: &'a [u8],
    table: &'static str,
    protocol: Protocol,
) -> Result<Vec<&'a [u8]>, Error> {
    let (name, size) = match protocol {
        Protocol::Tcp => ("xtcpcb", size_of::<xtcpcb>()),
        Protocol::Udp => ("xinpcb", size_of::<xinpcb>()),
    };
    let mut records = Vec::new();
    if bytes.is_empty() {
        return Ok(records);
    }
    let head: xinpgen = read(bytes).ok_or_else(|| cut_short(table))?;
    check_length(table, "xinpgen", head.xig_len, size_of::<xinpgen>())?;
    let mut rest = &bytes[size_of::<xinpgen>()..];
    loop {
        let length: u64 = rest
            .get(..8)
            .and_then(|length| length.try_into().ok())
            .map(u64::from_ne_bytes)
            .ok_or_else(|| cut_short(table))?;
        if known_length(length, size_of::<xinpgen>()) {
            // The closing xinpgen.
            return Ok(records);
        }
        check_length(table, name, length, size)?;
        let (record, after) = rest
            .split_at_checked(size)
            .ok_or_else(|| cut_short(table))?;
        records.push(record);
        rest = after;
    }
}

/// The socket of an inpcb, by its kernel address; `None` without a
/// socket, or with a family or address that makes no sense.
fn inet_socket(xinpcb: &xinpcb, protocol: Protocol, listening: bool) -> Option<(u64, InetSocket)> {
    let xsocket = &xinpcb.xi_socket;
    if xsocket.xso_so == 0 {
        return None;
    }
    let inet6 = match xsocket.xso_family {
        AF_INET => false,
        AF_INET6 => true,
        _ => return None,
    };
    let endpoints = &xinpcb.inp_inc.inc_ie;
    // SAFETY: both members of the union are 16 bytes of integers (an IPv4
    // address in the last four of `id46_addr`): any bytes are a valid
    // `in6_addr`.
    let addr = unsafe { endpoints.ie_dependladdr.id6_addr };
    let port = u16::from_be(endpoints.ie_lport);
    let local = inet::local_addr(xinpcb.inp_vflag, inet6, addr.s6_addr, port)?;
    let socket = InetSocket {
        protocol,
        local,
        listening,
    };
    Some((xsocket.xso_so, socket))
}

/// The pids with a descriptor on each socket, by the socket's kernel
/// address, from the `xfile` records of `kern.file` in `bytes`.
pub(crate) fn socket_owners(bytes: &[u8]) -> Result<HashMap<u64, Vec<u32>>, Error> {
    let size = size_of::<xfile>();
    let mut owners: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let file: xfile = read(rest).ok_or_else(|| cut_short("kern.file"))?;
        check_length("kern.file", "xfile", file.xf_size, size)?;
        rest = &rest[size..];
        if file.xf_type != DTYPE_SOCKET || file.xf_data == 0 {
            continue;
        }
        if let Ok(pid) = u32::try_from(file.xf_pid) {
            owners.entry(file.xf_data).or_default().push(pid);
        }
    }
    Ok(owners)
}

/// An entry for each socket of `sockets` and each process of `owners`
/// that has it open.
pub(crate) fn holders(
    sockets: &[(u64, InetSocket)],
    owners: &HashMap<u64, Vec<u32>>,
) -> Vec<PortHolder> {
    sockets
        .iter()
        .flat_map(|(so, socket)| {
            owners
                .get(so)
                .into_iter()
                .flatten()
                .map(|&pid| socket.held_by(pid))
        })
        .collect()
}

/// Whether a record's length is `size`.
fn known_length(length: u64, size: usize) -> bool {
    usize::try_from(length) == Ok(size)
}

/// Refuses a `record` of `table` whose length is not `size`, that of
/// the layout in `xstructs.rs`.
fn check_length(table: &str, record: &str, length: u64, size: usize) -> Result<(), Error> {
    if known_length(length, size) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Unsupported,
        format!(
            "sysctl {table} gives {record} records of {length} bytes, where sigsend knows \
             those of FreeBSD 12 and later ({size} bytes): not read"
        ),
    ))
}

fn cut_short(table: &str) -> Error {
    Error::new(
        ErrorKind::Other,
        format!("sysctl {table} gave a record cut short"),
    )
}

#[cfg(test)]
mod tests {
    use std::mem::offset_of;

    use super::super::xstructs::in_endpoints;
    use super::*;
    use inet::{VFLAG_IPV4, VFLAG_IPV6};

    /// Writes `value` at `offset` of `buf`.
    fn put(buf: &mut [u8], offset: usize, value: &[u8]) {
        buf[offset..offset + value.len()].copy_from_slice(value);
    }

    fn length(size: usize) -> [u8; 8] {
        u64::try_from(size).unwrap().to_ne_bytes()
    }

    fn xinpgen() -> Vec<u8> {
        let mut gen = vec![0; size_of::<xinpgen>()];
        let size = length(gen.len());
        put(&mut gen, 0, &size);
        gen
    }

    /// An `xinpcb` of the socket at kernel address `so`.
    fn xinpcb(so: u64, family: i32, vflag: u8, addr: [u8; 16], port: u16) -> Vec<u8> {
        let mut inp = vec![0; size_of::<xinpcb>()];
        let size = length(inp.len());
        put(&mut inp, offset_of!(xinpcb, xi_len), &size);
        put(
            &mut inp,
            offset_of!(xinpcb, xi_socket.xso_so),
            &so.to_ne_bytes(),
        );
        let family_at = offset_of!(xinpcb, xi_socket.xso_family);
        put(&mut inp, family_at, &family.to_ne_bytes());
        let endpoints = offset_of!(xinpcb, inp_inc.inc_ie);
        let lport = endpoints + offset_of!(in_endpoints, ie_lport);
        put(&mut inp, lport, &port.to_be().to_ne_bytes());
        let laddr = endpoints + offset_of!(in_endpoints, ie_dependladdr);
        put(&mut inp, laddr, &addr);
        put(&mut inp, offset_of!(xinpcb, inp_vflag), &[vflag]);
        inp
    }

    fn xtcpcb(inp: &[u8], state: i32) -> Vec<u8> {
        let mut tcp = vec![0; size_of::<xtcpcb>()];
        let size = length(tcp.len());
        put(&mut tcp, offset_of!(xtcpcb, xt_len), &size);
        put(&mut tcp, offset_of!(xtcpcb, xt_inp), inp);
        put(&mut tcp, offset_of!(xtcpcb, t_state), &state.to_ne_bytes());
        tcp
    }

    fn xfile(pid: i32, kind: i16, data: u64) -> Vec<u8> {
        let mut file = vec![0; size_of::<xfile>()];
        let size = length(file.len());
        put(&mut file, offset_of!(xfile, xf_size), &size);
        put(&mut file, offset_of!(xfile, xf_pid), &pid.to_ne_bytes());
        put(&mut file, offset_of!(xfile, xf_type), &kind.to_ne_bytes());
        put(&mut file, offset_of!(xfile, xf_data), &data.to_ne_bytes());
        file
    }

    fn pcblist(records: &[Vec<u8>]) -> Vec<u8> {
        let mut list = xinpgen();
        for record in records {
            list.extend(record);
        }
        list.extend(xinpgen());
        list
    }

    const TCP: &str = "net.inet.tcp.pcblist";
    const UDP: &str = "net.inet.udp.pcblist";

    #[test]
    fn tcp_sockets_of_the_port_with_their_state() {
        let listener = xinpcb(0x1000, AF_INET, VFLAG_IPV4, inet::LOOPBACK_4IN6, 8080);
        let accepted = xinpcb(0x2000, AF_INET, VFLAG_IPV4, inet::LOOPBACK_4IN6, 8080);
        let other_port = xinpcb(0x3000, AF_INET, VFLAG_IPV4, inet::LOOPBACK_4IN6, 8081);
        let time_wait = xinpcb(0, AF_INET, VFLAG_IPV4, inet::LOOPBACK_4IN6, 8080);
        let established = 4;
        let list = pcblist(&[
            xtcpcb(&listener, TCPS_LISTEN),
            xtcpcb(&accepted, established),
            xtcpcb(&other_port, TCPS_LISTEN),
            xtcpcb(&time_wait, 10),
        ]);
        let sockets = sockets(&list, TCP, Protocol::Tcp, 8080).unwrap();
        let local = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(
            sockets,
            [
                (
                    0x1000,
                    InetSocket {
                        protocol: Protocol::Tcp,
                        local,
                        listening: true
                    }
                ),
                (
                    0x2000,
                    InetSocket {
                        protocol: Protocol::Tcp,
                        local,
                        listening: false
                    }
                ),
            ]
        );
    }

    #[test]
    fn udp_sockets_over_ipv6() {
        let loopback6 = std::net::Ipv6Addr::LOCALHOST.octets();
        let list = pcblist(&[xinpcb(0x10, AF_INET6, VFLAG_IPV6, loopback6, 53)]);
        let sockets = sockets(&list, UDP, Protocol::Udp, 53).unwrap();
        assert_eq!(sockets.len(), 1);
        assert_eq!(sockets[0].1.local, "[::1]:53".parse().unwrap());
        assert!(!sockets[0].1.listening);
    }

    #[test]
    fn an_empty_list_has_no_sockets() {
        assert_eq!(sockets(&pcblist(&[]), TCP, Protocol::Tcp, 80).unwrap(), []);
        assert_eq!(sockets(&[], UDP, Protocol::Udp, 80).unwrap(), []);
    }

    #[test]
    fn another_layout_is_refused() {
        let inp = xinpcb(0x10, AF_INET, VFLAG_IPV4, inet::LOOPBACK_4IN6, 80);
        // A UDP record where a TCP one belongs: its length is not xtcpcb's.
        let err =
            sockets(&pcblist(std::slice::from_ref(&inp)), TCP, Protocol::Tcp, 80).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(err.to_string().contains("xtcpcb"), "{err}");
        // An xinpcb of another length inside an xtcpcb of the right one.
        let mut short = inp.clone();
        put(&mut short, 0, &length(392));
        let err = sockets(&pcblist(&[xtcpcb(&short, 1)]), TCP, Protocol::Tcp, 80).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        // The pre-12 xinpgen.
        let mut old = pcblist(std::slice::from_ref(&inp));
        put(&mut old, 0, &length(24));
        let err = sockets(&old, UDP, Protocol::Udp, 80).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        // An xfile of another size.
        let mut file = xfile(1, DTYPE_SOCKET, 0x10);
        put(&mut file, 0, &length(120));
        let err = socket_owners(&file).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
    }

    #[test]
    fn a_list_cut_short_is_an_error_not_a_panic() {
        let list = pcblist(&[xinpcb(0x10, AF_INET, VFLAG_IPV4, inet::LOOPBACK_4IN6, 80)]);
        let whole = size_of::<xinpgen>() + size_of::<xinpcb>();
        for end in [1, 8, 63, 64, 70, 300, whole + 4] {
            let err = sockets(&list[..end], UDP, Protocol::Udp, 80).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Other, "cut at {end}");
        }
        let file = xfile(1, DTYPE_SOCKET, 0x10);
        assert!(socket_owners(&file[..100]).is_err());
    }

    #[test]
    fn sockets_join_the_processes_that_hold_them() {
        let socket = InetSocket {
            protocol: Protocol::Udp,
            local: "0.0.0.0:5353".parse().unwrap(),
            listening: false,
        };
        let mut files = Vec::new();
        for file in [
            xfile(10, DTYPE_SOCKET, 0xA0),
            xfile(11, DTYPE_SOCKET, 0xA0), // inherited across fork
            xfile(12, DTYPE_SOCKET, 0xB0), // another socket
            xfile(13, 1, 0xA0),            // a vnode, whatever its data
            xfile(-1, DTYPE_SOCKET, 0xA0), // no pid
        ] {
            files.extend(file);
        }
        let owners = socket_owners(&files).unwrap();
        let holders = holders(&[(0xA0, socket), (0xC0, socket)], &owners);
        let pids: Vec<u32> = holders.iter().map(PortHolder::pid).collect();
        assert_eq!(pids, [10, 11]);
        assert!(holders.iter().all(|h| h.local_addr() == socket.local));
        assert_eq!(socket_owners(&[]).unwrap(), HashMap::new());
    }
}
