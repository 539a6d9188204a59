//! Port selection: `sigsend::processes_on_port` finds a helper this test
//! started listening on a loopback port, over TCP and UDP, IPv4 and IPv6,
//! and the pid it gives is signalled through a `sigsend::Process`.
//!
//! On Linux, macOS and FreeBSD (Windows: `windows/ports.rs`).

#![cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]

mod common;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::time::Instant;

use common::Helper;
use sigsend::{processes_on_port, ErrorKind, Process, Protocol, Signal};

/// A helper bound to port 0 of `addr` for `protocol`, and the port it got.
fn listening(protocol: Protocol, addr: &str) -> (Helper, u16) {
    let helper = Helper::ready(&["listen", &protocol.to_string(), addr]);
    let line = helper.line();
    let port = line
        .strip_prefix("port ")
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("not `port PORT`: {line:?}"));
    (helper, port)
}

/// Why IPv6 loopback cannot be used here, if it cannot.
fn no_ipv6() -> Option<String> {
    TcpListener::bind("[::1]:0")
        .err()
        .map(|err| format!("cannot bind [::1]: {err}"))
}

/// The helper on `protocol` and `addr` is the one holder of its port,
/// with its address; asking for the other protocol does not give it
/// (unless the helper holds that port too, which it does not); the pid
/// found is signalled and the helper dies of that signal.
fn found_and_signalled(protocol: Protocol, addr: &str, sig: Signal) {
    let (mut helper, port) = listening(protocol, addr);
    let holders = processes_on_port(port, Some(protocol)).expect("look up the port");
    assert_eq!(holders.len(), 1, "{holders:?}");
    let holder = &holders[0];
    assert_eq!(holder.pid(), helper.pid() as u32);
    assert_eq!(holder.protocol(), protocol);
    let local: SocketAddr = SocketAddr::new(addr.parse().unwrap(), port);
    assert_eq!(holder.local_addr(), local);
    assert_eq!(holder.is_listening(), protocol == Protocol::Tcp);
    assert_eq!(processes_on_port(port, None).unwrap(), holders);
    let other = match protocol {
        Protocol::Tcp => Protocol::Udp,
        Protocol::Udp => Protocol::Tcp,
    };
    let others = processes_on_port(port, Some(other)).unwrap();
    assert!(others.iter().all(|h| h.pid() != holder.pid()), "{others:?}");

    let process = Process::open(holder.pid()).expect("open the holder");
    process.signal(sig).expect("signal the holder");
    assert_eq!(helper.wait_signal(), Some(sig.as_raw()));
}

#[test]
fn tcp_ipv4_holder_is_found_and_signalled() {
    found_and_signalled(Protocol::Tcp, "127.0.0.1", Signal::TERM);
}

#[test]
fn udp_ipv4_holder_is_found_and_signalled() {
    found_and_signalled(Protocol::Udp, "127.0.0.1", Signal::INT);
}

#[test]
fn tcp_ipv6_holder_is_found_and_signalled() {
    match no_ipv6() {
        Some(why) => skipped("tcp_ipv6_holder_is_found_and_signalled", &why),
        None => found_and_signalled(Protocol::Tcp, "::1", Signal::HUP),
    }
}

#[test]
fn udp_ipv6_holder_is_found_and_signalled() {
    match no_ipv6() {
        Some(why) => skipped("udp_ipv6_holder_is_found_and_signalled", &why),
        None => found_and_signalled(Protocol::Udp, "::1", Signal::USR1),
    }
}

#[test]
fn accepted_connections_count_and_are_not_listening() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let client = std::net::TcpStream::connect(addr).unwrap();
    let (_server, _) = listener.accept().unwrap();
    // Only this process's holders count: a child that a parallel test
    // forks holds our descriptors too until it calls exec.
    let me = std::process::id();
    let ours = |port| {
        let holders = processes_on_port(port, Some(Protocol::Tcp)).unwrap();
        holders
            .into_iter()
            .filter(|h| h.pid() == me)
            .collect::<Vec<_>>()
    };
    let holders = ours(addr.port());
    assert_eq!(
        holders.len(),
        2,
        "listener and accepted socket: {holders:?}"
    );
    assert!(holders.iter().all(|h| h.local_addr() == addr));
    assert_eq!(holders.iter().filter(|h| h.is_listening()).count(), 1);
    // The client's end has another local port: it does not hold this one.
    let client_holders = ours(client.local_addr().unwrap().port());
    assert_eq!(client_holders.len(), 1, "{client_holders:?}");
    assert!(!client_holders[0].is_listening());
}

#[test]
fn a_port_nobody_holds_gives_an_empty_list() {
    // A port bound and closed at once is free (a listener that never
    // accepted leaves no TIME_WAIT); another process may take it meanwhile,
    // so up to three tries.
    for _ in 0..3 {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let holders = processes_on_port(port, None).unwrap();
        if holders.is_empty() {
            return;
        }
    }
    panic!("three freed ports all had holders");
}

#[test]
fn port_zero_is_refused() {
    let err = processes_on_port(0, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.raw_os_error(), None);
}

/// Prints how long one lookup takes (no assertion: machines differ).
#[test]
fn one_lookup_is_timed() {
    let (_helper, port) = listening(Protocol::Tcp, "127.0.0.1");
    let start = Instant::now();
    let holders = processes_on_port(port, None).unwrap();
    let took = start.elapsed();
    assert_eq!(holders.len(), 1);
    let _ = writeln!(std::io::stderr(), "one lookup of port {port}: {took:?}");
}

fn skipped(test: &str, why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}
