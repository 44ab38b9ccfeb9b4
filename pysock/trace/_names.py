"""Numbers to the C names a reader of strace expects: ``AF_INET``,
``SOCK_STREAM|SOCK_CLOEXEC``, ``MSG_PEEK|MSG_DONTWAIT``, ``SOL_SOCKET``,
``SO_REUSEADDR``, ``ECONNRESET``.

Every name comes from ``pysock._libc.constants.VALUES`` (the platform's own
table), except the ``POLL*`` bits, which the ``select`` module already has.
Several names often share a value (``AF_UNIX``/``AF_LOCAL``/``AF_FILE``, or
``SO_EE_*`` values that are not options at all); which one is shown is data
here: a prefix table, the names of other namespaces that happen to share
the prefix, and a few preferred spellings.  The tables are built on first
use, so importing the tracer costs nothing.
"""

from typing import Dict, List, Optional, Union

from .._libc.constants import VALUES
from .._libc.platform import PLATFORM


class Sym(str):
    """A symbolic value, shown bare: ``MSG_PEEK|MSG_DONTWAIT``, not a quoted
    string.  It is a ``str``, so a predicate can test ``"MSG_PEEK" in f``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str.__str__(self)


# When several names share a value, these win.
_PREFERRED = frozenset(
    [
        "AF_UNIX",
        "AF_NETLINK",
        "MSG_DONTROUTE",
        "IPPROTO_IP",
        "SOL_IP",
        "SOL_TCP",
        "SOL_UDP",
        "IPV6_JOIN_GROUP",
        "IPV6_LEAVE_GROUP",
        "SCM_RIGHTS",
        "SCM_CREDENTIALS",
        "IP_RETOPTS",
        "SO_ATTACH_FILTER",
        "SO_DETACH_FILTER",
    ]
)

# prefix -> names under it that belong to another namespace (values of an
# option, netlink attributes, another level's options, limits).
_NAMESPACES = {
    "AF_": (),
    "SOCK_": ("SOCK_NONBLOCK", "SOCK_CLOEXEC"),
    "MSG_": (),
    "SHUT_": (),
    "AI_": (),
    "NI_": ("NI_MAXHOST", "NI_MAXSERV"),
    "EAI_": (),
    "IPPROTO_": ("IPPROTO_MAX",),
    "SOL_": (),
    "SCM_": ("SCM_J1939_", "SCM_TSTAMP_"),
    "SO_": ("SO_EE_", "SO_VM_SOCKETS_", "SO_J1939_", "SO_RDS_"),
    "SO_VM_SOCKETS_": (),
    "IP_": ("IP_PMTUDISC", "IP_DEFAULT_", "IP_MAX_"),
    "IPV6_": ("IPV6_PMTUDISC_", "IPV6_PREFER_SRC_", "IPV6_RTHDR_", "IPV6_2292"),
    "TCP_": (
        "TCP_NLA_",
        "TCP_MD5SIG_FLAG_",
        "TCP_RECEIVE_ZEROCOPY_",
        "TCP_REPAIR_ON",
        "TCP_REPAIR_OFF",
        "TCP_NO_QUEUE",
        "TCP_RECV_QUEUE",
        "TCP_SEND_QUEUE",
        "TCP_QUEUES_NR",
        "TCP_CM_INQ",
    ),
    "UDP_": (),
    "TLS_": (),
    "ALG_": (),
    "CAN_RAW_": (),
    "RDS_": (),
    "TIPC_": (),
    "PACKET_": (),
    "NETLINK_": (),
    "ICMP6_": (),
    "MPTCP_": (),
}

# Option level (by its name) -> the prefix of that level's option names.
_LEVEL_OPTIONS = {
    "SOL_SOCKET": "SO_",
    "SOL_IP": "IP_",
    "SOL_TCP": "TCP_",
    "SOL_UDP": "UDP_",
    "SOL_IPV6": "IPV6_",
    "SOL_TLS": "TLS_",
    "SOL_ALG": "ALG_",
    "SOL_CAN_RAW": "CAN_RAW_",
    "SOL_RDS": "RDS_",
    "SOL_TIPC": "TIPC_",
    "SOL_PACKET": "PACKET_",
    "SOL_NETLINK": "NETLINK_",
    "SOL_ICMPV6": "ICMP6_",
    "SOL_MPTCP": "MPTCP_",
    "SOL_CAN_J1939": "SO_J1939_",
    "AF_VSOCK": "SO_VM_SOCKETS_",
}

_tables = {}  # type: Dict[str, Dict[int, str]]


def _table(prefix: str) -> Dict[int, str]:
    """value -> name for the names under *prefix* (built once)."""
    known = _tables.get(prefix)
    if known is not None:
        return known
    foreign = _NAMESPACES.get(prefix, ())
    table: Dict[int, str] = {}
    for name in sorted(VALUES):
        value = VALUES[name]
        if not name.startswith(prefix) or value.__class__ is not int:
            continue
        if foreign and name.startswith(foreign):
            continue
        held = table.get(value)
        if held is None or (name in _PREFERRED and held not in _PREFERRED):
            table[value] = name
    _tables[prefix] = table
    return table


def name(prefix: str, value: int) -> Union[Sym, int]:
    """The name of *value* under *prefix*, a ``Sym``; the int if none."""
    found = _table(prefix).get(value)
    return Sym(found) if found is not None else value


def flags(prefix: str, value: int, table: Optional[Dict[int, str]] = None) -> Union[Sym, int]:
    """*value* as ``NAME|NAME|0x..``: one name per bit; 0 stays 0."""
    if not value:
        return 0
    if table is None:
        table = _table(prefix)
    parts: List[str] = []
    rest = value
    bit = 1
    while bit <= rest:
        if rest & bit:
            found = table.get(bit)
            if found is not None:
                parts.append(found)
                rest &= ~bit
        bit <<= 1
    if rest:
        parts.append(hex(rest))
    return Sym("|".join(parts))


def family(value: int) -> Union[Sym, int]:
    return name("AF_", value)


_SOCK_FLAGS: Optional[Dict[int, str]] = None


def socktype(value: int) -> Union[Sym, int]:
    """``SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC`` from a type argument."""
    global _SOCK_FLAGS
    if _SOCK_FLAGS is None:
        _SOCK_FLAGS = {
            VALUES[n]: n for n in ("SOCK_NONBLOCK", "SOCK_CLOEXEC") if VALUES.get(n)
        }
    mask = 0
    for bit in _SOCK_FLAGS:
        mask |= bit
    base = name("SOCK_", value & ~mask)
    extra = value & mask
    if not extra:
        return base
    text = str(base) + "|" + str(flags("", extra, _SOCK_FLAGS))
    return Sym(text)


_INET_FAMILIES = frozenset(v for v in (VALUES.get("AF_INET"), VALUES.get("AF_INET6")) if v is not None)


def proto(family_value: Optional[int], value: int) -> Union[Sym, int]:
    """``IPPROTO_TCP`` for the internet families; the number otherwise."""
    if family_value in _INET_FAMILIES or family_value is None:
        return name("IPPROTO_", value)
    return value


def msg_flags(value: int) -> Union[Sym, int]:
    return flags("MSG_", value)


def level(value: int) -> Union[Sym, int]:
    found = _table("SOL_").get(value)
    if found is not None:
        return Sym(found)
    return name("IPPROTO_", value)


_level_prefix: Optional[Dict[int, str]] = None


def option(level_value: int, value: int) -> Union[Sym, int]:
    """The option's name in the namespace of its level, else the number."""
    global _level_prefix
    if _level_prefix is None:
        _level_prefix = {}
        for level_name, prefix in _LEVEL_OPTIONS.items():
            number = VALUES.get(level_name)
            if number is not None and number not in _level_prefix:
                _level_prefix[number] = prefix
        for proto_name, prefix in (
            ("IPPROTO_IP", "IP_"),
            ("IPPROTO_TCP", "TCP_"),
            ("IPPROTO_UDP", "UDP_"),
            ("IPPROTO_IPV6", "IPV6_"),
        ):
            number = VALUES.get(proto_name)
            if number is not None:
                _level_prefix.setdefault(number, prefix)
    namespace = _level_prefix.get(level_value)
    if namespace is None:
        return value
    return name(namespace, value)


