//! Port selection: [`processes_on_port`], the processes that hold a TCP or
//! UDP port open, with [`Protocol`] and [`PortHolder`].

use std::fmt;
use std::net::SocketAddr;

use crate::error::{Error, ErrorKind};
use crate::sys;

/// A transport protocol whose ports [`processes_on_port`] looks at.
///
/// ```
/// use sigsend::Protocol;
///
/// assert_eq!(Protocol::Tcp.to_string(), "tcp");
/// assert_eq!(Protocol::Udp.to_string(), "udp");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// TCP, over IPv4 or IPv6.
    Tcp,
    /// UDP, over IPv4 or IPv6.
    Udp,
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        })
    }
}

/// One socket that holds a port, and the process that holds the socket:
/// an entry of [`processes_on_port`].
///
/// ```
/// let holders = sigsend::processes_on_port(9, None);
/// # #[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]
/// for holder in holders? {
///     assert_eq!(holder.local_addr().port(), 9);
/// }
/// # Ok::<(), sigsend::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortHolder {
    pub(crate) pid: u32,
    pub(crate) protocol: Protocol,
    pub(crate) local: SocketAddr,
    pub(crate) listening: bool,
}

impl PortHolder {
    /// The process id of a process that has the socket open.
    ///
    /// ```
    /// # #[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))] {
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let port = listener.local_addr()?.port();
    /// let holders = sigsend::processes_on_port(port, Some(sigsend::Protocol::Tcp))?;
    /// assert!(holders.iter().any(|h| h.pid() == std::process::id()));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The socket's protocol.
    ///
    /// ```
    /// # #[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))] {
    /// use sigsend::Protocol;
    ///
    /// let socket = std::net::UdpSocket::bind("127.0.0.1:0")?;
    /// let port = socket.local_addr()?.port();
    /// let holders = sigsend::processes_on_port(port, Some(Protocol::Udp))?;
    /// assert!(holders.iter().all(|h| h.protocol() == Protocol::Udp));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The socket's local address: the port asked for, and the address it
    /// is bound to (`0.0.0.0` or `::` for every address).
    ///
    /// ```
    /// # #[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))] {
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let addr = listener.local_addr()?;
    /// let holders = sigsend::processes_on_port(addr.port(), None)?;
    /// assert!(holders.iter().any(|h| h.local_addr() == addr));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// Whether the socket is a TCP socket in the `LISTEN` state; `false`
    /// for a connected (or closing) TCP socket and for every UDP socket.
    ///
    /// ```
    /// # #[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))] {
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let port = listener.local_addr()?.port();
    /// let holders = sigsend::processes_on_port(port, None)?;
    /// assert!(holders.iter().all(|h| h.is_listening()));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_listening(&self) -> bool {
        self.listening
    }
}

/// The processes holding `port` open: every socket of `protocol` (both
/// when `None`), IPv4 or IPv6, whose *local* port is `port`, with the
/// process that has it, as `fuser -n tcp PORT` finds them.
///
/// For TCP that is the listening socket and every connected socket whose
/// local end is `port` (the server's accepted connections, or a client
/// that bound it); a connection *to* `port` from another local port is
/// not. [`PortHolder::is_listening`] tells them apart.
///
/// There is one entry per socket and process, sorted by pid: a process
/// with several such sockets (a listener and its connections, or IPv4 and
/// IPv6) appears once for each, and a socket shared by several processes
/// (inherited across `fork`) once for each process. For the processes
/// alone, take the pids and `dedup` them.
///
/// What each OS shows:
/// - Linux: the sockets of `/proc/net/{tcp,tcp6,udp,udp6}`, that is of the
///   caller's network namespace, matched by inode with the `socket:[INODE]`
///   links of `/proc/PID/fd`, each process's read through its `/proc/PID`
///   held open. The descriptors of another user's process are only visible
///   to root (or with `CAP_SYS_PTRACE`): without them such a process is
///   silently left out, as with `fuser`.
/// - Windows: `GetExtendedTcpTable` (`TCP_TABLE_OWNER_PID_ALL`) and
///   `GetExtendedUdpTable` (`UDP_TABLE_OWNER_PID`), IPv4 and IPv6; they
///   give every process's sockets, whoever owns it. A socket whose owner
///   is given as pid 0 is left out: a `TIME_WAIT` remnant, or under Wine
///   (8), whose tables give no owners, every socket.
/// - macOS: every process's descriptors (`proc_pidinfo` with
///   `PROC_PIDLISTFDS`) and, for each socket, its `socket_fdinfo`
///   (`proc_pidfdinfo` with `PROC_PIDFDSOCKETINFO`), as `lsof -i` reads
///   them. Another user's process refuses unless the caller is root: it is
///   silently left out, as on Linux.
/// - FreeBSD: the sockets of `sysctl net.inet.tcp.pcblist` and
///   `net.inet.udp.pcblist` (the caller's vnet), matched by kernel address
///   with the descriptors of `sysctl kern.file`, as `sockstat` does: every
///   process the caller may see (all of them, unless
///   `security.bsd.see_other_uids` is 0). The record layouts are those of
///   FreeBSD 12 and later; another layout is refused as
///   [`Unsupported`](ErrorKind::Unsupported).
///
/// On macOS and FreeBSD, an `AF_INET6` socket on a v4-mapped address is
/// given that address (`::ffff:a.b.c.d`), as Linux's `tcp6` table shows
/// it; a dual-stack socket bound to `::` is `::`.
///
/// The answer is a snapshot: a process may close the socket or exit right
/// after. Open a [`Process`](crate::Process) on a pid to signal it
/// without a pid race from then on.
///
/// ```
/// # #[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))] {
/// use sigsend::Protocol;
///
/// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// let port = listener.local_addr()?.port();
/// let holders = sigsend::processes_on_port(port, Some(Protocol::Tcp))?;
/// let mut pids: Vec<u32> = holders.iter().map(|h| h.pid()).collect();
/// pids.dedup();
/// assert_eq!(pids, [std::process::id()]);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`InvalidInput`](ErrorKind::InvalidInput) for port 0, which no socket
/// holds (it asks the OS for any free port); an error of the OS when the
/// socket tables cannot be read; [`Unsupported`](ErrorKind::Unsupported)
/// on a FreeBSD older than 12, or a macOS whose `socket_fdinfo` is not the
/// size sigsend knows.
pub fn processes_on_port(port: u16, protocol: Option<Protocol>) -> Result<Vec<PortHolder>, Error> {
    if port == 0 {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "port 0 is no port a socket holds: binding to it picks a free port",
        ));
    }
    let protocols: &[Protocol] = match protocol {
        Some(Protocol::Tcp) => &[Protocol::Tcp],
        Some(Protocol::Udp) => &[Protocol::Udp],
        None => &[Protocol::Tcp, Protocol::Udp],
    };
    let mut holders = sys::port_holders(port, protocols)?;
    holders.sort();
    holders.dedup();
    Ok(holders)
}
