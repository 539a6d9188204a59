//! Send signals to processes, correctly.
//!
//! sigsend starts from Python's `os.kill(pid, sig)` and gives Rust that
//! function exactly, in [`os`], on POSIX and on Windows, with its neighbours
//! (`killpg`, `pthread_kill`, `sigqueue`, the Linux pidfd calls, and on
//! Windows the kill of a process handle), and adds the types that make
//! signalling safe to get right: [`Signal`], a signal number that is valid
//! on this OS, parsed from every form `kill` accepts; [`Target`], which says
//! a process or a group without magic numbers; [`pid_exists`], an existence
//! probe that is never Ctrl+C on Windows; and [`Error`], whose [`ErrorKind`]
//! a caller can match on.
//!
//! ```
//! # #[cfg(unix)] {
//! use std::os::unix::process::ExitStatusExt;
//! use std::process::Command;
//! use sigsend::{os, ErrorKind, Signal};
//!
//! let mut child = Command::new("sleep").arg("60").spawn()?;
//! let pid = child.id() as i32;
//!
//! let sig: Signal = "SIGTERM".parse()?;
//! os::kill(pid, sig.as_raw())?;
//! let status = child.wait()?;
//! assert_eq!(status.signal(), Some(Signal::TERM.as_raw()));
//!
//! // Reaped: the pid names no process any more.
//! assert_eq!(os::kill(pid, 0).unwrap_err().kind(), ErrorKind::NoSuchProcess);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Signals, targets and errors
//!
//! - `Signal`: `"HUP"`, `"sighup"`, `"1"`, `"RTMIN+3"`, `"RTMAX-1"`, `"RT2"`,
//!   aliases `IOT`, `CLD`, `POLL`, `IO` and `EXIT` (0). Anything else is an
//!   `InvalidSignal` error that echoes the input; nothing ever truncates a
//!   number. `Signal::all()`, `Signal::names()`, `description()`,
//!   `Signal::from_exit_status(143)` (= `TERM`).
//! - `sigsend::os`: `kill`, `killpg`, `pthread_kill`, `sigqueue`,
//!   `waitstatus_to_exitcode`; on Linux `tgkill`, `gettid`, `pidfd_open`,
//!   `pidfd_send_signal`. The numbers go to the kernel unchanged; `pid` 0, -1
//!   and `-pgid` keep their `kill(2)` meaning.
//! - `Target`: `Process(pid)`, `Group(pgid)`, `OwnGroup`, `Everyone`, and
//!   `Target::from_kill_pid(-42)` for `kill(2)`'s encoding; `send(sig)` refuses
//!   what `kill(2)` would misread (pid 0, group 1, an id above `i32::MAX`).
//!   `sigsend::pid_exists(pid)`: signal 0 on POSIX (EPERM means it exists),
//!   `OpenProcess` and a zero wait on Windows.
//! - `Error::kind()`: `NoSuchProcess` (ESRCH), `PermissionDenied` (EPERM),
//!   `InvalidSignal` (EINVAL on a signal), `InvalidInput`, `Unsupported`,
//!   `Other`; `raw_os_error()` keeps the code (errno, or the Windows error).
//!
//! # Process handles, waiting and stopping
//!
//! A pid is a name the kernel reuses, so `kill(pid, sig)` can hit a
//! stranger that got the pid after the intended process died. A
//! [`Process`] is bound to the process itself (a pidfd on Linux, a kqueue
//! and the start time on macOS and FreeBSD, the start time where Linux has
//! no pidfds) and never signals another one. Waiting is event-driven:
//! [`Process::wait`], [`Process::wait_timeout`], and [`wait_all`] for many
//! processes at once with one deadline. The exit status ([`Exit`]) is known
//! for our own children, which are never reaped behind the owner's back.
//!
//! [`Stop`] is a graceful stop plan (TERM, wait, KILL, wait) that runs on
//! one process or on many at once and reports, per process, which step
//! ended it ([`StopReport`]), and can tell an observer of each signal as it
//! is sent ([`Stop::run_all_observed`], [`StopEvent`]); with an
//! [`Interrupts`] guard, a SIGINT or SIGTERM to the caller ends the plan's
//! wait early, and the plan still reports what it did. [`ChildExt`] gives
//! a [`std::process::Child`] both.
//!
//! ```
//! # #[cfg(unix)] {
//! use std::process::Command;
//! use std::time::Duration;
//! use sigsend::{Exit, Process, Signal, Stop, StopOutcome};
//!
//! let mut children = Vec::new();
//! for _ in 0..3 {
//!     children.push(Command::new("sleep").arg("60").spawn()?);
//! }
//! let processes = children
//!     .iter()
//!     .map(Process::from_child)
//!     .collect::<Result<Vec<_>, _>>()?;
//!
//! // TERM, up to 5 s for all three together, then KILL, up to 1 s.
//! let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
//! for report in plan.run_all(&processes)? {
//!     assert_eq!(report.exit(), Some(Exit::Signaled(Signal::TERM)));
//!     assert!(matches!(report.outcome, StopOutcome::Ended { step: 0, .. }));
//! }
//! for mut child in children {
//!     child.wait()?; // the owner reaps, as always
//! }
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A handle on one process, and [`ChildExt`] on a [`std::process::Child`]:
//!
//! ```
//! # #[cfg(unix)] {
//! use std::process::Command;
//! use std::time::Duration;
//! use sigsend::{ChildExt, ErrorKind, Exit, Process, Signal, Stop, StopOutcome};
//!
//! // A handle on a child (or on any pid: Process::open(pid)).
//! let mut child = Command::new("sleep").arg("60").spawn()?;
//! let process = Process::from_child(&child)?;
//! assert_eq!(process.wait_timeout(Duration::from_millis(10))?, None);
//! process.signal(Signal::INT)?;
//! assert_eq!(process.wait()?, Exit::Signaled(Signal::INT));
//! child.wait()?; // reaped: the handle never reaches whoever gets the pid next
//! assert_eq!(process.signal(Signal::KILL).unwrap_err().kind(), ErrorKind::NoSuchProcess);
//!
//! // A stop plan: TERM, up to 5 s; then KILL, up to 1 s. `run_all` stops
//! // many processes at once, waiting for all of them together.
//! let mut server = Command::new("sleep").arg("60").spawn()?;
//! let plan = Stop::term_then_kill(Duration::from_secs(5), Duration::from_secs(1));
//! let report = server.stop(&plan)?;
//! assert_eq!(
//!     report.outcome,
//!     StopOutcome::Ended { step: 0, signal: Signal::TERM, exit: Exit::Signaled(Signal::TERM) }
//! );
//! server.wait()?;
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - `Process::open(pid)`, `from_child(&Child)`, `pid()`, `signal(sig)`
//!   (`Signal::NULL` probes), `signal_with_value(sig, i32)` (as `sigqueue`),
//!   `is_alive()`, `try_wait()`, `wait()`, `wait_timeout(Duration)`;
//!   `wait_async()` with the `tokio` feature.
//! - `sigsend::wait_all(&[Process], Option<Duration>)`: many at once, one
//!   deadline (one `poll` over pidfds on Linux, one kqueue on macOS/FreeBSD,
//!   `WaitForMultipleObjects` on Windows).
//! - `Exit`: `Code(i32)`, `Signaled(Signal)`, or `Unknown` for a process that
//!   is not our child (POSIX tells the status only to the parent; Windows
//!   tells every exit code). Waiting never reaps: the `Child` owner still can.
//! - `Stop::new(sig, wait).then(sig, wait)...`, `Stop::term_then_kill(t, k)`,
//!   `.value(i32)` (kept on every step); `run(&Process)`, `run_all(&[Process])`
//!   report per process the step that ended it (`StopOutcome::Ended`), or
//!   `AlreadyExited`, `Survived`, `Failed`, with the `Exit`;
//!   `run_all_observed(&[Process], |event| ..)` tells of each signal as it
//!   is sent (`StopEvent`). While an `Interrupts::defer()` guard lives,
//!   SIGHUP, SIGINT, SIGQUIT and SIGTERM are held back in the calling thread
//!   and end a plan's wait early (`StopOutcome::Interrupted`); dropping the
//!   guard lets the signal take its course. `Process::is_stopped()`.
//! - `ChildExt` for `std::process::Child`: `signal`, `signal_with_value`,
//!   `stop`; with the `tokio` feature, `TokioChildExt` for
//!   `tokio::process::Child` (`stop` is async) and `Stop::run_async`.
//!
//! ## How each OS holds a process
//!
//! Linux uses a pidfd (`pidfd_open`, `pidfd_send_signal`, `poll`;
//! `waitid(P_PIDFD, WNOWAIT)` for a child's status). Where `pidfd_open` fails
//! with `ENOSYS` (kernels before 5.3, seccomp filters) or `EPERM` (older
//! seccomp filters; the kernel never refuses it for permission), the handle
//! keeps the process's start time from `/proc/PID/stat` and checks it before
//! every signal: a reused pid is refused, never signalled (without this pid
//! namespace's `/proc`, opening one fails and says so). Without pidfds there is no
//! kernel event for the exit of a process that is not our child (and SIGCHLD
//! would mean taking over a process-wide signal), so there, and only there,
//! waiting polls with a bounded backoff (1 ms doubling to 50 ms), children
//! included. macOS and FreeBSD use a kqueue per handle (`EVFILT_PROC`,
//! `NOTE_EXIT`) and the start time (in microseconds) for the identity.
//! Limits: the Linux fallback's start time counts clock ticks (10 ms), so it
//! cannot tell apart two processes that got the same pid within one tick; and a process that exits,
//! is reaped and has its pid reused between the check and the signal (a
//! microsecond window; impossible for our own child unless another thread
//! reaps it) is the one race the fallback keeps. Each Linux handle holds one
//! descriptor, so `RLIMIT_NOFILE` bounds how many are open at once. Windows
//! uses a process handle (`SYNCHRONIZE`, `PROCESS_TERMINATE`,
//! `PROCESS_QUERY_LIMITED_INFORMATION`): Windows gives no new process the pid
//! while it is open, so there is no race at all; one `WaitForMultipleObjects`
//! watches up to 64 handles, and `wait_async` is a wait of Windows' thread pool
//! (`RegisterWaitForSingleObject`) that wakes the task. A queued value is
//! `Unsupported` there.
//!
//! # Finding processes
//!
//! [`processes`] lists the system's processes as [`ProcessInfo`]s (pid,
//! parent, command name, command line, owner, start time, and whether the
//! process is the caller's user's); [`processes_with`] and
//! [`processes_where`] read only the details ([`Fields`]) a question needs,
//! and [`ProcessInfo::of`] one process by pid; [`processes_named`] applies
//! util-linux `kill NAME`'s rule. [`signal_state`] (and [`Process::signal_state`])
//! tells what a process does with each signal, as `kill -d` shows it, and
//! [`Process::open_with_inode`] opens util-linux's `PID:INODE` (a pidfs
//! identity on Linux 6.9+).
//!
//! ```
//! # #[cfg(unix)] {
//! use std::process::Command;
//! use sigsend::{Fields, Process, ProcessInfo, Signal};
//!
//! let mut child = Command::new("sleep").arg("60").spawn()?;
//! # while sigsend::ProcessInfo::of(child.id(), sigsend::Fields::CMDLINE)?.cmdline() != Some(&["sleep".to_owned(), "60".to_owned()][..]) { std::thread::yield_now(); } // until its exec
//! let found = sigsend::processes_named("sleep", false)?;
//! let info = found.iter().find(|p| p.pid() == child.id()).expect("found");
//! assert_eq!(info.ppid(), std::process::id());
//! // Only what the question needs was read; ask for more by pid.
//! assert_eq!(info.cmdline(), None);
//! let info = ProcessInfo::of(child.id(), Fields::CMDLINE)?;
//! assert_eq!(info.cmdline(), Some(&["sleep".to_owned(), "60".to_owned()][..]));
//!
//! let process = Process::from_child(&child)?;
//! # #[cfg(target_os = "linux")]
//! assert!(process.signal_state()?.caught.is_empty());
//! process.signal(Signal::TERM)?;
//! child.wait()?;
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every process, a signal state and `PID:INODE`:
//!
//! ```
//! # #[cfg(unix)] {
//! use std::process::Command;
//! use sigsend::{Process, Signal};
//!
//! let mut child = Command::new("sleep").arg("60").spawn()?;
//! # while sigsend::ProcessInfo::of(child.id(), sigsend::Fields::CMDLINE)?.cmdline() != Some(&["sleep".to_owned(), "60".to_owned()][..]) { std::thread::yield_now(); } // until its exec
//!
//! // Every process, or util-linux `kill NAME`'s choice of them.
//! let all = sigsend::processes()?;
//! let info = all.iter().find(|p| p.pid() == child.id()).expect("listed");
//! assert_eq!((info.name(), info.ppid()), ("sleep", std::process::id()));
//! let named = sigsend::processes_named("sleep", false)?; // own processes only
//! assert!(named.iter().any(|p| p.pid() == child.id()));
//!
//! // What it does with signals (`kill -d`; Linux and FreeBSD), read
//! // through a handle.
//! let process = Process::from_child(&child)?;
//! if let Ok(state) = process.signal_state() {
//!     assert!(!state.caught.contains(Signal::TERM)); // `kill -r TERM` would skip it
//! }
//!
//! // util-linux 2.42's PID:INODE (pidfs, Linux 6.9+).
//! match process.inode() {
//!     Ok(inode) => Process::open_with_inode(child.id(), inode)?.signal(Signal::TERM)?,
//!     Err(_) => process.signal(Signal::TERM)?, // no pidfs here
//! }
//! child.wait()?;
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - `sigsend::processes()`: `ProcessInfo` with `pid()`, `ppid()`, `name()`
//!   (Linux `comm`, the executable's name elsewhere, `.exe` included on
//!   Windows; not valid UTF-8 shown with U+FFFD), `name_os()` (the same name
//!   exactly, its bytes on POSIX), `cmdline()` (`None` when unreadable, always on Windows),
//!   `user()` (`UserId::Uid`, the effective uid; `UserId::Sid` on Windows,
//!   where the process may be opened), `start_time()` (a `StartTime` that
//!   orders processes by start), `is_own()`; with `processes_with(fields)`
//!   the details not asked for are `None` (`Fields::USER`, `CMDLINE`,
//!   `START_TIME`; pid, parent and name always). A process that exits during
//!   the scan is left out. Sources: `/proc`; `proc_listallpids`,
//!   `proc_pidinfo` and `KERN_PROCARGS2` on macOS; `sysctl(KERN_PROC_PROC)`
//!   and `KERN_PROC_ARGS` on FreeBSD; a Toolhelp32 snapshot,
//!   `OpenProcessToken` and `GetProcessTimes` on Windows.
//! - `sigsend::processes_named(name, all_users)`: the command name equals
//!   `name` exactly, byte for byte (`name_os()`, as util-linux compares);
//!   only the caller's processes unless `all_users`; never
//!   the caller itself; each with its pid, parent, name and owner only.
//! - `sigsend::signal_state(pid)`, `Process::signal_state()`: `SignalState`
//!   with `pending_thread`, `pending_process`, `blocked`, `ignored`,
//!   `caught`, each a `SignalSet` (`contains`, `iter`). Linux
//!   (`/proc/PID/status`) and FreeBSD (`kinfo_proc`); `Unsupported` on
//!   macOS (the `libc` crate lacks its `kinfo_proc`) and Windows (no
//!   signals).
//! - `Process::inode()`, `Process::open_with_inode(pid, inode)`: the pidfs
//!   inode of the pidfd; a mismatch is `NoSuchProcess` and nothing is sent;
//!   `Unsupported` without pidfs (Linux before 6.9, no pidfds) and on other
//!   OSes.
//!
//! # Selecting processes, trees and groups
//!
//! [`Selector`] picks processes by name, parent, user and tests of the
//! caller's own (a regular expression, say: the library has no pattern
//! language); [`descendants`] lists a process's tree from one list;
//! [`kill_tree`] signals a whole tree with none escaping by forking (on
//! POSIX the tree is held still with SIGSTOP first), every process through
//! a handle; [`Group`] starts a command in a process group (a Job object on
//! Windows) that can be signalled and stopped as a whole.
//!
//! ```
//! # #[cfg(unix)] {
//! use std::process::Command;
//! use sigsend::{Group, Selector, Signal};
//!
//! let group = Group::spawn(Command::new("sh").args(["-c", "sleep 60 & wait"]))?;
//! # while sigsend::descendants(group.leader().pid())?.iter().all(|p| p.name() != "sleep") { std::thread::yield_now(); }
//! let sleeps = Selector::new().name("sleep").parent(group.leader().pid()).select()?;
//! assert_eq!(sleeps.len(), 1);
//! let reports = group.kill_tree(Signal::KILL)?;
//! assert_eq!(reports.len(), 2);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A tree of two, selected, signalled; then a spawned group:
//!
//! ```
//! # #[cfg(unix)] {
//! use std::process::Command;
//! use sigsend::{Group, Selector, Signal, TreeOutcome};
//!
//! // A shell with a child: a tree of two.
//! let mut shell = Command::new("sh").args(["-c", "sleep 60 & wait"]).spawn()?;
//! let root = sigsend::Process::from_child(&shell)?;
//! // Until the shell's child runs `sleep 60` (it is a shell until its exec).
//! let two_args = |p: &sigsend::ProcessInfo| p.cmdline().is_some_and(|args| args.len() == 2);
//! while !sigsend::descendants(root.pid())?.iter().any(|p| p.name() == "sleep" && two_args(p)) {
//!     std::thread::yield_now();
//! }
//!
//! // By name, parent, user, and a test of the caller's (a regex, say).
//! let found = Selector::new()
//!     .name("sleep")
//!     .parent(root.pid())
//!     .matching(two_args)
//!     .select()?;
//! assert_eq!(found.len(), 1);
//!
//! // The whole tree, held still first so that nothing escapes by forking.
//! let reports = sigsend::kill_tree(&root, Signal::TERM)?;
//! assert!(reports.iter().all(|r| r.outcome == TreeOutcome::Signaled));
//! shell.wait()?;
//!
//! // A command in a group of its own (a Job object on Windows).
//! let group = Group::spawn(Command::new("sh").args(["-c", "sleep 60 & sleep 60"]))?;
//! group.signal(Signal::TERM)?; // every member, grandchildren included
//! group.leader().wait()?;
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - `Selector::new()` with `.name(..)` (exact command name, its bytes), `.parent(ppid)`,
//!   `.user(UserId)`, `.matching(|info| ..)` (any number; all must hold),
//!   then `.select()` or `.matches(&info)`. No pattern language in the
//!   library: the caller plugs in its own. The caller itself is never
//!   selected.
//! - `sigsend::descendants(pid)`: children by parent pid, transitively, from
//!   one list; a child that started before its parent (a reused parent pid)
//!   is not taken, and a cycle cannot loop. An orphan (reparented to init or
//!   a subreaper) is no descendant.
//! - `sigsend::kill_tree(&Process, Signal) -> Vec<TreeReport>` (`pid`,
//!   `outcome`: `Signaled`, `Gone`, `Failed(Error)`). POSIX: SIGSTOP to the
//!   root, then pass after pass each new descendant of a stopped member is
//!   opened as a `Process` and stopped, until a pass finds nothing new that
//!   began once every member was seen stopped (a stopped process cannot
//!   fork, and one that was forking stops only once its child exists; where
//!   a state cannot be read, or a member takes over a second to stop, two
//!   quiet passes in a row); then the signal to
//!   every member through its handle, then SIGCONT to all, so a TERM handler
//!   runs; both children before parents (a parent that ended while a child
//!   of its group was still stopped would leave an orphaned group with a
//!   stopped member, which the kernel sends SIGHUP). Windows: no stop; each pass ends each new descendant at once
//!   (`TerminateProcess`), until two quiet passes. When the root leads a
//!   process group (a `Group`, or `process_group(0)`), every process of that
//!   group is taken too, so an orphan whose parent exited before the walk
//!   reached it is still found. Not covered: an orphan that left that group
//!   (`setsid`), any orphan on Windows, a pid reused in the microseconds
//!   between the list and the opening of its handle, and a child started
//!   after a catchable signal reached its parent (from a handler, or by a
//!   parent that had it blocked when stopped, as glibc's `posix_spawn` does
//!   around its `clone`) whose parent then ended. Nothing escapes KILL.
//! - Nothing stays stopped: every process a walk stopped is resumed before
//!   an error or a panic is returned; HUP, INT, QUIT and TERM reaching the
//!   caller wait until the tree is resumed; on Linux a guardian process
//!   resumes the tree if the caller dies halfway (SIGKILL); walks serialise
//!   on a lock (`/tmp/.sigsend-tree.lock`). A process its user had stopped
//!   stays stopped (`sig` waits for it, as `kill(2)` leaves it; KILL ends
//!   it, CONT resumes it); TSTP, TTIN and TTOU go after their process's own
//!   SIGCONT, so they stop it; the null signal stops nothing; the caller is
//!   never a member; a process counts as held only when every thread is
//!   stopped. A `/proc` that is not this pid namespace's is an error, not a
//!   tree of one. Near the descriptor limit a member is held by pid and
//!   start time instead of a pidfd (`sigsend::raise_fd_limit()` raises the
//!   soft limit to the hard one, as the command does at start).
//! - `sigsend::kill_trees(roots, sig)`: many trees in one walk, a process in
//!   two of them signalled once; `kill_trees_where(roots, sig, |p| ..)`
//!   signals only the members the test accepts (`TreeOutcome::Skipped` for
//!   the others, whose children are walked all the same).
//! - `Stop::run_tree(&Process)` and `Stop::run_trees(roots)`: a stop plan
//!   over whole trees. Each step walks the trees again as `kill_tree` does
//!   (so a process forked during the wait before is taken while its parent
//!   runs) and sends its signal to every member that has not ended, then
//!   waits for all of them at once; one `Vec<StopReport>` per root, the
//!   root's first. A process in two trees is reported once.
//!   `Stop::run_trees_where(roots, |p| ..)`: only the members the test
//!   accepts get the plan (`StopOutcome::Skipped` for the others).
//! - `Group::spawn(&mut Command)`: the command as the leader of a new process
//!   group (POSIX), on Linux also in a new cgroup v2 below the caller's
//!   where the caller may make one (root, or a delegated subtree; it joins
//!   before `exec`, and KILL then goes through `cgroup.kill`, which also
//!   ends members that left the process group by `setsid`; the cgroup is
//!   removed on drop, without waiting: a short-lived thread removes it once
//!   its last process is gone, an exit handler within a second should the
//!   program end first), or in a new console process group and Job object with
//!   `JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE` (Windows). `signal(sig)` (`killpg`;
//!   `TerminateJobObject` with the signal's number as exit code), `stop(&Stop)`
//!   (the plan on the whole tree, `run_tree`, then KILL to what is left of
//!   the group), `kill_tree(sig)`,
//!   `leader()`, `child()`. Dropping it ends what is left and reaps the
//!   leader. Once the leader was reaped, a group signal still reaches the
//!   members left (the kernel keeps the number in use while any is), and is
//!   refused once a process has taken the leader's pid (the number may name
//!   another group then). On POSIX the caller's `Command` is left as it was:
//!   a later plain `spawn()` of it starts a plain child.
//!
//! # Processes on a port
//!
//! [`processes_on_port`] finds the processes holding a TCP or UDP port
//! (IPv4 and IPv6) as [`PortHolder`]s, as `fuser -n tcp PORT` does (Linux,
//! macOS, FreeBSD and Windows).
//!
//! ```
//! # #[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))] {
//! use sigsend::Protocol;
//!
//! let socket = std::net::TcpListener::bind("127.0.0.1:0")?;
//! let port = socket.local_addr()?.port();
//! let holders = sigsend::processes_on_port(port, Some(Protocol::Tcp))?;
//! assert_eq!(holders[0].pid(), std::process::id());
//! assert_eq!(holders[0].local_addr(), socket.local_addr()?);
//! assert!(holders[0].is_listening());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - `sigsend::processes_on_port(port, protocol)`: a `PortHolder` (`pid()`,
//!   `protocol()`, `local_addr()`, `is_listening()`) for each socket of TCP,
//!   UDP (`Protocol`) or both (`None`), IPv4 and IPv6, whose local port is
//!   `port`: a TCP listener and its accepted connections count, a connection
//!   to the port from elsewhere does not. One entry per socket and process,
//!   sorted by pid: dedup the pids for the processes alone. Port 0 is
//!   `InvalidInput`.
//! - Linux: `/proc/net/{tcp,tcp6,udp,udp6}` (the caller's network
//!   namespace), matched by inode with the `socket:[INODE]` links of
//!   `/proc/PID/fd`; another user's processes are visible to root only (as
//!   with `fuser`). Windows: `GetExtendedTcpTable` (`TCP_TABLE_OWNER_PID_ALL`)
//!   and `GetExtendedUdpTable` (`UDP_TABLE_OWNER_PID`), every process (but
//!   not under Wine 8, whose tables give no owner pids). macOS: each
//!   process's descriptors (`proc_pidinfo(PROC_PIDLISTFDS)`) and their
//!   `socket_fdinfo` (`proc_pidfdinfo(PROC_PIDFDSOCKETINFO)`), as `lsof -i`;
//!   another user's processes are visible to root only. FreeBSD:
//!   `sysctl net.inet.{tcp,udp}.pcblist` joined with `kern.file` by socket
//!   address, as `sockstat`; FreeBSD 12 or later (an older record layout is
//!   `Unsupported`, never misread).
//!
//! With the `tokio` feature, `Process::wait_async` awaits an exit through
//! Tokio's reactor (the pidfd or kqueue is registered with it; no thread
//! blocks), `Stop::run_async` runs a stop plan on one process that way, and
//! `TokioChildExt` gives a `tokio::process::Child` what `ChildExt` gives
//! std's: `signal`, `signal_with_value` and an async `stop` (a child Tokio
//! has reaped, whose `id()` is `None`, is never signalled).
//!
//! # On Windows
//!
//! Windows has no signals; sigsend does what Python's `os.kill` does there.
//! `sigsend::os::kill(pid, sig)`: 0 (`CTRL_C_EVENT`) and 1 (`CTRL_BREAK_EVENT`)
//! go to a console process group (`GenerateConsoleCtrlEvent`); any other number
//! ends the process with `TerminateProcess`, and the number becomes its exit
//! code. `sigsend::os::kill_handle(&child, sig)` does the same on a process
//! handle, with no pid to be reused. The `Signal` names are Python's (`INT`,
//! `TERM`, `BREAK`, `ABRT`, `FPE`, `ILL`, `SEGV`, `CTRL_C`, `CTRL_BREAK`, and
//! `KILL` = 9 as a convenience); any other number is an exit code. One choice
//! differs from Python: the typed API reads 0 as the null signal, a probe, as
//! `kill -0` does everywhere; Ctrl+C is `Signal::CTRL_C`, by name only. An
//! unknown pid is `NoSuchProcess` (Windows error 87 kept), an exited process
//! `NoSuchProcess` whether Windows refuses or, as Wine does, succeeds.
//!
//! Windows tells no process's console group, and `GenerateConsoleCtrlEvent`
//! given the pid of a process that leads none reaches every process on the
//! console, the caller too (microsoft/terminal#335). So `Process::signal`,
//! `Target::Process`, trees and stop plans send `CTRL_BREAK` only to the
//! leader of a `Group` (which sigsend started in a group of its own) and
//! refuse it elsewhere; `CTRL_C` to a group, which Windows reports sent while
//! delivering it only to processes that turned Ctrl+C back on, is refused too.
//! `Target::Group(pid)` and `os::kill` send as asked, to a group the caller
//! knows.
//!
//! The system calls live in one private module per OS family; everything
//! else is one code path. Nothing in sigsend panics on its input: a bad
//! signal name or number is an [`Error`] that echoes it.

