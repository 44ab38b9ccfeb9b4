"""sendmsg(), recvmsg(), recvmsg_into(), sendmsg_afalg(), CMSG_LEN(),
CMSG_SPACE(), send_fds() and recv_fds(), as the stdlib has them.

The socket methods are these functions (bound in the socket class).
Arguments are checked the way CPython's ``PyArg_Parse*`` formats check
them ("O|OiO:sendmsg", "n|ni:recvmsg", "(iiy*)" for an ancillary item,
...), with their messages; the control block is packed and walked in
Python from the layout data of ``pysock._libc.msg``, following CPython's
``sock_sendmsg`` and ``sock_recvmsg_guts``:

* on sending, each item takes ``CMSG_SPACE(len(data))`` bytes, its header
  says ``CMSG_LEN(len(data))``, padding is zero;
* on receiving, an item the buffer cuts short is returned truncated and
  the walk stops, with a RuntimeWarning; a header the buffer cannot hold
  ends the walk with the same warning;
* if anything fails once the data is received (a warning turned into an
  error, an address that does not decode, an interrupt), the descriptors
  that came in ``SCM_RIGHTS`` items are closed first, so none leaks.
"""

from __future__ import annotations

import array
import struct
import sys
import warnings
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from ._args import (
    INT_MAX, SSIZE_MAX, as_int, as_ssize, bad_call, readable_buffer, type_name, writable_buffer,
)
from ._libc import backend as _B
from ._libc.cstructs import STRUCTURES as _S
from ._libc.constants import VALUES
from .families import _parse

if TYPE_CHECKING:
    from typing import Iterable, TypeVar

    from _typeshed import ReadableBuffer

    from ._socket import socket

    # recvmsg() gives the data (bytes), recvmsg_into() the count (int).
    _First = TypeVar("_First", bytes, int)
    # A sendmsg() buffer: a bytes object as given, anything else as a view.
    _Chunk = Union[bytes, memoryview]
    # One header of a received control block, as _walk gives it.
    _Header = Tuple[int, int, int, int, int]

_audit = sys.audit if hasattr(sys, "audit") else (lambda *args: None)

_SOL_SOCKET: int = VALUES["SOL_SOCKET"]
# -1 (no level or type has it) where the OS lacks the constant: the socket
# methods that use them are bound only where the OS has them.
_SCM_RIGHTS: int = VALUES.get("SCM_RIGHTS", -1)
_AF_ALG: int = VALUES.get("AF_ALG", -1)
_SOL_ALG: int = VALUES.get("SOL_ALG", -1)
_ALG_SET_OP: int = VALUES.get("ALG_SET_OP", -1)
_ALG_SET_IV: int = VALUES.get("ALG_SET_IV", -1)
_ALG_SET_AEAD_ASSOCLEN: int = VALUES.get("ALG_SET_AEAD_ASSOCLEN", -1)

# -- the control-block layout ------------------------------------------------

_ALIGN: int = _S.cmsg_alignment
_HEADER_SIZE: int = _S.cmsg_header_size
#: The largest control block pysock builds or asks for: CPython's
#: SOCKLEN_T_LIMIT, min(2**31 - 1, INT_MAX).
_LIMIT = 0x7FFFFFFF
_STRICT_NEXT: bool = _S.cmsg_nxthdr_strict
_HEADER = struct.Struct("=" + {4: "I", 8: "Q"}[_S.cmsg_len_size] + "ii")
# cmsg_len comes first in struct cmsghdr on every OS.
_LEN_END: int = _S.cmsg_len_size
_U32 = struct.Struct("=I")

#: sendmsg(list of bytes) on a stream socket is writev(2): stream sockets
#: exist only where the backend has read/write, so _stream implies them.
_FAST_WRITEV = hasattr(_B, "writev")
#: At most this many buffers go to writev(2): within IOV_MAX everywhere
#: (1024 on Linux and the BSDs), so writev never fails where sendmsg would
#: not (EMSGSIZE against EINVAL past the limit).
_WRITEV_MAX = 64


def _align(size: int) -> int:
    """CMSG_ALIGN()."""
    return (size + _ALIGN - 1) & ~(_ALIGN - 1)


