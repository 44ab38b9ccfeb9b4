"""recvmmsg(), recvmmsg_into() and sendmmsg(): many datagrams in one
system call, a pysock addition (README, "pysock additions").

The stdlib has no such methods; these are shaped as its others are, and
bound in the socket class only where the backend has the calls (Linux, and
FreeBSD's BSD backend): ``hasattr(sock, "recvmmsg")`` tells the truth.

* ``recvmmsg(count, bufsize[, flags])`` -> ``[(data, address), ...]``: up
  to *count* datagrams (at most 1024 a call, the kernel's limit), each cut
  to *bufsize* bytes as ``recvfrom(bufsize)`` cuts it;
* ``recvmmsg_into(buffers[, flags])`` -> ``[(nbytes, address), ...]``: one
  datagram into each writable buffer, in order;
* ``sendmmsg(messages[, address[, flags]])`` -> number of messages sent:
  each item of *messages* is a bytes-like payload (sent to *address*, or
  on a connected socket with no address) or a ``(payload, address)`` pair.

Both receive calls return once at least one datagram is there
(``MSG_WAITFORONE``): never waiting for *count* of them.  Timeouts and
non-blocking mode are those of every call (``socket._call``): a socket with
a timeout waits at most that long for the first datagram, a non-blocking
one raises BlockingIOError when none is queued.  Each is one backend call,
so it is traced and faults can be injected into it like any other.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Tuple, TypeVar, Union

from ._args import as_int, as_ssize, readable_buffer, type_name, writable_buffer
from ._libc import backend as _B
from ._libc.constants import VALUES

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

    from ._socket import socket

# What comes with each sockaddr: the data (recvmmsg), the count (recvmmsg_into).
_Item = TypeVar("_Item")

_audit = sys.audit if hasattr(sys, "audit") else (lambda *args: None)
_WAITFORONE = VALUES.get("MSG_WAITFORONE", 0)


def recvmmsg(self: socket, count: int, bufsize: int, flags: int = 0) -> List[Tuple[bytes, Any]]:
    """recvmmsg(count, bufsize[, flags]) -> [(data, address), ...]

    Receive up to *count* datagrams (at most 1024) in one system call,
    each cut to *bufsize* bytes; return once at least one is there."""
    count = as_ssize(count)
    bufsize = as_ssize(bufsize)
    flags = as_int(flags)
    if count < 1:
        raise ValueError("recvmmsg() count must be at least 1")
    if bufsize < 0:
        raise ValueError("negative buffersize in recvmmsg")
    received = self._call(False, _B.recvmmsg, (count, bufsize, flags | _WAITFORONE))
    return _with_addresses(self, received)


def _with_addresses(
    sock: socket, received: Iterable[Tuple[_Item, bytes]]
) -> List[Tuple[_Item, Any]]:
    """The (x, sockaddr bytes) pairs with each address decoded; a batch
    mostly comes from one sender, decoded once."""
    out: List[Tuple[_Item, Any]] = []
    last = decoded = None
    for item, sockaddr in received:
        if sockaddr is not last and sockaddr != last:
            last = sockaddr
            decoded = sock._address(sockaddr)
        out.append((item, decoded))
    return out


def recvmmsg_into(
    self: socket, buffers: Iterable[WriteableBuffer], flags: int = 0
) -> List[Tuple[int, Any]]:
    """recvmmsg_into(buffers[, flags]) -> [(nbytes, address), ...]

    Receive one datagram into each writable buffer of the list *buffers*
    (at most 1024) in one system call; return once at least one is there.
    The list has one entry per datagram received, in buffer order."""
    flags = as_int(flags)
    try:
        items = list(buffers)
    except TypeError:
        raise TypeError("recvmmsg_into() argument 1 must be an iterable of "
                        "writable buffers, not %s" % type_name(buffers)) from None
    if not items:
        raise ValueError("recvmmsg_into() needs at least one buffer")
    views: List[memoryview] = []
    try:
        for item in items:
            views.append(writable_buffer(
                item, "recvmmsg_into() items must be read-write bytes-like objects, not %s"))
        received = self._call(False, _B.recvmmsg_into, (views, flags | _WAITFORONE))
    finally:
        for view in views:
            view.release()
    return _with_addresses(self, received)


def sendmmsg(
    self: socket,
    messages: Iterable[Union[ReadableBuffer, Tuple[ReadableBuffer, Any]]],
    address: Any = None,
    flags: int = 0,
) -> int:
    """sendmmsg(messages[, address[, flags]]) -> number of messages sent

    Send many datagrams in one system call.  Each item of *messages* is a
    bytes-like payload, sent to *address* (or to the connected peer when
    address is None), or a (payload, address) pair.  At most 1024 are
    sent a call; fewer may be, as with send(): the count says how many."""
    flags = as_int(flags)
    try:
        # Payloads or (payload, address) pairs, told apart below.
        items: List[Any] = list(messages)
    except TypeError:
        raise TypeError("sendmmsg() argument 1 must be an iterable, not %s"
                        % type_name(messages)) from None
    if not items:
        return 0
    encoded: Dict[int, Tuple[Any, bytes]] = {}  # id(address) -> (address, sockaddr): each encoded once

    def sockaddr_of(where: Any) -> Optional[bytes]:
        if where is None:
            return None
        known = encoded.get(id(where))
        if known is None:
            known = (where, self._sockaddr(where, "sendmmsg"))
            _audit("socket.sendmsg", self, where)
            encoded[id(where)] = known
        return known[1]

    default = sockaddr_of(address)
    batch: List[Tuple[Union[bytes, memoryview], Optional[bytes]]] = []
    views: List[memoryview] = []
    try:
        for item in items:
            if item.__class__ is tuple:
                if len(item) != 2:
                    raise TypeError("sendmmsg() items must be payloads or "
                                    "(payload, address) pairs")
                payload, sockaddr = item[0], sockaddr_of(item[1])
            else:
                payload, sockaddr = item, default
            if payload.__class__ is not bytes:
                payload = readable_buffer(payload)
                views.append(payload)
            batch.append((payload, sockaddr))
        if address is None and not encoded:
            _audit("socket.sendmsg", self, None)
        if (_GSO and len(batch) > 1 and not flags & ~_GSO_FLAGS and self._type == _SOCK_DGRAM
                and self._family in _GSO_FAMILIES and self._proto in _GSO_PROTOCOLS):
            segment = _segment_size(batch)
            if segment:
                return self._call(True, _send_segmented, (batch, segment, flags))
        return self._call(True, _B.sendmmsg, (batch, flags))
    finally:
        for view in views:
            view.release()


# -- sendmmsg as UDP segmentation offload (Linux) -----------------------------
#
# Datagrams of one size to one destination are what one sendmsg(2) with a
# UDP_SEGMENT item sends (pysock._libc.gso): the same datagrams, several
# times faster than sendmmsg(2) makes them, since the kernel builds one
# packet and cuts it.  It is used only where it is sendmmsg(2) exactly:
# a UDP socket, payloads of one nonzero size but the last (which may be
# shorter), one destination, flags that do not cork, no segment size or
# cork of the socket's own (asked per call: a second program may set them
# on a shared descriptor); any error that says "not here" makes the
# sendmmsg(2) of the same messages instead.

_GSO = "sendmsg_gso" in _B.originals
if _GSO:
    from ._libc import gso as _gso

    _GSO_FLAGS = _gso.FLAGS
    _GSO_FAMILIES = (VALUES["AF_INET"], VALUES["AF_INET6"])
    _GSO_PROTOCOLS = (0, VALUES["IPPROTO_UDP"])
    _SOCK_DGRAM = VALUES["SOCK_DGRAM"]
    _SOL_UDP = VALUES.get("SOL_UDP", 17)  # (.get: a platform loaded for inspection)
    _OWN_OPTIONS = (VALUES.get("UDP_SEGMENT", 103), VALUES.get("UDP_CORK", 1))
    _REFUSED = _gso.REFUSED
    _SEGMENTS_MAX = _gso.SEGMENTS_MAX
    _BYTES_MAX = _gso.BYTES_MAX
    _BATCH_MAX = _gso.BATCH_MAX
else:
    _GSO_FLAGS = _SOCK_DGRAM = 0
    _GSO_FAMILIES = _GSO_PROTOCOLS = (-1, -1)


def _segment_size(batch: List[Tuple[Union[bytes, memoryview], Optional[bytes]]]) -> int:
    """The segment size if *batch* may go as segments (one destination,
    one nonzero size but a shorter nonzero last), else 0."""
    first, sockaddr = batch[0]
    size = len(first)  # a view here is a 1-D byte view (readable_buffer)
    if not size or (_BYTES_MAX // size) < 2:
        return 0
    last = batch[-1]
    if last[1] != sockaddr or not 0 < len(last[0]) <= size:
        return 0
    for payload, where in batch[1:-1]:
        if len(payload) != size or (where is not sockaddr and where != sockaddr):
            return 0
    return size


def _send_segmented(
    fd: int, batch: List[Tuple[Union[bytes, memoryview], Optional[bytes]]], segment: int, flags: int
) -> int:
    """sendmmsg of *batch* as segmented sends of at most 64 datagrams: the
    count sent; an error only if the first datagram fails, as sendmmsg(2)."""
    try:
        own = any(any(_B.getsockopt(fd, _SOL_UDP, option, 4)) for option in _OWN_OPTIONS)
    except OSError:
        # Not UDP after all (no UDP options: a descriptor wrapped with
        # another protocol's numbers), or a kernel before UDP_SEGMENT.
        own = True
    if own:  # the socket's own segment size or cork rules: sendmmsg(2)
        return _B.sendmmsg(fd, batch, flags)
    total = min(len(batch), _BATCH_MAX)
    step = min(_SEGMENTS_MAX, _BYTES_MAX // segment)
    sockaddr = batch[0][1]
    sent = 0
    while sent < total:
        end = min(sent + step, total)
        count = end - sent
        chunk = batch[sent:end]
        try:
            try:
                _B.sendmsg_gso(fd, b"".join([payload for payload, _ in chunk]), segment,
                               flags, sockaddr)
                done = count
            except OSError as exc:
                if exc.errno not in _REFUSED:
                    raise
                done = _B.sendmmsg(fd, chunk, flags)
        except OSError:
            if sent:
                return sent  # the count before the first failure, as sendmmsg(2)
            raise
        sent += done
        if done < count:
            break  # a short sendmmsg(2): the send buffer is full
    return sent
