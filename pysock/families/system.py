"""PF_SYSTEM (macOS): kernel control sockets, protocol ``SYSPROTO_CONTROL``.

An address is ``(id, unit)``, two unsigned ints, or the *name* of a kernel
control (a str), which stands for ``(its id, 0)``; it is decoded as
``(id, unit)``.  From xnu ``bsd/sys/kern_control.h``::

    struct sockaddr_ctl {
        u_char      sc_len;     /* depends on size of bundle ID string */
        u_char      sc_family;  /* AF_SYSTEM */
        u_int16_t   ss_sysaddr; /* AF_SYS_KERNCONTROL */
        u_int32_t   sc_id;      /* Controller unique identifier  */
        u_int32_t   sc_unit;    /* Developer private unit number */
        u_int32_t   sc_reserved[5];
    };

CPython's rules (Modules/socketmodule.c, ``getsockaddrarg`` and
``makesockaddr``, ``case PF_SYSTEM``; the same in the 3.8-era sources and
in today's):

* only ``SYSPROTO_CONTROL`` has addresses: for another protocol, encoding
  is ``OSError("<caller>(): unsupported PF_SYSTEM protocol")`` and decoding
  ``ValueError("Invalid address type")``;
* a str (``PyUnicode_Check``) is converted with ``PyUnicode_FSConverter``
  (its own errors: "embedded null byte", unencodable text); longer than
  ``ctl_info.ctl_name`` (MAX_KCTL_NAME, 96 bytes) is
  ``ValueError("provided string is too long")`` -- exactly 96 is accepted,
  copied by strncpy without a NUL; the ``CTLIOCGINFO`` ioctl turns it into
  the id, and its failure is ``OSError("cannot find kernel control with
  provided name")`` (no errno);
* anything else is parsed with ``PyArg_ParseTuple(args, "II")``: two
  unsigned ints, masked to 32 bits (``I`` does not range-check), and every
  failure of that parse (not a tuple, wrong length, not integers) is
  replaced by ``TypeError("<caller>(): PF_SYSTEM address must be a str or
  a pair (id, unit)")``;
* ``sc_family`` is AF_SYSTEM, ``ss_sysaddr`` AF_SYS_CONTROL, the rest zero,
  the length ``sizeof(struct sockaddr_ctl)`` (32).

``sc_len``: CPython leaves it 0; pysock fills it, as every BSD codec does
through ``header()``.  The kernel sees the same address either way: xnu's
``sockargs`` overwrites ``sa_len`` with the length passed to the call.

The name lookup is a system call, so the codec is contextual: it asks the
socket layer's *interfaces* (the backend) for ``ctl_getinfo(name: bytes) ->
int``, which raises OSError when no control has that name.
"""

from typing import Any
import ctypes
import struct

from .._libc.constants import VALUES
from .._libc.platform import ForeignPlatformError
from . import _parse, head_fields, header

FAMILY = VALUES["AF_SYSTEM"]
SYSPROTO_CONTROL = VALUES["SYSPROTO_CONTROL"]
AF_SYS_CONTROL = VALUES.get("AF_SYS_CONTROL", 2)  # <sys/sys_domain.h>
MAX_KCTL_NAME = VALUES.get("MAX_KCTL_NAME", 96)  # <sys/kern_control.h>
CONTEXT = True


class sockaddr_ctl(ctypes.Structure):
    """struct sockaddr_ctl {
        u_char      sc_len;
        u_char      sc_family;
        u_int16_t   ss_sysaddr;
        u_int32_t   sc_id;
        u_int32_t   sc_unit;
        u_int32_t   sc_reserved[5];
    };"""

    _fields_ = head_fields("sc_") + [
        ("ss_sysaddr", ctypes.c_uint16),
        ("sc_id", ctypes.c_uint32),
        ("sc_unit", ctypes.c_uint32),
        ("sc_reserved", ctypes.c_uint32 * 5),
    ]


SIZE = ctypes.sizeof(sockaddr_ctl)
_HEAD = header(FAMILY, SIZE)
# ss_sysaddr, sc_id, sc_unit (native order), then sc_reserved.
_BODY = struct.Struct("=HII")
_RESERVED = bytes(SIZE - len(_HEAD) - _BODY.size)
_BODY_OFFSET = sockaddr_ctl.ss_sysaddr.offset


def _pack(ctl_id: int, unit: int) -> bytes:
    return _HEAD + _BODY.pack(AF_SYS_CONTROL, ctl_id, unit) + _RESERVED


def _by_name(address: Any, interfaces: Any) -> int:
    name = _parse.fs_name(address)
    if len(name) > MAX_KCTL_NAME:
        raise ValueError("provided string is too long")
    try:
        ctl_id = interfaces.ctl_getinfo(name)
    except ForeignPlatformError:
        # no system call on a foreign platform: say so, not "not found"
        raise
    except OSError:
        raise OSError("cannot find kernel control with provided name") from None
    return int(ctl_id) & 0xFFFFFFFF


def encode(address: Any, caller: str, resolve: Any, proto: int, interfaces: Any = None) -> bytes:
    if proto != SYSPROTO_CONTROL:
        raise OSError("%s(): unsupported PF_SYSTEM protocol" % caller)
    if isinstance(address, str):
        return _pack(_by_name(address, interfaces), 0)
    try:
        _parse.arity(address, 2, 2)
        ctl_id = _parse.unit_I(address[0])
        unit = _parse.unit_I(address[1])
    except Exception:
        raise TypeError(
            "%s(): PF_SYSTEM address must be a str or a pair (id, unit)" % caller
        ) from None
    return _pack(ctl_id, unit)


def decode(data: bytes, proto: int, interfaces: Any = None) -> Any:
    if proto != SYSPROTO_CONTROL:
        raise ValueError("Invalid address type")
    data = bytes(data).ljust(SIZE, b"\0")
    _, ctl_id, unit = _BODY.unpack_from(data, _BODY_OFFSET)
    return (ctl_id, unit)
