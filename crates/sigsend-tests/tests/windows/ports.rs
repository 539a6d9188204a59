//! Port selection on Windows: `sigsend::processes_on_port` finds a helper
//! listening on a loopback port (the extended TCP and UDP tables), over
//! TCP and UDP, IPv4 and IPv6, and the pid it gives is ended through a
//! `sigsend::Process`, the signal number becoming the exit code. Wine 8
//! has the tables but gives every socket's owner as pid 0: there the
//! tests say so and skip.

use std::net::{SocketAddr, TcpListener};

use sigsend::{processes_on_port, ErrorKind, Process, Protocol, Signal};

use super::{on_wine, skipped, Helper, TIMEOUT};

/// A helper bound to port 0 of `addr` for `protocol`, and the port it got.
fn listening(protocol: Protocol, addr: &str) -> (Helper, u16) {
    let helper = Helper::ready(&["listen", &protocol.to_string(), addr], false);
    let line = helper.line(TIMEOUT).expect("a `port PORT` line");
    let port = line
        .strip_prefix("port ")
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("not `port PORT`: {line:?}"));
    (helper, port)
}

/// The helper on `protocol` and `addr` is the one holder of its port; its
/// pid is ended with `sig`, which becomes its exit code. `test` names the
/// test for a skip.
fn found_and_ended(test: &str, protocol: Protocol, addr: &str, sig: Signal) {
    let (mut helper, port) = listening(protocol, addr);
    let holders = match processes_on_port(port, Some(protocol)) {
        Err(err) if on_wine() && err.kind() == ErrorKind::Unsupported => {
            return skipped(test, &format!("Wine lacks the table: {err}"));
        }
        result => result.expect("look up the port"),
    };
    if on_wine() && holders.is_empty() {
        return skipped(
            test,
            "no holder found under Wine, whose TCP and UDP tables give every socket's owner as pid 0",
        );
    }
    assert_eq!(holders.len(), 1, "{holders:?}");
    let holder = &holders[0];
    assert_eq!(holder.pid(), helper.pid());
    assert_eq!(holder.protocol(), protocol);
    let local = SocketAddr::new(addr.parse().unwrap(), port);
    assert_eq!(holder.local_addr().ip(), local.ip());
    assert_eq!(holder.local_addr().port(), port);
    assert_eq!(holder.is_listening(), protocol == Protocol::Tcp);

    let process = Process::open(holder.pid()).expect("open the holder");
    process.signal(sig).expect("end the holder");
    assert_eq!(helper.exit_code(), sig.as_raw());
}

#[test]
fn tcp_ipv4_holder_is_found_and_ended() {
    found_and_ended(
        "tcp_ipv4_holder_is_found_and_ended",
        Protocol::Tcp,
        "127.0.0.1",
        Signal::TERM,
    );
}

#[test]
fn udp_ipv4_holder_is_found_and_ended() {
    found_and_ended(
        "udp_ipv4_holder_is_found_and_ended",
        Protocol::Udp,
        "127.0.0.1",
        Signal::INT,
    );
}

/// [`found_and_ended`] on `::1`, or a skip where IPv6 loopback is missing.
fn found_and_ended_v6(test: &str, protocol: Protocol, sig: Signal) {
    match TcpListener::bind("[::1]:0") {
        Err(err) => skipped(test, &format!("cannot bind [::1]: {err}")),
        Ok(_) => found_and_ended(test, protocol, "::1", sig),
    }
}

#[test]
fn tcp_ipv6_holder_is_found_and_ended() {
    found_and_ended_v6(
        "tcp_ipv6_holder_is_found_and_ended",
        Protocol::Tcp,
        Signal::ABRT,
    );
}

#[test]
fn udp_ipv6_holder_is_found_and_ended() {
    found_and_ended_v6(
        "udp_ipv6_holder_is_found_and_ended",
        Protocol::Udp,
        Signal::BREAK,
    );
}

#[test]
fn port_zero_is_refused() {
    let err = processes_on_port(0, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}
