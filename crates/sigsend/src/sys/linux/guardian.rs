//! The guardian: a child process that resumes (SIGCONT) the processes a
//! tree walk stopped, should the walking process (the caller) die before
//! it resumes them itself.
//!
//! The caller tells the guardian of each process before it stops it:
//! fixed-size records (pid, start time) over a Unix stream socket, of
//! which the guardian holds the only other end. When the walk is over,
//! dropping the [`Guardian`] sends a done marker (a record with pid 0): the
//! guardian exits at once and sends nothing. If instead the stream ends
//! without that marker, the caller is gone, and the guardian sends SIGCONT
//! to every process it was told of, in the reverse order (descendants,
//! which a walk finds after their ancestors, before those: see `tree.rs`
//! on orphaned process groups), each only if its start time (field 22 of
//! `/proc/PID/stat`) is still the one it was told, through a pidfd opened
//! before that check, so that a pid reused meanwhile is never signalled.
//! Then it exits.
//!
//! # Covered
//! Whatever ends the caller closes its descriptors, so the guardian sees
//! the end of the stream however the caller dies: SIGKILL (the OOM killer,
//! `kill -9`), a crash (SIGSEGV, SIGBUS), `abort()` (a panic with
//! `panic = "abort"`), `std::process::exit` or any exit that skips the
//! [`Guardian`]'s destructor. A panic that unwinds drops the guardian,
//! which releases it (see `finish`): resuming the
//! processes is then up to the unwinding code.
//!
//! The guardian does not end with its caller: it blocks every signal it
//! can (SIGKILL and SIGSTOP cannot be blocked; glibc keeps its two
//! internal signals, which only its own threads send), from before it
//! starts (the forking thread blocks them around `fork`), so Ctrl+C, TERM
//! and HUP do nothing to it; it leads a process group of its own, so that
//! a signal to its caller's group (Ctrl+Z, `kill -9 -PGID`, a terminal's
//! hangup) does not reach it; and it holds no descriptor but its end of
//! the socket (not the caller's terminal or pipes either).
//!
//! # Not covered
//! - The guardian ended as well: SIGKILL to its pid, the OOM killer
//!   choosing it too, or a kill of the whole cgroup (systemd stopping a
//!   service, `cgroup.kill`, an OOM kill with `memory.oom.group`). Once it
//!   is gone, [`watch`](Guardian::watch) fails (`EPIPE`).
//! - The guardian stopped (SIGSTOP to its pid): it does nothing until it
//!   is continued; meanwhile `watch` blocks once the socket's buffer is
//!   full, and its release blocks until it has exited.
//! - A child forked by another thread of the caller while a walk runs
//!   inherits a copy of the caller's end of the socket (it is close-on-exec,
//!   so only until that child calls `exec`). If the caller dies meanwhile,
//!   the stream ends only once that child has exited or exec'd: until then
//!   the stopped processes stay stopped, and forever if that child neither
//!   exits nor execs. The release is not delayed by it: its `shutdown` ends
//!   the stream for every copy.
//! - A kernel without pidfds (before Linux 5.3): the guardian checks the
//!   start time, then sends SIGCONT by pid with `kill(2)`; a process that
//!   exits and whose pid is taken by a new one in the instant between the
//!   two would be continued instead. Without `/proc` no start time can be
//!   read, and nothing is resumed: the processes stay stopped.
//! - A process the caller stopped without telling the guardian; one whose
//!   start time the caller got wrong (it is skipped as a stranger).
//!
//! # Costs
//! One `fork` per walk, and 64 MiB of address space reserved before it
//! (room for a record of every pid there can be, so the guardian never
//! allocates), of which only what the records fill (16 bytes each) is
//! ever touched.

use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::{ptr, slice};

use crate::error::{Error, ErrorKind};
use crate::sys::Call;
use crate::sys::{cvt, errno, pid_t, Blocked};

