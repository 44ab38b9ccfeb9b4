"""makefile() and sendfile(): the socket as a file, and a file to a socket."""

from __future__ import annotations

import io
import os
import sys

from ._libc import backend as _B
from ._libc.constants import VALUES
from ._libc.platform import PLATFORM as _P
from time import monotonic
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import BinaryIO, Optional, Union

    from _typeshed import ReadableBuffer, WriteableBuffer

    from ._pysocket import socket

_SOCK_STREAM = VALUES["SOCK_STREAM"]
_would_block = _P.would_block


class SocketIO(io.RawIOBase):
    """Raw I/O implementation for stream sockets.

    This class supports the makefile() method on sockets.  It provides
    the raw I/O interface on top of a socket object.
    """

    def __init__(self, sock: socket, mode: str) -> None:
        if mode not in ("r", "w", "rw", "rb", "wb", "rwb"):
            raise ValueError("invalid mode: %r" % mode)
        io.RawIOBase.__init__(self)
        self._sock: socket = sock
        if "b" not in mode:
            mode += "b"
        self._mode = mode
        self._reading = "r" in mode
        self._writing = "w" in mode
        self._timeout_occurred = False

    def readinto(self, b: WriteableBuffer) -> Optional[int]:
        """Read up to len(b) bytes into the writable buffer *b*; return the
        count (0 at end of stream), or None if the socket is non-blocking and
        nothing is ready.  After a timeout the object cannot read again: the
        stream position would be unknown."""
        self._checkClosed()
        self._checkReadable()  # type: ignore[attr-defined]  # IOBase's, not in typeshed
        if self._timeout_occurred:
            raise OSError("cannot read from timed out object")
        try:
            return self._sock.recv_into(b)
        except TimeoutError:
            self._timeout_occurred = True
            raise
        except OSError as e:
            if _would_block(e.errno):
                return None
            raise

    def write(self, b: ReadableBuffer) -> Optional[int]:
        """Write the given bytes or bytearray object *b* to the socket and
        return the number of bytes written (None if it would block)."""
        self._checkClosed()
        self._checkWritable()  # type: ignore[attr-defined]  # IOBase's, not in typeshed
        try:
            return self._sock.send(b)
        except OSError as e:
            if _would_block(e.errno):
                return None
            raise

    def readable(self) -> bool:
        """True if the SocketIO is open for reading."""
        if self.closed:
            raise ValueError("I/O operation on closed socket.")
        return self._reading

    def writable(self) -> bool:
        """True if the SocketIO is open for writing."""
        if self.closed:
            raise ValueError("I/O operation on closed socket.")
        return self._writing

    def seekable(self) -> bool:
        """True if the SocketIO is open for seeking."""
        if self.closed:
            raise ValueError("I/O operation on closed socket.")
        return super().seekable()

    def fileno(self) -> int:
        """Return the file descriptor of the underlying socket."""
        self._checkClosed()
        return self._sock.fileno()

    @property
    def name(self) -> int:
        if not self.closed:
            return self.fileno()
        return -1

    @property
    def mode(self) -> str:
        return self._mode

    def close(self) -> None:
        """Close the SocketIO object.  This doesn't close the underlying
        socket, except if all references to it have disappeared."""
        if self.closed:
            return
        io.RawIOBase.close(self)
        self._sock._decref_socketios()
        self._sock = None  # type: ignore[assignment]  # closed: unusable, as the stdlib's


def makefile(
    sock: socket,
    mode: str = "r",
    buffering: Optional[int] = None,
    encoding: Optional[str] = None,
    errors: Optional[str] = None,
    newline: Optional[str] = None,
) -> Union[SocketIO, io.BufferedIOBase, io.TextIOBase]:
    if not set(mode) <= {"r", "w", "b"}:
        raise ValueError("invalid mode %r (only r, w, b allowed)" % (mode,))
    writing = "w" in mode
    reading = "r" in mode or not writing
    binary = "b" in mode
    rawmode = ("r" if reading else "") + ("w" if writing else "")
    raw = SocketIO(sock, rawmode)
    sock._io_refs += 1
    if buffering is None:
        buffering = -1
    if buffering < 0:
        buffering = io.DEFAULT_BUFFER_SIZE
    if buffering == 0:
        if not binary:
            raise ValueError("unbuffered streams must be binary")
        return raw
    buffer: io.BufferedIOBase
    if reading and writing:
        buffer = io.BufferedRWPair(raw, raw, buffering)
    elif reading:
        buffer = io.BufferedReader(raw, buffering)
    else:
        buffer = io.BufferedWriter(raw, buffering)
    if binary:
        return buffer
    if sys.version_info >= (3, 10):  # io.text_encoding (PEP 597)
        # typeshed has io.text_encoding from 3.11, the interpreter from 3.10.
        encoding = io.text_encoding(encoding)  # type: ignore[attr-defined, unused-ignore]
    # typeshed's TextIOWrapper wants a buffer with a name, which a
    # BufferedRWPair has not; the stdlib wraps it all the same.
    text = io.TextIOWrapper(buffer, encoding, errors, newline)  # type: ignore[type-var]
    text.mode = mode  # type: ignore[misc]  # read-only to typeshed; set as the stdlib does
    return text


