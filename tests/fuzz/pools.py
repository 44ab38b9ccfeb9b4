"""Pools of hostile argument values, named by tokens.

A case travels between processes as plain data: the call's name, the socket
kind, and the *tokens* of its arguments.  Each worker turns a token into a
value with ``make(token, ctx)`` against its own module (``socket`` or
``pysock``), so that a value like a released memoryview, an open file, or the
peer's address exists freshly in each process.

This module imports neither ``socket`` nor ``pysock``: the generator (in the
pytest process) only needs the token lists.
"""

import array
import builtins
import enum
import math
import os


# --- helper classes (built per process, compared by behaviour) -------------

class Idx:
    """Only __index__."""
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v

    def __repr__(self):
        return "Idx(%r)" % (self.v,)


class IntOnly:
    """Only __int__ (no __index__): C 'i' conversions refuse it."""
    def __init__(self, v):
        self.v = v

    def __int__(self):
        return self.v

    def __repr__(self):
        return "IntOnly(%r)" % (self.v,)


class FloatOnly:
    def __float__(self):
        return 0.5

    def __repr__(self):
        return "FloatOnly()"


class BadIdx:
    """__index__ raises."""
    def __index__(self):
        raise ValueError("BadIdx.__index__")

    def __repr__(self):
        return "BadIdx()"


class IdxStr:
    """__index__ returns a non-int."""
    def __index__(self):
        return "7"

    def __repr__(self):
        return "IdxStr()"


class IntSub(int):
    pass


class WeirdInt(int):
    """An int whose protocol methods lie: value 5, __index__ 6, __int__ 7."""
    def __index__(self):
        return 6

    def __int__(self):
        return 7

    def __repr__(self):
        return "WeirdInt(5)"


class StrSub(str):
    pass


class WeirdStr(str):
    """A str whose methods lie."""
    def encode(self, *a, **k):
        return b"evil"

    def __str__(self):
        return "evil"

    def __eq__(self, other):
        return False

    __hash__ = str.__hash__


class BytesSub(bytes):
    pass


class WeirdBytes(bytes):
    def __len__(self):
        return 1000

    def __bytes__(self):
        return b"evil"


class TupleSub(tuple):
    pass


class Color(enum.IntEnum):
    RED = 1
    BIG = 2 ** 40


class Flag(enum.IntFlag):
    A = 1
    B = 2


class NoLen:
    def __repr__(self):
        return "NoLen()"


def _released():
    m = memoryview(bytearray(b"released"))
    m.release()
    return m


def _tmpfile(ctx, mode):
    path = os.path.join(ctx.tmpdir, "data.bin")
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(b"0123456789" * 10)
    f = open(path, mode)
    ctx.objects.append(f)
    return f


def _closed_file(ctx):
    f = _tmpfile(ctx, "rb")
    f.close()
    return f


def _anc_rights(ctx):
    return [(ctx.mod.SOL_SOCKET, ctx.mod.SCM_RIGHTS, array.array("i", [ctx.fd]))]


# --- the table: token -> maker(ctx) ----------------------------------------

V = {}


def _lit(*tokens):
    for t in tokens:
        V[t] = (lambda t: lambda ctx: builtins.eval(t, _NAMESPACE))(t)


# Integers at every C boundary, and booleans.
_lit("0", "1", "-1", "2", "3", "5", "6", "10", "16", "17", "41", "255", "256",
     "1024", "65535", "65536", "2**15", "2**16-1", "2**31-1", "2**31",
     "-2**31", "-2**31-1", "2**32-1", "2**32", "-2**32", "2**40", "2**63-1",
     "2**63", "-2**63", "-2**63-1", "2**64-1", "2**64", "2**100", "-2**100",
     "10**400", "True", "False", "None")
# Floats.
_lit("0.0", "-0.0", "0.05", "0.5", "1.5", "-1.0", "1e100", "-1e-320",
     "float('nan')", "float('inf')", "float('-inf')", "2.0**63")
# int-like objects.
_lit("Idx(0)", "Idx(1)", "Idx(16)", "Idx(-1)", "Idx(2**31)", "Idx(2**64)",
     "IntOnly(1)", "FloatOnly()", "BadIdx()", "IdxStr()", "IntSub(1)",
     "IntSub(2**31)", "WeirdInt(5)", "Color.RED", "Color.BIG", "Flag.A|Flag.B",
     "object()", "NoLen()", "[]", "{}", "()", "...", "1j")