/// How many processes a guardian can be told of: `PID_MAX_LIMIT`, the
/// highest `pid_max` of a 64-bit kernel (2^22).
const CAPACITY: usize = 4 * 1024 * 1024;

/// The size of a record: the pid, then the start time, each a
/// native-endian `u64`.
const RECORD: usize = 16;

/// The done marker: a record whose pid is 0, which no process has.
const DONE: [u8; RECORD] = [0; RECORD];

/// A child process that resumes (SIGCONT) every process it was told of,
/// should this process die before the guardian is dropped.
#[derive(Debug)]
pub(crate) struct Guardian {
    pid: i32,
    /// Our end of the socket; the guardian holds the other.
    sock: OwnedFd,
    /// How many records it has been sent.
    watched: usize,
    /// Released and reaped: its pid is no longer ours to wait for.
    released: bool,
}

impl Guardian {
    /// Forks the guardian.
    pub(crate) fn start() -> Result<Guardian, Error> {
        let (ours, theirs) = socketpair()?;
        let mut records = Region::map((CAPACITY + 1) * RECORD)?;
        let fd_limit = fd_limit();
        // A fork meanwhile gives a child that starts with them all blocked.
        let blocked = Blocked::all();
        // SAFETY: the child runs only `guard`, which never returns and
        // makes only async-signal-safe calls on memory that was allocated
        // before the fork (`records`) or is on its stack, as a child of a
        // multithreaded process must.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            guard(theirs.as_raw_fd(), records.bytes(), fd_limit);
        }
        let forked = cvt(pid, Call::Fork);
        drop(blocked);
        drop((theirs, records));
        let pid = forked?;
        let guardian = Guardian {
            pid,
            sock: ours,
            watched: 0,
            released: false,
        };
        // The guardian calls it too; as a shell does, both do, so that it
        // holds once `start` returns, whichever runs first. On failure the
        // guardian is released (dropped) as it is.
        // SAFETY: setpgid(2) takes two integers; `pid` is our child, which
        // has not exec'd, so it may be moved to a group of its own.
        cvt(unsafe { libc::setpgid(pid, pid) }, Call::Setpgid { pid })?;
        Ok(guardian)
    }

    /// Its pid (a tree walk must never stop it).
    pub(crate) fn pid(&self) -> u32 {
        // A pid from fork is positive.
        self.pid as u32
    }

    /// Tells it of processes about to be stopped: (pid, start time in
    /// clock ticks, field 22 of `/proc/PID/stat`). One `send(2)` for the
    /// whole batch, called before they are sent SIGSTOP; it blocks until
    /// the records are in the socket.
    ///
    /// Refused: a pid that is no process's (0 would read as the done
    /// marker), or more than [`CAPACITY`] records in all.
    pub(crate) fn watch(&mut self, members: &[(u32, u64)]) -> Result<(), Error> {
        let total = self.watched + members.len();
        if total > CAPACITY {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "a guardian can be told of {CAPACITY} processes, not {total}: \
                     there are no more pids than that"
                ),
            ));
        }
        let mut bytes = Vec::with_capacity(members.len() * RECORD);
        for &(pid, start) in members {
            pid_t(pid)?;
            bytes.extend_from_slice(&u64::from(pid).to_ne_bytes());
            bytes.extend_from_slice(&start.to_ne_bytes());
        }
        self.send(&bytes)?;
        self.watched = total;
        Ok(())
    }

    /// Everything was resumed (dropping the guardian does this): sends
    /// the done marker, ends the stream, and reaps the guardian, which
    /// exits without sending anything; once only. An error when the done
    /// marker could not be sent (the guardian had ended already: it no
    /// longer covered the caller) or the guardian could not be waited
    /// for; it is reaped in either case.
    fn finish(&mut self) -> Result<(), Error> {
        if self.released {
            return Ok(());
        }
        self.released = true;
        let sent = self.send(&DONE);
        // The end of the stream for every copy of our end (a child forked
        // meanwhile by another thread may hold one): the guardian exits at
        // the done marker, or, should that not have been sent, at the end
        // (resuming what it was told of, which the caller has resumed
        // already), and is never waited for in vain.
        // SAFETY: shutdown(2) on the socket we own; no memory is involved.
        let ret = unsafe { libc::shutdown(self.sock.as_raw_fd(), libc::SHUT_WR) };
        let shut = cvt(ret, Call::GuardianShutdown { pid: self.pid });
        sent.and(shut).and(reap(self.pid))
    }

    /// `bytes` into the socket, however many `send(2)` calls it takes.
    /// `MSG_NOSIGNAL`: a guardian that is gone gives `EPIPE`, never a
    /// SIGPIPE that would end the caller.
    fn send(&self, bytes: &[u8]) -> Result<(), Error> {
        let call = Call::GuardianSend {
            pid: self.pid,
            len: bytes.len(),
        };
        let mut rest = bytes;
        while !rest.is_empty() {
            // SAFETY: send(2) reads at most `rest.len()` bytes from `rest`,
            // which lives across the call, and writes to the socket we own.
            let ret = unsafe {
                libc::send(
                    self.sock.as_raw_fd(),
                    rest.as_ptr().cast(),
                    rest.len(),
                    libc::MSG_NOSIGNAL,
                )
            };
            match cvt(ret, call) {
                // send returns at most the length asked for.
                Ok(sent) => rest = &rest[sent as usize..],
                Err(err) if err.raw_os_error() == Some(libc::EINTR) => {}
                Err(err) => return Err(err),
            }
        }
        Ok(())
    }
}

