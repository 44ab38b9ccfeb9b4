"""The socket class programs use: Lib/socket.py's ``socket.socket``.

It adds to the base type of ``_socket`` what the stdlib adds in Python:
``accept()`` returning a socket, ``dup()``, ``makefile()`` (with the
reference count that keeps the descriptor open while files use it),
``sendfile()``, the context manager, the enum-valued ``family`` and
``type`` and the ``<socket.socket ...>`` repr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _io, _socket
from ._enums import family_enum, kind_enum
from ._libc import backend as _B

if TYPE_CHECKING:
    from io import BufferedReader, BufferedRWPair, BufferedWriter, IOBase, TextIOWrapper
    from typing import Any, BinaryIO, Callable, Literal, Optional, TextIO, Tuple, TypeVar, overload

    from . import AddressFamily, SocketKind
    from ._socket import _RetAddress

    _T = TypeVar("_T", bound="socket")


class socket(_socket.socket):
    """A socket object: _socket.socket with the stdlib's Python layer."""

    __slots__ = ()

    @property
    def family(self) -> AddressFamily:
        """Read-only access to the address family for this socket."""
        return family_enum(self._family, self._family)

    @property
    def type(self) -> SocketKind:
        """Read-only access to the socket type."""
        return kind_enum(self._type, self._type)

    def __repr__(self) -> str:
        closed = self._closed
        text = "<%s.%s%s fd=%i, family=%s, type=%s, proto=%i" % (
            self.__class__.__module__,
            self.__class__.__qualname__,
            " [closed]" if closed else "",
            self._fd,
            self.family,
            self.type,
            self._proto,
        )
        if not closed:
            try:
                laddr = self.getsockname()
                if laddr:
                    text += ", laddr=%s" % str(laddr)
            except OSError:
                pass
            try:
                raddr = self.getpeername()
                if raddr:
                    text += ", raddr=%s" % str(raddr)
            except OSError:
                pass
        return text + ">"

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(self, *args: object) -> None:
        if not self._closed:
            self.close()

    # The base type's close() without its argument check (c_method): this
    # layer calls it with nothing but the socket.
    def _real_close(
        self, _close: Callable[[_socket.socket], None] = _socket.socket.close.__wrapped__  # type: ignore[attr-defined]
    ) -> None:
        _close(self)

    def close(self) -> None:
        """Close the socket.  It cannot be used after this call."""
        self._closed = True
        if self._io_refs <= 0:
            self._real_close()

    def _decref_socketios(self) -> None:
        if self._io_refs > 0:
            self._io_refs -= 1
        if self._closed:
            self.close()

    def detach(self) -> int:
        """Close the socket object without closing the underlying file
        descriptor, and return the descriptor."""
        self._closed = True
        return _socket.socket.detach(self)

    def dup(self: _T) -> _T:
        """Duplicate the socket; the new socket is non-inheritable."""
        fd = _B.dup(self._fd)
        sock = self.__class__(self.family, self.type, self._proto, fileno=fd)
        sock.settimeout(self.gettimeout())
        return sock

    def get_inheritable(self) -> bool:
        """Get the inheritable flag of the socket."""
        return _B.get_inheritable(self._fd)

    def set_inheritable(self, inheritable: bool) -> None:
        """Set the inheritable flag of the socket."""
        _B.set_inheritable(self._fd, inheritable)

    def accept(self) -> Tuple[socket, _RetAddress]:
        """accept() -> (socket object, address info)

        Wait for an incoming connection.  Return a new socket representing
        the connection, and the address of the client."""
        fd, addr = self._accept_fd()
        sock = socket(self.family, self.type, self._proto, fileno=fd)
        # bpo-7995: a listening socket's timeout must not leak into the
        # accepted one through platform flag inheritance.
        if _socket._defaulttimeout is None and self._timeout:
            sock.setblocking(True)
        return sock, addr

    if TYPE_CHECKING:
        # As typeshed types the stdlib's: the stream class follows the mode
        # and the buffering (mode strings with a repeated letter are left
        # out on purpose).
        @overload
        def makefile(
            self,
            mode: Literal["b", "rb", "br", "wb", "bw", "rwb", "rbw", "wrb", "wbr", "brw", "bwr"],
            buffering: Literal[0],
            *,
            encoding: Optional[str] = None,
            errors: Optional[str] = None,
            newline: Optional[str] = None,
        ) -> _io.SocketIO: ...
        @overload
        def makefile(
            self,
            mode: Literal["rwb", "rbw", "wrb", "wbr", "brw", "bwr"],
            buffering: Optional[Literal[-1, 1]] = None,
            *,
            encoding: Optional[str] = None,
            errors: Optional[str] = None,
            newline: Optional[str] = None,
        ) -> BufferedRWPair: ...
        @overload
        def makefile(
            self,
            mode: Literal["rb", "br"],
            buffering: Optional[Literal[-1, 1]] = None,
            *,
            encoding: Optional[str] = None,
            errors: Optional[str] = None,
            newline: Optional[str] = None,
        ) -> BufferedReader: ...
        @overload
        def makefile(
            self,
            mode: Literal["wb", "bw"],
            buffering: Optional[Literal[-1, 1]] = None,
            *,
            encoding: Optional[str] = None,
            errors: Optional[str] = None,
            newline: Optional[str] = None,
        ) -> BufferedWriter: ...
        @overload
        def makefile(
            self,
            mode: Literal["b", "rb", "br", "wb", "bw", "rwb", "rbw", "wrb", "wbr", "brw", "bwr"],
            buffering: int,
            *,
            encoding: Optional[str] = None,
            errors: Optional[str] = None,
            newline: Optional[str] = None,
        ) -> IOBase: ...
        @overload
        def makefile(
            self,
            mode: Literal["r", "w", "rw", "wr", ""] = "r",
            buffering: Optional[int] = None,
            *,
            encoding: Optional[str] = None,
            errors: Optional[str] = None,
            newline: Optional[str] = None,
        ) -> TextIOWrapper: ...

    def makefile(
        self,
        mode: str = "r",
        buffering: Optional[int] = None,
        *,
        encoding: Optional[str] = None,
        errors: Optional[str] = None,
        newline: Optional[str] = None,
    ) -> Any:
        """makefile(...) -> an I/O stream connected to the socket

        The arguments are as for io.open() after the filename, except that
        only 'r', 'w' and 'b' are allowed in mode."""
        return _io.makefile(self, mode, buffering, encoding, errors, newline)

    def sendfile(self, file: BinaryIO, offset: int = 0, count: Optional[int] = None) -> int:
        """sendfile(file[, offset[, count]]) -> sent

        Send a file until EOF, with os.sendfile() where it can be used and
        send() otherwise.  file must be a regular file object opened in
        binary mode; the file position is updated on return."""
        return _io.sendfile(self, file, offset, count)

    def _sendfile_use_sendfile(
        self, file: BinaryIO, offset: int = 0, count: Optional[int] = None
    ) -> int:
        return _io._sendfile_use_sendfile(self, file, offset, count)

    def _sendfile_use_send(
        self, file: BinaryIO, offset: int = 0, count: Optional[int] = None
    ) -> int:
        return _io._sendfile_use_send(self, file, offset, count)

    def _check_sendfile_params(self, file: BinaryIO, offset: int, count: Optional[int]) -> None:
        return _io._check_sendfile_params(self, file, offset, count)
