"""The type stubs (sigsend.pyi) agree with the module: mypy's stubtest."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def test_stubtest(tmp_path):
    pytest.importorskip("mypy.stubtest", reason="mypy is not installed in this environment")
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "sigsend",
         "--allowlist", os.path.join(HERE, "stubtest-allowlist.txt")],
        capture_output=True, text=True, timeout=600, cwd=str(tmp_path),
        env=dict(os.environ, MYPY_CACHE_DIR=str(tmp_path / "mypy-cache")),
    )
    assert done.returncode == 0, done.stdout + done.stderr
