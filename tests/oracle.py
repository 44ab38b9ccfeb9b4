"""The stdlib as the oracle: run the same code through ``socket`` and
``pysock`` and compare what comes out.

An outcome is either ("ok", value) or ("raise", exception name, errno,
message).  Exception classes are compared by what a program can catch:
``socket.gaierror`` and ``pysock.gaierror`` are both "gaierror", and on
Python < 3.10 the stdlib's ``socket.timeout`` is compared as the
``TimeoutError`` pysock raises on every Python.
"""

import socket as std

import pysock

_ALIASES = {}
if std.timeout is not TimeoutError:  # Python < 3.10
    _ALIASES[std.timeout] = "TimeoutError"


def exc_name(exc_type):
    if exc_type in _ALIASES:
        return _ALIASES[exc_type]
    return exc_type.__name__


def outcome(fn, module):
    try:
        return ("ok", fn(module))
    except Exception as exc:  # the outcome *is* the exception
        return ("raise", exc_name(type(exc)), getattr(exc, "errno", None), str(exc))


def same(fn, normalize=None):
    """Assert *fn(socket)* and *fn(pysock)* have the same outcome; return it."""
    expected = outcome(fn, std)
    got = outcome(fn, pysock)
    if normalize is not None:
        if expected[0] == "ok":
            expected = ("ok", normalize(expected[1]))
        if got[0] == "ok":
            got = ("ok", normalize(got[1]))
    assert got == expected, "pysock %r != stdlib %r" % (got, expected)
    return expected


def same_repr(text):
    """A repr of a pysock object, spelled as the stdlib's would be."""
    return text.replace("pysock.", "socket.")


def fd_count():
    import os

    return len(os.listdir("/proc/self/fd"))


def stable_id(value):
    """A pytest id that is the same in every process (no addresses), so that
    pytest-xdist workers collect the same tests."""
    import re

    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


# -- the strict comparison: exception args and warnings too -------------------

def outcome_strict(call, module):
    """("ok", value) or ("raise", name, errno, str, args), plus the warnings
    the call gave."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = ("ok", call(module))
        except Exception as exc:  # the outcome is the exception
            result = (
                "raise",
                exc_name(type(exc)),
                getattr(exc, "errno", None),
                str(exc),
                exc.args,
            )
    return result + (tuple((w.category, str(w.message)) for w in caught),)


def same_strict(call):
    """Assert *call(socket)* and *call(pysock)* agree, args and warnings
    included; return the outcome."""
    expected = outcome_strict(call, std)
    got = outcome_strict(call, pysock)
    assert got == expected, "pysock %r != stdlib %r" % (got, expected)
    return expected


# -- argument types that probe the C argument parsers ------------------------


class Index:
    """An object with __index__ only."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class IntOnly:
    """An object with __int__ only (accepted with a warning before 3.10)."""

    def __int__(self):
        return 80


class Str(str):
    pass


class Bytes(bytes):
    pass


import enum  # noqa: E402


class Color(enum.IntEnum):
    RED = 10
