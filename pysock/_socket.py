"""The socket type: what the stdlib's C module ``_socket`` provides.

``socket`` here is the base type (``SocketType``), with the C type's
behaviour: the system calls, the modes, integer ``family``/``type`` and the
``<socket object, ...>`` repr.  The class programs use is its subclass in
``_pysocket`` (Lib/socket.py's ``socket.socket``).  Every system call goes through
``_B``, the backend object (the choke point, looked up at call time so a
tracer can swap its functions).

Modes, as in CPython: with no timeout the descriptor is blocking and a call
simply blocks; with a timeout (or 0.0) the descriptor is non-blocking, a
call is tried and, if it would block, ``_wait`` polls until it is ready or
the one deadline of the operation passes.  EINTR is retried (PEP 475) in
``_call`` and ``_wait``: a signal handler that raises stops the retry,
because Python runs handlers before the loop goes round again.
"""

from __future__ import annotations

import sys
import warnings
from math import ceil
from time import monotonic
from typing import TYPE_CHECKING

from . import families
from . import _timeout
from ._args import (
    SSIZE_MAX,
    as_clinic_int,
    as_clinic_param,
    as_int,
    as_ssize,
    as_uint_mask,
    bad_call,
    c_function,
    as_fileno,
    c_method,
    keywords,
    readable_buffer,
    type_name,
    writable_buffer,
)
from ._libc import backend as _B
from ._libc.errors import oserror
from ._libc.platform import PLATFORM as _P
from ._libc.constants import VALUES
from ._resolve import setipaddr

if TYPE_CHECKING:
    from typing import (
        Any, Callable, Iterable, List, Optional, SupportsIndex, Tuple, TypeVar, Union, overload,
    )

    from _typeshed import ReadableBuffer, WriteableBuffer

    # As typeshed's _socket: an address argument is a tuple (INET, INET6,
    # NETLINK, ...), a str or bytes-like (AF_UNIX); a returned one varies
    # with the family.
    _Address = Union[Tuple[Any, ...], str, ReadableBuffer]
    _RetAddress = Any
    _CMSG = Tuple[int, int, bytes]
    _CMSGArg = Tuple[int, int, ReadableBuffer]
    # What a backend call returns, through _call.
    _T = TypeVar("_T")
    # socket(fileno=...): share()'s bytes too on Windows, as typeshed says.
    if sys.platform == "win32":  # type checkers only, as typeshed
        _FileNo = Union[SupportsIndex, bytes, None]
    else:
        _FileNo = Optional[SupportsIndex]

_audit = sys.audit if hasattr(sys, "audit") else (lambda *args: None)

_AF_INET = VALUES["AF_INET"]
_AF_UNIX = VALUES.get("AF_UNIX")
_AF_VSOCK = VALUES.get("AF_VSOCK")
_AF_ALG = VALUES.get("AF_ALG")
_SOCK_STREAM = VALUES["SOCK_STREAM"]
_SOCK_NONBLOCK = VALUES.get("SOCK_NONBLOCK", 0)
_SOCK_CLOEXEC = VALUES.get("SOCK_CLOEXEC", 0)
_SOL_SOCKET = VALUES["SOL_SOCKET"]
_SO_TYPE = VALUES["SO_TYPE"]
_SO_ERROR = VALUES["SO_ERROR"]
_SO_PROTOCOL = VALUES.get("SO_PROTOCOL")
_SOMAXCONN = VALUES["SOMAXCONN"]
_EINTR = _P.EINTR
_EISCONN = _P.EISCONN
_ECONNRESET = _P.ECONNRESET
_EWOULDBLOCK: int = _P.EWOULDBLOCK
_EBADF = _P.EBADF
# Errors the kernel reports after the fact, through a pending socket error
# (sock_error(): ICMP messages, resets, TCP timeouts): the socket then polls
# ready, so CPython makes the call and meets them.
_DELIVERED = frozenset(
    _P.errno[name]
    for name in ("ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EHOSTUNREACH",
                 "EHOSTDOWN", "ENETUNREACH", "ENETDOWN", "ENETRESET", "ETIMEDOUT",
                 "EPIPE", "EPROTO", "ENONET")
    if name in _P.errno
)
_ENOTSOCK = _P.errno["ENOTSOCK"]
_connect_in_progress = _P.connect_in_progress
_WAIT_READ = _P.WAIT_READ
_WAIT_WRITE = _P.WAIT_WRITE
_WAIT_CONNECT = _P.WAIT_CONNECT
# The handle of a closed (or detached) socket.
_CLOSED = _P.invalid_handle
# Windows' stdlib refuses a fileno= whose getsockname() fails for any
# reason (an unbound socket: WSAEINVAL); POSIX only for EBADF/ENOTSOCK.
_FILENO_STRICT = _P.error_convention == "last_error"
_SHARE_SIZE = 628  # sizeof(WSAPROTOCOL_INFOW): socket(fileno=share() bytes)
# Stream sockets without flags use read(2)/write(2) where the backend has
# them (POSIX); elsewhere recv/send with flags 0.
_FAST_STREAM = hasattr(_B, "read") and hasattr(_B, "write")
# recv_into(buffer) on a stream socket: readv(2) straight into the buffer.
_FAST_INTO = _FAST_STREAM and hasattr(_B, "readv")
_INT = 4  # sizeof(int)
# flags is _ZERO: the int 0 (CPython has one 0 object; PyPy compares ints
# by value), neither a bool nor a subclass; quicker than == 0 with a class
# check.
_ZERO = 0
# The hot datagram paths look the codec and the remembered addresses up
# inline (families.lookup, families.REMEMBERED).
_codec_of = families.CODECS.get
_decoded = families.REMEMBERED.get

