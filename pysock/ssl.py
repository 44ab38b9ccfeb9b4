"""TLS over pysock sockets: the stdlib ``ssl`` module, with an ``SSLSocket``
whose every byte goes through the pysock socket.

    import pysock as socket
    import pysock.ssl as ssl

``pysock.ssl`` offers every name of the stdlib ``ssl`` module.  Its
``SSLContext`` (and the contexts ``create_default_context()`` returns) wrap
a socket into ``pysock.ssl.SSLSocket``: the C ``_ssl`` module works on two
memory BIOs (``SSLContext._wrap_bio``, the engine under ``ssl.SSLObject``)
and this module moves the ciphertext between them and the socket with the
socket's own system calls, so the tracer sees (and the fault injector
reaches) every byte.  The plaintext side has the interface and behaviour of
``ssl.SSLSocket``: blocking, timeout and non-blocking modes,
``SSLWantReadError``/``SSLWantWriteError``, ``do_handshake_on_connect``,
``suppress_ragged_eofs``, ``unwrap()`` and the stdlib's errors for misuse.

``install_tls()`` / ``uninstall_tls()`` make the stdlib ``ssl`` module
itself hand out this ``SSLSocket`` (``python -m pysock run`` calls it), so
that a program's own ``import ssl`` and the libraries above it get TLS over
pysock unchanged.
"""

from __future__ import annotations

import ssl as _stdlib_ssl
from typing import Any as _Any

# The stdlib module's private parts (_ssl, _create_stdlib_context), which
# typeshed does not show: through this name, Any to a type checker.  The
# public parts are used through _stdlib_ssl, typed.
_std: _Any = _stdlib_ssl

# Every name of the stdlib module (the imports below and the definitions of
# this module then take their own names back).
globals().update(
    {name: value for name, value in vars(_stdlib_ssl).items() if not name.startswith("__")}
)

import sys
import threading
import warnings
import weakref
from time import monotonic
from typing import TYPE_CHECKING, cast

from . import SO_TYPE as _SO_TYPE
from . import SOCK_STREAM as _SOCK_STREAM
from . import SOL_SOCKET as _SOL_SOCKET
from . import _pysocket, _socket
from ._create import _GLOBAL_DEFAULT_TIMEOUT, create_connection
from ._libc import backend as _B
from ._libc.platform import PLATFORM as _P
from ._tlscalls import tls as _tls_table

if TYPE_CHECKING:
    from typing import (
        Any, Callable, List, Literal, Optional, Protocol, Tuple, TypeVar, Union, overload,
    )

    from socket import socket as _stdlib_socket

    from _typeshed import ReadableBuffer, WriteableBuffer

    # What an operation on the C object returns, through _Channel._run.
    _R = TypeVar("_R")

    class _Certificate(Protocol):
        """_ssl.Certificate (3.10+), as the chains use it."""

        def public_bytes(self, format: Literal[2], /) -> bytes: ...

    class _SSLObject(Protocol):
        """The C TLS object SSLContext._wrap_bio makes (_ssl._SSLSocket),
        as this module uses it: typeshed does not declare the class."""

        context: _stdlib_ssl.SSLContext
        session: Optional[_stdlib_ssl.SSLSession]

        @property
        def session_reused(self) -> bool: ...
        def do_handshake(self) -> None: ...
        def read(self, len: int, buffer: Optional[WriteableBuffer] = ...) -> Union[bytes, int]: ...
        def write(self, data: ReadableBuffer) -> int: ...
        def shutdown(self) -> None: ...
        def pending(self) -> int: ...
        def verify_client_post_handshake(self) -> None: ...
        def get_verified_chain(self) -> Optional[List[_Certificate]]: ...
        def get_unverified_chain(self) -> Optional[List[_Certificate]]: ...

_T = _tls_table


_SSLError = _stdlib_ssl.SSLError
_SSLWantReadError = _stdlib_ssl.SSLWantReadError
_SSLWantWriteError = _stdlib_ssl.SSLWantWriteError
# As _ssl.c puts them in an exception's args: plain ints, not the enum.
_SSL_ERROR_EOF = int(_stdlib_ssl.SSL_ERROR_EOF)
_SSL_ERROR_WANT_WRITE = int(_stdlib_ssl.SSL_ERROR_WANT_WRITE)
_MemoryBIO = _stdlib_ssl.MemoryBIO

_ENOTCONN = _P.errno["ENOTCONN"]
_EINVAL = _P.errno["EINVAL"]
_WAIT_READ = _P.WAIT_READ
_WAIT_WRITE = _P.WAIT_WRITE

# A TLS record: 5 bytes of header (type, version, length), then the body.
_HEADER = 5
# The most ciphertext one record can hold (RFC 8446 5.2: 2**14 + 256).
_MAX_RECORD = 2**14 + 2048
# The record types of TLS (RFC 8446 5.1; 24 is heartbeat, RFC 6520).
_RECORD_TYPES = frozenset((20, 21, 22, 23, 24))

# What 3.10 added to the C object (the 3.13 public methods stand on them).
# (PyPy's _ssl, written in Python, names its class otherwise.)
_HAS_CHAINS = hasattr(getattr(_std._ssl, "_SSLSocket", None), "get_verified_chain")
if _HAS_CHAINS:
    # A certificate's DER form (_ssl.ENCODING_DER, which typeshed declares
    # there only; PyPy's _ssl has none, nor the chains).
    _ENCODING_DER: Literal[2] = _std._ssl.ENCODING_DER

