"""The macOS PF_SYSTEM and FreeBSD AF_BLUETOOTH codecs, run for real here.

``PYSOCK_BACKEND=darwin`` (resp. ``freebsd``) loads that platform on this
Linux machine as a foreign one: its constants and layouts, its codecs, and
no system call.  One subprocess per platform imports pysock, encodes and
decodes a table of addresses through ``pysock.families`` (the registry the
socket layer uses) and prints the results as JSON.

What they are compared with is built here, independently of pysock:

* bytes: from the sizes and offsets of ``tests/vectors/layouts.json``
  (xnu's ``sys/kern_control.h`` and FreeBSD's ``ng_btsocket.h``), the
  values little-endian (x86_64, arm64 and amd64 all are), the constants
  as the headers define them;
* errors: the exception types and messages that CPython's
  Modules/socketmodule.c raises (``getsockaddrarg``/``makesockaddr``,
  ``case PF_SYSTEM`` and the ``USE_BLUETOOTH`` cases under
  ``__FreeBSD__``), quoted below;
* the ``I``/``H``/``B`` format units: masks, not range checks -- checked
  against this interpreter's own ``PyArg_ParseTuple`` (``_testcapi``)
  where it is built.
"""

import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LAYOUTS = os.path.join(HERE, "vectors", "layouts.json")

# <sys/socket.h>, <sys/sys_domain.h> (xnu)
AF_SYSTEM = 32
SYSPROTO_EVENT = 1
SYSPROTO_CONTROL = 2
AF_SYS_CONTROL = 2
MAX_KCTL_NAME = 96
# <sys/socket.h>, <netgraph/bluetooth/include/ng_btsocket.h> (FreeBSD)
AF_BLUETOOTH = 36
HCI, L2CAP, RFCOMM, SCO = 134, 135, 136, 137

# The one kernel control the fake backend knows (see SCRIPT).
CTL_NAME = "com.example.pysock.ctl"
CTL_ID = 0x0BADCAFE
MASK32 = 0xFFFFFFFF

PF_SYSTEM_TYPE = "%s(): PF_SYSTEM address must be a str or a pair (id, unit)"
NOT_FOUND = "cannot find kernel control with provided name"
BAD_BDADDR = "bad bluetooth address"


def _layouts():
    with open(LAYOUTS, encoding="utf-8") as f:
        return json.load(f)


def _struct(platform, name):
    """{"size": n, "fields": {field: [offset, size]}} from the headers."""
    return _layouts()[platform]["headers"]["structs"][name]


def build(platform, name, **fields):
    """The bytes of struct *name* with *fields* (bytes, or an int stored
    little-endian in the field's width); the rest zero."""
    layout = _struct(platform, name)
    out = bytearray(layout["size"])
    for field, value in fields.items():
        offset, width = layout["fields"][field]
        if isinstance(value, int):
            value = value.to_bytes(width, "little")
        assert len(value) <= width, (field, value)
        out[offset:offset + len(value)] = value
    return bytes(out)


def ctl(ctl_id, unit):
    return build("darwin_x86_64", "sockaddr_ctl", sc_len=32, sc_family=AF_SYSTEM,
                 ss_sysaddr=AF_SYS_CONTROL, sc_id=ctl_id, sc_unit=unit)


def bdaddr(text):
    """"XX:XX:XX:XX:XX:XX" as bdaddr_t holds it: least significant first."""
    return bytes(int(part, 16) for part in reversed(text.split(":")))


def l2cap(text, psm, cid=0, kind=0):
    return build("freebsd_amd64", "sockaddr_l2cap", l2cap_len=14,
                 l2cap_family=AF_BLUETOOTH, l2cap_psm=psm,
                 l2cap_bdaddr=bdaddr(text), l2cap_cid=cid,
                 l2cap_bdaddr_type=kind)


def rfcomm(text, channel):
    return build("freebsd_amd64", "sockaddr_rfcomm", rfcomm_len=9,
                 rfcomm_family=AF_BLUETOOTH, rfcomm_bdaddr=bdaddr(text),
                 rfcomm_channel=channel)


