"""Module functions that make sockets: socketpair, fromfd, create_connection,
create_server, has_dualstack_ipv6, and close(fd)."""

from __future__ import annotations

import builtins
import os
import sys
from typing import TYPE_CHECKING, cast

from ._libc import backend as _B
from ._libc.constants import VALUES
from ._pysocket import socket

if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, List, Optional, SupportsIndex, Tuple, Union

    from ._socket import _Address
from ._args import as_int, as_socket_t, c_function

_AF_UNIX = VALUES.get("AF_UNIX")
_AF_INET = VALUES["AF_INET"]
_AF_INET6 = VALUES["AF_INET6"]
_SOCK_STREAM = VALUES["SOCK_STREAM"]
_SOL_SOCKET = VALUES["SOL_SOCKET"]
_SO_REUSEADDR = VALUES.get("SO_REUSEADDR")
_SO_REUSEPORT = VALUES.get("SO_REUSEPORT")
_IPPROTO_IPV6 = VALUES.get("IPPROTO_IPV6")
_IPV6_V6ONLY = VALUES.get("IPV6_V6ONLY")

has_ipv6 = True

class _MinimalExceptionGroup(Exception):
    """The part of PEP 654's ExceptionGroup that create_connection() needs
    on Pythons older than 3.11 without the ``exceptiongroup`` backport: a
    message and the exceptions."""

    def __init__(self, message: str, exceptions: Iterable[Exception]) -> None:
        super().__init__(message, list(exceptions))
        self.message = message
        self.exceptions = tuple(exceptions)

    def __str__(self) -> str:
        n = len(self.exceptions)
        return "%s (%d sub-exception%s)" % (self.message, n, "" if n == 1 else "s")


def _exception_group(message: str, exceptions: List[OSError]) -> Exception:
    """An ExceptionGroup: the builtin (3.11+), else the ``exceptiongroup``
    backport if the program has it, else a minimal one.  Looked up only when
    needed, so importing pysock imports neither."""
    builtin = getattr(builtins, "ExceptionGroup", None)
    if builtin is not None:
        group: Callable[[str, List[OSError]], Exception] = builtin
    else:
        try:
            # The optional backport: a redefinition of group to mypy, and a
            # missing module where it is not installed.
            from exceptiongroup import ExceptionGroup as group  # type: ignore[no-redef, import-not-found, unused-ignore]
        except ImportError:
            group = _MinimalExceptionGroup
    return group(message, exceptions)


class _DefaultTimeout(object):
    def __repr__(self) -> str:
        return "<pysock._GLOBAL_DEFAULT_TIMEOUT>"


# Typed Any so that it can be the default of a timeout: Optional[float].
_GLOBAL_DEFAULT_TIMEOUT: Any = _DefaultTimeout()
# The stdlib's own marker, while pysock.install() is in force: http.client,
# ftplib, smtplib, ... captured socket._GLOBAL_DEFAULT_TIMEOUT as a default
# argument when they were defined, and hand it to create_connection.
_FOREIGN_DEFAULT_TIMEOUT: object = _GLOBAL_DEFAULT_TIMEOUT


def socketpair(
    family: Optional[int] = None, type: int = _SOCK_STREAM, proto: int = 0
) -> Tuple[socket, socket]:
    """socketpair([family[, type[, proto]]]) -> (socket object, socket object)

    Create a pair of connected socket objects (AF_UNIX by default)."""
    if family is None:
        family = _AF_UNIX if _AF_UNIX is not None else _AF_INET
    family = as_int(family)
    type = as_int(type)
    proto = as_int(proto)
    fd_a, fd_b = _B.socketpair(family, type, proto)
    try:
        a = socket(family, type, proto, fileno=fd_a)
    except BaseException:
        _B.close(fd_a)
        _B.close(fd_b)
        raise
    try:
        b = socket(family, type, proto, fileno=fd_b)
    except BaseException:
        a.close()
        _B.close(fd_b)
        raise
    return a, b


def _fallback_socketpair(
    family: int = _AF_INET, type: int = _SOCK_STREAM, proto: int = 0
) -> Tuple[socket, socket]:
    """socketpair() made of a loopback TCP connection, for platforms whose C
    library has none (Windows); always defined so it can be tested and
    patched in, as in the stdlib.

    The connection is made without a thread: the client connects
    non-blocking, the listener accepts, and the two ends check that they are
    each other's peer, so a stranger who connected first is refused.
    """
    if family == _AF_INET:
        host = "127.0.0.1"
    elif family == _AF_INET6:
        host = "::1"
    else:
        raise ValueError("Only AF_INET and AF_INET6 socket address families are supported")
    if type != _SOCK_STREAM:
        raise ValueError("Only SOCK_STREAM socket type is supported")
    if proto != 0:
        raise ValueError("Only protocol zero is supported")
    listener = socket(family, type, proto)
    try:
        listener.bind((host, 0))
        listener.listen()
        addr, port = listener.getsockname()[:2]
        client = socket(family, type, proto)
        try:
            client.setblocking(False)
            try:
                client.connect((addr, port))
            except (BlockingIOError, InterruptedError):
                pass  # in progress: accept() below completes it
            client.setblocking(True)
            server, _ = listener.accept()
        except BaseException:
            client.close()
            raise
    finally:
        listener.close()
    try:
        if (server.getsockname() != client.getpeername()
                or client.getsockname() != server.getpeername()):
            raise ConnectionError("Unexpected peer connection")
    except BaseException:
        server.close()
        client.close()
        raise
    return server, client


if not hasattr(_B, "socketpair"):
    # As Lib/socket.py: where the C library has no socketpair(), the
    # loopback one serves, with the native one's docstring.
    _fallback_socketpair.__doc__ = socketpair.__doc__
    socketpair = _fallback_socketpair  # type: ignore[assignment]  # its own defaults, as the stdlib


