"""Backend functions of sendmsg(2)/recvmsg(2): scatter/gather buffers and
ancillary data, Python values in and out.

Their prototypes are in ``posix.SIGNATURES``.  The control block crosses
this layer as raw bytes, already packed for ``sendmsg`` and exactly as the
kernel filled it for ``recvmsg``: walking it is pure Python (``pysock._msg``)
so that a tracer wrapping these functions sees every byte a call moved.

The layout of the control block is data of the platform
(``cstructs.STRUCTURES``): where a ``cmsghdr`` ends, how items are aligned,
and how ``CMSG_NXTHDR`` decides that another header follows.
"""

from __future__ import annotations

import ctypes
import struct
from ctypes import Structure, addressof, byref, c_char, c_void_p
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    List,
    Optional,
    Sequence,
    Tuple,
    Type,
    Union,
    cast,
)

from .cstructs import SOCKADDR_STORAGE_SIZE, iovec, msghdr
from .errors import strerror
from .posix import _alloc, lib

if TYPE_CHECKING:
    from ctypes import Array, _CArgObject

    # A buffer the socket layer passes: a bytes object or a C-contiguous
    # memoryview.
    Data = Union[bytes, memoryview]
    # What a call's frame keeps alive while the C call reads its address.
    Keep = List[object]
    # (count or data, control block bytes, msg_flags, sender sockaddr bytes)
    Received = Tuple[int, bytes, int, bytes]

#: struct sockaddr_storage: room for any peer address.
NAME_SIZE = SOCKADDR_STORAGE_SIZE

#: The backend functions this module provides (see pysock._libc.Backend).
CALLS = ("sendmsg", "recvmsg", "recvmsg_into", "recvmmsg", "recvmmsg_into", "sendmmsg")

# ---------------------------------------------------------------------------
# The call blocks.
#
# One ctypes object per call holds the msghdr, the iovec array after it and,
# for recvmsg, the room for the sender's address: a subclass of msghdr, so
# that ctypes passes it where the prototype wants a struct msghdr *.  The
# fields are written with one struct.pack_into and read back with one
# unpack_from (setting ctypes fields one by one costs several times more).
# ---------------------------------------------------------------------------


def _struct_code(ctype: Any) -> str:
    """The struct code of *ctype*, the ctypes type of a _fields_ entry."""
    if ctype is c_void_p or issubclass(ctype, ctypes._Pointer):
        return "P"
    code: str = ctype._type_
    return code


_MSGHDR = struct.Struct("@" + "".join(_struct_code(f[1]) for f in msghdr._fields_))
_IOVEC = struct.Struct("@" + "".join(_struct_code(f[1]) for f in iovec._fields_))
_MSG_SIZE = ctypes.sizeof(msghdr)
_IOV_SIZE = ctypes.sizeof(iovec)


def _check_layout() -> None:
    # The struct formats must put every field where ctypes does.
    probe = msghdr.from_buffer_copy(
        _MSGHDR.pack(1, 2, 3, 4, 5, 6, 7).ljust(_MSG_SIZE, b"\0")
    )
    fields = [f[0] for f in msghdr._fields_]
    values = [getattr(probe, name) for name in fields]
    values[2] = ctypes.cast(probe.msg_iov, c_void_p).value
    if values != [1, 2, 3, 4, 5, 6, 7] or _IOVEC.size != _IOV_SIZE:
        raise ImportError("pysock: struct msghdr/iovec layout mismatch")


_check_layout()

_block_types: Dict[Tuple[int, int], Type[Structure]] = {}


def _block_type(count: int, name_size: int) -> Type[Structure]:
    """The msghdr subclass with *count* iovecs and *name_size* bytes after."""
    key = (count, name_size)
    cls = _block_types.get(key)
    if cls is None:
        fields: List[Tuple[str, Type[Array[Any]]]] = [("iov", iovec * count)]
        if name_size:
            fields.append(("name", c_char * name_size))
        cls = cast("Type[Structure]", type("msghdr_block", (msghdr,), {"_fields_": fields}))
        if len(_block_types) < 256:
            _block_types[key] = cls
    return cls


_IOV_AT = _block_type(1, 0).iov.offset
_RECV_BLOCK = _block_type(1, NAME_SIZE)


_new_bytes: Optional[Callable[[Optional[bytes], int], bytes]]
_DATA: Optional[int]  # not None when _new_bytes is not (CPython)
if _alloc is not None:
    _new_bytes, _DATA = _alloc
else:  # pragma: no cover - not CPython
    _new_bytes = _DATA = None


def _bytes_address(data: bytes, keep: Keep) -> int:
    """The address of a bytes object's contents (valid while it lives)."""
    if _DATA is not None:
        return id(data) + _DATA
    copy = ctypes.create_string_buffer(data, len(data))
    keep.append(copy)
    return addressof(copy)