def hci(node):
    return build("freebsd_amd64", "sockaddr_hci", hci_len=34,
                 hci_family=AF_BLUETOOTH, hci_node=node)


def sco(text):
    return build("freebsd_amd64", "sockaddr_sco", sco_len=8,
                 sco_family=AF_BLUETOOTH, sco_bdaddr=bdaddr(text))


# ---------------------------------------------------------------------------
# The subprocess: cases in on stdin, results out on stdout.
# ---------------------------------------------------------------------------

SCRIPT = r'''
import ctypes, errno, json, sys
import pysock
from pysock import families
from pysock._libc.platform import PLATFORM, ForeignPlatformError

spec = json.load(sys.stdin)


class Interfaces(object):
    """The backend's lookups, faked: one kernel control exists."""

    def __init__(self):
        self.calls = []

    def ctl_getinfo(self, name):
        self.calls.append(name.hex())
        if name == spec["ctl_name"].encode():
            return spec["ctl_id"]
        if name == b"foreign":
            raise ForeignPlatformError("no system call here")
        raise OSError(errno.ENOENT, "No such file or directory")

    def if_nametoindex(self, name):
        raise AssertionError("no interface lookup expected")

    if_indextoname = if_nametoindex


class Idx(object):
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class TupleSub(tuple):
    pass


class StrSub(str):
    pass


def outcome(call):
    fake = Interfaces()
    try:
        value = call(fake)
    except Exception as exc:
        result = {"error": type(exc).__name__, "message": str(exc),
                  "errno": getattr(exc, "errno", None)}
    else:
        result = {"ok": value.hex() if isinstance(value, bytes) else repr(value)}
    result["calls"] = fake.calls
    return result


family = spec["family"]
results = {}
for case in spec["cases"]:
    proto = case["proto"]
    if case["op"] == "encode":
        address = eval(case["address"])
        call = lambda fake, a=address, p=proto, c=case["caller"]: (
            families.encode(family, p, a, c, None, fake))
    else:
        data = bytes.fromhex(case["data"])
        call = lambda fake, d=data, p=proto: families.decode(d, None, p, fake)
    results[case["id"]] = outcome(call)

codec = families._contextual.get(family)
layouts = {}
for name in spec["structs"]:
    cls = getattr(codec, name)
    layouts[name] = {
        "size": ctypes.sizeof(cls),
        "fields": {f[0]: [getattr(cls, f[0]).offset, ctypes.sizeof(f[1])]
                   for f in cls._fields_},
    }
try:
    pysock.socket(family, pysock.SOCK_DGRAM if family == 32 else pysock.SOCK_STREAM,
                  spec["socket_proto"])
except ForeignPlatformError as exc:
    made = "ForeignPlatformError: %s" % exc
except Exception as exc:
    made = "%s: %s" % (type(exc).__name__, exc)
else:
    made = "a socket"
print(json.dumps({
    "platform": PLATFORM.name,
    "native": PLATFORM.native,
    "codec": getattr(codec, "__name__", None),
    "lookup": repr(families.lookup(family)),
    "results": results,
    "layouts": layouts,
    "socket": made,
}))
'''


def run(backend, family, cases, structs, socket_proto):
    spec = {"family": family, "cases": cases, "structs": structs,
            "ctl_name": CTL_NAME, "ctl_id": CTL_ID,
            "socket_proto": socket_proto}
    env = dict(os.environ, PYSOCK_BACKEND=backend)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], input=json.dumps(spec).encode(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env,
        timeout=120)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return json.loads(proc.stdout.decode())


# ---------------------------------------------------------------------------
# The tables.  Each row: (id, op, proto, address expression or data, expected)
# where expected is bytes (encode), a Python value (decode), or
# ("ErrorType", "message").  Encodes use caller "connect" unless the id
# says "bind".
# ---------------------------------------------------------------------------

def _err(kind, message):
    return ("error", kind, message)


