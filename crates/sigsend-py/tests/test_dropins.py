"""The drop-ins against CPython's own functions, on the same inputs: every
result, exception class and errno must be the same."""

import os
import signal
import subprocess
import sys
import threading

import pytest

import sigsend
from conftest import (
    LINUX, PIDFDS, POSIX, outcome, other_user_sleeper, reaped_pid, run_without_cap_kill, zombie,
)

pytestmark = pytest.mark.skipif(not POSIX, reason="POSIX drop-ins")


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


def same(call_os, call_ours, *args, **kwargs):
    theirs = outcome(call_os, *args, **kwargs)
    ours = outcome(call_ours, *args, **kwargs)
    assert ours == theirs, (args, kwargs)
    return ours


# ---------------------------------------------------------------- kill

def test_kill_live_child(children):
    a, b = children.sleeper(), children.sleeper()
    assert same(os.kill, sigsend.kill, a.pid, 0) == ("ok", None)
    assert outcome(os.kill, a.pid, signal.SIGTERM) == ("ok", None)
    assert outcome(sigsend.kill, b.pid, signal.SIGTERM) == ("ok", None)
    assert a.wait() == b.wait() == -signal.SIGTERM


def test_kill_realtime_signal(children):
    child = children.sleeper()
    sigsend.kill(child.pid, signal.SIGRTMIN + 1)
    assert child.wait() == -(signal.SIGRTMIN + 1)


def test_kill_zombie_exists(children):
    child = zombie(children)
    for sig in (0, signal.SIGTERM):
        assert same(os.kill, sigsend.kill, child.pid, sig) == ("ok", None)


def test_kill_reaped(children):
    pid = reaped_pid(children)
    assert same(os.kill, sigsend.kill, pid, 0) == (ProcessLookupError, 3)


@pytest.mark.parametrize("sig", [65, 1000, -1, 2**31 - 1, -2**31])
def test_kill_bad_signal(children, sig):
    child = children.sleeper()
    assert same(os.kill, sigsend.kill, child.pid, sig) == (OSError, 22)
    assert child.poll() is None


def test_kill_eperm(children):
    target = other_user_sleeper(children)
    code = (
        "import os, sys, sigsend\n"
        "pid = int(sys.argv[1])\n"
        "for f in (os.kill, sigsend.kill):\n"
        "    for sig in (0, 15):\n"
        "        try:\n"
        "            f(pid, sig); print('ok')\n"
        "        except OSError as e:\n"
        "            print(type(e).__name__, e.errno)\n"
    )
    lines = run_without_cap_kill(code, target.pid).split()
    assert lines == ["PermissionError", "1"] * 4
    assert target.poll() is None


@pytest.mark.parametrize(
    "args",
    [
        (1.0, 0), ("1", 0), (None, 0), (b"1", 0),
        (2**31, 0), (-2**31 - 1, 0), (2**64, 0),
    ],
)
def test_kill_bad_pid_types_and_ranges(args):
    theirs = outcome(os.kill, *args)
    assert theirs[0] in (TypeError, OverflowError)
    assert outcome(sigsend.kill, *args) == theirs


@pytest.mark.parametrize("sig", [0.0, "0", None, 2**63, -2**63 - 1])
def test_kill_bad_signal_types(sig):
    me = os.getpid()
    theirs = outcome(os.kill, me, sig)
    assert theirs[0] in (TypeError, OverflowError)
    assert outcome(sigsend.kill, me, sig) == theirs


def test_kill_signal_outside_c_int_is_overflow_not_truncation(children):
    child = children.sleeper()
    # CPython sends SIGTERM here (2**32 + 15 cast to int); sigsend refuses.
    with pytest.raises(OverflowError):
        sigsend.kill(child.pid, 2**32 + signal.SIGTERM)
    assert child.poll() is None


def test_kill_index_accepted(children):
    child = children.sleeper()
    assert same(os.kill, sigsend.kill, Index(child.pid), Index(0)) == ("ok", None)


def test_kill_positional_only_and_arity():
    me = os.getpid()
    for kwargs in ({"pid": me, "signal": 0}, {"signal": 0}):
        args = () if "pid" in kwargs else (me,)
        assert outcome(sigsend.kill, *args, **kwargs)[0] is TypeError
        assert outcome(os.kill, *args, **kwargs)[0] is TypeError
    assert same(os.kill, sigsend.kill, me)[0] is TypeError
    assert same(os.kill, sigsend.kill, me, 0, 0)[0] is TypeError


def test_kill_groups(children):
    leader = children.start(group=True)
    # pid 0: the caller's group; -pgid: that group. Probes only.
    assert same(os.kill, sigsend.kill, 0, 0) == ("ok", None)
    assert same(os.kill, sigsend.kill, -leader.pid, 0) == ("ok", None)
    gone = reaped_pid(children)
    assert same(os.kill, sigsend.kill, -gone, 0) == (ProcessLookupError, 3)


