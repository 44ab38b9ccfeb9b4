"""Linux UDP generic segmentation offload (GSO): one sendmsg(2) that the
kernel cuts into many datagrams, the backend of pysock's ``sendmmsg`` where
that is exactly what sendmmsg(2) would have sent (``pysock._mmsg``).

A ``UDP_SEGMENT`` control item (``SOL_UDP``, a ``__u16`` segment size,
Linux 4.18+, net/ipv4/udp.c ``udp_cmsg_send``) asks the kernel to send the
payload as datagrams of *segment* bytes each, the last one maybe shorter,
every one with the same UDP/IP headers.  The platform lists this module
for Linux only (``linux.py``); elsewhere the call is absent and sendmmsg
is plain sendmmsg(2).
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Dict, Optional

from .constants import VALUES
from .cstructs import STRUCTURES
from .msg import sendmsg as _sendmsg
from .platform import PLATFORM

if TYPE_CHECKING:
    from .msg import Data

#: The backend functions this module provides (see pysock._libc.Backend).
CALLS = ("sendmsg_gso",)

#: Segments a call may carry: UDP_MAX_SEGMENTS, 64 since Linux 4.18
#: (128 on recent kernels; 64 is what every kernel with UDP_SEGMENT
#: takes).  More is EINVAL (udp_send_skb).
SEGMENTS_MAX = 64
#: Payload bytes a call may carry: an IPv6 datagram's 65535 less its
#: 40-byte header and the 8 of UDP (IPv4 allows 65507; IP options or
#: extension headers make either smaller, which is EMSGSIZE).
BYTES_MAX = 65535 - 40 - 8
#: Messages one sendmmsg(2) takes (UIO_MAXIOV): a pysock sendmmsg sends
#: at most this many a call, segmented or not.
BATCH_MAX = 1024

#: Flags that leave a segmented send equivalent to sendmmsg(2); any other
#: (MSG_MORE corks the datagrams into one; MSG_OOB, MSG_ZEROCOPY...) takes
#: the plain call.
FLAGS = (VALUES.get("MSG_DONTWAIT", 0) | VALUES.get("MSG_DONTROUTE", 0)
         | VALUES.get("MSG_NOSIGNAL", 0) | VALUES.get("MSG_CONFIRM", 0))

#: The errors of a segmented send that mean "no GSO here", after which
#: sendmmsg(2) is made instead (net/ipv4/udp.c udp_send_skb, net/ipv6/udp.c
#: udp_v6_send_skb): EMSGSIZE (a segment and its headers exceed the path
#: MTU), EINVAL (the same on older kernels; SO_NO_CHECK; too many
#: segments), EIO (an IPsec route; on older kernels also UDP-Lite and a
#: device without checksum offload), ENOPROTOOPT/EOPNOTSUPP (no
#: UDP_SEGMENT).
#: EAGAIN too: a segmented send is all or nothing, sendmmsg(2) sends the
#: datagrams that fit, so it decides what a full send buffer gives.
#: None of them has sent anything.
REFUSED = frozenset(
    PLATFORM.errno[name]
    for name in ("EMSGSIZE", "EINVAL", "EIO", "ENOPROTOOPT", "EOPNOTSUPP", "EAGAIN", "EWOULDBLOCK")
    if name in PLATFORM.errno
)

# (.get: a platform loaded on another OS for inspection lists every call,
# this one too, with its own constants.)
_SOL_UDP = VALUES.get("SOL_UDP", 17)
_UDP_SEGMENT = VALUES.get("UDP_SEGMENT", 103)
_ALIGN = STRUCTURES.cmsg_alignment
_HEAD = (STRUCTURES.cmsg_header_size + _ALIGN - 1) & -_ALIGN
_U16 = struct.Struct("=H")
_controls: Dict[int, bytes] = {}  # segment size -> the packed control block


def _control(segment: int) -> bytes:
    """The control block of one UDP_SEGMENT item: CMSG_SPACE(2) bytes."""
    block = _controls.get(segment)
    if block is None:
        cmsghdr = STRUCTURES.cmsghdr
        assert cmsghdr is not None  # Linux has sendmsg
        head = bytes(cmsghdr(_HEAD + _U16.size, _SOL_UDP, _UDP_SEGMENT)).ljust(_HEAD, b"\0")
        space = _HEAD + ((_U16.size + _ALIGN - 1) & -_ALIGN)
        block = (head + _U16.pack(segment)).ljust(space, b"\0")
        if len(_controls) < 64:
            _controls[segment] = block
    return block


def sendmsg_gso(fd: int, data: Data, segment: int, flags: int, sockaddr: Optional[bytes]) -> int:
    """sendmsg(2) of *data* (bytes or a C-contiguous view) with a
    UDP_SEGMENT item of *segment*: the kernel sends it as datagrams of
    *segment* bytes, the last one the rest, to *sockaddr* (bytes, or None
    on a connected socket).  Returns the count of data bytes sent (all
    of them: a UDP send is whole or fails)."""
    return _sendmsg(fd, [data], _control(segment), flags, sockaddr)
