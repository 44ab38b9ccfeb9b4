"""The resolver: getaddrinfo and getnameinfo, the legacy gethostby* calls,
the service and protocol databases, the host name; and the host parsing
every INET socket method relies on (setipaddr).

Arguments are parsed as the stdlib's C functions parse them (see
``_convert``), audit events are raised with the stdlib's names and
arguments, and failures are the stdlib's: ``gaierror`` from getaddrinfo
codes, ``herror`` from ``h_errno``, ``OSError`` with the C module's own
messages.  Unlike the stdlib, the service and protocol lookups are safe to
call from several threads at once (reentrant C calls, see
``_libc.netdb``).
"""

from __future__ import annotations

import os
import struct
import sys
from typing import TYPE_CHECKING, Any, List, Optional, Tuple, Union

from . import families
from ._args import as_int, as_uint_mask
from ._convert import (
    LONG_MAX,
    LONG_MIN,
    NOARG,
    arg_type_name,
    as_c_string,
    bad_call,
    check_c_string,
    fs_converter,
)
from ._enums import family_enum, kind_enum

if TYPE_CHECKING:
    from . import AddressFamily, SocketKind  # what the type checker knows of the enums
    from ._convert import _Required

    # A getaddrinfo entry from the backend: (family, type, proto, canonname,
    # sockaddr bytes).
    _AddrInfo = Tuple[int, int, int, Optional[bytes], bytes]
    # A gethostby* entry from the backend: (name, aliases, addrtype,
    # addresses).
    _HostEntry = Tuple[bytes, List[bytes], int, List[bytes]]
else:
    from ._enums import AddressFamily, SocketKind
from ._libc import backend as _B
from ._libc.constants import VALUES
from ._libc.errors import gai_error, host_error, oserror
from ._libc.platform import PLATFORM
from ._libc import ipaddr as _ipaddr

_AF_INET = VALUES["AF_INET"]
_AF_INET6 = VALUES["AF_INET6"]
_AF_UNSPEC = VALUES["AF_UNSPEC"]
_SOCK_DGRAM = VALUES["SOCK_DGRAM"]
_AI_PASSIVE = VALUES["AI_PASSIVE"]
_AI_NUMERICHOST = VALUES["AI_NUMERICHOST"]
_EAI_SYSTEM = VALUES.get("EAI_SYSTEM")
_EAFNOSUPPORT = PLATFORM.EAFNOSUPPORT
_BROADCAST = b"\xff\xff\xff\xff"
_audit = getattr(sys, "audit", None)

__all__ = ["getaddrinfo", "getfqdn", "getnameinfo"]


def _gai(
    host: Optional[bytes], port: Optional[bytes], family: int, type: int, proto: int, flags: int
) -> List[_AddrInfo]:
    """The backend call, with its failure turned into gaierror/OSError."""
    # result: the entries, or errno for EAI_SYSTEM.
    code, result = _B.getaddrinfo(host, port, family, type, proto, flags)
    if code:
        raise gai_error(code, result if code == _EAI_SYSTEM else None)
    entries: List[_AddrInfo] = result
    return entries


def setipaddr(name: bytes, family: int) -> bytes:
    """The packed address (4 or 16 bytes) for host *name* (bytes).

    CPython's setipaddr: "" is the wildcard (getaddrinfo with AI_PASSIVE),
    "<broadcast>" and "255.255.255.255" are INADDR_BROADCAST, numeric
    addresses are parsed without a lookup, anything else is resolved.
    """
    packed: Optional[bytes]
    if not name:
        result = _gai(None, b"0", family, _SOCK_DGRAM, 0, _AI_PASSIVE)
        # The family of the first entry is checked before the count.
        packed = _packed(result[0], "unsupported address family")
        if len(result) > 1:
            raise OSError("wildcard resolved to multiple address")
        return packed
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
    return _packed(_gai(name, None, family, 0, 0, 0)[0], "unknown address family")


def _packed(entry: _AddrInfo, message: str) -> bytes:
    sockaddr = entry[4]
    af = entry[0]
    if af == _AF_INET:
        return sockaddr[4:8]
    if af == _AF_INET6:
        return sockaddr[8:24]
    raise OSError(message)


