"""Stop plans, trees, process lists, selection, ports, signals."""

import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

import sigsend
from conftest import POSIX, until

pytestmark = pytest.mark.skipif(not POSIX, reason="POSIX processes (sleep, sh)")

TERM_IGNORING = ("sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done")


def started(child):
    assert child.stdout.readline().strip() == b"ready"
    return child


def test_stop_plan_reports(children):
    plain = children.sleeper()
    stubborn = started(children.start(TERM_IGNORING, stdout=subprocess.PIPE, group=True))
    done = children.start(("true",))
    done.wait() if False else None
    sigsend.Process.from_popen(done).wait(timeout=10)
    start = time.monotonic()
    reports = sigsend.stop([plain, stubborn, done], plan=((signal.SIGTERM, 0.5), ("KILL", 5.0)))
    assert time.monotonic() - start < 5
    by_pid = {r.pid: r for r in reports}
    assert [r.pid for r in reports] == [plain.pid, stubborn.pid, done.pid]
    r = by_pid[plain.pid]
    assert (r.outcome, r.step, r.signal, r.returncode, r.error) == ("ended", 0, signal.SIGTERM, -15, None)
    assert r.signal is signal.SIGTERM
    r = by_pid[stubborn.pid]
    assert (r.outcome, r.step, r.signal, r.returncode) == ("ended", 1, signal.SIGKILL, -9)
    r = by_pid[done.pid]
    assert (r.outcome, r.returncode) == ("already_exited", 0)
    assert "StopReport" in repr(r)
    assert plain.wait() == -15 and stubborn.wait() == -9


def test_stop_survivor_and_default_plan(children):
    stubborn = started(children.start(TERM_IGNORING, stdout=subprocess.PIPE, group=True))
    (report,) = sigsend.stop([sigsend.Process.from_popen(stubborn)], plan=[("TERM", 0.2)])
    assert report.outcome == "survived" and report.returncode is None
    child = children.sleeper()
    (report,) = sigsend.stop([child.pid])
    assert (report.outcome, report.step) == ("ended", 0)


def test_stop_bad_plans(children):
    child = children.sleeper()
    for plan in ([], [("NOPE", 1.0)], [("TERM", -1.0)], [("TERM",)], ["TERM"]):
        with pytest.raises((ValueError, TypeError)):
            sigsend.stop([child], plan=plan)
    assert child.poll() is None


def test_stop_with_value(children):
    child = children.sleeper()
    if sys.platform == "darwin":
        pytest.skip("macOS has no sigqueue")
    (report,) = sigsend.stop([child], plan=[("TERM", 5.0)], value=7)
    assert report.outcome == "ended"


def test_stop_failed_report(children):
    from conftest import other_user_sleeper, run_without_cap_kill
    target = other_user_sleeper(children)
    code = (
        "import sys, sigsend\n"
        "(r,) = sigsend.stop([int(sys.argv[1])], plan=[('TERM', 0.1)])\n"
        "print(r.outcome, r.step, type(r.error).__name__, r.error.errno)\n"
    )
    assert run_without_cap_kill(code, target.pid).split() == ["failed", "0", "PermissionError", "1"]
    assert target.poll() is None


def tree(children, n=3):
    """A shell with `n` sleeping children, in a session of its own."""
    shell = children.start(("sh", "-c", "for i in $(seq %d); do sleep 30 & done; wait" % n), group=True)
    # Until each child of the shell runs `sleep` (a shell until its exec).
    assert until(lambda: [p.cmdline for p in sigsend.descendants(shell.pid)] == [["sleep", "30"]] * n)
    return shell


def test_descendants(children):
    shell = tree(children, 3)
    found = sigsend.descendants(shell.pid)
    assert {p.name for p in found} == {"sleep"}
    assert {p.ppid for p in found} == {shell.pid}
    assert all(p.cmdline == ["sleep", "30"] for p in found)


def test_kill_tree(children):
    shell = tree(children, 4)
    members = {p.pid for p in sigsend.descendants(shell.pid)}
    reports = sigsend.kill_tree(shell, "KILL")
    assert reports[0].pid == shell.pid
    assert {r.pid for r in reports} == members | {shell.pid}
    assert all(r.outcome == "signaled" and r.error is None for r in reports)
    assert shell.wait() == -9
    assert until(lambda: not any(sigsend.Process(pid).is_running() for pid in members if _exists(pid)))


