"""The one error path: a C error code becomes the exception the stdlib raises.

Every failing call ends here.  ``OSError(code, strerror)`` lets Python pick
the subclass (``ConnectionResetError`` for ``ECONNRESET``, ...), exactly as
CPython's ``PyErr_SetFromErrno`` does.  The resolver's own codes become
``gaierror``/``herror`` here too, so there is one place to read.
"""

from typing import Any, Callable, Optional

import ctypes
import os

from .platform import PLATFORM

get_errno = ctypes.get_errno
_strerror = os.strerror


def strerror(code: int) -> str:
    """The message of error *code*, as OSError shows it."""
    return _strerror(code)


class herror(OSError):
    """Address-related error from the legacy resolver (gethostbyname & co)."""


class gaierror(OSError):
    """Address-related error from getaddrinfo() and getnameinfo()."""


def oserror(code: int) -> OSError:
    """Return the ``OSError`` subclass instance for errno *code*."""
    return OSError(code, _strerror(code))


def last_oserror() -> OSError:
    """The error of the ctypes call that just failed.

    Functions are loaded with ``use_errno=True``: ctypes saves errno into a
    thread-local copy the moment the foreign call returns, so reading that
    copy here, before any other foreign call, is reading errno "straight
    after the call".
    """
    code = get_errno()
    return OSError(code, _strerror(code))


def check_neg1(result: Any, func: Any, arguments: Any) -> Any:
    """Error convention of most system calls: -1 and errno."""
    if result == -1:
        code = get_errno()
        raise OSError(code, _strerror(code))
    return result


# gai_strerror() and hstrerror() are bound by the backend at import; until
# then (and where the C library lacks them) the messages are the stdlib's
# fallbacks.
_gai_strerror: Optional[Callable[[int], str]] = None
_hstrerror: Optional[Callable[[int], str]] = None


def set_gai_strerror(func: Callable[[int], str]) -> None:
    global _gai_strerror
    _gai_strerror = func


def set_hstrerror(func: Callable[[int], str]) -> None:
    global _hstrerror
    _hstrerror = func


def host_error(code: int) -> herror:
    """``herror`` for an ``h_errno`` *code*, as CPython's set_herror."""
    msg = _hstrerror(code) if _hstrerror is not None else "host not found"
    return herror(code, msg)


def gai_error(code: int, errno_code: Optional[int] = None) -> OSError:
    """Build ``gaierror`` for an ``EAI_*`` *code* as CPython's set_gaierror.

    ``EAI_SYSTEM`` means "look at errno": CPython then raises a plain
    ``OSError`` from errno, so do we.
    """
    if errno_code is not None:
        return oserror(errno_code)
    msg = _gai_strerror(code) if _gai_strerror is not None else "getaddrinfo failed"
    return gaierror(code, msg)


if PLATFORM.error_convention == "last_error" and PLATFORM.native:
    # Winsock: the code is WSAGetLastError()'s, which ctypes saves for
    # WinDLL(use_last_error=True) functions the moment they return.  The
    # stdlib raises it as PyErr_SetExcFromWindowsErr does: the message of
    # FormatMessageW, OSError(code, message, None, code) -- Python sets
    # winerror and maps the code to errno and to the subclass.
    from . import winerror as _winerror

    get_errno = _winerror.get_last_error
    strerror = _winerror.message

    def oserror(code: int) -> OSError:
        return _winerror.exception(code)

    def last_oserror() -> OSError:
        return _winerror.exception(_winerror.get_last_error())

    def check_neg1(result: Any, func: Any, arguments: Any) -> Any:
        if result == -1:
            raise _winerror.exception(_winerror.get_last_error())
        return result
