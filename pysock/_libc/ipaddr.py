"""Text <-> binary IP addresses, exactly as glibc's inet_pton/inet_ntop/inet_aton.

The C library's rules, so they live in the platform layer: the backend's
numeric getaddrinfo (posix._numeric) parses with them, and so do the layers
above (_convert, _resolve, the inet codecs).

Pure Python: the conversion involves no system state, and doing it here is
faster than a foreign call (measured on CPython 3.11: an IPv6 inet_pton +
inet_ntop round trip through ctypes, with no argument checks at all, costs
about 2.2 us; pton6 + ntop6 here about 1.3 us).  The rules are glibc's
(resolv/inet_pton.c, inet_ntop.c, inet_addr.c):

* inet_pton, IPv4: exactly four decimal parts, each 0-255, no leading zero
  ("0" is fine, "01" is not), nothing else;
* inet_pton, IPv6: up to eight groups of one to four hex digits (either
  case) separated by ":", at most one "::" standing for at least one zero
  group, a single leading or trailing ":" refused, and an optional last
  part written as a strict IPv4 quad (which counts as two groups);
* inet_ntop, IPv6: lower-case hex without leading zeros; the longest run
  of two or more zero groups (the first of equally long ones) becomes
  "::"; "::a.b.c.d" when exactly the first six groups are zero and
  "::ffff:a.b.c.d" for an IPv4-mapped address;
* inet_aton: one to four parts, each a C integer constant (decimal, octal
  with a leading 0, hex with 0x), the last part filling the remaining
  bytes ("1.2" is 1.0.0.2); whitespace ends the address and anything after
  it is ignored.

Every function takes ``str`` text and returns ``None`` for text the C
function refuses.  Text that could not even reach the C function (a NUL, a
lone surrogate) is the caller's to report first, as the stdlib does.
"""

from __future__ import annotations

import operator
import struct
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

if TYPE_CHECKING:
    # ntop6's layout of a zero-group pattern: (format, group getter, IPv4 form).
    _Layout = Tuple[str, Callable[[Tuple[int, ...]], Tuple[int, ...]], int]

_OCTETS = {str(_i): _i for _i in range(256)}
_DECIMAL_OCTET = tuple(str(_i) for _i in range(256))

_HEX_DIGITS = "0123456789abcdefABCDEF"
# "0000" * k: the k zero groups that "::" stands for
_ZERO_GROUPS = tuple("0000" * _k for _k in range(9))
# "%4s" * n: n groups right-aligned in four columns
_COLUMNS = tuple("%4s" * _n for _n in range(9))
_pack4 = struct.Struct("4B").pack

# Memos of the four conversions, text -> bytes and bytes -> text.  The
# answers depend on nothing but the argument, so a remembered one is the
# answer; programs convert the same few addresses again and again (their
# peers, their own), and a dictionary hit costs a fraction of a parse.
# Each holds at most _MEMO_SIZE entries and starts again empty when full.
# Keys are exact str/bytes (a subclass could compare equal to other text).
_MEMO_SIZE = 512


_PTON4: Dict[str, bytes] = {}
_PTON6: Dict[str, bytes] = {}
_NTOP4: Dict[bytes, str] = {}
_NTOP6: Dict[bytes, str] = {}


def pton4(text: str) -> Optional[bytes]:
    """The 4 bytes of strict dotted-quad *text*, or None."""
    packed = _PTON4.get(text)
    if packed is not None and text.__class__ is str:
        return packed
    octets = _OCTETS
    try:
        first, second, third, fourth = text.split(".")
        packed = _pack4(octets[first], octets[second], octets[third], octets[fourth])
    except (ValueError, KeyError):  # not four parts; a part not 0-255
        return None
    if text.__class__ is str:
        if len(_PTON4) >= _MEMO_SIZE:
            _PTON4.clear()
        _PTON4[text] = packed
    return packed


