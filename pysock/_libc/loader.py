"""Loading a C library and binding its prototype table.

A table maps a C function's name to ``(argtypes, restype, errcheck)``:
``errcheck`` is the function's error convention (see ``errors``), or ``None``
where the function reports no error.  ``bind`` returns a namespace of bound
functions, one per name; a required name that the library lacks is an
``ImportError`` naming every missing symbol, an optional one is simply left
out so that ``hasattr`` tells the truth upstream.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from typing import TYPE_CHECKING, Any, Dict, Iterable, Mapping, Sequence, Tuple


# On PyPy the table is bound a second time through cffi's ABI mode, which
# its JIT calls directly (a ctypes call costs there several microseconds of
# conversions): same arguments, results, errno and errcheck (see _cffi).
# PYSOCK_CFFI=0 keeps ctypes alone, to compare.
_CFFI = sys.implementation.name == "pypy" and os.environ.get("PYSOCK_CFFI") != "0"


class Prototypes(object):
    """The bound functions of one table, as attributes."""

    def __init__(self, functions: Mapping[str, Any]) -> None:
        self.__dict__.update(functions)

    def __contains__(self, name: object) -> bool:
        return name in self.__dict__

    if TYPE_CHECKING:
        # The functions are the table's, bound at import: any name.
        def __getattr__(self, name: str) -> Any: ...


def bind(
    lib: Any,
    table: Mapping[str, Tuple[Sequence[Any], Any, Any]],
    optional: Iterable[str] = (),
    library_name: str = "libc",
    raw: Iterable[str] = (),
) -> Prototypes:
    """The functions of *table* bound on *lib*.

    Each name in *raw* is bound a second time as ``raw_<name>``: the
    table's restype, but neither argtypes nor errcheck.  Declared argtypes
    cost a from_param() call per argument (about 0.5 us a call of six
    arguments here, docs/architecture.md); a raw function's caller passes
    what C gets without conversion (ints within C int, bytes, ctypes
    buffers, byref() or c_void_p pointers) and checks the result itself.
    The table stays the one statement of the prototype.
    """
    functions: Dict[str, Any] = {}
    missing = []
    for name, (argtypes, restype, errcheck) in table.items():
        try:
            func = getattr(lib, name)
        except AttributeError:
            if name not in optional:
                missing.append(name)
            continue
        if not all(argtype is ctypes.c_int for argtype in argtypes):
            func.argtypes = argtypes
        # else: ctypes passes a Python int as a C int by default, and a
        # declared argtype costs a from_param() call per argument (about
        # 0.15 us here, 20% of socket()+close()).  The table still states
        # the prototype; callers pass only ints already range-checked.
        func.restype = restype
        if errcheck is not None:
            func.errcheck = errcheck
        functions[name] = func
        if name in raw:
            unchecked = lib._FuncPtr((name, lib))
            unchecked.restype = restype
            functions["raw_" + name] = unchecked
    if missing:
        raise ImportError(
            "pysock: %s lacks required function(s): %s"
            % (library_name, ", ".join(sorted(missing)))
        )
    if _CFFI:
        from . import _cffi

        functions = _cffi.bind_functions(lib, table, functions)
    return Prototypes(functions)


def load_libc(required: Iterable[str] = ("socket", "recv")) -> ctypes.CDLL:
    """Our own handle on the C library, loaded with ``use_errno=True``.

    The interpreter is itself linked against the C library, so the global
    namespace (``dlopen(NULL)``) already holds it on glibc, musl, macOS and the
    BSDs; no file name is guessed.  Only an interpreter that does not export
    them (a static build) falls back to ``find_library``.
    """
    lib = ctypes.CDLL(None, use_errno=True)
    if all(hasattr(lib, name) for name in required):
        return lib
    name = ctypes.util.find_library("c")
    if name is None:
        raise ImportError("pysock: cannot find the C library on %s" % sys.platform)
    return ctypes.CDLL(name, use_errno=True)


def load_pythonapi() -> ctypes.PyDLL:
    """Our own handle on the interpreter's C API (not the shared pythonapi)."""
    return ctypes.PyDLL(None, handle=ctypes.pythonapi._handle)
