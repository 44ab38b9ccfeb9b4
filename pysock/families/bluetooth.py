"""AF_BLUETOOTH: the address format depends on the socket's protocol.

* ``BTPROTO_L2CAP``: ``(bdaddr, psm[, cid[, bdaddr_type]])``
* ``BTPROTO_RFCOMM``: ``(bdaddr, channel)``
* ``BTPROTO_HCI``: ``dev`` or ``(dev[, channel])``; decoded as ``dev``
  on the raw channel, ``(dev, channel)`` on any other
* ``BTPROTO_SCO``: ``bdaddr`` (str or bytes)

A bdaddr is ``"XX:XX:XX:XX:XX:XX"`` in hex, most significant byte first;
the structures hold it least significant byte first.  Linux layouts
(``bdaddr_t`` is 6 packed bytes)::

    struct sockaddr_l2 {
        sa_family_t    l2_family;
        unsigned short l2_psm;          /* little-endian */
        bdaddr_t       l2_bdaddr;
        unsigned short l2_cid;          /* little-endian */
        uint8_t        l2_bdaddr_type;  /* BDADDR_BREDR, BDADDR_LE_* */
    };
    struct sockaddr_rc {
        sa_family_t rc_family;
        bdaddr_t    rc_bdaddr;
        uint8_t     rc_channel;
    };
    struct sockaddr_hci {
        sa_family_t    hci_family;
        unsigned short hci_dev;
        unsigned short hci_channel;
    };
    struct sockaddr_sco {
        sa_family_t sco_family;
        bdaddr_t    sco_bdaddr;
    };

These follow the newest stdlib (L2CAP cid and address type, HCI channel).
"""

from typing import Any, Optional, Tuple
import ctypes
import struct

from .._libc.constants import VALUES
from . import _parse, header

FAMILY = VALUES["AF_BLUETOOTH"]
L2CAP = VALUES["BTPROTO_L2CAP"]
RFCOMM = VALUES["BTPROTO_RFCOMM"]
HCI = VALUES["BTPROTO_HCI"]
SCO = VALUES["BTPROTO_SCO"]
HCI_CHANNEL_RAW = VALUES.get("HCI_CHANNEL_RAW", 0)
BDADDR_BREDR = 0  # <bluetooth/bluetooth.h>: BR/EDR, the classic address type
CONTEXT = True


class bdaddr_t(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("b", ctypes.c_uint8 * 6)]


class sockaddr_l2(ctypes.Structure):
    _fields_ = [
        ("l2_family", ctypes.c_ushort),
        ("l2_psm", ctypes.c_ushort),
        ("l2_bdaddr", bdaddr_t),
        ("l2_cid", ctypes.c_ushort),
        ("l2_bdaddr_type", ctypes.c_uint8),
    ]


class sockaddr_rc(ctypes.Structure):
    _fields_ = [
        ("rc_family", ctypes.c_ushort),
        ("rc_bdaddr", bdaddr_t),
        ("rc_channel", ctypes.c_uint8),
    ]


class sockaddr_hci(ctypes.Structure):
    _fields_ = [
        ("hci_family", ctypes.c_ushort),
        ("hci_dev", ctypes.c_ushort),
        ("hci_channel", ctypes.c_ushort),
    ]


class sockaddr_sco(ctypes.Structure):
    _fields_ = [("sco_family", ctypes.c_ushort), ("sco_bdaddr", bdaddr_t)]


_HEAD = header(FAMILY, 2)
_L2 = struct.Struct("=H6sHB")
_RC = struct.Struct("=6sB")
_HCI = struct.Struct("=HH")
_SIZES = {
    L2CAP: ctypes.sizeof(sockaddr_l2),
    RFCOMM: ctypes.sizeof(sockaddr_rc),
    HCI: ctypes.sizeof(sockaddr_hci),
    SCO: ctypes.sizeof(sockaddr_sco),
}

# ---------------------------------------------------------------------------
# bdaddr text: CPython reads it with sscanf("%X:%X:%X:%X:%X:%X%c") and
# accepts six numbers below 256 and nothing after them.
# ---------------------------------------------------------------------------

_SPACE = b" \t\n\v\f\r"
_HEX = b"0123456789abcdefABCDEF"
_ULONG_MAX = (1 << 64) - 1