# Strings.
_lit("''", "'127.0.0.1'", "'::1'", "'localhost'", "'0.0.0.0'", "'::'",
     "'255.255.255.255'", "'<broadcast>'", "'1.2.3'", "'256.1.1.1'",
     "' 127.0.0.1'", "'127.0.0.1\\x00'", "'a\\x00b'", "'\\udcff'", "'\\u00e9'",
     "'\\U0001f600'", "'::ffff:1.2.3.4'", "'fe80::1%lo'", "'fe80::1%999'",
     "'1::2::3'", "'http'", "'tcp'", "'udp'", "'ftp'", "'nosuchservice'",
     "'lo'", "'eth0'", "'nosuchif0'", "'x'*300", "'nonexistent.invalid'",
     "'80'", "'-1'", "'65536'", "'r'", "'rb'", "'w'", "'rwb'", "'rw'", "'x'",
     "'utf-8'", "'strict'", "'\\n'", "'sock'",
     "StrSub('127.0.0.1')", "StrSub('lo')", "WeirdStr('127.0.0.1')",
     "WeirdStr('http')")
# Bytes-like objects.
_lit("b''", "b'abc'", "b'hello'", "b'\\x7f\\x00\\x00\\x01'", "b'\\x00'*4",
     "b'\\x00'*16", "b'\\xff'*16", "b'\\x00'*3", "b'\\x00'*5", "b'127.0.0.1'",
     "b'a\\x00b'", "b'\\xff\\xfe'", "b'x'*300", "b'\\x00abstract-fz'",
     "BytesSub(b'abc')", "WeirdBytes(b'abc')",
     "bytearray(b'abc')", "bytearray(0)", "bytearray(1)", "bytearray(16)",
     "bytearray(100)",
     "memoryview(bytearray(16))", "memoryview(b'abc')",
     "memoryview(bytearray(100))[::2]", "memoryview(bytearray(16))[4:]",
     "_released()", "memoryview(bytearray(16)).cast('i')",
     "memoryview(bytearray(16)).cast('d')",
     "memoryview(bytearray(100)).cast('B', (10, 10))",
     "memoryview(b'')", "memoryview(bytearray(16)).toreadonly()",
     "array.array('i', [1, 2, 3])", "array.array('b', [1, 2])",
     "array.array('d', [1.5])", "array.array('u', 'ab')", "array.array('i')")
# Tuples, lists (addresses, ancillary data, buffer lists).
_lit("('127.0.0.1', 0)", "('::1', 0)", "('::1', 0, 0, 0)",
     "('::1', 0, 2**32, 0)", "('::1', 0, 0, 2**32)", "('::1', 0, -1, 0)",
     "('127.0.0.1',)", "('127.0.0.1', 0, 0)", "('127.0.0.1', -1)",
     "('127.0.0.1', 65536)", "('127.0.0.1', 2**64)", "('127.0.0.1', '80')",
     "('127.0.0.1', None)", "('127.0.0.1', Idx(0))", "('127.0.0.1', 1.5)",
     "('127.0.0.1', True)", "('localhost', 0)", "(b'127.0.0.1', 0)",
     "('', 0)", "('<broadcast>', 0)", "('a\\x00b', 0)", "('\\udcff', 0)",
     "('nonexistent.invalid', 0)", "('0.0.0.0', 1)", "('127.0.0.1', 1)",
     "(1, 2)", "(0, 0)", "(0, 2**32)", "(-1, 0)", "(0,)", "(0, 0, 0)",
     "TupleSub(('127.0.0.1', 0))", "['127.0.0.1', 0]", "(None, 0)",
     "(None, None)", "('127.0.0.1', 0, 0, 0, 0)",
     "[b'abc']", "[b'abc', bytearray(b'de')]", "[memoryview(b'abc')]",
     "[_released()]", "['abc']", "[None]", "[1]", "(b'abc',)",
     "[bytearray(8)]", "[bytearray(8), bytearray(8)]",
     "[memoryview(b'abc')]", "[memoryview(bytearray(16)).cast('i')]",
     "[(1, 1, b'')]", "[(1, 2)]", "[(1, 2, 3, 4)]", "[('a', 1, b'')]",
     "[(2**31, 1, b'')]", "[(-1, -1, b'x')]", "[(1, 1, 'abc')]",
     "[(1, 1, _released())]", "[(0, 0, b'x'*300)]", "(x for x in [b'ab'])")