def pton6(text: str) -> Optional[bytes]:
    """The 16 bytes of IPv6 *text*, or None."""
    packed = _PTON6.get(text)
    if packed is not None and text.__class__ is str:
        return packed
    packed = _pton6_parse(text)
    if packed is not None and text.__class__ is str:
        if len(_PTON6) >= _MEMO_SIZE:
            _PTON6.clear()
        _PTON6[text] = packed
    return packed


def _pton6_parse(text: str) -> Optional[bytes]:
    if "." in text or " " in text:
        return _pton6_other(text)
    groups = text.split(":")
    count = len(groups)
    if count != 8 or "" in groups:
        if not text:
            return None
        if text[0] == ":":
            # A leading colon must be half of "::"; one empty group stays
            # as the mark of the "::".
            if text[1:2] != ":":
                return None
            del groups[0]
            count -= 1
        if text[-1] == ":":
            if text[-2:-1] != ":":
                return None
            groups.pop()
            count -= 1
        # Exactly one "::", standing for one zero group at least: seven
        # other groups at most.
        if count > 8 or groups.count("") != 1:
            return None
        groups[groups.index("")] = _ZERO_GROUPS[9 - count]
    # Each group right-aligned in four columns, the spaces made zeros: 32
    # digits exactly when no group has more than four.  fromhex() refuses
    # anything but hex digits, except ASCII whitespace between digit pairs,
    # which can only make fewer than 16 bytes (spaces were refused above).
    digits = (_COLUMNS[count] % tuple(groups)).replace(" ", "0")
    if len(digits) != 32:
        return None
    try:
        packed = bytes.fromhex(digits)
    except ValueError:
        return None
    return packed if len(packed) == 16 else None


def _pton6_other(text: str) -> Optional[bytes]:
    """pton6 of text with a "." (an IPv4 tail) or a space."""
    head, colon, quad = text.rpartition(":")
    if not colon or "." in head or " " in text:
        return None
    four = pton4(quad)
    if four is None:
        return None
    # The quad is two more groups; the group rules then say the rest.
    return pton6(
        "%s:%x:%x" % (head, (four[0] << 8) | four[1], (four[2] << 8) | four[3])
    )


def ntop4(packed: bytes) -> str:
    """Dotted-quad text of 4 bytes."""
    if packed.__class__ is not bytes:
        return _ntop4(packed)
    text = _NTOP4.get(packed)
    if text is None:
        text = _ntop4(packed)
        if len(_NTOP4) >= _MEMO_SIZE:
            _NTOP4.clear()
        _NTOP4[packed] = text
    return text


def _ntop4(packed: bytes) -> str:
    decimal = _DECIMAL_OCTET
    return "%s.%s.%s.%s" % (
        decimal[packed[0]],
        decimal[packed[1]],
        decimal[packed[2]],
        decimal[packed[3]],
    )


# ntop6 by layout.  Where the zero groups are decides everything but the
# digits: which run becomes "::", the format, which groups it prints, and
# whether the address is written with an IPv4 tail.  There are 256 layouts;
# each is worked out once, and found again from the address by a C-speed
# key: the 16 bytes mapped to 0 (zero byte) or 1 (any other).  That key has
# up to 65536 values, so the memo of keys is bounded.
_NONZERO = bytes([0] + [1] * 255)
_unpack8 = struct.Struct("!8H").unpack
_LAYOUTS: Dict[int, _Layout] = {}
_LAYOUT_OF_KEY: Dict[bytes, _Layout] = {}
_MAX_KEYS = 4096
_PLAIN, _IPV4_TAIL, _MAYBE_MAPPED = 0, 1, 2


def _no_groups(words: Tuple[int, ...]) -> Tuple[int, ...]:
    return ()


