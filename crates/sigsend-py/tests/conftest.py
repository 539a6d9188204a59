"""Shared helpers: children that are always cleaned up, zombies, reaped
pids, and a process of another user for EPERM.

Tests signal only processes they started (never pid -1, never by name);
every child is killed and reaped at teardown, also when a test fails; a
tree is started in a session of its own and its group killed at teardown.
"""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

POSIX = os.name == "posix"
LINUX = sys.platform.startswith("linux")


def pidfds_work():
    """Whether this kernel gives pidfds (not before Linux 5.3, nor under a
    seccomp filter or strace's injection of ENOSYS)."""
    if not hasattr(os, "pidfd_open"):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
        return True
    except OSError:
        return False


PIDFDS = pidfds_work()


class Children:
    def __init__(self):
        self.popens = []
        self.groups = []

    def start(self, args=("sleep", "30"), group=False, **kwargs):
        if group:
            kwargs["start_new_session"] = True
        child = subprocess.Popen(list(args), **kwargs)
        self.popens.append(child)
        if group:
            self.groups.append(child.pid)
        assert until(lambda: runs(child.pid)), "%s did not exec" % (args,)
        return child

    def sleeper(self, seconds=30):
        return self.start(("sleep", str(seconds)))

    def cleanup(self):
        for pgid in self.groups:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass
        for child in self.popens:
            if child.returncode is None:
                try:
                    child.kill()
                except OSError:
                    pass
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass


@pytest.fixture
def children():
    kids = Children()
    try:
        yield kids
    finally:
        kids.cleanup()


def wait_exited_unreaped(pid, timeout=10.0):
    """Waits until child `pid` has exited, without reaping it (a zombie)."""
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)


def zombie(children):
    child = children.start(("true",))
    wait_exited_unreaped(child.pid)
    return child


def reaped_pid(children):
    child = children.start(("true",))
    child.wait()
    return child.pid


def outcome(call, *args, **kwargs):
    """What a call did: ("ok", result) or (exception class, errno)."""
    try:
        return ("ok", call(*args, **kwargs))
    except BaseException as err:  # noqa: B902 - compared, not swallowed
        return (type(err), getattr(err, "errno", None))


def other_user_sleeper(children, group=False):
    """A `sleep` running as nobody: a process that a caller without
    CAP_KILL may not signal."""
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv (util-linux) to start a process as another user")
    child = children.start(
        (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "30"), group=group
    )
    # Until setpriv has changed its user and become `sleep`, it is root's.
    def switched():
        with open("/proc/%d/status" % child.pid) as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        return fields["Name"].strip() == "sleep" and fields["Uid"].split()[:2] == ["65534", "65534"]

    assert until(switched), "setpriv did not become nobody's sleep"
    return child


def run_without_cap_kill(code, *argv):
    """Runs Python `code` as root without CAP_KILL (setpriv drops it from
    the bounding set, so the exec'd interpreter never has it): signals to
    another user's processes fail with EPERM. Returns its stdout."""
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv (util-linux) to drop CAP_KILL")
    done = subprocess.run(
        [setpriv, "--bounding-set=-kill", "--inh-caps=-kill", sys.executable, "-c", code, *map(str, argv)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def runs(pid):
    """Whether child `pid` runs what it was started with yet (or has
    ended). `Popen` returns once the exec has begun, but until it is done
    the child is a copy of this interpreter: the kernel sets its name,
    then its command line, which is ours until then. (Only Linux is
    asked; elsewhere, True.)"""
    if not LINUX:
        return True
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmdline = f.read()
        with open("/proc/%d/stat" % pid, "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
        with open("/proc/self/cmdline", "rb") as f:
            ours = f.read()
    except OSError:
        return True
    return state == b"Z" or cmdline not in (b"", ours)


def until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False
