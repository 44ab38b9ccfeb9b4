#!/usr/bin/env python3
"""Generate pysock/_libc/_constants_{darwin,freebsd}.py from those systems' headers.

Development-time tool, never imported by pysock: it needs gcc, objcopy and
the headers of each system.  The package only reads the files it writes.

Where the headers come from (each a git directory, read with ``git
ls-tree``/``git cat-file``; no work tree is needed):

  macOS    Apple's xnu sources (apple-oss-distributions/xnu): bsd/ holds
           <sys/socket.h>, <netinet/*.h>, <net/if.h>, <sys/kern_control.h>,
           <sys/sys_domain.h>, <sys/errno.h> exactly as the SDK ships them
           once the PRIVATE/KERNEL parts are left out, which the
           preprocessor does here since neither is defined.  xnu has no
           <netdb.h> (it is Libinfo's); that one header is taken from the
           macOS SDK headers that the Zig project vendors
           (lib/libc/include/any-darwin-any/netdb.h).
  FreeBSD  the FreeBSD userland headers that the Zig project vendors
           (lib/libc/include/generic-freebsd and x86_64-freebsd-none,
           "update headers from freebsd 15"): a complete, consistent
           /usr/include of one release.

How a value is read (the method of tools/gen_constants.py): every name is
written into the initializer of a ``long long`` array placed in its own
section; the host gcc compiles the file (compile only, nothing is linked or
run) with ``-nostdinc`` against the platform's headers, with the host's
Linux macros undefined and the target's defined (__APPLE__/__MACH__, or
__FreeBSD__), and the section is read back from the object file with
objcopy.  A ``#line`` directive before each entry makes every diagnostic
name the constant it is about, so a name the headers lack is found in one
compile.  Macros that reference other macros, casts, shifts and ioctl
numbers (_IOWR('N', 3, struct ctl_info)) are thus computed by the compiler
from the headers' own definitions.

The target compiler (Apple clang, FreeBSD clang) is not the host gcc, so a
few headers that are not part of the socket API are replaced by stubs this
script writes (see STUBS): the clang-only availability annotations of
<Availability.h>, the generated <sys/_symbol_aliasing.h> and
<sys/_posix_availability.h>, libc's <stdint.h> and <_types.h> for xnu;
headers a platform's tree lacks altogether (libpthread's) become empty
files.  None of them defines a constant the tables hold.

macOS x86_64 and arm64 are both compiled (for arm64 the x86 macros are
undefined and __arm64__/__aarch64__ defined, so <machine/*.h> takes the
arm/ branch); values that differ go to ARCH_OVERRIDES["arm64"].

Name lists: tools/constants_data/names_darwin.txt, names_freebsd.txt, in
the syntax of the Linux name files (NAME, NAME = C expression,
NAME = "string").  ERRNO holds every E* macro of <sys/errno.h>.

Usage::

    python3 tools/gen_constants_bsd.py                    # both tables
    python3 tools/gen_constants_bsd.py --platform darwin --output FILE
    python3 tools/gen_constants_bsd.py --xnu-git-dir DIR --zig-git-dir DIR
    python3 tools/gen_constants_bsd.py --xnu-dir DIR --zig-libc-dir DIR
        (already extracted trees: DIR/bsd, DIR/EXTERNAL_HEADERS, ...;
         DIR/generic-freebsd, DIR/x86_64-freebsd-none, DIR/any-darwin-any)
"""

import argparse
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
OUTPUTS = {
    "darwin": os.path.join(ROOT, "pysock", "_libc", "_constants_darwin.py"),
    "freebsd": os.path.join(ROOT, "pysock", "_libc", "_constants_freebsd.py"),
}
NAME_FILES = {
    "darwin": os.path.join(DATA, "names_darwin.txt"),
    "freebsd": os.path.join(DATA, "names_freebsd.txt"),
}

