"""Windows (x86_64): the facts of the platform layer (see ``platform``).

The socket API is Winsock (ws2_32.dll), reached by ``winsock.py``.  What
differs from POSIX, for the layers above:

- a socket is a ``SOCKET``, a pointer-sized unsigned handle, not a small
  int; a closed socket's ``fileno()`` is -1, as the stdlib's;
- a failing call's code is ``WSAGetLastError()`` (``"last_error"``), and
  it is raised as ``OSError(code, message, None, code)``: Python sets
  ``winerror`` and maps the code to ``errno`` (WSAEWOULDBLOCK is
  ``errno.EWOULDBLOCK`` there);
- a non-blocking connect in progress fails with WSAEWOULDBLOCK, not
  EINPROGRESS; waiting is ``select()``, as the stdlib's Windows build.

Constants come from ``_constants_windows`` (``tools/gen_constants_windows.py``:
mingw-w64's headers probed under Wine, plus the Windows SDK's and CPython's
values mingw lacks).  The table holds what the newest Windows CPython
exports; ``select`` gives one CPython's: the names it lacks removed, the
values it differs on, C longs as CPython stores them (negative from 2**31,
except the ``SIO_*`` codes, added unsigned), and, as CPython does at import,
without the TCP options an older Windows 10 lacks.

Only ctypes and the standard library may be imported by this module.
"""

import ctypes
import sys
from typing import Any, Dict, Optional, Tuple

from .platform import Layout, Platform

# Winsock: u16 sa_family (ws2def.h), no AF_UNIX in the stdlib (CPython
# 3.8-3.13 do not export it on Windows), socklen_t is an int, no
# sendmsg/recvmsg; ADDRINFOW has ai_canonname before ai_addr.
LAYOUT = Layout(
    sockaddr_header="family16",
    sun_path_size=0,
    socklen_t=ctypes.c_int,
    msg_iovlen_t=None,
    msg_controllen_t=None,
    cmsg_len_t=None,
    cmsg_alignment=8,
    addrinfo_addr_first=False,
)

#: The family codecs Windows has: (pysock.families module, its AF_* name).
FAMILIES = (
    ("inet", "AF_INET"),
    ("inet6", "AF_INET6"),
)

# CPython's win_runtime_flags (socketmodule.c): removed at import on a
# Windows 10 older than the build that brought them.
RUNTIME_FLAGS = (
    (16299, "TCP_KEEPIDLE"),
    (16299, "TCP_KEEPINTVL"),
    (15063, "TCP_KEEPCNT"),
    (14393, "TCP_FASTOPEN"),
)

# The optional contract calls Winsock (and the stdlib there) lacks.
ABSENT_CALLS = ("socketpair", "read", "write", "sendmsg", "recvmsg", "recvmsg_into",
                "sendfile", "hstrerror", "sethostname", "ctl_getinfo", "sendmsg_gso")

# What a select() on one socket is asked, as the platform's poll bits.
POLL_BITS = {"POLLIN": 1, "POLLPRI": 2, "POLLOUT": 4, "POLLERR": 8,
             "POLLHUP": 16, "POLLNVAL": 32}


def select(
    version: Optional[Tuple[int, int]] = None, windows_build: Optional[int] = None
) -> Dict[str, Any]:
    """The constants of the Windows CPython *version* (``(3, 8)`` ...,
    default: the running one) on Windows build *windows_build* (default:
    this one's, or the newest when not on Windows)."""
    from . import _constants_windows as table

    if version is None:
        version = (sys.version_info[0], sys.version_info[1])
    values: Dict[str, Any] = {}
    for name, value in table.VALUES.items():
        if table.SINCE.get(name, (3, 8)) > version:
            continue
        value = table.BY_VERSION.get(name, {}).get(version, value)
        if isinstance(value, int) and value >= 2 ** 31 and not name.startswith("SIO_"):
            value -= 2 ** 32  # stored as a C long (32 bits on Windows)
        values[name] = value
    if windows_build is not None:
        for build, name in RUNTIME_FLAGS:
            if windows_build < build:
                values.pop(name, None)
    return values


def _windows_build() -> Optional[int]:
    if sys.platform == "win32":
        return sys.getwindowsversion().build
    return None


def platform(native: bool, machine: str) -> Platform:
    """The Windows ``Platform``; *native*: pysock runs on Windows."""
    from . import _constants_windows as table

    values = select(windows_build=_windows_build() if native else None)
    errno: Dict[str, int] = dict(table.ERRNO)
    if native:
        import errno as errno_module

        errno = {name: getattr(errno_module, name)
                 for name in dir(errno_module) if name[:1] in "EW" and name.isupper()}
    # A code is named as Winsock names it where it is one (WSAEWOULDBLOCK,
    # not EWOULDBLOCK): what the tracer shows.
    errorcode: Dict[int, str] = {}
    for name in sorted(errno, key=lambda n: (n.startswith("WSA"), n)):
        errorcode[errno[name]] = name
    result = Platform(
        name="windows",
        native=native,
        machine="AMD64" if machine in ("x86_64", "AMD64", "amd64") else machine,
        values=values,
        errno=errno,
        layout=LAYOUT,
        error_convention="last_error",
        families=FAMILIES,
        backend_modules=("winsock",),
        handle_type=ctypes.c_size_t,  # SOCKET is UINT_PTR
        invalid_handle=-1,            # what fileno() gives for a closed socket
        poll_bits=POLL_BITS,
        in_progress=("WSAEWOULDBLOCK",),
        absent_calls=ABSENT_CALLS,
        errorcode=errorcode,
        inet_pton_sets_errno=False,
    )
    return result
