"""Argument conversion with the stdlib's exact errors.

The C module parses its arguments with ``PyArg_ParseTuple`` format units:
``i`` (C int), ``I`` (unsigned int, masked), ``n`` (Py_ssize_t).  Their
TypeError messages changed in CPython 3.10 (``__int__`` fallbacks were
removed); the messages here are those of the running interpreter, so that a
program sees what the stdlib would have raised.
"""

import codecs
import ctypes
import functools
import operator
import sys
import warnings
from typing import Any, Callable, Dict, List, Optional, Sequence, SupportsIndex, Tuple, TypeVar, cast

from ._libc.platform import PLATFORM as _PLATFORM

_F = TypeVar("_F", bound=Callable[..., Any])

INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
SSIZE_MAX = sys.maxsize
_index = operator.index
_OLD = sys.version_info < (3, 10)


def _tp_name_reader() -> Optional[Callable[[type], str]]:
    """A function giving a type's C ``tp_name``, or None.

    CPython's messages show ``tp_name``: "array.array" where ``__name__`` is
    "array", "X" for a class X defined in Python.  It is the field right
    after the variable-size object header of the type object; the reader is
    used only if it gives the right answer for known types.
    """
    if sys.implementation.name != "cpython":
        return None
    offset = object.__basicsize__ + ctypes.sizeof(ctypes.c_ssize_t)
    read = ctypes.c_char_p.from_address

    def tp_name(tp: type) -> str:
        return (read(id(tp) + offset).value or b"").decode("utf-8", "replace")

    try:
        if (
            tp_name(int) == "int"
            and tp_name(type(None)) == "NoneType"
            and tp_name(memoryview) == "memoryview"
            and tp_name(codecs.CodecInfo) == "CodecInfo"
        ):
            return tp_name
    except (ValueError, UnicodeError):  # pragma: no cover
        pass
    return None  # pragma: no cover


_read_tp_name = _tp_name_reader()


def tp_name(tp: type) -> str:
    """The C ``tp_name`` of type *tp*."""
    if _read_tp_name is not None:
        return _read_tp_name(tp)
    module = getattr(tp, "__module__", "builtins")  # pragma: no cover
    if module == "builtins" or tp.__flags__ & (1 << 9):  # pragma: no cover
        return str(tp.__name__)
    return "%s.%s" % (module, tp.__name__)  # pragma: no cover


def type_name(value: object) -> str:
    """The C ``tp_name`` of *value*'s type, as CPython's messages show it."""
    return tp_name(type(value))


# -- buffers -----------------------------------------------------------------


def readable_buffer(obj: Any) -> memoryview:
    """The ``y*`` unit (PyObject_GetBuffer with PyBUF_SIMPLE): a
    C-contiguous byte view of *obj*, released by the caller.

    A non-buffer is TypeError; the buffer's own refusal goes through as it
    is (a released memoryview's ValueError; BufferError for a
    non-contiguous one)."""
    try:
        view = memoryview(obj)
    except TypeError:
        raise TypeError(
            "a bytes-like object is required, not '%s'" % type_name(obj)
        ) from None
    if not view.c_contiguous:
        view.release()
        raise BufferError("memoryview: underlying buffer is not C-contiguous")
    if view.ndim != 1 or view.format != "B":
        view = view.cast("B")
    return view


def _refused(message: str, obj: object) -> TypeError:
    if "%s" in message:
        message = message % ("None" if obj is None else type_name(obj))
    return TypeError(message)


def writable_buffer(obj: Any, message: str) -> memoryview:
    """The ``w*`` unit: a writable C-contiguous byte view of *obj*; any
    refusal (not a buffer, read-only, released, not contiguous) is
    TypeError(*message*), as getargs words it; a ``%s`` in *message* is
    the argument's type name ("None" for None), filled in only then."""
    try:
        view = memoryview(obj)
    except (TypeError, ValueError, BufferError):
        raise _refused(message, obj) from None
    if view.readonly or not view.c_contiguous:
        view.release()
        raise _refused(message, obj)
    if view.ndim != 1 or view.format != "B":
        view = view.cast("B")
    return view


