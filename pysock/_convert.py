"""inet_aton & co, htons & co, and the interface index calls.

The address conversions are pure Python (``_libc.ipaddr``, glibc's exact
rules): they touch no system state and are faster that way than through a
foreign call.  The interface calls go through the backend.

Every function parses its arguments as the stdlib's C function does, with
the same errors on the running Python: how many arguments (the C module's
"takes exactly one argument" wording, which changed between versions), the
conversion of each (``PyArg_ParseTuple`` units ``i``, ``s``, ``y*``, the
file-system converter) and the checks after it.  The helpers that say those
words live here; ``_resolve`` uses them too.
"""

import codecs
import ctypes
import enum
import os
import sys
import warnings
from typing import Any, Dict, Final, List, Optional, Sequence, Tuple, Union

from . import _args
from ._args import tp_name
from ._enums import AddressFamily as _AddressFamily
from ._libc import backend as _B
from ._libc.constants import VALUES
from ._libc.errors import oserror
from ._libc.platform import PLATFORM
from ._libc import ipaddr as _ipaddr

__all__ = [
    "htonl",
    "htons",
    "inet_aton",
    "inet_ntoa",
    "inet_ntop",
    "inet_pton",
    "ntohl",
    "ntohs",
]

_AF_INET = VALUES["AF_INET"]
_AF_INET6 = VALUES["AF_INET6"]
_EAFNOSUPPORT = PLATFORM.EAFNOSUPPORT
_PTON_SETS_ERRNO = PLATFORM.inet_pton_sets_errno

_PY310 = sys.version_info >= (3, 10)
_PY313 = sys.version_info >= (3, 13)

INT_MAX = _args.INT_MAX
INT_MIN = _args.INT_MIN
_LONG_BITS = 8 * ctypes.sizeof(ctypes.c_long)
LONG_MAX = (1 << (_LONG_BITS - 1)) - 1
LONG_MIN = -(1 << (_LONG_BITS - 1))
ULONG_MAX = (1 << _LONG_BITS) - 1
UINT_MAX = 0xFFFFFFFF

class _Required(enum.Enum):
    """The default of an argument the caller must give: the functions count
    their arguments themselves, to report a wrong count as the C functions
    do.  A one-member enum, so that a type checker knows ``x is NOARG``
    tells the marker from an argument (the parameters are typed
    ``Union[..., _Required]``)."""

    NOARG = 0

    def __repr__(self) -> str:
        return "<required>"


NOARG: Final = _Required.NOARG


# ---------------------------------------------------------------------------
# Type names and argument errors, worded as CPython words them.
# ---------------------------------------------------------------------------


def arg_type_name(value: object) -> str:
    """How ``PyArg_Parse`` names an argument's type: "None" for None."""
    if value is None:
        return "None"
    return tp_name(type(value))


def bad_call(
    name: str, kind: str, args: Sequence[Any], kwargs: Dict[str, Any], least: int = 1, most: int = 1
) -> TypeError:
    """``_args.bad_call`` for a module function; *args* may hold NOARG
    markers (arguments not given), which are not counted."""
    given = tuple(arg for arg in args if arg is not NOARG)
    return _args.bad_call(name, kind, given, kwargs, least, most)


def check_c_string(text: str) -> None:
    """What the ``s`` unit checks of a ``str``: UTF-8 encodable, no NUL."""
    if not text.isascii():
        text.encode("utf-8")  # UnicodeEncodeError for lone surrogates
    if "\0" in text:
        raise ValueError("embedded null character")


def as_c_string(value: Any, func: str, which: str) -> str:
    """The ``s`` unit: *value* must be a ``str`` (its exact-str copy is
    returned); *which* is "argument 2" (or "argument" for a one-argument
    Argument Clinic function)."""
    if not isinstance(value, str):
        raise TypeError(
            "%s() %s must be str, not %.50s" % (func, which, arg_type_name(value))
        )
    text = str.__str__(value)
    check_c_string(text)
    return text


_latin_1_decode = codecs.latin_1_decode