# The default timeout of new sockets (None: blocking), in stored form.
_defaulttimeout = None


@c_function("noargs")
def getdefaulttimeout() -> Optional[float]:
    """Return the default timeout in seconds (float) for new socket objects.
    None means new sockets have no timeout (blocking mode)."""
    return _defaulttimeout


@c_function("o")
def setdefaulttimeout(timeout: Optional[float]) -> None:
    """Set the default timeout in seconds (float) for new socket objects.
    None means no timeout (blocking mode)."""
    global _defaulttimeout
    _defaulttimeout = _timeout.parse(timeout)


_DEFAULT: Any = object()  # an argument not given (None is a wrong value)
_init_int = as_clinic_int if sys.version_info >= (3, 11) else as_int


_NOARG: Any = object()  # a positional parameter not given


def _arity(name: str, first: Any, extra: Tuple[Any, ...]) -> TypeError:
    """The METH_VARARGS error of recv/recvfrom/send/sendall ("x|i"): the
    first parameter missing, or more than two given."""
    given = 0 if first is _NOARG else 2 + len(extra)
    return bad_call(name, "varargs", (None,) * given, {}, 1, 2, "socket")


def _sizes(bufsize: int, flags: int, caller: str) -> Tuple[int, int]:
    """recv()/recvfrom()'s "n|i": both converted, then the size checked."""
    bufsize = as_ssize(bufsize)
    flags = _flags(flags)
    if bufsize < 0:
        raise ValueError("negative buffersize in %s" % caller)
    return bufsize, flags


def _flags(value: int) -> int:
    return value if value.__class__ is int and -0x80000000 <= value <= 0x7FFFFFFF else as_int(value)


_WRITABLE = {
    caller: "%s() argument 1 must be read-write bytes-like object, not %%s" % caller
    for caller in ("recv_into", "recvfrom_into")
}


def _writable_view(buffer: WriteableBuffer, caller: str) -> memoryview:
    return writable_buffer(buffer, _WRITABLE[caller])


def _parsed(convert: Callable[[Any], int], values: Tuple[Any, ...]) -> Optional[Tuple[int, ...]]:
    """The values converted, or None if one fails: one form of an argument
    list that CPython tries before another (its error is cleared, as
    PyErr_Clear does between PyArg_ParseTuple calls)."""
    try:
        return tuple(convert(value) for value in values)
    except Exception:
        return None


_INTO_KWLIST = ("buffer", "nbytes", "flags")


def _into_args(
    args: Tuple[Any, ...], kwargs: Any, caller: str, too_small: str
) -> Tuple[memoryview, int, int]:
    """The arguments of recv_into/recvfrom_into ("w*|ni", keywords buffer,
    nbytes, flags), checked in the stdlib's order: (byte view, count, flags);
    a count of 0 means the whole buffer."""
    given = len(args)
    if kwargs or not 0 < given < 4:
        buffer, nbytes, flags = keywords(
            caller, _INTO_KWLIST, 1, args, kwargs,
            (lambda b: _writable_view(b, caller), as_ssize, _flags),
        )
        view = buffer
        nbytes = 0 if nbytes is None else nbytes
        flags = 0 if flags is None else flags
    else:
        view = _writable_view(args[0], caller)
        nbytes = as_ssize(args[1]) if given > 1 else 0
        flags = _flags(args[2]) if given > 2 else 0
    if nbytes < 0:
        view.release()
        raise ValueError("negative buffersize in %s" % caller)
    if nbytes == 0:
        nbytes = view.nbytes
    elif view.nbytes < nbytes:
        view.release()
        raise ValueError(too_small)
    return view, nbytes, flags


if sys.version_info >= (3, 10):
    _IMMUTABLE = "cannot set %r attribute of immutable type '%s'"
else:
    _IMMUTABLE = "can't set attributes of built-in/extension type '%s'"


class _ImmutableType(type):
    """The metaclass of the base type: as with the C type it stands for, the
    type's own attributes cannot be set or deleted.  Subclasses (the socket
    class programs use, and theirs) stay ordinary, patchable classes."""

    def __setattr__(cls, name: str, value: Any) -> None:
        if "_immutable_" in cls.__dict__:
            raise TypeError(cls._immutable_message(name))
        type.__setattr__(cls, name, value)

    def __delattr__(cls, name: str) -> None:
        if "_immutable_" in cls.__dict__:
            raise TypeError(cls._immutable_message(name))
        type.__delattr__(cls, name)

    def _immutable_message(cls, name: str) -> str:
        tp_name = "%s.%s" % (cls.__module__, cls.__qualname__)
        if sys.version_info >= (3, 10):
            return _IMMUTABLE % (name, tp_name)
        return _IMMUTABLE % tp_name


