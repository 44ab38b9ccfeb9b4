"""The argument rules CPython applies to an address tuple, with its messages.

CPython parses most addresses with ``PyArg_ParseTuple`` and a format
string; what a program sees for a bad address is that function's error.
The helpers here give the same errors, one per format unit a codec uses:

* ``I``, ``H``, ``B`` -- an integer masked to 32, 16 or 8 bits (the
  running Python's integer-conversion messages, see ``_args``);
* ``i`` -- a C int, OverflowError outside its range;
* ``k``, ``K`` -- an ``int`` *instance* masked to 64 bits (no
  ``__index__``); anything else is "argument N must be int, not T";
* ``s`` -- a str, UTF-8 encoded, no NUL;
* ``y*`` -- a C-contiguous bytes-like object;
* ``O&`` with ``PyUnicode_FSConverter`` -- a path-like name as bytes.

A format may end in ``;message``: the count error, and a type error that
the unit itself does not raise, are then that message.  Without one, they
name the function given after ``:`` or say "function".
"""

from typing import Any, Optional, Tuple
import os

from .._args import as_int, as_uint_mask
from .._args import type_name as type_name  # the codecs use it from here too
from .._libc.errors import oserror
from .._libc.platform import PLATFORM

NOT_A_TUPLE = "new style getargs format but argument is not a tuple"


def require_tuple(address: Any, caller: str, family_name: str) -> None:
    """The check most families make before parsing: a tuple, nothing else."""
    if not isinstance(address, tuple):
        raise TypeError(
            "%s(): %s address must be tuple, not %s"
            % (caller, family_name, type_name(address))
        )


def arity(args: Tuple[Any, ...], minimum: int, maximum: int, message: Optional[str] = None, fname: Optional[str] = None) -> None:
    """PyArg_ParseTuple's count check (and its check that *args* is a tuple)."""
    if not isinstance(args, tuple):
        raise SystemError(NOT_A_TUPLE)
    given = len(args)
    if minimum <= given <= maximum:
        return
    if message is not None:
        raise TypeError(message)
    if minimum == maximum:
        how = "exactly"
    elif given < minimum:
        how = "at least"
    else:
        how = "at most"
    count = minimum if given < minimum else maximum
    raise TypeError(
        "%s takes %s %d argument%s (%d given)"
        % (
            "function" if fname is None else fname + "()",
            how,
            count,
            "" if count == 1 else "s",
            given,
        )
    )


def _mismatch(position: int, expected: str, value: Any, message: Optional[str], fname: Optional[str]) -> TypeError:
    """The TypeError of a unit that refuses a value's type (converterr)."""
    if message is not None:
        return TypeError(message)
    prefix = "" if fname is None else fname + "() "
    return TypeError(
        "%sargument %d must be %s, not %s"
        % (prefix, position, expected, "None" if value is None else type_name(value))
    )


def unit_I(value: Any) -> int:
    return as_uint_mask(value)


def unit_H(value: Any) -> int:
    return as_uint_mask(value) & 0xFFFF


def unit_B(value: Any) -> int:
    return as_uint_mask(value) & 0xFF


def unit_i(value: Any) -> int:
    return as_int(value)


def unit_k(value: Any, position: int, message: Optional[str] = None, fname: Optional[str] = None, bits: int = 64) -> int:
    """``k`` (unsigned long) and ``K`` (unsigned long long): int instances
    only, masked."""
    if not isinstance(value, int):
        raise _mismatch(position, "int", value, message, fname)
    return value & ((1 << bits) - 1)


def unit_s(value: Any, position: int, message: Optional[str] = None, fname: Optional[str] = None) -> bytes:
    """``s``: a str without NUL, as UTF-8 bytes."""
    if not isinstance(value, str):
        raise _mismatch(position, "str", value, message, fname)
    data = value.encode("utf-8")
    if b"\0" in data:
        raise ValueError("embedded null character")
    return data


def unit_y_star(value: Any) -> bytes:
    """``y*``: the bytes of a C-contiguous buffer (the buffer protocol's own
    errors, as PyObject_GetBuffer raises them)."""
    try:
        view = memoryview(value)
    except TypeError:
        raise TypeError(
            "a bytes-like object is required, not '%s'" % type_name(value)
        ) from None
    with view:
        if not view.c_contiguous:
            raise BufferError("memoryview: underlying buffer is not C-contiguous")
        return view.tobytes()


def fs_name(value: Any) -> bytes:
    """``O&`` with PyUnicode_FSConverter: str/bytes/PathLike to bytes."""
    data = os.fsencode(value)
    if b"\0" in data:
        raise ValueError("embedded null byte")
    return data


def if_index(interfaces: Any, name: Any) -> int:
    """The index of interface *name* (bytes) through the socket layer's
    lookups; for an unknown name, the error of the stdlib's ioctl
    (SIOCGIFINDEX): ENODEV."""
    index = interfaces.if_nametoindex(name)
    if not index:
        raise oserror(PLATFORM.ENODEV)
    return int(index)
