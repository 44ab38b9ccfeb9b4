"""Run on a Windows CPython (tools/wine/winepy.py ci): every uppercase
integer name of that Python's own ``socket`` module must exist in pysock
with the same value, and pysock must export no socket constant, no
public function and no socket method that the stdlib lacks there
(``hasattr`` tells the truth).  Prints what differs; exit status 1 if
anything does."""

import socket as std
import sys

import pysock

# Module names of Lib/socket.py that are its imports, not its API.
_IMPORTS = {"IntEnum", "IntFlag", "errno", "io", "os", "selectors", "sys", "array"}
# Known gaps, each with its reason (README, Windows).
_KNOWN_MISSING = {
    "CAPI": "the C module's capsule for _ssl: pysock has no C API",
    "errorTab": "Lib/socket.py's table of Winsock messages is not reproduced",
}


def public(namespace):
    return {n for n in dir(namespace) if not n.startswith("_")}


def main():
    problems = []
    names = [n for n in dir(std) if n.isupper() and isinstance(getattr(std, n), int)]
    for name in names:
        if not hasattr(pysock, name):
            problems.append("missing constant %s = %r" % (name, getattr(std, name)))
        elif getattr(pysock, name) != getattr(std, name):
            problems.append("%s: pysock %r, stdlib %r"
                            % (name, getattr(pysock, name), getattr(std, name)))
    ours = {n for n in public(pysock) if n.isupper()} - {"TYPE_CHECKING"}
    for name in sorted(ours - public(std)):
        problems.append("extra constant %s (the stdlib has none here)" % name)
    missing = public(std) - public(pysock) - _IMPORTS - set(_KNOWN_MISSING)
    # pysock's own module functions (README: install()), on every platform.
    additions = {"install", "installed", "uninstall"}
    extra = public(pysock) - public(std) - {"TYPE_CHECKING", "annotations", "families"} - additions
    for name in sorted(additions - public(pysock)):
        problems.append("pysock addition %s missing" % name)
    for name in sorted(missing):
        problems.append("missing public name %s" % name)
    for name in sorted(extra):
        problems.append("extra public name %s" % name)
    for name in sorted(public(std.socket) ^ public(pysock.socket)):
        problems.append("socket method %s: stdlib %s, pysock %s" % (
            name, hasattr(std.socket, name), hasattr(pysock.socket, name)))
    print("Windows CPython %s: %d uppercase int names of socket checked; known gaps: %s"
          % (sys.version.split()[0], len(names), ", ".join(sorted(_KNOWN_MISSING))))
    for line in problems:
        print("  " + line)
    print("constants and names: %s" % ("OK" if not problems else "%d problem(s)" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
