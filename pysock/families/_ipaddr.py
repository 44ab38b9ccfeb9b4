"""Text <-> binary IP addresses, exactly as glibc's inet_pton/inet_ntop/inet_aton.

Pure Python: the conversion involves no system state, and doing it here is
faster than a foreign call (measured: a ctypes inet_pton + inet_ntop round
trip costs about 2 us; these functions about half that).  The rules are
glibc's (resolv/inet_pton.c, inet_ntop.c, inet_addr.c):

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

Every function takes ``str`` text that the caller has already checked (no
NUL, encodable) and returns ``None`` for text the C function refuses.
"""

import struct

_OCTETS = {str(_i): _i for _i in range(256)}

_HEX_DIGITS = "0123456789abcdefABCDEF"
# "0000" * k: the k zero groups that "::" stands for
_ZERO_GROUPS = tuple("0000" * _k for _k in range(9))
# "%4s" * n: n groups right-aligned in four columns
_COLUMNS = tuple("%4s" * _n for _n in range(9))
_pack4 = struct.Struct("4B").pack
# ":" + "Z:" * k: k zero groups in ntop6's working form (see there)
_ZERO_RUN = tuple(":" + "Z:" * _k for _k in range(9))


def pton4(text):
    """The 4 bytes of strict dotted-quad *text*, or None."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    octets = _OCTETS
    try:
        return _pack4(
            octets[parts[0]], octets[parts[1]], octets[parts[2]], octets[parts[3]]
        )
    except KeyError:
        return None


def pton6(text):
    """The 16 bytes of IPv6 *text*, or None."""
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


def _pton6_other(text):
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


def ntop4(packed):
    """Dotted-quad text of 4 bytes."""
    return "%d.%d.%d.%d" % tuple(packed)


def ntop6(packed):
    """glibc's text form of 16 bytes (see the module docstring)."""
    # ":2001:0db8:0000:0000:0008:0800:200c:417a:" with each zero group
    # written "Z" and the other groups' leading zeros dropped:
    # ":2001:db8:Z:Z:8:800:200c:417a:" (faster than "%x" formatting).
    row = (
        (":" + packed.hex(":", 2) + ":")
        .replace(":0000", ":Z")
        .replace(":000", ":")
        .replace(":00", ":")
        .replace(":0", ":")
    )
    at = row.find(":Z:Z:")
    if at < 0:
        return row[1:-1].replace("Z", "0")
    # The first run of the greatest length: a run of n + 1 zero groups
    # cannot start before the first run of n.
    length = 2
    while length < 8:
        longer = row.find(_ZERO_RUN[length + 1], at)
        if longer < 0:
            break
        at = longer
        length += 1
    if at == 0:
        if length == 6:
            return "::" + ntop4(packed[12:])
        if length == 5 and packed[10:12] == b"\xff\xff":
            return "::ffff:" + ntop4(packed[12:])
    return (row[1:at] + "::" + row[at + 2 * length + 1 : -1]).replace("Z", "0")


_DECIMAL = frozenset("0123456789")
_OCTAL = frozenset("01234567")
_HEX = frozenset(_HEX_DIGITS)
_C_SPACE = frozenset(" \t\n\v\f\r")
# The largest value of the last part, by the number of parts before it.
_LAST_PART_MAX = (0xFFFFFFFF, 0xFFFFFF, 0xFFFF, 0xFF)


def aton(text):
    """The 4 bytes of *text* read as glibc's inet_aton reads it, or None."""
    packed = pton4(text)
    if packed is not None:
        return packed
    end = len(text)
    pos = 0
    parts = []
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
