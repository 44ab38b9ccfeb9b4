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
    # _constants.pyi (tools/gen_typing.py) states each of them, typed.
    from . import _constants
    # Every constant's name, for a type checker; the names below add to it.
    from ._constants import __all__ as __all__
    from ._constants import *  # noqa: F401,F403
    from ._constants import AddressFamily as AddressFamily
    from ._constants import AddressInfo as AddressInfo
    from ._constants import MsgFlag as MsgFlag
    from ._constants import SocketKind as SocketKind
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
if TYPE_CHECKING:
    # The resolver, the conversions and CMSG_* as typeshed types the
    # stdlib's (their definitions take any arguments, to refuse bad calls
    # with the C module's messages).
    from ._api import *  # noqa: F401,F403
else:
    from ._resolve import *  # noqa: F401,F403 - what this platform has (_resolve.__all__)
    from ._convert import *  # noqa: F401,F403 - inet_*, hton*, if_* (_convert.__all__)
    from ._libc import backend as _backend

    if hasattr(_backend, "sendmsg"):  # not on Windows, as the stdlib
        from ._msg import CMSG_LEN, CMSG_SPACE, recv_fds, send_fds
    if hasattr(_backend, "fromshare"):  # Windows only, as the stdlib
        from ._share import fromshare
# pysock's own, outside __all__ (a star import copies the socket API only).
from ._install import install as install, installed as installed, uninstall as uninstall

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

# As the stdlib's: MsgFlag and AddressInfo are public names outside it.
__all__ = [
    "AddressFamily",
    "CMSG_LEN",
    "CMSG_SPACE",
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
if TYPE_CHECKING:
    # Every constant's name: mypy has them from the import of
    # _constants.__all__ above, pyright from this line.
    __all__ += _constants.__all__
else:
    # Every constant, AF_DECnet too (the stdlib's __all__ has it).
    __all__.extend(_enums.CONSTANTS)
if TYPE_CHECKING:
    # What _resolve.__all__ and _convert.__all__ hold, as a type checker
    # must read it: a literal list.
    __all__ += [
        "getfqdn", "gethostbyaddr", "gethostbyname", "gethostbyname_ex", "gethostname",
        "getnameinfo", "getprotobyname", "getservbyname", "getservbyport", "sethostname",
        "htonl", "htons", "ntohl", "ntohs", "if_indextoname", "if_nameindex",
        "if_nametoindex", "inet_aton", "inet_ntoa", "inet_ntop", "inet_pton",
    ]
else:
    __all__.extend(
        name for name in _resolve.__all__ + _convert.__all__ if name not in __all__
    )
    if not hasattr(_backend, "sendmsg"):
        __all__ = [name for name in __all__
                   if name not in ("CMSG_LEN", "CMSG_SPACE", "recv_fds", "send_fds")]
    if hasattr(_backend, "fromshare"):
        __all__.append("fromshare")

if not TYPE_CHECKING:

    def __getattr__(name):
        # The C _socket module's capsule, loaded only when asked for: `import
        # ssl` needs it when pysock stands in sys.modules["_socket"] (_capi.py).
        if name == "CAPI":
            from ._capi import socket_capi

            return socket_capi()
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