class socket(object, metaclass=_ImmutableType):
    """socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None) -> socket object

    Open a socket of the given type.  The family argument specifies the
    address family; it defaults to AF_INET.  The type argument specifies
    whether this is a stream (SOCK_STREAM, the default) or datagram
    (SOCK_DGRAM) socket.  The protocol argument defaults to 0, choosing the
    default protocol for that type.  If fileno is given, the other arguments
    that are left out (-1) are detected from the descriptor, which the socket
    object then owns.
    """

    # _io_refs and _closed belong to the Python layer (makefile, close);
    # they live here so that creating a socket is one __init__ call.
    __slots__ = (
        "__weakref__",
        "_fd",
        "_family",
        "_type",
        "_proto",
        "_timeout",
        "_stream",
        "_into",
        "_io_refs",
        "_closed",
    )
    _fd: int
    _family: int
    _type: int
    _proto: int
    _timeout: Optional[float]
    _stream: bool
    _into: bool
    _io_refs: int
    _closed: bool

    def __init__(
        self,
        family: int = -1,
        type: int = -1,
        proto: int = -1,
        fileno: _FileNo = None,
    ) -> None:
        self._fd = _CLOSED
        self._io_refs = 0
        self._closed = False
        if fileno is None:
            if family == -1:
                family = _AF_INET
            if type == -1:
                type = _SOCK_STREAM
            if proto == -1:
                proto = 0
        # socket.__init__ is an Argument Clinic function from Python 3.11.
        family = _init_int(family)
        type = _init_int(type)
        proto = _init_int(proto)
        _audit("socket.__new__", self, family, type, proto)
        if fileno is None:
            fd = _B.socket(family, type, proto)
        elif isinstance(fileno, bytes) and hasattr(_B, "fromshare"):
            # Windows: share()'s WSAPROTOCOL_INFOW bytes (fromshare()).
            if len(fileno) != _SHARE_SIZE:
                raise ValueError("socket descriptor string has wrong size, should be "
                                 "%d bytes." % _SHARE_SIZE)
            fd, family, type, proto = _B.fromshare(fileno)
        else:
            # As CPython: read as a C long, then cast to the C int a
            # descriptor is (so 2**31 is negative and 2**32 is 0).
            fd = as_fileno(fileno)
            # As CPython, whatever was given: the descriptor must be an open
            # socket (a pipe or a closed number is refused, never adopted
            # and later closed behind its owner's back).
            try:
                sockaddr = _B.getsockname(fd)
            except OSError as exc:
                if exc.errno == _EBADF or exc.errno == _ENOTSOCK or (
                        _FILENO_STRICT and family == -1):
                    raise
                sockaddr = b""
            if family == -1:
                # CPython reads sa_family from a zeroed buffer: 0 if unset.
                family = families.family_of(sockaddr) if len(sockaddr) >= 2 else 0
            if type == -1:
                type = self._int_option(fd, _SO_TYPE)
            if proto == -1:
                proto = self._int_option(fd, _SO_PROTOCOL) if _SO_PROTOCOL else 0
        self._fd = fd
        self._family = family
        self._type = type & ~(_SOCK_NONBLOCK | _SOCK_CLOEXEC)
        self._proto = proto
        self._stream = _FAST_STREAM and self._type == _SOCK_STREAM
        self._into = _FAST_INTO and self._stream
        if type & _SOCK_NONBLOCK:
            self._timeout = 0.0
        else:
            self._timeout = _defaulttimeout
            if _defaulttimeout is not None:
                try:
                    _B.set_blocking(fd, False)
                except OSError:
                    if fileno is None:
                        _B.close(fd)
                    self._fd = _CLOSED
                    raise

    @staticmethod
    def _int_option(fd: int, option: int) -> int:
        return int.from_bytes(
            _B.getsockopt(fd, _SOL_SOCKET, option, _INT), sys.byteorder, signed=True
        )

    # -- attributes ---------------------------------------------------------

    @property
    def family(self) -> int:
        """the socket family"""
        return self._family

    @property
    def type(self) -> int:
        """the socket type"""
        return self._type

    @property
    def proto(self) -> int:
        """the socket protocol"""
        return self._proto

    @property
    def timeout(self) -> Optional[float]:
        """the socket timeout"""
        return self._timeout

    def fileno(self, *args: Any, **kwargs: Any) -> int:
        """Return the integer file descriptor of the socket (-1 if closed)."""
        if args or kwargs:
            raise bad_call("fileno", "noargs", args, kwargs, owner="socket")
        return self._fd

    def __repr__(self) -> str:
        return "<socket object, fd=%d, family=%d, type=%d, proto=%d>" % (
            self._fd, self._family, self._type, self._proto)

    def __getstate__(self) -> Any:
        raise TypeError("cannot pickle %r object" % self.__class__.__name__)

    @c_method("o")
    def __reduce_ex__(self, protocol: SupportsIndex) -> Any:
        # Below protocol 2, copyreg._reduce_ex calls the first base type that
        # is not a heap type with the object: the C type in the stdlib,
        # whose argument parsing refuses it; pysock's base type is a Python
        # class (object would be chosen), so it is called here in its place.
        if as_clinic_param(protocol) < 2:
            socket(self)  # type: ignore[arg-type]  # raises, as _socket.socket(self)
        return object.__reduce_ex__(self, protocol)

    def __del__(self) -> None:
        fd = getattr(self, "_fd", _CLOSED)
        if fd != _CLOSED:
            try:
                # Warned while the socket is still open (a handler may ask
                # it for its addresses), as CPython does ...
                warnings.warn("unclosed %r" % (self,), ResourceWarning, source=self)
            finally:
                # ... and closed even when the warning is an error (-W error):
                # Python reports that exception as unraisable, as CPython.
                self._fd = _CLOSED
                try:
                    _B.close(fd)
                except OSError:
                    pass  # nothing to report to: this is a finaliser

    # -- lifetime -----------------------------------------------------------

    @c_method("noargs")
    def close(self) -> None:
        """Close the socket.  It cannot be used after this call."""
        fd = self._fd
        if fd != _CLOSED:
            self._fd = _CLOSED
            try:
                _B.close(fd)
            except OSError as exc:
                # bpo-30319: the peer may have reset the connection already.
                if exc.errno != _ECONNRESET:
                    raise

    @c_method("noargs")
    def detach(self) -> int:
        """Close the socket object without closing the underlying file
        descriptor, and return the descriptor."""
        fd = self._fd
        self._fd = _CLOSED
        return fd

    # -- modes --------------------------------------------------------------

    def gettimeout(self, *args: Any, **kwargs: Any) -> Optional[float]:
        """Return the timeout in seconds (float) of socket operations, or
        None if there is none."""
        if args or kwargs:
            raise bad_call("gettimeout", "noargs", args, kwargs, owner="socket")
        return self._timeout

    @c_method("o")
    def settimeout(self, value: Optional[float]) -> None:
        """Set a timeout on socket operations: a float in seconds, 0.0 for
        non-blocking mode, None for blocking mode."""
        timeout = _timeout.parse(value)
        self._timeout = timeout
        _B.set_blocking(self._fd, timeout is None)

    def getblocking(self, *args: Any, **kwargs: Any) -> bool:
        """True if the socket is in blocking mode (timeout None or > 0)."""
        if args or kwargs:
            raise bad_call("getblocking", "noargs", args, kwargs, owner="socket")
        return self._timeout != 0.0

    @c_method("o")
    def setblocking(self, flag: bool) -> None:
        """setblocking(True) is settimeout(None); setblocking(False) is
        settimeout(0.0)."""
        block = _timeout.blocking_flag(flag)
        self._timeout = None if block else 0.0
        _B.set_blocking(self._fd, block)

    # -- the two loops: retry and wait --------------------------------------

    def _call(
        self,
        writing: bool,
        func: Callable[..., _T],
        args: Tuple[Any, ...],
        first_error: Optional[OSError] = None,
    ) -> _T:
        """Run ``func(descriptor, *args)`` (a backend call) as CPython's
        sock_call does.

        The descriptor is read from the socket for every attempt, never
        kept across a wait: if another thread closes the socket meanwhile
        (``close()`` sets it to -1 before closing), the attempt fails with
        EBADF instead of reaching whatever socket has been given that number
        since.  *args* therefore never holds the descriptor.

        In timeout mode CPython polls before every attempt; pysock tries
        first and waits only when that would block, which gives the same
        results with one system call fewer, and for an error the attempt
        raised, ``_ready_for`` decides whether CPython would have raised it
        too or would still be waiting.

        *first_error* is the OSError of an attempt the caller already made
        (the hot paths try once inline): the loop then starts from it rather
        than repeating a call known to fail.
        """
        timeout = self._timeout
        deadline = None
        error = first_error
        events = _WAIT_WRITE if writing else _WAIT_READ
        while True:
            if error is None:
                try:
                    return func(self._fd, *args)
                except OSError as exc:
                    error = exc
            if error.__class__ is InterruptedError:
                error = None
                continue
            if not timeout:
                raise error
            if error.__class__ is not BlockingIOError and self._ready_for(error, events):
                raise error
            error = None
            if deadline is None:
                deadline = monotonic() + timeout
            self._wait(events, deadline)

    def _ready_for(self, error: OSError, events: int) -> bool:
        """Whether CPython, which polls before the call in timeout mode,
        would have made the call and so met *error*.

        An error the kernel delivers asynchronously (a pending socket
        error: the socket polled ready with POLLERR) it would have; one the
        call gives at once in a socket's state (accept() on a UDP socket) only
        if the socket is ready now, else CPython would still be waiting.
        A closed socket counts as ready, as in CPython's internal_select.
        """
        if error.errno in _DELIVERED:
            return True
        fd = self._fd
        if fd == _CLOSED:
            return True
        try:
            return bool(_B.poll(fd, events, 0))
        except OSError:
            return True

    def _wait(self, events: int, deadline: Optional[float]) -> None:
        """Poll until the socket is ready for *events*; TimeoutError once
        *deadline* (monotonic, or None for no limit) has passed."""
        while True:
            fd = self._fd
            if fd == _CLOSED:
                return  # closed meanwhile: let the call fail with EBADF
            if deadline is None:
                wait_ms = -1
            else:
                remaining = deadline - monotonic()
                if remaining < 0:
                    raise TimeoutError("timed out")
                wait_ms = ceil(remaining * 1000)
            try:
                ready = _B.poll(fd, events, wait_ms)
            except InterruptedError:
                continue
            if not ready:
                raise TimeoutError("timed out")
            return

    # -- addresses ----------------------------------------------------------

    def _sockaddr(self, address: _Address, caller: str) -> bytes:
        codec = families.lookup(self._family)
        if codec is None:
            # A family whose codec needs the protocol and interface lookups
            # (made through the backend), or none: "bad family".
            return families.encode(
                self._family, self._proto, address, caller, setipaddr, _B
            )
        return codec.encode(address, caller, setipaddr)

    def _address(self, data: bytes) -> _RetAddress:
        return families.decode(data, self._family, self._proto, _B)

    @c_method("o")
    def bind(self, address: _Address) -> None:
        """Bind the socket to a local address."""
        sockaddr = self._sockaddr(address, "bind")
        _audit("socket.bind", self, address)
        _B.bind(self._fd, sockaddr)

    @c_method("noargs")
    def getsockname(self) -> _RetAddress:
        """Return the address of the local endpoint."""
        return self._address(_B.getsockname(self._fd))

    @c_method("noargs")
    def getpeername(self) -> _RetAddress:
        """Return the address of the remote endpoint."""
        return self._address(_B.getpeername(self._fd))

    @c_method("varargs", 0, 1)
    def listen(self, backlog: int = _DEFAULT) -> None:
        """Enable a server to accept connections.  backlog (at least 0)
        is the number of unaccepted connections the system allows."""
        if backlog is _DEFAULT:
            backlog = min(_SOMAXCONN, 128)
        else:
            backlog = as_int(backlog)
            if backlog < 0:
                backlog = 0
        _B.listen(self._fd, backlog)

    @c_method("noargs")
    def _accept(self) -> Tuple[int, _RetAddress]:
        """_accept() -> (integer file descriptor, address info)"""
        return self._accept_fd()

    def _accept_fd(self) -> Tuple[int, _RetAddress]:
        # AF_ALG answers ECONNABORTED to an accept() that asks for the
        # peer's address, so none is asked (as CPython does).
        args = () if self._family != _AF_ALG else (False,)
        fd, sockaddr = self._call(False, _B.accept, args)
        return fd, self._address(sockaddr)

    def _connect(self, address: _Address, caller: str, raise_error: bool) -> int:
        sockaddr = self._sockaddr(address, caller)
        _audit("socket.connect", self, address)
        try:
            _B.connect(self._fd, sockaddr)
            return 0
        except OSError as exc:
            # The backend raises from errno, so errno is set; on Windows the
            # code is the Winsock one (winerror), which connect_ex returns.
            code: int = getattr(exc, "winerror", None) or exc.errno  # type: ignore[assignment]
            if code == _EINTR:
                # bpo-23618: the connection goes on asynchronously; a socket
                # that may block waits for it, a non-blocking one reports it.
                wait = self._timeout != 0.0
            else:
                wait = bool(self._timeout) and _connect_in_progress(code)
            if not wait:
                if raise_error:
                    raise
                return code
        timeout = self._timeout
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            try:
                self._wait(_WAIT_CONNECT, deadline)
            except TimeoutError:
                if raise_error:
                    raise
                return _EWOULDBLOCK
            code = self._int_option(self._fd, _SO_ERROR)
            if code == 0 or code == _EISCONN:
                return 0
            if code == _EINTR:
                continue
            if raise_error:
                raise oserror(code)
            return code

    @c_method("o")
    def connect(self, address: _Address) -> None:
        """Connect the socket to a remote address."""
        self._connect(address, "connect", True)

    @c_method("o")
    def connect_ex(self, address: _Address) -> int:
        """Like connect(address), but return an error code (errno) instead
        of raising for the errors of the connect() call itself."""
        return self._connect(address, "connect_ex", False)

    @c_method("o")
    def shutdown(self, how: int) -> None:
        """Shut down the reading side (SHUT_RD), the writing side (SHUT_WR)
        or both (SHUT_RDWR) of the connection."""
        _B.shutdown(self._fd, as_clinic_int(how))

    # -- options ------------------------------------------------------------

    if TYPE_CHECKING:
        @overload
        def getsockopt(self, level: int, option: int, /) -> int: ...
        @overload
        def getsockopt(self, level: int, option: int, buflen: int, /) -> bytes: ...

    @c_method("varargs", 2, 3)
    def getsockopt(self, level: int, option: int, buflen: int = 0) -> Union[int, bytes]:
        """getsockopt(level, option[, buflen]) -> value

        Without buflen the option is an int; with buflen, the bytes of at
        most buflen that the option holds.  On AF_VSOCK sockets options are
        64-bit unsigned ints and buflen is refused, as in the stdlib."""
        level = as_int(level)
        option = as_int(option)
        buflen = as_int(buflen)
        if self._family == _AF_VSOCK:
            if buflen:
                raise OSError("getsockopt string buffer not allowed")
            data = _B.getsockopt(self._fd, level, option, 8)
            return int.from_bytes(data.ljust(8, b"\0"), sys.byteorder)
        if buflen == 0:
            return self._int_option_at(level, option)
        if buflen <= 0 or buflen > 1024:
            raise OSError("getsockopt buflen out of range")
        return _B.getsockopt(self._fd, level, option, buflen)

    def _int_option_at(self, level: int, option: int) -> int:
        data = _B.getsockopt(self._fd, level, option, _INT)
        return int.from_bytes(data.ljust(_INT, b"\0"), sys.byteorder, signed=True)

    if TYPE_CHECKING:
        @overload
        def setsockopt(
            self, level: int, option: int, value: Union[int, ReadableBuffer], /
        ) -> None: ...
        @overload
        def setsockopt(self, level: int, option: int, value: None, optlen: int, /) -> None: ...

    def setsockopt(self, *args: Any, **kwargs: Any) -> None:
        """setsockopt(level, option, value: int | buffer)
        setsockopt(level, option, None, optlen: int)

        Set a socket option: an int, the bytes of a C structure, or NULL
        with a length.  On AF_VSOCK sockets the value is a 64-bit unsigned
        int."""
        if kwargs:
            raise bad_call("setsockopt", "varargs", args, kwargs, 3, 3, owner="socket")
        given = len(args)
        if self._family == _AF_VSOCK:
            # "iiK:setsockopt"
            if given != 3:
                raise bad_call("setsockopt", "varargs", args, kwargs, 3, 3, owner="socket")
            level = as_int(args[0])
            option = as_int(args[1])
            value = args[2]
            if not isinstance(value, int):
                raise TypeError("setsockopt() argument 3 must be int, not %s" % type_name(value))
            data = (value & 0xFFFFFFFFFFFFFFFF).to_bytes(8, sys.byteorder)
            _B.setsockopt(self._fd, level, option, data)
            return
        # CPython parses three forms in turn ("iii", "iiO!I", "iiy*"), each
        # failure cleared but the last one's, which is what is raised.
        if given == 3:
            ints = _parsed(as_int, args)
            if ints is not None:
                level, option, flag = ints
                _B.setsockopt(self._fd, level, option, flag.to_bytes(_INT, sys.byteorder, signed=True))
                return
        elif given == 4 and args[2] is None:
            head = _parsed(as_int, args[:2])
            optlen = _parsed(as_uint_mask, args[3:])
            if head is not None and optlen is not None:
                _B.setsockopt(self._fd, head[0], head[1], None, optlen[0])
                return
        if given != 3:
            raise bad_call("setsockopt", "varargs", args, kwargs, 3, 3, owner="socket")
        level = as_int(args[0])
        option = as_int(args[1])
        with readable_buffer(args[2]) as view:
            data = view.tobytes()
        _B.setsockopt(self._fd, level, option, data)

    # -- data ---------------------------------------------------------------

    # The data methods check their arguments as METH_VARARGS does, inline.
    # recv, recvfrom, send and sendall take positional-only parameters: a
    # wrong count gets the C module's message, a keyword is refused by
    # Python in its own words (README: a **kwargs dict on every call costs
    # about 100 ns, 10% of a send).  Type checkers see their signatures.
    if TYPE_CHECKING:
        def recv(self, bufsize: int, flags: int = ..., /) -> bytes: ...
        def recvfrom(self, bufsize: int, flags: int = ..., /) -> Tuple[bytes, _RetAddress]: ...
        def recv_into(
            self, buffer: WriteableBuffer, nbytes: int = ..., flags: int = ...
        ) -> int: ...
        def recvfrom_into(
            self, buffer: WriteableBuffer, nbytes: int = ..., flags: int = ...
        ) -> Tuple[int, _RetAddress]: ...
        def send(self, data: ReadableBuffer, flags: int = ..., /) -> int: ...
        def sendall(self, data: ReadableBuffer, flags: int = ..., /) -> None: ...
    else:
        def recv(self, bufsize=_NOARG, flags=0, /, *extra):
            """recv(bufsize[, flags]) -> data

            Receive up to bufsize bytes; an empty result means the peer
            closed the connection."""
            if extra or bufsize is _NOARG:
                raise _arity("recv", bufsize, extra)
            if bufsize.__class__ is not int or bufsize <= 0 or bufsize > SSIZE_MAX:
                bufsize, flags = _sizes(bufsize, flags, "recv")
                if bufsize == 0:
                    return b""  # as CPython: nothing to read, no system call
            if flags is _ZERO and self._stream:
                try:
                    return _B.read(self._fd, bufsize)
                except OSError as exc:
                    return self._call(False, _B.read, (bufsize,), exc)
            flags = _flags(flags)
            try:
                return _B.recv(self._fd, bufsize, flags)
            except OSError as exc:
                return self._call(False, _B.recv, (bufsize, flags), exc)

        def recvfrom(self, bufsize=_NOARG, flags=0, /, *extra):
            """recvfrom(bufsize[, flags]) -> (data, address info)"""
            if extra or bufsize is _NOARG:
                raise _arity("recvfrom", bufsize, extra)
            if not (bufsize.__class__ is int and 0 <= bufsize <= SSIZE_MAX
                    and flags.__class__ is int and -0x80000000 <= flags <= 0x7FFFFFFF):
                bufsize, flags = _sizes(bufsize, flags, "recvfrom")
            try:
                data, sockaddr = _B.recvfrom(self._fd, bufsize, flags)
            except OSError as exc:
                data, sockaddr = self._call(False, _B.recvfrom, (bufsize, flags), exc)
            if sockaddr.__class__ is bytes:
                # A peer heard from before: its decoded address, remembered
                # by the codecs whose answer depends on the bytes alone.
                address = _decoded(sockaddr)
                if address is not None:
                    return data, address
            return data, self._address(sockaddr)

        def recv_into(self, buffer=_NOARG, /, *args, **kwargs):
            """recv_into(buffer, [nbytes[, flags]]) -> nbytes_read

            Receive up to nbytes (default: the buffer's size) into buffer."""
            # The common form, recv_into(buffer) on a stream: readv(2) of the
            # whole buffer, for the two types that are certainly a writable,
            # C-contiguous buffer when non-empty; any other goes the way
            # below, which checks it with the C messages.  buffer is a
            # parameter of its own, so that this call makes no argument
            # tuple; the keywords it may be given by are in kwargs.  (The
            # fewest steps first: after a system call the interpreter runs
            # cold, each step costing several times what it does in a loop.)
            if buffer.__class__ is bytearray and buffer and self._into and not args and not kwargs:
                try:
                    return _B.readv(self._fd, (buffer,))
                except OSError as exc:
                    return self._call(False, _B.readv, ((buffer,),), exc)
            if buffer.__class__ is memoryview and self._into and not args and not kwargs:
                # What makefile()'s readinto gives: open, writable,
                # C-contiguous and non-empty, or the way below.
                try:
                    plain = not buffer.readonly and buffer.c_contiguous and buffer.nbytes
                except ValueError:  # released: the way below says so
                    plain = False
                if plain:
                    try:
                        return _B.readv(self._fd, (buffer,))
                    except OSError as exc:
                        return self._call(False, _B.readv, ((buffer,),), exc)
            if buffer is not _NOARG:
                args = (buffer,) + args
            view, nbytes, flags = _into_args(
                args, kwargs, "recv_into", "buffer too small for requested bytes"
            )
            if nbytes == 0:
                view.release()
                return 0  # as CPython: nothing to read, no system call
            with view:
                return self._call(False, _B.recv_into, (view, nbytes, flags))

        def recvfrom_into(self, *args, **kwargs):
            """recvfrom_into(buffer[, nbytes[, flags]]) -> (nbytes, address info)"""
            view, nbytes, flags = _into_args(
                args, kwargs, "recvfrom_into",
                "nbytes is greater than the length of the buffer",
            )
            with view:
                got, sockaddr = self._call(
                    False, _B.recvfrom_into, (view, nbytes, flags)
                )
            return got, self._address(sockaddr)

        def send(self, data=_NOARG, flags=0, /, *extra):
            """send(data[, flags]) -> count

            Send a data string to the socket; return the number of bytes
            sent, which may be fewer than given."""
            if extra or data is _NOARG:
                raise _arity("send", data, extra)
            if flags is _ZERO and self._stream:
                try:
                    return _B.write(self._fd, data)
                except OSError as exc:
                    return self._call(True, _B.write, (data,), exc)
                except TypeError:
                    pass  # not a buffer: refused below in the y* unit's words (PyPy's os not)
            view = readable_buffer(data)
            flags = _flags(flags)
            with view:
                return self._call(True, _B.send, (view, flags))

        def sendall(self, data=_NOARG, flags=0, /, *extra):
            """sendall(data[, flags])

            Send all of data, in as many calls as it takes; a timeout applies
            to the whole operation.  None is returned on success; on error an
            exception is raised and the amount sent is unknown."""
            if extra or data is _NOARG:
                raise _arity("sendall", data, extra)
            plain = flags is _ZERO and self._stream
            sent = 0
            if plain and data.__class__ is bytes:
                # Most calls complete in one write: skip the view and the loop.
                try:
                    sent = _B.write(self._fd, data)
                except (BlockingIOError, InterruptedError):
                    sent = 0
                except OSError as exc:
                    if not self._timeout or self._ready_for(exc, _WAIT_WRITE):
                        raise
                    sent = 0  # CPython would still be waiting: the loop waits
                # data is bytes here; mypy does not narrow on __class__ (and older
                # typeshed's ReadableBuffer is a Union it accepts).
                if sent == len(data):  # type: ignore[arg-type, unused-ignore]
                    return
            view = readable_buffer(data)
            flags = _flags(flags)
            timeout = self._timeout
            deadline = None if not timeout else monotonic() + timeout
            with view:
                total = view.nbytes
                # As CPython's loop, a do-while: even empty data makes one call
                # (an unconnected UDP socket then reports EDESTADDRREQ).
                while True:
                    chunk = view[sent:] if sent else view
                    try:
                        if plain:
                            sent += _B.write(self._fd, chunk)
                        else:
                            sent += _B.send(self._fd, chunk, flags)
                    except InterruptedError:
                        continue
                    except BlockingIOError:
                        if not timeout:
                            raise
                        self._wait(_WAIT_WRITE, deadline)
                        continue
                    except OSError as exc:
                        # As _call: CPython polls first in timeout mode.
                        if not timeout or self._ready_for(exc, _WAIT_WRITE):
                            raise
                        self._wait(_WAIT_WRITE, deadline)
                        continue
                    if sent >= total:
                        return


    if TYPE_CHECKING:
        @overload
        def sendto(self, data: ReadableBuffer, address: _Address, /) -> int: ...
        @overload
        def sendto(self, data: ReadableBuffer, flags: int, address: _Address, /) -> int: ...

    def sendto(self, *args: Any, **kwargs: Any) -> int:
        """sendto(data[, flags], address) -> count

        Like send(data, flags) but to the given address (unconnected
        sockets)."""
        if kwargs:
            raise bad_call("sendto", "varargs", args, kwargs, owner="socket")
        given = len(args)
        if given == 2:
            data, address = args
            flags = 0
        elif given == 3:
            data, flags, address = args
        else:
            raise TypeError("sendto() takes 2 or 3 arguments (%d given)" % given)
        if data.__class__ is bytes:
            # The common form: no buffer view to make and release; the
            # codec looked up inline (what _sockaddr does, one call less).
            if given == 3:
                flags = _flags(flags)
            codec = _codec_of(self._family)
            if codec is None:
                sockaddr = self._sockaddr(address, "sendto")
            else:
                sockaddr = codec.encode(address, "sendto", setipaddr)
            _audit("socket.sendto", self, address)
            try:
                return _B.sendto(self._fd, data, flags, sockaddr)
            except OSError as exc:
                return self._call(True, _B.sendto, (data, flags, sockaddr), exc)
        view = readable_buffer(data)
        flags = _flags(flags)
        sockaddr = self._sockaddr(address, "sendto")
        _audit("socket.sendto", self, address)
        with view:
            return self._call(True, _B.sendto, (view, flags, sockaddr))

    # -- messages (see _msg) ----------------------------------------------

    # The functions of _msg are the methods themselves: no call in between
    # (their argument rules, control blocks and docstrings are there).
    if TYPE_CHECKING:
        # What typeshed declares for these (their own annotations are in _msg).
        def recvmsg(
            self, bufsize: int, ancbufsize: int = ..., flags: int = ..., /
        ) -> Tuple[bytes, List[_CMSG], int, Any]: ...
        def recvmsg_into(
            self, buffers: Iterable[WriteableBuffer], ancbufsize: int = ..., flags: int = ..., /
        ) -> Tuple[int, List[_CMSG], int, Any]: ...
        def sendmsg(
            self,
            buffers: Iterable[ReadableBuffer],
            ancdata: Iterable[_CMSGArg] = ...,
            flags: int = ...,
            address: Optional[_Address] = ...,
            /,
        ) -> int: ...
        if sys.platform == "linux":  # type checkers only, as typeshed
            def sendmsg_afalg(
                self,
                msg: Iterable[ReadableBuffer] = ...,
                *,
                op: int,
                iv: Any = ...,
                assoclen: int = ...,
                flags: int = ...,
            ) -> int: ...
    elif hasattr(_B, "sendmsg"):
        # Only where the backend has them, as the stdlib (none on Windows).
        from ._msg import recvmsg, recvmsg_into, sendmsg

        if "AF_ALG" in VALUES:
            from ._msg import sendmsg_afalg

    # pysock additions (README): batches of datagrams, where the OS has them.
    if not TYPE_CHECKING and hasattr(_B, "recvmmsg"):
        from ._mmsg import recvmmsg, recvmmsg_into, sendmmsg

    if TYPE_CHECKING:
        if sys.platform == "win32":  # type checkers only, as typeshed
            def ioctl(self, control: int, option: Any, /) -> int: ...
            def share(self, process_id: int, /) -> bytes: ...
    elif hasattr(_B, "share"):
        # Windows only, as the stdlib (see _share).
        from ._share import ioctl, share



type.__setattr__(socket, "_immutable_", True)
SocketType = socket
