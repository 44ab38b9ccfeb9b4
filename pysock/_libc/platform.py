"""The platform: every fact that differs between operating systems, chosen
once, here.

``PLATFORM`` is the one answer to "which OS is this" in pysock.  It is
picked from ``sys.platform`` in the one ``if/elif`` below, or forced with
the ``PYSOCK_BACKEND`` environment variable (``linux``, ``darwin``,
``freebsd``).  Everything above this module -- the socket layer, the family
codecs, the tracer -- reads the OS's facts from that object and never asks
``sys.platform``, ``select``, ``errno`` or ``os`` again.

A platform forced on another OS (``PYSOCK_BACKEND=darwin`` on Linux) is
*foreign*: its constants, errno numbers and struct layouts are loaded, so
its codecs, packing and tables can be run and inspected anywhere, but no
system call is made -- every backend call raises ``ForeignPlatformError``.

Each OS states its facts as data in a module of its own (``linux.py``,
``darwin.py``, ``freebsd.py``): a new platform is one more such module, its
generated constant table, and one line here.

Only ctypes and the standard library may be imported by this module.
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    FrozenSet,
    Iterable,
    Mapping,
    Optional,
    Tuple,
    Type,
)

if TYPE_CHECKING:
    from types import ModuleType

    # A ctypes integer type (c_int, c_uint32, c_size_t, ...).
    CInt = Type[ctypes._SimpleCData[int]]

__all__ = ["PLATFORM", "Platform", "Layout", "ForeignPlatformError", "load", "NAMES"]

#: The platforms pysock knows, as PYSOCK_BACKEND spells them.
NAMES = ("linux", "darwin", "freebsd", "windows")


class ForeignPlatformError(OSError):
    """A system call was asked of a platform loaded on another OS."""


class Layout(object):
    """The C layouts of one platform's socket API (``cstructs`` builds the
    ctypes structures from it; tests compare it with header vectors).

    sockaddr_header
        ``"family16"``: ``struct sockaddr`` starts with a native 16-bit
        ``sa_family`` (Linux, Windows); ``"len8_family8"``: an 8-bit
        ``sa_len`` then an 8-bit ``sa_family`` (4.4BSD: macOS, the BSDs).
    sun_path_size
        ``sizeof(((struct sockaddr_un *)0)->sun_path)``; 0: no AF_UNIX.
    socklen_t
        the ctypes type of ``socklen_t``.
    msg_iovlen_t, msg_controllen_t, cmsg_len_t
        the widths of ``msghdr.msg_iovlen``, ``msghdr.msg_controllen`` and
        ``cmsghdr.cmsg_len`` (``size_t`` on Linux; ``int``, ``socklen_t``
        and ``socklen_t`` on the BSDs); None: no sendmsg/recvmsg.
    cmsg_alignment
        what ``CMSG_ALIGN`` rounds to.
    cmsg_nxthdr_strict
        ``CMSG_NXTHDR`` wants one byte past a whole header before it steps
        to another (musl); glibc and the BSDs do not.
    addrinfo_addr_first
        ``struct addrinfo`` has ``ai_addr`` before ``ai_canonname`` (glibc,
        musl) or after it (the BSDs, macOS, Windows).
    sockaddr_storage_size
        ``sizeof(struct sockaddr_storage)``.
    """

    def __init__(
        self,
        sockaddr_header: str,
        sun_path_size: int,
        socklen_t: CInt,
        msg_iovlen_t: Optional[CInt],
        msg_controllen_t: Optional[CInt],
        cmsg_len_t: Optional[CInt],
        cmsg_alignment: int,
        addrinfo_addr_first: bool,
        cmsg_nxthdr_strict: bool = False,
        sockaddr_storage_size: int = 128,
    ) -> None:
        if sockaddr_header not in ("family16", "len8_family8"):
            raise ValueError("unknown sockaddr header %r" % (sockaddr_header,))
        self.sockaddr_header = sockaddr_header
        self.sun_path_size = sun_path_size
        self.socklen_t = socklen_t
        self.msg_iovlen_t = msg_iovlen_t
        self.msg_controllen_t = msg_controllen_t
        self.cmsg_len_t = cmsg_len_t
        self.cmsg_alignment = cmsg_alignment
        self.cmsg_nxthdr_strict = cmsg_nxthdr_strict
        self.addrinfo_addr_first = addrinfo_addr_first
        self.sockaddr_storage_size = sockaddr_storage_size

    def __repr__(self) -> str:
        return "Layout(%s)" % ", ".join(
            "%s=%r" % item for item in sorted(self.__dict__.items())
        )


class Platform(object):
    """What one operating system is, for pysock.

    name
        ``"linux"``, ``"darwin"``, ``"freebsd"``.
    native
        True when pysock runs on this OS and makes its system calls; False
        for a platform forced on another OS (data only, see the module doc).
    machine
        the CPU (``os.uname().machine`` form) whose numbers ``values`` has.
    values
        ``{constant name: value}``: what the stdlib ``socket`` module
        exports on this OS (and the additions pysock offers there).
    errno
        ``{"EINTR": 4, ...}``: this OS's errno numbers.
    layout
        a ``Layout``.
    error_convention
        where a failing call's error code is read, right after the call:
        ``"errno"`` (``CDLL(use_errno=True)``) or ``"last_error"``
        (``WSAGetLastError``, ``WinDLL(use_last_error=True)``).
    handle_type, invalid_handle
        the C type of a socket handle and the value that means "none"
        (``c_int``/-1 for a POSIX descriptor).
    families
        ``(module, "AF_NAME")`` pairs: the ``pysock.families`` codecs this
        OS has, each used when ``values`` has the family.
    abstract_unix
        AF_UNIX has Linux's abstract namespace (a path starting with NUL).
    backend_modules
        the modules of ``pysock._libc`` whose ``CALLS`` make the backend.
    errorcode
        ``{code: "NAME"}``, as the errno module's ``errorcode`` (default: the
        reverse of ``errno``, a duplicate number named as POSIX prefers).
    poll_bits
        ``{"POLLIN": 1, ...}``: the readiness bits ``poll`` takes and returns.
    absent_calls
        optional contract calls this OS's backend never has (Windows: no
        sendmsg, socketpair, ...; POSIX: Winsock's ioctl, share, fromshare,
        inet_*):
        a foreign load leaves them out too, so that the public names that
        need them are absent as on that OS.
    inet_pton_sets_errno
        inet_pton() with an unknown family sets errno (EAFNOSUPPORT); on
        Windows it sets WSAGetLastError(), and the stdlib, which reads
        errno, raises ``OSError(0, "Error")``.
    in_progress
        the errno names a non-blocking connect() in progress fails with
        (POSIX: EINPROGRESS; Winsock: WSAEWOULDBLOCK).
    """

    # An int for every name but BDADDR_ANY/BDADDR_LOCAL (str): the type
    # goes with the name (_constants.pyi states each), not with the table.
    values: Dict[str, Any]

    def __init__(
        self,
        name: str,
        native: bool,
        machine: str,
        values: Dict[str, Any],
        errno: Dict[str, int],
        layout: Layout,
        error_convention: str,
        families: Iterable[Tuple[str, str]],
        backend_modules: Iterable[str],
        abstract_unix: bool = False,
        handle_type: CInt = ctypes.c_int,
        invalid_handle: int = -1,
        errorcode: Optional[Dict[int, str]] = None,
        poll_bits: Optional[Mapping[str, int]] = None,
        in_progress: Iterable[str] = ("EINPROGRESS",),
        absent_calls: Iterable[str] = ("ioctl", "share", "fromshare", "inet_pton",
                                       "inet_ntop", "inet_aton"),
        inet_pton_sets_errno: bool = True,
    ) -> None:
        self.name = name
        self.native = native
        self.machine = machine
        self.values = values
        self.errno = errno
        self.layout = layout
        self.error_convention = error_convention
        self.families = tuple(families)
        self.backend_modules = tuple(backend_modules)
        self.abstract_unix = abstract_unix
        self.handle_type = handle_type
        self.invalid_handle = invalid_handle
        self.errorcode = errorcode if errorcode is not None else _errorcode(errno)
        self.poll_bits = dict(poll_bits if poll_bits is not None else _POSIX_POLL)
        self.absent_calls = frozenset(absent_calls)
        self.inet_pton_sets_errno = inet_pton_sets_errno
        # The readiness events the socket layer waits for.
        bits = self.poll_bits
        self.WAIT_READ = bits["POLLIN"] | bits["POLLPRI"]
        self.WAIT_WRITE = bits["POLLOUT"]
        self.WAIT_CONNECT = bits["POLLOUT"] | bits["POLLERR"]
        # The error numbers the socket layer acts on, named once.
        self.EINTR = errno["EINTR"]
        self.EISCONN = errno["EISCONN"]
        self.ECONNRESET = errno["ECONNRESET"]
        self.EWOULDBLOCK = errno["EWOULDBLOCK"]
        self.EAGAIN = errno["EAGAIN"]
        self.EBADF = errno["EBADF"]
        self.EAFNOSUPPORT = errno["EAFNOSUPPORT"]
        self.ENODEV = errno["ENODEV"]
        self._in_progress: FrozenSet[int] = frozenset(
            errno[name] for name in in_progress if name in errno
        )
        self._would_block = frozenset((self.EAGAIN, self.EWOULDBLOCK))

    def connect_in_progress(self, code: Optional[int]) -> bool:
        """True if *code*, from a non-blocking connect(), means the
        connection goes on in the background (EINPROGRESS on POSIX)."""
        return code in self._in_progress

    def would_block(self, code: Optional[int]) -> bool:
        """True if *code* means the call would have blocked."""
        return code in self._would_block

    def __repr__(self) -> str:
        return "<pysock platform %s%s, %s>" % (
            self.name, "" if self.native else " (foreign: no system calls)", self.machine)


# <poll.h>: the same bits on Linux, macOS and the BSDs.
_POSIX_POLL = {"POLLIN": 1, "POLLPRI": 2, "POLLOUT": 4, "POLLERR": 8,
               "POLLHUP": 16, "POLLNVAL": 32}

# Names that share a number with another, and win (as errno.errorcode).
_PREFERRED = ("EAGAIN", "EOPNOTSUPP", "EDEADLK", "ENOTSUP")


def _errorcode(errno: Mapping[str, int]) -> Dict[int, str]:
    names: Dict[int, str] = {}
    for name in sorted(errno):
        code = errno[name]
        if code not in names or name in _PREFERRED and names[code] not in _PREFERRED:
            names[code] = name
    return names


def bsd_layout(cmsg_alignment: int) -> Layout:
    """The 4.4BSD socket layout (macOS, FreeBSD): <sys/socket.h> "u_char
    sa_len; sa_family_t sa_family" (u8); socklen_t is __uint32_t;
    msg_iovlen an int, msg_controllen and cmsg_len socklen_t; <netdb.h>
    puts ai_canonname before ai_addr; <sys/un.h> has sun_path[104].  Only
    what CMSG_ALIGN rounds to differs."""
    return Layout(
        sockaddr_header="len8_family8",
        sun_path_size=104,
        socklen_t=ctypes.c_uint32,
        msg_iovlen_t=ctypes.c_int,
        msg_controllen_t=ctypes.c_uint32,
        cmsg_len_t=ctypes.c_uint32,
        cmsg_alignment=cmsg_alignment,
        addrinfo_addr_first=False,
    )


def table_values(table: ModuleType, arch: Optional[str]) -> Dict[str, Any]:
    """A generated table's VALUES with its ARCH_OVERRIDES for *arch*
    applied (None in an override: the name does not exist there)."""
    values: Dict[str, Any] = dict(table.VALUES)
    for name, value in table.ARCH_OVERRIDES.get(arch, {}).items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return values


def _host_name() -> str:
    """The platform of the OS pysock runs on (psutil's one if/elif)."""
    if sys.platform.startswith("linux"):
        return "linux"
    elif sys.platform == "darwin":
        return "darwin"
    elif sys.platform.startswith("freebsd"):
        return "freebsd"
    elif sys.platform == "win32":
        return "windows"
    raise ImportError(
        "pysock: no platform layer for %r (it knows %s)" % (sys.platform, ", ".join(NAMES))
    )


def _host_machine() -> str:
    if sys.platform == "win32":  # no os.uname()
        return os.environ.get("PROCESSOR_ARCHITECTURE", "AMD64")
    return os.uname().machine


def load(name: str, machine: Optional[str] = None) -> Platform:
    """The ``Platform`` *name*, native if it is this OS's, else foreign.

    *machine* picks a CPU's numbers (default: this machine's when native;
    x86_64 when foreign).
    """
    host: Optional[str]
    try:
        host = _host_name()
    except ImportError:
        host = None
    native = name == host
    if machine is None:
        machine = _host_machine() if native else "x86_64"
    if name == "linux":
        from . import linux

        return linux.platform(native, machine)
    elif name == "darwin":
        from . import darwin

        return darwin.platform(native, machine)
    elif name == "freebsd":
        from . import freebsd

        return freebsd.platform(native, machine)
    elif name == "windows":
        from . import windows

        return windows.platform(native, machine)
    raise ImportError(
        "pysock: unknown platform %r (PYSOCK_BACKEND); known: %s"
        % (name, ", ".join(NAMES))
    )


PLATFORM = load(os.environ.get("PYSOCK_BACKEND") or _host_name())