# The stdlib's messages when an operation runs out of time (Modules/_ssl.c).
_TIMED_OUT = {
    "handshake": "The handshake operation timed out",
    "read": "The read operation timed out",
    "write": "The write operation timed out",
}


# The handshake's message carries its place in _ssl.c (the ERRSTR macro),
# which moves between releases: as measured on 3.8.18, 3.9.18, 3.10.13,
# 3.11.7, 3.12.1 and 3.13.0.
_HANDSHAKE_LINE = {(3, 8): 1114, (3, 9): 1112, (3, 10): 990, (3, 11): 989,
                   (3, 12): 983, (3, 13): 1003}.get(sys.version_info[:2])
if sys.implementation.name != "cpython":
    _HANDSHAKE_LINE = None  # PyPy's _ssl, in Python, says no place
if _HANDSHAKE_LINE is not None:
    _TIMED_OUT["handshake"] = "_ssl.c:%d: %s" % (_HANDSHAKE_LINE, _TIMED_OUT["handshake"])


# On 3.10-3.12, _ssl.c loses the errno of a socket error met inside
# SSL_read/SSL_write (measured: a reset peer gives SSLEOFError on a write,
# end of file on a read), where 3.8, 3.9 and 3.13 raise the OSError; the
# handshake and unwrap keep it on all.  Programs and CPython's own tests on
# those versions rely on it (test_ssl's echo server stops on an OSError from
# a read), so pysock does as the running Python's ssl.
_ERRNO_LOST = (3, 10) <= sys.version_info[:2] <= (3, 12)
# The place in _ssl.c of that SSLEOFError of a write.
_WRITE_LINE = {(3, 10): 2426, (3, 11): 2427, (3, 12): 2406}.get(sys.version_info[:2])


def _lost_errno_eof() -> BaseException:
    where = " (_ssl.c:%d)" % _WRITE_LINE if _WRITE_LINE else ""
    error = _stdlib_ssl.SSLEOFError(_SSL_ERROR_EOF, "EOF occurred in violation of protocol" + where)
    # _ssl.c leaves them None here; typeshed types them str.
    error.library = None  # type: ignore[assignment]
    error.reason = None  # type: ignore[assignment]
    return error


def _timed_out(what: str) -> TimeoutError:
    # pysock.timeout is TimeoutError on every Python (pysock/__init__.py).
    return TimeoutError(_TIMED_OUT[what])


def _want_write(template: Optional[BaseException] = None) -> BaseException:
    """An SSLWantWriteError as _ssl makes one: the socket cannot take the
    ciphertext now.  *template* (an SSLWantReadError of the same operation)
    lends its source position."""
    where = ""
    if template is not None and len(template.args) > 1:
        text = str(template.args[1])
        if text.endswith(")") and "(_ssl.c:" in text:
            where = " " + text[text.rindex("(_ssl.c:"):]
    error = _SSLWantWriteError(
        _SSL_ERROR_WANT_WRITE, "The operation did not complete (write)" + where
    )
    # _ssl.c leaves them None here; typeshed types them str.
    error.library = None  # type: ignore[assignment]
    error.reason = None  # type: ignore[assignment]
    return error


