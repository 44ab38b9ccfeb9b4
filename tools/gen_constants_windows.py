#!/usr/bin/env python3
"""Generate pysock/_libc/_constants_windows.py from the Windows headers.

    python3 tools/gen_constants_windows.py [--check]

Method: a C probe that prints every name of
``tools/constants_data/names_windows.txt`` is compiled with mingw-w64
(``x86_64-w64-mingw32-gcc``, Debian's ``gcc-mingw-w64-x86-64``) against its
Windows headers and run under Wine (``tools/wine/winepy.py``'s prefix).  A
name the headers lack is reported by the compiler as undeclared and dropped
from the probe; if it is in ``FALLBACKS`` below, that value is used, with
its source written next to it.  The errno table is the Windows CPython's
own ``errno`` module (3.13.2 under Wine): the numbers the stdlib's
``OSError`` gets there (``EWOULDBLOCK`` is ``WSAEWOULDBLOCK``, 10035).

``--check`` regenerates into memory and fails if the file differs.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "constants_data")
NAMES_FILE = os.path.join(DATA, "names_windows.txt")
SINCE_FILE = os.path.join(DATA, "since_windows.txt")
OUTPUT = os.path.join(ROOT, "pysock", "_libc", "_constants_windows.py")
sys.path.insert(0, os.path.join(HERE, "wine"))

import winepy  # noqa: E402

CC = "x86_64-w64-mingw32-gcc"
HEADERS = ("winsock2.h", "ws2tcpip.h", "mstcpip.h", "mswsock.h", "ws2bth.h",
           "hvsocket.h", "af_irda.h", "stdio.h")

# What mingw-w64's headers lack, with where the value comes from.
FALLBACKS = {
    "AF_LINK": (33, "Windows SDK ws2def.h"),
    "AF_HYPERV": (34, "Windows SDK ws2def.h"),
    "MSG_ERRQUEUE": (4096, "Windows SDK ws2def.h"),
    "TCP_MAXSEG": (4, "Windows SDK ws2ipdef.h"),
    "TCP_KEEPIDLE": (3, "Windows SDK ws2ipdef.h (TCP_KEEPALIVE)"),
    "TCP_KEEPINTVL": (17, "Windows SDK ws2ipdef.h"),
    "TCP_KEEPCNT": (16, "Windows SDK ws2ipdef.h"),
    "TCP_FASTOPEN": (15, "Windows SDK ws2ipdef.h"),
    "SOL_IP": (65531, "Windows SDK ws2def.h (SOL_SOCKET-4); 0 on CPython 3.8"),
    "SOL_TCP": (6, "CPython socketmodule.c fallback"),
    "SOL_UDP": (17, "CPython socketmodule.c fallback"),
    "IPPORT_USERRESERVED": (5000, "CPython socketmodule.c fallback"),
    "INADDR_UNSPEC_GROUP": (0xE0000000, "CPython socketmodule.c fallback"),
    "INADDR_ALLHOSTS_GROUP": (0xE0000001, "CPython socketmodule.c fallback"),
    "INADDR_MAX_LOCAL_GROUP": (0xE00000FF, "CPython socketmodule.c fallback"),
    "HVSOCKET_CONNECT_TIMEOUT": (1, "Windows SDK hvsocket.h"),
    "HVSOCKET_CONNECT_TIMEOUT_MAX": (300000, "Windows SDK hvsocket.h"),
    "HVSOCKET_CONNECTED_SUSPEND": (4, "Windows SDK hvsocket.h"),
    "HVSOCKET_ADDRESS_FLAG_PASSTHRU": (1, "Windows SDK hvsocket.h"),
    "HV_PROTOCOL_RAW": (1, "Windows SDK hvsocket.h"),
}

# The string constants (CPython socketmodule.c defines them; SINCE says from
# which Python): Bluetooth's addresses, Hyper-V's service GUIDs.
STRINGS = {
    "BDADDR_ANY": "00:00:00:00:00:00",
    "BDADDR_LOCAL": "00:00:00:FF:FF:FF",
    "HV_GUID_ZERO": "00000000-0000-0000-0000-000000000000",
    "HV_GUID_WILDCARD": "00000000-0000-0000-0000-000000000000",
    "HV_GUID_BROADCAST": "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
    "HV_GUID_CHILDREN": "90DB8B89-0D35-4F79-8CE9-49EA0AC8B7CD",
    "HV_GUID_LOOPBACK": "E0E16197-DD56-4A10-9195-5EE7A155A838",
    "HV_GUID_PARENT": "A42E7CDA-D03F-480C-9CC2-A4DE20ABB878",
}

# Where the Windows SDK and mingw disagree, the Windows CPython (built with
# the SDK) is followed: the SDK's ws2tcpip.h has EAI_NODATA = EAI_NONAME.
OVERRIDES = {
    "EAI_NODATA": (11001, "Windows SDK ws2tcpip.h (EAI_NONAME; mingw: 11004)"),
}

# CPython's socketmodule.h names these Windows constants the BSD way.
ALIASES = {
    "AF_BLUETOOTH": "AF_BTH",
    "BTPROTO_RFCOMM": "BTHPROTO_RFCOMM",
    "SHUT_RD": "SD_RECEIVE",
    "SHUT_WR": "SD_SEND",
    "SHUT_RDWR": "SD_BOTH",
}

_UNDECLARED = re.compile(r"['\u2018]([A-Za-z_][A-Za-z0-9_]*)['\u2019] undeclared")


def read_names():
    names = []
    with open(NAMES_FILE) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line)
    return names


def read_since():
    since = {}
    with open(SINCE_FILE) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                name, version = line.split()
                since[name] = tuple(int(part) for part in version.split("."))
    return since


def probe_source(names):
    lines = ["#define WIN32_LEAN_AND_MEAN", "#define _WIN32_WINNT 0x0A00"]
    lines += ["#include <%s>" % h for h in HEADERS]
    lines.append("int main(void) {")
    for name in names:
        lines.append('    printf("%%s %%lld\\n", "%s", (long long)(%s));'
                     % (name, ALIASES.get(name, name)))
    lines.append("    return 0;\n}")
    return "\n".join(lines) + "\n"


def compile_probe(names, workdir):
    """Compile the probe, dropping undeclared names: (exe, names kept)."""
    names = list(names)
    exe = os.path.join(workdir, "probe.exe")
    for _ in range(20):
        source = os.path.join(workdir, "probe.c")
        with open(source, "w") as f:
            f.write(probe_source(names))
        proc = subprocess.run([CC, "-O0", "-o", exe, source], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True)
        if proc.returncode == 0:
            return exe, names
        missing = set(_UNDECLARED.findall(proc.stdout))
        missing |= {name for name, alias in ALIASES.items() if alias in missing}
        if not missing:
            raise SystemExit("probe does not compile:\n" + proc.stdout)
        names = [n for n in names if n not in missing]
    raise SystemExit("probe: too many rounds")


def run_probe(exe):
    winepy.prepare_prefix()
    proc = subprocess.run(["wine", exe], env=winepy.wine_env(), stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True,
                          universal_newlines=True)
    values = {}
    for line in proc.stdout.splitlines():
        name, value = line.split()
        values[name] = int(value)
    return values


def windows_errno():
    """The Windows CPython's errno module, {name: number}."""
    winepy.prepare(["3.13"], site_packages=False)
    proc = winepy.popen("3.13", ["-c", "import errno, json; print(json.dumps("
                                 "{n: getattr(errno, n) for n in dir(errno) "
                                 "if n[:1] in 'EW' and n.isupper()}))"])
    out, err = proc.communicate(b"", timeout=120)
    if proc.returncode:
        raise SystemExit("errno dump failed: %s" % err.decode())
    return json.loads(out.decode())


