"""Benchmarks of the Python package against the standard library and psutil,
run by hand (not a timed test), printed as ratios in one run (Linux):

  pip install psutil ./crates/sigsend-py
  python crates/sigsend-py/bench/bench.py [--quick]

1. `sigsend.kill(pid, 0)` per call against `os.kill(pid, 0)` (goal: within
   10%).
2. Exit detection of a process that is not our child (a shell's child):
   SIGKILL sent until the wait returns, `sigsend.Process.wait` against
   `psutil.Process.wait` (goal: faster at the median).
3. A tree of a few hundred processes, from the call until every member has
   exited: `sigsend.kill_tree` against psutil's recipe
   (`children(recursive=True)` + `kill` + `wait_procs`), then the same on a
   tree whose members keep forking meanwhile, counting survivors (goal:
   faster, and none left where psutil leaves some).
4. `sigsend.processes(["pid", "name", "ppid"])` against
   `psutil.process_iter(["pid", "name", "ppid"])`: the same attributes
   (goal: at most half its time).

Every tree runs in a session of its own; whatever is left of it is killed
by its process group at the end. Nothing else is signalled.
"""

import os
import signal
import statistics
import subprocess
import sys
import time

import psutil

import sigsend

QUICK = "--quick" in sys.argv


def ratio(ours, theirs):
    return "%.2fx" % (ours / theirs) if theirs else "n/a"


def bench_kill():
    me = os.getpid()
    # Many short rounds, alternating, the best of each: a round that the
    # scheduler interrupts is simply not the best, so the ratio holds on a
    # busy machine too (long rounds there were off by up to 30%).
    calls = 2_000
    rounds = 40 if QUICK else 400
    best = {"os.kill": float("inf"), "sigsend.kill": float("inf")}
    for _ in range(rounds):
        for name, fn in (("os.kill", os.kill), ("sigsend.kill", sigsend.kill)):
            start = time.perf_counter()
            for _ in range(calls):
                fn(me, 0)
            best[name] = min(best[name], (time.perf_counter() - start) / calls)
    print("1. kill(pid, 0) per call, best of %d x %d: os.kill %.0f ns, sigsend.kill %.0f ns: %s of os.kill"
          % (rounds, calls, best["os.kill"] * 1e9, best["sigsend.kill"] * 1e9,
             ratio(best["sigsend.kill"], best["os.kill"])))


def grandchild():
    """A `sleep` whose parent is a shell we started: not our child."""
    shell = subprocess.Popen(["sh", "-c", "sleep 60 & echo $!; wait"], stdout=subprocess.PIPE,
                             start_new_session=True)
    return shell, int(shell.stdout.readline())


def bench_exit():
    rounds = 5 if QUICK else 21
    times = {"sigsend": [], "psutil": []}
    for _ in range(rounds):
        for name in ("sigsend", "psutil"):
            shell, pid = grandchild()
            try:
                if name == "sigsend":
                    proc = sigsend.Process(pid)
                    start = time.perf_counter()
                    os.kill(pid, signal.SIGKILL)
                    proc.wait(timeout=10)
                else:
                    proc = psutil.Process(pid)
                    start = time.perf_counter()
                    os.kill(pid, signal.SIGKILL)
                    proc.wait(timeout=10)
                times[name].append(time.perf_counter() - start)
            finally:
                shell.wait()
    s, p = statistics.median(times["sigsend"]), statistics.median(times["psutil"])
    print("2. exit of a non-child, SIGKILL to wait's return, median of %d: sigsend %.3f ms, "
          "psutil %.3f ms: sigsend %s of psutil" % (rounds, s * 1e3, p * 1e3, ratio(s, p)))


def start_tree(spawners, per, forking=False):
    """A shell with `spawners` sub-shells of `per` sleeps each; with
    `forking`, each sub-shell goes on starting its sleeps one by one."""
    pause = "sleep 0.01; " if forking else ""
    inner = "i=0; while [ $i -lt %d ]; do sleep 60 & %si=$((i+1)); done; wait" % (per, pause)
    script = "j=0; while [ $j -lt %d ]; do sh -c '%s' & j=$((j+1)); done; wait" % (spawners, inner)
    root = subprocess.Popen(["sh", "-c", script], start_new_session=True)
    return root