def getaddrinfo(
    host: Union[str, bytes, None],
    port: Union[str, bytes, int, None],
    family: int = 0,
    type: int = 0,
    proto: int = 0,
    flags: int = 0,
) -> List[
    Tuple[AddressFamily, SocketKind, int, str, Union[Tuple[str, int], Tuple[str, int, int, int]]]
]:
    """Translate host/port into a list of 5-tuples
    ``(family, type, proto, canonname, sockaddr)`` to create and connect
    a socket; as the stdlib's socket.getaddrinfo."""
    family = as_int(family)
    type = as_int(type)
    proto = as_int(proto)
    flags = as_int(flags)
    if host is None:
        host_c = None
    elif isinstance(host, str) and host.__class__ is str and len(host) < 64 and host.isascii() and (
        host[:1] != "." and ".." not in host
    ):
        # What the "idna" codec makes of ASCII text whose labels are all
        # 1 to 63 characters long (every version's encodings/idna.py): the
        # ASCII bytes, at a fraction of the codec's cost.  Anything else
        # goes through the codec, for its answer and its errors.
        host_c = host.encode("ascii")  # type: ignore[union-attr, unused-ignore]
    elif isinstance(host, str):
        host_c = host.encode("idna")
    elif isinstance(host, bytes):
        # A NUL ends the C string: the stdlib resolves what precedes it.
        host_c = bytes(host)
    else:
        raise TypeError("getaddrinfo() argument 1 must be string or None")
    if port.__class__ is int:
        # port is an int here; older mypy versions do not narrow on __class__.
        if _PORT_AS_LONG and not _LONG_MIN <= port <= _LONG_MAX:  # type: ignore[operator, unused-ignore]
            raise OverflowError("Python int too large to convert to C long")
        port_c = b"%d" % port  # type: ignore[str-format, unused-ignore]
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
                family_enum(af, af),
                kind_enum(kind, kind),
                pr,
                canon.decode("utf-8") if canon else "",
                families.decode(sockaddr),
            )
        )
    return out


# Before 3.12 an int port went through a C long (PyLong_AsLong).
_PORT_AS_LONG = sys.version_info < (3, 12)
_LONG_MIN = LONG_MIN
_LONG_MAX = LONG_MAX


# ---------------------------------------------------------------------------
# getnameinfo
# ---------------------------------------------------------------------------

_SOCKADDR_ERROR = "getnameinfo(): illegal sockaddr argument"
_flowinfo_bytes = struct.Struct("!I").pack
_scope_bytes = struct.Struct("=I").pack


def getnameinfo(
    sockaddr: Union[
        Tuple[str, int], Tuple[str, int, int], Tuple[str, int, int, int], _Required
    ] = NOARG,
    flags: Union[int, _Required] = NOARG,
    /,
    *extra: Any,
    **kwargs: Any,
) -> Tuple[str, str]:
    """Translate a socket address ``(host, port[, flowinfo[, scope_id]])``,
    host being a numeric address, into ``(host name, service name)``
    (getnameinfo(3) with the NI_* *flags*)."""
    if flags is NOARG or extra or kwargs:
        raise bad_call("getnameinfo", "varargs", (sockaddr, flags) + extra, kwargs, 2, 2)
    flags = as_int(flags)
    if not isinstance(sockaddr, tuple):
        # The traceback keeps this frame: drop the caller's object from it,
        # as the C function holds no reference (CPython's
        # testRefCountGetNameInfo).
        del sockaddr
        raise TypeError("getnameinfo() argument 1 must be a tuple")
    # The tuple's own items, whatever a subclass says about itself.
    items = tuple.__getitem__(sockaddr, slice(None))
    size = len(items)
    if not 2 <= size <= 4:
        raise TypeError(_SOCKADDR_ERROR)
    host = items[0]
    if not isinstance(host, str):
        raise TypeError(_SOCKADDR_ERROR)
    host = str.__str__(host)
    check_c_string(host)
    port = as_int(items[1])
    flowinfo = as_uint_mask(items[2]) if size > 2 else 0
    scope_id = as_uint_mask(items[3]) if size > 3 else 0
    if flowinfo > 0xFFFFF:
        raise OverflowError("getnameinfo(): flowinfo must be 0-1048575.")
    if _audit is not None:
        _audit("socket.getnameinfo", sockaddr)
    # The host must be numeric: getaddrinfo parses it (AI_NUMERICHOST), the
    # sockaddr it makes is what getnameinfo gets.
    entries = _gai(
        host.encode("utf-8"), b"%d" % port, _AF_UNSPEC, _SOCK_DGRAM, 0, _AI_NUMERICHOST
    )
    if len(entries) > 1:
        raise OSError("sockaddr resolved to multiple addresses")
    af = entries[0][0]
    raw = entries[0][4]
    if af == _AF_INET:
        if size != 2:
            raise OSError("IPv4 sockaddr must be 2 tuple")
    elif af == _AF_INET6:
        # struct sockaddr_in6: the tuple's flowinfo (network order) at 4 and
        # scope_id (host order) at 24 replace what getaddrinfo put there.
        raw = raw[:4] + _flowinfo_bytes(flowinfo) + raw[8:24] + _scope_bytes(scope_id) + raw[28:]
    code, host_name, service = _B.getnameinfo(raw, flags)
    if code:
        raise gai_error(code, host_name if code == _EAI_SYSTEM else None)
    return host_name.decode("utf-8"), service.decode("utf-8")


