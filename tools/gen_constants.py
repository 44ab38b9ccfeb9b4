#!/usr/bin/env python3
"""Generate pysock/_libc/_constants_linux.py from the Linux C headers.

Development-time tool: it needs a C compiler and the system headers, and it
is never imported by pysock.  The package only reads the file it writes.

Which names to look up is data, kept beside this script in
tools/constants_data/:

  stdlib_linux.txt   every constant the stdlib ``socket`` module exports on
                     Linux under the CPython versions pysock supports
                     (written by ``--collect-stdlib-names``);
  cpython_linux.txt  the Linux names of CPython's newest Modules/socketmodule.c
                     (what 3.14 added, and names that need optional headers
                     such as bluez);
  extra_linux.txt    Linux names CPython lacks that users ask for;
  arch_linux.txt     the values that differ on other CPU families (written by
                     ``--extract-arch`` with the Debian cross toolchains).

Name file syntax: one entry per line, ``#`` starts a comment::

    NAME                  the C identifier NAME (macro or enum member)
    NAME = C expression   NAME's value is that expression (CPython aliases,
                          e.g. CAN_BCM_TX_SETUP = TX_SETUP)
    NAME = "text"         a string constant, taken as written

How a value is read: every name is written into the initializer of a
``long long`` array placed in its own section, the file is compiled (not
linked, not run) and the section is read back from the object file.  A C
initializer accepts enum members as well as macros, so names that glibc
declares as enum members (IPPROTO_*, MSG_*, SOCK_*) need no ``#ifdef``.  A
``#line`` directive before each entry makes every diagnostic name the
constant it is about, so names a translation unit lacks are found in one
compile and dropped from that unit only.  glibc's <netinet/*.h> and the
kernel's <linux/in.h>/<linux/tcp.h> declare the same things, so the names
are probed in several translation units; a name must be found in at least
one, and where several find it the values must agree.

Usage::

    python3 tools/gen_constants.py                 # write the table
    python3 tools/gen_constants.py --output FILE   # write elsewhere (tests)
    python3 tools/gen_constants.py --collect-stdlib-names PYTHON...
    python3 tools/gen_constants.py --extract-arch  # needs the cross gccs
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "constants_data")
DEFAULT_OUTPUT = os.path.join(ROOT, "pysock", "_libc", "_constants_linux.py")

NAME_FILES = ("stdlib_linux.txt", "cpython_linux.txt", "extra_linux.txt")
ARCH_FILE = os.path.join(DATA, "arch_linux.txt")

# Translation units, in order of preference.  The first follows CPython's
# own includes (socketmodule.h), so stdlib names get the value the stdlib
# gets; the second is the kernel's uapi view, for the names glibc does not
# carry (newer TCP_*, IP_*, SO_*); the last holds headers that clash with
# the first (<linux/if_packet.h>, also pulled in by <linux/mctp.h>, redefines
# the structs of glibc's <netpacket/packet.h>).
TRANSLATION_UNITS = (
    ("glibc", (
        "sys/types.h", "sys/socket.h", "sys/un.h", "sys/ioctl.h",
        "netinet/in.h", "netinet/tcp.h", "netinet/udp.h", "arpa/inet.h",
        "netdb.h", "net/if.h", "net/ethernet.h", "netpacket/packet.h",
        "errno.h", "fcntl.h",
        "linux/netlink.h", "linux/qrtr.h", "linux/vm_sockets.h",
        "linux/can.h", "linux/can/raw.h", "linux/can/bcm.h",
        "linux/can/isotp.h", "linux/can/j1939.h",
        "linux/tipc.h", "linux/if_alg.h", "linux/rds.h",
        "linux/if_xdp.h", "linux/errqueue.h",
        # <linux/mptcp.h> includes <netinet/in.h> itself.
        "linux/mptcp.h",
        "linux/netfilter_ipv4.h", "linux/netfilter_ipv6/ip6_tables.h",
        "bluetooth/bluetooth.h", "bluetooth/hci.h", "bluetooth/l2cap.h",
        "bluetooth/rfcomm.h", "bluetooth/sco.h",
    )),
    ("kernel", (
        # <time.h>: on 32-bit CPUs SO_RCVTIMEO & co. test sizeof(time_t).
        "time.h", "linux/types.h", "linux/socket.h", "asm/socket.h",
        "asm/sockios.h", "linux/sockios.h", "linux/in.h", "linux/in6.h",
        "linux/tcp.h", "linux/udp.h", "linux/if_ether.h",
        "linux/net_tstamp.h",
    )),
    ("kernel-packet", (
        "sys/socket.h", "linux/if_packet.h", "linux/mctp.h",
    )),
)

# The CPU families whose Linux ABI gives some socket constants other values
# than x86_64 (arch/<cpu>/include/uapi/asm/{socket,sockios,errno,ioctl}.h,
# glibc's sysdeps/unix/sysv/linux/<cpu>/bits/socket_type.h).  Each key is
# checked with every Debian cross toolchain listed; they must agree.
ARCHES = (
    ("alpha", ("alpha-linux-gnu",)),
    ("mips", ("mips-linux-gnu", "mips64el-linux-gnuabi64")),
    ("parisc", ("hppa-linux-gnu",)),
    ("powerpc", ("powerpc-linux-gnu", "powerpc64le-linux-gnu")),
    ("sparc", ("sparc64-linux-gnu",)),
)

PROBE_SECTION = ".pysock_probe"
# First array element: tells the byte order of the object file.
MARKER = 0x0102030405060708
PROBE_FILE_PREFIX = "probe/"
CFLAGS = ("-std=gnu11", "-D_GNU_SOURCE", "-O0", "-c",
          "-Werror=int-conversion", "-Werror=overflow")

_ENTRY = re.compile(
    r'^(?P<name>[A-Z][A-Za-z0-9_]*)\s*(?:=\s*(?P<value>.+?))?\s*$')


class GenError(Exception):
    pass


# --------------------------------------------------------------------------
# Name lists

def read_name_file(path):
    """Return [(name, spec)] where spec is None, ("expr", s) or ("str", s)."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            m = _ENTRY.match(line)
            if m is None:
                raise GenError("%s:%d: cannot parse %r" % (path, lineno, line))
            value = m.group("value")
            if value is None:
                spec = None
            elif value.startswith('"'):
                if len(value) < 2 or not value.endswith('"'):
                    raise GenError("%s:%d: bad string" % (path, lineno))
                spec = ("str", value[1:-1])
            else:
                spec = ("expr", value)
            entries.append((m.group("name"), spec))
    return entries


