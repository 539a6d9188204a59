//! The `listen tcp|udp ADDR` mode of `sigsend-helper`, on every OS: a
//! socket bound to port 0 of ADDR (a TCP listener, or a UDP socket), for
//! the port tests to find.

use std::net::{IpAddr, TcpListener, UdpSocket};
use std::process::exit;

/// The bound socket, kept open while the helper idles.
#[derive(Debug)]
pub enum Bound {
    Tcp(TcpListener),
    Udp(UdpSocket),
}

/// The mode: binds, prints `ready` and `port PORT` with `say`, waits
/// with `wait` (until the input closes) and exits 0.
pub fn run(protocol: &str, addr: &str, say: fn(&str), wait: fn()) -> ! {
    let (_socket, port) = bind(protocol, addr);
    say("ready");
    say(&format!("port {port}"));
    wait();
    exit(0)
}

/// Binds port 0 of `addr` for `protocol` and returns the socket and the
/// port it got; exits 64 on a bad argument, 3 when the bind fails.
fn bind(protocol: &str, addr: &str) -> (Bound, u16) {
    let Ok(ip) = addr.parse::<IpAddr>() else {
        eprintln!("sigsend-helper: not an IP address: {addr}");
        exit(64)
    };
    let bound = match protocol {
        "tcp" => TcpListener::bind((ip, 0)).map(Bound::Tcp),
        "udp" => UdpSocket::bind((ip, 0)).map(Bound::Udp),
        _ => {
            eprintln!("sigsend-helper: not tcp or udp: {protocol}");
            exit(64)
        }
    };
    let port = bound.and_then(|bound| {
        let local = match &bound {
            Bound::Tcp(listener) => listener.local_addr(),
            Bound::Udp(socket) => socket.local_addr(),
        }?;
        Ok((bound, local.port()))
    });
    port.unwrap_or_else(|err| {
        eprintln!("sigsend-helper: cannot bind {protocol} {addr}: {err}");
        exit(3)
    })
}