def group_members(pgid):
    alive = []
    for info in sigsend.processes():
        try:
            if os.getpgid(info.pid) != pgid:
                continue
            with open("/proc/%d/stat" % info.pid) as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
            if state != "Z":
                alive.append(info.pid)
        except (OSError, IndexError):
            pass
    return alive


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass


def tree_round(name, root):
    start = time.perf_counter()
    if name == "sigsend":
        handles = [sigsend.Process(root.pid)]
        for info in sigsend.descendants(root.pid):
            try:
                handles.append(sigsend.Process(info.pid))
            except ProcessLookupError:
                pass
        sigsend.kill_tree(handles[0], "KILL")
        sigsend.wait_procs(handles, timeout=10)
    else:
        parent = psutil.Process(root.pid)
        procs = parent.children(recursive=True) + [parent]
        for p in procs:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(procs, timeout=10)
    return time.perf_counter() - start


def bench_tree():
    spawners, per = (5, 20) if QUICK else (20, 15)
    size = spawners * (per + 1) + 1
    rounds = 2 if QUICK else 5
    times = {"sigsend": [], "psutil": []}
    for _ in range(rounds):
        for name in ("sigsend", "psutil"):
            root = start_tree(spawners, per)
            try:
                deadline = time.monotonic() + 30
                while len(sigsend.descendants(root.pid)) < size - 1 and time.monotonic() < deadline:
                    time.sleep(0.05)
                times[name].append(tree_round(name, root))
            finally:
                root.wait()
                time.sleep(0.2)
                kill_group(root.pid)
    s, p = statistics.median(times["sigsend"]), statistics.median(times["psutil"])
    print("3. a tree of %d idle processes, the call until all have exited, median of %d: "
          "sigsend %.1f ms, psutil %.1f ms: sigsend %s of psutil"
          % (size, rounds, s * 1e3, p * 1e3, ratio(s, p)))

    survivors = {"sigsend": [], "psutil": []}
    for _ in range(rounds):
        for name in ("sigsend", "psutil"):
            root = start_tree(spawners, per, forking=True)
            try:
                time.sleep(0.15)  # the sub-shells are forking now
                tree_round(name, root)
                root.wait()
                time.sleep(0.5)  # any escaped sub-shell would go on forking
                survivors[name].append(len(group_members(root.pid)))
            finally:
                kill_group(root.pid)
                time.sleep(0.1)
    print("   the same tree forking meanwhile (up to %d processes), survivors per round: "
          "sigsend %s, psutil %s" % (size, survivors["sigsend"], survivors["psutil"]))


def bench_processes():
    rounds = 5 if QUICK else 21
    times = {"sigsend": [], "psutil": []}
    for _ in range(rounds):
        start = time.perf_counter()
        ours = sigsend.processes(["pid", "name", "ppid"])
        times["sigsend"].append(time.perf_counter() - start)
        start = time.perf_counter()
        theirs = list(psutil.process_iter(["pid", "name", "ppid"]))
        times["psutil"].append(time.perf_counter() - start)
    s, p = statistics.median(times["sigsend"]), statistics.median(times["psutil"])
    print("4. the process list (%d processes), median of %d: sigsend.processes(attrs) %.1f ms, "
          "psutil.process_iter %.1f ms: sigsend %s of psutil"
          % (len(ours), rounds, s * 1e3, p * 1e3, ratio(s, p)))
    del theirs


def main():
    if not sys.platform.startswith("linux"):
        sys.exit("the benchmarks run on Linux")
    print("sigsend %s, psutil %s, CPython %s" % (sigsend.__version__, psutil.__version__, sys.version.split()[0]))
    bench_kill()
    bench_exit()
    bench_tree()
    bench_processes()


if __name__ == "__main__":
    main()