def _exists(pid):
    try:
        sigsend.Process(pid)
        return True
    except ProcessLookupError:
        return False


def test_kill_tree_forking_tree_leaves_no_survivor(children):
    # Each member forks as fast as it can, capped at 40 processes in all.
    script = (
        "n=0; while [ $n -lt 12 ]; do sleep 30 & n=$((n+1)); done; wait"
    )
    shell = children.start(("sh", "-c", script), group=True)
    assert until(lambda: len(sigsend.descendants(shell.pid)) >= 3)
    reports = sigsend.kill_tree(sigsend.Process.from_popen(shell), signal.SIGKILL)
    assert all(r.outcome in ("signaled", "gone") for r in reports)
    shell.wait()
    time.sleep(0.2)
    left = [p for p in sigsend.processes() if p.ppid == shell.pid or p.pid == shell.pid]
    assert left == []


def test_stop_tree(children):
    shell = tree(children, 2)
    reports = sigsend.stop_tree(shell, plan=(("TERM", 5.0), ("KILL", 1.0)))
    assert len(reports) == 3 and reports[0].pid == shell.pid
    assert all(r.outcome == "ended" for r in reports), reports
    shell.wait()


def test_kill_tree_bad_signal_sends_nothing(children):
    shell = tree(children, 1)
    with pytest.raises(ValueError):
        sigsend.kill_tree(shell, "NOPE")
    assert shell.poll() is None


def test_processes():
    me = [p for p in sigsend.processes() if p.pid == os.getpid()]
    assert len(me) == 1
    me = me[0]
    assert me.ppid == os.getppid()
    assert me.user == os.geteuid()
    assert me.is_own
    assert me.cmdline and me.cmdline[0].endswith(("python", "python3") + tuple(
        "python3.%d" % i for i in range(9, 20)))
    assert me.start_time is None or me.start_time > 0
    assert "ProcessInfo" in repr(me)


def test_processes_reads_only_the_attributes_named():
    me = [p for p in sigsend.processes(["pid", "name", "ppid"]) if p.pid == os.getpid()]
    assert len(me) == 1
    me = me[0]
    assert (me.ppid, me.name) == (os.getppid(), [p for p in sigsend.processes() if p.pid == os.getpid()][0].name)
    assert (me.cmdline, me.user, me.start_time, me.is_own) == (None, None, None, False)
    me = [p for p in sigsend.processes({"is_own", "cmdline"}) if p.pid == os.getpid()][0]
    assert me.is_own and me.user == os.geteuid() and me.cmdline and me.start_time is None
    with pytest.raises(ValueError, match="nope"):
        sigsend.processes(["pid", "nope"])
    with pytest.raises(TypeError):
        sigsend.processes("pid")


def test_select(children):
    a, b = children.sleeper(), children.start(("sleep", "31"))
    me = os.getpid()
    pids = lambda found: sorted(p.pid for p in found)
    assert pids(sigsend.select(name="sleep", parent=me)) == sorted([a.pid, b.pid])
    assert pids(sigsend.select(pattern="^sl.ep$", parent=me)) == sorted([a.pid, b.pid])
    assert pids(sigsend.select(pattern=re.compile(r"sleep 31"), full=True, parent=me)) == [b.pid]
    assert pids(sigsend.select(pattern="sleep 31", parent=me)) == []
    assert pids(sigsend.select(name="sleep", parent=me, user=os.geteuid())) == sorted([a.pid, b.pid])
    assert pids(sigsend.select(name="sleep", parent=me, user="root")) == sorted([a.pid, b.pid])
    assert me not in pids(sigsend.select())
    with pytest.raises(re.error):
        sigsend.select(pattern="(")
    with pytest.raises(ValueError):
        sigsend.select(user="no such user, surely")


