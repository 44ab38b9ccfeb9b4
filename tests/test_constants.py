"""The constant tables: against the stdlib, against the headers, per CPU.

1. Contract: every constant of the running interpreter's stdlib ``socket``
   module has the same value in pysock's table and on the pysock module.
2. The committed table is what tools/gen_constants.py makes from the headers
   of this machine today (and the per-CPU data is what the cross toolchains
   make, when they are installed).
3. The per-CPU tables, checked against numbers quoted from the headers.
"""

import ctypes
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys

import pytest

from pysock._libc import constants

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(ROOT, "tools", "gen_constants.py")
TABLE = os.path.join(ROOT, "pysock", "_libc", "_constants_linux.py")
ARCH_DATA = os.path.join(ROOT, "tools", "constants_data", "arch_linux.txt")

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the Linux table is checked on Linux")


# PyPy 3.9's own _socket exports these, CPython's socket module does not
# (PyPy's rsocket module table: poll's bits, FD_SETSIZE, the interface
# ioctls, and the _ssl module's error codes).  pysock exports what CPython's
# socket does; on PyPy these are left out of the contract, by name.
PYPY_ONLY = frozenset(
    ["FD_SETSIZE", "SIOCGIFINDEX", "SIOCGIFNAME"]
    + ["POLL" + n for n in ("ERR", "HUP", "IN", "MSG", "NVAL", "OUT", "PRI",
                            "RDBAND", "RDNORM", "WRNORM")]
    + ["SSL_ERROR_" + n for n in ("EOF", "INVALID_ERROR_CODE", "SSL", "SYSCALL",
                                  "WANT_CONNECT", "WANT_READ", "WANT_WRITE",
                                  "WANT_X509_LOOKUP", "ZERO_RETURN")]
)


def stdlib_constants():
    """(name, value) of every constant of the stdlib socket module.

    Constants are the int and str attributes with upper-case names; left out
    are CAPI (a PyCapsule of the C module, meaningless to pure Python) and
    the functions and classes (CMSG_LEN, SocketType, AddressFamily, ...).
    Enum members (AF_INET is an AddressFamily) are ints too.
    """
    for name in sorted(dir(socket)):
        if not re.match(r"^[A-Z][A-Za-z0-9_]*$", name) or name == "CAPI":
            continue
        if name in PYPY_ONLY and sys.implementation.name == "pypy":
            continue
        value = getattr(socket, name)
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            continue
        yield name, value


def mismatches(lookup):
    """Names whose value differs from the stdlib's, with both values."""
    bad = []
    for name, expected in stdlib_constants():
        try:
            got = lookup(name)
        except (KeyError, AttributeError):
            bad.append("%s: missing (stdlib: %r)" % (name, expected))
            continue
        if isinstance(expected, str):
            ok = isinstance(got, str) and got == expected
        else:
            # enum members compare by their int value
            ok = (isinstance(got, int) and not isinstance(got, bool)
                  and int(got) == int(expected))
        if not ok:
            bad.append("%s: pysock %r, stdlib %r" % (name, got, expected))
    return bad


# --------------------------------------------------------------------------
# 1. Contract with the stdlib

@linux_only
def test_table_has_every_stdlib_constant_with_its_value():
    assert list(stdlib_constants()), "no constants in the stdlib socket?"
    bad = mismatches(lambda name: constants.VALUES[name])
    assert not bad, "\n".join(bad)


@linux_only
def test_pysock_module_has_every_stdlib_constant_with_its_value():
    import pysock
    bad = mismatches(lambda name: getattr(pysock, name))
    assert not bad, "\n".join(bad)


@linux_only
def test_pysock_module_exports_every_table_name():
    import pysock
    missing = sorted(n for n in constants.VALUES if not hasattr(pysock, n))
    assert not missing, "not exported: %s" % ", ".join(missing)
    wrong = sorted(n for n, v in constants.VALUES.items()
                   if getattr(pysock, n) != v)
    assert not wrong, "exported with another value: %s" % ", ".join(wrong)


@linux_only
@pytest.mark.parametrize("prefix", ["AF_", "SOCK_", "MSG_", "AI_"])
def test_no_extra_alias_in_an_enum_family(prefix):
    # Lib/socket.py builds AddressFamily, SocketKind, MsgFlag, AddressInfo
    # from the upper-case names with these prefixes; an extra name sharing a
    # value with a stdlib one would become the member's name in pysock.
    by_value = {}
    for name, value in constants.VALUES.items():
        if name.isupper() and name.startswith(prefix):
            by_value.setdefault(value, []).append(name)
    stdlib = dict(stdlib_constants())
    bad = [sorted(names) for names in by_value.values()
           if len(names) > 1 and not all(n in stdlib for n in names)]
    assert not bad