def _readable_address(item: Data, keep: Keep) -> int:
    """The address of the bytes of *item*: a bytes object, or a C-contiguous
    view.  A writable buffer is pointed at in place, a read-only one other
    than a whole bytes object through a copy kept alive in *keep*."""
    if type(item) is bytes:
        return _bytes_address(item, keep) if item else 0
    # Not exactly bytes (tested above): a view, which the checker cannot
    # infer from a type() test.
    view: memoryview = item  # type: ignore[assignment]
    size = view.nbytes
    if not size:
        return 0
    if not view.readonly:
        return _writable_address(view, keep)
    owner = view.obj
    if _DATA is not None and type(owner) is bytes and len(owner) == size:
        # A read-only view the size of its bytes object is the whole of it.
        return id(owner) + _DATA
    copy = view.tobytes()
    keep.append(copy)  # the address is good only while the copy lives
    return _bytes_address(copy, keep)


def _writable_address(view: memoryview, keep: Keep) -> int:
    # Only *keep* holds the ctypes array: a traceback holding the caller's
    # frame must not keep the buffer exported once *keep* is emptied.
    array = (c_char * view.nbytes).from_buffer(view)
    keep.append(array)
    return addressof(array)


_c_sendmsg: Callable[..., int] = lib.sendmsg
_c_recvmsg: Callable[..., int] = lib.recvmsg
# The raw bindings (posix.RAW): the block goes by reference, flags and fd
# are C ints already; the result is checked here.
_r_sendmsg: Callable[..., int] = lib.raw_sendmsg
_r_recvmsg: Callable[..., int] = lib.raw_recvmsg


def _checked(result: int) -> int:
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, strerror(code))
    return result


def sendmsg(
    fd: int, buffers: Sequence[Data], control: bytes, flags: int, sockaddr: Optional[bytes]
) -> int:
    """sendmsg(2): gather *buffers* (bytes objects or C-contiguous views),
    with the packed control block *control* (bytes, maybe empty) and the
    destination *sockaddr* (bytes, or None).  Returns the count of data
    bytes sent."""
    count = len(buffers)
    cls = _block_types.get((count, 0))
    block = (cls or _block_type(count, 0))()
    keep: Keep = []
    try:
        offset = _IOV_AT
        for item in buffers:
            if type(item) is bytes and _DATA is not None:
                _IOVEC.pack_into(block, offset, id(item) + _DATA, len(item))
            else:
                _IOVEC.pack_into(
                    block, offset, _readable_address(item, keep),
                    # (a view unless exactly bytes; the checker cannot tell)
                    len(item) if type(item) is bytes else item.nbytes,  # type: ignore[union-attr]
                )
            offset += _IOV_SIZE
        _MSGHDR.pack_into(
            block,
            0,
            _bytes_address(sockaddr, keep) if sockaddr else 0,
            len(sockaddr) if sockaddr else 0,
            addressof(block) + _IOV_AT if count else 0,
            count,
            _bytes_address(control, keep) if control else 0,
            len(control),
            0,
        )
        return _checked(_r_sendmsg(fd, byref(block), flags))
    finally:
        # Drop the exports of the callers' buffers now, not when a traceback
        # holding this frame goes away (a bytearray cannot resize meanwhile).
        del keep[:]


def _receive(
    fd: int, block: Structure, count: int, ancbufsize: int, flags: int, keep: Optional[Keep]
) -> Received:
    """recvmsg(2) with *block* (its iovecs filled): (count, control bytes,
    msg_flags, sockaddr bytes)."""
    control: Union[bytes, Array[c_char], None] = None
    control_address = 0
    if ancbufsize:
        if _new_bytes is not None:
            # Untouched memory: a large ancbufsize costs no page faults.
            # (_DATA is set with _new_bytes.)
            control = _new_bytes(None, ancbufsize)
            control_address = id(control) + _DATA  # type: ignore[operator]
        else:  # pragma: no cover - not CPython
            control = ctypes.create_string_buffer(ancbufsize)
            control_address = addressof(control)
    base = addressof(block)
    name_at = _IOV_AT + count * _IOV_SIZE
    _MSGHDR.pack_into(
        block,
        0,
        base + name_at,
        NAME_SIZE,
        base + _IOV_AT if count else 0,
        count,
        control_address if ancbufsize else 0,
        ancbufsize,
        0,
    )
    got = _checked(_r_recvmsg(fd, byref(block), flags))
    _, namelen, _, _, _, used, msg_flags = _MSGHDR.unpack_from(block)
    name = bytes(block)[name_at : name_at + min(namelen, NAME_SIZE)] if namelen else b""
    if not used or control is None:
        return got, b"", msg_flags, name
    if type(control) is bytes:
        return got, (control if used >= ancbufsize else control[:used]), msg_flags, name
    # (a ctypes buffer unless exactly bytes; the checker cannot tell)
    return got, control.raw[:used], msg_flags, name  # type: ignore[union-attr]  # pragma: no cover


# Prepared blocks for recvmsg with no control buffer, the common call: a
# free list (a block is in one call at a time) of (block, byref(block),
# its address), so a call packs only the iovec and the lengths.
_plain_blocks: List[Tuple[Structure, _CArgObject, int]] = []
_NAME_AT = _IOV_AT + _IOV_SIZE
_INT_MAX = 0x7FFFFFFF