def shutdown_how(value: int) -> Union[Sym, int]:
    return name("SHUT_", value)


def ai_flags(value: int) -> Union[Sym, int]:
    return flags("AI_", value)


def ni_flags(value: int) -> Union[Sym, int]:
    return flags("NI_", value)


_POLL = {bit: poll_name for poll_name, bit in PLATFORM.poll_bits.items()}


def poll_events(value: int) -> Union[Sym, int]:
    return flags("", value, _POLL)


def errno_name(code: int) -> str:
    """``ECONNRESET`` for 104; ``E104`` for a number without a name."""
    found: str = PLATFORM.errorcode.get(code, "E%d" % code)
    return found


def errno_value(text: Union[str, int]) -> int:
    """An errno given as a name (``ECONNRESET``) or a number: its value."""
    if isinstance(text, int):
        return text
    text = str(text).strip()
    if text.lstrip("-").isdigit():
        return int(text)
    value = PLATFORM.errno.get(text.upper())
    if not isinstance(value, int):
        raise ValueError("unknown errno name %r" % text)
    return value


def eai_name(code: int) -> Union[Sym, int]:
    return name("EAI_", code)


def signal_value(text: Union[str, int]) -> int:
    """A signal given as ``SIGUSR1``, ``USR1`` or a number: its value."""
    import signal as _signal

    if isinstance(text, int):
        return text
    text = str(text).strip()
    if text.isdigit():
        return int(text)
    upper = text.upper()
    if not upper.startswith("SIG"):
        upper = "SIG" + upper
    value = getattr(_signal, upper, None)
    if not isinstance(value, int):
        raise ValueError("unknown signal %r" % text)
    return int(value)