class _Channel:
    """The C TLS object over two memory BIOs, and the pump between the BIOs
    and the socket.

    It stands where the stdlib's ``SSLSocket._sslobj`` (a C ``_SSLSocket``
    over the socket itself) stands, with the same methods.  Each operation
    runs on the memory BIOs; when OpenSSL wants to read, the pump sends what
    it has written and reads from the socket, in the socket's mode (blocking,
    under one deadline for the whole operation as _ssl.c, or non-blocking:
    then the ``SSLWantReadError``/``SSLWantWriteError`` goes to the caller).

    Reads never go past the end of the record OpenSSL is waiting for (a
    header, then its body), as OpenSSL reads a socket without read-ahead:
    what follows the TLS stream (plaintext after ``unwrap()``) stays in the
    kernel, and ``select()`` on the socket tells the truth about it.
    """

    def __init__(
        self,
        sock: SSLSocket,
        context: _stdlib_ssl.SSLContext,
        server_side: bool,
        server_hostname: Optional[str],
        session: Optional[_stdlib_ssl.SSLSession],
    ) -> None:
        # A weak reference, as _ssl.c's owner: no cycle keeps an SSLSocket
        # alive (and its ResourceWarning late) once the program drops it.
        self._owner = weakref.ref(sock)
        self._in = _MemoryBIO()
        self._out = _MemoryBIO()
        # _wrap_bio: the private method under SSLContext.wrap_bio (typeshed
        # has only the public one).
        self._obj: _SSLObject = context._wrap_bio(  # type: ignore[attr-defined]
            self._in,
            self._out,
            server_side=server_side,
            server_hostname=server_hostname,
            owner=sock,
            session=session,
        )
        self._body_left = 0  # bytes of the current record's body not yet read
        self._header = b""  # the part of a record header read so far
        self._unsent = b""  # ciphertext the socket has not taken yet
        self._accepted = 0  # a write() taken in, its ciphertext not all sent
        # The handshake is done and OpenSSL reads only when asked to: a
        # blocking read may fetch the next record before asking it.
        self._established = False
        # OpenSSL runs without the GIL, and a memory BIO is no safer than
        # any C buffer: one thread's SSL_write must not meet another's
        # MemoryBIO.read().  So the C object and its BIOs are used under
        # one lock, never held across a system call; the send lock keeps
        # the ciphertext in order from the BIO to the socket, the receive
        # lock the record framing.
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._recv_lock = threading.Lock()

    @property
    def _sock(self) -> SSLSocket:
        sock = self._owner()
        if sock is None:
            raise ValueError("the socket of this TLS channel is gone")
        return sock

    # -- the C object's attributes ----------------------------------------------

    @property
    def context(self) -> _stdlib_ssl.SSLContext:
        return self._obj.context

    @context.setter
    def context(self, ctx: _stdlib_ssl.SSLContext) -> None:
        self._obj.context = ctx

    @property
    def session(self) -> Optional[_stdlib_ssl.SSLSession]:
        return self._obj.session

    @session.setter
    def session(self, session: Optional[_stdlib_ssl.SSLSession]) -> None:
        self._obj.session = session

    @property
    def session_reused(self) -> bool:
        return self._obj.session_reused

    def __getattr__(self, name: str) -> Any:
        # getpeercert, cipher, version, compression, ...: no I/O.
        return getattr(self._obj, name)

    if TYPE_CHECKING:
        # What __getattr__ passes on, as typeshed types the stdlib's.
        def getpeercert(self, binary_form: bool = False) -> Any: ...
        def cipher(self) -> Optional[Tuple[str, str, int]]: ...
        def shared_ciphers(self) -> Optional[List[Tuple[str, str, int]]]: ...
        def compression(self) -> Optional[str]: ...
        def version(self) -> Optional[str]: ...
        def get_channel_binding(self, cb_type: str = ...) -> Optional[bytes]: ...
        def selected_alpn_protocol(self) -> Optional[str]: ...

    # -- the operations that move bytes -------------------------------------------

    # Each goes through the table of TLS calls (pysock/_tlscalls.py), which
    # the tracer wraps; the table calls back the underscored method.

    def do_handshake(self) -> None:
        _T.tls_handshake(self)

    if TYPE_CHECKING:
        @overload
        def read(self, len: int = ..., buffer: None = ...) -> bytes: ...
        @overload
        def read(self, len: int, buffer: WriteableBuffer) -> int: ...

    def read(
        self, len: int = 1024, buffer: Optional[WriteableBuffer] = None
    ) -> Union[bytes, int]:
        return _T.tls_read(self, len, buffer)

    def write(self, data: ReadableBuffer) -> int:
        return _T.tls_write(self, data)

    def shutdown(self) -> SSLSocket:
        _T.tls_unwrap(self)
        return self._sock

    def _handshake(self) -> None:
        self._run("handshake", self._obj.do_handshake)
        self._established = True

    def _read(self, len: int, buffer: Any) -> Any:
        # A blocking read on an established connection with nothing left in
        # OpenSSL or its BIO: OpenSSL would only ask for the next record, so
        # the record is read first (one SSLWantReadError less per record).
        prefill = (
            self._established
            and self._sock._timeout != 0.0
            and not self._in.pending
            and not self._unsent
            and not self._obj.pending()
        )
        if buffer is None:
            result = self._run("read", self._obj.read, len, prefill=prefill)
        else:
            result = self._run("read", self._obj.read, len, buffer, prefill=prefill)
        # Nothing read: the peer's close_notify (OpenSSL then returns at
        # once, reading nothing: no more prefill); else the connection is up.
        self._established = bool(result)
        return result

    def _unwrap(self) -> None:
        self._run("shutdown", self._obj.shutdown)

    def _write(self, data: Any) -> int:
        if self._accepted:
            # A write that raised SSLWantWriteError is being retried (with
            # the same data, as OpenSSL requires): finish sending it.
            self._flush(self._sock._timeout, self._deadline(), "write", None)
            taken, self._accepted = self._accepted, 0
            return taken
        taken = self._run("write", self._obj.write, data)
        self._established = True
        return taken

    def verify_client_post_handshake(self) -> None:
        # OpenSSL sends the CertificateRequest from the next read or write:
        # that read must not wait for the client first.
        self._established = False
        self._obj.verify_client_post_handshake()

    def pending(self) -> int:
        return self._obj.pending()

    # -- the pump -----------------------------------------------------------------

    def _deadline(self) -> Optional[float]:
        timeout = self._sock._timeout
        return monotonic() + timeout if timeout else None

    def _run(self, what: str, op: Callable[..., _R], *args: Any, prefill: bool = False) -> _R:
        sock = self._sock
        timeout = sock._timeout
        deadline = monotonic() + timeout if timeout else None
        if self._unsent:
            self._flush(timeout, deadline, what, None, optional=what == "read")
        if prefill and not self._in.eof:
            # Blocking or with a timeout: _fill waits, it never hands a
            # "want" error to the caller.
            self._fill(timeout, deadline, what, _SSLWantReadError())
        lock = self._lock
        while True:
            try:
                with lock:
                    result = op(*args)
            except _SSLWantReadError as exc:
                self._flush(timeout, deadline, what, exc, optional=what == "read")
                self._fill(timeout, deadline, what, exc)
                continue
            except _SSLError:
                # An alert OpenSSL wrote on its way out: the peer should see
                # it, as it would from _ssl.c.
                self._flush_quietly()
                raise
            if self._out.pending or self._unsent:
                try:
                    self._flush(timeout, deadline, what, None)
                except _SSLWantWriteError:
                    if what != "write":
                        raise
                    # OpenSSL's contract: the caller retries the write
                    # (what == "write": result is the count taken).
                    self._accepted = cast(int, result)
                    raise
            return result

    def _flush(
        self,
        timeout: Optional[float],
        deadline: Optional[float],
        what: str,
        template: Optional[BaseException],
        optional: bool = False,
    ) -> None:
        """Send the ciphertext OpenSSL has written; in non-blocking mode what
        the socket does not take stays for the next call, and unless
        *optional* the caller gets SSLWantWriteError.

        *optional* (a read) also means: if another thread is sending, leave
        it be -- a reader must never wait for a writer blocked on a full
        socket (both peers could wait so for ever); what this read made
        goes with the next send."""
        if not self._unsent and not self._out.pending:
            return
        lock = self._send_lock
        if optional:
            if not lock.acquire(False):
                return
        else:
            lock.acquire()
        try:
            self._send(timeout, deadline, what, template, optional)
        finally:
            lock.release()

    def _send(
        self,
        timeout: Optional[float],
        deadline: Optional[float],
        what: str,
        template: Optional[BaseException],
        optional: bool,
    ) -> None:
        """The body of _flush, under the send lock."""
        with self._lock:
            data = self._unsent + self._out.read() if self._out.pending else self._unsent
        self._unsent = b""
        if not data:
            return
        view = memoryview(data)
        sent = 0
        sock = self._sock
        try:
            while sent < len(view):
                try:
                    sent += _B.write(sock._fd, view[sent:])
                except InterruptedError:
                    continue
                except ConnectionError:
                    if _ERRNO_LOST and what == "write":
                        raise _lost_errno_eof() from None
                    raise
                except BlockingIOError:
                    if not timeout:
                        self._unsent = bytes(view[sent:])
                        if optional:
                            return
                        raise _want_write(template) from None
                    try:
                        sock._wait(_WAIT_WRITE, deadline)
                    except TimeoutError:
                        self._unsent = bytes(view[sent:])
                        raise _timed_out(
                            "write" if what == "shutdown" else what
                        ) from None
        finally:
            view.release()

    def _flush_quietly(self) -> None:
        try:
            self._flush(self._sock._timeout, self._deadline(), "write", None, optional=True)
        except OSError:
            pass

    def _fill(
        self,
        timeout: Optional[float],
        deadline: Optional[float],
        what: str,
        want: BaseException,
    ) -> None:
        """Read the rest of the record OpenSSL waits for into its BIO: the
        header, then (if the header is one of TLS) the whole body, so that
        OpenSSL is asked again once per record, not once per read.  In
        non-blocking mode, with nothing to read, *want* goes to the caller
        (SSLWantWriteError instead while ciphertext of this operation waits
        to be sent: the caller must wait for the socket to be writable)."""
        if self._in.eof:
            raise want
        sock = self._sock
        progress = False
        with self._recv_lock:
            while True:
                if self._body_left:
                    size = min(self._body_left, _MAX_RECORD)
                else:
                    size = _HEADER - len(self._header)
                try:
                    data = _B.read(sock._fd, size)
                except InterruptedError:
                    continue
                except ConnectionError:
                    if not (_ERRNO_LOST and what == "read"):
                        raise
                    data = b""  # what _ssl.c makes of it there: the end
                except BlockingIOError:
                    if progress:
                        return  # OpenSSL has something new: let it look
                    if not timeout:
                        if self._unsent and what != "read":
                            raise _want_write(want) from None
                        raise want from None
                    try:
                        sock._wait(_WAIT_READ, deadline)
                    except TimeoutError:
                        raise _timed_out("read" if what == "shutdown" else what) from None
                    continue
                if not data:
                    with self._lock:
                        self._in.write_eof()
                    return
                with self._lock:
                    self._in.write(data)
                progress = True
                if self._body_left:
                    self._body_left -= len(data)
                    if not self._body_left:
                        return  # the record is whole
                    continue
                header = self._header + data
                if len(header) < _HEADER:
                    self._header = header
                    continue
                self._header = b""
                self._body_left = int.from_bytes(header[3:5], "big")
                if not self._body_left or header[0] not in _RECORD_TYPES or header[1] != 3:
                    # Empty, or not TLS (an HTTP request, an SSLv2 hello):
                    # OpenSSL judges the header before any body is awaited.
                    return


