"""The prototype tables bound through cffi on PyPy (pysock/_libc/_cffi.py):
the cdef text is written from the ctypes table, and a cffi-bound function
gives what its ctypes twin gives -- results, errno, errcheck -- compared
call by call on this machine."""

import ctypes
import os
import sys

import pytest

from pysock._libc import _cffi, loader, posix

PYPY = sys.implementation.name == "pypy"


def test_every_posix_row_has_a_c_declaration():
    # Nothing of the table is left to ctypes for want of a C spelling.
    for name, (argtypes, restype, _) in posix.SIGNATURES.items():
        assert _cffi.declaration(name, argtypes, restype) is not None, name


def test_declarations_are_the_tables():
    c = ctypes
    assert _cffi.declaration("socket", (c.c_int, c.c_int, c.c_int), c.c_int) == (
        "int socket(int, int, int);")
    sendto = posix.SIGNATURES["sendto"]
    assert _cffi.declaration("sendto", sendto[0], sendto[1]) == (
        "long sendto(int, char *, unsigned long, int, char *, unsigned int);"
        if ctypes.sizeof(c.c_long) == 8 and ctypes.sizeof(c.c_size_t) == 8
        else _cffi.declaration("sendto", sendto[0], sendto[1]))
    assert _cffi.declaration("if_nameindex", (), posix.SIGNATURES["if_nameindex"][1]) == (
        "char * if_nameindex(void);")
    assert _cffi.declaration("f", (c.c_wchar_p,), c.c_int) is None
    assert _cffi.declaration("f", (), c.c_double) is None


needs_cffi = pytest.mark.skipif(not (PYPY and _cffi.available()),
                                reason="the cffi binding is PyPy's (loader._CFFI)")


@needs_cffi
def test_the_table_is_bound_through_cffi_on_pypy():
    assert loader._CFFI
    for name in ("socket", "recvfrom", "raw_recvfrom", "sendmsg", "getaddrinfo"):
        assert not isinstance(getattr(posix.lib, name), ctypes._CFuncPtr), name


def _ctypes_twin():
    return loader.Prototypes(_ctypes_functions())


def _ctypes_functions():
    saved = loader._CFFI
    loader._CFFI = False
    try:
        return loader.bind(loader.load_libc(), posix.SIGNATURES,
                           optional=posix.OPTIONAL, raw=posix.RAW).__dict__
    finally:
        loader._CFFI = saved


@needs_cffi
def test_results_errors_and_errno_are_ctypes():
    twin = loader.Prototypes(_ctypes_functions())

    def outcome(lib, call):
        ctypes.set_errno(0)
        try:
            result = call(lib)
        except Exception as exc:
            result = ("raise", type(exc).__name__, str(exc))
        if isinstance(result, ctypes._Pointer):
            result = ("pointer", ctypes.cast(result, ctypes.c_void_p).value is None)
        return result, ctypes.get_errno()

    buf = ctypes.create_string_buffer(64)
    size = posix.socklen_t(64)
    calls = [
        lambda lib: lib.socket(-1, 1, 0),                  # EAFNOSUPPORT, errcheck
        lambda lib: lib.raw_sendto(-1, b"x", 1, 0, None, 0),  # -1, errno only
        lambda lib: lib.listen(-1, 1),                     # EBADF
        lambda lib: lib.getsockname(-1, buf, ctypes.byref(size)),
        lambda lib: lib.gethostname(buf, 64) == 0 and buf.value,
        lambda lib: lib.gai_strerror(-2),                  # char * result
        lambda lib: lib.if_nametoindex(b"lo"),
        lambda lib: lib.if_indextoname(1, buf),            # char * result, buffer arg
        lambda lib: lib.if_indextoname(1 << 30, buf),      # NULL + errno
        lambda lib: lib.socket("x", 1, 0),                 # refused: ctypes' error
        lambda lib: lib.listen(1 << 40, 1),                # out of range: ctypes'
        lambda lib: lib.listen(-1),                        # argument count
    ]
    for i, call in enumerate(calls):
        assert outcome(posix.lib, call) == outcome(twin, call), i


@needs_cffi
def test_pysock_without_cffi_is_the_same_on_pypy():
    # The whole module under PYSOCK_CFFI=0 and with cffi: one program's
    # output, byte for byte.
    import subprocess

    program = (
        "import pysock as s\n"
        "a, b = s.socketpair(s.AF_UNIX, s.SOCK_DGRAM)\n"
        "a.sendmsg([b'ab', b'cd']); print(b.recvmsg(10))\n"
        "u = s.socket(s.AF_INET, s.SOCK_DGRAM); u.bind(('127.0.0.1', 0))\n"
        "u.sendto(b'x', u.getsockname()); print(u.recvfrom(5)[0])\n"
        "for call in (lambda: s.socket(999), lambda: u.recv(1, s.MSG_DONTWAIT),\n"
        "             lambda: s.getaddrinfo('no.such.host.invalid', 1)):\n"
        "    try: call()\n"
        "    except OSError as e: print(type(e).__name__, e.errno, e)\n"
        "print(s.getaddrinfo('127.0.0.1', 80, s.AF_INET, s.SOCK_STREAM))\n"
    )
    outs = []
    for value in ("0", "1"):
        env = dict(os.environ, PYSOCK_CFFI=value)
        outs.append(subprocess.run([sys.executable, "-c", program], env=env,
                                   capture_output=True, text=True, check=True).stdout)
    assert outs[0] == outs[1]
    assert "OSError 97" in outs[0] and "BlockingIOError 11" in outs[0]