impl Drop for Guardian {
    /// As [`release`](Guardian::release), errors ignored.
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

/// Waits for the guardian `pid` to exit and reaps it. `ECHILD` is no
/// error: someone else reaped it (a `waitpid(-1)`, SIGCHLD ignored).
fn reap(pid: i32) -> Result<(), Error> {
    loop {
        let mut info = MaybeUninit::<libc::siginfo_t>::zeroed();
        // SAFETY: waitid(2) writes at most one siginfo_t into the zeroed
        // buffer we own; `pid` is our child, not reaped by us before.
        let ret = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                info.as_mut_ptr(),
                libc::WEXITED,
            )
        };
        match cvt(ret, Call::Waitid { pid }) {
            Ok(_) => return Ok(()),
            Err(err) if err.raw_os_error() == Some(libc::EINTR) => {}
            Err(err) if err.raw_os_error() == Some(libc::ECHILD) => return Ok(()),
            Err(err) => return Err(err),
        }
    }
}

/// A connected pair of Unix stream sockets, close-on-exec.
fn socketpair() -> Result<(OwnedFd, OwnedFd), Error> {
    let mut fds: [libc::c_int; 2] = [-1; 2];
    // SAFETY: socketpair(2) writes two descriptors into the array we own.
    let ret = unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    };
    cvt(ret, Call::Socketpair)?;
    // SAFETY: on success both are new descriptors that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Private anonymous memory, mapped before the fork (the guardian may not
/// allocate) and unmapped when dropped: in the caller, right after it.
struct Region {
    ptr: *mut u8,
    len: usize,
}