XNU_GIT_DIR = "/work/.mirror/apple-oss-distributions+xnu/repo"
ZIG_GIT_DIR = "/work/.mirror/SB0LTD+sig/repo"
# Trees taken from each git directory.
XNU_TREES = ("bsd", "EXTERNAL_HEADERS", "libkern/libkern", "osfmk/mach")
ZIG_PREFIX = "lib/libc/include/"
ZIG_TREES = ("generic-freebsd", "x86_64-freebsd-none",
             "any-darwin-any/netdb.h")

PROBE_SECTION = ".pysock_probe"
MARKER = 0x0102030405060708
PROBE_FILE_PREFIX = "probe/"

# The host gcc targets x86_64 Linux; these macros say so and must go.
_UNDEF_LINUX = ("-U__linux__", "-U__linux", "-Ulinux", "-U__gnu_linux__",
                "-U__unix__", "-U__unix", "-Uunix", "-U__ELF__")
_UNDEF_X86 = ("-U__x86_64__", "-U__x86_64", "-U__amd64__", "-U__amd64")

COMMON_FLAGS = ("-std=gnu11", "-nostdinc", "-O0", "-c", "-w",
                "-Werror=int-conversion", "-Werror=overflow")

# What CPython's socketmodule.c includes on each system (socketmodule.h
# and the top of socketmodule.c), plus <sys/errno.h> for ERRNO and the
# headers of the extra names.
HEADERS = {
    "darwin": (
        "sys/types.h", "sys/socket.h", "sys/ioctl.h", "sys/un.h",
        "netinet/in.h", "netinet/tcp.h", "netinet/udp.h", "net/if.h",
        "net/ethernet.h", "netdb.h", "sys/sys_domain.h",
        "sys/kern_control.h", "sys/errno.h",
    ),
    "freebsd": (
        "sys/types.h", "sys/socket.h", "sys/ioctl.h", "sys/un.h",
        "netinet/in.h", "netinet/tcp.h", "netinet/udp.h",
        "netinet/udplite.h", "net/if.h", "net/ethernet.h", "netdb.h",
        "sys/errno.h",
        # CPython >= 3.13 includes it where HAVE_NETLINK_NETLINK_H.
        "netlink/netlink.h",
        # <bluetooth.h> (libbluetooth, not vendored) is these four.
        "bitstring.h",
        "netgraph/bluetooth/include/ng_hci.h",
        "netgraph/bluetooth/include/ng_l2cap.h",
        "netgraph/bluetooth/include/ng_btsocket.h",
    ),
}

# Per platform: [(arch key, extra gcc flags)].  The first is the base
# table; later ones only contribute ARCH_OVERRIDES.
ARCHES = {
    "darwin": (
        ("x86_64", ("-D__APPLE__", "-D__MACH__", "-D__APPLE_CC__=6000",
                    # socketmodule.c: "Issue #35569: Expose RFC 3542".
                    "-D__APPLE_USE_RFC_3542=1")),
        ("arm64", ("-D__APPLE__", "-D__MACH__", "-D__APPLE_CC__=6000",
                   "-D__APPLE_USE_RFC_3542=1") + _UNDEF_X86 +
         ("-D__arm64__", "-D__aarch64__", "-D__ARM64_ARCH_8__")),
    ),
    "freebsd": (
        # CPython defines L2CAP_SOCKET_CHECKED before <bluetooth.h>.
        ("amd64", ("-D__FreeBSD__=15", "-D__FreeBSD_version=1500500",
                   "-D__FreeBSD_cc_version=1500001",
                   "-DL2CAP_SOCKET_CHECKED")),
    ),
}

