"""``CAPI``: the capsule of the C ``_socket`` module, for the C modules that
import it (``_ssl``) while pysock stands in ``sys.modules["_socket"]``.

The stdlib ``socket`` module has it too (``from _socket import *``).  The
C ``_ssl`` module takes ``_socket.CAPI`` from whatever ``sys.modules
["_socket"]`` is when it is first imported; without this, ``import ssl``
fails there.  The capsule is the C module's own, loaded beside pysock: it
lets ``_ssl`` load, and pysock's TLS (pysock.ssl) never hands ``_ssl`` a
socket, only memory BIOs.
"""

from __future__ import annotations

from typing import Any

_capsule: Any = None


def socket_capi() -> Any:
    """The C ``_socket`` module's ``CAPI`` capsule (loaded once)."""
    global _capsule
    if _capsule is None:
        import importlib.machinery
        import importlib.util

        spec = importlib.machinery.BuiltinImporter.find_spec("_socket")
        if spec is None:
            spec = importlib.machinery.PathFinder.find_spec("_socket")
        if spec is None or spec.loader is None:
            raise AttributeError("module 'pysock' has no attribute 'CAPI'")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _capsule = module.CAPI
    return _capsule