def _layout(mask: int) -> _Layout:
    """(format, group getter, IPv4 form) for the zero-group pattern *mask*
    (bit i set: group i is not zero), by glibc's rules."""
    best_at, best_length, at, length = -1, 0, 0, 0
    for i in range(8):
        if mask & (1 << i):
            length = 0
            continue
        if length == 0:
            at = i
        length += 1
        if length > best_length:
            best_at, best_length = at, length
    if best_length < 2:
        shown = tuple(range(8))
        text = ":".join(["%x"] * 8)
    else:
        shown = tuple(range(best_at)) + tuple(range(best_at + best_length, 8))
        text = "%s::%s" % (
            ":".join(["%x"] * best_at),
            ":".join(["%x"] * (8 - best_at - best_length)),
        )
    getter: Callable[[Tuple[int, ...]], Tuple[int, ...]]
    if not shown:
        getter = _no_groups
    elif len(shown) == 1:
        getter = operator.itemgetter(slice(shown[0], shown[0] + 1))
    else:
        getter = operator.itemgetter(*shown)
    form = _PLAIN
    if best_at == 0 and best_length == 6:
        form = _IPV4_TAIL
    elif best_at == 0 and best_length == 5:
        form = _MAYBE_MAPPED  # "::ffff:a.b.c.d" if group 5 is ffff
    return text, getter, form


def ntop6(packed: bytes) -> str:
    """glibc's text form of 16 bytes (see the module docstring)."""
    if packed.__class__ is not bytes:
        return _ntop6(packed)
    text = _NTOP6.get(packed)
    if text is None:
        text = _ntop6(packed)
        if len(_NTOP6) >= _MEMO_SIZE:
            _NTOP6.clear()
        _NTOP6[packed] = text
    return text


def _ntop6(packed: bytes) -> str:
    key = packed.translate(_NONZERO)
    entry = _LAYOUT_OF_KEY.get(key)
    if entry is None:
        mask = 0
        for i in range(8):
            if key[2 * i] or key[2 * i + 1]:
                mask |= 1 << i
        entry = _LAYOUTS.get(mask)
        if entry is None:
            entry = _LAYOUTS[mask] = _layout(mask)
        if len(_LAYOUT_OF_KEY) < _MAX_KEYS:
            _LAYOUT_OF_KEY[key] = entry
    text, getter, form = entry
    words = _unpack8(packed)
    if form:
        if form == _IPV4_TAIL:
            return "::" + ntop4(packed[12:])
        if words[5] == 0xFFFF:
            return "::ffff:" + ntop4(packed[12:])
    return text % getter(words)


_DECIMAL = frozenset("0123456789")
_OCTAL = frozenset("01234567")
_HEX = frozenset(_HEX_DIGITS)
_C_SPACE = frozenset(" \t\n\v\f\r")
# The largest value of the last part, by the number of parts before it.
_LAST_PART_MAX = (0xFFFFFFFF, 0xFFFFFF, 0xFFFF, 0xFF)


def aton(text: str) -> Optional[bytes]:
    """The 4 bytes of *text* read as glibc's inet_aton reads it, or None."""
    packed = pton4(text)
    if packed is not None:
        return packed
    end = len(text)
    pos = 0
    parts: List[int] = []
    while True:
        # Each part starts with a decimal digit (no sign, no space), then is
        # read as strtoul(..., 0) reads it.
        if pos >= end or text[pos] not in _DECIMAL:
            return None
        start = pos
        if text[pos] == "0" and text[pos + 1 : pos + 2] in ("x", "X"):
            pos += 2
            while pos < end and text[pos] in _HEX:
                pos += 1
            if pos == start + 2:
                # "0x" without a hex digit is the number 0 followed by "x"
                value = 0
                pos = start + 1
            else:
                value = int(text[start + 2 : pos], 16)
        elif text[pos] == "0":
            pos += 1
            while pos < end and text[pos] in _OCTAL:
                pos += 1
            value = int(text[start:pos], 8)
        else:
            while pos < end and text[pos] in _DECIMAL:
                pos += 1
            value = int(text[start:pos])
        if pos < end and text[pos] == ".":
            if len(parts) == 3 or value > 0xFF:
                return None
            parts.append(value)
            pos += 1
            continue
        break
    if pos < end and text[pos] not in _C_SPACE:
        return None
    if value > _LAST_PART_MAX[len(parts)]:
        return None
    for shift, part in zip((24, 16, 8), parts):
        value |= part << shift
    return value.to_bytes(4, "big")