# Stub headers (path -> text).  Each replaces a header the host gcc cannot
# use or the tree does not have; none defines a socket constant.
STUBS = {
    "darwin": {
        # <Availability.h> & co. expand to clang's availability attribute,
        # which gcc cannot parse; the annotations do not touch any value.
        "Availability.h": (
            "#ifndef __AVAILABILITY__\n#define __AVAILABILITY__\n"
            "#define __API_AVAILABLE(...)\n#define __API_DEPRECATED(...)\n"
            "#define __API_DEPRECATED_WITH_REPLACEMENT(...)\n"
            "#define __API_UNAVAILABLE(...)\n"
            "#define __OSX_AVAILABLE_STARTING(...)\n"
            "#define __OSX_AVAILABLE_BUT_DEPRECATED(...)\n"
            "#define __OSX_AVAILABLE_BUT_DEPRECATED_MSG(...)\n"
            "#define __OSX_AVAILABLE(...)\n#define __IOS_AVAILABLE(...)\n"
            "#define __TVOS_AVAILABLE(...)\n"
            "#define __WATCHOS_AVAILABLE(...)\n"
            "#define __OSX_DEPRECATED(...)\n#define __IOS_DEPRECATED(...)\n"
            "#define __IOS_PROHIBITED\n#define __TVOS_PROHIBITED\n"
            "#define __WATCHOS_PROHIBITED\n"
            "#define __SWIFT_UNAVAILABLE(...)\n"
            "#define __SWIFT_UNAVAILABLE_MSG(...)\n"
            "#endif\n"),
        "AvailabilityMacros.h": "#include <Availability.h>\n",
        # Generated at xnu build time (make_symbol_aliasing.sh,
        # make_posix_availability.sh); they only wrap prototypes.
        "sys/_symbol_aliasing.h": "",
        "sys/_posix_availability.h": "",
        # libc's; xnu's own EXTERNAL_HEADERS/stdint.h include_next's it.
        "stdint.h": (
            "#ifndef _PYSOCK_STUB_STDINT_H\n#define _PYSOCK_STUB_STDINT_H\n"
            "#include <sys/_types/_int8_t.h>\n"
            "#include <sys/_types/_int16_t.h>\n"
            "#include <sys/_types/_int32_t.h>\n"
            "#include <sys/_types/_int64_t.h>\n"
            "#include <sys/_types/_uintptr_t.h>\n"
            "typedef unsigned char uint8_t;\n"
            "typedef unsigned short uint16_t;\n"
            "typedef unsigned int uint32_t;\n"
            "typedef unsigned long long uint64_t;\n#endif\n"),
    },
    "freebsd": {},
}

_ENTRY = re.compile(
    r'^(?P<name>[A-Z][A-Za-z0-9_]*)\s*(?:=\s*(?P<value>.+?))?\s*$')
_MISSING_INCLUDE = re.compile(r"fatal error: ([^:]+): No such file")


class GenError(Exception):
    pass


# --------------------------------------------------------------------------
# Name lists

def read_name_file(path):
    """[(name, spec)]: spec None, ("expr", text) or ("str", text)."""
    entries = []
    seen = set()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            m = _ENTRY.match(line)
            if m is None:
                raise GenError("%s:%d: cannot parse %r" % (path, lineno, line))
            name, value = m.group("name"), m.group("value")
            if name in seen:
                raise GenError("%s:%d: %s listed twice" % (path, lineno, name))
            seen.add(name)
            if value is None:
                spec = None
            elif value.startswith('"'):
                if len(value) < 2 or not value.endswith('"'):
                    raise GenError("%s:%d: bad string" % (path, lineno))
                spec = ("str", value[1:-1])
            else:
                spec = ("expr", value)
            entries.append((name, spec))
    return entries


# --------------------------------------------------------------------------
# Header trees

def _git(git_dir, *args, **kw):
    return subprocess.run(["git", "--git-dir=" + git_dir] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=True, **kw).stdout


def git_head(git_dir):
    return _git(git_dir, "rev-parse", "HEAD").decode().strip()


