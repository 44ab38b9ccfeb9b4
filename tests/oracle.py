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
    if _cpython_agrees(got, expected):
        return got  # CPython's outcome (PyPy)
    assert got == expected, "pysock %r != stdlib %r" % (got, expected)
    return expected


def check(got, expected):
    """Assert the outcome *got* of pysock is *expected*, the stdlib's (on
    PyPy: or CPython's, see below): for tests that build outcomes
    themselves."""
    if _cpython_agrees(got, expected):
        return got
    assert got == expected, "pysock %r != stdlib %r" % (got, expected)
    return expected


def same_repr(text):
    """A repr of a pysock object, spelled as the stdlib's would be."""
    return text.replace("pysock.", "socket.")


def fd_count():
    import os

    if _PYPY:
        # CPython closes an unreachable socket at once (reference counts);
        # PyPy when its GC runs: collected first, the count is CPython's.
        # Twice: a file's raw FileIO, held by its buffer, is finalized (its
        # descriptor closed) in the collection after the buffer's.
        import gc

        gc.collect()
        gc.collect()
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
    if _cpython_agrees(got, expected):
        return got  # CPython's outcome (PyPy)
    assert got == expected, "pysock %r != stdlib %r" % (got, expected)
    return expected


# -- PyPy: where its own _socket is not CPython's -----------------------------
#
# On PyPy the oracle is PyPy's socket module, whose _socket is PyPy's own
# (RPython) code: it words many refusals its own way (inet_pton with an
# unknown family: OSError("unknown address family"), not EAFNOSUPPORT;
# htons(-1): "can't convert negative number to unsigned long"; no
# if_nametoindex at all ...).  pysock keeps CPython's behaviour there.  So
# where pysock and PyPy's socket differ, the comparison is made with what
# CPython's socket gave for the same call: tests/vectors/pypy_oracle.json,
# written by running the same tests on CPython 3.9 (PyPy 3.9's version)
# with PYSOCK_ORACLE_RECORD set (every call of each test that differed);
# every call is keyed by its test's id and its rank in the test.  A difference with no recorded CPython answer, or
# with another one, still fails.
#
#   PYSOCK_ORACLE_DIFFS=file  (PyPy) append the keys that differ to file
#   PYSOCK_ORACLE_RECORD=file (CPython) record the outcome of those keys
#
# tools/pypy_oracle.py PYPY CPYTHON3.9 tests/test_x.py does the two runs and
# adds the new keys to the file.

import os as _os  # noqa: E402
import sys as _sys  # noqa: E402

_PYPY = _sys.implementation.name == "pypy"
_VECTORS = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "vectors",
                         "pypy_oracle.json")
_recorded = None
_rank = ["", 0]


def _key():
    test = _os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    if _rank[0] != test:
        _rank[0], _rank[1] = test, 0
    _rank[1] += 1
    return "%s #%d" % (test, _rank[1])


def _text(result):
    return stable_id(same_repr(repr(result)))


def _cpython_agrees(got, expected):
    """True when *got* differs from PyPy's stdlib answer *expected* only
    where CPython's socket gave *got* (PyPy); records the outcome under
    PYSOCK_ORACLE_RECORD (CPython)."""
    global _recorded
    key = _key()
    record = _os.environ.get("PYSOCK_ORACLE_RECORD")
    if record and not _PYPY:
        import json

        # Every call of a listed test: past its first difference the PyPy
        # run that listed it had not gone.
        with open(record + ".keys") as keys:
            wanted = set(line.rstrip("\n").rsplit(" #", 1)[0] for line in keys)
        if key.rsplit(" #", 1)[0] in wanted:
            with open(record, "a") as out:
                out.write(json.dumps([key, _text(expected)]) + "\n")
        return False
    if not _PYPY or got == expected:
        return False
    diffs = _os.environ.get("PYSOCK_ORACLE_DIFFS")
    if diffs:
        with open(diffs, "a") as out:
            out.write(key + "\n")
    if _recorded is None:
        import json

        try:
            with open(_VECTORS) as vectors:
                _recorded = json.load(vectors)
        except OSError:
            _recorded = {}
    return _recorded.get(key) == _text(got)


def same_as_cpython(fn, why):
    """*fn(pysock)* against *fn(socket)*, as same(); but on PyPy, where
    PyPy's own _socket cannot run *fn* at all (*why*: it aborts the
    process, say), against CPython's recorded answer only: one with none
    recorded fails.  PYSOCK_ORACLE_DIFFS lists the key on PyPy, so that
    PYSOCK_ORACLE_RECORD on CPython records it (see above)."""
    global _recorded
    if not _PYPY:
        return same(fn)
    got = outcome(fn, pysock)
    key = _key()
    diffs = _os.environ.get("PYSOCK_ORACLE_DIFFS")
    if diffs:
        with open(diffs, "a") as out:
            out.write(key + "\n")
    if _recorded is None:
        import json

        with open(_VECTORS) as vectors:
            _recorded = json.load(vectors)
    expected = _recorded.get(key)
    assert expected is not None, "%s: no CPython answer recorded (%s)" % (key, why)
    assert _text(got) == expected, "pysock %s != CPython %s" % (_text(got), expected)
    return got


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