#: CMSG_DATA()'s offset: CMSG_LEN(0).
_DATA = _align(_HEADER_SIZE)
_SPACE_1 = _DATA + _align(1)


def _cmsg_len(length: int) -> Optional[int]:
    """CMSG_LEN(length), or None outside CPython's range (get_CMSG_LEN)."""
    if length > _LIMIT - _DATA:
        return None
    return _DATA + length


def _cmsg_space(length: int) -> Optional[int]:
    """CMSG_SPACE(length), or None outside CPython's range (get_CMSG_SPACE:
    room for the padding before and after the data)."""
    if length > _LIMIT - _SPACE_1:
        return None
    total = _DATA + _align(length)
    return total if total <= _LIMIT else None


# -- argument helpers ----------------------------------------------------------

# Methods parsed with METH_VARARGS name their class in this message from
# Python 3.11 on.


def _no_keywords(name: str, kwargs: Dict[str, Any], method: bool = True) -> None:
    if kwargs:
        raise bad_call(name, "varargs", (), kwargs, owner="socket" if method else "_socket")


def _fast_sequence(obj: Any, message: str) -> Sequence[Any]:
    """PySequence_Fast: a list or tuple as is, any other iterable as a list;
    a TypeError with *message* for something that is not iterable."""
    if type(obj) is list or type(obj) is tuple:
        return obj
    try:
        iterator = iter(obj)
    except TypeError:
        iterator = None
    if iterator is None:
        raise TypeError(message)
    return list(iterator)


def _release(views: Sequence[_Chunk]) -> None:
    for view in views:
        if type(view) is memoryview:
            try:
                view.release()
            except BufferError:  # pragma: no cover - still exported by ctypes
                pass


def _is_sequence(obj: object) -> bool:
    """PySequence_Check: an object with item access that is not a dict."""
    return hasattr(type(obj), "__getitem__") and not isinstance(obj, dict)


# -- CMSG_LEN / CMSG_SPACE ------------------------------------------------------


def CMSG_LEN(*args: int, **kwargs: int) -> int:
    """CMSG_LEN(length) -> control message length

    The length, without trailing padding, of an ancillary data item whose
    data is *length* bytes long: enough as recvmsg()'s ancbufsize for one
    item, although RFC 3542 asks portable programs to use CMSG_SPACE() even
    for the last item.  OverflowError if length is out of range."""
    _no_keywords("CMSG_LEN", kwargs, method=False)
    _parse.arity(args, 1, 1, fname="CMSG_LEN")
    length = as_ssize(args[0])
    result = _cmsg_len(length) if length >= 0 else None
    if result is None:
        raise OverflowError("CMSG_LEN() argument out of range")
    return result


def CMSG_SPACE(*args: int, **kwargs: int) -> int:
    """CMSG_SPACE(length) -> buffer size

    The room an ancillary data item whose data is *length* bytes long takes
    in a buffer, trailing padding included: the sum of the items' sizes is
    the ancbufsize recvmsg() needs for them.  OverflowError if length is
    out of range."""
    _no_keywords("CMSG_SPACE", kwargs, method=False)
    _parse.arity(args, 1, 1, fname="CMSG_SPACE")
    length = as_ssize(args[0])
    result = _cmsg_space(length) if length >= 0 else None
    if result is None:
        raise OverflowError("CMSG_SPACE() argument out of range")
    return result


# -- sending ---------------------------------------------------------------------

_ITEM_FNAME = "[sendmsg() ancillary data items]"


def _ancillary_item(item: Any) -> Tuple[int, int, memoryview]:
    """One ancillary item, parsed as the "(iiy*)" unit: (level, type, view)
    (the view released by the caller)."""
    if not _is_sequence(item) or isinstance(item, bytes):
        raise TypeError(
            "%s() argument must be 3-item sequence, not %s"
            % (_ITEM_FNAME, "None" if item is None else type_name(item))
        )
    size = len(item)
    if size != 3:
        raise TypeError(
            "%s() argument must be sequence of length 3, not %d" % (_ITEM_FNAME, size)
        )
    parts = []
    for i in range(3):
        try:
            parts.append(item[i])
        except Exception:
            raise TypeError(
                "%s() argument %d is not retrievable" % (_ITEM_FNAME, i + 1)
            ) from None
    level = as_int(parts[0])
    kind = as_int(parts[1])
    return level, kind, readable_buffer(parts[2])