def test_ports(children):
    server = children.start((sys.executable, "-c", (
        "import socket, sys, time\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
        "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', s.getsockname()[1]))\n"
        "print(s.getsockname()[1], flush=True); time.sleep(30)\n")), stdout=subprocess.PIPE)
    port = int(server.stdout.readline())
    holders = sigsend.processes_on_port(port)
    assert {(h.pid, h.protocol) for h in holders} == {(server.pid, "tcp"), (server.pid, "udp")}
    tcp = sigsend.processes_on_port(port, "tcp")
    assert [(h.pid, h.address, h.listening) for h in tcp] == [(server.pid, ("127.0.0.1", port), True)]
    assert [h.protocol for h in sigsend.processes_on_port(port, protocol="UDP")] == ["udp"]
    assert [p.pid for p in sigsend.select(port=port)] == [server.pid]
    assert "PortHolder" in repr(tcp[0])
    with pytest.raises(ValueError):
        sigsend.processes_on_port(port, "sctp")
    with pytest.raises(ValueError):
        sigsend.processes_on_port(0)
    with pytest.raises(OverflowError):
        sigsend.processes_on_port(70000)


def test_parse_signal():
    assert sigsend.parse_signal("TERM") is signal.SIGTERM
    assert sigsend.parse_signal("sigterm") is signal.SIGTERM
    assert sigsend.parse_signal("15") is signal.SIGTERM
    assert sigsend.parse_signal("RTMIN+1") == signal.SIGRTMIN + 1
    assert sigsend.parse_signal("EXIT") == 0
    for bad in ("NOPE", "", "4294967311", "RTMIN+1000", "-15"):
        with pytest.raises(ValueError) as err:
            sigsend.parse_signal(bad)
        assert repr(bad) in str(err.value) or bad in str(err.value)
    with pytest.raises(TypeError):
        sigsend.parse_signal(15)


def test_signal_from_exit_status():
    assert sigsend.signal_from_exit_status(143) is signal.SIGTERM
    assert sigsend.signal_from_exit_status(137) is signal.SIGKILL
    assert sigsend.signal_from_exit_status(1) is None
    assert sigsend.signal_from_exit_status(0) is None


def test_module_surface():
    assert sigsend.__version__
    assert issubclass(sigsend.TimeoutExpired, TimeoutError)
    for name in ("kill", "killpg", "pthread_kill", "waitstatus_to_exitcode", "Process",
                 "wait_procs", "stop", "stop_tree", "kill_tree", "descendants", "processes",
                 "select", "processes_on_port", "parse_signal", "signal_from_exit_status"):
        assert getattr(sigsend, name).__doc__, name


def test_spawn_group_signal_reaches_grandchildren(children):
    with sigsend.spawn_group(["sh", "-c", "sleep 30 & echo $!; wait"], stdout=subprocess.PIPE) as group:
        children.groups.append(group.pid)  # cleanup even if the test fails
        grandchild = sigsend.Process(int(group.popen.stdout.readline()))
        assert os.getpgid(grandchild.pid) == group.pid
        group.signal("TERM")
        assert group.wait(timeout=10) == -15
        assert grandchild.wait(timeout=10) is None  # not our child: ended, status untold
        with pytest.raises(ProcessLookupError):
            group.signal(0)  # waited for: the group id may be reused
    assert "Group" in repr(group)


def test_spawn_group_close_kills_and_stop(children):
    group = sigsend.spawn_group(["sh", "-c", "sleep 30 & sleep 30 & wait"])
    children.groups.append(group.pid)
    assert until(lambda: len(sigsend.descendants(group.pid)) == 2)
    members = [sigsend.Process(p.pid) for p in sigsend.descendants(group.pid)]
    group.close()
    assert group.popen.returncode == -9
    gone, alive = sigsend.wait_procs(members, timeout=10)
    assert alive == []
    with pytest.raises(TypeError):
        sigsend.spawn_group(["true"], start_new_session=False)
    g2 = sigsend.spawn_group(["sh", "-c", "sleep 30 & wait"])
    children.groups.append(g2.pid)
    assert until(lambda: len(sigsend.descendants(g2.pid)) == 1)
    reports = g2.stop(plan=[("TERM", 5.0)])
    assert [r.outcome for r in reports] == ["ended", "ended"]
    g2.close()
