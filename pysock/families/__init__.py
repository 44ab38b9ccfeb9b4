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

Codecs are pure: bytes in, tuple out, and back.
"""

import struct

from .._libc.constants import VALUES
from .._libc.cstructs import LINUX

_codecs = {}


def register(codec):
    _codecs[codec.FAMILY] = codec
    return codec


def lookup(family):
    """The codec of *family*, or None."""
    return _codecs.get(family)


# struct sockaddr starts with the family: a native u16 on Linux (and
# Windows); "u8 sa_len, u8 sa_family" on the BSDs and macOS.
if LINUX:
    _HEAD = struct.Struct("=H")

    def header(family, length):
        """The first two bytes of a sockaddr of *family*, *length* long."""
        return _HEAD.pack(family)

    def family_of(data):
        return _HEAD.unpack_from(data)[0]

else:

    def header(family, length):
        return bytes((min(length, 255), family))

    def family_of(data):
        return data[1]


def decode(data, default_family=None):
    """Decode any sockaddr by its own family field, as CPython's makesockaddr.

    An empty address (length 0) is None; a family without a codec gives
    ``(family, sa_data)`` with the 14 bytes of ``struct sockaddr``'s data.
    """
    if not data:
        return None
    family = family_of(data) if len(data) >= 2 else default_family
    codec = _codecs.get(family)
    if codec is None:
        return (family, bytes(data[2:16]).ljust(14, b"\0"))
    return codec.decode(data)


from . import inet, inet6, unix  # noqa: E402

for _codec in (inet, inet6, unix):
    register(_codec)
del _codec

__all__ = ["register", "lookup", "decode", "header", "family_of", "VALUES"]