def as_buffer(value: Any) -> bytes:
    """The ``y*`` unit: the bytes of a contiguous buffer.

    ``codecs.latin_1_decode`` parses its argument with the same unit, so it
    raises exactly the stdlib's TypeError/BufferError for anything else.
    """
    if type(value) is bytes:
        return value
    if type(value) is bytearray:
        return bytes(value)
    try:
        text: str = _latin_1_decode(value)[0]
    except TypeError:
        # Not a buffer.  CPython's codecs say it in the y* unit's words;
        # PyPy's leave the quotes out ("not int"): the words are CPython's.
        raise TypeError(
            "a bytes-like object is required, not '%s'" % _args.type_name(value)
        ) from None
    if type(value) is memoryview and not value.c_contiguous:
        # PyPy's codecs take a strided view whole; CPython's y* refuses it.
        raise BufferError("memoryview: underlying buffer is not C-contiguous")
    return text.encode("latin-1")


def fs_converter(value: Any) -> bytes:
    """``PyUnicode_FSConverter``: str, bytes or os.PathLike to bytes."""
    data = os.fsencode(value)
    if b"\0" in data:
        raise ValueError("embedded null byte")
    return data


# ---------------------------------------------------------------------------
# inet_pton & co.
# ---------------------------------------------------------------------------

_pton4 = _ipaddr.pton4
_pton6 = _ipaddr.pton6
_ntop4 = _ipaddr.ntop4
_ntop6 = _ipaddr.ntop6
# The conversions' memos (see _ipaddr), read here first: a hit then costs
# no further call.
_PTON4_MEMO = _ipaddr._PTON4.get
_NTOP4_MEMO = _ipaddr._NTOP4.get
_aton = _ipaddr.aton

if hasattr(_B, "inet_pton"):
    # Winsock: the stdlib calls the system's inet_pton/inet_ntop there, and
    # they differ from glibc's (which _ipaddr reproduces) on IPv6 forms:
    # pysock calls them too.
    def _pton4(text: str) -> Optional[bytes]:  # pyright: ignore[reportRedeclaration]
        return _B.inet_pton(_AF_INET, text.encode("utf-8"))

    def _pton6(text: str) -> Optional[bytes]:  # pyright: ignore[reportRedeclaration]
        return _B.inet_pton(_AF_INET6, text.encode("utf-8"))

    def _ntop4(packed: bytes) -> str:  # pyright: ignore[reportRedeclaration]
        return _B.inet_ntop(_AF_INET, bytes(packed)).decode("ascii")

    def _ntop6(packed: bytes) -> str:  # pyright: ignore[reportRedeclaration]
        return _B.inet_ntop(_AF_INET6, bytes(packed)).decode("ascii")

    # _ipaddr's memos hold glibc's answers, which are not the system's here.
    _NO_PTON: Dict[str, bytes] = {}
    _NO_NTOP: Dict[bytes, str] = {}
    _PTON4_MEMO = _NO_PTON.get  # pyright: ignore[reportRedeclaration]
    _NTOP4_MEMO = _NO_NTOP.get  # pyright: ignore[reportRedeclaration]

if hasattr(_B, "inet_aton"):
    # Windows has no inet_aton: the stdlib's is inet_addr's parse.
    def _aton(text: str) -> Optional[bytes]:  # pyright: ignore[reportRedeclaration]
        return _B.inet_aton(text.encode("utf-8"))


def inet_pton(
    af: Union[int, _Required] = NOARG,
    ip: Union[str, _Required] = NOARG,
    /,
    *extra: Any,
    **kwargs: Any,
) -> bytes:
    """Convert an IP address from its text form to packed bytes
    (inet_pton(3)): 4 bytes for AF_INET, 16 for AF_INET6."""
    if ip is NOARG or extra or kwargs:
        raise bad_call("inet_pton", "varargs", (af, ip) + extra, kwargs, 2, 2)
    # An AddressFamily member compares as its int (an int subclass).
    kind = af.__class__
    if kind is not int and kind is not _AddressFamily:
        af = _args.as_int(af)
    if type(ip) is not str:
        _args.as_int(af)
        ip = as_c_string(ip, "inet_pton", "argument 2")
    if af == _AF_INET:
        packed = _PTON4_MEMO(ip) or _pton4(ip)
    elif af == _AF_INET6:
        packed = _pton6(ip)
    else:
        _args.as_int(af)
        check_c_string(ip)
        if not _PTON_SETS_ERRNO:
            raise OSError(0, "Error")  # what the stdlib makes of errno 0
        raise oserror(_EAFNOSUPPORT)
    if packed is None:
        check_c_string(ip)
        raise OSError("illegal IP address string passed to inet_pton")
    return packed