def render(values, sources, errno, since):
    out = [
        "# GENERATED FILE -- do not edit.",
        "# Regenerate with:  python3 tools/gen_constants_windows.py",
        "# Windows (x86_64) constants: the names the Windows CPythons' socket",
        "# modules export (tools/constants_data/names_windows.txt), their values",
        "# printed by a probe compiled with %s against the" % CC,
        "# mingw-w64 headers and run under Wine (%s," % ", ".join(HEADERS[:3]),
        "# %s);" % ", ".join(HEADERS[3:-1]),
        "# what mingw lacks from the Windows SDK or CPython's own fallbacks",
        "# (source in the comment).  Values as the headers state them (unsigned);",
        "# windows.py gives them as a C long, as CPython does.",
        "",
        "VALUES = {",
    ]
    for name in sorted(values):
        out.append('    "%s": %r,  # %s' % (name, values[name], sources[name]))
    out.append("}")
    out.append("")
    out.append("# The Windows CPython's errno module (3.13.2 under Wine).")
    out.append("ERRNO = {")
    for name in sorted(errno):
        out.append('    "%s": %d,' % (name, errno[name]))
    out.append("}")
    out.append("")
    out.append("# The first CPython that exports a name (the others: all since 3.8).")
    out.append("SINCE = {")
    for name in sorted(since):
        out.append('    "%s": %r,' % (name, since[name]))
    out.append("}")
    out.append("")
    out.append("# Values that differ by CPython version: {name: {(major, minor): value}}.")
    out.append("# SOL_IP: Windows CPython 3.8 was built with an SDK lacking it (CPython's")
    out.append("# fallback 0).")
    out.append('BY_VERSION = {"SOL_IP": {(3, 8): 0}}')
    out.append("")
    return "\n".join(out)


def generate():
    names = read_names()
    workdir = tempfile.mkdtemp(prefix="pysock-wprobe-")
    try:
        exe, kept = compile_probe(names, workdir)
        probed = run_probe(exe)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    values, sources = {}, {}
    lacking = [n for n in names if n not in OVERRIDES and n not in probed and n not in FALLBACKS]
    if lacking:
        raise SystemExit("no value (not in mingw's headers nor in FALLBACKS): "
                         + " ".join(lacking))
    for name in names:
        if name in OVERRIDES:
            values[name], sources[name] = OVERRIDES[name]
        elif name in probed:
            values[name], sources[name] = probed[name], (
                "mingw-w64 headers, as " + ALIASES[name] if name in ALIASES
                else "mingw-w64 headers")
        elif name in FALLBACKS:
            values[name], sources[name] = FALLBACKS[name]
        else:
            raise SystemExit("no value for %s: not in mingw's headers nor in FALLBACKS" % name)
    for name, text in STRINGS.items():
        values[name], sources[name] = text, "CPython socketmodule.c"
    return render(values, sources, windows_errno(), read_since())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    options = parser.parse_args()
    text = generate()
    if options.check:
        with open(OUTPUT) as f:
            if f.read() != text:
                print("%s is out of date" % OUTPUT)
                return 1
        print("%s is up to date" % OUTPUT)
        return 0
    with open(OUTPUT, "w") as f:
        f.write(text)
    print("wrote %s" % OUTPUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
