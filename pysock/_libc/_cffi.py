"""The prototype tables bound through cffi's ABI mode, on PyPy.

A ctypes call costs PyPy several microseconds of argument and result
conversion that its JIT cannot see through; a call through cffi's ABI mode
(``ffi.cdef`` + ``ffi.dlopen``: no compiler, ``_cffi_backend`` is built into
PyPy) is what the JIT compiles to a direct call.  ``loader.bind`` hands a
table here on PyPy; nothing above it changes.

The table stays the one statement of each prototype: the cdef text is
written from its ctypes types here (``declaration``), never by hand.  Each
bound function takes what its ctypes twin takes and gives what it gives:

- arguments: Python ints for the integer parameters; for a pointer
  parameter ``None``, ``bytes``, an int address, a ctypes array, structure
  or union, a ctypes pointer (``byref`` is one on PyPy) or a ctypes
  ``c_void_p``/``c_char_p``.  Anything else -- and any value cffi refuses
  (an int out of its C type's range, a wrong count) -- goes to the ctypes
  function, which then does exactly what it always did.  cffi checks its
  arguments before the C function runs, so no call is made twice.
- results: the ctypes restype's Python value (an int, ``None``, ``bytes``
  or ``None`` for ``char *``, a ctypes pointer for ``POINTER(T)``).
- errno: ctypes' thread-local copy (``ctypes.get_errno()``, which every
  caller reads, ``errors`` too) is handed to the C function as cffi's and
  taken back from it after every call, as ``CDLL(use_errno=True)`` does.
- the error convention (errcheck) is called as ctypes calls it:
  ``errcheck(result, function, arguments)``.

A table that has a type this module cannot write in C (``c_wchar_p``, a
structure by value) keeps those functions on ctypes; so does every
function where ``_cffi_backend`` is missing.

The hot paths that would otherwise build ctypes objects on every call
(sendmsg/recvmsg, ``msg``) call the C functions themselves: each bound
name also comes as ``cffi_<name>``, the bare cffi function (no
conversion, no errno copy, no errcheck: its caller passes cffi values and
reads ``cffi.errno``), with the table's FFI as ``cffi``.  The memory they
fill is laid out by the ctypes structures (``field_pointer_types``), not
by a second declaration.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

# cffi has no type information (the stub package types-cffi is not a
# dependency): to checkers its FFI object is Any.
FFI: Any
try:
    import _cffi_backend  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: F401 - builtin on PyPy
    from cffi import FFI as _cffi_FFI  # type: ignore[import-untyped, import-not-found, unused-ignore]

    FFI = _cffi_FFI
except ImportError:  # pragma: no cover - PyPy always has it
    FFI = None

#: A table row: (argtypes, restype, errcheck), as loader.bind reads it.
Row = Tuple[Sequence[Any], Any, Optional[Callable[..., Any]]]

__all__ = ["available", "bind_functions", "declaration", "field_pointer_types"]

#: The C spelling of ctypes' simple integer type codes.
_INTEGERS = {
    "b": "signed char",
    "B": "unsigned char",
    "h": "short",
    "H": "unsigned short",
    "i": "int",
    "I": "unsigned int",
    "l": "long",
    "L": "unsigned long",
    "q": "long long",
    "Q": "unsigned long long",
}

_Pointer = ctypes._Pointer
_CData = (ctypes.Array, ctypes.Structure, ctypes.Union)
_get_errno = ctypes.get_errno
_set_errno = ctypes.set_errno


def available() -> bool:
    """cffi's ABI mode can be used here (PyPy, POSIX errno convention)."""
    return FFI is not None and sys.platform != "win32"


def _c_type(ctype: Any) -> Optional[str]:
    """The C spelling of a ctypes type as a parameter or result of a call
    made through cffi, or None when it has none here.  Every pointer is
    ``char *``: it accepts ``bytes`` and cffi's pointers alike, and C sees
    the same address whatever the pointee."""
    if ctype is None:
        return "void"
    if isinstance(ctype, type) and issubclass(ctype, _Pointer):
        return "char *"
    code = getattr(ctype, "_type_", None)
    if not isinstance(code, str) or not issubclass(ctype, ctypes._SimpleCData):
        return None
    if code in ("P", "z"):
        return "char *"
    return _INTEGERS.get(code)


def declaration(name: str, argtypes: Sequence[Any], restype: Any) -> Optional[str]:
    """The C declaration of one table row, or None when a type has no C
    spelling here: ``("socket", (c_int, c_int, c_int), c_int)`` is
    ``int socket(int, int, int);``."""
    result = _c_type(restype)
    params: List[str] = []
    for argtype in argtypes:
        spelled = _c_type(argtype)
        if spelled is None or spelled == "void":
            return None
        params.append(spelled)
    if result is None:
        return None
    return "%s %s(%s);" % (result, name, ", ".join(params) or "void")


def field_pointer_types(ffi: Any, structure: Any) -> Optional[Dict[str, Tuple[int, str]]]:
    """For each field of the ctypes *structure*: name -> (its offset, the C
    type of a pointer to it), read from the structure's own ``_fields_``
    and offsets -- a field is written through
    ``ffi.cast(type, base + offset)[0]``.  None when a field has no C
    spelling here (a nested structure, a bit field) or cffi's size for it
    is not ctypes'."""
    out: Dict[str, Tuple[int, str]] = {}
    for entry in structure._fields_:
        if len(entry) != 2:
            return None  # a bit field
        name, ctype = entry
        spelled = _c_type(ctype)
        if spelled is None or spelled == "void":
            return None
        field = getattr(structure, name)
        if ffi.sizeof(spelled) != field.size:
            return None
        out[name] = (field.offset, spelled + " *")
    return out


