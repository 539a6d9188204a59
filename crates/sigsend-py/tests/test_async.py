"""Process.wait_async under asyncio."""

import asyncio
import os
import signal
import subprocess
import time

import pytest

import sigsend
from conftest import POSIX

pytestmark = pytest.mark.skipif(not POSIX, reason="POSIX processes (sleep, sh)")


def test_wait_async_many_at_once(children):
    kids = [children.start(("sh", "-c", "sleep 0.3; exit %d" % (i % 5))) for i in range(100)]
    procs = [sigsend.Process.from_popen(k) for k in kids]

    async def main():
        return await asyncio.gather(*(p.wait_async(timeout=30) for p in procs))

    start = time.monotonic()
    codes = asyncio.run(main())
    assert codes == [i % 5 for i in range(100)]
    assert time.monotonic() - start < 15
    assert [p.returncode for p in procs] == codes


def test_wait_async_signal_and_timeout(children):
    child = children.sleeper()
    p = sigsend.Process.from_popen(child)

    async def main():
        with pytest.raises(sigsend.TimeoutExpired) as err:
            await p.wait_async(timeout=0.1)
        assert err.value.pid == child.pid
        asyncio.get_running_loop().call_later(0.1, p.send_signal, "TERM")
        return await p.wait_async()

    assert asyncio.run(main()) == -signal.SIGTERM


def test_wait_async_same_process_twice_and_already_exited(children):
    child = children.start(("sleep", "0.2"))
    p = sigsend.Process.from_popen(child)

    async def main():
        first = await asyncio.gather(p.wait_async(), p.wait_async(timeout=10))
        again = await p.wait_async()
        return first, again

    assert asyncio.run(main()) == ([0, 0], 0)


def test_wait_async_non_child(children):
    shell = children.start(("sh", "-c", "sleep 0.3 & echo $!; wait"), stdout=subprocess.PIPE, group=True)
    p = sigsend.Process(int(shell.stdout.readline()))
    assert asyncio.run(p.wait_async(timeout=10)) is None


def test_wait_async_cancelled_leaves_loop_clean(children):
    child = children.sleeper()
    p = sigsend.Process.from_popen(child)

    async def main():
        task = asyncio.ensure_future(p.wait_async())
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        p.kill()
        return await p.wait_async(timeout=10)

    assert asyncio.run(main()) == -signal.SIGKILL


def test_wait_async_closed():
    p = sigsend.Process(os.getpid())
    p.close()
    with pytest.raises(ValueError):
        asyncio.run(p.wait_async())