def _plain_recvmsg(fd: int, nbytes: int, flags: int) -> Tuple[bytes, bytes, int, bytes]:
    try:
        block, ref, base = _plain_blocks.pop()
    except IndexError:
        block = _RECV_BLOCK()
        ref = byref(block)
        base = addressof(block)
    # Called only where _new_bytes (and _DATA with it) is not None.
    out = _new_bytes(None, nbytes)  # type: ignore[misc]
    _MSGHDR.pack_into(block, 0, base + _NAME_AT, NAME_SIZE, base + _IOV_AT, 1, 0, 0, 0)
    _IOVEC.pack_into(block, _IOV_AT, id(out) + _DATA, nbytes)  # type: ignore[operator]
    got = _r_recvmsg(fd, ref, flags)
    if got < 0:
        _plain_blocks.append((block, ref, base))
        code = ctypes.get_errno()
        raise OSError(code, strerror(code))
    _, namelen, _, _, _, _, msg_flags = _MSGHDR.unpack_from(block)
    name = bytes(block)[_NAME_AT : _NAME_AT + min(namelen, NAME_SIZE)] if namelen else b""
    _plain_blocks.append((block, ref, base))
    return (out if got == nbytes else out[:got]), b"", msg_flags, name


def recvmsg(fd: int, nbytes: int, ancbufsize: int, flags: int) -> Tuple[bytes, bytes, int, bytes]:
    """recvmsg(2) of at most *nbytes* data bytes and *ancbufsize* control
    bytes: (data bytes, control bytes, msg_flags, sender sockaddr bytes)."""
    if not ancbufsize and 0 < nbytes <= _INT_MAX and _new_bytes is not None:
        return _plain_recvmsg(fd, nbytes, flags)
    block = _RECV_BLOCK()
    if _new_bytes is not None:
        out = _new_bytes(None, nbytes)
        if nbytes:  # (_DATA is set with _new_bytes)
            _IOVEC.pack_into(block, _IOV_AT, id(out) + _DATA, nbytes)  # type: ignore[operator]
        got, control, msg_flags, name = _receive(fd, block, 1, ancbufsize, flags, None)
        return (out if got == nbytes else out[:got]), control, msg_flags, name
    outbuf = ctypes.create_string_buffer(nbytes)  # pragma: no cover - not CPython
    _IOVEC.pack_into(block, _IOV_AT, addressof(outbuf), nbytes)
    got, control, msg_flags, name = _receive(fd, block, 1, ancbufsize, flags, None)
    return outbuf.raw[:got], control, msg_flags, name


def recvmsg_into(fd: int, views: Sequence[memoryview], ancbufsize: int, flags: int) -> Received:
    """recvmsg(2) scattering the data into the writable C-contiguous
    *views*: (count, control bytes, msg_flags, sender sockaddr bytes)."""
    count = len(views)
    cls = _block_types.get((count, NAME_SIZE))
    block = (cls or _block_type(count, NAME_SIZE))()
    keep: Keep = []
    try:
        offset = _IOV_AT
        for view in views:
            size = view.nbytes
            if size:
                _IOVEC.pack_into(block, offset, _writable_address(view, keep), size)
            offset += _IOV_SIZE
        return _receive(fd, block, count, ancbufsize, flags, keep)
    finally:
        del keep[:]


# ---------------------------------------------------------------------------
# PyPy: the same three calls through the bare cffi functions.
#
# A ctypes object (a block, a byref, a from_buffer array) costs PyPy one to
# two microseconds to make, several times the system call.  Where the table
# is bound through cffi (loader._CFFI), a call takes a block of cffi memory
# from a free list -- the msghdr, its iovecs and the name buffer, laid out
# at the offsets of the ctypes msghdr and iovec (the structures above, read
# by _cffi.field_pointer_types) -- writes its fields through typed pointers
# made once per block, and receives into a data area the block keeps.  The
# callers' buffers go by ffi.from_buffer, released after the call.  The
# results, the errors and the memory left untouched are the ctypes
# functions' above, which take over for anything this path does not
# convert (a value cffi refuses is refused before the call is made).
# ---------------------------------------------------------------------------

_ffi: Any = getattr(lib, "cffi", None)
_msg_fields = _iov_fields = None
if _ffi is not None and "cffi_sendmsg" in lib and "cffi_recvmsg" in lib:
    from . import _cffi

    _msg_fields = _cffi.field_pointer_types(_ffi, msghdr)
    _iov_fields = _cffi.field_pointer_types(_ffi, iovec)

