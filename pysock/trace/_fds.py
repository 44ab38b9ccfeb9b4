"""What the tracer knows of each descriptor: family, type, local and peer
address (the ``3<TCP:[a->b]>`` of strace ``-yy``).

Mostly learnt from the traced calls themselves: socket(), accept() and
dup() create entries, close() drops them, getsockname()/getpeername()
refresh them.  A descriptor seen for the first time (made before tracing
began, or handed in with ``fileno=``) is asked once; after bind(), connect()
and accept() the addresses are asked again, because the kernel picks the
ephemeral port.  Asking goes through ``backend.originals``: those calls are
the tracer's own, never traced and never faulted.
"""

import sys
import threading
from typing import Any, Dict, Optional, Set

from .. import families
from .._libc import backend
from .._libc.constants import VALUES
from ._event import SockInfo

_SOL_SOCKET = VALUES["SOL_SOCKET"]
_SO_TYPE = VALUES["SO_TYPE"]
_SO_DOMAIN = VALUES.get("SO_DOMAIN")
_INT = 4

#: The entry of a descriptor known not to be a socket.
NOT_A_SOCKET = None
_UNKNOWN: Any = object()


def _decode(data: bytes, family: Optional[int] = None) -> Any:
    try:
        return families.decode(data, family)
    except Exception:  # an odd address must not break the traced program
        return bytes(data)


class FdTable(object):
    """descriptor -> SockInfo, and which entries must be asked again."""

    def __init__(self, ask: bool = True) -> None:
        self._info = {}  # type: Dict[int, Optional[SockInfo]]
        self._stale = set()  # type: Set[int]
        self._connecting = set()  # type: Set[int]
        self._ask = ask
        self._lock = threading.Lock()

    # -- asking the kernel (untraced) ---------------------------------------

    def _probe(self, fd: int, family: Optional[int] = None, type: Optional[int] = None) -> Optional[SockInfo]:
        calls = backend.originals
        try:
            local = calls["getsockname"](fd)
        except (OSError, KeyError):
            return NOT_A_SOCKET
        if family is None:
            if _SO_DOMAIN is not None:
                try:
                    family = self._int(calls["getsockopt"](fd, _SOL_SOCKET, _SO_DOMAIN, _INT))
                except OSError:
                    family = None
            if family is None and len(local) >= 2:
                family = families.family_of(local)
        if type is None:
            try:
                type = self._int(calls["getsockopt"](fd, _SOL_SOCKET, _SO_TYPE, _INT))
            except OSError:
                type = 0
        try:
            peer = _decode(calls["getpeername"](fd), family)
        except OSError:
            peer = None
        return SockInfo(family, type, _decode(local, family), peer)  # type: ignore[arg-type]  # family may be unknown (None)

    @staticmethod
    def _int(data: bytes) -> int:
        return int.from_bytes(data.ljust(_INT, b"\0"), sys.byteorder, signed=True)

    # -- lookups ------------------------------------------------------------

    def get(self, fd: Optional[int]) -> Optional[SockInfo]:
        """The SockInfo of *fd* (asking the kernel if need be), or None."""
        if fd is None or fd < 0:
            return None
        info: Any = self._info.get(fd, _UNKNOWN)  # a SockInfo, None or _UNKNOWN
        if info is _UNKNOWN or fd in self._stale:
            old = None if info is _UNKNOWN else info
            if not self._ask:
                return old
            if old is None:
                info = self._probe(fd)
            else:
                info = self._probe(fd, old.family, old.type)
            with self._lock:
                self._info[fd] = info
                # A connect() still in progress has no peer yet: ask again
                # next time.
                if info is None or info.raddr is not None or fd not in self._connecting:
                    self._stale.discard(fd)
                    self._connecting.discard(fd)
        found: Optional[SockInfo] = info
        return found

    # -- what the calls teach -----------------------------------------------

    def created(self, fd: int, family: int, type: int) -> None:
        """A new socket (socket(), socketpair())."""
        with self._lock:
            self._info[fd] = SockInfo(family, type)
            self._stale.discard(fd)
            self._connecting.discard(fd)

    def accepted(self, fd: int, listener: int, peer: Any) -> None:
        base = self._info.get(listener)
        with self._lock:
            if base is None:
                self._info.pop(fd, None)
            else:
                self._info[fd] = SockInfo(base.family, base.type, base.laddr, peer)
            # The local address of an accepted socket is the one the peer
            # reached, not the listener's wildcard: ask.
            self._stale.add(fd)
            self._connecting.discard(fd)

    def copied(self, new: int, old: int) -> None:
        with self._lock:
            info = self._info.get(old)
            if info is None:
                self._info.pop(new, None)
            else:
                self._info[new] = info
            self._stale.discard(new)
            self._connecting.discard(new)

    def changed(self, fd: int, connecting: bool = False) -> None:
        """bind() or connect() happened: the addresses must be asked again;
        *connecting* while a connect() is still under way."""
        with self._lock:
            self._stale.add(fd)
            if connecting:
                self._connecting.add(fd)
            else:
                self._connecting.discard(fd)

    def closed(self, fd: int) -> None:
        with self._lock:
            self._info.pop(fd, None)
            self._stale.discard(fd)
            self._connecting.discard(fd)

    def learnt(self, fd: int, laddr: Any = None, raddr: Any = None) -> None:
        """getsockname()/getpeername() told an address."""
        with self._lock:
            info = self._info.get(fd)
            if info:
                if laddr is not None:
                    info = info._replace(laddr=laddr)
                if raddr is not None:
                    info = info._replace(raddr=raddr)
                self._info[fd] = info