def _control_block(ancdata: Any) -> bytes:
    """The control block for sendmsg()'s ancdata, sizes checked as CPython
    does, before anything is copied."""
    items = _fast_sequence(ancdata, "sendmsg() argument 2 must be an iterable")
    parsed = []
    try:
        total = 0
        for item in items:
            level, kind, view = _ancillary_item(item)
            parsed.append((level, kind, view))
            space = _cmsg_space(view.nbytes)
            if space is None:
                raise OSError("ancillary data item too large")
            total += space
            if total > _LIMIT:
                raise OSError("too much ancillary data")
        return b"".join(
            _item(level, kind, view.tobytes(), _DATA + view.nbytes)
            for level, kind, view in parsed
        )
    finally:
        _release([view for level, kind, view in parsed])


def _gather(buffers: Any) -> List[_Chunk]:
    """sendmsg()'s buffers: bytes objects as they are, anything else as a
    C-contiguous view (released by the caller)."""
    if type(buffers) is not list and type(buffers) is not tuple:
        buffers = _fast_sequence(buffers, "sendmsg() argument 1 must be an iterable")
    if len(buffers) > INT_MAX:
        raise OSError("sendmsg() argument 1 is too long")
    out = []
    try:
        for item in buffers:
            out.append(item if type(item) is bytes else readable_buffer(item))
    except BaseException:
        _release(out)
        raise
    return out


def _ssize(value: Any) -> int:
    """The ``n`` unit, with a shortcut for a plain int in range."""
    if value.__class__ is int and -SSIZE_MAX - 1 <= value <= SSIZE_MAX:
        # An int here; older mypy (1.14, the last for Python 3.8) does
        # not narrow on __class__.
        return value  # type: ignore[no-any-return, unused-ignore]
    return as_ssize(value)


def sendmsg(self: socket, *args: Any, **kwargs: Any) -> int:
    """sendmsg(buffers[, ancdata[, flags[, address]]]) -> count

    Send the data of the bytes-like objects in *buffers* as one message,
    with ancillary data: *ancdata* is an iterable of (cmsg_level,
    cmsg_type, cmsg_data) items, cmsg_data bytes-like.  flags are those of
    send(); an address that is not None is the destination.  Returns the
    number of data bytes sent."""
    if kwargs:
        _no_keywords("sendmsg", kwargs)
    count = len(args)
    if count == 1 and self._stream and _FAST_WRITEV:
        # sendmsg(list of bytes) on a stream: writev(2) (see writev in the
        # backend contract); any other form, or item, goes the way below.
        buffers = args[0]
        if buffers.__class__ is list and 0 < len(buffers) <= _WRITEV_MAX:
            for item in buffers:
                if item.__class__ is not bytes:
                    break
            else:
                _audit("socket.sendmsg", self, None)
                try:
                    return _B.writev(self._fd, buffers)
                except OSError as exc:
                    return self._call(True, _B.writev, (buffers,), exc)
    if not 1 <= count <= 4:
        _parse.arity(args, 1, 4, fname="sendmsg")
    flags = as_int(args[2]) if count > 2 else 0
    address = args[3] if count > 3 else None
    if address is not None:
        sockaddr = self._sockaddr(address, "sendmsg")
        _audit("socket.sendmsg", self, address)
    else:
        sockaddr = None
        _audit("socket.sendmsg", self, None)
    buffers = _gather(args[0])
    try:
        control = _control_block(args[1]) if count > 1 else b""
        return self._call(True, _B.sendmsg, (buffers, control, flags, sockaddr))
    finally:
        _release(buffers)


# -- receiving -------------------------------------------------------------------


