//! The processes holding a port: the owner pid of each socket in the
//! extended TCP and UDP tables (`GetExtendedTcpTable` with
//! `TCP_TABLE_OWNER_PID_ALL`, `GetExtendedUdpTable` with
//! `UDP_TABLE_OWNER_PID`), IPv4 and IPv6.

use std::ffi::c_void;
use std::mem::{offset_of, size_of};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use windows_sys::Win32::Foundation::{ERROR_INSUFFICIENT_BUFFER, NO_ERROR};
use windows_sys::Win32::NetworkManagement::IpHelper::{
    GetExtendedTcpTable, GetExtendedUdpTable, MIB_TCP6ROW_OWNER_PID, MIB_TCP6TABLE_OWNER_PID,
    MIB_TCPROW_OWNER_PID, MIB_TCPTABLE_OWNER_PID, MIB_TCP_STATE_LISTEN, MIB_UDP6ROW_OWNER_PID,
    MIB_UDP6TABLE_OWNER_PID, MIB_UDPROW_OWNER_PID, MIB_UDPTABLE_OWNER_PID, TCP_TABLE_OWNER_PID_ALL,
    UDP_TABLE_OWNER_PID,
};
use windows_sys::Win32::Networking::WinSock::{AF_INET, AF_INET6};

use crate::error::Error;
use crate::sys::Call;
use crate::{PortHolder, Protocol};

/// The holders of `port` for each of `protocols`.
pub(crate) fn port_holders(port: u16, protocols: &[Protocol]) -> Result<Vec<PortHolder>, Error> {
    let mut holders = Vec::new();
    for &protocol in protocols {
        holders.extend(match protocol {
            Protocol::Tcp => tcp_holders()?,
            Protocol::Udp => udp_holders()?,
        });
    }
    // Pid 0 is no owner: a TIME_WAIT remnant on Windows, and every socket
    // under Wine 8, which does not tell the owners.
    holders.retain(|holder| holder.local.port() == port && holder.pid != 0);
    Ok(holders)
}

/// Every TCP socket with its owner, IPv4 then IPv6.
fn tcp_holders() -> Result<Vec<PortHolder>, Error> {
    let listening = |state: u32| state == MIB_TCP_STATE_LISTEN as u32;
    let v4 = tcp_table(AF_INET, "GetExtendedTcpTable(AF_INET)")?;
    let v6 = tcp_table(AF_INET6, "GetExtendedTcpTable(AF_INET6)")?;
    let v4_rows = rows::<MIB_TCPROW_OWNER_PID>(&v4, offset_of!(MIB_TCPTABLE_OWNER_PID, table));
    let v6_rows = rows::<MIB_TCP6ROW_OWNER_PID>(&v6, offset_of!(MIB_TCP6TABLE_OWNER_PID, table));
    let v4_holders = v4_rows.map(|row| PortHolder {
        pid: row.dwOwningPid,
        protocol: Protocol::Tcp,
        local: v4_addr(row.dwLocalAddr, row.dwLocalPort),
        listening: listening(row.dwState),
    });
    let v6_holders = v6_rows.map(|row| PortHolder {
        pid: row.dwOwningPid,
        protocol: Protocol::Tcp,
        local: v6_addr(row.ucLocalAddr, row.dwLocalPort, row.dwLocalScopeId),
        listening: listening(row.dwState),
    });
    Ok(v4_holders.chain(v6_holders).collect())
}

/// Every UDP socket with its owner, IPv4 then IPv6.
fn udp_holders() -> Result<Vec<PortHolder>, Error> {
    let v4 = udp_table(AF_INET, "GetExtendedUdpTable(AF_INET)")?;
    let v6 = udp_table(AF_INET6, "GetExtendedUdpTable(AF_INET6)")?;
    let v4_rows = rows::<MIB_UDPROW_OWNER_PID>(&v4, offset_of!(MIB_UDPTABLE_OWNER_PID, table));
    let v6_rows = rows::<MIB_UDP6ROW_OWNER_PID>(&v6, offset_of!(MIB_UDP6TABLE_OWNER_PID, table));
    let v4_holders = v4_rows.map(|row| PortHolder {
        pid: row.dwOwningPid,
        protocol: Protocol::Udp,
        local: v4_addr(row.dwLocalAddr, row.dwLocalPort),
        listening: false,
    });
    let v6_holders = v6_rows.map(|row| PortHolder {
        pid: row.dwOwningPid,
        protocol: Protocol::Udp,
        local: v6_addr(row.ucLocalAddr, row.dwLocalPort, row.dwLocalScopeId),
        listening: false,
    });
    Ok(v4_holders.chain(v6_holders).collect())
}

/// An IPv4 socket address of the tables: the address as it lies in
/// memory, in network byte order.
fn v4_addr(addr: u32, port: u32) -> SocketAddr {
    SocketAddrV4::new(Ipv4Addr::from(addr.to_ne_bytes()), port_of(port)).into()
}

/// A port of the tables: in network byte order, in the low 16 bits.
fn port_of(raw: u32) -> u16 {
    u16::from_be(raw as u16)
}

/// An IPv6 socket address of the tables (the scope id in network byte
/// order too).
fn v6_addr(addr: [u8; 16], port: u32, scope: u32) -> SocketAddr {
    SocketAddrV6::new(Ipv6Addr::from(addr), port_of(port), 0, u32::from_be(scope)).into()
}

