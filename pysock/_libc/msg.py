"""Backend functions of sendmsg(2)/recvmsg(2): scatter/gather buffers and
ancillary data, Python values in and out.

Their prototypes are in ``posix.SIGNATURES``.  The control block crosses
this layer as raw bytes, already packed for ``sendmsg`` and exactly as the
kernel filled it for ``recvmsg``: walking it is pure Python (``pysock._msg``)
so that a tracer wrapping these functions sees every byte a call moved.

The layout of the control block is data, per OS (``CMSG_*`` below): where
a ``cmsghdr`` ends, how items are aligned, and how ``CMSG_NXTHDR`` decides
that another header follows.
"""

import ctypes
import os
import sys
from ctypes import addressof, byref, c_char, c_char_p, c_long, c_size_t, c_uint, pointer

from . import loader
from .cstructs import LINUX, SOCKADDR_STORAGE_SIZE, cmsghdr, iovec, msghdr, socklen_t
from .errors import last_oserror
from .posix import _alloc, lib

# ---------------------------------------------------------------------------
# The control-block layout of this OS.
# ---------------------------------------------------------------------------

#: sizeof(struct cmsghdr).
CMSG_HEADER_SIZE = ctypes.sizeof(cmsghdr)
#: sizeof(cmsg_len): 8 on Linux (size_t), 4 on the BSDs and macOS (socklen_t).
CMSG_LEN_SIZE = cmsghdr.cmsg_len.size

if LINUX:
    # glibc and musl: CMSG_ALIGN rounds to sizeof(size_t) (musl: long).
    CMSG_ALIGNMENT = ctypes.sizeof(c_size_t)
elif sys.platform == "darwin":
    # <sys/socket.h>: __DARWIN_ALIGN32.
    CMSG_ALIGNMENT = 4
else:
    # FreeBSD, OpenBSD, NetBSD, DragonFly: _ALIGN, a long.
    CMSG_ALIGNMENT = ctypes.sizeof(c_long)


def _musl():
    if not LINUX:
        return False
    try:
        return not os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError):
        return True


#: CMSG_NXTHDR's end test.  glibc (since 2.36 and on the BSDs/macOS) steps
#: to the next header when a whole cmsghdr still fits, ending exactly at the
#: end of the buffer; musl wants one byte more.
CMSG_NXTHDR_STRICT = _musl()

#: The largest control block pysock builds or asks for: CPython's
#: SOCKLEN_T_LIMIT, min(2**31 - 1, INT_MAX).
SOCKLEN_T_LIMIT = 0x7FFFFFFF

#: struct sockaddr_storage: room for any peer address.
NAME_SIZE = SOCKADDR_STORAGE_SIZE

#: The backend functions this module provides (see pysock._libc.Backend).
CALLS = ("sendmsg", "recvmsg", "recvmsg_into")

# ---------------------------------------------------------------------------
# Pointers to Python buffers.
# ---------------------------------------------------------------------------

if _alloc is not None:
    _new_bytes, _DATA = _alloc
else:  # pragma: no cover - not CPython
    _new_bytes = _DATA = None


def _readable_address(view, keep):
    """The address of the bytes of the C-contiguous byte *view*.

    A writable buffer is pointed at in place; a read-only one in place
    only when it is a whole ``bytes`` object (whose data sits at a fixed
    offset, see posix), otherwise through a copy kept alive in *keep*.
    """
    size = view.nbytes
    if not size:
        return None
    if not view.readonly:
        array = (c_char * size).from_buffer(view)
        keep.append(array)
        return addressof(array)
    owner = view.obj
    if _DATA is not None and type(owner) is bytes and len(owner) == size:
        # A read-only view the size of its bytes object is the whole of it
        # (a view cannot start past the start and still be that long).
        return id(owner) + _DATA
    copy = ctypes.create_string_buffer(view.tobytes(), size)
    keep.append(copy)
    return addressof(copy)


def _iovecs(views, writable):
    """An iovec array over *views* and the ctypes objects it relies on."""
    count = len(views)
    if not count:
        return None, ()
    iov = (iovec * count)()
    keep = []
    for i, view in enumerate(views):
        entry = iov[i]
        if writable:
            size = view.nbytes
            if size:
                array = (c_char * size).from_buffer(view)
                keep.append(array)
                entry.iov_base = addressof(array)
            entry.iov_len = size
        else:
            entry.iov_base = _readable_address(view, keep)
            entry.iov_len = view.nbytes
    return iov, keep


_c_sendmsg = lib.sendmsg
_c_recvmsg = lib.recvmsg


