"""sigsend.Process, kill(Popen | Process), wait, wait_procs."""

import os
import signal
import shutil
import subprocess
import sys
import threading
import time

import pytest

import sigsend
from conftest import LINUX, POSIX, reaped_pid, until

pytestmark = pytest.mark.skipif(not POSIX, reason="POSIX processes (sleep, sh)")


def test_kill_popen_through_handle(children):
    child = children.sleeper()
    sigsend.kill(child, signal.SIGTERM)
    assert child.wait() == -signal.SIGTERM
    # Waited for: its pid may be anyone's now; nothing is sent.
    with pytest.raises(ProcessLookupError):
        sigsend.kill(child, signal.SIGTERM)


def test_kill_popen_bad_signal(children):
    child = children.sleeper()
    with pytest.raises(OSError) as err:
        sigsend.kill(child, 1000)
    assert type(err.value) is OSError and err.value.errno == 22
    assert child.poll() is None


def test_kill_process_object(children):
    child = children.sleeper()
    p = sigsend.Process(child.pid)
    sigsend.kill(p, 0)
    sigsend.kill(p, signal.SIGINT)
    assert p.wait(timeout=10) == -signal.SIGINT
    child.wait()
    with pytest.raises(ProcessLookupError):
        sigsend.kill(p, 0)
    p.close()
    with pytest.raises(ValueError):
        sigsend.kill(p, 0)


def test_int_is_always_a_pid():
    class NotAPopen:
        pid = os.getpid()

    with pytest.raises(TypeError):
        sigsend.kill(NotAPopen(), 0)


def test_process_basics(children):
    child = children.sleeper()
    with sigsend.Process.from_popen(child) as p:
        assert p.pid == child.pid
        assert p.is_running()
        assert p.poll() is None
        assert "sigsend.Process(pid=%d)" % child.pid == repr(p)
        p.send_signal(0)
        p.send_signal("USR1")
        assert p.wait(timeout=10) == -signal.SIGUSR1
        assert p.returncode == -signal.SIGUSR1
        assert not p.is_running()
        assert p.poll() == -signal.SIGUSR1
    assert p.closed
    assert "closed" in repr(p)
    with pytest.raises(ValueError):
        p.is_running()
    p.close()  # twice is fine
    assert child.wait() == -signal.SIGUSR1  # waiting never reaped it


def test_terminate_kill_and_exit_codes(children):
    a, b, c = children.sleeper(), children.sleeper(), children.start(("sh", "-c", "exit 7"))
    pa, pb, pc = (sigsend.Process.from_popen(x) for x in (a, b, c))
    pa.terminate()
    pb.kill()
    assert pa.wait() == -signal.SIGTERM
    assert pb.wait() == -signal.SIGKILL
    assert pc.wait() == 7


@pytest.mark.parametrize("sig", [signal.SIGTERM, int(signal.SIGTERM), "TERM", "SIGTERM", "sigterm", "15"])
def test_signal_forms(children, sig):
    child = children.sleeper()
    sigsend.Process.from_popen(child).send_signal(sig)
    assert child.wait() == -signal.SIGTERM


@pytest.mark.parametrize("bad", ["NOPE", "SIGTERMX", "4294967311", "", 65, -1, 2**40])
def test_bad_signal_is_value_error_and_nothing_sent(children, bad):
    child = children.sleeper()
    p = sigsend.Process.from_popen(child)
    with pytest.raises(ValueError) as err:
        p.send_signal(bad)
    assert str(bad) in str(err.value)
    with pytest.raises(TypeError):
        p.send_signal(1.5)
    assert p.is_running()


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS has no sigqueue")
def test_sigqueue_value(children):
    child = children.start((sys.executable, "-c", (
        "import os, signal, sys\n"
        "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})\n"
        "print('ready', flush=True)\n"
        "info = signal.sigwaitinfo({signal.SIGUSR1})\n"
        "sys.exit(0 if (info.si_code, info.si_pid) == (-1, os.getppid()) else 1)\n")),
        stdout=subprocess.PIPE)
    p = sigsend.Process.from_popen(child)
    assert child.stdout.readline().strip() == b"ready"
    p.send_signal("USR1", value=42)
    assert p.wait(timeout=10) == 0  # SI_QUEUE, from us


def test_from_popen_after_wait_is_refused(children):
    child = children.start(("true",))
    child.wait()
    with pytest.raises(ProcessLookupError):
        sigsend.Process.from_popen(child)
    with pytest.raises(TypeError):
        sigsend.Process.from_popen(os.getpid())


def test_open_errors(children):
    with pytest.raises(ProcessLookupError):
        sigsend.Process(reaped_pid(children))
    for bad in (0, -1, 2**40):
        with pytest.raises(ValueError):
            sigsend.Process(bad)
    with pytest.raises(TypeError):
        sigsend.Process("1")


def test_inode(children):
    child = children.sleeper()
    p = sigsend.Process.from_popen(child)
    try:
        inode = p.inode()
    except NotImplementedError:
        pytest.skip("no pidfs here (Linux 6.9+)")
    assert sigsend.Process(child.pid, inode=inode).pid == child.pid
    with pytest.raises(ProcessLookupError):
        sigsend.Process(child.pid, inode=inode + 1)