def read_names(data_dir=DATA):
    """Merge the name files into {name: spec}.

    A name may be listed in several files; at most one value (expression or
    string) may be given for it, and it wins over the plain mentions.
    """
    names = {}
    for filename in NAME_FILES:
        for name, spec in read_name_file(os.path.join(data_dir, filename)):
            old = names.get(name)
            if spec is None:
                names.setdefault(name, None)
            elif old is None or old == spec:
                names[name] = spec
            else:
                raise GenError("%s: %s given two values: %r, %r"
                               % (filename, name, old, spec))
    return names


# --------------------------------------------------------------------------
# Compiling probes

def _probe_source(headers, items):
    lines = ["/* generated by tools/gen_constants.py */"]
    lines += ["#include <%s>" % h for h in headers]
    lines.append("long long pysock_probe_values[] "
                 "__attribute__((section(\"%s\"), used)) = {" % PROBE_SECTION)
    lines.append("0x%016xLL," % MARKER)
    for name, expr in items:
        lines.append('#line 1 "%s%s"' % (PROBE_FILE_PREFIX, name))
        lines.append("(%s)," % expr)
    lines.append("};")
    return "\n".join(lines) + "\n"


def _compile(cc, source, workdir, extra_flags=()):
    src = os.path.join(workdir, "probe.c")
    obj = os.path.join(workdir, "probe.o")
    with open(src, "w") as f:
        f.write(source)
    if os.path.exists(obj):
        os.unlink(obj)
    cmd = [cc] + list(CFLAGS) + list(extra_flags) + [src, "-o", obj]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, cwd=workdir)
    return proc.returncode, proc.stderr, obj