if _msg_fields is not None and _iov_fields is not None:
    _ffi = lib.cffi  # (not None here: the fields were read with it)
    _ctypes_sendmsg = sendmsg
    _ctypes_recvmsg = recvmsg
    _ctypes_recvmsg_into = recvmsg_into
    _f_sendmsg: Callable[..., int] = lib.cffi_sendmsg
    _f_recvmsg: Callable[..., int] = lib.cffi_recvmsg
    _set_errno = ctypes.set_errno
    _NULL = _ffi.NULL
    _from_buffer = _ffi.from_buffer
    _release_buffer = _ffi.release
    _unpack = _ffi.unpack
    _fcast = _ffi.cast
    _new = _ffi.new
    # Large areas are left uninitialised, as CPython's are: a large
    # ancbufsize or bufsize costs no page faults.
    _new_raw = _ffi.new_allocator(should_clear_after_alloc=False)
    #: Data areas up to this size stay with their block; larger ones are
    #: made for the call.
    _AREA_MAX = 65536
    _AREA_MIN = 2048
    #: Control areas up to this size are zeroed (as ctypes' are); larger
    #: ones are left untouched.
    _CLEAR_MAX = 65536
    _FAULTS = (TypeError, ValueError, OverflowError, BufferError)

    class _Block(object):
        """The cffi memory of one call with *count* iovecs: msghdr, iovecs,
        name buffer, and a typed pointer to each field written."""

        __slots__ = ("memory", "count", "name", "namelen", "iov", "iovlen", "control",
                     "controllen", "flags", "bases", "lengths", "name_area",
                     "data", "room")
        # Typed pointers to the msghdr's fields (msg_<name>), set in __init__.
        name: Any
        namelen: Any
        iov: Any
        iovlen: Any
        control: Any
        controllen: Any
        flags: Any

        def __init__(self, count: int) -> None:
            memory = _new("char[]", _IOV_AT + count * _IOV_SIZE + NAME_SIZE)
            self.memory = memory
            self.count = count
            assert _msg_fields is not None and _iov_fields is not None
            for field, (offset, pointer) in _msg_fields.items():
                setattr(self, field[4:], _fcast(pointer, memory + offset))
            self.bases, self.lengths = _iovec_pointers(memory, _IOV_AT, count)
            self.name_area = memory + _IOV_AT + count * _IOV_SIZE
            self.data = _NULL
            self.room = 0

        def header(self, name: Any, namelen: int, count: int, control: Any,
                   controllen: int) -> None:
            self.name[0] = name
            self.namelen[0] = namelen
            self.iov[0] = self.memory + _IOV_AT if count else _NULL
            self.iovlen[0] = count
            self.control[0] = control
            self.controllen[0] = controllen
            self.flags[0] = 0

    #: Free lists of blocks by iovec count (one call holds a block at a
    #: time); counts past _FREE_COUNT get a block of their own.
    _free: Dict[int, List[_Block]] = {}
    _FREE_COUNT = 16

    def _take(count: int) -> _Block:
        free = _free.get(count)
        if free:
            return free.pop()
        return _Block(count)

    def _give(block: _Block) -> None:
        if block.count <= _FREE_COUNT:
            _free.setdefault(block.count, []).append(block)

    def _iovec_pointers(memory: Any, at: int, count: int) -> Tuple[List[Any], List[Any]]:
        """Typed pointers to the base and to the length of each of *count*
        iovecs at ``memory + at``, at the ctypes struct iovec's offsets."""
        assert _iov_fields is not None
        base_at, base_type = _iov_fields["iov_base"]
        len_at, len_type = _iov_fields["iov_len"]
        return ([_fcast(base_type, memory + at + i * _IOV_SIZE + base_at) for i in range(count)],
                [_fcast(len_type, memory + at + i * _IOV_SIZE + len_at) for i in range(count)])

    def _point_at(views: Sequence[memoryview], count: int, bases: List[Any], lengths: List[Any],
                  held: List[Any]) -> List[int]:
        """Point the first *count* iovecs at the caller's writable *views*
        (an empty one at NULL): their sizes.  The C memory of each view
        (ffi.from_buffer) is appended to *held*, for _release_all after the
        call."""
        sizes = []
        for i in range(count):
            view = views[i]
            size = view.nbytes
            if size:
                where = _from_buffer(view, require_writable=True)
                held.append(where)
                bases[i][0] = where
            else:
                bases[i][0] = _NULL
            lengths[i][0] = size
            sizes.append(size)
        return sizes

    def _release_all(held: List[Any]) -> None:
        for where in held:
            _release_buffer(where)
        del held[:]

    def _failed() -> OSError:
        code: int = _ffi.errno
        _set_errno(code)  # where ctypes' copy would be, for any reader
        return OSError(code, strerror(code))

    def _name_of(block: _Block) -> bytes:
        namelen = block.namelen[0]
        if not namelen:
            return b""
        return _unpack(block.name_area, namelen if namelen < NAME_SIZE else NAME_SIZE)  # type: ignore[no-any-return]

    def _control_area(ancbufsize: int) -> Any:
        if ancbufsize <= _CLEAR_MAX:
            return _new("char[]", ancbufsize)
        return _new_raw("char[]", ancbufsize)

    def _control_of(block: _Block, area: Any, ancbufsize: int) -> bytes:
        used = block.controllen[0]
        if not used or not ancbufsize:
            return b""
        return _unpack(area, used if used < ancbufsize else ancbufsize)  # type: ignore[no-any-return]

    def sendmsg(  # noqa: F811 - the cffi form of the ctypes function above
        fd: int, buffers: Sequence[Data], control: bytes, flags: int, sockaddr: Optional[bytes]
    ) -> int:
        count = len(buffers)
        block = _take(count)
        held: List[Any] = []
        try:
            try:
                bases = block.bases
                lengths = block.lengths
                for i in range(count):
                    item = buffers[i]
                    size = len(item) if type(item) is bytes else item.nbytes  # type: ignore[union-attr]
                    if size:
                        where = _from_buffer(item)
                        held.append(where)
                        bases[i][0] = where
                    else:
                        bases[i][0] = _NULL
                    lengths[i][0] = size
                if sockaddr:
                    size = len(sockaddr)
                    if size <= NAME_SIZE:
                        _ffi.memmove(block.name_area, sockaddr, size)
                        name = block.name_area
                    else:
                        name = _from_buffer(sockaddr)
                        held.append(name)
                else:
                    name, size = _NULL, 0
                if control:
                    area = _from_buffer(control)
                    held.append(area)
                else:
                    area = _NULL
                block.header(name, size, count, area, len(control))
                sent = _f_sendmsg(fd, block.memory, flags)
            except _FAULTS:
                # Not a value this path converts: the ctypes function's
                # (no system call was made).
                _release_all(held)
                return _ctypes_sendmsg(fd, buffers, control, flags, sockaddr)
            if sent < 0:
                raise _failed()
            return sent
        finally:
            _release_all(held)
            _give(block)

    def recvmsg(fd: int, nbytes: int, ancbufsize: int, flags: int) -> Tuple[bytes, bytes, int, bytes]:  # noqa: F811
        block = _take(1)
        try:
            try:
                if nbytes <= block.room:
                    data = block.data
                elif nbytes <= _AREA_MAX:
                    data = block.data = _new("char[]", max(nbytes, _AREA_MIN))
                    block.room = len(data)
                else:
                    data = _new_raw("char[]", nbytes)
                block.bases[0][0] = data if nbytes else _NULL
                block.lengths[0][0] = nbytes
                if ancbufsize:
                    area = _control_area(ancbufsize)
                    block.header(block.name_area, NAME_SIZE, 1, area, ancbufsize)
                else:
                    area = _NULL
                    block.header(block.name_area, NAME_SIZE, 1, _NULL, 0)
                got = _f_recvmsg(fd, block.memory, flags)
            except _FAULTS:
                return _ctypes_recvmsg(fd, nbytes, ancbufsize, flags)
            if got < 0:
                raise _failed()
            return (
                _unpack(data, got if got < nbytes else nbytes) if nbytes else b"",
                _control_of(block, area, ancbufsize),
                block.flags[0],
                _name_of(block),
            )
        finally:
            _give(block)

    def recvmsg_into(fd: int, views: Sequence[memoryview], ancbufsize: int, flags: int) -> Received:  # noqa: F811
        count = len(views)
        block = _take(count)
        held: List[Any] = []
        try:
            try:
                _point_at(views, count, block.bases, block.lengths, held)
                if ancbufsize:
                    area = _control_area(ancbufsize)
                    block.header(block.name_area, NAME_SIZE, count, area, ancbufsize)
                else:
                    area = _NULL
                    block.header(block.name_area, NAME_SIZE, count, _NULL, 0)
                got = _f_recvmsg(fd, block.memory, flags)
            except _FAULTS:
                _release_all(held)
                return _ctypes_recvmsg_into(fd, views, ancbufsize, flags)
            if got < 0:
                raise _failed()
            return got, _control_of(block, area, ancbufsize), block.flags[0], _name_of(block)
        finally:
            _release_all(held)
            _give(block)

    sendmsg.__doc__ = _ctypes_sendmsg.__doc__
    recvmsg.__doc__ = _ctypes_recvmsg.__doc__
    recvmsg_into.__doc__ = _ctypes_recvmsg_into.__doc__