def extract_git_paths(git_dir, paths, dest, strip=""):
    """Write the blobs under each of paths (at HEAD) below dest.

    Uses ls-tree and cat-file, not git archive: a snapshot may lack blobs
    elsewhere in the tree, which makes git archive fail.
    """
    listing = _git(git_dir, "ls-tree", "-r", "-z", "HEAD", "--", *paths)
    entries = []
    for rec in listing.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind != b"blob" or mode == b"120000":
            continue
        entries.append((sha.decode(), path.decode()))
    if not entries:
        raise GenError("%s: nothing under %s" % (git_dir, ", ".join(paths)))
    proc = subprocess.run(["git", "--git-dir=" + git_dir, "cat-file",
                           "--batch"],
                          input=b"".join(s.encode() + b"\n"
                                         for s, _p in entries),
                          stdout=subprocess.PIPE, check=True)
    out = proc.stdout
    pos = 0
    for sha, path in entries:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].split()
        if len(header) != 3:
            raise GenError("git cat-file: %s missing" % path)
        size = int(header[2])
        data = out[nl + 1:nl + 1 + size]
        pos = nl + 1 + size + 1
        rel = path[len(strip):] if path.startswith(strip) else path
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    return len(entries)


class Sources:
    """Where the headers are, and a description for the generated file."""

    def __init__(self, xnu_dir, zig_dir, xnu_desc, zig_desc):
        self.xnu_dir = xnu_dir
        self.zig_dir = zig_dir
        self.xnu_desc = xnu_desc
        self.zig_desc = zig_desc

    def include_dirs(self, platform, stub_dir):
        if platform == "darwin":
            # The SDK's <netdb.h> sits among the stubs, so only that one
            # header of any-darwin-any is seen.
            x = self.xnu_dir
            return [stub_dir, os.path.join(x, "bsd"),
                    os.path.join(x, "EXTERNAL_HEADERS"),
                    os.path.join(x, "libkern"), os.path.join(x, "osfmk")]
        z = self.zig_dir
        return [stub_dir, os.path.join(z, "x86_64-freebsd-none"),
                os.path.join(z, "generic-freebsd")]

    def describe(self, platform):
        if platform == "darwin":
            return [self.xnu_desc,
                    "<netdb.h>: " + self.zig_desc +
                    " lib/libc/include/any-darwin-any/netdb.h"
                    " (macOS SDK 26.4, Libinfo)"]
        return [self.zig_desc + " lib/libc/include/{generic-freebsd,"
                "x86_64-freebsd-none} (FreeBSD 15.0 /usr/include)"]


def prepare_sources(args, workdir):
    if args.xnu_dir:
        xnu_dir = args.xnu_dir
        xnu_desc = "xnu headers from %s" % xnu_dir
    else:
        if not os.path.isdir(args.xnu_git_dir):
            raise GenError("xnu git directory %s not found (fetch "
                           "apple-oss-distributions/xnu, or pass --xnu-dir)"
                           % args.xnu_git_dir)
        xnu_dir = os.path.join(workdir, "xnu")
        extract_git_paths(args.xnu_git_dir, XNU_TREES, xnu_dir)
        xnu_desc = ("apple-oss-distributions/xnu commit %s"
                    % git_head(args.xnu_git_dir))
    if args.zig_libc_dir:
        zig_dir = args.zig_libc_dir
        zig_desc = "Zig libc headers from %s" % zig_dir
    else:
        if not os.path.isdir(args.zig_git_dir):
            raise GenError("Zig git directory %s not found (fetch "
                           "SB0LTD/sig, a ziglang/zig fork, or pass "
                           "--zig-libc-dir)" % args.zig_git_dir)
        zig_dir = os.path.join(workdir, "zig")
        extract_git_paths(args.zig_git_dir,
                          [ZIG_PREFIX + t for t in ZIG_TREES], zig_dir,
                          strip=ZIG_PREFIX)
        zig_desc = "SB0LTD/sig (ziglang/zig fork) commit %s" % git_head(
            args.zig_git_dir)
    return Sources(xnu_dir, zig_dir, xnu_desc, zig_desc)


