"""Switch a running program's ``socket`` module to pysock, and back.

``install()`` replaces the public names of the stdlib's ``socket`` module
(the module object itself stays where it is, in ``sys.modules`` and in
every module that did ``import socket``) with pysock's: ``socket.socket``,
``create_connection``, ``getaddrinfo``, the constants, the enums and the
exceptions.  Code that looks these names up on the module when it runs --
``socketserver``, ``http.client``, ``urllib.request``, ``asyncio``,
``smtplib``, ... and the program's own ``socket.socket(...)`` -- makes its
new sockets through pysock from then on.  ``uninstall()`` puts every name
back as it was, the missing ones missing again.

This is the gevent ``monkey.patch_socket()`` way rather than replacing
``sys.modules["socket"]``: a module imported while pysock is installed
binds the stdlib module object, so after ``uninstall()`` nothing of pysock
is left in it.

What cannot follow: a name captured before ``install()`` with ``from
socket import socket`` (the stdlib's ``ssl`` does so), a class that
subclassed the stdlib's ``socket.socket`` (``ssl.SSLSocket``), C code that
wants the C socket type (``_ssl``), and modules that import ``_socket``.
Sockets made before ``install()`` stay C sockets; what their own methods
make afterwards (``accept()``, ``dup()``) is built by the stdlib's class
around the new descriptor with the module's current ``socket`` name, that
is pysock's.

Other layers hook in through ``INSTALLERS``: pairs of functions (install,
uninstall) run after the socket names are switched, and undone in reverse
order (the TLS layer switches the stdlib ``ssl`` this way).
"""

from __future__ import annotations

import importlib
import threading
from types import ModuleType, TracebackType
from typing import Callable, Dict, List, Optional, Tuple, Type

from . import _create

# Names the stdlib module has beside its __all__ that other stdlib modules
# use: asyncio catches socket._GiveupOnSendfile; SocketIO, the enums and
# the errno names are public in the module without being in __all__.
_EXTRA = (
    "AddressInfo",
    "MsgFlag",
    "SocketIO",
    "EAGAIN",
    "EBADF",
    "EWOULDBLOCK",
    "_GiveupOnSendfile",
)

_MISSING = object()

#: (install, uninstall) pairs run by ``install()`` after the ``socket``
#: module's names are switched, undone in reverse order by ``uninstall()``.
#: A layer above the socket module adds its own pair (``register``).
INSTALLERS: List[Tuple[Callable[[], None], Callable[[], None]]] = []


def _tls_module() -> Optional[ModuleType]:
    """pysock.ssl, or None on a Python built without OpenSSL.  Imported
    before the names are switched: the stdlib ``ssl`` it imports takes
    ``socket``'s names at import time, and must take the stdlib's."""
    try:
        return importlib.import_module("pysock.ssl")
    except ImportError:
        return None


def _tls_on() -> None:
    tls = _tls_module()
    if tls is not None:
        tls.install_tls()


def _tls_off() -> None:
    tls = _tls_module()
    if tls is not None:
        tls.uninstall_tls()


# The TLS layer: the stdlib ssl module wraps sockets into pysock.ssl's
# SSLSocket, whose ciphertext goes through pysock (README "TLS over pysock").
INSTALLERS.append((_tls_on, _tls_off))

_lock = threading.RLock()
_depth = 0
_saved: Dict[str, object] = {}
_done: List[Callable[[], None]] = []


def register(install: Callable[[], None], uninstall: Callable[[], None]) -> None:
    """Add an (install, uninstall) pair to ``INSTALLERS``; if pysock is
    installed now, *install* runs at once."""
    with _lock:
        INSTALLERS.append((install, uninstall))
        if _depth:
            install()
            _done.append(uninstall)


def _stdlib_socket() -> ModuleType:
    return importlib.import_module("socket")


def names() -> List[str]:
    """The names of the stdlib ``socket`` module that ``install()``
    replaces: each of its public names that pysock has."""
    import pysock

    stdlib = _stdlib_socket()
    chosen = [n for n in getattr(stdlib, "__all__", ()) if hasattr(pysock, n)]
    chosen += [n for n in _EXTRA if n not in chosen and hasattr(pysock, n)]
    return chosen


class Installation(object):
    """What ``install()`` returns: ``with pysock.install(): ...`` undoes
    the installation at the end of the block."""

    def __enter__(self) -> "Installation":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        uninstall()


def install() -> Installation:
    """Make the stdlib ``socket`` module's names pysock's, for every module
    that uses them from now on.  Calls nest: pysock stays installed until
    as many ``uninstall()`` calls have been made."""
    global _depth
    import pysock

    with _lock:
        _depth += 1
        if _depth > 1:
            return Installation()
        try:
            _tls_module()
            stdlib = _stdlib_socket()
            if stdlib is pysock:
                # sys.modules["socket"] is pysock already (CPython's test
                # suite runner does that): nothing to switch.
                return Installation()
            namespace = vars(stdlib)
            for name in names():
                _saved[name] = namespace.get(name, _MISSING)
                namespace[name] = getattr(pysock, name)
            _create._FOREIGN_DEFAULT_TIMEOUT = namespace.get(
                "_GLOBAL_DEFAULT_TIMEOUT", _create._GLOBAL_DEFAULT_TIMEOUT
            )
            for on, off in INSTALLERS:
                on()
                _done.append(off)
        except BaseException:
            _undo()
            _depth -= 1
            raise
    return Installation()


def uninstall() -> bool:
    """Undo ``install()``: the stdlib ``socket`` module gets its own names
    back.  Returns False if pysock was not installed."""
    global _depth
    with _lock:
        if not _depth:
            return False
        _depth -= 1
        if not _depth:
            _undo()
    return True


def installed() -> bool:
    """True while pysock is installed."""
    return _depth > 0


def _undo() -> None:
    while _done:
        _done.pop()()
    if _saved:
        namespace = vars(_stdlib_socket())
        for name, value in _saved.items():
            if value is _MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = value
        _saved.clear()
    _create._FOREIGN_DEFAULT_TIMEOUT = _create._GLOBAL_DEFAULT_TIMEOUT


def holders() -> List[str]:
    """Modules that keep one of the stdlib's socket objects under a name
    ``install()`` replaces (``from socket import socket`` before it): they
    do not follow."""
    import sys

    stdlib = sys.modules.get("socket")
    if stdlib is None or not _saved:
        return []
    originals = {
        name: value
        for name, value in _saved.items()
        if value is not _MISSING
        and (callable(value) or isinstance(value, type))
        # socket.error is OSError, which every module may hold.
        and getattr(value, "__module__", None) != "builtins"
    }
    found = []
    for modname, module in list(sys.modules.items()):
        if module is None or module is stdlib or modname in ("_socket", "pysock") or modname.startswith("pysock."):
            continue
        if modname == "ssl" and "pysock.ssl" in sys.modules:
            # Imported before the switch on purpose (_tls_module); its
            # sockets follow through sslsocket_class (install_tls).
            continue
        try:
            namespace = vars(module)
        except TypeError:
            continue
        for name, value in originals.items():
            if namespace.get(name, _MISSING) is value:
                found.append(modname)
                break
    return sorted(found)
