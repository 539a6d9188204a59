# The asyncio side of sigsend.Process.wait_async: event-loop glue only; the
# waiting itself (the pidfd or kqueue, the exit status) is the library's.
import asyncio


async def wait_async(self, timeout=None):
    """`await process.wait_async(timeout=None)`: waits for the exit under
    asyncio and returns as `wait()` does (the exit code, minus the signal,
    or None where the OS does not tell); raises `sigsend.TimeoutExpired`
    after `timeout` seconds. No thread per process on Linux, macOS and
    FreeBSD: the handle's pidfd or kqueue (a duplicate of it) is registered
    with the running loop (`loop.add_reader`). Where the handle has no
    descriptor (Linux without pidfds) it looks with a bounded backoff
    (1 ms doubling to 50 ms); on Windows a wait runs in the loop's default
    executor.

    >>> import asyncio, subprocess, sigsend
    >>> async def main():
    ...     kids = [subprocess.Popen(["sleep", "0.1"]) for _ in range(3)]
    ...     procs = [sigsend.Process.from_popen(k) for k in kids]
    ...     codes = await asyncio.gather(*(p.wait_async(timeout=10) for p in procs))
    ...     [k.wait() for k in kids]
    ...     return codes
    >>> asyncio.run(main())
    [0, 0, 0]
    """
    import sigsend

    loop = asyncio.get_running_loop()
    done, code = self._try_exit()
    if done:
        return code
    deadline = None if timeout is None else loop.time() + max(timeout, 0.0)

    def expired():
        err = sigsend.TimeoutExpired(
            "process %d did not exit within %s seconds" % (self.pid, timeout))
        err.pid, err.timeout = self.pid, timeout
        return err

    fd = self._exit_fd_dup()
    if fd is not None:
        import os

        future = loop.create_future()

        def ready():
            if future.done():
                return
            try:
                finished, result = self._try_exit()
            except BaseException as err:  # handed to the awaiting task
                future.set_exception(err)
                return
            if finished:
                future.set_result(result)

        try:
            loop.add_reader(fd, ready)
            try:
                if deadline is None:
                    return await future
                return await asyncio.wait_for(future, max(deadline - loop.time(), 0.0))
            except asyncio.TimeoutError:
                raise expired() from None
            finally:
                loop.remove_reader(fd)
        finally:
            os.close(fd)

    if self._waits_in_thread():
        remaining = None if deadline is None else max(deadline - loop.time(), 0.0)
        return await loop.run_in_executor(None, self.wait, remaining)

    pause = 0.001
    while True:
        done, code = self._try_exit()
        if done:
            return code
        now = loop.time()
        if deadline is not None and now >= deadline:
            raise expired()
        step = pause if deadline is None else min(pause, deadline - now)
        await asyncio.sleep(step)
        pause = min(pause * 2, 0.05)


class Group:
    """A command in a process group of its own, from `spawn_group`.

    `popen` is its `subprocess.Popen`, `leader` a `sigsend.Process` on it,
    `pid` its pid (and, on POSIX, the group's id). `signal(sig)` signals
    every member of the group (grandchildren too), `stop(plan)` runs a stop
    plan over the leader's whole tree, `kill_tree(sig)` signals the tree;
    `close()` (and leaving a `with` block) kills what is left of the group
    and reaps the leader.

    On POSIX the group is signalled by its id only while the leader has not
    been reaped (its pid, and so the group's id, cannot be reused before):
    hold the `Group` open rather than `popen.wait()` when the group is to be
    signalled afterwards. On Windows the group is a console process group
    (`CREATE_NEW_PROCESS_GROUP`); `signal` signals the leader's tree
    through handles (no Job object: a process that left the tree is not
    reached).
    """

    def __init__(self, popen):
        import sigsend

        self.popen = popen
        self.pid = popen.pid
        self.leader = sigsend.Process.from_popen(popen)

    def signal(self, sig):
        """`sig` (an int, a `signal.Signals` member or a name) to every
        member of the group. Raises ProcessLookupError once the leader has
        been waited for, and sends nothing then."""
        import sigsend

        if isinstance(sig, str):
            sig = sigsend.parse_signal(sig)
        if not hasattr(sigsend, "killpg"):
            sigsend.kill_tree(self.leader, sig)
            return
        lock = getattr(self.popen, "_waitpid_lock", None)
        locked = lock.acquire(False) if lock is not None else False
        try:
            if self.popen.returncode is not None:
                raise ProcessLookupError(
                    3, "the group's leader %d was waited for: its group id may be "
                       "reused; nothing was sent" % self.pid)
            sigsend.killpg(self.pid, int(sig))
        finally:
            if locked:
                lock.release()

    def stop(self, plan=None, value=None):
        """A stop plan over the leader's whole tree (see `stop_tree`)."""
        import sigsend

        return sigsend.stop_tree(self.leader, plan, value)

    def kill_tree(self, sig):
        """`sig` to the leader and all its descendants (see `kill_tree`)."""
        import sigsend

        return sigsend.kill_tree(self.leader, sig)

    def wait(self, timeout=None):
        """Waits for the leader (as `Popen.wait`, which reaps it)."""
        return self.popen.wait(timeout)

    def close(self):
        """Kills what is left of the group (SIGKILL; on Windows the tree)
        and reaps the leader."""
        import sigsend

        if self.popen.returncode is None:
            try:
                self.signal(9)
            except ProcessLookupError:
                pass
            self.popen.wait()
        self.leader.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return "sigsend.Group(pid=%d)" % self.pid


def spawn_group(args, **popen_kwargs):
    """`spawn_group(args, **popen_kwargs) -> Group`: starts `args` with
    `subprocess.Popen(args, **popen_kwargs)` in a process group of its own
    (POSIX: a new session; Windows: `CREATE_NEW_PROCESS_GROUP`), which can
    be signalled, stopped and killed as a whole, and is killed when the
    `Group` is closed.

    >>> import sigsend
    >>> with sigsend.spawn_group(["sh", "-c", "sleep 10 & sleep 10 & wait"]) as group:
    ...     group.signal("TERM")
    ...     group.wait(timeout=10)
    -15
    """
    import os
    import subprocess

    if os.name == "nt":
        flags = popen_kwargs.pop("creationflags", 0)
        popen = subprocess.Popen(
            args, creationflags=flags | subprocess.CREATE_NEW_PROCESS_GROUP, **popen_kwargs)
    else:
        for key in ("start_new_session", "process_group", "preexec_fn"):
            if key in popen_kwargs:
                raise TypeError("spawn_group sets the process group itself: no %s" % key)
        popen = subprocess.Popen(args, start_new_session=True, **popen_kwargs)
    try:
        return Group(popen)
    except BaseException:
        popen.kill()
        popen.wait()
        raise
