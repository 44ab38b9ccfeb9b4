"""The platform layer: one decision, a written backend contract, and every
platform's data run on this machine.

Each platform (linux, darwin on x86_64 and arm64, freebsd) is imported for
real in a subprocess with ``PYSOCK_BACKEND`` forcing it; that process
reports what pysock then uses -- its ctypes structures, the CMSG sizes, the
bytes its codecs produce, its constants, what a system call does -- and
the tests here compare that report with two independent sources committed
in ``tests/vectors/``:

* ``layouts.json``: struct sizes and offsets read from each OS's headers
  (xnu, FreeBSD, glibc) and from golang/sys's ``ztypes_*.go`` (cgo on real
  hosts);
* ``golang_zerrors.json``: constants and errno numbers from golang/sys's
  ``zerrors_*.go`` (mkerrors.sh on real hosts).

Nothing here was run on a macOS or FreeBSD host.
"""

import inspect
import json
import os
import re
import struct
import subprocess
import sys

import pytest

from pysock._libc import contract

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VECTORS = os.path.join(HERE, "vectors")

# PYSOCK_BACKEND, machine -> the key of tests/vectors/*.json
PLATFORMS = {
    ("linux", "x86_64"): "linux_x86_64",
    ("darwin", "x86_64"): "darwin_x86_64",
    ("darwin", "arm64"): "darwin_arm64",
    ("freebsd", "amd64"): "freebsd_amd64",
}

# What the subprocess reports: pysock imported under a forced platform.
_DUMP = r'''
import ctypes, json, sys
import pysock
from pysock import families
from pysock._resolve import setipaddr
from pysock._libc import backend, cstructs, platform as P
from pysock._libc.platform import PLATFORM, ForeignPlatformError

machine = sys.argv[1]
if PLATFORM.machine != machine and not PLATFORM.native:
    # The CPU of a foreign platform: reload its numbers for that machine.
    PLATFORM = P.load(PLATFORM.name, machine)

def layout(cls):
    return {"size": ctypes.sizeof(cls),
            "fields": {name: [getattr(cls, name).offset, getattr(cls, name).size]
                       for name, *_ in cls._fields_}}

S = cstructs.STRUCTURES
structs = {name: layout(getattr(S, name)) for name in ("msghdr", "cmsghdr", "addrinfo")}
for name in ("iovec", "pollfd", "hostent", "servent", "protoent", "if_nameindex"):
    structs[name] = layout(getattr(cstructs, name))
for family, module, struct_name in (("AF_INET", "inet", "sockaddr_in"),
                                    ("AF_INET6", "inet6", "sockaddr_in6"),
                                    ("AF_UNIX", "unix", "sockaddr_un")):
    codec = families.lookup(getattr(pysock, family))
    structs[struct_name] = layout(getattr(codec, struct_name))

def call(fn):
    try:
        return ["ok", repr(fn())]
    except Exception as exc:
        return ["raise", type(exc).__name__, str(exc)]

report = {
    "platform": PLATFORM.name,
    "native": PLATFORM.native,
    "backend": backend.name,
    "structs": structs,
    "cmsg": {"CMSG_LEN(0)": pysock.CMSG_LEN(0), "CMSG_SPACE(1)": pysock.CMSG_SPACE(1),
             "CMSG_SPACE(4)": pysock.CMSG_SPACE(4), "CMSG_SPACE(16)": pysock.CMSG_SPACE(16)},
    "sun_path": PLATFORM.layout.sun_path_size,
    "values": {k: v for k, v in PLATFORM.values.items()},
    "module_values": {k: getattr(pysock, k) for k in PLATFORM.values
                      if k.isupper() and hasattr(pysock, k)},
    "errno": PLATFORM.errno,
    "exported_errno": [pysock.EBADF, pysock.EAGAIN, pysock.EWOULDBLOCK],
    "encoded": {
        "inet": families.lookup(pysock.AF_INET).encode(("127.0.0.1", 8080), "bind", setipaddr).hex(),
        "inet6": families.lookup(pysock.AF_INET6).encode(("::1", 8080, 7, 3), "bind", setipaddr).hex(),
        "unix": families.lookup(pysock.AF_UNIX).encode("/tmp/s", "bind", None).hex(),
    },
    "decoded": {
        "inet": families.decode(bytes.fromhex(sys.argv[2])),
    },
    "calls": {
        "socket": call(lambda: pysock.socket()),
        "getaddrinfo": call(lambda: pysock.getaddrinfo("127.0.0.1", 80)),
        "gethostname": call(lambda: pysock.gethostname()),
    },
    "calls_available": sorted(backend.calls),
    "has": {name: hasattr(pysock.socket, name) for name in ("sendmsg", "recvmsg", "recvmsg_into")},
}
print(json.dumps(report))
'''