def test_capi_is_not_a_constant():
    assert "CAPI" not in constants.VALUES


@linux_only
def test_values_are_ints_or_the_bluetooth_address_strings():
    strings = {n for n, v in constants.VALUES.items() if isinstance(v, str)}
    assert strings == {"BDADDR_ANY", "BDADDR_LOCAL"}
    assert constants.VALUES["BDADDR_ANY"] == "00:00:00:00:00:00"
    assert constants.VALUES["BDADDR_LOCAL"] == "00:00:00:FF:FF:FF"
    assert all(type(v) is int for n, v in constants.VALUES.items()
               if n not in strings)


@linux_only
def test_values_is_the_selection_for_this_machine():
    expected = constants.select(os.uname().machine,
                                ctypes.sizeof(ctypes.c_long) * 8)
    assert constants.VALUES == expected


# --------------------------------------------------------------------------
# 2. The committed table is the generator's output

def _generator_inputs_missing():
    """What the generator needs and this machine lacks, or None."""
    for tool in ("gcc", "objcopy"):
        if shutil.which(tool) is None:
            return "the program %s (gcc, binutils)" % tool
    for header in ("linux/tipc.h", "bluetooth/bluetooth.h"):
        if not os.path.exists(os.path.join("/usr/include", header)):
            return "the header <%s> (linux-libc-dev, libbluetooth-dev)" % header
    return None


# A development-time check: on a machine without the C headers it steps
# aside, except where PYSOCK_REQUIRE_HEADERS=1 says they must be there
# (.ci/run installs them and sets it, so CI always runs it).
_MISSING = _generator_inputs_missing()


@linux_only
@pytest.mark.skipif(
    _MISSING is not None and os.environ.get("PYSOCK_REQUIRE_HEADERS") != "1",
    reason="regenerating the table needs %s, which is missing" % _MISSING)