class _GiveupOnSendfile(Exception):
    """os.sendfile() cannot serve this file: fall back to send()."""


def _check_sendfile_params(sock: socket, file: BinaryIO, offset: int, count: Optional[int]) -> None:
    if "b" not in getattr(file, "mode", "b"):
        raise ValueError("file should be opened in binary mode")
    if not sock.type & _SOCK_STREAM:
        raise ValueError("only SOCK_STREAM type sockets are supported")
    if count is not None:
        if not isinstance(count, int):
            raise TypeError("count must be a positive integer (got {!r})".format(count))
        if count <= 0:
            raise ValueError("count must be a positive integer (got {!r})".format(count))


def _wait_writable(sock: socket, timeout: Optional[float]) -> None:
    """Wait for the socket to accept data: each wait gets the full timeout,
    as the stdlib's selector-based loop does."""
    sock._wait(_P.WAIT_WRITE, None if timeout is None else monotonic() + timeout)


def _sendfile_use_sendfile(sock: socket, file: BinaryIO, offset: int, count: Optional[int]) -> int:
    _check_sendfile_params(sock, file, offset, count)
    if not hasattr(_B, "sendfile"):
        raise _GiveupOnSendfile("os.sendfile() is not available")
    try:
        fileno = file.fileno()
    except (AttributeError, io.UnsupportedOperation) as err:
        raise _GiveupOnSendfile(err)  # not a regular file
    try:
        fsize = os.fstat(fileno).st_size
    except OSError as err:
        raise _GiveupOnSendfile(err)  # not a regular file
    if not fsize:
        return 0  # empty file
    # bpo-38319: at most 1 GiB a call, or os.sendfile() overflows.
    blocksize = min(count or fsize, 2**30)
    timeout = sock.gettimeout()
    if timeout == 0:
        raise ValueError("non-blocking sockets are not supported")
    if sock._fd < 0:
        # Where the stdlib registers the socket with its selector, which
        # refuses a closed or detached one so.
        raise ValueError("Invalid file descriptor: %d" % sock._fd)
    total_sent = 0
    try:
        while True:
            if timeout:
                _wait_writable(sock, timeout)
            if count:
                blocksize = count - total_sent
                if blocksize <= 0:
                    break
            try:
                # The descriptor is read again for each call (the stdlib's
                # Lib/socket.py keeps the number it read first): a socket
                # another thread closed during the wait fails with EBADF
                # instead of sending into a socket that took its number.
                sent = _B.sendfile(sock._fd, fileno, offset, blocksize)
            except BlockingIOError:
                if not timeout:
                    _wait_writable(sock, None)
                continue
            except OSError as err:
                if total_sent == 0:
                    # Typically "file" is not a regular, mmap()-able file.
                    raise _GiveupOnSendfile(err)
                raise err from None
            if sent == 0:
                break  # EOF
            offset += sent
            total_sent += sent
        return total_sent
    finally:
        if total_sent > 0 and hasattr(file, "seek"):
            file.seek(offset)


def _sendfile_use_send(sock: socket, file: BinaryIO, offset: int, count: Optional[int]) -> int:
    _check_sendfile_params(sock, file, offset, count)
    if sock.gettimeout() == 0:
        raise ValueError("non-blocking sockets are not supported")
    if offset:
        file.seek(offset)
    blocksize = min(count, 8192) if count else 8192
    total_sent = 0
    try:
        while True:
            if count:
                blocksize = min(count - total_sent, blocksize)
                if blocksize <= 0:
                    break
            data = memoryview(file.read(blocksize))
            if not data:
                break  # EOF
            while True:
                try:
                    sent = sock.send(data)
                except BlockingIOError:
                    continue
                total_sent += sent
                if sent < len(data):
                    data = data[sent:]
                else:
                    break
        return total_sent
    finally:
        if total_sent > 0 and hasattr(file, "seek"):
            file.seek(offset + total_sent)


def sendfile(sock: socket, file: BinaryIO, offset: int = 0, count: Optional[int] = None) -> int:
    try:
        return _sendfile_use_sendfile(sock, file, offset, count)
    except _GiveupOnSendfile:
        return _sendfile_use_send(sock, file, offset, count)