NAME96 = "n" * MAX_KCTL_NAME

DARWIN = [
    # (id, unit): the "II" parse, masked to 32 bits
    ("pair", "encode", 2, "(1, 2)", ctl(1, 2)),
    ("zeros", "encode", 2, "(0, 0)", ctl(0, 0)),
    ("max", "encode", 2, "(0xFFFFFFFF, 0xFFFFFFFF)", ctl(MASK32, MASK32)),
    ("id_2_32", "encode", 2, "(2**32 + 5, 7)", ctl(5, 7)),
    ("unit_2_32", "encode", 2, "(7, 2**32)", ctl(7, 0)),
    ("minus_one", "encode", 2, "(-1, 1)", ctl(MASK32, 1)),
    ("big_negative", "encode", 2, "(-2**40 - 3, 0)", ctl((-2**40 - 3) & MASK32, 0)),
    ("huge", "encode", 2, "(2**100 + 1, 2**64 + 2)", ctl(1, 2)),
    ("bools", "encode", 2, "(True, False)", ctl(1, 0)),
    ("index", "encode", 2, "(Idx(9), Idx(2**33 + 4))", ctl(9, 4)),
    ("tuple_subclass", "encode", 2, "TupleSub((3, 4))", ctl(3, 4)),
    # a name: CTLIOCGINFO's id, unit 0
    ("name", "encode", 2, repr(CTL_NAME), ctl(CTL_ID, 0)),
    ("name_subclass", "encode", 2, "StrSub(%r)" % CTL_NAME, ctl(CTL_ID, 0)),
    ("name_unknown", "encode", 2, "'com.example.nothing'",
     _err("OSError", NOT_FOUND)),
    # pysock's own: a lookup that could not be made is not "not found"
    ("name_foreign", "encode", 2, "'foreign'",
     _err("ForeignPlatformError", "no system call here")),
    ("name_96", "encode", 2, repr(NAME96), _err("OSError", NOT_FOUND)),
    ("name_96_utf8", "encode", 2, repr("\u00e9" * 48), _err("OSError", NOT_FOUND)),
    ("name_97", "encode", 2, repr(NAME96 + "n"),
     _err("ValueError", "provided string is too long")),
    ("name_98_utf8", "encode", 2, repr("\u00e9" * 49),
     _err("ValueError", "provided string is too long")),
    ("name_nul", "encode", 2, "'a\\0b'", _err("ValueError", "embedded null byte")),
    ("name_surrogate", "encode", 2, "'\\ud800'",
     _err("UnicodeEncodeError",
          "'utf-8' codec can't encode character '\\ud800' in position 0: "
          "surrogates not allowed")),
    ("name_escaped", "encode", 2, "'\\udcff'", _err("OSError", NOT_FOUND)),
    # whatever else: the "II" parse failed, one TypeError
    ("one", "encode", 2, "(1,)", _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("three", "encode", 2, "(1, 2, 3)", _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("empty", "encode", 2, "()", _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("list", "encode", 2, "[1, 2]", _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("bytes_name", "encode", 2, repr(CTL_NAME.encode()),
     _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("int", "encode", 2, "5", _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("none", "encode", 2, "None", _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("float", "encode", 2, "(1.5, 2)", _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("str_id", "encode", 2, "('1', 2)", _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("none_unit", "encode", 2, "(1, None)", _err("TypeError", PF_SYSTEM_TYPE % "connect")),
    ("bind_caller", "encode", 2, "[1]", _err("TypeError", PF_SYSTEM_TYPE % "bind")),
    # another protocol: nothing else is looked at
    ("event", "encode", SYSPROTO_EVENT, "(1, 2)",
     _err("OSError", "connect(): unsupported PF_SYSTEM protocol")),
    ("proto0_name", "encode", 0, repr(CTL_NAME),
     _err("OSError", "connect(): unsupported PF_SYSTEM protocol")),
    ("bind_event", "encode", SYSPROTO_EVENT, "None",
     _err("OSError", "bind(): unsupported PF_SYSTEM protocol")),
    # decode: (sc_id, sc_unit) for SYSPROTO_CONTROL
    ("d_pair", "decode", 2, ctl(7, 9), (7, 9)),
    ("d_max", "decode", 2, ctl(MASK32, MASK32), (MASK32, MASK32)),
    ("d_reserved_ignored", "decode", 2,
     ctl(1, 2)[:12] + b"\x01" * 20, (1, 2)),
    ("d_event", "decode", SYSPROTO_EVENT, ctl(1, 2),
     _err("ValueError", "Invalid address type")),
    ("d_proto0", "decode", 0, ctl(1, 2), _err("ValueError", "Invalid address type")),
]

A = "01:02:03:04:05:06"
B = "AA:BB:CC:DD:EE:FF"
ZERO = "00:00:00:00:00:00"
WRONG = "connect(): wrong format"

FREEBSD = [
    # L2CAP: "sH|HB"
    ("l2_pair", "encode", L2CAP, repr((A, 1)), l2cap(A, 1)),
    ("l2_cid", "encode", L2CAP, repr((B, 0x1001, 0x40)), l2cap(B, 0x1001, 0x40)),
    ("l2_type", "encode", L2CAP, repr((ZERO, 3, 0, 2)), l2cap(ZERO, 3, 0, 2)),
    ("l2_lower", "encode", L2CAP, repr((B.lower(), 5)), l2cap(B, 5)),
    ("l2_masks", "encode", L2CAP, repr((A, 0x12345, 2**16 + 1, 257)),
     l2cap(A, 0x2345, 1, 1)),
    ("l2_negative", "encode", L2CAP, repr((A, -1, -2, -1)),
     l2cap(A, 0xFFFF, 0xFFFE, 0xFF)),
    ("l2_index", "encode", L2CAP, "(%r, Idx(7))" % A, l2cap(A, 7)),
    ("l2_one", "encode", L2CAP, repr((A,)), _err("OSError", WRONG)),
    ("l2_five", "encode", L2CAP, repr((A, 1, 2, 3, 4)), _err("OSError", WRONG)),
    ("l2_str", "encode", L2CAP, repr(A), _err("OSError", WRONG)),
    ("l2_list", "encode", L2CAP, repr([A, 1]), _err("OSError", WRONG)),
    ("l2_bytes", "encode", L2CAP, repr((A.encode(), 1)), _err("OSError", WRONG)),
    ("l2_str_psm", "encode", L2CAP, repr((A, "1")), _err("OSError", WRONG)),
    ("l2_float", "encode", L2CAP, repr((A, 1.0)), _err("OSError", WRONG)),
    ("l2_nul", "encode", L2CAP, repr(("01:02\0", 1)), _err("OSError", WRONG)),
    ("l2_bind", "encode", L2CAP, "None", _err("OSError", "bind(): wrong format")),
    ("l2_short", "encode", L2CAP, repr(("01:02:03:04:05", 1)),
     _err("OSError", BAD_BDADDR)),
    ("l2_octet", "encode", L2CAP, repr(("01:02:03:04:05:100", 1)),
     _err("OSError", BAD_BDADDR)),
    ("l2_trailing", "encode", L2CAP, repr((A + "x", 1)), _err("OSError", BAD_BDADDR)),
    ("l2_empty", "encode", L2CAP, repr(("", 1)), _err("OSError", BAD_BDADDR)),
    ("d_l2_pair", "decode", L2CAP, l2cap(A, 1), (A, 1)),
    ("d_l2_cid", "decode", L2CAP, l2cap(B, 0xFFFF, 0x40), (B, 0xFFFF, 0x40)),
    ("d_l2_type", "decode", L2CAP, l2cap(ZERO, 3, 0, 2), (ZERO, 3, 0, 2)),
    ("d_l2_cid1", "decode", L2CAP, l2cap(A, 5, 1), (A, 5, 1)),
    ("d_l2_type_only", "decode", L2CAP, l2cap(A, 5, 0, 1), (A, 5, 0, 1)),
    # RFCOMM: "sB"
    ("rc_pair", "encode", RFCOMM, repr((A, 3)), rfcomm(A, 3)),
    ("rc_mask", "encode", RFCOMM, repr((B, 256 + 7)), rfcomm(B, 7)),
    ("rc_negative", "encode", RFCOMM, repr((A, -1)), rfcomm(A, 0xFF)),
    ("rc_one", "encode", RFCOMM, repr((A,)), _err("OSError", WRONG)),
    ("rc_three", "encode", RFCOMM, repr((A, 1, 2)), _err("OSError", WRONG)),
    ("rc_str", "encode", RFCOMM, repr(A), _err("OSError", WRONG)),
    ("rc_none", "encode", RFCOMM, repr((A, None)), _err("OSError", WRONG)),
    ("rc_bad", "encode", RFCOMM, repr(("1:2:3", 1)), _err("OSError", BAD_BDADDR)),
    ("d_rc", "decode", RFCOMM, rfcomm(B, 30), (B, 30)),
    # HCI: PyArg_Parse(args, "s"), a netgraph node name
    ("hci_node", "encode", HCI, repr("ubt0hci"), hci(b"ubt0hci")),
    ("hci_empty", "encode", HCI, repr(""), hci(b"")),
    ("hci_32", "encode", HCI, repr("h" * 32), hci(b"h" * 32)),
    ("hci_32_utf8", "encode", HCI, repr("\u00e9" * 16), hci(("\u00e9" * 16).encode())),
    ("hci_subclass", "encode", HCI, "StrSub('ubt1hci')", hci(b"ubt1hci")),
    ("hci_33", "encode", HCI, repr("h" * 33),
     _err("ValueError", "connect: node too long")),
    ("hci_34_utf8", "encode", HCI, repr("\u00e9" * 17),
     _err("ValueError", "connect: node too long")),
    ("hci_tuple", "encode", HCI, repr(("ubt0hci",)),
     _err("OSError", "connect: wrong format")),
    ("hci_bytes", "encode", HCI, repr(b"ubt0hci"),
     _err("OSError", "connect: wrong format")),
    ("hci_int", "encode", HCI, "0", _err("OSError", "connect: wrong format")),
    ("hci_nul", "encode", HCI, repr("ubt\0hci"),
     _err("OSError", "connect: wrong format")),
    ("hci_surrogate", "encode", HCI, repr("\ud800"),
     _err("OSError", "connect: wrong format")),
    ("hci_bind", "encode", HCI, "None", _err("OSError", "bind: wrong format")),
    ("d_hci", "decode", HCI, hci(b"ubt0hci"), "ubt0hci"),
    ("d_hci_32", "decode", HCI, hci(b"h" * 32), "h" * 32),
    ("d_hci_after_nul", "decode", HCI, hci(b"ab\0cd"), "ab"),
    ("d_hci_utf8", "decode", HCI, hci("\u00e9t\u00e9".encode()), "\u00e9t\u00e9"),
    ("d_hci_bad_utf8", "decode", HCI, hci(b"\xff"),
     _err("UnicodeDecodeError",
          "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte")),
    # SCO: bytes ("y") or str ("s")
    ("sco_str", "encode", SCO, repr(A), sco(A)),
    ("sco_bytes", "encode", SCO, repr(B.encode()), sco(B)),
    ("sco_bytearray", "encode", SCO, "bytearray(%r)" % A.encode(),
     _err("OSError", WRONG)),
    ("sco_tuple", "encode", SCO, repr((A,)), _err("OSError", WRONG)),
    ("sco_bytes_nul", "encode", SCO, repr(b"01\0"),
     _err("ValueError", "embedded null byte")),
    ("sco_str_nul", "encode", SCO, repr("01\0"),
     _err("ValueError", "embedded null character")),
    ("sco_bad", "encode", SCO, repr("01:02:03:04:05:06:07"),
     _err("OSError", BAD_BDADDR)),
    ("sco_bad_bytes", "encode", SCO, repr(b"zz:02:03:04:05:06"),
     _err("OSError", BAD_BDADDR)),
    ("d_sco", "decode", SCO, sco(B), B),
    # another protocol
    ("unknown", "encode", 0, repr((A, 1)),
     _err("OSError", "connect(): unknown Bluetooth protocol")),
    ("unknown_bind", "encode", 200, "None",
     _err("OSError", "bind(): unknown Bluetooth protocol")),
    ("d_unknown", "decode", 0, l2cap(A, 1),
     _err("ValueError", "Unknown Bluetooth protocol")),
]

PLATFORMS = {
    "darwin": (AF_SYSTEM, DARWIN, ["sockaddr_ctl"], "darwin_x86_64",
               SYSPROTO_CONTROL, "system"),
    "freebsd": (AF_BLUETOOTH, FREEBSD,
                ["sockaddr_l2cap", "sockaddr_rfcomm", "sockaddr_hci", "sockaddr_sco"],
                "freebsd_amd64", L2CAP, "bluetooth_bsd"),
}


def _cases(table):
    cases = []
    for case_id, op, proto, given, _ in table:
        caller = "bind" if "bind" in case_id else "connect"
        if op == "encode":
            cases.append({"id": case_id, "op": op, "proto": proto,
                          "address": given, "caller": caller})
        else:
            cases.append({"id": case_id, "op": op, "proto": proto,
                          "data": given.hex()})
    return cases


_RUNS = {}


def results(backend):
    if backend not in _RUNS:
        family, table, structs, _, proto, _ = PLATFORMS[backend]
        _RUNS[backend] = run(backend, family, _cases(table), structs, proto)
    return _RUNS[backend]


def _check(backend, row):
    case_id, op, proto, given, expected = row
    got = results(backend)["results"][case_id]
    if isinstance(expected, tuple) and expected[:1] == ("error",):
        _, kind, message = expected
        assert "error" in got, (case_id, got)
        assert (got["error"], got["message"]) == (kind, message), case_id
        if kind == "OSError":
            # CPython's own messages carry no errno
            assert got["errno"] is None, case_id
    elif isinstance(expected, bytes):
        assert got.get("ok") == expected.hex(), (case_id, got)
    else:
        assert got.get("ok") == repr(expected), (case_id, got)
    return got


@pytest.mark.parametrize("row", DARWIN, ids=[row[0] for row in DARWIN])
def test_darwin_system(row):
    got = _check("darwin", row)
    case_id = row[0]
    # the name goes to CTLIOCGINFO only for a str that fits
    if case_id in ("name", "name_subclass"):
        assert got["calls"] == [CTL_NAME.encode().hex()]
    elif case_id == "name_unknown":
        assert got["calls"] == [b"com.example.nothing".hex()]
    elif case_id == "name_96":
        assert got["calls"] == [NAME96.encode().hex()]
    elif case_id == "name_96_utf8":
        assert got["calls"] == [("\u00e9" * 48).encode().hex()]
    elif case_id == "name_foreign":
        assert got["calls"] == [b"foreign".hex()]
    elif case_id == "name_escaped":
        assert got["calls"] == ["ff"]  # surrogateescape, as os.fsencode
    else:
        assert got["calls"] == [], case_id


@pytest.mark.parametrize("row", FREEBSD, ids=[row[0] for row in FREEBSD])
def test_freebsd_bluetooth(row):
    got = _check("freebsd", row)
    assert got["calls"] == []


@pytest.mark.parametrize("backend", ["darwin", "freebsd"])
def test_encode_then_decode(backend):
    """Encoded bytes fed back through decode give the address (in the form
    makesockaddr builds), in a second run of the subprocess."""
    family, table, structs, _, proto, _ = PLATFORMS[backend]
    first = results(backend)["results"]
    cases = []
    for case_id, op, p, given, expected in table:
        if op == "encode" and isinstance(expected, bytes):
            cases.append({"id": case_id, "op": "decode", "proto": p,
                          "data": first[case_id]["ok"]})
    again = run(backend, family, cases, structs, proto)["results"]
    canonical = {
        "pair": (1, 2), "max": (MASK32, MASK32), "id_2_32": (5, 7),
        "name": (CTL_ID, 0),
        "l2_pair": (A, 1), "l2_cid": (B, 0x1001, 0x40), "l2_type": (ZERO, 3, 0, 2),
        "l2_lower": (B, 5), "l2_masks": (A, 0x2345, 1, 1),
        "l2_negative": (A, 0xFFFF, 0xFFFE, 0xFF),
        "rc_pair": (A, 3), "rc_mask": (B, 7),
        "hci_node": "ubt0hci", "hci_32": "h" * 32, "hci_empty": "",
        "hci_32_utf8": "\u00e9" * 16,
        "sco_str": A, "sco_bytes": B,
    }
    seen = 0
    for case_id, expected in canonical.items():
        if case_id in again:
            assert again[case_id] == {"ok": repr(expected), "calls": []}, case_id
            seen += 1
    assert seen == len([c for c in canonical if c in first])
    assert seen >= 4


@pytest.mark.parametrize("backend", ["darwin", "freebsd"])
def test_structures_match_headers(backend):
    """The codec's ctypes structures have the headers' sizes and offsets."""
    _, _, structs, platform, _, _ = PLATFORMS[backend]
    got = results(backend)["layouts"]
    for name in structs:
        want = _struct(platform, name)
        assert got[name]["size"] == want["size"], name
        assert got[name]["fields"] == {k: list(v) for k, v in want["fields"].items()}, name


def test_darwin_arm64_layout_is_the_same():
    """sockaddr_ctl is the same on both Macs (so one table serves both)."""
    assert _struct("darwin_arm64", "sockaddr_ctl") == _struct("darwin_x86_64", "sockaddr_ctl")


@pytest.mark.parametrize("backend", ["darwin", "freebsd"])
def test_import_and_registry(backend):
    """``import pysock`` works under the forced platform, which is foreign,
    and the family's contextual codec is the module written for it."""
    out = results(backend)
    module = PLATFORMS[backend][5]
    assert out["platform"] == backend
    assert out["native"] is False
    assert out["codec"] == "pysock.families." + module
    assert out["lookup"] == "None"  # contextual: reached through encode/decode


@pytest.mark.parametrize("backend", ["darwin", "freebsd"])
def test_socket_is_refused(backend):
    """pysock.socket() on a foreign platform raises ForeignPlatformError."""
    assert results(backend)["socket"].startswith("ForeignPlatformError: ")


# ---------------------------------------------------------------------------
# The format units' masking, against this interpreter's PyArg_ParseTuple.
# ---------------------------------------------------------------------------

MASK_CASES = [2**32 + 5, -1, -2**40 - 3, 2**100 + 1, 2**64 + 2, 0xFFFFFFFF, 7]


def test_I_unit_masks_like_cpython():
    """CPython's "I" takes any int and keeps its low 32 bits (no
    OverflowError): what the "II" rows above expect, checked on the real
    parser where _testcapi exposes it."""
    try:
        import _testcapi as testcapi
    except (ImportError, FileNotFoundError):
        # Debian's PyPy ships no _testcapimodule.c, so its import raises
        # FileNotFoundError; PyPy has no C argument parser to check anyway.
        pytest.skip("no _testcapi (CPython's C-API test module)")
    if not hasattr(testcapi, "getargs_I"):
        pytest.skip("_testcapi has no getargs_I")
    for value in MASK_CASES:
        assert testcapi.getargs_I(value) == value & MASK32, value
    for value in (2**16 + 1, 0x12345, -1, -2):
        assert testcapi.getargs_H(value) == value & 0xFFFF, value
    for value in (257, -1, 256 + 7):
        assert testcapi.getargs_B(value) == value & 0xFF, value
