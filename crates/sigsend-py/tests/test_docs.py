"""The docstrings' examples run, as doctests."""

import doctest
import sys

import pytest

import sigsend
from conftest import PIDFDS

NAMES = [name for name in dir(sigsend) if not name.startswith("_")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the examples use Linux programs")
@pytest.mark.parametrize("name", NAMES)
def test_examples(name):
    obj = getattr(sigsend, name)
    if name == "kill_handle":
        pytest.skip("Windows")
    if name.startswith("pidfd_") and not PIDFDS:
        pytest.skip("needs Linux pidfds (5.3+), which this system refuses")
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(obj, name, globs={}) if getattr(obj, "__doc__", None) else []
    if name == "Process":
        tests += finder.find(sigsend.Process.wait_async, "Process.wait_async", globs={})
    for test in tests:
        runner.run(test)
    assert runner.failures == 0