def fromfd(fd: SupportsIndex, family: int, type: int, proto: int = 0) -> socket:
    """fromfd(fd, family, type[, proto]) -> socket object

    Create a socket object from a duplicate of the given file descriptor."""
    nfd = dup(fd)  # the module function, as Lib/socket.py (its conversion)
    try:
        return socket(family, type, proto, nfd)
    except BaseException:
        # The stdlib leaks the duplicate here (README: differences).
        _B.close(nfd)
        raise


@c_function("o")
def dup(fd: SupportsIndex) -> int:
    """dup(integer) -> integer

    Duplicate an integer socket file descriptor (non-inheritable)."""
    return _B.dup(as_socket_t(fd))


@c_function("o")
def close(fd: SupportsIndex) -> None:
    """close(integer) -> None

    Close an integer socket file descriptor, as os.close() does, except that
    ECONNRESET (the peer went first) is not an error."""
    fd = as_socket_t(fd)
    try:
        _B.close(fd)
    except ConnectionResetError:
        return


def create_connection(
    address: Tuple[Optional[str], int],
    timeout: Optional[float] = _GLOBAL_DEFAULT_TIMEOUT,
    source_address: Optional[Tuple[Union[bytearray, bytes, str], int]] = None,
    *,
    all_errors: bool = False,
) -> socket:
    """Connect to *address* (a (host, port) pair) and return the socket.

    Each address getaddrinfo() gives for host is tried in turn until one
    connects.  *timeout* (default: getdefaulttimeout()) is set on the socket
    before connecting; *source_address* is bound first if given.  When every
    attempt fails, the last error is raised, or, with *all_errors*, an
    ExceptionGroup of all of them.
    """
    # Looked up on the public module at call time, as the stdlib's globals
    # are: programs (and CPython's tests) replace socket.socket and
    # socket.getaddrinfo to simulate failures.
    public = sys.modules[__package__ or "pysock"]
    host, port = address
    exceptions: List[OSError] = []
    for af, socktype, proto, canonname, sa in public.getaddrinfo(host, port, 0, _SOCK_STREAM):
        sock = None
        try:
            # The module's socket class, whatever a program put there.
            sock = cast(socket, public.socket(af, socktype, proto))
            if timeout is not _GLOBAL_DEFAULT_TIMEOUT and timeout is not _FOREIGN_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sa)
            exceptions.clear()  # break the reference cycle
            return sock
        except OSError as exc:
            if not all_errors:
                exceptions.clear()  # only the last error is raised
            exceptions.append(exc)
            if sock is not None:
                sock.close()
    if exceptions:
        try:
            if not all_errors:
                raise exceptions[0]
            raise _exception_group("create_connection failed", exceptions)
        finally:
            exceptions.clear()  # break the reference cycle
    raise OSError("getaddrinfo returns an empty list")


def has_dualstack_ipv6() -> bool:
    """Return True if the platform supports creating a SOCK_STREAM socket
    which can handle both AF_INET and AF_INET6 (IPv4 / IPv6) connections."""
    if not has_ipv6 or _IPPROTO_IPV6 is None or _IPV6_V6ONLY is None:
        return False
    try:
        with socket(_AF_INET6, _SOCK_STREAM) as sock:
            sock.setsockopt(_IPPROTO_IPV6, _IPV6_V6ONLY, 0)
            return True
    except OSError:
        return False


def create_server(
    address: _Address,
    *,
    family: int = _AF_INET,
    backlog: Optional[int] = None,
    reuse_port: bool = False,
    dualstack_ipv6: bool = False,
) -> socket:
    """Bind a TCP socket to *address* ((host, port)), listen, and return it.

    *reuse_port* sets SO_REUSEPORT; *dualstack_ipv6* (with family=AF_INET6)
    accepts IPv4 connections too.  SO_REUSEADDR is set on POSIX.
    """
    if reuse_port and _SO_REUSEPORT is None:
        raise ValueError("SO_REUSEPORT not supported on this platform")
    if dualstack_ipv6:
        if not has_dualstack_ipv6():
            raise ValueError("dualstack_ipv6 not supported on this platform")
        if family != _AF_INET6:
            raise ValueError("dualstack_ipv6 requires AF_INET6 family")
    sock = socket(family, _SOCK_STREAM)
    try:
        # Not on Windows, where SO_REUSEADDR lets another socket steal the
        # port; an OS that refuses the option will make bind() fail, which
        # reports the real problem, so a refusal here is deliberately let go.
        if os.name not in ("nt", "cygwin") and _SO_REUSEADDR is not None:
            try:
                sock.setsockopt(_SOL_SOCKET, _SO_REUSEADDR, 1)
            except OSError:
                pass
        if reuse_port:
            sock.setsockopt(_SOL_SOCKET, cast(int, _SO_REUSEPORT), 1)  # checked above
        if has_ipv6 and family == _AF_INET6:
            if dualstack_ipv6:
                # Both present: dualstack was checked above.
                sock.setsockopt(cast(int, _IPPROTO_IPV6), cast(int, _IPV6_V6ONLY), 0)
            elif _IPV6_V6ONLY is not None and _IPPROTO_IPV6 is not None:
                sock.setsockopt(_IPPROTO_IPV6, _IPV6_V6ONLY, 1)
        try:
            sock.bind(address)
        except OSError as err:
            msg = "%s (while attempting to bind on address %r)" % (err.strerror, address)
            raise OSError(err.errno, msg) from None
        if backlog is None:
            sock.listen()
        else:
            sock.listen(backlog)
        return sock
    except OSError:
        sock.close()
        raise