def sendmsg(fd, views, control, flags, sockaddr):
    """sendmsg(2): gather the C-contiguous byte *views*, with the packed
    control block *control* (bytes, or None) and the destination *sockaddr*
    (bytes, or None).  Returns the count of data bytes sent."""
    msg = msghdr()
    iov, keep = _iovecs(views, False)
    if iov is not None:
        msg.msg_iov = iov
        msg.msg_iovlen = len(views)
    if sockaddr is not None:
        name = ctypes.create_string_buffer(sockaddr, len(sockaddr))
        msg.msg_name = addressof(name)
        msg.msg_namelen = len(sockaddr)
    if control:
        block = ctypes.create_string_buffer(control, len(control))
        msg.msg_control = addressof(block)
        msg.msg_controllen = len(control)
    try:
        return _c_sendmsg(fd, byref(msg), flags)
    finally:
        # Drop the exports of the callers' buffers now, not when a traceback
        # holding this frame goes away (a bytearray cannot resize meanwhile).
        del keep, iov


def _control_buffer(size):
    """Memory for *size* bytes of control data, untouched (a fresh bytes
    object, not zero-filled: a large ancbufsize costs no page faults)."""
    if _new_bytes is not None:
        block = _new_bytes(None, size)
        return block, id(block) + _DATA
    block = ctypes.create_string_buffer(size)
    return block, addressof(block)


def _receive(fd, iov, count, ancbufsize, flags):
    msg = msghdr()
    name = ctypes.create_string_buffer(NAME_SIZE)
    msg.msg_name = addressof(name)
    msg.msg_namelen = NAME_SIZE
    if iov is not None:
        msg.msg_iov = iov
        msg.msg_iovlen = count
    block = None
    if ancbufsize:
        block, address = _control_buffer(ancbufsize)
        msg.msg_control = address
        msg.msg_controllen = ancbufsize
    got = _c_recvmsg(fd, byref(msg), flags)
    used = msg.msg_controllen if block is not None else 0
    if not used:
        control = b""
    elif type(block) is bytes:
        control = block if used >= ancbufsize else block[:used]
    else:
        control = block.raw[:used]
    namelen = min(msg.msg_namelen, NAME_SIZE)
    return got, control, msg.msg_flags, name.raw[:namelen]


def recvmsg(fd, nbytes, ancbufsize, flags):
    """recvmsg(2) of at most *nbytes* data bytes and *ancbufsize* control
    bytes: (data bytes, control bytes, msg_flags, sender sockaddr bytes)."""
    if nbytes and _new_bytes is not None:
        out = _new_bytes(None, nbytes)
        iov = iovec(id(out) + _DATA, nbytes)
        got, control, msg_flags, name = _receive(fd, pointer(iov), 1, ancbufsize, flags)
        return (out if got == nbytes else out[:got]), control, msg_flags, name
    out = ctypes.create_string_buffer(nbytes) if nbytes else None
    iov = iovec(addressof(out) if nbytes else None, nbytes)
    got, control, msg_flags, name = _receive(fd, pointer(iov), 1, ancbufsize, flags)
    return (out.raw[:got] if nbytes else b""), control, msg_flags, name


def recvmsg_into(fd, views, ancbufsize, flags):
    """recvmsg(2) scattering the data into the writable C-contiguous byte
    *views*: (count, control bytes, msg_flags, sender sockaddr bytes)."""
    iov, keep = _iovecs(views, True)
    try:
        return _receive(fd, iov, len(views), ancbufsize, flags)
    finally:
        del keep, iov


# ---------------------------------------------------------------------------
# Interim: the interface lookups the AF_PACKET and AF_CAN codecs need.
#
# netdb.py (another area) owns <net/if.h>.  Until it declares these calls,
# this module provides them, so that codecs reach them through the backend
# object like every other system call; as soon as netdb lists them in its
# CALLS, the backend takes netdb's and these are left out.
# ---------------------------------------------------------------------------

_IF_SIGNATURES = {
    # if_nametoindex: 0 for no such interface; if_indextoname: NULL, errno.
    "if_nametoindex": ((c_char_p,), c_uint, None),
    "if_indextoname": ((c_uint, c_char_p), ctypes.c_void_p, None),
}
_IF_NAMESIZE = 16

from . import netdb as _netdb  # noqa: E402

if "if_nametoindex" not in _netdb.CALLS:
    _if = loader.bind(loader.load_libc(), _IF_SIGNATURES, optional=tuple(_IF_SIGNATURES))

    if "if_nametoindex" in _if:

        def if_nametoindex(name):
            """if_nametoindex(3) of *name* (bytes): the index, 0 for none."""
            return _if.if_nametoindex(name)

        CALLS += ("if_nametoindex",)

    if "if_indextoname" in _if:

        def if_indextoname(index):
            """if_indextoname(3): the name (bytes) of interface *index*;
            OSError (errno) if there is none."""
            buf = ctypes.create_string_buffer(_IF_NAMESIZE)
            if not _if.if_indextoname(index, buf):
                raise last_oserror()
            return buf.value

        CALLS += ("if_indextoname",)