def _pointer_address(ctypes_pointer: Any) -> int:
    """The address a ctypes pointer (or ``byref``) holds."""
    address: Optional[int] = ctypes.cast(ctypes_pointer, ctypes.c_void_p).value
    return address or 0


def _argument_converter(ffi: Any, argtype: Any) -> Optional[Callable[[Any], Any]]:
    """A function: Python value -> what cffi passes for *argtype*; None for
    an integer parameter (passed as it is)."""
    if _c_type(argtype) != "char *":
        return None
    null = ffi.NULL
    cast = ffi.cast
    addressof = ctypes.addressof

    def pointer(value: Any) -> Any:
        kind = type(value)
        if value is None:
            return null
        if kind is bytes:
            return value
        if kind is int:
            return cast("char *", value)
        if isinstance(value, _Pointer):
            return cast("char *", _pointer_address(value))
        if isinstance(value, _CData):
            return cast("char *", addressof(value))
        if isinstance(value, (ctypes.c_void_p, ctypes.c_char_p)):
            return cast("char *", _pointer_address(value))
        # Anything else is ctypes' to convert (or to refuse).
        raise TypeError("not converted here")

    return pointer


def _result_converter(ffi: Any, restype: Any) -> Optional[Callable[[Any], Any]]:
    """A function: cffi's result -> the ctypes restype's value; None when
    they are the same already (integers, void)."""
    if restype is None or _c_type(restype) != "char *":
        return None
    cast = ffi.cast
    if restype is ctypes.c_char_p:
        string = ffi.string
        null = ffi.NULL

        def char_p(result: Any) -> Optional[bytes]:
            return None if result == null else string(result)

        return char_p
    if restype is ctypes.c_void_p:

        def void_p(result: Any) -> Optional[int]:
            return int(cast("uintptr_t", result)) or None

        return void_p
    ctypes_cast = ctypes.cast

    def pointer(result: Any) -> Any:
        return ctypes_cast(int(cast("uintptr_t", result)), restype)

    return pointer


def _bound(
    ffi: Any,
    cfunc: Any,
    fallback: Callable[..., Any],
    argtypes: Sequence[Any],
    restype: Any,
    errcheck: Optional[Callable[..., Any]],
) -> Callable[..., Any]:
    """One function of the table: the cffi call, ctypes' behaviour."""
    pointers: List[Tuple[int, Callable[[Any], Any]]] = []  # (position, converter) of each pointer parameter
    for i, argtype in enumerate(argtypes):
        converter = _argument_converter(ffi, argtype)
        if converter is not None:
            pointers.append((i, converter))
    convert_result = _result_converter(ffi, restype)
    count = len(argtypes)

    def function(*arguments: Any) -> Any:
        if len(arguments) != count:
            return fallback(*arguments)
        try:
            passed: Sequence[Any]
            if pointers:
                converted = list(arguments)
                for i, converter in pointers:
                    converted[i] = converter(converted[i])
                passed = converted
            else:
                passed = arguments
            ffi.errno = _get_errno()
            result = cfunc(*passed)
        except (TypeError, OverflowError):
            return fallback(*arguments)
        _set_errno(ffi.errno)
        if convert_result is not None:
            result = convert_result(result)
        if errcheck is not None:
            return errcheck(result, function, arguments)
        return result

    function.__name__ = getattr(fallback, "__name__", "function")
    return function


def bind_functions(
    lib: Any, table: Mapping[str, Row], functions: Dict[str, Callable[..., Any]]
) -> Dict[str, Callable[..., Any]]:
    """Rebind, through cffi, the entries of *functions* (name -> the ctypes
    function ``loader.bind`` made, ``raw_<name>`` included) whose table row
    has a C spelling; the others stay ctypes.  Returns the new mapping,
    with ``cffi_<name>``, the bare cffi function, for each rebound name and
    ``cffi``, their FFI (see the module doc)."""
    if FFI is None or not available():
        return functions
    ffi = FFI()
    rows: Dict[str, Row] = {}
    lines: List[str] = []
    for name, (argtypes, restype, errcheck) in table.items():
        if name not in functions:
            continue
        text = declaration(name, argtypes, restype)
        if text is not None:
            rows[name] = (argtypes, restype, errcheck)
            lines.append(text)
    if not lines:
        return functions
    ffi.cdef("\n".join(lines))
    path = getattr(lib, "_name", None)
    clib = ffi.dlopen(path if isinstance(path, str) else None)
    out = dict(functions)
    out["cffi"] = ffi
    for name, (argtypes, restype, errcheck) in rows.items():
        try:
            cfunc = getattr(clib, name)
        except AttributeError:
            continue  # ctypes found it, the dynamic linker here did not
        out["cffi_" + name] = cfunc
        out[name] = _bound(ffi, cfunc, functions[name], argtypes, restype, errcheck)
        if "raw_" + name in functions:
            out["raw_" + name] = _bound(
                ffi, cfunc, functions["raw_" + name], argtypes, restype, None
            )
    return out
