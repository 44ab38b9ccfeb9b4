"""AF_BLUETOOTH on FreeBSD (netgraph Bluetooth): the format depends on the
socket's protocol.

* ``BTPROTO_L2CAP``: ``(bdaddr, psm[, cid[, bdaddr_type]])``
* ``BTPROTO_RFCOMM``: ``(bdaddr, channel)``
* ``BTPROTO_HCI``: the netgraph node name, a str (``"ubt0hci"``)
* ``BTPROTO_SCO``: ``bdaddr`` (str or bytes)

A bdaddr is ``"XX:XX:XX:XX:XX:XX"``, parsed and formatted as on Linux (the
helpers of ``pysock.families.bluetooth``).  From FreeBSD's
``sys/netgraph/bluetooth/include/ng_btsocket.h`` (``bdaddr_t`` is 6 packed
bytes; ``l2cap_cid`` and ``l2cap_bdaddr_type`` since FreeBSD 10)::

    struct sockaddr_l2cap {
        u_char      l2cap_len;          /* total length */
        u_char      l2cap_family;       /* address family */
        u_int16_t   l2cap_psm;          /* PSM (Protocol/Service Multiplexor) */
        bdaddr_t    l2cap_bdaddr;       /* address */
        u_int16_t   l2cap_cid;          /* cid */
        u_int8_t    l2cap_bdaddr_type;  /* address type */
    };
    struct sockaddr_rfcomm {
        u_char      rfcomm_len;         /* total length */
        u_char      rfcomm_family;      /* address family */
        bdaddr_t    rfcomm_bdaddr;      /* address */
        u_int8_t    rfcomm_channel;     /* channel */
    };
    struct sockaddr_hci {
        u_char      hci_len;            /* total length */
        u_char      hci_family;         /* address family */
        char        hci_node[32];       /* address (size == NG_NODESIZ ) */
    };
    struct sockaddr_sco {
        u_char      sco_len;            /* total length */
        u_char      sco_family;         /* address family */
        bdaddr_t    sco_bdaddr;         /* address */
    };

CPython's rules (Modules/socketmodule.c under ``__FreeBSD__``, where
``sockaddr_l2`` is ``sockaddr_l2cap``, ``sockaddr_rc`` ``sockaddr_rfcomm``
and ``hci_dev`` ``hci_node``), as the newest stdlib has them:

* L2CAP: ``PyArg_ParseTuple(args, "sH|HB")`` (``BDADDR_BREDR`` is defined
  on FreeBSD); any failure of the parse is ``OSError("<caller>(): wrong
  format")``; psm and cid are stored as they are (native order), the
  address type defaults to BDADDR_BREDR (0).  Decoded as ``(bdaddr, psm,
  cid, type)`` if the type is not BR/EDR, else ``(bdaddr, psm, cid)`` if
  cid is not 0, else ``(bdaddr, psm)``.
* RFCOMM: ``"sB"``, the same OSError; decoded ``(bdaddr, channel)``.
* HCI: ``PyArg_Parse(args, "s")``: a str (no tuple); a failure is
  ``OSError("<caller>: wrong format")`` -- no parentheses after the
  caller; more than 32 bytes of UTF-8 is ``ValueError("<caller>: node too
  long")`` (32 fits, strncpy'd without a NUL).  Decoded as the node up to
  its first NUL (at most 32 bytes), UTF-8 (strict).
* SCO: bytes are read with ``"y"``, str with ``"s"`` (their own errors:
  "embedded null byte", "embedded null character"), anything else is
  ``OSError("<caller>(): wrong format")``; decoded as the bdaddr.
* a bad bdaddr is ``OSError("bad bluetooth address")``; another protocol
  is ``OSError("<caller>(): unknown Bluetooth protocol")`` to encode and
  ``ValueError("Unknown Bluetooth protocol")`` to decode.

The length passed is the structure's size (14, 9, 34, 8).  CPython sets
only the ``*_family`` byte and leaves ``*_len`` 0; pysock fills it with
that size, as every BSD codec does through ``header()``: FreeBSD's
``getsockaddr`` overwrites ``sa_len`` with the length passed anyway.
"""

from typing import Any
import ctypes
import struct

from .._libc.constants import VALUES
from . import _parse, head_fields, header
from .bluetooth import bdaddr_bytes, bdaddr_text, l2cap_address, l2cap_fields, wrong_format