def _walk(control: bytes) -> Iterator[_Header]:
    """CPython's walk over a received control block, one tuple per header:
    (status, offset, level, type, data length), status as get_cmsg_data_len
    (0 whole, 1 cut short by the buffer's end, -1 not a usable header)."""
    end = len(control)
    # CMSG_FIRSTHDR(): a first header only if a whole cmsghdr fits.
    if end < _HEADER_SIZE:
        return
    pos = 0
    while True:
        if pos + max(_DATA, _LEN_END) > end:
            yield (-1, pos, 0, 0, 0)
            return
        cmsg_len, level, kind = _HEADER.unpack_from(control, pos)
        if cmsg_len < _DATA:
            yield (-1, pos, level, kind, 0)
            return
        wanted = cmsg_len - _DATA
        room = end - pos - _DATA
        if room < wanted:
            yield (1, pos, level, kind, room)
            return
        yield (0, pos, level, kind, wanted)
        # CMSG_NXTHDR(): the next header must fit after this item's padding.
        step = _align(cmsg_len)
        remaining = end - pos
        if remaining < step + _DATA or (_STRICT_NEXT and remaining == step + _DATA):
            return
        pos += step


def _ancdata(control: bytes) -> List[Tuple[int, int, bytes]]:
    """The (level, type, data) items of a received control block."""
    items = []
    for status, pos, level, kind, length in _walk(control):
        if status:
            # stacklevel: _ancdata, _received, the recvmsg*() method, then
            # its caller, the place CPython's warning names.
            warnings.warn(
                "received malformed or improperly-truncated ancillary data",
                RuntimeWarning,
                stacklevel=4,
            )
        if status < 0:
            break
        start = pos + _DATA
        items.append((level, kind, control[start : start + length]))
    return items


def _close_rights(control: bytes) -> None:
    """Close every descriptor received in an SCM_RIGHTS item of *control*."""
    for status, pos, level, kind, length in _walk(control):
        if status < 0:
            break
        if level == _SOL_SOCKET and kind == _SCM_RIGHTS:
            start = pos + _DATA
            fds = array.array("i")
            fds.frombytes(control[start : start + length - length % fds.itemsize])
            for fd in fds:
                try:
                    _B.close(fd)
                except OSError:
                    pass


def _received(
    sock: socket, first: _First, control: bytes, msg_flags: int, name: bytes
) -> Tuple[_First, List[Tuple[int, int, bytes]], int, Any]:
    """recvmsg()'s 4-tuple, closing received descriptors if building it
    fails."""
    try:
        ancdata = _ancdata(control) if control else []
        address = sock._address(name)
    except BaseException:
        _close_rights(control)
        raise
    return (first, ancdata, msg_flags, address)


def recvmsg(self: socket, *args: Any, **kwargs: Any) -> Tuple[bytes, List[Tuple[int, int, bytes]], int, Any]:
    """recvmsg(bufsize[, ancbufsize[, flags]]) -> (data, ancdata, msg_flags, address)

    Receive at most *bufsize* bytes of data and up to *ancbufsize* bytes of
    ancillary data (0, the default: none; size the buffer with
    CMSG_SPACE() or CMSG_LEN()); items that do not fit may be cut or
    dropped.  ancdata is a list of (cmsg_level, cmsg_type, cmsg_data)
    tuples, msg_flags the flags of the received message, address the
    sender's where the socket is not connected.  If something fails after
    the data was received, descriptors that came in SCM_RIGHTS items are
    closed first."""
    if kwargs:
        _no_keywords("recvmsg", kwargs)
    count = len(args)
    if count == 1:
        # recvmsg(bufsize): no control buffer, no flags; try once inline.
        bufsize = args[0]
        if bufsize.__class__ is int and 0 <= bufsize <= SSIZE_MAX:
            try:
                data, control, msg_flags, name = _B.recvmsg(self._fd, bufsize, 0, 0)
            except OSError as exc:
                data, control, msg_flags, name = self._call(
                    False, _B.recvmsg, (bufsize, 0, 0), exc)
            return _received(self, data, control, msg_flags, name)
    if not 1 <= count <= 3:
        _parse.arity(args, 1, 3, fname="recvmsg")
    bufsize = _ssize(args[0])
    ancbufsize = _ssize(args[1]) if count > 1 else 0
    flags = as_int(args[2]) if count > 2 else 0
    if bufsize < 0:
        raise ValueError("negative buffer size in recvmsg()")
    if ancbufsize < 0 or ancbufsize > _LIMIT:
        raise ValueError("invalid ancillary data buffer length")
    data, control, msg_flags, name = self._call(
        False, _B.recvmsg, (bufsize, ancbufsize, flags)
    )
    return _received(self, data, control, msg_flags, name)


