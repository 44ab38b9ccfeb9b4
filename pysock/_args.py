"""Argument conversion with the stdlib's exact errors.

The C module parses its arguments with ``PyArg_ParseTuple`` format units:
``i`` (C int), ``I`` (unsigned int, masked), ``n`` (Py_ssize_t).  Their
TypeError messages changed in CPython 3.10 (``__int__`` fallbacks were
removed); the messages here are those of the running interpreter, so that a
program sees what the stdlib would have raised.
"""

import codecs
import ctypes
import operator
import sys
import warnings

INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
SSIZE_MAX = sys.maxsize
_index = operator.index
_OLD = sys.version_info < (3, 10)


def _tp_name_reader():
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

    def tp_name(tp):
        return read(id(tp) + offset).value.decode("utf-8", "replace")

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


def tp_name(tp):
    """The C ``tp_name`` of type *tp*."""
    if _read_tp_name is not None:
        return _read_tp_name(tp)
    module = getattr(tp, "__module__", "builtins")  # pragma: no cover
    if module == "builtins" or tp.__flags__ & (1 << 9):  # pragma: no cover
        return tp.__name__
    return "%s.%s" % (module, tp.__name__)  # pragma: no cover


def type_name(value):
    """The C ``tp_name`` of *value*'s type, as CPython's messages show it."""
    return tp_name(type(value))


# -- buffers -----------------------------------------------------------------


def readable_buffer(obj):
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


def _refused(message, obj):
    if "%s" in message:
        message = message % ("None" if obj is None else type_name(obj))
    return TypeError(message)


def writable_buffer(obj, message):
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


def _long_fallback(value):
    """PyLong_AsLong's conversion: __index__, and on 3.8/3.9 __int__ too
    (floats included) with a DeprecationWarning."""
    try:
        return _index(value)
    except TypeError:
        if not _OLD or not hasattr(type(value), "__int__"):
            if _OLD:
                raise TypeError("an integer is required (got type %s)" % type_name(value))
            raise
    warnings.warn(
        "an integer is required (got type %s).  Implicit conversion to "
        "integers using __int__ is deprecated, and may be removed in a "
        "future version of Python." % type_name(value),
        DeprecationWarning,
        stacklevel=4,
    )
    return int(value)


if _OLD:

    def _to_int(value):
        # 3.8/3.9 refuse floats by name before trying __index__/__int__.
        if isinstance(value, float):
            raise TypeError("integer argument expected, got float")
        return _long_fallback(value)

else:
    _to_int = _index


LONG_MAX = 2**63 - 1 if sys.maxsize > 2**32 else 2**31 - 1


def as_long(value):
    """A C long read with ``PyLong_AsLong``, the running Python's errors."""
    if type(value) is not int:
        value = int.__int__(_to_int(value))
    if not -LONG_MAX - 1 <= value <= LONG_MAX:
        raise OverflowError("Python int too large to convert to C long")
    return value


def c_int_cast(value):
    """``(int)value`` in C: the low 32 bits, as a signed int."""
    return ((value + 2**31) & 0xFFFFFFFF) - 2**31


def as_int(value):
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


def as_clinic_int(value):
    """A C int read with ``_PyLong_AsInt`` (Argument Clinic parameters and a
    few hand-parsed ones), whose errors differ from the ``i`` unit's."""
    if type(value) is not int:
        value = _long_fallback(value)
    if not INT_MIN <= value <= INT_MAX:
        raise OverflowError("Python int too large to convert to C int")
    return value


def as_uint_mask(value):
    """The ``I`` format unit: an unsigned int, bits above 32 dropped."""
    if type(value) is not int:
        value = _to_int(value)
    return value & 0xFFFFFFFF


def as_ssize(value):
    """The ``n`` format unit: a Py_ssize_t."""
    if type(value) is not int:
        if _OLD and isinstance(value, float):
            raise TypeError("integer argument expected, got float")
        value = _index(value)
    if value > SSIZE_MAX or value < -SSIZE_MAX - 1:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return value


def as_long_fd(value):
    """A file descriptor given as an int (``fileno=``, ``close(fd)``)."""
    if type(value) is not int:
        value = _index(value)
    return value