# Context-dependent values (the socket of the case, its peer, files).
V.update({
    "SELF": lambda ctx: ctx.sock,
    "FD": lambda ctx: ctx.fd,
    "PEER_FD": lambda ctx: ctx.peer.fileno() if ctx.peer is not None else -1,
    "ADDR_SELF": lambda ctx: ctx.self_addr,
    "ADDR_PEER": lambda ctx: ctx.peer_addr,
    "ABSTRACT": lambda ctx: ctx.abstract,
    "ABSTRACT_B": lambda ctx: ctx.abstract.encode(),
    "('ABSTRACT',)": lambda ctx: (ctx.abstract,),
    "PATH_REL": lambda ctx: "fz.sock",
    "PATH_NOENT": lambda ctx: "/nonexistent/dir/fz.sock",
    "FAMILY": lambda ctx: ctx.family,
    "TYPE": lambda ctx: ctx.type,
    "AF_INET": lambda ctx: ctx.mod.AF_INET,
    "AF_INET6": lambda ctx: ctx.mod.AF_INET6,
    "AF_UNIX": lambda ctx: ctx.mod.AF_UNIX,
    "AF_NETLINK": lambda ctx: ctx.mod.AF_NETLINK,
    "AF_PACKET": lambda ctx: ctx.mod.AF_PACKET,
    "AF_UNSPEC": lambda ctx: ctx.mod.AF_UNSPEC,
    "SOCK_STREAM": lambda ctx: ctx.mod.SOCK_STREAM,
    "SOCK_DGRAM": lambda ctx: ctx.mod.SOCK_DGRAM,
    "SOCK_RAW": lambda ctx: ctx.mod.SOCK_RAW,
    "SOCK_SEQPACKET": lambda ctx: ctx.mod.SOCK_SEQPACKET,
    "SOCK_STREAM|SOCK_NONBLOCK": lambda ctx: ctx.mod.SOCK_STREAM | ctx.mod.SOCK_NONBLOCK,
    "SOCK_DGRAM|SOCK_CLOEXEC": lambda ctx: ctx.mod.SOCK_DGRAM | ctx.mod.SOCK_CLOEXEC,
    "MSG_PEEK": lambda ctx: ctx.mod.MSG_PEEK,
    "MSG_DONTWAIT": lambda ctx: ctx.mod.MSG_DONTWAIT,
    "MSG_OOB": lambda ctx: ctx.mod.MSG_OOB,
    "MSG_TRUNC": lambda ctx: ctx.mod.MSG_TRUNC,
    "MSG_PEEK|MSG_DONTWAIT": lambda ctx: ctx.mod.MSG_PEEK | ctx.mod.MSG_DONTWAIT,
    "SOL_SOCKET": lambda ctx: ctx.mod.SOL_SOCKET,
    "IPPROTO_TCP": lambda ctx: ctx.mod.IPPROTO_TCP,
    "IPPROTO_IP": lambda ctx: ctx.mod.IPPROTO_IP,
    "IPPROTO_IPV6": lambda ctx: ctx.mod.IPPROTO_IPV6,
    "IPPROTO_UDP": lambda ctx: ctx.mod.IPPROTO_UDP,
    "SO_REUSEADDR": lambda ctx: ctx.mod.SO_REUSEADDR,
    "SO_RCVBUF": lambda ctx: ctx.mod.SO_RCVBUF,
    "SO_LINGER": lambda ctx: ctx.mod.SO_LINGER,
    "SO_RCVTIMEO": lambda ctx: ctx.mod.SO_RCVTIMEO,
    "SO_TYPE": lambda ctx: ctx.mod.SO_TYPE,
    "SO_ERROR": lambda ctx: ctx.mod.SO_ERROR,
    "SO_BINDTODEVICE": lambda ctx: ctx.mod.SO_BINDTODEVICE,
    "TCP_NODELAY": lambda ctx: ctx.mod.TCP_NODELAY,
    "TCP_CONGESTION": lambda ctx: ctx.mod.TCP_CONGESTION,
    "IP_TTL": lambda ctx: ctx.mod.IP_TTL,
    "IPV6_V6ONLY": lambda ctx: ctx.mod.IPV6_V6ONLY,
    "SHUT_RD": lambda ctx: ctx.mod.SHUT_RD,
    "SHUT_RDWR": lambda ctx: ctx.mod.SHUT_RDWR,
    "AI_PASSIVE": lambda ctx: ctx.mod.AI_PASSIVE,
    "AI_CANONNAME|AI_NUMERICHOST": lambda ctx: ctx.mod.AI_CANONNAME | ctx.mod.AI_NUMERICHOST,
    "NI_NUMERICHOST|NI_NUMERICSERV": lambda ctx: ctx.mod.NI_NUMERICHOST | ctx.mod.NI_NUMERICSERV,
    "NI_NAMEREQD": lambda ctx: ctx.mod.NI_NAMEREQD,
    "ANC_RIGHTS": _anc_rights,
    "FILE_RB": lambda ctx: _tmpfile(ctx, "rb"),
    "FILE_R": lambda ctx: _tmpfile(ctx, "r"),
    "FILE_AB": lambda ctx: _tmpfile(ctx, "ab"),
    "FILE_RAW": lambda ctx: _tmpfile(ctx, "rb", ) if False else _raw(ctx),
    "FILE_CLOSED": _closed_file,
    "OTHER_MOD_SOCKET": lambda ctx: ctx.other_socket(),
})