def _long_fallback(value: Any) -> int:
    """PyLong_AsLong's conversion: __index__, and on 3.8/3.9 __int__ too
    (floats included) with a DeprecationWarning."""
    # _PyLong_FromNbIndexOrNbInt: __index__ when the type has it (its own
    # errors go through: "__index__ returned non-int"), else __int__.
    if not _OLD or hasattr(type(value), "__index__"):
        return _index(value)
    if not hasattr(type(value), "__int__"):
        raise TypeError("an integer is required (got type %s)" % type_name(value))
    warnings.warn(
        "an integer is required (got type %s).  Implicit conversion to "
        "integers using __int__ is deprecated, and may be removed in a "
        "future version of Python." % type_name(value),
        DeprecationWarning,
        stacklevel=4,
    )
    return int(value)


if _OLD:

    def _to_int(value: Any) -> int:
        # 3.8/3.9 refuse floats by name before trying __index__/__int__.
        if isinstance(value, float):
            raise TypeError("integer argument expected, got float")
        return _long_fallback(value)

else:
    _to_int = _index  # type: ignore[assignment]  # operator.index: the same call


# A C long: 64 bits on LP64 (Linux, macOS, the BSDs), 32 on Windows (LLP64).
LONG_MAX = 2 ** (8 * ctypes.sizeof(ctypes.c_long) - 1) - 1


def as_long(value: object) -> int:
    """A C long read with ``PyLong_AsLong``, the running Python's errors."""
    if type(value) is not int:
        value = int.__int__(_to_int(value))
    if not -LONG_MAX - 1 <= value <= LONG_MAX:
        raise OverflowError("Python int too large to convert to C long")
    return value


_PYPY = sys.implementation.name == "pypy"


def as_fileno_long(value: Any) -> int:
    """socket(fileno=...)'s conversion: ``as_long``, except that PyPy's own
    _socket words the refusal of a non-number its way (its test_socket
    checks that message)."""
    if _PYPY and type(value) is not int:
        kind = type(value)
        if not (hasattr(kind, "__index__") or hasattr(kind, "__int__")):
            raise TypeError("expected integer, got %s object" % type_name(value))
    return as_long(value)


# A socket handle wider than a C int (Windows' SOCKET): CPython reads it
# with PyLong_AsLongLong (PyLong_AsSocket_t), and keeps all of it.
_WIDE_HANDLE = ctypes.sizeof(_PLATFORM.handle_type) > ctypes.sizeof(ctypes.c_int)
_LLONG_MAX = 2**63 - 1


def as_fileno(value: object) -> int:
    """The ``fileno=`` argument of the socket constructor: a C long cast to
    the C int a descriptor is, not negative; on Windows a ``SOCKET`` (a C
    long long), not INVALID_SOCKET."""
    if not _WIDE_HANDLE:
        fd = c_int_cast(as_fileno_long(value))
        if fd < 0:
            raise ValueError("negative file descriptor")
        return fd
    if type(value) is not int:
        value = int.__int__(_to_int(value))
    if not -_LLONG_MAX - 1 <= value <= _LLONG_MAX:
        raise OverflowError("int too big to convert")
    if value == -1:  # INVALID_SOCKET; any other number is tried as a handle
        raise ValueError("negative file descriptor")
    return value


def c_int_cast(value: int) -> int:
    """``(int)value`` in C: the low 32 bits, as a signed int."""
    return ((value + 2**31) & 0xFFFFFFFF) - 2**31


