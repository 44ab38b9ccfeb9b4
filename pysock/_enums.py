"""The constants and the enums built from them, as Lib/socket.py builds them.

Every constant of the OS table becomes a global of this module; then the
``AF_*``, ``SOCK_*``, ``MSG_*`` and ``AI_*`` globals are turned into members of
``AddressFamily``, ``SocketKind``, ``MsgFlag`` and ``AddressInfo`` by the
running Python's own ``_convert_``, so their repr, str and pickling behave
as the stdlib's do on that Python.
"""

from enum import IntEnum, IntFlag
from typing import TYPE_CHECKING

from ._libc.constants import VALUES

if TYPE_CHECKING:
    # Made below by _convert_, out of a type checker's sight.
    from ._constants import AddressFamily as AddressFamily
    from ._constants import AddressInfo as AddressInfo
    from ._constants import MsgFlag as MsgFlag
    from ._constants import SocketKind as SocketKind

# The C headers define a few names as aliases of others.  CPython exports
# only the originals, and an alias in an enum would take over the member's
# canonical name (the sort is by value, then name: AF_FILE < AF_UNIX), so
# pysock leaves them out too: AF_UNIX, MSG_DONTROUTE are the names to use.
_ALIASES = frozenset(["AF_FILE", "AF_LOCAL", "MSG_TRYHARD"])
_PUBLIC = {name: value for name, value in VALUES.items() if name not in _ALIASES}

globals().update(_PUBLIC)

IntEnum._convert_(  # type: ignore[attr-defined]  # private: typeshed omits it
    "AddressFamily", __name__, lambda C: C.isupper() and C.startswith("AF_")
)
IntEnum._convert_(  # type: ignore[attr-defined]  # private: typeshed omits it
    "SocketKind", __name__, lambda C: C.isupper() and C.startswith("SOCK_")
)
IntFlag._convert_(  # type: ignore[attr-defined]  # private: typeshed omits it
    "MsgFlag", __name__, lambda C: C.isupper() and C.startswith("MSG_")
)
IntFlag._convert_(  # type: ignore[attr-defined]  # private: typeshed omits it
    "AddressInfo", __name__, lambda C: C.isupper() and C.startswith("AI_")
)

for _enum in (AddressFamily, SocketKind, MsgFlag, AddressInfo):  # noqa: F821
    _enum.__module__ = "pysock"
del _enum

#: name -> value for every public constant, enum members where they are one.
CONSTANTS = {name: globals()[name] for name in _PUBLIC}


_MEMBERS = {
    enum_class: {member.value: member for member in enum_class}
    for enum_class in (AddressFamily, SocketKind)  # noqa: F821
}


#: Fast lookups for the two enums every socket reports.
if TYPE_CHECKING:
    # The member, or the number (a family or type the enum lacks), which
    # typeshed types as the enum, as the stdlib's socket.family.
    def family_enum(value: int, default: int, /) -> AddressFamily: ...
    def kind_enum(value: int, default: int, /) -> SocketKind: ...
else:
    family_enum = _MEMBERS[AddressFamily].get  # noqa: F821
    kind_enum = _MEMBERS[SocketKind].get  # noqa: F821