def _raw(ctx):
    f = open(_tmpfile(ctx, "rb").name, "rb", buffering=0)
    ctx.objects.append(f)
    return f


_NAMESPACE = {
    "array": array, "math": math, "Idx": Idx, "IntOnly": IntOnly,
    "FloatOnly": FloatOnly, "BadIdx": BadIdx, "IdxStr": IdxStr,
    "IntSub": IntSub, "WeirdInt": WeirdInt, "StrSub": StrSub,
    "WeirdStr": WeirdStr, "BytesSub": BytesSub, "WeirdBytes": WeirdBytes,
    "TupleSub": TupleSub, "Color": Color, "Flag": Flag, "NoLen": NoLen,
    "_released": _released,
}


def make(token, ctx):
    maker = V.get(token)
    if maker is None:  # a literal not registered: a plain expression
        return builtins.eval(token, _NAMESPACE)
    return maker(ctx)


# --- groups used by the generator ------------------------------------------

INTS = ["0", "1", "-1", "2", "16", "255", "256", "65535", "65536", "2**31-1",
        "2**31", "-2**31", "-2**31-1", "2**32-1", "2**32", "2**40", "2**63-1",
        "2**63", "-2**63-1", "2**64", "2**100", "-2**100", "10**400", "True",
        "False", "Idx(1)", "Idx(-1)", "Idx(2**31)", "Idx(2**64)", "IntOnly(1)",
        "BadIdx()", "IdxStr()", "IntSub(1)", "IntSub(2**31)", "WeirdInt(5)",
        "Color.RED", "Color.BIG", "Flag.A|Flag.B"]
FLOATS = ["0.0", "-0.0", "0.5", "1.5", "-1.0", "1e100", "-1e-320",
          "float('nan')", "float('inf')", "float('-inf')", "2.0**63",
          "FloatOnly()"]
MISC = ["None", "object()", "NoLen()", "[]", "{}", "()", "...", "1j"]
STRS = ["''", "'127.0.0.1'", "'::1'", "'localhost'", "'a\\x00b'",
        "'\\udcff'", "'\\u00e9'", "'x'*300", "'http'", "'lo'",
        "StrSub('127.0.0.1')", "WeirdStr('127.0.0.1')", "'1.2.3'"]
BYTES = ["b''", "b'abc'", "b'\\x7f\\x00\\x00\\x01'", "b'\\x00'*16",
         "b'a\\x00b'", "b'\\xff\\xfe'", "BytesSub(b'abc')", "WeirdBytes(b'abc')",
         "bytearray(b'abc')", "bytearray(0)", "memoryview(b'abc')",
         "memoryview(bytearray(100))[::2]", "_released()",
         "memoryview(bytearray(16)).cast('i')",
         "memoryview(bytearray(16)).cast('d')",
         "memoryview(bytearray(100)).cast('B', (10, 10))",
         "array.array('i', [1, 2, 3])", "array.array('d', [1.5])",
         "array.array('u', 'ab')"]
TUPLES = ["('127.0.0.1', 0)", "('127.0.0.1',)", "('127.0.0.1', 0, 0)",
          "(1, 2)", "(0, 0)", "(None, 0)", "['127.0.0.1', 0]",
          "TupleSub(('127.0.0.1', 0))", "('127.0.0.1', 0, 0, 0, 0)"]