def _vectors(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)


LAYOUTS = _vectors("layouts.json")
GO = _vectors("golang_zerrors.json")["platforms"]


def _inet_bytes(key):
    """sockaddr_in of 127.0.0.1:8080 built from the header vector's offsets."""
    vector = LAYOUTS[key]["headers"]["structs"]["sockaddr_in"]
    f = vector["fields"]
    data = bytearray(vector["size"])
    family = {"linux": 2}.get(key.split("_")[0], 2)
    if "sin_len" in f:
        data[f["sin_len"][0]] = vector["size"]
        data[f["sin_family"][0]] = family
    else:
        struct.pack_into("=H", data, f["sin_family"][0], family)
    struct.pack_into("!H", data, f["sin_port"][0], 8080)
    data[f["sin_addr"][0]:f["sin_addr"][0] + 4] = bytes([127, 0, 0, 1])
    return bytes(data)


_REPORTS = {}


def report(name, machine):
    key = (name, machine)
    if key not in _REPORTS:
        env = dict(os.environ, PYSOCK_BACKEND=name)
        proc = subprocess.run(
            [sys.executable, "-c", _DUMP, machine, _inet_bytes(PLATFORMS[key]).hex()],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            universal_newlines=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        _REPORTS[key] = json.loads(proc.stdout)
    return _REPORTS[key]


PLATFORM_IDS = [pytest.param(k, id="%s-%s" % k) for k in PLATFORMS]
FOREIGN = [k for k in PLATFORMS if not sys.platform.startswith(k[0])]
FOREIGN_IDS = [pytest.param(k, id="%s-%s" % k) for k in FOREIGN]


# -- layouts: every struct pysock packs, against both sources ----------------

@pytest.mark.parametrize("key", PLATFORM_IDS)
def test_struct_layouts_agree_with_headers_and_golang(key):
    got = report(*key)["structs"]
    vectors = LAYOUTS[PLATFORMS[key]]
    checked = 0
    for source in ("headers", "golang"):
        expected_structs = vectors[source]["structs"]
        for name, mine in got.items():
            expected = expected_structs.get(name)
            if expected is None:
                continue
            assert mine["size"] == expected["size"], (source, name)
            checked += 1
            for field, place in expected["fields"].items():
                if field in mine["fields"]:
                    assert mine["fields"][field] == place, (source, name, field)
                    checked += 1
            # pysock may not leave out a field that a source states (the
            # private padding of sockaddr_storage aside).
            missing = set(expected["fields"]) - set(mine["fields"])
            assert not {m for m in missing if not m.startswith("_")}, (source, name, missing)
    # Every struct pysock packs is stated by at least one source.
    stated = set(vectors["headers"]["structs"]) | set(vectors["golang"]["structs"])
    assert set(got) - stated <= {"addrinfo", "hostent", "servent", "protoent"} - stated | set(), (
        set(got) - stated)
    assert checked >= 60


@pytest.mark.parametrize("key", PLATFORM_IDS)
def test_cmsg_sizes_agree_with_both_sources(key):
    got = report(*key)
    for source in ("headers", "golang"):
        expected = LAYOUTS[PLATFORMS[key]][source]["cmsg"]
        for name, value in got["cmsg"].items():
            assert value == expected[name], (source, name)
    assert got["sun_path"] == LAYOUTS[PLATFORMS[key]]["headers"]["sun_path"]


@pytest.mark.parametrize("key", PLATFORM_IDS)
def test_codecs_pack_at_the_vector_offsets(key):
    got = report(*key)
    assert bytes.fromhex(got["encoded"]["inet"]) == _inet_bytes(PLATFORMS[key])
    assert got["decoded"]["inet"] == ["127.0.0.1", 8080]
    vector = LAYOUTS[PLATFORMS[key]]["headers"]["structs"]
    inet6 = bytes.fromhex(got["encoded"]["inet6"])
    f6 = vector["sockaddr_in6"]["fields"]
    assert len(inet6) == vector["sockaddr_in6"]["size"]
    assert inet6[f6["sin6_port"][0]:][:2] == struct.pack("!H", 8080)
    assert inet6[f6["sin6_flowinfo"][0]:][:4] == struct.pack("!I", 7)
    assert inet6[f6["sin6_addr"][0]:][:16] == bytes(15) + b"\1"
    assert inet6[f6["sin6_scope_id"][0]:][:4] == struct.pack("=I", 3)
    unix = bytes.fromhex(got["encoded"]["unix"])
    fu = vector["sockaddr_un"]["fields"]
    assert unix[fu["sun_path"][0]:] == b"/tmp/s\0"
    family = got["values"]["AF_UNIX"]
    if "sun_len" in fu:
        assert unix[fu["sun_family"][0]] == family
        assert unix[fu["sun_len"][0]] == len(unix)
    else:
        assert struct.unpack_from("=H", unix, fu["sun_family"][0])[0] == family


# -- constants and errno: what pysock exports, against golang/sys ------------

GO_KEYS = {("darwin", "x86_64"): "darwin_amd64", ("darwin", "arm64"): "darwin_arm64",
           ("freebsd", "amd64"): "freebsd_amd64"}


@pytest.mark.parametrize("key", [pytest.param(k, id="%s-%s" % k) for k in GO_KEYS])
def test_exported_constants_and_errno_agree_with_golang(key):
    got = report(*key)
    go = GO[GO_KEYS[key]]
    # pysock's module exports exactly the platform's table
    assert got["module_values"] == {k: v for k, v in got["values"].items()
                                    if k in got["module_values"]}
    assert len(got["module_values"]) >= 150
    both = [name for name in got["values"] if name in go["constants"]]
    wrong = {n: (got["values"][n], go["constants"][n]) for n in both
             if got["values"][n] != go["constants"][n]}
    assert not wrong
    assert len(both) >= 140
    errno_both = [name for name in got["errno"] if name in go["errno"]]
    assert not {n for n in errno_both if got["errno"][n] != go["errno"][n]}
    assert len(errno_both) >= 90
    assert got["exported_errno"] == [go["errno"]["EBADF"], go["errno"]["EAGAIN"],
                                     go["errno"]["EWOULDBLOCK"]]


def test_the_platforms_differ_where_their_headers_do():
    darwin = report("darwin", "x86_64")["values"]
    freebsd = report("freebsd", "amd64")["values"]
    linux = report("linux", "x86_64")["values"]
    assert (linux["AF_INET6"], darwin["AF_INET6"], freebsd["AF_INET6"]) == (10, 30, 28)
    assert (linux["SOL_SOCKET"], darwin["SOL_SOCKET"], freebsd["SOL_SOCKET"]) == (1, 0xFFFF, 0xFFFF)
    assert "SOCK_CLOEXEC" not in darwin and "SOCK_NONBLOCK" not in darwin
    assert freebsd["SOCK_NONBLOCK"] == 0x20000000
    assert "TCP_KEEPALIVE" in darwin and "SYSPROTO_CONTROL" in darwin
    for name in ("LOCAL_CREDS", "LOCAL_CREDS_PERSISTENT", "SCM_CREDS2"):
        assert name in freebsd


# -- a forced platform on another OS: data only, no system call --------------

@pytest.mark.parametrize("key", FOREIGN_IDS)
def test_a_foreign_platform_makes_no_system_call(key):
    got = report(*key)
    assert got["platform"] == key[0] and got["backend"] == key[0]
    assert got["native"] is False
    for call, outcome in got["calls"].items():
        assert outcome[0] == "raise" and outcome[1] == "ForeignPlatformError", (call, outcome)
        assert "makes no system call" in outcome[2] and key[0] in outcome[2]
    # Every call of the contract but Winsock's own (absent on POSIX).
    assert set(got["calls_available"]) == set(contract.CALLS) - {
        "ioctl", "share", "fromshare", "inet_pton", "inet_ntop", "inet_aton"}
    assert all(got["has"].values())


def test_the_native_platform_is_this_machine():
    got = report("linux", "x86_64")
    if not sys.platform.startswith("linux"):
        pytest.skip("this is not Linux")
    assert got["native"] is True
    assert got["calls"]["gethostname"][0] == "ok"
    assert got["calls"]["socket"][0] == "ok"


def test_an_unknown_backend_is_an_import_error():
    env = dict(os.environ, PYSOCK_BACKEND="plan9")
    proc = subprocess.run([sys.executable, "-c", "import pysock"], cwd=ROOT, env=env,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert proc.returncode != 0
    assert "ImportError: pysock: unknown platform 'plan9'" in proc.stderr


# -- the backend contract ------------------------------------------------------

def _native_modules():
    from pysock._libc.platform import PLATFORM
    import importlib

    if not PLATFORM.native:
        pytest.skip("the backend modules are loaded only on their own OS")
    return [importlib.import_module("pysock._libc." + m) for m in PLATFORM.backend_modules]


def test_every_backend_function_has_the_contract_parameters():
    seen = set()
    for module in _native_modules():
        for call in module.CALLS:
            assert call in contract.CALLS, (module.__name__, call)
            func = getattr(module, call, None)
            if func is None:
                assert call in contract.OPTIONAL, call
                continue
            names = tuple(inspect.signature(func).parameters)
            assert names == contract.params(call), (module.__name__, call, names)
            seen.add(call)
    assert contract.REQUIRED <= seen


def test_the_backend_object_is_exactly_the_modules_functions():
    from pysock._libc import backend

    modules = _native_modules()
    expected = {call for m in modules for call in m.CALLS if getattr(m, call, None) is not None}
    assert set(backend.calls) == expected


def test_tracer_arguments_are_named_by_the_contract():
    from pysock.trace._arguments import binder

    assert binder("sendto")((3, b"x", 0, b"addr"), {})._items() == [
        ("fd", 3), ("data", b"x"), ("flags", 0), ("sockaddr", b"addr")]
    # A default of the contract is filled in when not given.
    assert binder("accept")((3,), {})._items() == [("fd", 3), ("want_address", True)]
    nosuch = binder("nosuch")((1, 2), {})
    assert nosuch._fields == () and nosuch._args == (1, 2)


# -- one place decides the OS ------------------------------------------------------

# What only the platform layer (pysock/_libc) may use: another OS's facts
# above it would be a second answer to "which OS is this".
_FORBIDDEN = re.compile(
    r"^\s*(from select import|import select)|\bselect\.POLL|os\.(read|write|readv|writev)\("
    r"|\berrno\.E[A-Z]+|import fcntl|\bimport errno\b|sys\.platform|os\.strerror")


def test_nothing_above_the_platform_layer_asks_the_os():
    hits = []
    for folder, _, files in os.walk(os.path.join(ROOT, "pysock")):
        rel = os.path.relpath(folder, ROOT)
        if rel.startswith(os.path.join("pysock", "_libc")):
            continue
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    # Stubs for type checkers follow typeshed's per-OS
                    # declarations; they are never executed.
                    if _FORBIDDEN.search(line) and "# type checkers only" not in line:
                        hits.append("%s:%d: %s" % (os.path.relpath(path, ROOT), number, line.strip()))
    assert not hits, "\n".join(hits)


# The platform layer imports nothing of the layers above it (families, the
# socket layer, the tracer): they are built on it, never the other way.
_UPWARD = re.compile(r"^\s*(from|import)\s+(\.\.|pysock\.(?!_libc\b))")


def test_the_platform_layer_imports_nothing_above_it():
    hits = []
    folder = os.path.join(ROOT, "pysock", "_libc")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py"):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if _UPWARD.search(line):
                    hits.append("%s:%d: %s" % (name, number, line.strip()))
    assert not hits, "\n".join(hits)