def _read_section(objcopy, obj, workdir, count):
    out = os.path.join(workdir, "probe.bin")
    subprocess.run([objcopy, "-O", "binary", "--only-section=" + PROBE_SECTION,
                    obj, out], check=True)
    with open(out, "rb") as f:
        blob = f.read()
    if len(blob) != 8 * (count + 1):
        raise GenError("probe section holds %d bytes, expected %d"
                       % (len(blob), 8 * (count + 1)))
    for order in ("<", ">"):
        if struct.unpack(order + "q", blob[:8])[0] == MARKER:
            return list(struct.unpack("%s%dq" % (order, count), blob[8:]))
    raise GenError("probe marker not found in %s" % obj)


def probe_unit(cc, objcopy, headers, items, workdir, extra_flags=()):
    """Values of items [(name, expr)] in one translation unit.

    Returns ({name: int}, {name: first diagnostic}) -- the second holds the
    names this unit does not define (or defines as something that is not an
    integer constant).
    """
    missing = {}
    items = list(items)
    # gcc reports an undeclared identifier once per scope, so names that
    # share a missing one are found one per round.
    for _attempt in range(20):
        rc, stderr, obj = _compile(cc, _probe_source(headers, items),
                                   workdir, extra_flags)
        if rc == 0:
            values = _read_section(objcopy, obj, workdir, len(items))
            return dict(zip((n for n, _ in items), values)), missing
        bad = {}
        for line in stderr.splitlines():
            m = re.match(r"^%s([A-Za-z0-9_]+):" % re.escape(PROBE_FILE_PREFIX),
                         line)
            if m and m.group(1) not in bad:
                bad[m.group(1)] = line
        if not bad:
            hint = ""
            if "No such file or directory" in stderr:
                hint = ("\n(on Debian: apt-get install libc6-dev "
                        "linux-libc-dev libbluetooth-dev)")
            raise GenError("%s failed on the headers themselves:\n%s%s"
                           % (cc, "\n".join(stderr.splitlines()[:40]), hint))
        missing.update(bad)
        items = [(n, e) for n, e in items if n not in bad]
    raise GenError("%s: probe did not converge:\n%s" % (cc, stderr))


def macro_origins(cc, headers, workdir, extra_flags=()):
    """{macro name: (header path, body)} for every macro the headers define.

    The last definition wins (alpha's <asm/errno.h> #undefs EAGAIN and
    defines it again).
    """
    src = os.path.join(workdir, "origins.c")
    with open(src, "w") as f:
        f.write("".join("#include <%s>\n" % h for h in headers))
    cmd = [cc, "-std=gnu11", "-D_GNU_SOURCE", "-E", "-dD"] + \
        list(extra_flags) + [src]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, check=True,
                         universal_newlines=True).stdout
    origins = {}
    current = ""
    for line in out.splitlines():
        if line.startswith("# "):
            m = re.match(r'^# \d+ "([^"]+)"', line)
            if m:
                current = m.group(1)
        elif line.startswith("#define "):
            m = re.match(
                r"^#define ([A-Za-z_][A-Za-z0-9_]*)(\([^)]*\))?\s*(.*)$", line)
            origins[m.group(1)] = (current, m.group(3).strip())
    return origins


def origin_of(name, expr, origins):
    """The header that gives name its value, following plain aliases.

    SO_RCVTIMEO -> SO_RCVTIMEO_OLD -> asm/socket.h; an ioctl number names
    <asm/ioctl.h> too, since the encoding is per CPU.
    """
    first = re.match(r"[A-Za-z_][A-Za-z0-9_]*", expr)
    key = first.group(0) if first else name
    seen = set()
    while key in origins and key not in seen:
        seen.add(key)
        body = origins[key][1].strip("() ")
        if body != key and re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", body) \
                and body in origins:
            key = body
            continue
        break
    if key not in origins:
        return "?"
    path, body = origins[key]
    where = _short_header(path)
    if re.search(r"\b_IO[RW]{0,2}\b", body):
        where += "+asm/ioctl.h"
    return where


def _short_header(path):
    """/usr/include/x86_64-linux-gnu/asm/socket.h -> asm/socket.h"""
    for marker in ("/include/",):
        if marker in path:
            tail = path.rsplit(marker, 1)[1]
            return re.sub(r"^[a-z0-9_]+-linux-gnu[a-z0-9]*/", "", tail)
    return path