def test_committed_table_is_regenerated_byte_for_byte(tmp_path):
    out = tmp_path / "_constants_linux.py"
    proc = subprocess.run([sys.executable, GENERATOR, "--output", str(out)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    assert proc.returncode == 0, proc.stderr
    with open(TABLE, "rb") as f:
        committed = f.read()
    assert out.read_bytes() == committed, (
        "pysock/_libc/_constants_linux.py is stale: "
        "run  python3 tools/gen_constants.py")


_CROSS = ("alpha-linux-gnu", "mips-linux-gnu", "mips64el-linux-gnuabi64",
          "hppa-linux-gnu", "powerpc-linux-gnu", "powerpc64le-linux-gnu",
          "sparc64-linux-gnu")
_missing_cross = [t for t in _CROSS if shutil.which(t + "-gcc") is None]


@linux_only
@pytest.mark.skipif(bool(_missing_cross),
                    reason="per-CPU data is re-derived only with the Debian "
                           "cross toolchains (gcc-<triple>); missing: %s"
                           % ", ".join(_missing_cross))
def test_per_cpu_data_is_rederived_byte_for_byte(tmp_path):
    out = tmp_path / "arch_linux.txt"
    proc = subprocess.run([sys.executable, GENERATOR, "--extract-arch",
                           "--arch-output", str(out)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    assert proc.returncode == 0, proc.stderr
    with open(ARCH_DATA, "rb") as f:
        assert out.read_bytes() == f.read()


# --------------------------------------------------------------------------
# 3. Per-CPU tables, against numbers quoted from the headers

# Generic Linux CPUs (x86, arm, arm64, riscv, s390, ...):
# include/uapi/asm-generic/socket.h and glibc's generic bits/socket_type.h.
GENERIC = {
    "SOL_SOCKET": 1,            # #define SOL_SOCKET 1
    "SO_REUSEADDR": 2,          # #define SO_REUSEADDR 2
    "SO_TYPE": 3,
    "SO_RCVBUF": 8,
    "SO_REUSEPORT": 15,
    "SO_PASSCRED": 16,
    "SO_PEERCRED": 17,
    "SO_RCVLOWAT": 18,
    "SO_RCVTIMEO": 20,          # SO_RCVTIMEO_OLD on 64-bit
    "SO_ACCEPTCONN": 30,
    "SO_INCOMING_CPU": 49,
    "SO_ZEROCOPY": 60,
    "SO_TXTIME": 61,
    "SO_BINDTOIFINDEX": 62,
    "SOCK_STREAM": 1,           # SOCK_STREAM = 1
    "SOCK_DGRAM": 2,
    "SOCK_NONBLOCK": 0o4000,    # SOCK_NONBLOCK = 00004000
    "SOCK_CLOEXEC": 0o2000000,  # SOCK_CLOEXEC = 02000000
    "EAGAIN": 11,               # asm-generic/errno-base.h
    # linux/vm_sockets.h: _IO(7, 0xb9); asm-generic/ioctl.h: _IOC_NONE 0U
    "IOCTL_VM_SOCKETS_GET_LOCAL_CID": 0x7B9,
}

CASES = {
    # arch/mips/include/uapi/asm/socket.h (torvalds/linux cf5c5763)
    "mips": {
        "SOL_SOCKET": 0xFFFF,          # #define SOL_SOCKET 0xffff
        "SO_REUSEADDR": 0x0004,        # #define SO_REUSEADDR 0x0004
        "SO_KEEPALIVE": 0x0008,
        "SO_REUSEPORT": 0x0200,        # #define SO_REUSEPORT 0x0200
        "SO_TYPE": 0x1008,             # #define SO_TYPE 0x1008
        "SO_SNDBUF": 0x1001,
        "SO_RCVLOWAT": 0x1004,
        "SO_RCVTIMEO": 0x1006,         # SO_RCVTIMEO_OLD 0x1006
        "SO_SNDTIMEO": 0x1005,         # SO_SNDTIMEO_OLD 0x1005
        "SO_ACCEPTCONN": 0x1009,
        "SO_PROTOCOL": 0x1028,
        "SO_DOMAIN": 0x1029,
        "SO_PASSCRED": 17,             # #define SO_PASSCRED 17
        "SO_PEERCRED": 18,
        "SO_SNDBUFFORCE": 31,          # #define SO_SNDBUFFORCE 31
        "SO_RCVBUFFORCE": 33,          # same as generic
        "SO_BINDTOIFINDEX": 62,        # same as generic
        "SO_TXREHASH": 74,
        # glibc sysdeps/unix/sysv/linux/mips/bits/socket_type.h
        # (/usr/mips-linux-gnu/include/bits/socket_type.h)
        "SOCK_DGRAM": 1,               # SOCK_DGRAM = 1
        "SOCK_STREAM": 2,              # SOCK_STREAM = 2
        "SOCK_RAW": 3,
        "SOCK_NONBLOCK": 0o200,        # SOCK_NONBLOCK = 00000200
        "SOCK_CLOEXEC": 0o2000000,     # SOCK_CLOEXEC = 02000000
        # arch/mips/include/uapi/asm/ioctl.h: _IOC_SIZEBITS 13, _IOC_NONE 1U
        # so _IO(7, 0xb9) = 1 << 29 | 7 << 8 | 0xb9
        "IOCTL_VM_SOCKETS_GET_LOCAL_CID": 0x200007B9,
        "EAGAIN": 11,
    },
    # arch/sparc/include/uapi/asm/socket.h (torvalds/linux bfaf0393)
    "sparc": {
        "SOL_SOCKET": 0xFFFF,
        "SO_PASSCRED": 0x0002,         # #define SO_PASSCRED 0x0002
        "SO_PEERCRED": 0x0040,         # #define SO_PEERCRED 0x0040
        "SO_REUSEPORT": 0x0200,
        "SO_BSDCOMPAT": 0x0400,
        "SO_RCVLOWAT": 0x0800,
        "SO_SNDLOWAT": 0x1000,
        "SO_RCVTIMEO": 0x2000,         # SO_RCVTIMEO_OLD 0x2000
        "SO_SNDTIMEO": 0x4000,         # SO_SNDTIMEO_OLD 0x4000
        "SO_ACCEPTCONN": 0x8000,
        "SO_BINDTODEVICE": 0x000D,
        "SO_MARK": 0x0022,
        "SO_BUSY_POLL": 0x0030,
        "SO_INCOMING_CPU": 0x0033,
        "SO_ZEROCOPY": 0x003E,
        "SO_TXTIME": 0x003F,
        "SCM_TXTIME": 0x003F,          # #define SCM_TXTIME SO_TXTIME
        "SO_BINDTOIFINDEX": 0x0041,
        "SO_TIMESTAMP": 0x001D,        # SO_TIMESTAMP_OLD 0x001d (= generic 29)
        # /usr/sparc64-linux-gnu/include/bits/socket_type.h
        "SOCK_STREAM": 1,
        "SOCK_NONBLOCK": 0x004000,     # SOCK_NONBLOCK = 0x004000
        "SOCK_CLOEXEC": 0x400000,      # SOCK_CLOEXEC = 0x400000
        # arch/sparc/include/uapi/asm/ioctl.h: _IOC_NONE 1U, 13 size bits
        "IOCTL_VM_SOCKETS_GET_LOCAL_CID": 0x200007B9,
    },
    # arch/parisc/include/uapi/asm/socket.h (torvalds/linux 03ab8e62)
    "parisc": {
        "SOL_SOCKET": 0xFFFF,
        "SO_REUSEADDR": 0x0004,
        "SO_SNDBUFFORCE": 0x100A,      # #define SO_SNDBUFFORCE 0x100a
        "SO_RCVTIMEO": 0x1006,         # SO_RCVTIMEO_OLD 0x1006
        "SO_PEERNAME": 0x2000,
        "SO_PRIORITY": 0x400C,
        "SO_PASSCRED": 0x4010,
        "SO_PEERCRED": 0x4011,
        "SO_BINDTODEVICE": 0x4019,
        "SO_ACCEPTCONN": 0x401C,
        "SO_MARK": 0x401F,
        "SO_BUSY_POLL": 0x4027,
        "SO_INCOMING_CPU": 0x402A,
        "SO_ZEROCOPY": 0x4035,
        "SO_TXTIME": 0x4036,
        "SO_BINDTOIFINDEX": 0x4037,
        "SO_TXREHASH": 0x4048,
        "SO_RCVMARK": 0x4049,          # later version: SO_RCVMARK 0x4049
        # /usr/hppa-linux-gnu/include/bits/socket_type.h
        "SOCK_NONBLOCK": 0x40000000,   # SOCK_NONBLOCK = 0x40000000
        "SOCK_CLOEXEC": 0o10000000,    # SOCK_CLOEXEC = 010000000
        # arch/parisc/include/uapi/asm/ioctl.h: _IOC_NONE 0U (generic layout)
        "IOCTL_VM_SOCKETS_GET_LOCAL_CID": 0x7B9,
    },
    # arch/alpha/include/uapi/asm/socket.h (torvalds/linux 02b5a603)
    "alpha": {
        "SOL_SOCKET": 0xFFFF,
        "SO_TYPE": 0x1008,
        "SO_SNDBUFFORCE": 0x100A,
        "SO_RCVBUFFORCE": 0x100B,
        "SO_RCVLOWAT": 0x1010,         # #define SO_RCVLOWAT 0x1010
        "SO_SNDLOWAT": 0x1011,
        "SO_RCVTIMEO": 0x1012,
        "SO_SNDTIMEO": 0x1013,
        "SO_ACCEPTCONN": 0x1014,
        "SO_PASSCRED": 17,
        "SO_PEERCRED": 18,
        "SO_SECURITY_AUTHENTICATION": 19,
        "SO_BUSY_POLL": 46,            # same as generic
        # /usr/alpha-linux-gnu/include/bits/socket_type.h
        "SOCK_NONBLOCK": 0x40000000,
        "SOCK_CLOEXEC": 0o10000000,
        # arch/alpha/include/uapi/asm/errno.h: #define EAGAIN 35,
        # #define EWOULDBLOCK EAGAIN
        "EAGAIN": 35,
        "EWOULDBLOCK": 35,
        # arch/alpha/include/uapi/asm/ioctl.h: _IOC_NONE 1U, 13 size bits
        "IOCTL_VM_SOCKETS_GET_LOCAL_CID": 0x200007B9,
    },
    # arch/powerpc/include/uapi/asm/socket.h (torvalds/linux 0d4a42f6)
    "powerpc": {
        "SOL_SOCKET": 1,
        "SO_REUSEPORT": 15,
        "SO_RCVLOWAT": 16,             # #define SO_RCVLOWAT 16
        "SO_SNDLOWAT": 17,
        "SO_RCVTIMEO": 18,
        "SO_SNDTIMEO": 19,
        "SO_PASSCRED": 20,
        "SO_PEERCRED": 21,
        "SO_ACCEPTCONN": 30,           # same as generic
        "SOCK_NONBLOCK": 0o4000,       # generic glibc socket_type.h
        # arch/powerpc/include/uapi/asm/ioctl.h: _IOC_NONE 1U, 13 size bits
        "IOCTL_VM_SOCKETS_GET_LOCAL_CID": 0x200007B9,
    },
}

MACHINES = {
    "x86_64": None, "i686": None, "aarch64": None, "armv7l": None,
    "riscv64": None, "s390x": None, "loongarch64": None, "m68k": None,
    "mips": "mips", "mipsel": "mips", "mips64": "mips", "mips64el": "mips",
    "sparc": "sparc", "sparc64": "sparc",
    "parisc": "parisc", "parisc64": "parisc",
    "alpha": "alpha",
    "ppc": "powerpc", "ppc64": "powerpc", "ppc64le": "powerpc",
}


@pytest.mark.parametrize("machine,family", sorted(MACHINES.items()))
def test_machine_names_map_to_cpu_families(machine, family):
    assert constants.arch_family(machine) == family


@pytest.mark.parametrize("machine", ["x86_64", "aarch64", "riscv64", "s390x"])
def test_generic_cpus_use_the_asm_generic_numbers(machine):
    table = constants.select(machine)
    assert {n: table[n] for n in GENERIC} == GENERIC


@pytest.mark.parametrize("family", sorted(CASES))
def test_cpu_family_values_match_their_headers(family):
    machines = [m for m, f in MACHINES.items() if f == family]
    for machine in machines:
        table = constants.select(machine)
        got = {n: table[n] for n in CASES[family]}
        assert got == CASES[family], machine


def test_overrides_change_only_what_differs():
    from pysock._libc import _constants_linux as linux
    for family, overrides in linux.ARCH_OVERRIDES.items():
        for name, value in overrides.items():
            assert name in linux.VALUES, (family, name)
            assert value != linux.VALUES[name], (family, name)
    assert set(linux.ARCH_OVERRIDES) == {"alpha", "mips", "parisc",
                                         "powerpc", "sparc"}


def test_only_the_families_listed_touch_socket_level_numbers():
    # Names that are the same on every Linux CPU: protocol numbers, TCP and
    # IP options, address families, send/recv flags.
    for machine in set(MACHINES):
        table = constants.select(machine)
        assert table["AF_INET6"] == 10
        assert table["IPPROTO_TCP"] == 6
        assert table["TCP_NODELAY"] == 1
        assert table["IP_RECVERR"] == 11
        assert table["MSG_DONTWAIT"] == 0x40
        assert table["SO_ORIGINAL_DST"] == 80   # linux/netfilter_ipv4.h


def test_32_bit_interpreters_see_cpython_c_longs():
    # PyModule_AddIntConstant() takes a C long: 0xffffffff reads -1 there.
    table64 = constants.select("x86_64", 64)
    table32 = constants.select("i686", 32)
    assert table64["INADDR_NONE"] == 0xFFFFFFFF
    assert table32["INADDR_NONE"] == -1
    assert table32["INADDR_BROADCAST"] == -1
    assert table32["CAN_EFF_FLAG"] == -0x80000000
    assert table32["VMADDR_CID_ANY"] == -1
    # names CPython does not export keep their unsigned value
    assert table32["QRTR_NODE_BCAST"] == 0xFFFFFFFF
    assert table32["XDP_PGOFF_TX_RING"] == table64["XDP_PGOFF_TX_RING"]
    # the rest is the same
    changed = {n for n in table64 if table64[n] != table32[n]}
    assert changed == {"CAN_EFF_FLAG", "INADDR_ALLHOSTS_GROUP",
                       "INADDR_BROADCAST", "INADDR_MAX_LOCAL_GROUP",
                       "INADDR_NONE", "INADDR_UNSPEC_GROUP", "VMADDR_CID_ANY",
                       "VMADDR_PORT_ANY", "VM_SOCKETS_INVALID_VERSION"}


def test_select_returns_a_new_dict():
    a = constants.select("x86_64")
    a["AF_INET"] = -1
    assert constants.select("x86_64")["AF_INET"] == 2


def test_select_rejects_odd_long_widths():
    with pytest.raises(ValueError):
        constants.select("x86_64", 16)


@pytest.mark.parametrize("name", ["android", "cygwin", "aix7", "sunos5", "openbsd7"])
def test_a_platform_without_a_layer_is_an_import_error_naming_it(name, monkeypatch):
    from pysock._libc import platform

    monkeypatch.setattr(sys, "platform", name)
    with pytest.raises(ImportError, match=re.escape(repr(name))):
        platform._host_name()


@pytest.mark.parametrize("name, expected", [
    ("linux", "linux"), ("darwin", "darwin"), ("freebsd14", "freebsd"),
    ("win32", "windows"),
])
def test_the_one_platform_decision(name, expected, monkeypatch):
    from pysock._libc import platform

    monkeypatch.setattr(sys, "platform", name)
    assert platform._host_name() == expected