impl Region {
    /// `len` bytes, zero-filled, with no swap reserved: only the pages
    /// written ever cost memory.
    fn map(len: usize) -> Result<Region, Error> {
        // SAFETY: a new anonymous mapping, placed by the kernel: no memory
        // of ours is involved.
        let ptr = unsafe {
            libc::mmap(
                ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(Error::from_os(errno(), Call::Mmap { len }));
        }
        Ok(Region {
            ptr: ptr.cast(),
            len,
        })
    }

    fn bytes(&mut self) -> &mut [u8] {
        // SAFETY: the mapping is `len` bytes, readable and writable,
        // zero-filled by the kernel, and borrowed from us mutably.
        unsafe { slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        // SAFETY: the whole of a mapping we made, to which no reference
        // outlives `self`.
        unsafe { libc::munmap(self.ptr.cast(), self.len) };
    }
}

/// The soft limit of descriptors, for closing them one by one where
/// `close_range(2)` is missing (before Linux 5.9).
fn fd_limit() -> libc::c_uint {
    let limit = crate::sys::fd_limit().unwrap_or(1024);
    libc::c_uint::try_from(limit).unwrap_or(libc::c_uint::MAX)
}

// ---------------------------------------------------------------------
// The guardian's side: after `fork`, in the child. Only async-signal-safe
// system calls through libc, on memory allocated before the fork or on
// the stack: no allocation, no lock, no formatting, no std I/O, no panic
// (slices are reached with `get`, numbers parsed with checked arithmetic).

/// The guardian's whole life: reads records into `records` until the done
/// marker (it exits) or the end of the stream (it resumes the processes,
/// then exits). `sock` is its end of the socket.
fn guard(sock: RawFd, records: &mut [u8], fd_limit: libc::c_uint) -> ! {
    // SAFETY: setpgid(2) on ourselves: a group of our own (see `start`).
    unsafe { libc::setpgid(0, 0) };
    close_all_but(sock, fd_limit);
    let mut filled = 0usize;
    // Until the end of the stream: the caller is gone (a broken socket is
    // taken alike, so that nothing is left stopped). The caller sends at
    // most CAPACITY records and the marker, which fit: the room is never
    // empty before the marker has come.
    while let Some(got) = records
        .get_mut(filled..)
        .and_then(|room| read_some(sock, room))
    {
        // The first record not complete before this read.
        let first_new = filled & !(RECORD - 1);
        filled = filled.saturating_add(got);
        let complete = filled & !(RECORD - 1);
        let new = records.get(first_new..complete).unwrap_or_default();
        if new.chunks_exact(RECORD).any(|record| decode(record).0 == 0) {
            exit();
        }
    }
    // A record the caller was writing when it died is left out.
    let told = records.get(..filled & !(RECORD - 1)).unwrap_or_default();
    for record in told.chunks_exact(RECORD).rev() {
        let (pid, start) = decode(record);
        // The caller sends pids from 1 to i32::MAX only.
        if let Ok(pid) = libc::pid_t::try_from(pid) {
            resume(pid, start);
        }
    }
    exit()
}

/// One read(2) into `room`, again when a signal interrupted it: how many
/// bytes came; `None` at the end of the file (or with no room), or on an
/// error.
fn read_some(fd: RawFd, room: &mut [u8]) -> Option<usize> {
    loop {
        // SAFETY: read(2) writes at most `room.len()` bytes into `room`.
        let got = unsafe { libc::read(fd, room.as_mut_ptr().cast(), room.len()) };
        if got > 0 {
            return Some(got.unsigned_abs());
        }
        if got == 0 || errno() != libc::EINTR {
            return None;
        }
    }
}

fn exit() -> ! {
    // SAFETY: _exit(2) ends the process at once; no atexit handler or
    // stdio flush runs (those are the caller's).
    unsafe { libc::_exit(0) }
}

/// A record's pid and start time.
fn decode(record: &[u8]) -> (u64, u64) {
    let word = |at: usize| {
        record
            .get(at..)
            .and_then(|rest| rest.first_chunk::<8>())
            .map_or(0, |bytes| u64::from_ne_bytes(*bytes))
    };
    (word(0), word(8))
}

/// Closes every descriptor but `keep`.
fn close_all_but(keep: RawFd, fd_limit: libc::c_uint) {
    // A descriptor is never negative.
    let keep = keep.unsigned_abs();
    if let Some(below) = keep.checked_sub(1) {
        close_range(0, below, fd_limit);
    }
    close_range(keep.saturating_add(1), libc::c_uint::MAX, fd_limit);
}

/// Closes the descriptors `first..=last`: `close_range(2)`, or one by one
/// below `fd_limit` where it is missing.
fn close_range(first: libc::c_uint, last: libc::c_uint, fd_limit: libc::c_uint) {
    let flags: libc::c_uint = 0;
    // SAFETY: close_range(2) closes descriptors of this process, none of
    // which the guardian uses but the one kept out of the range.
    let ret = unsafe { libc::syscall(libc::SYS_close_range, first, last, flags) };
    if ret == -1 && errno() == libc::ENOSYS {
        for fd in first..fd_limit.min(last.saturating_add(1)) {
            // A descriptor below the limit fits in an int.
            // SAFETY: as above, one descriptor at a time; EBADF for one
            // that is not open is harmless.
            unsafe { libc::close(fd as libc::c_int) };
        }
    }
}

/// Sends SIGCONT to `pid` if its start time is `start`: through a pidfd
/// opened before the check, so that the signal reaches the process that
/// was checked or none; by pid where there are no pidfds (`ENOSYS`, or
/// `EPERM`, which only a seccomp filter gives for `pidfd_open`).
fn resume(pid: libc::pid_t, start: u64) {
    // SAFETY: pidfd_open(2) takes two integers; flags 0.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if fd >= 0 {
        if start_time(pid) == Some(start) {
            let null = ptr::null::<libc::siginfo_t>();
            // SAFETY: the pidfd is ours and open; a null siginfo asks the
            // kernel to fill one in as kill(2) does; flags 0.
            unsafe { libc::syscall(libc::SYS_pidfd_send_signal, fd, libc::SIGCONT, null, 0) };
        }
        // A descriptor fits in an int.
        // SAFETY: closes the pidfd just opened, which nothing else uses.
        unsafe { libc::close(fd as libc::c_int) };
    } else if matches!(errno(), libc::ENOSYS | libc::EPERM) && start_time(pid) == Some(start) {
        // SAFETY: kill(2) takes two integers; `pid` is positive.
        unsafe { libc::kill(pid, libc::SIGCONT) };
    }
}

/// Field 22 (`starttime`) of `/proc/PID/stat`, read into a buffer on the
/// stack; `None` when it cannot be read (the process is gone).
fn start_time(pid: libc::pid_t) -> Option<u64> {
    let mut path = [0u8; 32];
    stat_path(pid.unsigned_abs(), &mut path)?;
    // SAFETY: `path` holds a NUL-terminated path; open(2) only reads it.
    let fd = unsafe { libc::open(path.as_ptr().cast(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return None;
    }
    // The line is some 300 bytes; field 22 comes within the first 1,100
    // even with the longest (escaped) command name.
    let mut text = [0u8; 4096];
    let mut len = 0usize;
    while let Some(got) = text.get_mut(len..).and_then(|room| read_some(fd, room)) {
        len = len.saturating_add(got);
    }
    // SAFETY: closes the descriptor opened above, which nothing else uses.
    unsafe { libc::close(fd) };
    parse_start(text.get(..len)?)
}

/// Writes `/proc/PID/stat` and a NUL into `path`.
fn stat_path(pid: u32, path: &mut [u8; 32]) -> Option<()> {
    // The decimal digits, from the last.
    let mut digits = [0u8; 10];
    let mut rest = pid;
    let mut count = 0usize;
    for digit in digits.iter_mut().rev() {
        *digit = b'0' | (rest % 10) as u8;
        rest /= 10;
        count = count.saturating_add(1);
        if rest == 0 {
            break;
        }
    }
    let digits = digits.get(digits.len().checked_sub(count)?..)?;
    let mut out = path.iter_mut();
    for &byte in [&b"/proc/"[..], digits, b"/stat\0"].into_iter().flatten() {
        *out.next()? = byte;
    }
    Some(())
}

/// Field 22 of a `/proc/PID/stat` line: the command name (field 2) may
/// hold anything, so fields are counted after its last `)`; field 3 is the
/// first there, field 22 the 20th.
fn parse_start(stat: &[u8]) -> Option<u64> {
    let close = stat.iter().rposition(|&byte| byte == b')')?;
    let fields = stat.get(close.checked_add(1)?..)?;
    let field = fields
        .split(|&byte| byte == b' ' || byte == b'\n')
        .filter(|field| !field.is_empty())
        .nth(19)?;
    field.iter().try_fold(0u64, |value, &byte| {
        let digit = byte.checked_sub(b'0').filter(|digit| *digit < 10)?;
        value.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use super::super::stat;
    use super::*;
    use crate::sys::{child_state, pidfd_open, pidfd_send_signal, ChildState};

    /// `sleep 30` children, killed (SIGKILL ends a stopped process too) and
    /// reaped however the test ends.
    struct Sleepers(Vec<Child>);

    impl Sleepers {
        fn spawn(count: usize) -> Sleepers {
            let mut sleepers = Sleepers(Vec::new());
            for _ in 0..count {
                let child = Command::new("sleep")
                    .arg("30")
                    .spawn()
                    .expect("spawn sleep");
                sleepers.0.push(child);
            }
            sleepers
        }

        fn pid(&self, index: usize) -> i32 {
            self.0[index].id() as i32
        }
    }

    impl Drop for Sleepers {
        fn drop(&mut self) {
            for child in &mut self.0 {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }

    /// A guardian whose caller died (it is no child of ours any more):
    /// killed, should a test end while it still runs, through a pidfd and
    /// only if its start time is still the one it had.
    struct Orphan {
        pid: i32,
        start: u64,
    }

    impl Orphan {
        fn running(&self) -> bool {
            stat::read(self.pid)
                .ok()
                .flatten()
                .is_some_and(|stat| stat.start == self.start && !stat.zombie)
        }
    }

    impl Drop for Orphan {
        fn drop(&mut self) {
            if let Ok(fd) = pidfd_open(self.pid) {
                if self.running() {
                    let _ = pidfd_send_signal(fd.as_raw_fd(), libc::SIGKILL);
                }
            }
        }
    }

    /// Field 3 of `/proc/PID/stat`: `T` while stopped.
    fn state(pid: i32) -> Option<u8> {
        let text = std::fs::read(format!("/proc/{pid}/stat")).ok()?;
        let close = text.iter().rposition(|&byte| byte == b')')?;
        text.get(close + 2).copied()
    }

    fn start_of(pid: i32) -> u64 {
        stat::read(pid).expect("read stat").expect("running").start
    }

    /// Whether `done` holds within 5 s.
    fn within_5s(mut done: impl FnMut() -> bool) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !done() {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        true
    }

    /// SIGSTOP to a process the tests started, until it is seen stopped.
    fn stop(pid: i32) {
        // SAFETY: kill(2) takes two integers; `pid` is a `sleep` the test
        // started and has not reaped.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGSTOP) }, 0);
        assert!(within_5s(|| state(pid) == Some(b'T')), "{pid} stopped");
    }

    const CALLER_WATCH: &str = "SIGSEND_GUARDIAN_TEST_WATCH";
    const CALLER_STOP: &str = "SIGSEND_GUARDIAN_TEST_STOP";

    /// The caller that dies, for the tests below. It must be a process of
    /// its own that ends without releasing its guardian. A `fork` of the
    /// test process would run in a copy of a multithreaded process (the
    /// harness runs tests on several threads), where only async-signal-safe
    /// calls are safe, and playing the caller allocates (the batch of
    /// records, reading `/proc`), so it might deadlock on a lock another
    /// thread held at the fork. So the test binary runs itself again
    /// (`caller_dies`), a fresh process, with only this test, which
    /// plays the caller when the variables say so and does nothing
    /// otherwise: it starts a guardian, tells it of the records of
    /// `CALLER_WATCH` ("PID:START PID:START"), stops the pids of
    /// `CALLER_STOP` until each is seen stopped, prints the guardian's pid
    /// and start time, and SIGKILLs itself.
    #[test]
    fn caller_role() {
        let (Ok(watch), Ok(stops)) = (std::env::var(CALLER_WATCH), std::env::var(CALLER_STOP))
        else {
            return;
        };
        let watch: Vec<(u32, u64)> = watch
            .split_whitespace()
            .map(|record| {
                let (pid, start) = record.split_once(':').expect("PID:START");
                (pid.parse().expect("pid"), start.parse().expect("start"))
            })
            .collect();
        let mut guardian = Guardian::start().expect("start a guardian");
        guardian.watch(&watch).expect("watch");
        for pid in stops.split_whitespace() {
            stop(pid.parse().expect("pid"));
        }
        let pid = guardian.pid() as i32;
        // On a line of its own: the harness has written "test NAME ... " before.
        println!("\nguardian {pid} {}", start_of(pid));
        std::io::stdout().flush().expect("flush");
        // SAFETY: raise(3) sends SIGKILL to this process (a copy of the test
        // binary that plays the caller): it dies as a killed caller does,
        // with its guardian never released.
        unsafe { libc::raise(libc::SIGKILL) };
        unreachable!("SIGKILL ends the caller");
    }

    /// Runs the caller of `caller_role`, which dies, and returns its
    /// guardian.
    fn caller_dies(watch: &[(i32, u64)], stops: &[i32]) -> Orphan {
        let (_, path) = module_path!().split_once("::").expect("crate::path");
        let watch: Vec<String> = watch
            .iter()
            .map(|(pid, start)| format!("{pid}:{start}"))
            .collect();
        let stops: Vec<String> = stops.iter().map(i32::to_string).collect();
        let mut caller = Command::new(std::env::current_exe().expect("the test binary"))
            .args(["--exact", &format!("{path}::caller_role"), "--nocapture"])
            .args(["--test-threads", "1"])
            .env(CALLER_WATCH, watch.join(" "))
            .env(CALLER_STOP, stops.join(" "))
            .stdout(Stdio::piped())
            .spawn()
            .expect("run the caller");
        // Read up to the guardian's line only: a guardian that kept a copy
        // of the pipe (it must not) would fail the test, not hang it.
        let mut text = String::new();
        let lines = BufReader::new(caller.stdout.take().expect("piped"));
        let line = lines.lines().map_while(Result::ok).find_map(|line| {
            text.push_str(&line);
            text.push('\n');
            line.strip_prefix("guardian ").map(str::to_owned)
        });
        let status = caller.wait().expect("wait for the caller");
        let line = line.unwrap_or_else(|| panic!("the caller said no guardian: {text}"));
        let (pid, start) = line.split_once(' ').expect("PID START");
        let guardian = Orphan {
            pid: pid.parse().expect("pid"),
            start: start.parse().expect("start"),
        };
        assert_eq!(status.signal(), Some(libc::SIGKILL), "{text}");
        guardian
    }

    #[test]
    fn without_pidfds_it_resumes_by_pid() {
        // A seccomp filter's answers: ENOSYS, or EPERM (which the kernel
        // never gives for pidfd_open).
        for errno in [libc::ENOSYS, libc::EPERM] {
            let sleepers = Sleepers::spawn(1);
            let pid = sleepers.pid(0);
            let start = start_of(pid);
            stop(pid);
            std::thread::spawn(move || {
                crate::sys::refuse_pidfd_open_in_this_thread(errno);
                resume(pid, start);
            })
            .join()
            .expect("the filtered thread");
            assert!(
                within_5s(|| state(pid) != Some(b'T')),
                "{pid} resumed with pidfd_open failing with {errno}"
            );
        }
    }

    #[test]
    fn released_it_resumes_nothing_and_is_reaped() {
        let sleepers = Sleepers::spawn(1);
        let pid = sleepers.pid(0);
        let mut guardian = Guardian::start().expect("start");
        let guardian_pid = guardian.pid() as i32;
        guardian
            .watch(&[(pid as u32, start_of(pid))])
            .expect("watch");
        stop(pid);
        guardian.finish().expect("release");
        assert_eq!(state(pid), Some(b'T'), "{pid} still stopped");
        let reaped = child_state(libc::P_PID, guardian_pid as libc::id_t, guardian_pid);
        assert_eq!(reaped.expect("waitid"), ChildState::NotChild);
    }

    #[test]
    fn when_the_caller_dies_it_resumes_what_it_was_told_of_only() {
        let sleepers = Sleepers::spawn(2);
        let (told, untold) = (sleepers.pid(0), sleepers.pid(1));
        let guardian = caller_dies(&[(told, start_of(told))], &[told, untold]);
        assert!(within_5s(|| state(told) != Some(b'T')), "{told} resumed");
        assert!(within_5s(|| !guardian.running()), "the guardian exits");
        assert_eq!(state(untold), Some(b'T'), "{untold}: not told, not resumed");
    }

    #[test]
    fn a_process_whose_start_time_differs_is_not_resumed() {
        let sleepers = Sleepers::spawn(2);
        let (stranger, told) = (sleepers.pid(0), sleepers.pid(1));
        let records = [(stranger, start_of(stranger) + 1), (told, start_of(told))];
        let guardian = caller_dies(&records, &[stranger, told]);
        // The record after it (resumed first) shows that the guardian ran.
        assert!(within_5s(|| state(told) != Some(b'T')), "{told} resumed");
        assert!(within_5s(|| !guardian.running()), "the guardian exits");
        assert_eq!(
            state(stranger),
            Some(b'T'),
            "{stranger}: another start time"
        );
    }

    #[test]
    fn it_shelters_from_signals_and_holds_one_descriptor() {
        let mut guardian = Guardian::start().expect("start");
        let pid = guardian.pid() as i32;
        // SAFETY: getpgid(2) takes an integer.
        assert_eq!(unsafe { libc::getpgid(pid) }, pid, "a group of its own");
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGTSTP] {
            // SAFETY: kill(2) takes two integers; `pid` is our child,
            // unreaped.
            assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
        }
        let fds = || std::fs::read_dir(format!("/proc/{pid}/fd")).map(Iterator::count);
        assert!(
            within_5s(|| fds().is_ok_and(|count| count == 1)),
            "{:?}",
            fds()
        );
        let own = std::process::id();
        guardian
            .watch(&[(own, start_of(own as i32))])
            .expect("still there");
        guardian.finish().expect("release");
    }

    #[test]
    fn pids_that_are_no_process_are_refused() {
        let mut guardian = Guardian::start().expect("start");
        for pid in [0, u32::MAX] {
            let err = guardian.watch(&[(pid, 1)]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
        }
        guardian.finish().expect("release");
    }

    #[test]
    fn reads_start_times_as_stat_does() {
        let own = std::process::id() as i32;
        assert_eq!(start_time(own), Some(start_of(own)));
        let mut path = [0u8; 32];
        stat_path(4_194_304, &mut path).expect("fits");
        assert!(path.starts_with(b"/proc/4194304/stat\0"));
        stat_path(u32::MAX, &mut path).expect("fits");
        assert!(path.starts_with(b"/proc/4294967295/stat\0"));
        let odd = b"42 (a) b (c)) S 1 42 42 0 -1 4194560 1 0 0 0 1 2 0 0 20 0 1 0 987654 1000\n";
        assert_eq!(parse_start(odd), Some(987_654));
        assert_eq!(parse_start(b"42 (x) S 1 2 3\n"), None);
    }
}