def evaluate(names, cc="gcc", objcopy="objcopy", extra_flags=(),
             include_dirs=()):
    """Evaluate every int name in every translation unit.

    Returns (values, origins, unresolved): values {name: int}, origins
    {name: header}, unresolved {name: diagnostic}.
    """
    int_items = [(n, spec[1] if spec else n)
                 for n, spec in sorted(names.items())
                 if spec is None or spec[0] == "expr"]
    flags = list(extra_flags) + ["-I" + d for d in include_dirs]
    values = {}
    unit_of = {}
    origins = {}
    last_missing = {}
    workdir = tempfile.mkdtemp(prefix="gen_constants.")
    try:
        for unit, headers in TRANSLATION_UNITS:
            found, missing = probe_unit(cc, objcopy, headers, int_items,
                                        workdir, flags)
            unit_origins = macro_origins(cc, headers, workdir, flags)
            for name, value in found.items():
                if name not in values:
                    values[name] = value
                    unit_of[name] = unit
                    origins[name] = origin_of(name, dict(int_items)[name],
                                              unit_origins)
                elif values[name] != value:
                    raise GenError(
                        "%s is %d in unit %r but %d in unit %r"
                        % (name, values[name], unit_of[name], value, unit))
            for name, diag in missing.items():
                last_missing.setdefault(name, diag)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    unresolved = {n: d for n, d in last_missing.items() if n not in values}
    return values, origins, unresolved


def header_versions(cc="gcc"):
    """A one-line description of the header set, from the headers."""
    # ("linux" itself is a predefined macro, hence "kernel".)
    src = ("#include <features.h>\n#include <linux/version.h>\n"
           "glibc __GLIBC__ . __GLIBC_MINOR__ kernel LINUX_VERSION_CODE\n")
    out = subprocess.run([cc, "-E", "-P", "-x", "c", "-"], input=src,
                         stdout=subprocess.PIPE, check=True,
                         universal_newlines=True).stdout
    m = re.search(r"glibc (\d+) \. (\d+) kernel (\d+)", out)
    if not m:
        raise GenError("cannot read the header versions")
    code = int(m.group(3))
    return "glibc %s.%s, Linux %d.%d.%d uapi, bluez" % (
        m.group(1), m.group(2), code >> 16, (code >> 8) & 0xff, code & 0xff)


# --------------------------------------------------------------------------
# Per-CPU tables

def names_digest(names):
    """Fingerprint of the name lists, to notice a stale arch_linux.txt."""
    text = "\n".join("%s=%r" % (n, names[n]) for n in sorted(names))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_arch_file(path=ARCH_FILE):
    """Returns (digest, {arch: {name: (value or None, header)}})."""
    digest = None
    table = {key: {} for key, _ in ARCHES}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# names-digest:"):
                digest = line.split(":", 1)[1].strip()
                continue
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            arch, name, value, header = line.split()
            if arch not in table:
                raise GenError("%s: unknown arch %r" % (path, arch))
            table[arch][name] = (None if value == "absent" else int(value, 0),
                                 header)
    return digest, table


# Headers whose content is per CPU.  A name from any other header that a
# cross toolchain lacks is missing because Debian's cross headers are an
# older 6.1 release than the host's (IP_LOCAL_PORT_RANGE, IP_PROTOCOL were
# backported), not because the CPU lacks it: such names are left alone.
_PER_CPU_HEADER = re.compile(r"^(asm|asm-generic|bits)/")