def test_wait_timeout(children):
    child = children.sleeper()
    p = sigsend.Process.from_popen(child)
    start = time.monotonic()
    with pytest.raises(sigsend.TimeoutExpired) as err:
        p.wait(timeout=0.2)
    assert 0.15 < time.monotonic() - start < 5
    assert isinstance(err.value, TimeoutError)
    assert err.value.pid == child.pid and err.value.timeout == 0.2
    with pytest.raises(sigsend.TimeoutExpired):
        p.wait(timeout=0)
    with pytest.raises(sigsend.TimeoutExpired):
        p.wait(timeout=-1)


def test_wait_non_child_returns_none(children):
    # The grandchild is not ours: its exit is seen, its status is not told.
    shell = children.start(("sh", "-c", "sleep 0.5 & echo $!; wait"), stdout=subprocess.PIPE, group=True)
    grandchild = int(shell.stdout.readline())
    p = sigsend.Process(grandchild)
    assert p.wait(timeout=10) is None
    assert not p.is_running()
    shell.wait()


def test_wait_releases_the_gil(children):
    child = children.start(("sleep", "0.5"))
    p = sigsend.Process.from_popen(child)
    counter = [0]
    done = threading.Event()

    def count():
        while not done.is_set():
            counter[0] += 1

    thread = threading.Thread(target=count)
    thread.start()
    try:
        before = counter[0]
        assert p.wait(timeout=10) == 0
        assert counter[0] - before > 1000
    finally:
        done.set()
        thread.join()


def test_wait_interrupted_by_ctrl_c(children):
    child = children.sleeper()
    p = sigsend.Process.from_popen(child)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            p.wait()
    finally:
        timer.cancel()
    assert time.monotonic() - start < 2
    assert p.is_running()


def test_wait_procs(children):
    quick = [children.start(("true",)) for _ in range(3)]
    slow = [children.sleeper() for _ in range(2)]
    procs = [sigsend.Process.from_popen(c) for c in quick + slow]
    seen = []
    start = time.monotonic()
    gone, alive = sigsend.wait_procs(procs, timeout=0.5, callback=seen.append)
    assert time.monotonic() - start < 5
    assert [p.pid for p in gone] == [c.pid for c in quick]
    assert [p.pid for p in alive] == [c.pid for c in slow]
    assert sorted(p.pid for p in seen) == sorted(c.pid for c in quick)
    assert all(p.returncode == 0 for p in gone)
    for c in slow:
        c.kill()
    gone, alive = sigsend.wait_procs(alive, timeout=10)
    assert alive == [] and [p.returncode for p in gone] == [-9, -9]
    with pytest.raises(TypeError):
        sigsend.wait_procs([os.getpid()])


def test_wait_procs_many_at_once(children):
    kids = [children.start(("sleep", "0.3")) for _ in range(50)]
    procs = [sigsend.Process.from_popen(c) for c in kids]
    start = time.monotonic()
    gone, alive = sigsend.wait_procs(procs, timeout=20)
    assert not alive and len(gone) == 50
    assert time.monotonic() - start < 10


@pytest.mark.skipif(not LINUX, reason="Linux pid namespaces")
def test_reused_pid_in_new_namespace_never_signalled():
    """In a new pid namespace, a handle's pid is given to another process
    (ns_last_pid set so that the next fork gets it): the handle refuses,
    and the new process is never signalled."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare (util-linux)")
    code = (
        "import os, signal, subprocess, sigsend\n"
        "a = subprocess.Popen(['sleep', '30'])\n"
        "p = sigsend.Process.from_popen(a)\n"
        # Without pidfds the handle checks the start time, in clock ticks
        # (10 ms): a pid reused within the tick its first owner started in
        # is the fallback's documented limit, so let a tick pass.
        "import time; time.sleep(0.05)\n"
        "a.kill(); a.wait()\n"
        "with open('/proc/sys/kernel/ns_last_pid', 'w') as f: f.write(str(a.pid - 1))\n"
        "b = subprocess.Popen(['sleep', '30'])\n"
        "try:\n"
        "    assert b.pid == a.pid, (a.pid, b.pid)\n"
        "    for send in (lambda: p.send_signal(signal.SIGTERM), lambda: sigsend.kill(p, 15), p.kill):\n"
        "        try:\n"
        "            send(); print('SENT')\n"
        "        except ProcessLookupError:\n"
        "            print('refused')\n"
        "    print('alive' if b.poll() is None else 'killed')\n"
        "finally:\n"
        "    b.kill(); b.wait()\n"
    )
    done = subprocess.run([unshare, "--pid", "--fork", "--mount-proc", sys.executable, "-c", code],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0 and "unshare" in done.stderr:
        pytest.skip("no new pid namespace here: " + done.stderr.strip())
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["refused", "refused", "refused", "alive"]


def test_fileno_is_readable_at_exit(children):
    import select
    child = children.sleeper()
    p = sigsend.Process.from_popen(child)
    try:
        fd = p.fileno()
    except NotImplementedError:
        pytest.skip("no pidfds here")
    assert select.select([fd], [], [], 0.05)[0] == []
    p.kill()
    assert select.select([fd], [], [], 10)[0] == [fd]
    assert p.wait(timeout=10) == -9
