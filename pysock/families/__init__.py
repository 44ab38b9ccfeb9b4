"""Address families: one codec per family, and the registry that finds them.

A codec is a module with:

* ``FAMILY`` -- the ``AF_*`` number it handles;
* the ctypes ``Structure`` of its ``sockaddr_*`` (the C declaration quoted
  in the docstring; tests check the codec's bytes against it);
* ``encode(address, caller, resolve) -> bytes`` -- the Python address
  (tuple, str, ...) to sockaddr bytes, raising what the stdlib raises for a
  bad address; *caller* names the method for messages ("bind", "sendto"),
  *resolve* is the socket layer's host-name resolver (codecs make no
  system calls themselves);
* ``decode(data) -> address`` -- sockaddr bytes to the Python address.

Some families need more than the address to encode or decode it: the
socket's protocol (AF_CAN, AF_BLUETOOTH) or interface names, which are
system calls (AF_PACKET, AF_CAN).  Their codecs set ``CONTEXT = True`` and
take two more arguments, ``encode(address, caller, resolve, proto,
interfaces)`` and ``decode(data, proto, interfaces)``.  *interfaces* is
whatever the socket layer passes to make the lookups -- its backend object,
so that they go through the choke point -- with
``if_nametoindex(name: bytes) -> int`` (0: no such interface) and
``if_indextoname(index: int) -> bytes`` (OSError: no such interface).
These codecs are reached through ``encode`` and ``decode`` below, not
``lookup``.

Codecs are pure: bytes in, tuple out, and back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple
import ctypes
import importlib
import struct

from .._libc.constants import VALUES
from .._libc.platform import PLATFORM

if TYPE_CHECKING:
    from typing import Protocol

    class Codec(Protocol):
        """A codec module (see the module doc)."""

        FAMILY: int

        def encode(self, address: Any, caller: str, resolve: Callable[..., Any]) -> bytes: ...

        def decode(self, data: bytes) -> Any: ...

    class ContextCodec(Protocol):
        """A codec module with ``CONTEXT = True``: protocol and interfaces too."""

        FAMILY: int

        def encode(
            self, address: Any, caller: str, resolve: Callable[..., Any], proto: int,
            interfaces: Any,
        ) -> bytes: ...

        def decode(self, data: bytes, proto: int, interfaces: Any) -> Any: ...

_codecs: Dict[Optional[int], Codec] = {}
# Codecs that take the socket's protocol and interface lookups too.
_contextual: Dict[Optional[int], ContextCodec] = {}


def register(codec: Any) -> Any:
    if getattr(codec, "CONTEXT", False):
        _contextual[codec.FAMILY] = codec
    else:
        _codecs[codec.FAMILY] = codec
    return codec


#: The codecs that need no context, by family (``lookup`` is its ``get``).
CODECS = _codecs


#: Decoded sockaddrs (exact bytes -> address), shared by the codecs that
#: remember theirs: the key holds the family field, so one dictionary serves
#: them all, and the socket layer's datagram path can look an address up
#: without finding its codec first (_socket).
REMEMBERED: Dict[bytes, Any] = {}


def remembering(decode: Callable[[bytes], Any], size: int = 512) -> Callable[[bytes], Any]:
    """*decode* of sockaddr bytes with a memo of its answers (exact bytes
    keys, in REMEMBERED, which holds at most *size* and is emptied when
    full): a program hears from the same few peers again and again."""
    memo = REMEMBERED

    def remembered(data: bytes) -> Any:
        if data.__class__ is not bytes:
            return decode(data)
        found = memo.get(data)
        if found is None:
            found = decode(data)
            if len(memo) >= size:
                memo.clear()
            memo[data] = found
        return found

    return remembered


def lookup(family: int) -> Optional[Codec]:
    """The codec of *family*, or None (also for the codecs that need a
    context: use ``encode``/``decode`` for those)."""
    return _codecs.get(family)


class _NoInterfaces(object):
    """The *interfaces* of a decode made without a socket: no lookups."""

    @staticmethod
    def if_nametoindex(name: Any) -> int:
        raise OSError("no interface lookups without a socket")

    @staticmethod
    def if_indextoname(index: int) -> str:
        raise OSError("no interface lookups without a socket")


#: Interface names decoded without a socket come back as ''.
NO_INTERFACES = _NoInterfaces()


def encode(family: int, proto: int, address: Any, caller: str, resolve: Any, interfaces: Any) -> bytes:
    """Encode *address* for a socket of *family* and *proto*: any codec,
    contextual or not; the stdlib's error for a family it cannot address."""
    codec = _codecs.get(family)
    if codec is not None:
        return codec.encode(address, caller, resolve)
    contextual = _contextual.get(family)
    if contextual is None:
        raise OSError("%s(): bad family" % caller)
    return contextual.encode(address, caller, resolve, proto, interfaces)


# struct sockaddr starts with the family: a native u16 on Linux (and
# Windows); "u8 sa_len, u8 sa_family" on the BSDs and macOS.
if PLATFORM.layout.sockaddr_header == "family16":
    _HEAD = struct.Struct("=H")

    def header(family: Any, length: int) -> bytes:
        """The first two bytes of a sockaddr of *family*, *length* long."""
        return _HEAD.pack(family)

    def family_of(data: bytes) -> int:
        family: int = _HEAD.unpack_from(data)[0]
        return family

    def head_fields(prefix: str) -> List[Tuple[str, Any]]:
        """The ctypes fields of a sockaddr_* header: ``<prefix>family``."""
        return [(prefix + "family", ctypes.c_ushort)]

else:

    def header(family: Any, length: int) -> bytes:
        """The first two bytes of a sockaddr of *family*, *length* long."""
        return bytes((min(length, 255), family))

    def family_of(data: bytes) -> int:
        return data[1]

    def head_fields(prefix: str) -> List[Tuple[str, Any]]:
        """The ctypes fields of a sockaddr_* header: ``<prefix>len`` and
        ``<prefix>family``, a byte each."""
        return [(prefix + "len", ctypes.c_ubyte), (prefix + "family", ctypes.c_ubyte)]


def decode(data: bytes, default_family: Optional[int] = None, proto: int = 0, interfaces: Any = NO_INTERFACES) -> Any:
    """Decode any sockaddr by its own family field, as CPython's makesockaddr.

    An empty address (length 0) is None; a family without a codec gives
    ``(family, sa_data)`` with the 14 bytes of ``struct sockaddr``'s data.
    *proto* and *interfaces* are those of the socket the address came from
    (contextual codecs need them).
    """
    if not data:
        return None
    family = family_of(data) if len(data) >= 2 else default_family
    codec = _codecs.get(family)
    if codec is not None:
        return codec.decode(data)
    contextual = _contextual.get(family)
    if contextual is not None:
        return contextual.decode(data, proto, interfaces)
    return (family, bytes(data[2:16]).ljust(14, b"\0"))


def _register_platform() -> None:
    """Register the codecs the platform names, each whose family's number
    the constant table has."""
    for module, family in PLATFORM.families:
        if family in VALUES:
            register(importlib.import_module("." + module, __name__))


_register_platform()

__all__ = [
    "register",
    "lookup",
    "encode",
    "decode",
    "header",
    "family_of",
    "head_fields",
    "NO_INTERFACES",
    "VALUES",
]