def extract_arch(names, host_values, host_origins):
    """Evaluate all names with each cross toolchain; return the differences."""
    # bluez ships its headers for the host only; they are the same on every
    # CPU (plain C and <endian.h>), so point the cross compilers at them.
    bt_dir = tempfile.mkdtemp(prefix="gen_constants_bt.")
    os.symlink("/usr/include/bluetooth", os.path.join(bt_dir, "bluetooth"))
    out = {}
    try:
        for key, triples in ARCHES:
            merged = None
            for triple in triples:
                cc = triple + "-gcc"
                objcopy = triple + "-objcopy"
                if shutil.which(cc) is None:
                    raise GenError("%s not found: apt-get install gcc-%s"
                                   % (cc, triple))
                values, origins, unresolved = evaluate(
                    names, cc, objcopy, include_dirs=(bt_dir,))
                diff = {}
                for name in host_values:
                    if name not in values:
                        if not _PER_CPU_HEADER.match(host_origins[name]):
                            print("  %s: %s lacks %s (from %s): older cross "
                                  "headers, ignored" % (key, triple, name,
                                                        host_origins[name]),
                                  file=sys.stderr)
                            continue
                        diff[name] = (None, "-")
                    elif values[name] != host_values[name]:
                        diff[name] = (values[name], origins.get(name, "?"))
                if merged is None:
                    merged = diff
                else:
                    old = {n: v for n, (v, _h) in merged.items()}
                    new = {n: v for n, (v, _h) in diff.items()}
                    if old != new:
                        raise GenError("%s: toolchains %s disagree on %s" % (
                            key, triples, sorted(set(old.items()) ^
                                                 set(new.items()))))
                    # A 32-bit toolchain sees SO_RCVTIMEO as a sizeof(time_t)
                    # test in asm-generic/socket.h; the 64-bit one follows it
                    # to the number in asm/socket.h: keep the more precise.
                    for n, (v, h) in diff.items():
                        if merged[n][1].startswith("asm-generic/socket.h"):
                            merged[n] = (v, h)
                print("  %s (%s): %d names differ" % (key, triple, len(diff)),
                      file=sys.stderr)
            out[key] = merged
    finally:
        shutil.rmtree(bt_dir, ignore_errors=True)
    return out


def write_arch_file(table, names, path=ARCH_FILE):
    toolchains = []
    for key, triples in ARCHES:
        for triple in triples:
            ver = subprocess.run([triple + "-gcc", "-dumpversion"],
                                 stdout=subprocess.PIPE, check=True,
                                 universal_newlines=True).stdout.strip()
            toolchains.append("%s-gcc %s" % (triple, ver))
    lines = [
        "# GENERATED by: python3 tools/gen_constants.py --extract-arch",
        "# Values that differ from x86_64, read by compiling the same probe",
        "# with the Debian cross toolchains against their own glibc and",
        "# kernel headers (linux-libc-dev-<arch>-cross,"
        " libc6-dev-<arch>-cross):",
    ]
    lines += ["#   " + t for t in toolchains]
    lines += [
        "# Columns: arch, name, value (or 'absent'), header that defines it.",
        "# names-digest: %s" % names_digest(names),
        "",
    ]
    for key in sorted(table):
        for name in sorted(table[key]):
            value, header = table[key][name]
            lines.append("%s %s %s %s" % (
                key, name, "absent" if value is None else "%#x" % value
                if value >= 0 else str(value), header))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# The generated module

def _literal(value):
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def cpython_names(data_dir=DATA):
    """The names CPython exports: stdlib_linux.txt and cpython_linux.txt."""
    names = set()
    for filename in NAME_FILES[:2]:
        names.update(n for n, _spec in
                     read_name_file(os.path.join(data_dir, filename)))
    return names


def render(values, strings, arch_table, versions, c_long_names):
    out = [
        "# GENERATED FILE -- do not edit.",
        "# Regenerate with:  python3 tools/gen_constants.py",
        "# Source: Linux x86_64 C headers (%s)," % versions,
        "# read by compiling probes; per-CPU values from",
        "# tools/constants_data/arch_linux.txt (tools/gen_constants.py"
        " --extract-arch).",
        "# Names: tools/constants_data/{stdlib,cpython,extra}_linux.txt.",
        "",
        "from typing import Dict, Optional",
        "",
        "VALUES = {",
    ]
    merged = dict(values)
    merged.update(strings)
    for name in sorted(merged):
        out.append("    %s: %s," % (_literal(name), _literal(merged[name])))
    out.append("}")
    out.append("")
    out.append("# Values on other CPU families, only where they differ from"
               " VALUES;")
    out.append("# None: the name does not exist there.  Comment: the header"
               " defining it.")
    out.append("ARCH_OVERRIDES: Dict[str, Dict[str, Optional[int]]] = {")
    for key in sorted(arch_table):
        out.append("    %s: {" % _literal(key))
        for name in sorted(arch_table[key]):
            value, header = arch_table[key][name]
            out.append("        %s: %s,  # %s" % (_literal(name),
                                                 _literal(value), header))
        out.append("    },")
    out.append("}")
    out.append("")
    out.append("# CPython adds its constants with PyModule_AddIntConstant(),"
               " as C longs:")
    out.append("# where a long is 32 bits these (2**31 or more) read as"
               " negative numbers.")
    out.append("CPYTHON_C_LONG_NAMES = (")
    for name in sorted(c_long_names):
        out.append("    %s," % _literal(name))
    out.append(")")
    return "\n".join(out) + "\n"