def _scan_hex(text: bytes, pos: int) -> Optional[Tuple[int, int]]:
    """One ``%X`` of glibc's scanf at *pos*: (value as unsigned int, next
    position), or None if no number is there."""
    end = len(text)
    while pos < end and text[pos] in _SPACE:
        pos += 1
    negative = False
    if pos < end and text[pos] in b"+-":
        negative = text[pos] == 0x2D
        pos += 1
    seen_zero = False
    if pos + 1 < end and text[pos] == 0x30 and text[pos + 1] in b"xX":
        pos += 2
        seen_zero = True
    start = pos
    while pos < end and text[pos] in _HEX:
        pos += 1
    if pos == start and not seen_zero:
        return None
    value = int(text[start:pos], 16) if pos > start else 0
    if value > _ULONG_MAX:
        value = _ULONG_MAX
    elif negative:
        value = -value & _ULONG_MAX
    return value & 0xFFFFFFFF, pos


def bdaddr_bytes(text: Any) -> bytes:
    """The 6 bytes (least significant first) of bdaddr *text* (bytes)."""
    octets = []
    pos = 0
    for i in range(6):
        if i:
            if pos >= len(text) or text[pos] != 0x3A:  # ':'
                raise OSError("bad bluetooth address")
            pos += 1
        scanned = _scan_hex(text, pos)
        if scanned is None:
            raise OSError("bad bluetooth address")
        value, pos = scanned
        if value >= 256:
            raise OSError("bad bluetooth address")
        octets.append(value)
    if pos != len(text):
        raise OSError("bad bluetooth address")
    return bytes(reversed(octets))


def bdaddr_text(raw: bytes) -> str:
    """``XX:XX:XX:XX:XX:XX`` for the 6 bytes (least significant first)."""
    return "%02X:%02X:%02X:%02X:%02X:%02X" % tuple(reversed(bytes(raw[:6])))


def wrong_format(caller: str) -> OSError:
    return OSError("%s(): wrong format" % caller)


def l2cap_fields(address: Any, caller: str) -> Tuple[Any, ...]:
    """An L2CAP address parsed as CPython's "sH|HB" (any failure is its
    "wrong format"): (psm, bdaddr bytes, cid, address type)."""
    try:
        _parse.arity(address, 2, 4)
        text = _parse.unit_s(address[0], 1)
        psm = _parse.unit_H(address[1])
        cid = _parse.unit_H(address[2]) if len(address) > 2 else 0
        kind = _parse.unit_B(address[3]) if len(address) > 3 else BDADDR_BREDR
    except Exception:
        raise wrong_format(caller) from None
    return psm, bdaddr_bytes(text), cid, kind


def _l2cap(address: Any, caller: str) -> bytes:
    return _HEAD + _L2.pack(*l2cap_fields(address, caller))


def _rfcomm(address: Any, caller: str) -> bytes:
    try:
        _parse.arity(address, 2, 2)
        text = _parse.unit_s(address[0], 1)
        channel = _parse.unit_B(address[1])
    except Exception:
        raise wrong_format(caller) from None
    return _HEAD + _RC.pack(bdaddr_bytes(text), channel)


def _hci(address: Any, caller: str) -> bytes:
    channel = HCI_CHANNEL_RAW
    if hasattr(type(address), "__index__"):
        dev = _parse.unit_H(address)
    else:
        try:
            _parse.arity(address, 1, 2)
            dev = _parse.unit_H(address[0])
            if len(address) > 1:
                channel = _parse.unit_H(address[1])
        except Exception:
            raise wrong_format(caller) from None
    return _HEAD + _HCI.pack(dev, channel)


def _sco(address: Any, caller: str) -> bytes:
    if isinstance(address, bytes):
        if b"\0" in address:
            raise ValueError("embedded null byte")
        text = bytes(address)
    elif isinstance(address, str):
        text = _parse.unit_s(address, 1)
    else:
        raise wrong_format(caller)
    return _HEAD + bdaddr_bytes(text)


_ENCODERS = {L2CAP: _l2cap, RFCOMM: _rfcomm, HCI: _hci, SCO: _sco}


def encode(address: Any, caller: str, resolve: Any, proto: int, interfaces: Any = None) -> bytes:
    encoder = _ENCODERS.get(proto)
    if encoder is None:
        raise OSError("%s(): unknown Bluetooth protocol" % caller)
    # The structures' tail padding (after l2_bdaddr_type, rc_channel) is
    # part of the length passed to the kernel, zero-filled.
    return encoder(address, caller).ljust(_SIZES[proto], b"\0")


def l2cap_address(psm: int, raw: bytes, cid: int, kind: int) -> Tuple[Any, ...]:
    """The L2CAP address tuple CPython's makesockaddr builds: the cid and
    the address type only where they are not the defaults."""
    text = bdaddr_text(raw)
    if kind != BDADDR_BREDR:
        return (text, psm, cid, kind)
    if cid:
        return (text, psm, cid)
    return (text, psm)


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
        dev, channel = _HCI.unpack_from(data, 2)
        if channel == HCI_CHANNEL_RAW:
            return dev
        return (dev, channel)
    return bdaddr_text(data[2:8])
