//! The processes holding a port: the sockets of `/proc/net/{tcp,udp}{,6}`
//! (the caller's network namespace) with that local port, then the
//! processes whose `/proc/PID/fd` links name those sockets' inodes.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::procfs::{self, ProcDir};
use crate::error::{Error, ErrorKind};
use crate::sys::Call;
use crate::{PortHolder, Protocol};

/// `TCP_LISTEN` in the `st` column of `/proc/net/tcp`.
const TCP_LISTEN: u8 = 0x0A;

/// A socket of a `/proc/net` table: everything of a [`PortHolder`] but
/// the pid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Socket {
    protocol: Protocol,
    local: SocketAddr,
    listening: bool,
}

/// The holders of `port` for each of `protocols`.
pub(crate) fn port_holders(port: u16, protocols: &[Protocol]) -> Result<Vec<PortHolder>, Error> {
    // A /proc that is not this namespace's would show no socket, or others.
    procfs::check_own()?;
    let mut sockets = HashMap::new();
    for &protocol in protocols {
        let files: [&'static str; 2] = match protocol {
            Protocol::Tcp => ["/proc/net/tcp", "/proc/net/tcp6"],
            Protocol::Udp => ["/proc/net/udp", "/proc/net/udp6"],
        };
        for path in files {
            let Some(table) = read_table(path)? else {
                continue;
            };
            for (inode, socket) in parse_table(&table, protocol) {
                if socket.local.port() == port {
                    sockets.insert(inode, socket);
                }
            }
        }
    }
    if sockets.is_empty() {
        return Ok(Vec::new());
    }
    holders_of(&sockets)
}

/// The table at `path`; `None` when it does not exist (`tcp6` and
/// `udp6` without IPv6).
fn read_table(path: &'static str) -> Result<Option<Vec<u8>>, Error> {
    match procfs::read_all(path) {
        Ok(table) => Ok(Some(table)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(Error::from_io(&err, Call::PortTable { table: path })),
    }
}

/// The sockets of a `/proc/net` table by inode. A line is `sl
/// local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
/// ...`; a socket without an inode (0: a `TIME_WAIT` remnant that no
/// process holds) and a line that does not parse are left out.
fn parse_table(table: &[u8], protocol: Protocol) -> Vec<(u64, Socket)> {
    let text = String::from_utf8_lossy(table);
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local = parse_addr(fields.get(1)?)?;
            let state = u8::from_str_radix(fields.get(3)?, 16).ok()?;
            let inode: u64 = fields.get(9)?.parse().ok()?;
            let listening = protocol == Protocol::Tcp && state == TCP_LISTEN;
            (inode != 0).then_some((
                inode,
                Socket {
                    protocol,
                    local,
                    listening,
                },
            ))
        })
        .collect()
}

/// `ADDR:PORT` in the kernel's hex: the address as it lies in memory,
/// printed as 32-bit words of this machine's byte order (one for IPv4,
/// four for IPv6), and the port as a number.
fn parse_addr(text: &str) -> Option<SocketAddr> {
    let (addr, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    if addr.len() % 8 != 0 {
        return None;
    }
    let mut bytes = Vec::with_capacity(16);
    for word in addr.as_bytes().chunks(8) {
        let word = std::str::from_utf8(word).ok()?;
        bytes.extend(u32::from_str_radix(word, 16).ok()?.to_ne_bytes());
    }
    let ip = match bytes.len() {
        4 => IpAddr::V4(Ipv4Addr::from(<[u8; 4]>::try_from(bytes).ok()?)),
        16 => IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?)),
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

/// Every process with a descriptor on one of `sockets`; a process that
/// exits meanwhile, or whose descriptors may not be read (another user's),
/// is left out.
fn holders_of(sockets: &HashMap<u64, Socket>) -> Result<Vec<PortHolder>, Error> {
    let mut holders = Vec::new();
    for pid in procfs::ProcRoot::open()?.pids()? {
        let inodes = match socket_inodes(pid) {
            Ok(inodes) => inodes,
            Err(err) if err.kind() == ErrorKind::PermissionDenied => continue,
            Err(err) => return Err(err),
        };
        holders.extend(
            inodes
                .into_iter()
                .filter_map(|inode| sockets.get(&inode))
                .map(|socket| PortHolder {
                    pid: pid as u32,
                    protocol: socket.protocol,
                    local: socket.local,
                    listening: socket.listening,
                }),
        );
    }
    Ok(holders)
}

/// The inodes of the sockets `pid` has descriptors on, read through its
/// held `/proc/PID`; empty once it is gone.
fn socket_inodes(pid: i32) -> Result<Vec<u64>, Error> {
    let Some(dir) = ProcDir::open(pid)? else {
        return Ok(Vec::new());
    };
    let Some(links) = dir.read_links("fd")? else {
        return Ok(Vec::new());
    };
    Ok(links
        .iter()
        .filter_map(|link| link.to_str()?.strip_prefix("socket:[")?.strip_suffix(']'))
        .filter_map(|inode| inode.parse().ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_hex_addresses_parse() {
        let v4 = u32::from_ne_bytes([127, 0, 0, 1]);
        assert_eq!(
            parse_addr(&format!("{v4:08X}:1F90")),
            Some("127.0.0.1:8080".parse().unwrap())
        );
        let one = u32::from_ne_bytes([0, 0, 0, 1]);
        assert_eq!(
            parse_addr(&format!("000000000000000000000000{one:08X}:0035")),
            Some("[::1]:53".parse().unwrap())
        );
        assert_eq!(parse_addr("0100007F"), None);
        assert_eq!(parse_addr("0100007:0035"), None);
        assert_eq!(parse_addr("zz00007F:0035"), None);
    }

    #[test]
    fn table_lines_give_inode_state_and_address() {
        let v4 = u32::from_ne_bytes([127, 0, 0, 1]);
        let table = format!(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
             0: {v4:08X}:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0\n\
             1: {v4:08X}:1F90 {v4:08X}:C000 06 00000000:00000000 03:00000100 00000000     0        0 0 3 0\n\
             2: garbage\n"
        );
        let sockets = parse_table(table.as_bytes(), Protocol::Tcp);
        let local = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(
            sockets,
            [(
                4242,
                Socket {
                    protocol: Protocol::Tcp,
                    local,
                    listening: true
                }
            )]
        );
        let udp = parse_table(table.as_bytes(), Protocol::Udp);
        assert!(!udp[0].1.listening, "UDP sockets never listen");
    }
}
