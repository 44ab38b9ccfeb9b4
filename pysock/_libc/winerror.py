"""Windows error codes as the stdlib raises them (Windows only).

CPython's Windows socket module raises a failing Winsock call's
``WSAGetLastError()`` through ``PyErr_SetExcFromWindowsErr``: the message
is the system's (``FormatMessageW``, trailing blanks and dots removed,
``"Windows Error 0x..."`` when the system has none), and the exception is
``OSError(code, message, None, code, None)``, from which Python takes ``winerror``
and maps the code to ``errno`` and to the ``OSError`` subclass.

``name(code)`` gives the ``WSAE...`` name of a code, for the tracer.

Only ctypes and the standard library may be imported by this module.
"""

import ctypes
from ctypes import c_uint32, c_void_p, c_wchar_p
from typing import Callable, Dict, Optional, Type

from .platform import PLATFORM

# typeshed declares these two for win32 alone, and the package is checked as
# Linux too: read through getattr, with their types (this module is imported
# on Windows only).  The Winsock modules take them from here.
WinDLL: Type[ctypes.CDLL] = getattr(ctypes, "WinDLL")
get_last_error: Callable[[], int] = getattr(ctypes, "get_last_error")

_FORMAT_MESSAGE_FROM_SYSTEM = 0x1000
_FORMAT_MESSAGE_IGNORE_INSERTS = 0x200
_LANG_NEUTRAL_SUBLANG_DEFAULT = 0x0400   # MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT)
_BUFFER = 2048

# Our own handle, without use_last_error: formatting a message must not
# touch the code ctypes saved for the Winsock call that failed.
_kernel32 = WinDLL("kernel32")
_FormatMessageW = _kernel32.FormatMessageW
_FormatMessageW.argtypes = (c_uint32, c_void_p, c_uint32, c_uint32, c_wchar_p, c_uint32,
                            c_void_p)
_FormatMessageW.restype = c_uint32


def message(code: int) -> str:
    """The system's message for Windows error *code*, as CPython shows it."""
    buf = ctypes.create_unicode_buffer(_BUFFER)
    length = _FormatMessageW(_FORMAT_MESSAGE_FROM_SYSTEM | _FORMAT_MESSAGE_IGNORE_INSERTS,
                             None, code & 0xFFFFFFFF, _LANG_NEUTRAL_SUBLANG_DEFAULT, buf,
                             _BUFFER, None)
    if not length:
        return "Windows Error 0x%x" % (code & 0xFFFFFFFF,)
    text: str = buf.value[:length]
    end = len(text)
    while end and (text[end - 1] <= " " or text[end - 1] == "."):
        end -= 1
    return text[:end]


def exception(code: int) -> OSError:
    """The OSError (subclass) the stdlib raises for Windows error *code*."""
    return OSError(code, message(code), None, code, None)


_NAMES: Dict[int, str] = {}
for _name, _code in PLATFORM.errno.items():
    if _name.startswith("WSA"):
        _NAMES.setdefault(_code, _name)


def name(code: int) -> Optional[str]:
    """The WSAE... name of *code*, or None."""
    return _NAMES.get(code)