#![cfg_attr(docsrs, feature(doc_cfg))]
// Every public item is documented: keep it so.
#![warn(missing_docs)]

mod child;
mod descendants;
mod error;
mod exit;
mod fd_limit;
mod fields;
mod group;
mod interrupts;
mod members;
pub mod os;
mod ports;
mod process;
mod process_fd;
mod process_info;
mod processes;
mod selector;
mod signal;
mod signal_state;
mod standard_streams;
mod stop;
#[cfg(feature = "tokio")]
mod stop_async;
mod sys;
mod target;
#[cfg(feature = "tokio")]
mod tokio_child;
mod tree;
mod wait;
mod wait_refs;

pub use child::ChildExt;
pub use descendants::{descendants, Descendants};
pub use error::{Error, ErrorKind};
pub use exit::Exit;
pub use fd_limit::raise_fd_limit;
pub use fields::Fields;
pub use group::Group;
pub use interrupts::Interrupts;
pub use ports::{processes_on_port, PortHolder, Protocol};
pub use process::Process;
pub use process_info::{ProcessInfo, StartTime, UserId};
pub use processes::{processes, processes_named, processes_where, processes_with};
pub use selector::Selector;
pub use signal::Signal;
pub use signal_state::{signal_state, SignalSet, SignalState};
pub use standard_streams::prepare_standard_streams;
pub use stop::{Step, Stop, StopEvent, StopOutcome, StopReport};
pub use target::{pid_exists, Target};
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use tokio_child::TokioChildExt;
pub use tree::{kill_tree, kill_trees, kill_trees_where, TreeOutcome, TreeReport};
pub use wait::wait_all;
pub use wait_refs::wait_all_of;

/// The README's examples, run as doctests (they are POSIX examples).
#[cfg(all(doctest, unix))]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