_INTO_ITEMS = (
    "recvmsg_into() argument 1 must be an iterable of single-segment "
    "read-write buffers"
)


def recvmsg_into(self: socket, *args: Any, **kwargs: Any) -> Tuple[int, List[Tuple[int, int, bytes]], int, Any]:
    """recvmsg_into(buffers[, ancbufsize[, flags]]) -> (nbytes, ancdata, msg_flags, address)

    As recvmsg(), but the data is scattered into *buffers*, an iterable of
    writable buffers filled one after the other; nbytes is the total count
    written.  Descriptors that came in SCM_RIGHTS items are closed if
    something fails after the data was received."""
    if kwargs:
        _no_keywords("recvmsg_into", kwargs)
    count = len(args)
    if not 1 <= count <= 3:
        _parse.arity(args, 1, 3, fname="recvmsg_into")
    buffers = args[0]
    ancbufsize = _ssize(args[1]) if count > 1 else 0
    flags = as_int(args[2]) if count > 2 else 0
    if type(buffers) is not list and type(buffers) is not tuple:
        buffers = _fast_sequence(
            buffers, "recvmsg_into() argument 1 must be an iterable"
        )
    if len(buffers) > INT_MAX:
        raise OSError("recvmsg_into() argument 1 is too long")
    views = []
    try:
        for item in buffers:
            views.append(writable_buffer(item, _INTO_ITEMS))
        if ancbufsize < 0 or ancbufsize > _LIMIT:
            raise ValueError("invalid ancillary data buffer length")
        received, control, msg_flags, name = self._call(
            False, _B.recvmsg_into, (views, ancbufsize, flags)
        )
    finally:
        _release(views)
    return _received(self, received, control, msg_flags, name)


# -- AF_ALG ------------------------------------------------------------------------

_AFALG_KEYWORDS = ("msg", "op", "iv", "assoclen", "flags")
if sys.version_info >= (3, 13):
    _UNKNOWN_KEYWORD = "sendmsg_afalg() got an unexpected keyword argument '%s'"
else:
    _UNKNOWN_KEYWORD = "'%s' is an invalid keyword argument for sendmsg_afalg()"


