"""Text <-> binary IP addresses, as glibc's inet_pton/inet_ntop do them.

Pure Python: the conversion involves no system state, and doing it here is
faster than a foreign call.  The rules are glibc's (resolv/inet_pton.c and
inet_ntop.c): dotted quads with no leading zeros, at most one "::", an
embedded IPv4 tail, the longest zero run (first of equals, two words at
least) compressed, and "::ffff:a.b.c.d" / "::a.b.c.d" printed with a quad.
"""

_HEX = {}
for _i, _c in enumerate("0123456789abcdef"):
    _HEX[_c] = _i
    _HEX[_c.upper()] = _i
del _i, _c


def pton4(text):
    """The 4 bytes of dotted-quad *text* (str), or None if it is not one."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    out = bytearray(4)
    for i, part in enumerate(parts):
        if not part or len(part) > 3 or not part.isdigit() or not part.isascii():
            return None
        if part[0] == "0" and len(part) > 1:
            return None
        value = int(part)
        if value > 255:
            return None
        out[i] = value
    return bytes(out)


def pton6(text):
    """The 16 bytes of IPv6 *text* (str), or None if it is not one."""
    n = len(text)
    if n == 0:
        return None
    pos = 0
    if text[0] == ":":
        if n < 2 or text[1] != ":":
            return None
        pos = 1
    words = []
    colon_at = None
    curtok = pos
    digits = 0
    value = 0
    while pos < n:
        ch = text[pos]
        pos += 1
        digit = _HEX.get(ch)
        if digit is not None:
            if digits == 4:
                return None
            value = (value << 4) | digit
            digits += 1
            continue
        if ch == ":":
            curtok = pos
            if digits == 0:
                if colon_at is not None:
                    return None
                colon_at = len(words)
                continue
            if pos == n:
                return None
            if len(words) >= 8:
                return None
            words.append(value)
            digits = 0
            value = 0
            continue
        if ch == "." and len(words) <= 6:
            quad = pton4(text[curtok:])
            if quad is not None:
                words.append((quad[0] << 8) | quad[1])
                words.append((quad[2] << 8) | quad[3])
                digits = 0
                break
        return None
    else:
        if digits:
            if len(words) >= 8:
                return None
            words.append(value)
    if colon_at is not None:
        if len(words) == 8:
            return None
        words[colon_at:colon_at] = [0] * (8 - len(words))
    if len(words) != 8:
        return None
    return b"".join(w.to_bytes(2, "big") for w in words)


def ntop4(packed):
    return "%d.%d.%d.%d" % (packed[0], packed[1], packed[2], packed[3])


def ntop6(packed):
    words = [(packed[i] << 8) | packed[i + 1] for i in range(0, 16, 2)]
    best_base, best_len = -1, 0
    cur_base, cur_len = -1, 0
    for i, word in enumerate(words):
        if word == 0:
            if cur_base == -1:
                cur_base, cur_len = i, 1
            else:
                cur_len += 1
        elif cur_base != -1:
            if best_base == -1 or cur_len > best_len:
                best_base, best_len = cur_base, cur_len
            cur_base = -1
    if cur_base != -1 and (best_base == -1 or cur_len > best_len):
        best_base, best_len = cur_base, cur_len
    if best_base != -1 and best_len < 2:
        best_base = -1
    out = []
    i = 0
    while i < 8:
        if best_base != -1 and best_base <= i < best_base + best_len:
            if i == best_base:
                out.append(":")
            i += 1
            continue
        if i:
            out.append(":")
        if i == 6 and best_base == 0 and (
            best_len == 6 or (best_len == 5 and words[5] == 0xFFFF)
        ):
            out.append(ntop4(packed[12:]))
            break
        out.append("%x" % words[i])
        i += 1
    if best_base != -1 and best_base + best_len == 8:
        out.append(":")
    return "".join(out)