def as_int(value: object) -> int:
    """The ``i`` format unit: a C int (read as a C long first)."""
    if type(value) is int and INT_MIN <= value <= INT_MAX:
        return value
    if type(value) is not int:
        # a plain int, even where __index__ returned a subclass (bool)
        value = int.__int__(_to_int(value))
    if not -LONG_MAX - 1 <= value <= LONG_MAX:
        raise OverflowError("Python int too large to convert to C long")
    if value > INT_MAX:
        raise OverflowError("signed integer is greater than maximum")
    if value < INT_MIN:
        raise OverflowError("signed integer is less than minimum")
    return value


def as_clinic_int(value: object) -> int:
    """A C int read with ``_PyLong_AsInt`` (Argument Clinic parameters and a
    few hand-parsed ones), whose errors differ from the ``i`` unit's."""
    if type(value) is not int:
        value = _long_fallback(value)
    if not INT_MIN <= value <= INT_MAX:
        raise OverflowError("Python int too large to convert to C int")
    return value


def as_clinic_param(value: Any) -> int:
    """An ``int`` parameter of an Argument Clinic function: until 3.9 the
    generated code refuses a float by name before ``_PyLong_AsInt``."""
    if _OLD and isinstance(value, float):
        raise TypeError("integer argument expected, got float")
    return as_clinic_int(value)


def as_uint_mask(value: object) -> int:
    """The ``I`` format unit: an unsigned int, bits above 32 dropped."""
    if type(value) is not int:
        value = _to_int(value)
    return value & 0xFFFFFFFF


def as_ssize(value: object) -> int:
    """The ``n`` format unit: a Py_ssize_t."""
    if type(value) is not int:
        if _OLD and isinstance(value, float):
            raise TypeError("integer argument expected, got float")
        # Anything else: operator.index raises the stdlib's TypeError (a
        # cast, off the plain-int path).
        value = _index(cast(SupportsIndex, value))
    if value > SSIZE_MAX or value < -SSIZE_MAX - 1:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return value


def as_socket_t(value: object) -> int:
    """``PyLong_AsSocket_t`` on POSIX: ``PyLong_AsLong`` (``__index__``, and
    on 3.8/3.9 ``__int__`` with its warning; the C long range), then cast to
    the C int a descriptor is (``close(fd)``, ``dup(fd)``; the socket's
    ``fileno=`` argument refuses floats on 3.8/3.9 and so is ``as_long``)."""
    if type(value) is not int:
        value = _long_fallback(value)
    if _WIDE_HANDLE:
        if not -_LLONG_MAX - 1 <= value <= _LLONG_MAX:
            raise OverflowError("int too big to convert")
        return value
    if not -LONG_MAX - 1 <= value <= LONG_MAX:
        raise OverflowError("Python int too large to convert to C long")
    return c_int_cast(value)


# -- calling conventions --------------------------------------------------------

_PY39 = sys.version_info >= (3, 9)
_PY311 = sys.version_info >= (3, 11)
_PY313 = sys.version_info >= (3, 13)


def bad_call(
    name: str,
    kind: str,
    args: Sequence[Any],
    kwargs: Dict[str, Any],
    least: int = 1,
    most: int = 1,
    owner: str = "_socket",
) -> TypeError:
    """The TypeError of a C function or method called with the wrong
    arguments, as CPython words it for its calling convention *kind*:

    ``"varargs"`` (METH_VARARGS, parsed by PyArg_ParseTuple with ":name"):
        "name() takes no keyword arguments", "name() takes at least/at
        most/exactly N argument(s) (M given)" -- the bare name;
    ``"o"`` (METH_O) and ``"noargs"`` (METH_NOARGS): "takes exactly one
        argument", "takes no arguments" -- from 3.9 qualified by *owner*
        ("_socket.dup()", "socket.fileno()").

    A method called as ``sock.name(...)`` reaches its C descriptor, which
    from 3.11 also qualifies a METH_VARARGS method's refusal of keywords
    ("socket.recv() takes no keyword arguments"); through a bound method
    object CPython says "recv()", a form pysock cannot tell apart.
    """
    given = len(args)
    if kind != "varargs" and _PY39 or kwargs and _PY311 and owner == "socket":
        name = "%s.%s" % (owner, name)
    if kwargs:
        return TypeError("%s() takes no keyword arguments" % name)
    if kind == "o":
        return TypeError("%s() takes exactly one argument (%d given)" % (name, given))
    if kind == "noargs":
        return TypeError("%s() takes no arguments (%d given)" % (name, given))
    if least == most:
        how, count = "exactly", least
    elif given < least:
        how, count = "at least", least
    else:
        how, count = "at most", most
    return TypeError(
        "%s() takes %s %d argument%s (%d given)"
        % (name, how, count, "" if count == 1 else "s", given)
    )


