"""Argument conversion with the stdlib's exact errors.

The C module parses its arguments with ``PyArg_ParseTuple`` format units:
``i`` (C int), ``I`` (unsigned int, masked), ``n`` (Py_ssize_t).  Their
TypeError messages changed in CPython 3.10 (``__int__`` fallbacks were
removed); the messages here are those of the running interpreter, so that a
program sees what the stdlib would have raised.
"""

import operator
import sys
import warnings

INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
SSIZE_MAX = sys.maxsize
_index = operator.index
_OLD = sys.version_info < (3, 10)


def _type_name(value):
    return type(value).__name__


if _OLD:

    def _to_int(value):
        # 3.8/3.9: floats are refused by name; other objects go through
        # __index__, then __int__ with a DeprecationWarning.
        if isinstance(value, float):
            raise TypeError("integer argument expected, got float")
        try:
            return _index(value)
        except TypeError:
            pass
        if hasattr(type(value), "__int__"):
            warnings.warn(
                "an integer is required (got type %s).  Implicit conversion "
                "to integers using __int__ is deprecated, and may be removed "
                "in a future version of Python." % _type_name(value),
                DeprecationWarning,
                stacklevel=4,
            )
            return int(value)
        raise TypeError("an integer is required (got type %s)" % _type_name(value))

else:

    def _to_int(value):
        return _index(value)


def as_int(value):
    """The ``i`` format unit: a C int."""
    if type(value) is not int:
        value = _to_int(value)
    if value > INT_MAX:
        raise OverflowError("signed integer is greater than maximum")
    if value < INT_MIN:
        raise OverflowError("signed integer is less than minimum")
    return value


def as_clinic_int(value):
    """An ``int`` parameter of an Argument Clinic function (``_PyLong_AsInt``),
    whose overflow message differs from the ``i`` format unit's."""
    if type(value) is not int:
        value = _to_int(value)
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