GENERAL = INTS + FLOATS + MISC + STRS + BYTES + TUPLES

SIZES = ["0", "1", "16", "1024", "65536", "-1", "2**31-1", "2**31", "2**32",
         "2**63", "Idx(16)", "IntSub(1)", "None", "1.5", "True"]
FLAGS = ["0", "MSG_PEEK", "MSG_DONTWAIT", "MSG_OOB", "MSG_TRUNC",
         "MSG_PEEK|MSG_DONTWAIT", "-1", "2**31", "2**32", "Idx(0)",
         "IntSub(1)", "None", "1.5"]
RBUFS = ["bytearray(16)", "bytearray(0)", "bytearray(100)",
         "memoryview(bytearray(16))", "memoryview(bytearray(16))[4:]",
         "memoryview(b'abc')", "memoryview(bytearray(16)).toreadonly()",
         "memoryview(bytearray(100))[::2]", "_released()",
         "memoryview(bytearray(16)).cast('i')",
         "memoryview(bytearray(16)).cast('d')",
         "memoryview(bytearray(100)).cast('B', (10, 10))",
         "array.array('i', [1, 2, 3])", "array.array('b', [1, 2])",
         "array.array('i')", "b'abc'", "'abc'", "None"]
DATA = ["b'abc'", "b''", "b'hello'", "bytearray(b'abc')", "memoryview(b'abc')",
        "memoryview(bytearray(100))[::2]", "_released()",
        "memoryview(bytearray(16)).cast('i')",
        "memoryview(bytearray(100)).cast('B', (10, 10))",
        "array.array('i', [1, 2, 3])", "array.array('u', 'ab')",
        "BytesSub(b'abc')", "WeirdBytes(b'abc')", "'abc'", "None", "1",
        "b'x'*300", "(x for x in [b'ab'])"]
ADDRS = ["ADDR_PEER", "ADDR_SELF", "('127.0.0.1', 0)", "('::1', 0)",
         "('::1', 0, 0, 0)", "('::1', 0, 2**32, 0)", "('::1', 0, 0, 2**32)",
         "('::1', 0, -1, 0)", "('127.0.0.1',)", "('127.0.0.1', 0, 0)",
         "('127.0.0.1', -1)", "('127.0.0.1', 65536)", "('127.0.0.1', 2**64)",
         "('127.0.0.1', '80')", "('127.0.0.1', None)", "('127.0.0.1', Idx(0))",
         "('127.0.0.1', 1.5)", "('127.0.0.1', True)", "('localhost', 0)",
         "(b'127.0.0.1', 0)", "('', 0)", "('<broadcast>', 0)",
         "('a\\x00b', 0)", "('\\udcff', 0)", "('nonexistent.invalid', 0)",
         "('127.0.0.1', 1)", "(0, 0)", "(0, 2**32)", "(-1, 0)", "(0,)",
         "(0, 0, 0)", "TupleSub(('127.0.0.1', 0))", "['127.0.0.1', 0]",
         "(None, 0)", "ABSTRACT", "ABSTRACT_B", "PATH_REL", "PATH_NOENT",
         "''", "b''", "'a\\x00b'", "'\\udcff'", "'x'*300", "b'x'*300",
         "StrSub('127.0.0.1')", "None", "0", "('ABSTRACT',)"]
HOSTS = ["'127.0.0.1'", "'::1'", "'localhost'", "'0.0.0.0'", "'::'", "''",
         "'<broadcast>'", "'1.2.3'", "'256.1.1.1'", "' 127.0.0.1'",
         "'127.0.0.1\\x00'", "'a\\x00b'", "'\\udcff'", "'\\u00e9'",
         "'::ffff:1.2.3.4'", "'fe80::1%lo'", "'fe80::1%999'", "'1::2::3'",
         "'x'*300", "'nonexistent.invalid'", "b'127.0.0.1'", "b'localhost'",
         "bytearray(b'127.0.0.1')", "StrSub('127.0.0.1')",
         "WeirdStr('127.0.0.1')", "None", "'255.255.255.255'"]
PORTS = ["0", "80", "'80'", "'http'", "'nosuchservice'", "-1", "65535",
         "65536", "2**31", "2**64", "None", "b'80'", "'\\udcff'", "Idx(80)",
         "1.5", "IntSub(80)", "'65536'", "'-1'", "''"]