def write_stubs(platform, sources, stub_dir):
    for rel, text in STUBS[platform].items():
        path = os.path.join(stub_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    if platform == "darwin":
        shutil.copy(os.path.join(sources.zig_dir, "any-darwin-any",
                                 "netdb.h"),
                    os.path.join(stub_dir, "netdb.h"))


# --------------------------------------------------------------------------
# Compiling probes

def _probe_source(headers, items):
    lines = ["/* generated by tools/gen_constants_bsd.py */"]
    lines += ["#include <%s>" % h for h in headers]
    lines.append("long long pysock_probe_values[] "
                 "__attribute__((section(\"%s\"), used)) = {" % PROBE_SECTION)
    lines.append("0x%016xLL," % MARKER)
    for name, expr in items:
        lines.append('#line 1 "%s%s"' % (PROBE_FILE_PREFIX, name))
        lines.append("(%s)," % expr)
    lines.append("};")
    return "\n".join(lines) + "\n"


def _read_section(obj, workdir, count):
    out = os.path.join(workdir, "probe.bin")
    subprocess.run(["objcopy", "-O", "binary",
                    "--only-section=" + PROBE_SECTION, obj, out], check=True)
    with open(out, "rb") as f:
        blob = f.read()
    if len(blob) != 8 * (count + 1):
        raise GenError("probe section holds %d bytes, expected %d"
                       % (len(blob), 8 * (count + 1)))
    if struct.unpack("<q", blob[:8])[0] != MARKER:
        raise GenError("probe marker not found in %s" % obj)
    return list(struct.unpack("<%dq" % count, blob[8:]))


class Compiler:
    def __init__(self, platform, flags, include_dirs, stub_dir, workdir):
        self.flags = list(COMMON_FLAGS) + list(_UNDEF_LINUX) + list(flags)
        self.flags += ["-I" + d for d in include_dirs]
        self.stub_dir = stub_dir
        self.workdir = workdir
        self.stubbed = set()

    def run(self, source, extra=()):
        src = os.path.join(self.workdir, "probe.c")
        obj = os.path.join(self.workdir, "probe.o")
        with open(src, "w") as f:
            f.write(source)
        if os.path.exists(obj):
            os.unlink(obj)
        # Headers the tree lacks (libpthread's, libc's <_types.h>) become
        # empty stubs, one per round.
        for _round in range(40):
            cmd = ["gcc"] + self.flags + list(extra) + [src, "-o", obj]
            proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE,
                                  universal_newlines=True, cwd=self.workdir)
            m = _MISSING_INCLUDE.search(proc.stderr)
            if m is None:
                return proc, obj
            rel = m.group(1)
            path = os.path.join(self.stub_dir, rel)
            if os.path.exists(path):
                raise GenError("include %s not found:\n%s"
                               % (rel, proc.stderr[:2000]))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").close()
            self.stubbed.add(rel)
        raise GenError("too many missing headers")

    def probe(self, headers, items):
        """({name: value}, {name: diagnostic}) for items [(name, expr)]."""
        missing = {}
        items = list(items)
        for _attempt in range(20):
            proc, obj = self.run(_probe_source(headers, items))
            if proc.returncode == 0:
                values = _read_section(obj, self.workdir, len(items))
                return dict(zip((n for n, _ in items), values)), missing
            bad = {}
            for line in proc.stderr.splitlines():
                m = re.match(r"^%s([A-Za-z0-9_]+):" %
                             re.escape(PROBE_FILE_PREFIX), line)
                if m and m.group(1) not in bad:
                    bad[m.group(1)] = line
            if not bad:
                raise GenError("gcc failed on the headers themselves:\n%s"
                               % "\n".join(proc.stderr.splitlines()[:40]))
            missing.update(bad)
            items = [(n, e) for n, e in items if n not in bad]
        raise GenError("probe did not converge")

    def macros(self, headers):
        """{name: (header path, body)} of every macro, as -dD shows it."""
        src = "".join("#include <%s>\n" % h for h in headers)
        flags = [f for f in self.flags if f not in ("-c",)]
        self.run(src)  # creates the stubs -E would stop at
        path = os.path.join(self.workdir, "macros.c")
        with open(path, "w") as f:
            f.write(src)
        out = subprocess.run(["gcc"] + flags + ["-E", "-dD", path],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             universal_newlines=True, check=True).stdout
        origins = {}
        current = ""
        for line in out.splitlines():
            if line.startswith("# "):
                m = re.match(r'^# \d+ "([^"]+)"', line)
                if m:
                    current = m.group(1)
            elif line.startswith("#define "):
                m = re.match(r"^#define ([A-Za-z_][A-Za-z0-9_]*)"
                             r"(\([^)]*\))?\s*(.*)$", line)
                if m:
                    origins[m.group(1)] = (current, m.group(3).strip())
        return origins


