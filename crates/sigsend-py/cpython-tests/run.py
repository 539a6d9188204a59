"""CPython's own tests of os.kill and friends, with sigsend's functions in
their place: test_os (PidTests, and Win32KillTests where it can run),
test_posix.PosixTester.test_pidfd_open, test_signal (PosixTests,
PidfdSignalTest, PendingSignalsTests, StressTest) and test_threadsignals,
from the `test` package of the interpreter that runs this.

Run with the Python of a virtual environment that has sigsend installed and
is used for nothing else: it installs _sigsend_rebind.pth into that
environment's site-packages, which rebinds the functions in every
interpreter started with SIGSEND_REBIND=1. It first checks that the
rebinding really took effect in a child interpreter (and not without the
variable), then runs the tests with it, and prints unittest's summary and
every skipped test with its reason. Exits non-zero on a failure.
"""

import os
import shutil
import subprocess
import sys
import sysconfig

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = [
    "test.test_os.PidTests",
    "test.test_os.Win32KillTests",
    "test.test_posix.PosixTester.test_pidfd_open",
    "test.test_signal.PosixTests",
    "test.test_signal.PidfdSignalTest",
    "test.test_signal.PendingSignalsTests",
    "test.test_signal.StressTest",
    "test.test_threadsignals",
]
CHECK = (
    "import os, posix, signal, sigsend\n"
    "names = [('os', 'kill'), ('posix', 'kill'), ('os', 'waitstatus_to_exitcode')]\n"
    "if os.name == 'posix':\n"
    "    names += [('os', 'killpg'), ('signal', 'pthread_kill')]\n"
    "if hasattr(os, 'pidfd_open'):\n"
    "    names += [('os', 'pidfd_open'), ('signal', 'pidfd_send_signal')]\n"
    "mods = {'os': os, 'posix': posix, 'signal': signal}\n"
    "print(all(getattr(mods[m], n) is getattr(sigsend, n) for m, n in names))\n"
)


def main():
    site = sysconfig.get_paths()["purelib"]
    shutil.copy(os.path.join(HERE, "_sigsend_rebind.py"), site)
    with open(os.path.join(site, "_sigsend_rebind.pth"), "w") as pth:
        pth.write("import _sigsend_rebind\n")

    env = dict(os.environ, SIGSEND_REBIND="1")
    for flags, environ, want in (([], env, "True"), (["-E"], env, "True"),
                                 (["-I"], env, "True"), ([], dict(os.environ, SIGSEND_REBIND="0"), "False")):
        got = subprocess.run([sys.executable, *flags, "-c", CHECK], env=environ,
                             capture_output=True, text=True).stdout.strip()
        if got != want:
            print("CPython tests: the rebinding check failed (flags %s: %r, not %s)" % (flags, got, want))
            return 1
    print("rebinding checked: a child interpreter (also with -E, -I) has sigsend's functions "
          "with SIGSEND_REBIND=1, and CPython's without")

    done = subprocess.run([sys.executable, "-m", "unittest", "-v", *TESTS], env=env,
                          capture_output=True, text=True, timeout=1800)
    output = done.stderr + done.stdout
    with open(os.environ.get("SIGSEND_CPYTHON_LOG", os.devnull), "w") as log:
        log.write(output)
    lines = output.splitlines()
    skipped = [line for line in lines if " ... skipped" in line]
    failed = [line for line in lines if line.endswith(("... FAIL", "... ERROR"))]
    ran = [line for line in lines if line.startswith("Ran ")]
    verdict = [line for line in lines if line.startswith(("OK", "FAILED"))]
    version = "%d.%d.%d" % sys.version_info[:3]
    if done.returncode != 0:
        print("\n".join(lines[-80:]))
    for line in skipped:
        print("  skipped: " + line.strip())
    for line in failed:
        print("  failed: " + line.strip())
    print("ran: " + " ".join(TESTS))
    print("CPython tests of CPython %s with sigsend's functions: %s, %s"
          % (version, ran[-1] if ran else "no 'Ran' line", verdict[-1] if verdict else "no verdict"))
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
