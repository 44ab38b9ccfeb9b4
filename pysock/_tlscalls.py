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

from typing import Any

from ._libc import Backend


def tls_handshake(channel: Any) -> None:
    """The TLS handshake (version, cipher, ALPN, SNI, peer certificate)."""
    return channel._handshake()


def tls_read(channel: Any, nbytes: int, buffer: Any = None) -> Any:
    """Read up to nbytes of plaintext (into buffer if given)."""
    return channel._read(nbytes, buffer)


def tls_write(channel: Any, data: Any) -> int:
    """Write plaintext; the number of bytes taken."""
    return channel._write(data)


def tls_unwrap(channel: Any) -> Any:
    """close_notify sent and received: the TLS layer ends, the socket stays."""
    return channel._unwrap()


#: The table the tracer wraps (``tls.calls``, ``tls.originals``).
tls = Backend(
    "tls",
    {
        "tls_handshake": tls_handshake,
        "tls_read": tls_read,
        "tls_write": tls_write,
        "tls_unwrap": tls_unwrap,
    },
)

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