def short_header(path, include_dirs):
    for d in include_dirs:
        d = d.rstrip("/") + "/"
        if path.startswith(d):
            return path[len(d):]
    if path.startswith("<"):
        return "-"
    return os.path.basename(path)


def origin_of(name, expr, origins, include_dirs):
    """The header whose #define gives name its value (following aliases)."""
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
        return "-"
    return short_header(origins[key][0], include_dirs)


# --------------------------------------------------------------------------
# One platform

def errno_names(origins, include_dirs):
    """Every E* macro defined in <sys/errno.h> that user space sees."""
    names = []
    for name, (path, body) in origins.items():
        if not re.match(r"^E[A-Z0-9]+$", name):
            continue
        if short_header(path, include_dirs) != "sys/errno.h":
            continue
        # ELAST is the largest errno, not an error of its own: as a name
        # it would shadow the real one in a value -> name lookup.
        if name == "ELAST":
            continue
        names.append(name)
    return sorted(names)


def evaluate_platform(platform, sources, workdir):
    entries = read_name_file(NAME_FILES[platform])
    strings = {n: s[1] for n, s in entries if s and s[0] == "str"}
    items = [(n, s[1] if s else n) for n, s in entries
             if s is None or s[0] == "expr"]
    expr_of = dict(items)
    headers = HEADERS[platform]
    results = []
    stubbed = set()
    for index, (arch, flags) in enumerate(ARCHES[platform]):
        adir = os.path.join(workdir, "%s-%s" % (platform, arch))
        stub_dir = os.path.join(adir, "stubs")
        os.makedirs(stub_dir)
        write_stubs(platform, sources, stub_dir)
        include_dirs = sources.include_dirs(platform, stub_dir)
        cc = Compiler(platform, flags, include_dirs, stub_dir, adir)
        origins = cc.macros(headers)
        enames = errno_names(origins, include_dirs)
        all_items = items + [(n, n) for n in enames if n not in expr_of]
        values, missing = cc.probe(headers, all_items)
        if index == 0 and missing:
            raise GenError("%s/%s: names the headers do not define:\n  %s"
                           % (platform, arch, "\n  ".join(
                               "%s: %s" % (n, missing[n])
                               for n in sorted(missing))))
        where = {n: origin_of(n, e, origins, include_dirs)
                 for n, e in all_items if n in values}
        results.append((arch, values, enames, where))
        stubbed |= cc.stubbed
    base_arch, base, base_errno, base_where = results[0]
    overrides = {}
    for arch, values, enames, where in results[1:]:
        diff = {}
        for name in set(base) | set(values):
            if base.get(name) != values.get(name):
                diff[name] = (values.get(name), where.get(name, "-"))
        if diff:
            overrides[arch] = diff
    vals = {n: base[n] for n, _e in items}
    errno = {n: base[n] for n in base_errno}
    return {
        "values": vals, "strings": strings, "errno": errno,
        "where": base_where, "overrides": overrides,
        "base_arch": base_arch,
        "arches": [a for a, _f in ARCHES[platform]],
        "stubbed": sorted(stubbed | set(STUBS[platform])),
    }


# --------------------------------------------------------------------------
# The generated module