def generate(output, data_dir=DATA):
    names = read_names(data_dir)
    values, _origins, unresolved = evaluate(names)
    if unresolved:
        raise GenError("names not found in any translation unit:\n  " +
                       "\n  ".join("%s: %s" % (n, unresolved[n])
                                   for n in sorted(unresolved)))
    strings = {n: spec[1] for n, spec in names.items()
               if spec is not None and spec[0] == "str"}
    digest, arch_table = read_arch_file(os.path.join(data_dir,
                                                     "arch_linux.txt"))
    if digest != names_digest(names):
        raise GenError("the name lists changed since arch_linux.txt was "
                       "written: run  python3 tools/gen_constants.py "
                       "--extract-arch  (needs the cross toolchains)")
    for key, table in arch_table.items():
        for name in table:
            if name not in values:
                raise GenError("arch_linux.txt: %s %s is not a table name"
                               % (key, name))
    c_long_names = set()
    for name in cpython_names(data_dir) & set(values):
        seen = [values[name]] + [t[name][0] for t in arch_table.values()
                                 if name in t and t[name][0] is not None]
        if any(2 ** 31 <= v < 2 ** 32 for v in seen):
            c_long_names.add(name)
    text = render(values, strings, arch_table, header_versions(),
                  c_long_names)
    tmp = output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, output)
    return len(values) + len(strings)


# --------------------------------------------------------------------------
# Collecting the stdlib's names

_COLLECT = r"""
import re, socket, sys
names = []
for n in dir(socket):
    if not re.match(r"^[A-Z][A-Za-z0-9_]*$", n) or n == "CAPI":
        continue
    v = getattr(socket, n)
    if isinstance(v, bool) or not isinstance(v, (int, str)):
        continue
    names.append(n)
print("%d.%d.%d" % sys.version_info[:3], sys.platform, " ".join(names))
"""


def collect_stdlib_names(pythons, path):
    seen = {}
    versions = []
    for python in pythons:
        out = subprocess.run([python, "-c", _COLLECT],
                             stdout=subprocess.PIPE, check=True,
                             universal_newlines=True).stdout.split()
        version, platform, names = out[0], out[1], out[2:]
        if not platform.startswith("linux"):
            raise GenError("%s runs on %s, not Linux" % (python, platform))
        versions.append(version)
        for n in names:
            seen.setdefault(n, []).append(version)
    lines = [
        "# GENERATED by: python3 tools/gen_constants.py "
        "--collect-stdlib-names PYTHON...",
        "# The constants (int and str attributes with upper-case names) of",
        "# the stdlib socket module on Linux x86_64, CPython %s."
        % ", ".join(versions),
        "# Left out: CAPI, a PyCapsule holding the C module's API -- no use",
        "# to pure Python; CMSG_LEN/CMSG_SPACE are functions, not constants.",
        "# A comment names the versions that lack the name.",
        "",
    ]
    for n in sorted(seen):
        lacking = [v for v in versions if v not in seen[n]]
        note = "  # not in " + ", ".join(lacking) if lacking else ""
        lines.append(n + note)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return len(seen)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    parser.add_argument("--collect-stdlib-names", nargs="+", metavar="PYTHON")
    parser.add_argument("--extract-arch", action="store_true")
    parser.add_argument("--arch-output", default=ARCH_FILE,
                        help="where --extract-arch writes"
                        " (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        if args.collect_stdlib_names:
            n = collect_stdlib_names(args.collect_stdlib_names,
                                     os.path.join(DATA, "stdlib_linux.txt"))
            print("stdlib_linux.txt: %d names" % n)
            return 0
        if args.extract_arch:
            names = read_names()
            host, origins, unresolved = evaluate(names)
            if unresolved:
                raise GenError("unresolved on the host: %s"
                               % ", ".join(sorted(unresolved)))
            write_arch_file(extract_arch(names, host, origins), names,
                            args.arch_output)
            print("wrote %s" % args.arch_output)
            return 0
        n = generate(args.output)
        print("wrote %s: %d names" % (args.output, n))
        return 0
    except GenError as exc:
        print("gen_constants: error: %s" % exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