class SSLSocket(_pysocket.socket):
    """A pysock socket with a TLS channel over it: ``ssl.SSLSocket``'s
    interface, the ciphertext moved by the socket's own system calls."""

    # Instances are made by _create (SSLContext.wrap_socket); these are set
    # there and read everywhere.
    _context: _stdlib_ssl.SSLContext
    _session: Any
    _sslobj: Optional[_Channel]
    _connected: bool
    server_side: bool
    server_hostname: Optional[str]
    do_handshake_on_connect: bool
    suppress_ragged_eofs: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError(
            "%s does not have a public constructor. Instances are returned by "
            "SSLContext.wrap_socket()." % self.__class__.__name__
        )

    @classmethod
    def _create(
        cls,
        sock: Any,
        server_side: bool = False,
        do_handshake_on_connect: bool = True,
        suppress_ragged_eofs: bool = True,
        server_hostname: Optional[str] = None,
        context: Any = None,
        session: Any = None,
    ) -> SSLSocket:
        if sock.getsockopt(_SOL_SOCKET, _SO_TYPE) != _SOCK_STREAM:
            raise NotImplementedError("only stream sockets are supported")
        if server_side:
            if server_hostname:
                raise ValueError("server_hostname can only be specified in client mode")
            if session is not None:
                raise ValueError("session can only be specified in client mode")
        if context.check_hostname and not server_hostname:
            raise ValueError("check_hostname requires server_hostname")
        timeout = sock.gettimeout()
        family, kind, proto, fd = sock.family, sock.type, sock.proto, sock.fileno()
        self = cls.__new__(cls)
        _socket.socket.__init__(self, family, kind, proto, fd)
        # The descriptor is this object's now (a stdlib socket is welcome
        # too: from here on its bytes go through pysock).
        sock.detach()
        try:
            self._context = context
            self._session = session
            self._sslobj = None
            self.server_side = server_side
            self.server_hostname = context._encode_hostname(server_hostname)
            self.do_handshake_on_connect = do_handshake_on_connect
            self.suppress_ragged_eofs = suppress_ragged_eofs
            connected = self._connected_now()
            self.settimeout(timeout)
            self._connected = connected
            if connected:
                self._sslobj = _Channel(
                    self, context, server_side, self.server_hostname, session
                )
                if do_handshake_on_connect:
                    if self.gettimeout() == 0.0:
                        raise ValueError(
                            "do_handshake_on_connect should not be specified "
                            "for non-blocking sockets"
                        )
                    self.do_handshake()
        except BaseException:
            try:
                self.close()
            except OSError:
                pass
            raise
        return self

    def _connected_now(self) -> bool:
        """Whether the socket is connected; an unconnected one with bytes
        waiting (the peer wrote and closed before the handshake) is refused:
        they did not come through TLS (CVE-2023-40217)."""
        # No exception is kept in a local: its traceback would hold this
        # frame, and the frame the socket, in a cycle (bpo-7943's test).
        try:
            self.getpeername()
            return True
        except OSError as exc:
            if exc.errno != _ENOTCONN:
                raise
            code = exc.errno
            # The socket layer raises from a local: its frames, holding
            # this socket, would live on in the traceback's cycle.
            exc.__traceback__ = None
        blocking = self.getblocking()
        self.setblocking(False)
        try:
            early = _pysocket.socket.recv(self, 1)
        except OSError as exc:
            if exc.errno not in (_ENOTCONN, _EINVAL):
                raise
            exc.__traceback__ = None
            early = b""
        self.setblocking(blocking)
        if early:
            reason = "Closed before TLS handshake with data in recv buffer."
            error = _SSLError(code, reason)
            error.reason = reason
            error.library = None  # type: ignore[assignment]  # None from _ssl.c too
            try:
                raise error
            finally:
                del error
        return False

    # -- state ------------------------------------------------------------------

    @property
    def context(self) -> _stdlib_ssl.SSLContext:
        """The SSLContext this socket is tied to."""
        return self._context

    @context.setter
    def context(self, ctx: _stdlib_ssl.SSLContext) -> None:
        self._context = ctx
        self._sslobj.context = ctx  # type: ignore[union-attr]

    @property
    def session(self) -> Any:
        """The SSLSession of this connection (None before the handshake)."""
        if self._sslobj is not None:
            return self._sslobj.session
        return None

    @session.setter
    def session(self, session: Any) -> None:
        self._session = session
        if self._sslobj is not None:
            self._sslobj.session = session

    @property
    def session_reused(self) -> Optional[bool]:
        """Whether the session was reused."""
        if self._sslobj is not None:
            return self._sslobj.session_reused
        return None

    def dup(self) -> SSLSocket:
        raise NotImplementedError("Can't dup() %s instances" % self.__class__.__name__)

    def _checkClosed(self, msg: Optional[str] = None) -> None:
        # As the stdlib: a hook that checks nothing.
        pass

    def _check_connected(self) -> None:
        if not self._connected:
            # ENOTCONN if it really is not connected (a non-blocking
            # connect() may have completed since).
            self.getpeername()

    # -- TLS reads and writes -----------------------------------------------------

    if TYPE_CHECKING:
        @overload
        def read(self, len: int = ..., buffer: None = ...) -> bytes: ...
        @overload
        def read(self, len: int, buffer: WriteableBuffer) -> int: ...

    def read(
        self, len: int = 1024, buffer: Optional[WriteableBuffer] = None
    ) -> Union[bytes, int]:
        """Read up to len bytes (into buffer if given); b'' (0) at the end."""
        self._checkClosed()
        channel = self._sslobj
        if channel is None:
            raise ValueError("Read on closed or unwrapped SSL socket.")
        try:
            return channel.read(len, buffer)
        except _SSLError as exc:
            if exc.args[0] == _SSL_ERROR_EOF and self.suppress_ragged_eofs:
                return b"" if buffer is None else 0
            raise

    def write(self, data: Any) -> int:
        """Write data to the TLS channel; return the number of bytes written."""
        self._checkClosed()
        channel = self._sslobj
        if channel is None:
            raise ValueError("Write on closed or unwrapped SSL socket.")
        return channel.write(data)

    def getpeercert(self, binary_form: bool = False) -> Any:
        """The peer's certificate: a dict (if it was verified), the DER bytes
        with binary_form, None if there is none."""
        self._checkClosed()
        self._check_connected()
        return self._sslobj.getpeercert(binary_form)  # type: ignore[union-attr]

    if _HAS_CHAINS:

        def get_verified_chain(self) -> List[bytes]:
            """The verified certificate chain, DER-encoded, leaf first."""
            chain = self._sslobj._obj.get_verified_chain()  # type: ignore[union-attr]
            if chain is None:
                return []
            return [cert.public_bytes(_ENCODING_DER) for cert in chain]

        def get_unverified_chain(self) -> List[bytes]:
            """The certificate chain the peer sent, DER-encoded, leaf first."""
            chain = self._sslobj._obj.get_unverified_chain()  # type: ignore[union-attr]
            if chain is None:
                return []
            return [cert.public_bytes(_ENCODING_DER) for cert in chain]

    def selected_npn_protocol(self) -> None:
        """NPN is gone from OpenSSL's TLS stack: always None."""
        self._checkClosed()
        warnings.warn("ssl NPN is deprecated, use ALPN instead", DeprecationWarning, stacklevel=2)
        return None

    def selected_alpn_protocol(self) -> Optional[str]:
        """The protocol ALPN selected, or None."""
        self._checkClosed()
        if self._sslobj is None or not _stdlib_ssl.HAS_ALPN:
            return None
        return self._sslobj.selected_alpn_protocol()

    def cipher(self) -> Optional[Tuple[str, str, int]]:
        """(name, protocol version, secret bits) of the cipher in use."""
        self._checkClosed()
        if self._sslobj is None:
            return None
        return self._sslobj.cipher()

    def shared_ciphers(self) -> Optional[List[Tuple[str, str, int]]]:
        """The ciphers both sides offered (server side), as cipher() gives one."""
        self._checkClosed()
        if self._sslobj is None:
            return None
        return self._sslobj.shared_ciphers()

    def compression(self) -> Optional[str]:
        """The compression in use, or None."""
        self._checkClosed()
        if self._sslobj is None:
            return None
        return self._sslobj.compression()

    def version(self) -> Optional[str]:
        """The protocol version of the connection ('TLSv1.3', ...), or None."""
        if self._sslobj is None:
            return None
        return self._sslobj.version()

    def get_channel_binding(self, cb_type: str = "tls-unique") -> Optional[bytes]:
        """Channel binding data of the given type (RFC 5929), or None."""
        if self._sslobj is not None:
            return self._sslobj.get_channel_binding(cb_type)
        if cb_type not in _stdlib_ssl.CHANNEL_BINDING_TYPES:
            raise ValueError("{0} channel binding type not implemented".format(cb_type))
        return None

    # -- the socket methods, over TLS while there is a channel --------------------

    def send(self, data: Any, flags: int = 0) -> int:
        self._checkClosed()
        if self._sslobj is None:
            return _pysocket.socket.send(self, data, flags)
        if flags != 0:
            raise ValueError("non-zero flags not allowed in calls to send() on %s" % self.__class__)
        return self._sslobj.write(data)

    def sendall(self, data: Any, flags: int = 0) -> None:
        self._checkClosed()
        if self._sslobj is None:
            return _pysocket.socket.sendall(self, data, flags)
        if flags != 0:
            raise ValueError(
                "non-zero flags not allowed in calls to sendall() on %s" % self.__class__
            )
        with memoryview(data) as view, view.cast("B") as octets:
            total = len(octets)
            done = 0
            while done < total:
                done += self.send(octets[done:])
        return None

    def sendto(self, data: Any, flags_or_addr: Any, addr: Any = None) -> int:
        self._checkClosed()
        if self._sslobj is not None:
            raise ValueError("sendto not allowed on instances of %s" % self.__class__)
        if addr is None:
            return _pysocket.socket.sendto(self, data, flags_or_addr)
        return _pysocket.socket.sendto(self, data, flags_or_addr, addr)

    def sendmsg(self, *args: Any, **kwargs: Any) -> int:
        # Plaintext must not leave by a side door.
        raise NotImplementedError("sendmsg not allowed on instances of %s" % self.__class__)

    def sendfile(self, file: Any, offset: int = 0, count: Optional[int] = None) -> int:
        """Send a file: through TLS with send(), or with os.sendfile() once
        unwrapped."""
        if self._sslobj is not None:
            return self._sendfile_use_send(file, offset, count)
        return _pysocket.socket.sendfile(self, file, offset, count)

    def recv(self, buflen: int = 1024, flags: int = 0) -> bytes:
        self._checkClosed()
        if self._sslobj is None:
            return _pysocket.socket.recv(self, buflen, flags)
        if flags != 0:
            raise ValueError("non-zero flags not allowed in calls to recv() on %s" % self.__class__)
        return self.read(buflen)

    def recv_into(
        self, buffer: WriteableBuffer, nbytes: Optional[int] = None, flags: int = 0
    ) -> int:
        self._checkClosed()
        if nbytes is None:
            nbytes = 1024
            if buffer is not None:
                with memoryview(buffer) as view:
                    nbytes = view.nbytes or 1024
        if self._sslobj is None:
            return _pysocket.socket.recv_into(self, buffer, nbytes, flags)
        if flags != 0:
            raise ValueError(
                "non-zero flags not allowed in calls to recv_into() on %s" % self.__class__
            )
        return self.read(nbytes, buffer)

    def recvfrom(self, buflen: int = 1024, flags: int = 0) -> Any:
        self._checkClosed()
        if self._sslobj is not None:
            raise ValueError("recvfrom not allowed on instances of %s" % self.__class__)
        return _pysocket.socket.recvfrom(self, buflen, flags)

    def recvfrom_into(self, buffer: Any, nbytes: Optional[int] = None, flags: int = 0) -> Any:
        self._checkClosed()
        if self._sslobj is not None:
            raise ValueError("recvfrom_into not allowed on instances of %s" % self.__class__)
        return _pysocket.socket.recvfrom_into(self, buffer, nbytes, flags)  # type: ignore[arg-type]

    def recvmsg(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("recvmsg not allowed on instances of %s" % self.__class__)

    def recvmsg_into(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("recvmsg_into not allowed on instances of %s" % self.__class__)

    def pending(self) -> int:
        """Decrypted bytes ready to be read without a system call."""
        self._checkClosed()
        if self._sslobj is None:
            return 0
        return self._sslobj.pending()

    def shutdown(self, how: int) -> None:
        self._checkClosed()
        self._sslobj = None
        _pysocket.socket.shutdown(self, how)

    def unwrap(self) -> SSLSocket:
        """Close the TLS layer (close_notify both ways) and return the socket,
        now plaintext."""
        if not self._sslobj:
            raise ValueError("No SSL wrapper around " + str(self))
        sock = self._sslobj.shutdown()
        self._sslobj = None
        return sock

    def verify_client_post_handshake(self) -> None:
        """Ask a TLS 1.3 client for its certificate after the handshake."""
        if not self._sslobj:
            raise ValueError("No SSL wrapper around " + str(self))
        return self._sslobj.verify_client_post_handshake()

    def _real_close(self, _close: _Any = None) -> None:
        self._sslobj = None
        _pysocket.socket._real_close(self)

    def do_handshake(self, block: bool = False) -> None:
        """Run the TLS handshake (block=True: blocking even on a
        non-blocking socket)."""
        self._check_connected()
        timeout = self.gettimeout()
        try:
            if timeout == 0.0 and block:
                self.settimeout(None)
            self._sslobj.do_handshake()  # type: ignore[union-attr]
        finally:
            self.settimeout(timeout)

    def _real_connect(self, addr: Any, connect_ex: bool) -> Optional[int]:
        if self.server_side:
            raise ValueError("can't connect in server-side mode")
        if self._connected or self._sslobj is not None:
            raise ValueError("attempt to connect already-connected SSLSocket!")
        self._sslobj = _Channel(self, self.context, False, self.server_hostname, self._session)
        try:
            if connect_ex:
                rc: Optional[int] = _pysocket.socket.connect_ex(self, addr)
            else:
                rc = None
                _pysocket.socket.connect(self, addr)
            if not rc:
                self._connected = True
                if self.do_handshake_on_connect:
                    self.do_handshake()
            return rc
        except (OSError, ValueError):
            self._sslobj = None
            raise

    # The stdlib's SSLSocket names the parameter addr, its socket address.
    def connect(self, addr: Any) -> None:  # pyright: ignore[reportIncompatibleMethodOverride]
        """Connect to addr, then run the TLS handshake over the connection
        (if do_handshake_on_connect)."""
        self._real_connect(addr, False)

    def connect_ex(self, addr: Any) -> int:  # pyright: ignore[reportIncompatibleMethodOverride]
        """connect(), returning the error number instead of raising it."""
        return self._real_connect(addr, True)  # type: ignore[return-value]

    def accept(self) -> Tuple[SSLSocket, Any]:
        """Accept a connection and wrap it, server side, in this socket's
        context; return (the TLS socket, the peer's address)."""
        conn, addr = _pysocket.socket.accept(self)
        # The context's sslsocket_class is this module's SSLSocket (SSLContext,
        # or the stdlib's after install_tls()): pysock's sockets in and out,
        # where typeshed's SSLContext.wrap_socket says the stdlib's.
        tls: SSLSocket = self.context.wrap_socket(  # type: ignore[assignment]
            conn,  # type: ignore[arg-type]
            do_handshake_on_connect=self.do_handshake_on_connect,
            suppress_ragged_eofs=self.suppress_ragged_eofs,
            server_side=True,
        )
        return tls, addr

    def __getstate__(self) -> Any:
        raise TypeError("cannot pickle %r object" % self.__class__.__name__)


class SSLContext(_stdlib_ssl.SSLContext):
    """The stdlib's SSLContext, wrapping sockets into pysock's SSLSocket."""

    # pysock's SSLSocket has the stdlib's interface over a pysock socket; it
    # is not a subclass of the stdlib's, which typeshed asks for here.
    sslsocket_class = SSLSocket  # type: ignore[assignment]

    if TYPE_CHECKING:
        # As the stdlib's, with pysock's sockets in and out (the stdlib's
        # sockets are welcome too, see SSLSocket._create).
        def wrap_socket(  # type: ignore[override]
            self,
            sock: Union[_pysocket.socket, _stdlib_socket],
            server_side: bool = False,
            do_handshake_on_connect: bool = True,
            suppress_ragged_eofs: bool = True,
            server_hostname: Union[str, bytes, None] = None,
            session: Optional[_stdlib_ssl.SSLSession] = None,
        ) -> SSLSocket: ...


def _own(context: _stdlib_ssl.SSLContext) -> SSLContext:
    """*context*, made by the stdlib, as this module's SSLContext (the same
    C object; only the class that wrap_socket() uses changes)."""
    if type(context) is _stdlib_ssl.SSLContext:
        context.__class__ = SSLContext
    # The stdlib's functions make plain SSLContexts: this module's now.
    return cast(SSLContext, context)


def create_default_context(*args: Any, **kwargs: Any) -> SSLContext:
    """ssl.create_default_context(), for pysock sockets."""
    return _own(_stdlib_ssl.create_default_context(*args, **kwargs))


def _create_unverified_context(*args: Any, **kwargs: Any) -> SSLContext:
    return _own(_std._create_unverified_context(*args, **kwargs))


_create_default_https_context = create_default_context
_create_stdlib_context = _create_unverified_context

if hasattr(_std, "wrap_socket"):  # removed in 3.12

    def wrap_socket(
        sock: Any,
        keyfile: Optional[str] = None,
        certfile: Optional[str] = None,
        server_side: bool = False,
        cert_reqs: int = _std.CERT_NONE,
        ssl_version: int = _std.PROTOCOL_TLS,
        ca_certs: Optional[str] = None,
        do_handshake_on_connect: bool = True,
        suppress_ragged_eofs: bool = True,
        ciphers: Optional[str] = None,
    ) -> SSLSocket:
        """The deprecated module-level wrap_socket(), for pysock sockets."""
        if sys.version_info >= (3, 10):
            warnings.warn(
                "ssl.wrap_socket() is deprecated, use SSLContext.wrap_socket()",
                DeprecationWarning,
                stacklevel=2,
            )
        if server_side and not certfile:
            raise ValueError("certfile must be specified for server-side operations")
        if keyfile and not certfile:
            raise ValueError("certfile must be specified")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context = SSLContext(ssl_version)
        context.verify_mode = cert_reqs  # type: ignore[assignment]  # any int (typeshed: VerifyMode)
        if ca_certs:
            context.load_verify_locations(ca_certs)
        if certfile:
            context.load_cert_chain(certfile, keyfile)
        if ciphers:
            context.set_ciphers(ciphers)
        return context.wrap_socket(
            sock=sock,
            server_side=server_side,
            do_handshake_on_connect=do_handshake_on_connect,
            suppress_ragged_eofs=suppress_ragged_eofs,
        )


def get_server_certificate(addr: Any, ssl_version: int = _std.PROTOCOL_TLS_CLIENT, ca_certs: Optional[str] = None, timeout: Any = _GLOBAL_DEFAULT_TIMEOUT) -> str:
    """The PEM certificate of the server at addr (host, port), fetched over
    a pysock connection."""
    if ca_certs is not None:
        cert_reqs = _std.CERT_REQUIRED
    else:
        cert_reqs = _std.CERT_NONE
    context = _own(_std._create_stdlib_context(ssl_version, cert_reqs=cert_reqs, cafile=ca_certs))
    with create_connection(addr, timeout=timeout) as sock:
        with context.wrap_socket(sock, server_hostname=addr[0]) as tls:
            der = tls.getpeercert(True)
    return _stdlib_ssl.DER_cert_to_PEM_cert(der)


# The names ssl.py took from the socket module: pysock's here.
socket = _pysocket.socket
SOCK_STREAM = _SOCK_STREAM
SOL_SOCKET = _SOL_SOCKET
SO_TYPE = _SO_TYPE


# -- the stdlib ssl module on pysock ------------------------------------------------

_saved: List[Tuple[Any, str, Any]] = []


def install_tls() -> None:
    """Make the stdlib ``ssl`` module wrap sockets (pysock's, and the
    stdlib's too) into pysock's SSLSocket: ``SSLContext.sslsocket_class``
    and the name ``ssl.SSLSocket`` (for ``isinstance``) become this
    module's.  Idempotent; ``uninstall_tls()`` undoes it."""
    if _saved:
        return
    for owner, name in ((_std.SSLContext, "sslsocket_class"), (_std, "SSLSocket")):
        _saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, SSLSocket)


def uninstall_tls() -> None:
    """Give the stdlib ``ssl`` module its own SSLSocket back (sockets
    already wrapped stay as they are)."""
    while _saved:
        owner, name, value = _saved.pop()
        setattr(owner, name, value)