def _literal(value):
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def render(platform, result, sources):
    title = {"darwin": "macOS", "freebsd": "FreeBSD"}[platform]
    out = [
        "# GENERATED FILE -- do not edit.",
        "# Regenerate with:  python3 tools/gen_constants_bsd.py",
        "# %s constants (%s), read from the system's own headers:" % (
            title, ", ".join(result["arches"])),
    ]
    out += ["#   " + line for line in sources.describe(platform)]
    out += [
        "# Method: each name is compiled (gcc -c -nostdinc against those",
        "# headers, target macros defined, nothing linked or run) into a",
        "# long long array whose section is read back from the object file.",
        "# Stub headers (no constants): %s." % ", ".join(result["stubbed"]),
        "# Names: tools/constants_data/names_%s.txt; ERRNO: every E* macro"
        % platform,
        "# of <sys/errno.h>.  Comment: the header that defines the value"
        " (- :",
        "# a CPython fallback or a string).",
        "",
        "from typing import Dict, Optional",
        "",
        "VALUES = {",
    ]
    merged = dict(result["values"])
    merged.update(result["strings"])
    for name in sorted(merged):
        where = result["where"].get(name, "-")
        out.append("    %s: %s,  # %s" % (_literal(name),
                                          _literal(merged[name]), where))
    out.append("}")
    out.append("")
    out.append("ERRNO = {")
    for name in sorted(result["errno"]):
        out.append("    %s: %s," % (_literal(name),
                                    _literal(result["errno"][name])))
    out.append("}")
    out.append("")
    out.append("# Values on the other CPU families, only where they differ"
               " from VALUES")
    out.append("# (%s); None: the name does not exist there." %
               result["base_arch"])
    out.append("ARCH_OVERRIDES: Dict[str, Dict[str, Optional[int]]] = {")
    for arch in sorted(result["overrides"]):
        out.append("    %s: {" % _literal(arch))
        for name in sorted(result["overrides"][arch]):
            value, where = result["overrides"][arch][name]
            out.append("        %s: %s,  # %s" % (_literal(name),
                                                 _literal(value), where))
        out.append("    },")
    out.append("}")
    out.append("")
    out.append("# CPython adds its constants with PyModule_AddIntConstant(),"
               " as C longs:")
    out.append("# where a long is 32 bits these (2**31 or more) read as"
               " negative numbers.")
    out.append("CPYTHON_C_LONG_NAMES = (")
    for name in sorted(result["values"]):
        if 2 ** 31 <= result["values"][name] < 2 ** 32:
            out.append("    %s," % _literal(name))
    out.append(")")
    return "\n".join(out) + "\n"


def generate(platforms, outputs, args):
    workdir = tempfile.mkdtemp(prefix="gen_constants_bsd.")
    written = []
    try:
        sources = prepare_sources(args, workdir)
        for platform in platforms:
            result = evaluate_platform(platform, sources, workdir)
            text = render(platform, result, sources)
            output = outputs[platform]
            tmp = output + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, output)
            written.append((output, len(result["values"]) +
                            len(result["strings"]), len(result["errno"])))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--platform", choices=("darwin", "freebsd"),
                        action="append")
    parser.add_argument("--output", help="with one --platform: where to"
                        " write (default: pysock/_libc/_constants_<p>.py)")
    parser.add_argument("--xnu-git-dir", default=XNU_GIT_DIR)
    parser.add_argument("--xnu-dir", help="an extracted xnu tree instead")
    parser.add_argument("--zig-git-dir", default=ZIG_GIT_DIR)
    parser.add_argument("--zig-libc-dir", help="an extracted"
                        " lib/libc/include of Zig instead")
    args = parser.parse_args(argv)
    platforms = args.platform or ["darwin", "freebsd"]
    outputs = dict(OUTPUTS)
    if args.output:
        if len(platforms) != 1:
            parser.error("--output needs exactly one --platform")
        outputs[platforms[0]] = args.output
    try:
        for output, n, e in generate(platforms, outputs, args):
            print("wrote %s: %d names, %d errno" % (output, n, e))
        return 0
    except (GenError, subprocess.CalledProcessError) as exc:
        print("gen_constants_bsd: error: %s" % exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