PORTS_VALID = [p for p in PORTS]
V["80"] = lambda ctx: 80
V["'80'"] = lambda ctx: "80"
V["b'80'"] = lambda ctx: b"80"
V["Idx(80)"] = lambda ctx: Idx(80)
V["IntSub(80)"] = lambda ctx: IntSub(80)
V["b'localhost'"] = lambda ctx: b"localhost"
V["bytearray(b'127.0.0.1')"] = lambda ctx: bytearray(b"127.0.0.1")
FAMILIES = ["AF_INET", "AF_INET6", "AF_UNIX", "AF_UNSPEC", "AF_NETLINK",
            "AF_PACKET", "0", "-1", "2**31", "2**32", "Idx(2)", "IntSub(2)",
            "FAMILY", "None", "1.5", "255"]
V["IntSub(2)"] = lambda ctx: IntSub(2)
V["Idx(2)"] = lambda ctx: Idx(2)
TYPES = ["SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_SEQPACKET",
         "SOCK_STREAM|SOCK_NONBLOCK", "SOCK_DGRAM|SOCK_CLOEXEC", "TYPE", "0",
         "-1", "2**31", "2**32", "None", "Idx(1)", "255"]
PROTOS = ["0", "6", "17", "-1", "2**31", "2**32", "None", "Idx(0)", "255",
          "'tcp'"]
LEVELS = ["SOL_SOCKET", "IPPROTO_TCP", "IPPROTO_IP", "IPPROTO_IPV6",
          "IPPROTO_UDP", "0", "-1", "2**31", "2**32", "None", "Idx(1)"]
OPTNAMES = ["SO_REUSEADDR", "SO_RCVBUF", "SO_LINGER", "SO_RCVTIMEO",
            "SO_TYPE", "SO_ERROR", "SO_BINDTODEVICE", "TCP_NODELAY",
            "TCP_CONGESTION", "IP_TTL", "IPV6_V6ONLY", "0", "-1", "2**31",
            "2**32", "None"]
OPTVALS = ["0", "1", "-1", "2**31", "2**32", "2**64", "True", "None", "b''",
           "b'\\x01\\x00\\x00\\x00'", "b'\\x00'*16", "b'x'*300", "'lo'",
           "b'lo'", "b'reno'", "bytearray(4)", "memoryview(b'abc')",
           "_released()", "memoryview(bytearray(16)).cast('i')", "1.5",
           "Idx(1)", "IntSub(1)", "WeirdInt(5)"]
V["b'lo'"] = lambda ctx: b"lo"
V["b'reno'"] = lambda ctx: b"reno"
V["b'\\x01\\x00\\x00\\x00'"] = lambda ctx: b"\x01\x00\x00\x00"
BUFLENS = ["0", "1", "4", "16", "1024", "-1", "2**31", "2**32", "None",
           "Idx(4)", "1.5"]
V["4"] = lambda ctx: 4
V["Idx(4)"] = lambda ctx: Idx(4)
TIMEOUTS = ["None", "0", "0.0", "0.05", "-1", "-1.0", "-0.0", "1e100",
            "float('nan')", "float('inf')", "float('-inf')", "2.0**63",
            "2**63", "10**400", "-1e-320", "'1'", "Idx(1)", "FloatOnly()",
            "IntSub(1)", "True", "1j"]
BOOLS = ["True", "False", "0", "1", "2", "-1", "2**31", "2**40", "2**64",
         "None", "1.5", "'x'", "Idx(1)", "IntSub(0)", "[]"]
V["IntSub(0)"] = lambda ctx: IntSub(0)
HOWS = ["SHUT_RD", "SHUT_RDWR", "0", "1", "2", "3", "-1", "2**31", "2**32",
        "None", "Idx(1)", "1.5"]
BACKLOGS = ["0", "1", "5", "-1", "2**31-1", "2**31", "-2**31-1", "2**64",
            "None", "Idx(1)", "1.5", "IntSub(1)"]
V["5"] = lambda ctx: 5
FDS = ["FD", "PEER_FD", "-1", "0", "10", "2**31", "2**63", "None", "Idx(3)",
       "IntSub(3)", "1.5", "'3'", "SELF"]
V["Idx(3)"] = lambda ctx: Idx(3)
V["IntSub(3)"] = lambda ctx: IntSub(3)
V["'3'"] = lambda ctx: "3"
MODES = ["'r'", "'rb'", "'w'", "'wb'", "'rwb'", "'rw'", "'x'", "'b'", "''",
         "None", "1", "'r+'"]
