"""pysock: the operating system's socket API through ctypes, behind the exact
interface of the standard library's ``socket`` module.

    import pysock as socket

The public names, ``__all__`` and the enums live here; the work is done in
the private modules (see docs/architecture.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _enums
from ._libc.platform import PLATFORM as _PLATFORM

if TYPE_CHECKING:
    # The enums and the constants are made at import time from the OS table
    # (_enums, and globals().update below), out of a type checker's sight:
    # it is told the enum classes, and that the other names are ints.
    from enum import IntEnum, IntFlag

    class AddressFamily(IntEnum): ...
    class SocketKind(IntEnum): ...
    class MsgFlag(IntFlag): ...
    class AddressInfo(IntFlag): ...

    def __getattr__(name: str) -> int: ...
else:
    from ._enums import AddressFamily, AddressInfo, MsgFlag, SocketKind
from ._libc.errors import gaierror, herror
from ._socket import SocketType, getdefaulttimeout, setdefaulttimeout
from ._pysocket import socket
from ._io import SocketIO, _GiveupOnSendfile
from ._create import (
    _GLOBAL_DEFAULT_TIMEOUT,
    _fallback_socketpair,
    close,
    create_connection,
    create_server,
    dup,
    fromfd,
    has_dualstack_ipv6,
    has_ipv6,
    socketpair,
)
from . import _convert, _resolve
from ._resolve import *  # noqa: F401,F403 - what this platform has (_resolve.__all__)
from ._convert import *  # noqa: F401,F403 - inet_*, hton*, if_* (_convert.__all__)
from ._libc import backend as _backend

if hasattr(_backend, "sendmsg"):  # not on Windows, as the stdlib
    from ._msg import CMSG_LEN, CMSG_SPACE, recv_fds, send_fds
if hasattr(_backend, "fromshare"):  # Windows only, as the stdlib
    from ._share import fromshare

__version__ = "0.1.0"

# The socket class is pysock's own: show it as pysock.socket.
socket.__module__ = __name__

error = OSError
# socket.timeout is TimeoutError since Python 3.10; pysock offers the
# newest behaviour on every Python.
timeout = TimeoutError

_LOCALHOST = "127.0.0.1"
_LOCALHOST_V6 = "::1"

# As Lib/socket.py, which takes them from errno: the platform's numbers.
EBADF = _PLATFORM.EBADF
EAGAIN = _PLATFORM.EAGAIN
EWOULDBLOCK = _PLATFORM.EWOULDBLOCK

globals().update(_enums.CONSTANTS)

__all__ = [
    "AddressFamily",
    "AddressInfo",
    "CMSG_LEN",
    "CMSG_SPACE",
    "MsgFlag",
    "SocketKind",
    "SocketType",
    "close",
    "create_connection",
    "create_server",
    "dup",
    "error",
    "fromfd",
    "gaierror",
    "getaddrinfo",
    "getdefaulttimeout",
    "has_dualstack_ipv6",
    "has_ipv6",
    "herror",
    "recv_fds",
    "send_fds",
    "setdefaulttimeout",
    "socket",
    "socketpair",
    "timeout",
]
if not hasattr(_backend, "sendmsg"):
    __all__ = [name for name in __all__ if name not in ("CMSG_LEN", "CMSG_SPACE",
                                                         "recv_fds", "send_fds")]
if hasattr(_backend, "fromshare"):
    __all__.append("fromshare")
__all__.extend(name for name in _enums.CONSTANTS if name.isupper())
__all__.extend(
    name for name in _resolve.__all__ + _convert.__all__ if name not in __all__
)
