"""getaddrinfo, and the host parsing every INET socket method relies on."""

import sys

from . import families
from ._args import as_int
from ._enums import AddressFamily, SocketKind, convert
from ._libc import backend as _B
from ._libc.constants import VALUES
from ._libc.errors import gai_error
from .families import _ipaddr

_AF_INET = VALUES["AF_INET"]
_AF_INET6 = VALUES["AF_INET6"]
_AF_UNSPEC = VALUES["AF_UNSPEC"]
_SOCK_DGRAM = VALUES["SOCK_DGRAM"]
_AI_PASSIVE = VALUES["AI_PASSIVE"]
_EAI_SYSTEM = VALUES.get("EAI_SYSTEM")
_BROADCAST = b"\xff\xff\xff\xff"
_audit = getattr(sys, "audit", None)


def _gai(host, port, family, type, proto, flags):
    """The backend call, with its failure turned into gaierror/OSError."""
    code, result = _B.getaddrinfo(host, port, family, type, proto, flags)
    if code:
        raise gai_error(code, result if code == _EAI_SYSTEM else None)
    return result


def setipaddr(name, family):
    """The packed address (4 or 16 bytes) for host *name* (bytes).

    CPython's setipaddr: "" is the wildcard (getaddrinfo with AI_PASSIVE),
    "<broadcast>" and "255.255.255.255" are INADDR_BROADCAST, numeric
    addresses are parsed without a lookup, anything else is resolved.
    """
    if not name:
        result = _gai(None, b"0", family, _SOCK_DGRAM, 0, _AI_PASSIVE)
        if len(result) > 1:
            raise OSError("wildcard resolved to multiple address")
        return _packed(result[0], family)
    if name == b"255.255.255.255" or name == b"<broadcast>":
        if family != _AF_INET and family != _AF_UNSPEC:
            raise OSError("address family mismatched")
        return _BROADCAST
    text = name.decode("latin-1")
    if family == _AF_INET or family == _AF_UNSPEC:
        packed = _ipaddr.pton4(text)
        if packed is not None:
            return packed
    if (family == _AF_INET6 or family == _AF_UNSPEC) and "%" not in text:
        packed = _ipaddr.pton6(text)
        if packed is not None:
            return packed
    return _packed(_gai(name, None, family, 0, 0, 0)[0], family)


def _packed(entry, family):
    sockaddr = entry[4]
    af = entry[0]
    if af == _AF_INET:
        return sockaddr[4:8]
    if af == _AF_INET6:
        return sockaddr[8:24]
    raise OSError("unsupported address family")


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """Translate host/port into a list of 5-tuples
    ``(family, type, proto, canonname, sockaddr)`` to create and connect
    a socket; as the stdlib's socket.getaddrinfo."""
    family = as_int(family)
    type = as_int(type)
    proto = as_int(proto)
    flags = as_int(flags)
    if host is None:
        host_c = None
    elif isinstance(host, str):
        host_c = host.encode("idna")
    elif isinstance(host, bytes):
        host_c = bytes(host)
    else:
        raise TypeError("getaddrinfo() argument 1 must be string or None")
    if host_c is not None and b"\0" in host_c:
        raise ValueError("embedded null byte")
    if port.__class__ is int:
        port_c = b"%d" % port
    elif isinstance(port, str):
        port_c = port.encode("utf-8")
    elif isinstance(port, bytes):
        port_c = bytes(port)
    elif port is None:
        port_c = None
    else:
        raise OSError("Int or String expected")
    if _audit is not None:
        _audit("socket.getaddrinfo", host, port, family, type, proto)
    out = []
    for af, kind, pr, canon, sockaddr in _gai(host_c, port_c, family, type, proto, flags):
        out.append(
            (
                convert(af, AddressFamily),
                convert(kind, SocketKind),
                pr,
                canon.decode("utf-8", "surrogateescape") if canon else "",
                families.decode(sockaddr),
            )
        )
    return out
