"""Puts sigsend's functions in place of os's and signal's when
SIGSEND_REBIND=1, in every interpreter of the environment: imported at
start-up by _sigsend_rebind.pth (site-packages), so that child interpreters
that the tests start (even with -E or -I) are rebound too."""

import os

if os.environ.get("SIGSEND_REBIND") == "1":
    import posix
    import signal

    import sigsend

    for _module in (os, posix):
        for _name in ("kill", "killpg", "waitstatus_to_exitcode", "pidfd_open"):
            if hasattr(_module, _name) and hasattr(sigsend, _name):
                setattr(_module, _name, getattr(sigsend, _name))
    for _name in ("pthread_kill", "pidfd_send_signal"):
        if hasattr(signal, _name) and hasattr(sigsend, _name):
            setattr(signal, _name, getattr(sigsend, _name))