def inet_ntop(
    af: Union[int, _Required] = NOARG, packed_ip: Any = NOARG, /, *extra: Any, **kwargs: Any
) -> str:
    """Convert a packed IP address (a bytes-like object of 4 or 16 bytes)
    to its text form (inet_ntop(3))."""
    if packed_ip is NOARG or extra or kwargs:
        raise bad_call("inet_ntop", "varargs", (af, packed_ip) + extra, kwargs, 2, 2)
    kind = af.__class__
    if kind is not int and kind is not _AddressFamily:
        af = _args.as_int(af)
    if type(packed_ip) is not bytes:
        _args.as_int(af)
        packed_ip = as_buffer(packed_ip)
    if af == _AF_INET:
        if len(packed_ip) != 4:
            raise ValueError("invalid length of packed IP address string")
        return (packed_ip.__class__ is bytes and _NTOP4_MEMO(packed_ip)) or _ntop4(packed_ip)
    if af == _AF_INET6:
        if len(packed_ip) != 16:
            raise ValueError("invalid length of packed IP address string")
        return _ntop6(packed_ip)
    raise ValueError("unknown address family %d" % _args.as_int(af))


# inet_aton/inet_ntoa (and if_nametoindex, htons, ntohs) became one-argument
# Argument Clinic functions in 3.13: other words for the same errors.
_ONE_ARG = "o" if _PY313 else "varargs"
_STR_ARG = "argument" if _PY313 else "argument 1"


def inet_aton(ip_addr: Union[str, _Required] = NOARG, /, *extra: Any, **kwargs: Any) -> bytes:
    """Convert an IPv4 address from text to 4 packed bytes, accepting every
    form the C library's inet_aton(3) accepts ("127.1", "0x7f000001")."""
    if ip_addr is NOARG or extra or kwargs:
        raise bad_call("inet_aton", _ONE_ARG, (ip_addr,) + extra, kwargs)
    if type(ip_addr) is not str:
        ip_addr = as_c_string(ip_addr, "inet_aton", _STR_ARG)
    else:
        # The C function stops at a NUL, and ignores what follows a space:
        # the checks cannot wait for a failed parse.
        check_c_string(ip_addr)
    packed = _aton(ip_addr)
    if packed is None:
        raise OSError("illegal IP address string passed to inet_aton")
    return packed


def inet_ntoa(packed_ip: Any = NOARG, /, *extra: Any, **kwargs: Any) -> str:
    """Convert 4 packed bytes (any bytes-like object) to dotted-quad text."""
    if packed_ip is NOARG or extra or kwargs:
        raise bad_call("inet_ntoa", _ONE_ARG, (packed_ip,) + extra, kwargs)
    if type(packed_ip) is not bytes:
        packed_ip = as_buffer(packed_ip)
    if len(packed_ip) != 4:
        raise OSError("packed IP wrong length for inet_ntoa")
    return _ntop4(packed_ip)


# ---------------------------------------------------------------------------
# Byte order.
# ---------------------------------------------------------------------------

_LITTLE = sys.byteorder == "little"


# htons/ntohs take a C int (an Argument Clinic int since 3.13); called
# straight from the public function so that a DeprecationWarning of the
# conversion points at the caller.
_short_arg = _args.as_clinic_int if _PY313 else _args.as_int


def _swap_short(name: str, x: int) -> int:
    """htons/ntohs of the C int *x*, with their range checks."""
    if x < 0:
        raise OverflowError(
            "%s: can't convert negative Python int to C 16-bit unsigned integer"
            % name
        )
    if x > 0xFFFF:
        if _PY310:
            raise OverflowError(
                "%s: Python int too large to convert to C 16-bit unsigned integer"
                % name
            )
        warnings.warn(
            "%s: Python int too large to convert to C 16-bit unsigned integer "
            "(The silent truncation is deprecated)" % name,
            DeprecationWarning,
            stacklevel=3,
        )
        x &= 0xFFFF
    if _LITTLE:
        return ((x & 0xFF) << 8) | (x >> 8)
    return x  # pragma: no cover - big-endian hosts