/// The TCP table of `family` (`AF_INET` or `AF_INET6`).
fn tcp_table(family: u16, call: &'static str) -> Result<Vec<u8>, Error> {
    grow(call, |buf, size| {
        // SAFETY: `buf` is null (a size query: Windows writes only `size`)
        // or has room for `size` bytes, which Windows may write; the other
        // arguments are plain values.
        unsafe { GetExtendedTcpTable(buf, size, 0, family.into(), TCP_TABLE_OWNER_PID_ALL, 0) }
    })
}

/// The UDP table of `family` (`AF_INET` or `AF_INET6`).
fn udp_table(family: u16, call: &'static str) -> Result<Vec<u8>, Error> {
    grow(call, |buf, size| {
        // SAFETY: as in `tcp_table`.
        unsafe { GetExtendedUdpTable(buf, size, 0, family.into(), UDP_TABLE_OWNER_PID, 0) }
    })
}

/// The bytes that `fetch` writes, in a buffer that grows until they fit:
/// a row count, then the rows. The buffer is of `u64`s, so the rows are
/// aligned as Windows wants them.
fn grow(
    call: &'static str,
    mut fetch: impl FnMut(*mut c_void, &mut u32) -> u32,
) -> Result<Vec<u8>, Error> {
    let mut size = 0u32;
    let mut buf: Vec<u64> = Vec::new();
    loop {
        let ptr = if buf.is_empty() {
            std::ptr::null_mut()
        } else {
            buf.as_mut_ptr().cast::<c_void>()
        };
        match fetch(ptr, &mut size) {
            NO_ERROR if !buf.is_empty() => break,
            // Asked for the size (or the table grew): make room, with
            // slack for sockets opened meanwhile.
            NO_ERROR | ERROR_INSUFFICIENT_BUFFER => {
                let bytes = size as usize + size as usize / 8 + 256;
                buf = vec![0; bytes.div_ceil(8)];
                size = u32::try_from(buf.len() * 8).unwrap_or(u32::MAX);
            }
            code => return Err(Error::from_os(code as i32, Call::PortTable { table: call })),
        }
    }
    Ok(buf.iter().flat_map(|word| word.to_ne_bytes()).collect())
}

/// A row struct of a socket table, made of integers and byte arrays only,
/// so that any bytes are a valid one.
///
/// # Safety
/// Only for types valid for every bit pattern.
unsafe trait Row: Copy {}

// SAFETY: the four `MIB_*ROW_OWNER_PID` structs hold only integers and
// byte arrays.
unsafe impl Row for MIB_TCPROW_OWNER_PID {}
// SAFETY: as above.
unsafe impl Row for MIB_TCP6ROW_OWNER_PID {}
// SAFETY: as above.
unsafe impl Row for MIB_UDPROW_OWNER_PID {}
// SAFETY: as above.
unsafe impl Row for MIB_UDP6ROW_OWNER_PID {}

/// The rows of a table: `T`s from byte `offset` on, as many as its
/// leading count says and the bytes hold.
fn rows<T: Row>(bytes: &[u8], offset: usize) -> impl Iterator<Item = T> + '_ {
    let count = bytes
        .get(..4)
        .map_or(0, |n| u32::from_ne_bytes([n[0], n[1], n[2], n[3]]) as usize);
    bytes
        .get(offset..)
        .unwrap_or_default()
        .chunks_exact(size_of::<T>())
        .take(count)
        // SAFETY: each chunk holds one whole row that Windows wrote; a
        // `Row` is valid for any bytes; read_unaligned copies one out of
        // the byte buffer.
        .map(|chunk| unsafe { chunk.as_ptr().cast::<T>().read_unaligned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_and_addresses_are_in_network_byte_order() {
        let raw_port = u32::from(8080u16.to_be());
        let raw_addr = u32::from_ne_bytes([127, 0, 0, 1]);
        assert_eq!(
            v4_addr(raw_addr, raw_port),
            "127.0.0.1:8080".parse().unwrap()
        );
        let v6 = v6_addr(Ipv6Addr::LOCALHOST.octets(), raw_port, 0);
        assert_eq!(v6, "[::1]:8080".parse().unwrap());
    }

    #[test]
    fn rows_are_as_many_as_counted_and_held() {
        let row = MIB_UDPROW_OWNER_PID {
            dwLocalAddr: 1,
            dwLocalPort: 2,
            dwOwningPid: 3,
        };
        let offset = offset_of!(MIB_UDPTABLE_OWNER_PID, table);
        let mut bytes = 2u32.to_ne_bytes().to_vec();
        bytes.resize(offset, 0);
        for pid in [3u32, 4] {
            for field in [row.dwLocalAddr, row.dwLocalPort, pid] {
                bytes.extend(field.to_ne_bytes());
            }
        }
        let pids: Vec<u32> = rows::<MIB_UDPROW_OWNER_PID>(&bytes, offset)
            .map(|row| row.dwOwningPid)
            .collect();
        assert_eq!(pids, [3, 4]);
        // A count beyond the bytes: only whole rows that are there.
        bytes[..4].copy_from_slice(&9u32.to_ne_bytes());
        bytes.truncate(bytes.len() - 1);
        assert_eq!(rows::<MIB_UDPROW_OWNER_PID>(&bytes, offset).count(), 1);
        assert_eq!(rows::<MIB_UDPROW_OWNER_PID>(&bytes[..2], offset).count(), 0);
    }
}