# ---------------------------------------------------------------------------
# Batches: recvmmsg(2)/sendmmsg(2), an array of struct mmsghdr { struct
# msghdr msg_hdr; unsigned int msg_len; } in one call.  Where the C library
# lacks them (macOS) the functions are absent, and so are the methods.
# ---------------------------------------------------------------------------

if "raw_recvmmsg" in lib and "raw_sendmmsg" in lib:

    class _mmsghdr(ctypes.Structure):
        _fields_ = [("msg_hdr", msghdr), ("msg_len", ctypes.c_uint)]

    _MMSG_SIZE = ctypes.sizeof(_mmsghdr)
    _MSG_LEN_AT = _mmsghdr.msg_len.offset
    _UINT = struct.Struct("@I")
    _NAMELEN_AT = msghdr.msg_namelen.offset
    _NAMELEN = struct.Struct("@" + _struct_code(msghdr._fields_[1][1]))
    #: The kernel takes at most UIO_MAXIOV messages a call (1024 on Linux
    #: and FreeBSD); a larger count is cut to it here, as it would be there.
    MMSG_MAX = 1024
    _r_recvmmsg: Callable[..., int] = lib.raw_recvmmsg
    _r_sendmmsg: Callable[..., int] = lib.raw_sendmmsg

    def _mmsg_block(count: int) -> Tuple[Array[c_char], Array[c_char], Array[c_char]]:
        """(mmsghdr array, iovec array, name buffer) for *count* messages."""
        return (
            (c_char * (_MMSG_SIZE * count))(),
            (c_char * (_IOV_SIZE * count))(),
            (c_char * (NAME_SIZE * count))(),
        )

    def _received_names(
        headers: Array[c_char], names: Array[c_char], got: int
    ) -> List[Tuple[int, bytes]]:
        out: List[Tuple[int, bytes]] = []
        for i in range(got):
            namelen = _NAMELEN.unpack_from(headers, i * _MMSG_SIZE + _NAMELEN_AT)[0]
            length = _UINT.unpack_from(headers, i * _MMSG_SIZE + _MSG_LEN_AT)[0]
            at = i * NAME_SIZE
            # typeshed: a slice of a c_char array is a list; it is bytes.
            out.append((length, names[at : at + min(namelen, NAME_SIZE)]))  # type: ignore[arg-type]
        return out

    def _fill_receive(
        headers: Array[c_char],
        iovs: Array[c_char],
        names: Array[c_char],
        count: int,
        address_of: Callable[[int], int],
        size_of: Callable[[int], int],
    ) -> int:
        hbase = addressof(headers)
        ibase = addressof(iovs)
        nbase = addressof(names)
        for i in range(count):
            _IOVEC.pack_into(iovs, i * _IOV_SIZE, address_of(i), size_of(i))
            _MSGHDR.pack_into(headers, i * _MMSG_SIZE, nbase + i * NAME_SIZE, NAME_SIZE,
                              ibase + i * _IOV_SIZE, 1, 0, 0, 0)
        return hbase

    def _call_recvmmsg(fd: int, headers: Array[c_char], count: int, flags: int) -> int:
        got = _r_recvmmsg(fd, headers, count, flags, None)
        if got < 0:
            code = ctypes.get_errno()
            raise OSError(code, strerror(code))
        return got

    class _ReceiveBatch(object):
        """The C memory of recvmmsg for (count, bufsize), made once and
        reused (a free list per shape): the mmsghdr array with its iovecs
        and name buffers, the data area, the template that resets the
        headers before a call (one memmove), and the struct that reads
        every (namelen, msg_len) pair back in one unpack."""

        def __init__(self, count: int, bufsize: int) -> None:
            headers, iovs, names = _mmsg_block(count)
            self.data = (c_char * (bufsize * count or 1))()
            dbase = addressof(self.data)
            _fill_receive(headers, iovs, names, count,
                          lambda i: dbase + i * bufsize, lambda i: bufsize)
            self.headers = headers
            self.iovs = iovs  # pointed at by the headers: kept alive here
            self.names = names
            self.template = bytes(headers)
            self.size = len(self.template)
            self.reader = _pairs_reader(count)

    def _pairs_reader(count: int) -> Callable[[Array[c_char]], Tuple[int, ...]]:
        """A struct reading (namelen, msg_len) of each of *count* mmsghdrs."""
        fmt = ["@"]
        pos = 0
        for i in range(count):
            at = i * _MMSG_SIZE
            fmt.append("%dx%s" % (at + _NAMELEN_AT - pos, _NAMELEN.format[1:]))
            pos = at + _NAMELEN_AT + _NAMELEN.size
            fmt.append("%dxI" % (at + _MSG_LEN_AT - pos))
            pos = at + _MSG_LEN_AT + 4
        return struct.Struct("".join(fmt)).unpack_from

    _batches: Dict[Tuple[int, int], List[_ReceiveBatch]] = {}  # free lists per shape
    # The one-name path of recvmmsg compares whole name areas: one memcmp on
    # CPython; PyPy's ctypes slices an array byte by byte, where it would
    # cost more than the slices it saves (measured: 278 -> 638 us a batch).
    _ONE_NAME = _DATA is not None
    _memmove = ctypes.memmove

    def recvmmsg(fd: int, count: int, bufsize: int, flags: int) -> List[Tuple[bytes, bytes]]:
        """recvmmsg(2) of up to *count* datagrams, each cut to *bufsize*
        bytes: [(data bytes, sender sockaddr bytes), ...]."""
        count = min(count, MMSG_MAX)
        key = (count, bufsize)
        free = _batches.get(key)
        if free is None:
            if len(_batches) >= 16:
                _batches.clear()
            free = _batches[key] = []
        try:
            batch = free.pop()
        except IndexError:
            batch = _ReceiveBatch(count, bufsize)
        try:
            headers = batch.headers
            _memmove(headers, batch.template, batch.size)
            got = _r_recvmmsg(fd, headers, count, flags, None)
            if got < 0:
                code = ctypes.get_errno()
                raise OSError(code, strerror(code))
            pairs = batch.reader(headers)
            data = batch.data
            names = batch.names
            namelens = pairs[0 : 2 * got : 2]
            namelen = namelens[0] if got else 0
            span = got * NAME_SIZE
            # Mostly one sender: when every name slot holds the same bytes
            # (its unused tail too: the same slots of the same batch, so
            # equal in the steady state) and every namelen is the same,
            # one bytes object is every datagram's name -- no slice per
            # datagram, and the caller decodes it once by identity.
            # (typeshed: a slice of a c_char array is a list; it is bytes.)
            if (_ONE_NAME and got and namelens.count(namelen) == got and namelen <= NAME_SIZE
                    and names[:span] == names[:NAME_SIZE] * got):
                name = names[:namelen]
                return [
                    (data[at : at + (length if length < bufsize else bufsize)], name)  # type: ignore[misc]
                    for at, length in zip(
                        range(0, got * bufsize, bufsize) if bufsize else [0] * got,
                        pairs[1 : 2 * got : 2],
                    )
                ]
            # One comprehension over (data offset, name offset, namelen,
            # msg_len) of each datagram received: no append, no index sums.
            return [
                (data[at : at + (length if length < bufsize else bufsize)],
                 names[name_at : name_at + (namelen if namelen < NAME_SIZE else NAME_SIZE)])  # type: ignore[misc]
                for at, name_at, namelen, length in zip(
                    range(0, got * bufsize, bufsize) if bufsize else [0] * got,
                    range(0, span, NAME_SIZE),
                    namelens,
                    pairs[1 : 2 * got : 2],
                )
            ]
        finally:
            free.append(batch)

    def recvmmsg_into(fd: int, views: Sequence[memoryview], flags: int) -> List[Tuple[int, bytes]]:
        """recvmmsg(2) of one datagram into each writable C-contiguous view:
        [(count, sender sockaddr bytes), ...]."""
        count = min(len(views), MMSG_MAX)
        headers, iovs, names = _mmsg_block(count)
        keep: Keep = []
        try:
            addresses = [_writable_address(view, keep) if view.nbytes else 0
                         for view in views[:count]]
            _fill_receive(headers, iovs, names, count,
                          addresses.__getitem__, lambda i: views[i].nbytes)
            got = _call_recvmmsg(fd, headers, count, flags)
        finally:
            del keep[:]
        return [(min(length, views[i].nbytes), name)
                for i, (length, name) in enumerate(_received_names(headers, names, got))]

    def sendmmsg(fd: int, messages: Sequence[Tuple[Data, Optional[bytes]]], flags: int) -> int:
        """sendmmsg(2) of [(bytes-like, sockaddr bytes or None), ...]: the
        number of messages sent."""
        count = min(len(messages), MMSG_MAX)
        headers, iovs, _names = _mmsg_block(count)
        hbase = addressof(headers)
        ibase = addressof(iovs)
        keep: Keep = []
        try:
            for i in range(count):
                item, sockaddr = messages[i]
                if type(item) is bytes:
                    size = len(item)
                    where = _bytes_address(item, keep) if size else 0
                else:
                    size = item.nbytes  # type: ignore[union-attr]  # a view (not bytes)
                    where = _readable_address(item, keep) if size else 0
                _IOVEC.pack_into(iovs, i * _IOV_SIZE, where, size)
                _MSGHDR.pack_into(
                    headers, i * _MMSG_SIZE,
                    _bytes_address(sockaddr, keep) if sockaddr else 0,
                    len(sockaddr) if sockaddr else 0,
                    ibase + i * _IOV_SIZE, 1, 0, 0, 0)
            sent = _r_sendmmsg(fd, headers, count, flags)
        finally:
            del keep[:]
        if sent < 0:
            code = ctypes.get_errno()
            raise OSError(code, strerror(code))
        return sent

    # -----------------------------------------------------------------------
    # PyPy: recvmmsg and recvmmsg_into through the bare cffi recvmmsg.
    #
    # PyPy slices a ctypes array (or a memoryview of one) at about 1.5 us a
    # slice, and a batch makes two slices a datagram: 64 datagrams cost more
    # than a recvfrom loop.  Here the mmsghdr array, its iovecs, the name
    # buffers and the data area are cffi memory, laid out by the ctypes
    # structures (msghdr, iovec, _mmsghdr: the headers are written once, at
    # their ctypes offsets, through _cffi.field_pointer_types' typed pointers,
    # and reset before each call from that image, as the ctypes batches are);
    # the results are slices of ffi.buffer (bytes, a few ns each) and the
    # (namelen, msg_len) pairs are read by the ctypes path's struct.  The
    # results and errors are the ctypes functions', which take over for any
    # value this path does not convert (refused before the call is made).
    # -----------------------------------------------------------------------

    if "cffi_recvmmsg" in lib and _msg_fields is not None and _iov_fields is not None:
        _ctypes_recvmmsg = recvmmsg
        _ctypes_recvmmsg_into = recvmmsg_into
        _f_recvmmsg: Callable[..., int] = lib.cffi_recvmmsg
        _ffi_buffer = lib.cffi.buffer
        _ffi_memmove = lib.cffi.memmove
        _NAMES_AT = _MMSG_SIZE + _IOV_SIZE  # per message: header, iovec, name
        _ALLOC_FAULTS = (TypeError, ValueError, OverflowError, BufferError, MemoryError)

        class _CffiBatch(object):
            """The cffi memory of one recvmmsg call of *count* messages: the
            mmsghdr array, then the iovecs, then the name buffers (each at its
            ctypes offset); the image of the reset headers; the typed pointers
            to each iovec's base and length; a data area of *bufsize* bytes a
            message when *bufsize* is not None (recvmmsg)."""

            __slots__ = ("memory", "count", "headers", "names", "bases", "lengths",
                         "template", "size", "reader", "data", "data_buffer")
            data_buffer: Any  # ffi.buffer of the data area (None for recvmmsg_into)

            def __init__(self, count: int, bufsize: Optional[int]) -> None:
                assert _msg_fields is not None and _iov_fields is not None
                iovs_at = count * _MMSG_SIZE
                names_at = iovs_at + count * _IOV_SIZE
                memory = _new("char[]", names_at + count * NAME_SIZE)
                self.memory = memory
                self.count = count
                self.bases, self.lengths = _iovec_pointers(memory, iovs_at, count)
                values = {"msg_namelen": NAME_SIZE, "msg_iovlen": 1, "msg_control": _NULL,
                          "msg_controllen": 0, "msg_flags": 0}
                for i in range(count):
                    at = i * _MMSG_SIZE
                    values["msg_name"] = memory + names_at + i * NAME_SIZE
                    values["msg_iov"] = memory + iovs_at + i * _IOV_SIZE
                    for field, (offset, pointer) in _msg_fields.items():
                        _fcast(pointer, memory + at + offset)[0] = values[field]
                if bufsize is not None:
                    data = _new_raw("char[]", bufsize * count or 1)
                    for i in range(count):
                        self.bases[i][0] = data + i * bufsize
                        self.lengths[i][0] = bufsize
                    self.data = data
                    self.data_buffer = _ffi_buffer(data)
                else:
                    self.data = self.data_buffer = None
                self.headers = _ffi_buffer(memory, iovs_at)
                self.names = _ffi_buffer(memory + names_at, count * NAME_SIZE)
                # The headers as a call finds them (msg_len 0); the iovecs are
                # the caller's to set (recvmmsg_into) or set once (recvmmsg).
                self.template = self.headers[:]
                self.size = iovs_at
                self.reader = _pairs_reader(count)

        _cffi_batches: Dict[Tuple[int, int], List[_CffiBatch]] = {}  # free lists per shape
        _cffi_into: Dict[int, List[_CffiBatch]] = {}  # recvmmsg_into's, per count

        def recvmmsg(fd: int, count: int, bufsize: int, flags: int) -> List[Tuple[bytes, bytes]]:  # noqa: F811 - the cffi form of the ctypes function above
            count = min(count, MMSG_MAX)
            key = (count, bufsize)
            free = _cffi_batches.get(key)
            try:
                batch = free.pop() if free else _CffiBatch(count, bufsize)
            except _ALLOC_FAULTS:
                # (a size cffi refuses or cannot allocate: ctypes' outcome)
                return _ctypes_recvmmsg(fd, count, bufsize, flags)
            try:
                try:
                    _ffi_memmove(batch.memory, batch.template, batch.size)
                    got = _f_recvmmsg(fd, batch.memory, count, flags, _NULL)
                except _FAULTS:
                    return _ctypes_recvmmsg(fd, count, bufsize, flags)
                if got < 0:
                    raise _failed()
                pairs = batch.reader(batch.headers)
                data = batch.data_buffer
                names = batch.names
                return [
                    (data[at : at + (length if length < bufsize else bufsize)],
                     names[name_at : name_at + (namelen if namelen < NAME_SIZE else NAME_SIZE)])
                    for at, name_at, namelen, length in zip(
                        range(0, got * bufsize, bufsize) if bufsize else [0] * got,
                        range(0, got * NAME_SIZE, NAME_SIZE),
                        pairs[0 : 2 * got : 2],
                        pairs[1 : 2 * got : 2],
                    )
                ]
            finally:
                if free is None:
                    if len(_cffi_batches) >= 16:
                        _cffi_batches.clear()
                    free = _cffi_batches[key] = []
                free.append(batch)

        def recvmmsg_into(fd: int, views: Sequence[memoryview], flags: int) -> List[Tuple[int, bytes]]:  # noqa: F811
            count = min(len(views), MMSG_MAX)
            free = _cffi_into.get(count)
            batch = free.pop() if free else _CffiBatch(count, None)
            held: List[Any] = []
            try:
                try:
                    sizes = _point_at(views, count, batch.bases, batch.lengths, held)
                    _ffi_memmove(batch.memory, batch.template, batch.size)
                    got = _f_recvmmsg(fd, batch.memory, count, flags, _NULL)
                except _FAULTS:
                    _release_all(held)
                    return _ctypes_recvmmsg_into(fd, views, flags)
                if got < 0:
                    raise _failed()
                pairs = batch.reader(batch.headers)
                names = batch.names
                return [
                    (length if length < size else size,
                     names[name_at : name_at + (namelen if namelen < NAME_SIZE else NAME_SIZE)])
                    for size, name_at, namelen, length in zip(
                        sizes,
                        range(0, got * NAME_SIZE, NAME_SIZE),
                        pairs[0 : 2 * got : 2],
                        pairs[1 : 2 * got : 2],
                    )
                ]
            finally:
                _release_all(held)
                if count <= _FREE_COUNT * 4:
                    if free is None:
                        if len(_cffi_into) >= 16:
                            _cffi_into.clear()
                        free = _cffi_into[count] = []
                    free.append(batch)

        recvmmsg.__doc__ = _ctypes_recvmmsg.__doc__
        recvmmsg_into.__doc__ = _ctypes_recvmmsg_into.__doc__