def _afalg_arguments(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """Parse "|O$O!y*O!i:sendmsg_afalg" (msg; keyword-only op, iv,
    assoclen, flags) with PyArg_ParseTupleAndKeywords' errors."""
    if len(args) + len(kwargs) > len(_AFALG_KEYWORDS):
        raise TypeError(
            "sendmsg_afalg() takes at most %d arguments (%d given)"
            % (len(_AFALG_KEYWORDS), len(args) + len(kwargs))
        )
    values = {}
    left = len(kwargs)
    for i, name in enumerate(_AFALG_KEYWORDS):
        if i == 1 and len(args) > 1:
            # The '$': only msg may come by position.
            raise TypeError(
                "sendmsg_afalg() takes at most 1 positional argument (%d given)"
                % len(args)
            )
        if i < len(args):
            value = args[i]
        elif left and name in kwargs:
            value = kwargs[name]
            left -= 1
        else:
            if not left:
                break
            continue
        if name in ("op", "assoclen") and not isinstance(value, int):
            raise TypeError(
                "sendmsg_afalg() argument %d must be int, not %s"
                % (i + 1, type_name(value))
            )
        if name == "iv":
            with readable_buffer(value) as view:
                value = view.tobytes()
        elif name == "flags":
            value = as_int(value)
        values[name] = value
    if left:
        if args and "msg" in kwargs:
            raise TypeError(
                "argument for sendmsg_afalg() given by name ('msg') and position (1)"
            )
        for key in kwargs:
            if not isinstance(key, str):  # pragma: no cover - Python forbids it
                raise TypeError("keywords must be strings")
            if key not in _AFALG_KEYWORDS:
                raise TypeError(_UNKNOWN_KEYWORD % key)
    return values


def _c_int_or_none(value: int) -> Optional[int]:
    """PyLong_AsInt(value) where an overflow counts as -1 (the caller
    replaces the error)."""
    return value if -(INT_MAX + 1) <= value <= INT_MAX else None


def sendmsg_afalg(self: socket, *args: Any, **kwargs: Any) -> int:
    """sendmsg_afalg([msg], *, op[, iv[, assoclen[, flags]]]) -> count

    Send the data *msg* (an iterable of bytes-like objects) on an AF_ALG
    operation socket, with the control items that set the operation (op,
    required), the initialization vector (iv) and the length of an AEAD
    cipher's associated data (assoclen).  flags are those of send(), 0 by
    default."""
    if self._family != _AF_ALG:
        raise OSError("algset is only supported for AF_ALG")
    values = _afalg_arguments(args, kwargs)
    op = values.get("op")
    if op is not None:
        op = _c_int_or_none(op)
    if op is None or op < 0:
        raise TypeError("Invalid or missing argument 'op'")
    assoclen = values.get("assoclen")
    if assoclen is not None:
        if _c_int_or_none(assoclen) is None:
            raise OverflowError("Python int too large to convert to C int")
        if assoclen < 0:
            raise TypeError("assoclen must be positive")
    iv = values.get("iv")
    flags = values.get("flags", 0)
    views = _gather(values["msg"]) if "msg" in values else []
    try:
        # struct af_alg_iv { __u32 ivlen; __u8 iv[]; }.  As in CPython, the
        # IV item's cmsg_len is its CMSG_SPACE, not its CMSG_LEN.
        parts = [_item(_SOL_ALG, _ALG_SET_OP, _U32.pack(op), _DATA + 4)]
        if iv is not None:
            space = _DATA + _align(4 + len(iv))
            parts.append(_item(_SOL_ALG, _ALG_SET_IV, _U32.pack(len(iv)) + iv, space))
        if assoclen is not None:
            parts.append(
                _item(_SOL_ALG, _ALG_SET_AEAD_ASSOCLEN, _U32.pack(assoclen), _DATA + 4)
            )
        control = b"".join(parts)
        return self._call(True, _B.sendmsg, (views, control, flags, None))
    finally:
        _release(views)


def _item(level: int, kind: int, data: bytes, cmsg_len: int) -> bytes:
    """One control item of CMSG_SPACE(len(data)) bytes, zero padded."""
    head = _HEADER.pack(cmsg_len, level, kind).ljust(_DATA, b"\0")
    return (head + data).ljust(_DATA + _align(len(data)), b"\0")


# -- send_fds / recv_fds ------------------------------------------------------------


def send_fds(
    sock: socket, buffers: Iterable[ReadableBuffer], fds: Iterable[int], flags: int = 0,
    address: Optional[Any] = None,
) -> int:
    """send_fds(sock, buffers, fds[, flags[, address]]) -> integer

    Send the file descriptors *fds* with the data *buffers* over an AF_UNIX
    socket, in one SCM_RIGHTS item.  flags and address are passed on to
    sendmsg(), as the stdlib does since the fix of gh-107898."""
    return sock.sendmsg(
        buffers, [(_SOL_SOCKET, _SCM_RIGHTS, array.array("i", fds))], flags, address
    )


def recv_fds(
    sock: socket, bufsize: int, maxfds: int, flags: int = 0
) -> Tuple[bytes, List[int], int, Any]:
    """recv_fds(sock, bufsize, maxfds[, flags]) -> (data, list of file
    descriptors, msg_flags, address)

    Receive up to *maxfds* file descriptors along with at most *bufsize*
    bytes of data; flags are passed on to recvmsg()."""
    fds = array.array("i")
    msg, ancdata, msg_flags, addr = sock.recvmsg(
        bufsize, CMSG_LEN(maxfds * fds.itemsize), flags
    )
    for level, kind, data in ancdata:
        if level == _SOL_SOCKET and kind == _SCM_RIGHTS:
            fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
    return msg, list(fds), msg_flags, addr


for _method in (sendmsg, recvmsg, recvmsg_into, sendmsg_afalg):
    _method.__qualname__ = "socket." + _method.__name__
del _method