# ---------------------------------------------------------------------------
# The legacy host lookups
# ---------------------------------------------------------------------------


def _idna_host(value: object, func: str) -> bytes:
    """The ``et`` unit with the "idna" encoding: str is IDNA-encoded,
    bytes and bytearray pass as they are, and no NUL may remain."""
    if isinstance(value, str):
        data = str.encode(value, "idna")
    elif isinstance(value, (bytes, bytearray)):
        data = value if type(value) is bytes else memoryview(value).tobytes()
    else:
        raise TypeError(
            "%s() argument 1 must be str, bytes or bytearray, not %.50s"
            % (func, arg_type_name(value))
        )
    if b"\0" in data:
        raise TypeError(
            "%s() argument 1 must be encoded string without null bytes, not %.50s"
            % (func, arg_type_name(value))
        )
    return data


def _host_result(
    code: int, entry: Optional[_HostEntry], family: int
) -> Tuple[str, List[str], List[str]]:
    """(name, aliases, addresses) of a backend host entry, as CPython's
    gethost_common makes it."""
    if entry is None:
        raise host_error(code)
    name, aliases, addrtype, addresses = entry
    if addrtype != family:
        raise oserror(_EAFNOSUPPORT)
    alias_list = [alias.decode("utf-8") for alias in aliases]
    if family == _AF_INET:
        address_list = [_ipaddr.ntop4(address[:4]) for address in addresses]
    else:
        address_list = [_ipaddr.ntop6(address[:16]) for address in addresses]
    return name.decode("utf-8"), alias_list, address_list


def gethostbyname(
    hostname: Union[str, bytes, bytearray, _Required] = NOARG, /, *extra: Any, **kwargs: Any
) -> str:
    """The IPv4 address (dotted-quad text) of a host name."""
    if hostname is NOARG or extra or kwargs:
        raise bad_call("gethostbyname", "varargs", (hostname,) + extra, kwargs)
    name = _idna_host(hostname, "gethostbyname")
    if _audit is not None:
        _audit("socket.gethostbyname", hostname)
    return _ipaddr.ntop4(setipaddr(name, _AF_INET))


__all__.append("gethostbyname")

if hasattr(_B, "gethostbyname"):
    __all__.append("gethostbyname_ex")

    def gethostbyname_ex(
        hostname: Union[str, bytes, bytearray, _Required] = NOARG, /, *extra: Any, **kwargs: Any
    ) -> Tuple[str, List[str], List[str]]:
        """``(name, aliases, addresses)`` of a host: its canonical name, its
        other names and its IPv4 addresses, as the C library's
        gethostbyname gives them."""
        if hostname is NOARG or extra or kwargs:
            raise bad_call("gethostbyname_ex", "varargs", (hostname,) + extra, kwargs)
        name = _idna_host(hostname, "gethostbyname_ex")
        if _audit is not None:
            # The stdlib raises the event of gethostbyname here too.
            _audit("socket.gethostbyname", hostname)
        setipaddr(name, _AF_INET)
        code, entry = _B.gethostbyname(name)
        return _host_result(code, entry, _AF_INET)


if hasattr(_B, "gethostbyaddr"):
    __all__.append("gethostbyaddr")

    def gethostbyaddr(
        ip_address: Union[str, bytes, bytearray, _Required] = NOARG, /, *extra: Any, **kwargs: Any
    ) -> Tuple[str, List[str], List[str]]:
        """``(name, aliases, addresses)`` of the host with this address (or
        of the first address of this host name), by a reverse lookup."""
        if ip_address is NOARG or extra or kwargs:
            raise bad_call("gethostbyaddr", "varargs", (ip_address,) + extra, kwargs)
        name = _idna_host(ip_address, "gethostbyaddr")
        if _audit is not None:
            _audit("socket.gethostbyaddr", ip_address)
        # A "%scope" suffix is resolved (and dropped) here, as in the stdlib.
        packed = setipaddr(name, _AF_UNSPEC)
        family = _AF_INET if len(packed) == 4 else _AF_INET6
        code, entry = _B.gethostbyaddr(packed, family)
        return _host_result(code, entry, family)


