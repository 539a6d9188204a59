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