def _long(x: Any) -> int:
    """The 32-bit argument of htonl/ntohl (a true int, nothing else)."""
    if not isinstance(x, int):
        raise TypeError("expected int, %s found" % tp_name(type(x)))
    number = int.__int__(x)
    if number < 0:
        raise OverflowError("can't convert negative value to unsigned int")
    if number > UINT_MAX:
        if number > ULONG_MAX:
            raise OverflowError("Python int too large to convert to C unsigned long")
        raise OverflowError("int larger than 32 bits")
    if _LITTLE:
        return int.from_bytes(number.to_bytes(4, "little"), "big")
    return number  # pragma: no cover - big-endian hosts


def htons(x: Union[int, _Required] = NOARG, /, *extra: Any, **kwargs: Any) -> int:
    """Convert a 16-bit unsigned integer from host to network byte order."""
    if x is NOARG or extra or kwargs:
        raise bad_call("htons", _ONE_ARG, (x,) + extra, kwargs)
    return _swap_short("htons", _short_arg(x))


def ntohs(x: Union[int, _Required] = NOARG, /, *extra: Any, **kwargs: Any) -> int:
    """Convert a 16-bit unsigned integer from network to host byte order."""
    if x is NOARG or extra or kwargs:
        raise bad_call("ntohs", _ONE_ARG, (x,) + extra, kwargs)
    return _swap_short("ntohs", _short_arg(x))


def htonl(x: Union[int, _Required] = NOARG, /, *extra: Any, **kwargs: Any) -> int:
    """Convert a 32-bit unsigned integer from host to network byte order."""
    if x is NOARG or extra or kwargs:
        raise bad_call("htonl", "o", (x,) + extra, kwargs)
    return _long(x)


def ntohl(x: Union[int, _Required] = NOARG, /, *extra: Any, **kwargs: Any) -> int:
    """Convert a 32-bit unsigned integer from network to host byte order."""
    if x is NOARG or extra or kwargs:
        raise bad_call("ntohl", "o", (x,) + extra, kwargs)
    return _long(x)


# ---------------------------------------------------------------------------
# Interface indexes (<net/if.h>), where the backend has them.
# ---------------------------------------------------------------------------

_fsdecode = os.fsdecode

if hasattr(_B, "if_nameindex"):
    __all__.append("if_nameindex")

    def if_nameindex(*args: Any, **kwargs: Any) -> List[Tuple[int, str]]:
        """The network interfaces, as a list of (index, name) tuples."""
        if args or kwargs:
            raise bad_call("if_nameindex", "noargs", args, kwargs)
        return [(index, _fsdecode(name)) for index, name in _B.if_nameindex()]


if hasattr(_B, "if_nametoindex"):
    __all__.append("if_nametoindex")

    def if_nametoindex(
        if_name: Union[str, bytes, "os.PathLike[Any]", _Required] = NOARG,
        /,
        *extra: Any,
        **kwargs: Any,
    ) -> int:
        """The index of the network interface named *if_name*."""
        if if_name is NOARG or extra or kwargs:
            raise bad_call("if_nametoindex", _ONE_ARG, (if_name,) + extra, kwargs)
        index = _B.if_nametoindex(fs_converter(if_name))
        if index == 0:
            # if_nametoindex() sets no errno: the stdlib's own message.
            raise OSError("no interface with this name")
        return index


if hasattr(_B, "if_indextoname"):
    __all__.append("if_indextoname")

    def if_indextoname(
        if_index: Union[int, _Required] = NOARG, /, *extra: Any, **kwargs: Any
    ) -> str:
        """The name of the network interface with index *if_index*."""
        if if_index is NOARG or extra or kwargs:
            raise bad_call("if_indextoname", "o", (if_index,) + extra, kwargs)
        if not isinstance(if_index, int):
            raise TypeError("an integer is required")
        index = int.__int__(if_index)
        if index < 0:
            raise OverflowError("can't convert negative value to unsigned int")
        if index > ULONG_MAX:
            raise OverflowError("Python int too large to convert to C unsigned long")
        if index > UINT_MAX:
            if _PY313:
                raise OverflowError("index is too large")
            # Before 3.13 the C unsigned int kept the low 32 bits.
            index &= UINT_MAX
        return _fsdecode(_B.if_indextoname(index))
