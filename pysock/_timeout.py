"""Timeout values as the stdlib parses and reports them.

CPython keeps a socket timeout as integer nanoseconds (``_PyTime_t``),
rounded up from the seconds given (``_PyTime_ROUND_TIMEOUT``), and
``gettimeout()`` converts back; doing the same here makes
``settimeout(x); gettimeout()`` return exactly the stdlib's float, and the
errors (ValueError, OverflowError, TypeError) carry the running Python's
messages.
"""

import math
import operator
import sys
from typing import Any, Optional

from ._args import LONG_MAX
from ._args import _long_fallback as long_fallback

_V = sys.version_info
_PYTIME_MIN = -(2**63)
_PYTIME_MAX = 2**63 - 1
_NS = 10**9

if _V >= (3, 13):
    _INT_OVERFLOW = "timestamp too large to convert to C PyTime_t"
else:
    _INT_OVERFLOW = "timestamp too large to convert to C _PyTime_t"
if _V >= (3, 11):
    _FLOAT_OVERFLOW = "timestamp out of range for platform time_t"
else:
    _FLOAT_OVERFLOW = "timestamp too large to convert to C _PyTime_t"


def to_ns(value: Any) -> int:
    """``_PyTime_FromSecondsObject(value, _PyTime_ROUND_TIMEOUT)``."""
    if isinstance(value, float):
        if math.isnan(value):
            raise ValueError("Invalid value NaN (not a number)")
        d = value * 1e9
        # Checked as a float first: an infinity cannot be rounded.
        if not -9.223372036854775808e18 <= d < 9.223372036854775808e18:
            raise OverflowError(_FLOAT_OVERFLOW)
        return math.ceil(d) if d >= 0 else math.floor(d)
    seconds = long_fallback(value)
    ns = seconds * _NS
    if not _PYTIME_MIN <= ns <= _PYTIME_MAX:
        raise OverflowError(_INT_OVERFLOW)
    return ns


def to_seconds(ns: int) -> float:
    """``_PyTime_AsSecondsDouble``."""
    if ns % _NS == 0:
        return float(ns // _NS)
    return ns / 1e9


def parse(value: Any) -> Optional[float]:
    """A timeout argument (None or seconds) as stored: None or a float."""
    if value is None:
        return None
    ns = to_ns(value)
    if ns < 0:
        raise ValueError("Timeout value out of range")
    # CPython checks that the timeout fits the struct timeval its select()
    # takes (_PyTime_AsTimeval, rounded up).  Its tv_sec is a C long: only
    # where that is 32 bits (Windows) can a timeout overflow it.
    if -(-ns // 1000) // 10**6 > LONG_MAX:
        raise OverflowError("timeout doesn't fit into C timeval")
    return to_seconds(ns)


def blocking_flag(flag: Any) -> bool:
    """The argument of setblocking() as the running Python reads it."""
    if _V >= (3, 12):
        return bool(flag)
    # A C long (PyLong_AsLong): __index__ only from 3.10, in range.
    value = operator.index(flag) if _V >= (3, 10) else long_fallback(flag)
    if not -LONG_MAX - 1 <= value <= LONG_MAX:
        raise OverflowError("Python int too large to convert to C long")
    return value != 0