def getfqdn(name: str = "") -> str:
    """A fully qualified domain name for *name* (the local host if empty,
    "0.0.0.0" or "::"): the first name with a dot among the host name and
    aliases gethostbyaddr gives, else that host name; *name* itself when
    the lookup fails."""
    # Looked up at call time in the package, as Lib/socket.py's getfqdn
    # uses its module's globals (tests replace them).
    module = sys.modules.get(__package__ or "pysock")
    lookup = getattr(module, "gethostbyaddr", None) or gethostbyaddr
    local_name = getattr(module, "gethostname", None) or gethostname
    name = name.strip()
    if not name or name in ("0.0.0.0", "::"):
        name = local_name()
    try:
        hostname, aliases, ipaddrs = lookup(name)
    except OSError:
        pass
    else:
        aliases.insert(0, hostname)
        for name in aliases:
            if "." in name:
                break
        else:
            name = hostname
    return name


# ---------------------------------------------------------------------------
# The host name
# ---------------------------------------------------------------------------

_fsdecode = os.fsdecode

if hasattr(_B, "gethostname"):
    __all__.append("gethostname")

    def gethostname(*args: Any, **kwargs: Any) -> str:
        """The host name of this machine."""
        if args or kwargs:
            raise bad_call("gethostname", "noargs", args, kwargs)
        if _audit is not None:
            _audit("socket.gethostname")
        return _fsdecode(_B.gethostname())


if hasattr(_B, "sethostname"):
    __all__.append("sethostname")

    def sethostname(
        name: Union[str, bytes, "os.PathLike[Any]", _Required] = NOARG,
        /,
        *extra: Any,
        **kwargs: Any,
    ) -> None:
        """Set the host name of this machine (str, bytes or os.PathLike)."""
        if name is NOARG or extra or kwargs:
            raise bad_call("sethostname", "varargs", (name,) + extra, kwargs)
        if isinstance(name, bytes):
            # Bytes are taken as they are, NULs included.
            subject = name
            data = name if type(name) is bytes else memoryview(name).tobytes()
        else:
            subject = data = fs_converter(name)
        if _audit is not None:
            _audit("socket.sethostname", subject)
        _B.sethostname(data)


# ---------------------------------------------------------------------------
# Services and protocols
# ---------------------------------------------------------------------------

if hasattr(_B, "getservbyname"):
    __all__.append("getservbyname")

    def getservbyname(
        servicename: Union[str, _Required] = NOARG,
        protocolname: Union[str, _Required] = NOARG,
        /,
        *extra: Any,
        **kwargs: Any,
    ) -> int:
        """The port number of a service ("http"), for a protocol ("tcp",
        "udp") or any."""
        if servicename is NOARG or extra or kwargs:
            raise bad_call(
                "getservbyname",
                "varargs",
                (servicename, protocolname) + extra,
                kwargs,
                1,
                2,
            )
        name = as_c_string(servicename, "getservbyname", "argument 1")
        proto = None
        if protocolname is not NOARG:
            proto = as_c_string(protocolname, "getservbyname", "argument 2")
        if _audit is not None:
            _audit("socket.getservbyname", name, proto)
        port: Optional[int] = _B.getservbyname(
            name.encode("utf-8"), None if proto is None else proto.encode("utf-8")
        )
        if port is None:
            raise OSError("service/proto not found")
        return port

    def getservbyport(
        port: Union[int, _Required] = NOARG,
        protocolname: Union[str, _Required] = NOARG,
        /,
        *extra: Any,
        **kwargs: Any,
    ) -> str:
        """The name of the service on a port, for a protocol ("tcp", "udp")
        or any."""
        if port is NOARG or extra or kwargs:
            raise bad_call(
                "getservbyport", "varargs", (port, protocolname) + extra, kwargs, 1, 2
            )
        number = as_int(port)
        proto = None
        if protocolname is not NOARG:
            proto = as_c_string(protocolname, "getservbyport", "argument 2")
        if not 0 <= number <= 0xFFFF:
            raise OverflowError("getservbyport: port must be 0-65535.")
        if _audit is not None:
            _audit("socket.getservbyport", number, proto)
        name: Optional[bytes] = _B.getservbyport(number, None if proto is None else proto.encode("utf-8"))
        if name is None:
            raise OSError("port/proto not found")
        return name.decode("utf-8")

    __all__.append("getservbyport")


if hasattr(_B, "getprotobyname"):
    __all__.append("getprotobyname")

    def getprotobyname(name: Union[str, _Required] = NOARG, /, *extra: Any, **kwargs: Any) -> int:
        """The number of a protocol ("tcp", "udp", "icmp")."""
        if name is NOARG or extra or kwargs:
            raise bad_call("getprotobyname", "varargs", (name,) + extra, kwargs)
        text = as_c_string(name, "getprotobyname", "argument 1")
        number = _B.getprotobyname(text.encode("utf-8"))
        if number is None:
            raise OSError("protocol not found")
        return number