# How many arguments each calling convention takes (varargs: as given).
_CONVENTION_COUNTS = {"noargs": (0, 0), "o": (1, 1)}


def c_method(kind: str, least: int = 0, most: int = 0) -> Callable[[_F], _F]:
    """A method of the C socket type: the call is checked as its calling
    convention *kind* checks it (see ``bad_call``; *least* and *most* for
    ``"varargs"``), then *func* runs with the arguments as given.  The
    typed function stays reachable (``__wrapped__``) for ``inspect`` and
    type checkers."""
    least, most = _CONVENTION_COUNTS.get(kind, (least, most))

    def decorate(func: _F) -> _F:
        name = func.__name__

        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            if kwargs or not least <= len(args) <= most:
                raise bad_call(name, kind, args, kwargs, least, most, "socket")
            return func(self, *args)

        return functools.update_wrapper(method, func)  # type: ignore[return-value]

    return decorate


def c_function(kind: str, least: int = 0, most: int = 0) -> Callable[[_F], _F]:
    """``c_method`` for a function of the C module ``_socket``."""
    least, most = _CONVENTION_COUNTS.get(kind, (least, most))

    def decorate(func: _F) -> _F:
        name = func.__name__

        def function(*args: Any, **kwargs: Any) -> Any:
            if kwargs or not least <= len(args) <= most:
                raise bad_call(name, kind, args, kwargs, least, most)
            return func(*args)

        return functools.update_wrapper(function, func)  # type: ignore[return-value]

    return decorate


def keywords(
    fname: str,
    kwlist: Sequence[str],
    required: int,
    args: Sequence[Any],
    kwargs: Dict[str, Any],
    converters: Sequence[Callable[[Any], Any]],
) -> List[Any]:
    """PyArg_ParseTupleAndKeywords for positional-or-keyword parameters
    *kwlist*, the first *required* of them required: the converted values
    of those given, in order (None for one not given), checked and
    converted in CPython's order (vgetargskeywords: the count; each
    parameter in turn, missing or converted; then, after every conversion,
    one given by name and position, and unknown keywords)."""
    nargs = len(args)
    total = nargs + len(kwargs)
    maximum = len(kwlist)
    if total > maximum:
        raise TypeError(
            "%s() takes at most %d %sargument%s (%d given)"
            % (fname, maximum, "keyword " if nargs == 0 else "",
               "" if maximum == 1 else "s", total)
        )
    out: List[Any] = []
    for index, name in enumerate(kwlist):
        if index < nargs:
            value = args[index]
        elif name in kwargs:
            value = kwargs[name]
        elif index < required:
            raise TypeError(
                "%s() missing required argument '%s' (pos %d)" % (fname, name, index + 1)
            )
        else:
            out.append(None)
            continue
        out.append(converters[index](value))
    # What is left of the keywords is checked after every conversion.
    for index in range(nargs):
        if kwlist[index] in kwargs:
            raise TypeError(
                "argument for %s() given by name ('%s') and position (%d)"
                % (fname, kwlist[index], index + 1)
            )
    for key in kwargs:
        if not isinstance(key, str):
            raise TypeError("keywords must be strings")
        if key not in kwlist:
            if _PY313:
                raise TypeError("%s() got an unexpected keyword argument '%s'" % (fname, key))
            raise TypeError("'%s' is an invalid keyword argument for %s()" % (key, fname))
    return out
