"""The operations of pysock's TLS layer as a table of calls, beside the
backend's system calls: ``tls_handshake``, ``tls_read``, ``tls_write`` and
``tls_unwrap``.

pysock.ssl makes each TLS operation through this table, looked up at call
time, as the socket layer makes each system call through the backend: so
the tracer wraps these too (``pysock.trace``: the ``%tls`` class) and
shows the plaintext beside the ciphertext of the ``read``/``write`` calls
each operation makes, and fault rules can name them.  Untraced, a call
costs one attribute lookup.  This module imports nothing of ``ssl``: the
tracer may load it in a program that never uses TLS.

Each function takes the TLS channel (``pysock.ssl._Channel``) first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union, cast

from ._libc import Backend

if TYPE_CHECKING:
    from typing import Protocol, overload

    from _typeshed import ReadableBuffer, WriteableBuffer

    class _Channel(Protocol):
        """What the table calls back on the channel (pysock.ssl._Channel)."""

        def _handshake(self) -> None: ...
        def _read(self, len: int, buffer: Optional[WriteableBuffer]) -> Union[bytes, int]: ...
        def _write(self, data: ReadableBuffer) -> int: ...
        def _unwrap(self) -> None: ...

    class _TypedTable(Backend):
        """The table as a type checker sees it: its calls, typed (read
        gives bytes, or the count read into a buffer)."""

        def tls_handshake(self, channel: _Channel) -> None: ...
        @overload
        def tls_read(self, channel: _Channel, nbytes: int, buffer: None = None) -> bytes: ...
        @overload
        def tls_read(self, channel: _Channel, nbytes: int, buffer: WriteableBuffer) -> int: ...
        def tls_read(
            self, channel: _Channel, nbytes: int, buffer: Optional[WriteableBuffer] = None
        ) -> Union[bytes, int]: ...
        def tls_write(self, channel: _Channel, data: ReadableBuffer) -> int: ...
        def tls_unwrap(self, channel: _Channel) -> None: ...


def tls_handshake(channel: _Channel) -> None:
    """The TLS handshake (version, cipher, ALPN, SNI, peer certificate)."""
    return channel._handshake()


def tls_read(
    channel: _Channel, nbytes: int, buffer: Optional[WriteableBuffer] = None
) -> Union[bytes, int]:
    """Read up to nbytes of plaintext (into buffer if given)."""
    return channel._read(nbytes, buffer)


def tls_write(channel: _Channel, data: ReadableBuffer) -> int:
    """Write plaintext; the number of bytes taken."""
    return channel._write(data)


def tls_unwrap(channel: _Channel) -> None:
    """close_notify sent and received: the TLS layer ends, the socket stays."""
    return channel._unwrap()


#: The table the tracer wraps (``tls.calls``, ``tls.originals``).
tls = cast("_TypedTable", Backend(
    "tls",
    {
        "tls_handshake": tls_handshake,
        "tls_read": tls_read,
        "tls_write": tls_write,
        "tls_unwrap": tls_unwrap,
    },
))

#: Their contract, as the backend's (``pysock._libc.contract.CALLS``):
#: name -> (parameters, required, meaning); the tracer binds and decodes
#: the arguments by these names.
CONTRACT = {
    "tls_handshake": (("channel",), True, "the handshake; its facts on the channel"),
    "tls_read": (("channel", "nbytes", "buffer=None"), True,
                 "plaintext: bytes, or the count read into buffer"),
    "tls_write": (("channel", "data"), True, "plaintext in; the count taken"),
    "tls_unwrap": (("channel",), True, "close_notify both ways"),
}

#: Their names, for the tracer's ``%tls`` class.
CALLS = tuple(tls.calls)
