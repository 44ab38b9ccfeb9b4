"""socket.ioctl(), socket.share() and fromshare(): the Windows stdlib's own
socket calls, present where the backend has them (``ioctl``, ``share``,
``fromshare``: Winsock), absent elsewhere, as in the stdlib.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Any

from ._args import as_uint_mask, c_method, type_name
from ._libc import backend as _B
from ._libc.constants import VALUES

if TYPE_CHECKING:
    from ._pysocket import socket as _PySocket
    from ._socket import socket

_SIO_RCVALL = VALUES.get("SIO_RCVALL")
_SIO_KEEPALIVE_VALS = VALUES.get("SIO_KEEPALIVE_VALS")
_SIO_LOOPBACK_FAST_PATH = VALUES.get("SIO_LOOPBACK_FAST_PATH")
_UINT = struct.Struct("<I")
_KEEPALIVE = struct.Struct("<III")   # struct tcp_keepalive: three ULONGs


def _ulong(value: Any) -> int:
    """The ``k`` format unit: an unsigned long, masked (32 bits on Windows)."""
    return as_uint_mask(value)


@c_method("varargs", 2, 2)
def ioctl(self: socket, control: int, option: Any) -> int:
    """ioctl(cmd, option) -> long

    Control the socket with WSAIoctl syscall. Currently supported 'cmd' values are
    SIO_RCVALL:  'option' must be one of the socket.RCVALL_* constants.
    SIO_KEEPALIVE_VALS:  'option' is a tuple of (onoff, timeout, interval).
    SIO_LOOPBACK_FAST_PATH: 'option' is a boolean value, and is disabled by default"""
    cmd = _ulong(control)
    if cmd == _SIO_RCVALL or cmd == _SIO_LOOPBACK_FAST_PATH:
        data = _UINT.pack(as_uint_mask(option))
    elif cmd == _SIO_KEEPALIVE_VALS:
        if not isinstance(option, tuple):
            raise TypeError("ioctl() argument 2 must be tuple, not %s" % type_name(option))
        if len(option) != 3:
            raise TypeError("ioctl() argument 2 must be sequence of length 3, not %d"
                            % len(option))
        data = _KEEPALIVE.pack(*(_ulong(item) for item in option))
    else:
        raise ValueError("invalid ioctl command %d" % cmd)
    return _B.ioctl(self._fd, cmd, data)


@c_method("varargs", 1, 1)
def share(self: socket, process_id: int) -> bytes:
    """share(process_id) -> bytes

    Share the socket with another process.  The target process id
    must be provided and the resulting bytes object passed to the target
    process.  There the shared socket can be instantiated by calling
    socket.fromshare()."""
    return _B.share(self._fd, as_uint_mask(process_id))


def fromshare(info: bytes) -> _PySocket:
    """fromshare(info) -> socket object

    Create a socket object from the bytes object returned by
    socket.share(pid)."""
    from ._pysocket import socket

    # fileno= takes bytes on Windows alone (typeshed's win32 signature), the
    # one platform with this function.
    return socket(0, 0, 0, info)  # type: ignore[arg-type, unused-ignore]
