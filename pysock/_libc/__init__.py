"""The C library layer: the backend object of the platform chosen at import.

``backend`` is the single choke point of pysock (DESIGN.md, invariant 2):
every system call the package makes is one of its attributes, looked up at
call time.  A tracer or a fault injector replaces attributes with wrappers
and puts the originals back; when nothing is wrapped, a call costs one
attribute lookup and nothing else.

Which calls a backend has, with which parameters, is the written contract
(``contract.CALLS``); the platform (``platform.PLATFORM``, the one place
that decides the OS) names the modules that provide them.  A platform
forced on another OS gets a backend whose every call raises
``ForeignPlatformError``: its data can be inspected, nothing is called.
"""

import importlib
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Tuple, cast

from . import contract
from .platform import PLATFORM, ForeignPlatformError


class Backend(object):
    """The system calls of one platform, as attributes (see module doc).

    ``originals`` keeps the unwrapped functions so that a wrapper can always
    be undone, whoever installed it.
    """

    def __init__(self, name: str, functions: Mapping[str, Callable[..., Any]]) -> None:
        self.name = name
        self.originals = dict(functions)
        self.__dict__.update(self.originals)

    @property
    def calls(self) -> Tuple[str, ...]:
        """The names of the system calls this backend makes."""
        return tuple(self.originals)

    def restore(self) -> None:
        """Put every original function back."""
        self.__dict__.update(self.originals)


def _native_functions(platform: Any) -> Dict[str, Callable[..., Any]]:
    functions: Dict[str, Callable[..., Any]] = {}
    for module_name in platform.backend_modules:
        module = importlib.import_module("." + module_name, __name__)
        for call in module.CALLS:
            if call not in contract.CALLS:
                raise ImportError("pysock: %s.%s is not in the backend contract"
                                  % (module_name, call))
            func = getattr(module, call, None)
            # A function the platform lacks is simply not there, so that
            # hasattr() upstream tells the truth.
            if func is not None:
                functions[call] = func
    missing = contract.REQUIRED - set(functions)
    if missing:
        raise ImportError("pysock: the %s backend lacks required call(s): %s"
                          % (platform.name, ", ".join(sorted(missing))))
    return functions


def _foreign_call(platform: Any, call: str) -> Callable[..., Any]:
    def foreign(*args: Any, **kwargs: Any) -> Any:
        raise ForeignPlatformError(
            "pysock: %s() makes no system call: the %s platform is loaded on "
            "another OS for inspection only (PYSOCK_BACKEND=%s)"
            % (call, platform.name, platform.name))

    foreign.__name__ = call
    return foreign


def _load(platform: Any) -> Backend:
    if not platform.native:
        return Backend(platform.name, {
            call: _foreign_call(platform, call) for call in contract.CALLS
            if call not in platform.absent_calls
        })
    return Backend(platform.name, _native_functions(platform))


if TYPE_CHECKING:
    # The calls, typed (_typed.pyi), for type checkers.
    from ._typed import TypedBackend

backend = cast("TypedBackend", _load(PLATFORM))
