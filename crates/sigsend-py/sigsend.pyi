"""sigsend: a drop-in os.kill that keeps every promise of its documentation,
and race-free process handles (type stubs)."""

import re
import signal
import subprocess
import sys
from types import TracebackType
from typing import Callable, Iterable, List, Optional, Sequence, SupportsIndex, Tuple, Type, Union, final

__version__: str

_SignalLike = Union[int, signal.Signals, str]
"""A signal: an int, a `signal.Signals` member, or a name ("TERM",
"SIGTERM", "RTMIN+1")."""

_ProcessLike = Union["Process", "subprocess.Popen[bytes]", "subprocess.Popen[str]", int]
_Plan = Sequence[Tuple[_SignalLike, float]]

class TimeoutExpired(TimeoutError):
    """`Process.wait` timed out; `.pid` and `.timeout` tell which and how long."""

    pid: int
    timeout: float

# ---------------------------------------------------------------- drop-ins

def kill(
    pid: Union[SupportsIndex, "Process", "subprocess.Popen[bytes]", "subprocess.Popen[str]"],
    signal: SupportsIndex,
    /,
) -> None:
    """os.kill, exactly; a Popen or a Process is signalled through its handle."""

if sys.platform != "win32":
    def killpg(pgid: SupportsIndex, signal: SupportsIndex, /) -> None:
        """os.killpg, exactly."""
    def pthread_kill(thread_id: int, signalnum: SupportsIndex, /) -> None:
        """signal.pthread_kill; an id that is no live thread is ProcessLookupError."""

if sys.platform == "win32":
    def kill_handle(handle: int, signal: SupportsIndex, /) -> None:
        """os.kill on a raw process HANDLE (TerminateProcess or a console event)."""

def waitstatus_to_exitcode(status: SupportsIndex) -> int:
    """os.waitstatus_to_exitcode, exactly."""

if sys.platform == "linux":
    def pidfd_open(pid: SupportsIndex, flags: SupportsIndex = 0) -> int:
        """os.pidfd_open, exactly: a pidfd the caller closes."""
    def pidfd_send_signal(
        pidfd: SupportsIndex,
        sig: SupportsIndex,
        siginfo: None = None,
        flags: SupportsIndex = 0,
        /,
    ) -> None:
        """signal.pidfd_send_signal, exactly."""

# ---------------------------------------------------------------- handles

@final
class Process:
    """A handle on one process, bound to the process, never to a reused pid."""

    def __new__(cls, pid: SupportsIndex, *, inode: Optional[int] = None) -> "Process": ...
    @classmethod
    def from_popen(cls, popen: "subprocess.Popen[bytes] | subprocess.Popen[str]") -> "Process": ...
    @property
    def pid(self) -> int: ...
    @property
    def returncode(self) -> Optional[int]:
        """What wait, poll or wait_procs last saw at the exit."""
    @property
    def closed(self) -> bool: ...
    def inode(self) -> int:
        """The pidfs inode (Linux 6.9+); NotImplementedError elsewhere."""
    def send_signal(self, sig: _SignalLike, value: Optional[int] = None) -> None: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...
    def is_running(self) -> bool: ...
    def poll(self) -> Optional[int]: ...
    def wait(self, timeout: Optional[float] = None) -> Optional[int]:
        """The exit code, -signal, or None where the OS does not tell;
        TimeoutExpired at the timeout; KeyboardInterrupt on Ctrl+C."""
    async def wait_async(self, timeout: Optional[float] = None) -> Optional[int]:
        """wait() under asyncio: the pidfd or kqueue registered with the loop."""
    if sys.platform != "win32":
        def fileno(self) -> int:
            """The pidfd (Linux) or kqueue (macOS, FreeBSD), readable at the exit."""
    def close(self) -> None: ...
    def __enter__(self) -> "Process": ...
    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> bool: ...

def wait_procs(
    procs: Iterable[Process],
    timeout: Optional[float] = None,
    callback: Optional[Callable[[Process], object]] = None,
) -> Tuple[List[Process], List[Process]]:
    """(gone, alive): many processes at once, one deadline, no polling."""

# ---------------------------------------------------------------- beyond

@final
class ProcessInfo:
    @property
    def pid(self) -> int: ...
    @property
    def ppid(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def cmdline(self) -> Optional[List[str]]: ...
    @property
    def user(self) -> Union[int, str, None]:
        """The effective uid on POSIX, the SID string on Windows."""
    @property
    def start_time(self) -> Optional[int]: ...
    @property
    def is_own(self) -> bool: ...

@final
class StopReport:
    @property
    def pid(self) -> int: ...
    @property
    def outcome(self) -> str:
        """"ended", "already_exited", "survived", "skipped" or "failed"."""
    @property
    def step(self) -> Optional[int]: ...
    @property
    def signal(self) -> Union[signal.Signals, int, None]: ...
    @property
    def returncode(self) -> Optional[int]: ...
    @property
    def error(self) -> Optional[OSError]: ...

@final
class TreeReport:
    @property
    def pid(self) -> int: ...
    @property
    def outcome(self) -> str:
        """"signaled", "gone", "skipped" or "failed"."""
    @property
    def error(self) -> Optional[OSError]: ...

@final
class PortHolder:
    @property
    def pid(self) -> int: ...
    @property
    def protocol(self) -> str: ...
    @property
    def address(self) -> Tuple[str, int]: ...
    @property
    def listening(self) -> bool: ...

def stop(procs: Iterable[_ProcessLike], plan: Optional[_Plan] = None, value: Optional[int] = None) -> List[StopReport]:
    """The stop plan (default TERM 5 s, KILL 1 s) on many processes at once."""

def stop_tree(root: _ProcessLike, plan: Optional[_Plan] = None, value: Optional[int] = None) -> List[StopReport]:
    """The stop plan on a whole tree, held still so none escapes."""

def kill_tree(root: _ProcessLike, sig: _SignalLike) -> List[TreeReport]:
    """sig to root and every descendant, none escaping by forking."""

def descendants(pid: int, /) -> List[ProcessInfo]: ...
def processes(attrs: Optional[Iterable[str]] = None) -> List[ProcessInfo]:
    """Every process; attributes other than pid, ppid and name only if named in attrs (None: all)."""
def select(
    name: Optional[str] = None,
    pattern: Union[str, "re.Pattern[str]", None] = None,
    full: bool = False,
    parent: Optional[int] = None,
    user: Union[int, str, None] = None,
    port: Optional[int] = None,
) -> List[ProcessInfo]: ...
def processes_on_port(port: int, protocol: Optional[str] = None) -> List[PortHolder]: ...
def parse_signal(text: str, /) -> Union[signal.Signals, int]: ...
def signal_from_exit_status(status: int, /) -> Optional[signal.Signals]: ...

class Group:
    """A command in a process group of its own (spawn_group)."""

    popen: "subprocess.Popen[bytes] | subprocess.Popen[str]"
    leader: Process
    pid: int
    def __init__(self, popen: "subprocess.Popen[bytes] | subprocess.Popen[str]") -> None: ...
    def signal(self, sig: _SignalLike) -> None: ...
    def stop(self, plan: Optional[_Plan] = None, value: Optional[int] = None) -> List[StopReport]: ...
    def kill_tree(self, sig: _SignalLike) -> List[TreeReport]: ...
    def wait(self, timeout: Optional[float] = None) -> int: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Group": ...
    def __exit__(self, *exc: object) -> bool: ...

def spawn_group(args: Union[str, Sequence[str]], **popen_kwargs: object) -> Group:
    """A command in a process group of its own, killed when closed."""
