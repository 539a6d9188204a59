//! FreeBSD: the holders of a port from three sysctls, read here and
//! joined in `pcblist.rs`: `net.inet.tcp.pcblist` and/or
//! `net.inet.udp.pcblist` (every TCP or UDP inpcb of the caller's vnet,
//! IPv4 and IPv6), then, if any socket holds the port, `kern.file` (every
//! descriptor of every process the caller may see).

use super::super::sysctl;
use super::pcblist;
use super::xstructs::{TCPCTL_PCBLIST, UDPCTL_PCBLIST};
use crate::error::Error;
use crate::sys::Call;
use crate::{PortHolder, Protocol};

/// The holders of `port` for each of `protocols`.
pub(crate) fn port_holders(port: u16, protocols: &[Protocol]) -> Result<Vec<PortHolder>, Error> {
    let mut sockets = Vec::new();
    for &protocol in protocols {
        let (table, mut mib) = match protocol {
            Protocol::Tcp => (
                "net.inet.tcp.pcblist",
                [
                    libc::CTL_NET,
                    libc::PF_INET,
                    libc::IPPROTO_TCP,
                    TCPCTL_PCBLIST,
                ],
            ),
            Protocol::Udp => (
                "net.inet.udp.pcblist",
                [
                    libc::CTL_NET,
                    libc::PF_INET,
                    libc::IPPROTO_UDP,
                    UDPCTL_PCBLIST,
                ],
            ),
        };
        let bytes = sysctl::read(&mut mib, Call::PortTable { table })?.unwrap_or_default();
        sockets.extend(pcblist::sockets(&bytes, table, protocol, port)?);
    }
    if sockets.is_empty() {
        return Ok(Vec::new());
    }
    let mut mib = [libc::CTL_KERN, libc::KERN_FILE];
    let files = sysctl::read(&mut mib, Call::FileTable)?.unwrap_or_default();
    Ok(pcblist::holders(&sockets, &pcblist::socket_owners(&files)?))
}
