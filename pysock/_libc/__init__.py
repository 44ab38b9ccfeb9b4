"""The C library layer: the backend object, chosen once at import.

``backend`` is the single choke point of pysock (DESIGN.md, invariant 2):
every system call the package makes is one of its attributes, looked up at
call time.  A tracer or a fault injector replaces attributes with wrappers
and puts the originals back; when nothing is wrapped, a call costs one
attribute lookup and nothing else.

The backend is picked from ``sys.platform``; ``PYSOCK_BACKEND`` overrides
the choice (for testing a table on a platform that can load it).
"""

import os
import sys

from . import errors


def _platform_backend_name():
    name = os.environ.get("PYSOCK_BACKEND")
    if name:
        return name
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "darwin":
        return "darwin"
    if sys.platform.startswith(("freebsd", "openbsd", "netbsd", "dragonfly")):
        return "bsd"
    if sys.platform == "win32":
        return "windows"
    raise ImportError("pysock: no backend for platform %r" % sys.platform)


class Backend(object):
    """The syscall table of one platform, as attributes (see module doc).

    ``originals`` keeps the unwrapped functions so that a wrapper can always
    be undone, whoever installed it.
    """

    def __init__(self, name, modules):
        self.name = name
        self.originals = {}
        for module in modules:
            for call in module.CALLS:
                func = getattr(module, call, None)
                # A function the platform lacks is simply not there, so
                # that hasattr() upstream tells the truth.
                if func is not None:
                    self.originals[call] = func
        self.__dict__.update(self.originals)

    @property
    def calls(self):
        """The names of the system calls this backend makes."""
        return tuple(self.originals)

    def restore(self):
        """Put every original function back."""
        self.__dict__.update(self.originals)


def _load():
    name = _platform_backend_name()
    if name in ("linux", "darwin", "bsd"):
        from . import msg, netdb, posix

        modules = (posix, netdb, msg)
    elif name == "windows":
        raise ImportError(
            "pysock: the Windows (ws2_32) backend is not written yet"
        )
    else:
        raise ImportError("pysock: unknown backend %r (PYSOCK_BACKEND)" % name)
    errors.set_gai_strerror(posix.gai_strerror)
    if getattr(netdb, "hstrerror", None) is not None:
        errors.set_hstrerror(netdb.hstrerror)
    return Backend(name, modules)


backend = _load()