def test_kill_handler_exception_surfaces():
    class Boom(Exception):
        pass

    def handler(signum, frame):
        raise Boom(signum)

    old = signal.signal(signal.SIGUSR1, handler)
    try:
        with pytest.raises(Boom):
            sigsend.kill(os.getpid(), signal.SIGUSR1)
        with pytest.raises(Boom):
            sigsend.killpg(os.getpgid(0), 0) or sigsend.kill(os.getpid(), signal.SIGUSR1)
        if sys.version_info >= (3, 11):
            with pytest.raises(Boom):
                os.kill(os.getpid(), signal.SIGUSR1)
    finally:
        signal.signal(signal.SIGUSR1, old)


def test_kill_audit_event(children):
    child = children.sleeper()
    code = (
        "import sys, os, sigsend\n"
        "seen = []\n"
        "sys.addaudithook(lambda e, a: seen.append((e, a)) if e.startswith(('os.', 'signal.')) else None)\n"
        "pid = int(sys.argv[1])\n"
        "os.kill(pid, 0); sigsend.kill(pid, 0)\n"
        "os.killpg(os.getpgid(0), 0); sigsend.killpg(os.getpgid(0), 0)\n"
        "import threading\n"
        "import signal\n"
        "t = threading.get_ident()\n"
        "signal.pthread_kill(t, 0); sigsend.pthread_kill(t, 0)\n"
        "print(seen[0] == seen[1], seen[2] == seen[3], seen[4] == seen[5], len(seen))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(child.pid)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", "True", "True", "6"], done.stderr