FAMILY = VALUES["AF_BLUETOOTH"]
L2CAP = VALUES["BTPROTO_L2CAP"]
RFCOMM = VALUES["BTPROTO_RFCOMM"]
HCI = VALUES["BTPROTO_HCI"]
SCO = VALUES["BTPROTO_SCO"]
BDADDR_BREDR = 0  # <netgraph/bluetooth/include/ng_hci.h>: BR/EDR
NODE_SIZE = 32  # NG_NODESIZ
CONTEXT = True


class bdaddr_t(ctypes.Structure):
    """typedef struct { u_int8_t b[6]; } __packed bdaddr_t;"""

    _pack_ = 1
    _fields_ = [("b", ctypes.c_uint8 * 6)]


class sockaddr_l2cap(ctypes.Structure):
    _fields_ = head_fields("l2cap_") + [
        ("l2cap_psm", ctypes.c_uint16),
        ("l2cap_bdaddr", bdaddr_t),
        ("l2cap_cid", ctypes.c_uint16),
        ("l2cap_bdaddr_type", ctypes.c_uint8),
    ]


class sockaddr_rfcomm(ctypes.Structure):
    _fields_ = head_fields("rfcomm_") + [
        ("rfcomm_bdaddr", bdaddr_t),
        ("rfcomm_channel", ctypes.c_uint8),
    ]


class sockaddr_hci(ctypes.Structure):
    _fields_ = head_fields("hci_") + [("hci_node", ctypes.c_char * NODE_SIZE)]


class sockaddr_sco(ctypes.Structure):
    _fields_ = head_fields("sco_") + [("sco_bdaddr", bdaddr_t)]


_SIZES = {
    L2CAP: ctypes.sizeof(sockaddr_l2cap),
    RFCOMM: ctypes.sizeof(sockaddr_rfcomm),
    HCI: ctypes.sizeof(sockaddr_hci),
    SCO: ctypes.sizeof(sockaddr_sco),
}
_HEADS = {proto: header(FAMILY, size) for proto, size in _SIZES.items()}
# After the two header bytes (native order, as CPython stores the values).
_L2 = struct.Struct("=H6sHB")
_RC = struct.Struct("=6sB")


def _l2cap(address: Any, caller: str) -> bytes:
    return _L2.pack(*l2cap_fields(address, caller))


def _rfcomm(address: Any, caller: str) -> bytes:
    try:
        _parse.arity(address, 2, 2)
        text = _parse.unit_s(address[0], 1)
        channel = _parse.unit_B(address[1])
    except Exception:
        raise wrong_format(caller) from None
    return _RC.pack(bdaddr_bytes(text), channel)


def _hci(address: Any, caller: str) -> bytes:
    try:
        node = _parse.unit_s(address, 1)
    except Exception:
        raise OSError("%s: wrong format" % caller) from None
    if len(node) > NODE_SIZE:
        raise ValueError("%s: node too long" % caller)
    return node


def _sco(address: Any, caller: str) -> bytes:
    if isinstance(address, bytes):
        if b"\0" in address:
            raise ValueError("embedded null byte")
        text = bytes(address)
    elif isinstance(address, str):
        text = _parse.unit_s(address, 1)
    else:
        raise wrong_format(caller)
    return bdaddr_bytes(text)


_ENCODERS = {L2CAP: _l2cap, RFCOMM: _rfcomm, HCI: _hci, SCO: _sco}


def encode(address: Any, caller: str, resolve: Any, proto: int, interfaces: Any = None) -> bytes:
    encoder = _ENCODERS.get(proto)
    if encoder is None:
        raise OSError("%s(): unknown Bluetooth protocol" % caller)
    # zero-filled to the structure's size: the HCI node after its name,
    # the tail padding of sockaddr_l2cap
    return (_HEADS[proto] + encoder(address, caller)).ljust(_SIZES[proto], b"\0")


def decode(data: bytes, proto: int, interfaces: Any = None) -> Any:
    size = _SIZES.get(proto)
    if size is None:
        raise ValueError("Unknown Bluetooth protocol")
    data = bytes(data).ljust(size, b"\0")
    if proto == L2CAP:
        return l2cap_address(*_L2.unpack_from(data, 2))
    if proto == RFCOMM:
        raw, channel = _RC.unpack_from(data, 2)
        return (bdaddr_text(raw), channel)
    if proto == HCI:
        node = data[2:2 + NODE_SIZE]
        end = node.find(b"\0")
        if end >= 0:
            node = node[:end]
        return node.decode("utf-8")
    return bdaddr_text(data[2:8])