V["'wb'"] = lambda ctx: "wb"
V["'b'"] = lambda ctx: "b"
V["'r+'"] = lambda ctx: "r+"
PACKED4 = ["b'\\x7f\\x00\\x00\\x01'", "b'\\x00'*4", "b'\\x00'*3", "b'\\x00'*5",
           "b'\\x00'*16", "b''", "bytearray(b'\\x01\\x02\\x03\\x04')",
           "memoryview(b'\\x01\\x02\\x03\\x04')", "'1234'", "None",
           "memoryview(bytearray(16)).cast('i')", "_released()"]
V["bytearray(b'\\x01\\x02\\x03\\x04')"] = lambda ctx: bytearray(b"\x01\x02\x03\x04")
V["memoryview(b'\\x01\\x02\\x03\\x04')"] = lambda ctx: memoryview(b"\x01\x02\x03\x04")
ANC = ["[]", "ANC_RIGHTS", "[(1, 1, b'')]", "[(1, 2)]", "[(1, 2, 3, 4)]",
       "[('a', 1, b'')]", "[(2**31, 1, b'')]", "[(-1, -1, b'x')]",
       "[(1, 1, 'abc')]", "[(1, 1, _released())]", "[(0, 0, b'x'*300)]",
       "None", "(b'abc',)"]
BUFLISTS = ["[b'abc']", "[b'abc', bytearray(b'de')]", "[memoryview(b'abc')]",
            "[_released()]", "['abc']", "[None]", "[1]", "[]", "(b'abc',)",
            "[memoryview(bytearray(16)).cast('i')]", "None", "b'abc'",
            "(x for x in [b'ab'])"]
RBUFLISTS = ["[bytearray(8)]", "[bytearray(8), bytearray(8)]", "[]",
             "[memoryview(b'abc')]", "[_released()]", "[b'abc']", "None",
             "[memoryview(bytearray(16)).cast('i')]", "bytearray(8)"]
IFS = ["'lo'", "'eth0'", "'nosuchif0'", "''", "'a\\x00b'", "'\\udcff'",
       "b'lo'", "'x'*300", "StrSub('lo')", "None", "1", "0", "-1", "2**32",
       "2**31", "Idx(1)", "2", "999"]
V["999"] = lambda ctx: 999
NAMES = ["'tcp'", "'udp'", "'http'", "'ftp'", "'nosuchservice'", "''",
         "'a\\x00b'", "'\\udcff'", "'\\u00e9'", "b'tcp'", "None", "80",
         "'x'*300", "StrSub('tcp')", "'icmp'", "'ip'"]
V["b'tcp'"] = lambda ctx: b"tcp"
V["StrSub('tcp')"] = lambda ctx: StrSub("tcp")
V["'icmp'"] = lambda ctx: "icmp"
V["'ip'"] = lambda ctx: "ip"
FILES = ["FILE_RB", "FILE_R", "FILE_AB", "FILE_RAW", "FILE_CLOSED", "None",
         "SELF", "b'abc'", "FD"]
OFFSETS = ["0", "1", "10", "-1", "2**31", "2**63", "None", "1.5", "Idx(1)",
           "1000"]
COUNTS = ["None", "0", "1", "10", "-1", "2**31", "2**63", "1.5", "Idx(5)"]
V["1000"] = lambda ctx: 1000
V["Idx(5)"] = lambda ctx: Idx(5)
NIADDRS = ["('127.0.0.1', 80)", "('::1', 80)", "('::1', 80, 0, 0)",
           "('::1', 80, 2**32, 0)", "('::1', 80, 0, 1)", "('127.0.0.1',)",
           "('127.0.0.1', 80, 0)", "('localhost', 80)", "('127.0.0.1', -1)",
           "('127.0.0.1', 65536)", "('127.0.0.1', '80')", "(None, 80)",
           "('a\\x00b', 80)", "('nonexistent.invalid', 80)", "['127.0.0.1', 80]",
           "TupleSub(('127.0.0.1', 80))", "('1.2.3.4', 80)", "()",
           "('fe80::1%lo', 80)", "('127.0.0.1', 2**64)", "None", "'127.0.0.1'"]
for _t in NIADDRS:
    if _t not in V:
        _lit(_t)
BOOL_KW = ["True", "False", "None", "0", "1", "'x'"]