def test_kill_audit_hook_can_refuse(children):
    child = children.sleeper()
    code = (
        "import sys, sigsend\n"
        "def hook(e, a):\n"
        "    if e == 'os.kill': raise RuntimeError('refused')\n"
        "sys.addaudithook(hook)\n"
        "try:\n"
        "    sigsend.kill(int(sys.argv[1]), 15)\n"
        "except RuntimeError:\n"
        "    print('refused')\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(child.pid)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "refused", done.stderr
    assert child.poll() is None


# ---------------------------------------------------------------- killpg

def test_killpg(children):
    leader = children.start(group=True)
    assert same(os.killpg, sigsend.killpg, leader.pid, 0) == ("ok", None)
    assert same(os.killpg, sigsend.killpg, 0, 0) == ("ok", None)
    assert same(os.killpg, sigsend.killpg, -5, 0) == (OSError, 22)
    assert same(os.killpg, sigsend.killpg, leader.pid, 1000) == (OSError, 22)
    gone = reaped_pid(children)
    assert same(os.killpg, sigsend.killpg, gone, 0) == (ProcessLookupError, 3)
    for args in ((1.0, 0), ("1", 0), (2**31, 0), (leader.pid, 2**31)):
        theirs = outcome(os.killpg, *args)
        assert theirs[0] in (TypeError, OverflowError)
        assert outcome(sigsend.killpg, *args) == theirs
    assert outcome(sigsend.killpg, pgid=leader.pid, signal=0)[0] is TypeError
    sigsend.killpg(leader.pid, signal.SIGHUP)
    assert leader.wait() == -signal.SIGHUP


def test_killpg_eperm(children):
    # A group of its own whose only member belongs to another user.
    target = other_user_sleeper(children, group=True)
    code = (
        "import os, sys, sigsend\n"
        "pgid = int(sys.argv[1])\n"
        "for f in (os.killpg, sigsend.killpg):\n"
        "    for sig in (0, 15):\n"
        "        try:\n"
        "            f(pgid, sig); print('ok')\n"
        "        except OSError as e:\n"
        "            print(type(e).__name__, e.errno)\n"
    )
    lines = run_without_cap_kill(code, target.pid).split()
    assert lines == ["PermissionError", "1"] * 4
    assert target.poll() is None


# ---------------------------------------------------------------- pthread_kill

def test_pthread_kill_same_as_cpython():
    me = threading.get_ident()
    assert same(signal.pthread_kill, sigsend.pthread_kill, me, 0) == ("ok", None)
    assert same(signal.pthread_kill, sigsend.pthread_kill, me, 1000) == (OSError, 22)
    for args in ((float(me), 0), (str(me), 0), (me, 2**31), (me, 0.0)):
        theirs = outcome(signal.pthread_kill, *args)
        assert theirs[0] in (TypeError, OverflowError)
        assert outcome(sigsend.pthread_kill, *args) == theirs
    assert outcome(sigsend.pthread_kill, thread_id=me, signalnum=0)[0] is TypeError


def test_pthread_kill_other_thread_and_handler():
    got = []

    def handler(signum, frame):
        got.append(threading.get_ident())
        raise KeyError("handled")

    ready, stop = threading.Event(), threading.Event()

    def worker():
        ready.set()
        stop.wait(10)

    old = signal.signal(signal.SIGUSR2, handler)
    thread = threading.Thread(target=worker)
    thread.start()
    try:
        ready.wait(10)
        sigsend.pthread_kill(thread.ident, 0)
        # Python handlers run in the main thread; the exception surfaces
        # from the call that sent the signal to this thread.
        with pytest.raises(KeyError):
            sigsend.pthread_kill(threading.get_ident(), signal.SIGUSR2)
        assert got == [threading.get_ident()]
    finally:
        stop.set()
        thread.join()
        signal.signal(signal.SIGUSR2, old)


def test_pthread_kill_refuses_unknown_ids():
    # CPython crashes on these (glibc dereferences the id); sigsend sends
    # nothing and raises ProcessLookupError.
    ended = threading.Thread(target=lambda: None)
    ended.start()
    ended.join()
    for bad in (0, -1, 2**64, 12345, ended.ident):
        with pytest.raises(ProcessLookupError):
            sigsend.pthread_kill(bad, 0)


# ---------------------------------------------------------------- waitstatus_to_exitcode

@pytest.mark.parametrize(
    "status",
    [0, 0x100, 0x0300, 0xff00, 0x0f, 0x09, 0x8b, 0x137f, 0x7f, 0xffff, -1, 2**31 - 1, -2**31],
)
def test_waitstatus_to_exitcode(status):
    theirs = outcome(os.waitstatus_to_exitcode, status)
    ours = outcome(sigsend.waitstatus_to_exitcode, status)
    if theirs[0] is ValueError:
        assert ours[0] is ValueError
    else:
        assert ours == theirs


def test_waitstatus_to_exitcode_real_statuses(children):
    for args, code in ((("sh", "-c", "exit 3"), 3), (("sleep", "30"), -9)):
        child = children.start(args)
        if code < 0:
            child.kill()
        _, status = os.waitpid(child.pid, 0)
        child.returncode = code
        assert sigsend.waitstatus_to_exitcode(status) == os.waitstatus_to_exitcode(status) == code


@pytest.mark.parametrize("arg", [1.0, "1", None, 2**31, 2**64])
def test_waitstatus_to_exitcode_types(arg):
    theirs = outcome(os.waitstatus_to_exitcode, arg)
    assert outcome(sigsend.waitstatus_to_exitcode, arg) == theirs


def test_waitstatus_to_exitcode_keyword():
    assert same(os.waitstatus_to_exitcode, sigsend.waitstatus_to_exitcode, status=0x200) == ("ok", 2)


# ---------------------------------------------------------------- pidfd

linux_only = pytest.mark.skipif(not LINUX or not PIDFDS, reason="needs Linux pidfds (5.3+), which this system refuses")


def close_result(result):
    if result[0] == "ok":
        os.close(result[1])
        return ("ok", "fd")
    return result


@linux_only
def test_pidfd_open(children):
    child = children.sleeper()
    gone = reaped_pid(children)
    cases = [
        ((child.pid,), {}), ((child.pid, 0), {}), ((child.pid,), {"flags": 0}),
        ((), {"pid": child.pid}), ((gone,), {}), ((0,), {}), ((-1,), {}),
        ((child.pid, 1), {}), ((child.pid, -1), {}), ((child.pid, 2**32), {}),
        ((1.0,), {}), (("1",), {}), ((child.pid, 0.0), {}),
    ]
    if hasattr(os, "PIDFD_NONBLOCK"):
        cases.append(((child.pid, os.PIDFD_NONBLOCK), {}))
    for args, kwargs in cases:
        theirs = close_result(outcome(os.pidfd_open, *args, **kwargs))
        ours = close_result(outcome(sigsend.pidfd_open, *args, **kwargs))
        assert ours == theirs, (args, kwargs)


@linux_only
def test_pidfd_send_signal(children):
    a, b = children.sleeper(), children.sleeper()
    fa, fb = os.pidfd_open(a.pid), os.pidfd_open(b.pid)
    r, w = os.pipe()
    try:
        for args in ((fa, 0), (fa, 0, None), (fa, 0, None, 0), (fa, 1000), (fa, 0, None, -1),
                     (fa, 0, None, 1), (-1, 0), (r, 0), (fa, 0, 1), (1.0, 0), (fa, "0"),
                     (fa, 2**31)):
            assert same(signal.pidfd_send_signal, sigsend.pidfd_send_signal, *args)
        assert outcome(sigsend.pidfd_send_signal, pidfd=fa, sig=0)[0] is TypeError
        signal.pidfd_send_signal(fa, signal.SIGTERM)
        sigsend.pidfd_send_signal(fb, signal.SIGTERM)
        assert a.wait() == b.wait() == -signal.SIGTERM
        # Reaped: ESRCH, and never the process that reused the pid.
        assert same(signal.pidfd_send_signal, sigsend.pidfd_send_signal, fa, 0) == (ProcessLookupError, 3)
    finally:
        for fd in (fa, fb, r, w):
            os.close(fd)
