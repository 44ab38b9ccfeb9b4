# GENERATED FILE -- do not edit.
# Regenerate with:  python3 tools/gen_constants_bsd.py
# macOS constants (x86_64, arm64), read from the system's own headers:
#   apple-oss-distributions/xnu commit e3723e1f17661b24996789d8afc084c0c3303b26
#   <netdb.h>: SB0LTD/sig (ziglang/zig fork) commit bb2d3a171cd00bb65d4994b77748da974af5867c lib/libc/include/any-darwin-any/netdb.h (macOS SDK 26.4, Libinfo)
# Method: each name is compiled (gcc -c -nostdinc against those
# headers, target macros defined, nothing linked or run) into a
# long long array whose section is read back from the object file.
# Stub headers (no constants): Availability.h, AvailabilityMacros.h, _types.h, stdint.h, sys/_posix_availability.h, sys/_pthread/_pthread_attr_t.h, sys/_pthread/_pthread_cond_t.h, sys/_pthread/_pthread_condattr_t.h, sys/_pthread/_pthread_key_t.h, sys/_pthread/_pthread_mutex_t.h, sys/_pthread/_pthread_mutexattr_t.h, sys/_pthread/_pthread_once_t.h, sys/_pthread/_pthread_rwlock_t.h, sys/_pthread/_pthread_rwlockattr_t.h, sys/_pthread/_pthread_t.h, sys/_symbol_aliasing.h, time.h.
# Names: tools/constants_data/names_darwin.txt; ERRNO: every E* macro
# of <sys/errno.h>.  Comment: the header that defines the value (- :
# a CPython fallback or a string).

from typing import Dict, Optional

VALUES = {
    "AF_APPLETALK": 16,  # sys/socket.h
    "AF_DECnet": 12,  # sys/socket.h
    "AF_INET": 2,  # sys/socket.h
    "AF_INET6": 30,  # sys/socket.h
    "AF_IPX": 23,  # sys/socket.h
    "AF_LINK": 18,  # sys/socket.h
    "AF_ROUTE": 17,  # sys/socket.h
    "AF_SNA": 11,  # sys/socket.h
    "AF_SYSTEM": 32,  # sys/socket.h
    "AF_SYS_CONTROL": 2,  # sys/sys_domain.h
    "AF_UNIX": 1,  # sys/socket.h
    "AF_UNSPEC": 0,  # sys/socket.h
    "AI_ADDRCONFIG": 1024,  # netdb.h
    "AI_ALL": 256,  # netdb.h
    "AI_CANONNAME": 2,  # netdb.h
    "AI_DEFAULT": 1536,  # netdb.h
    "AI_MASK": 5127,  # netdb.h
    "AI_NUMERICHOST": 4,  # netdb.h
    "AI_NUMERICSERV": 4096,  # netdb.h
    "AI_PASSIVE": 1,  # netdb.h
    "AI_V4MAPPED": 2048,  # netdb.h
    "AI_V4MAPPED_CFG": 512,  # netdb.h
    "CTLIOCGINFO": 3227799043,  # sys/kern_control.h
    "EAI_ADDRFAMILY": 1,  # netdb.h
    "EAI_AGAIN": 2,  # netdb.h
    "EAI_BADFLAGS": 3,  # netdb.h
    "EAI_BADHINTS": 12,  # netdb.h
    "EAI_FAIL": 4,  # netdb.h
    "EAI_FAMILY": 5,  # netdb.h
    "EAI_MAX": 15,  # netdb.h
    "EAI_MEMORY": 6,  # netdb.h
    "EAI_NODATA": 7,  # netdb.h
    "EAI_NONAME": 8,  # netdb.h
    "EAI_OVERFLOW": 14,  # netdb.h
    "EAI_PROTOCOL": 13,  # netdb.h
    "EAI_SERVICE": 9,  # netdb.h
    "EAI_SOCKTYPE": 10,  # netdb.h
    "EAI_SYSTEM": 11,  # netdb.h
    "ETHERTYPE_ARP": 2054,  # net/ethernet.h
    "ETHERTYPE_IP": 2048,  # net/ethernet.h
    "ETHERTYPE_IPV6": 34525,  # net/ethernet.h
    "ETHERTYPE_VLAN": 33024,  # net/ethernet.h
    "INADDR_ALLHOSTS_GROUP": 3758096385,  # netinet/in.h
    "INADDR_ANY": 0,  # netinet/in.h
    "INADDR_BROADCAST": 4294967295,  # netinet/in.h
    "INADDR_LOOPBACK": 2130706433,  # netinet/in.h
    "INADDR_MAX_LOCAL_GROUP": 3758096639,  # netinet/in.h
    "INADDR_NONE": 4294967295,  # netinet/in.h
    "INADDR_UNSPEC_GROUP": 3758096384,  # netinet/in.h
    "IPPORT_RESERVED": 1024,  # netinet/in.h
    "IPPORT_USERRESERVED": 5000,  # netinet/in.h
    "IPPROTO_AH": 51,  # netinet/in.h
    "IPPROTO_DSTOPTS": 60,  # netinet/in.h
    "IPPROTO_EGP": 8,  # netinet/in.h
    "IPPROTO_EON": 80,  # netinet/in.h
    "IPPROTO_ESP": 50,  # netinet/in.h
    "IPPROTO_FRAGMENT": 44,  # netinet/in.h
    "IPPROTO_GGP": 3,  # netinet/in.h
    "IPPROTO_GRE": 47,  # netinet/in.h
    "IPPROTO_HELLO": 63,  # netinet/in.h
    "IPPROTO_HOPOPTS": 0,  # netinet/in.h
    "IPPROTO_ICMP": 1,  # netinet/in.h
    "IPPROTO_ICMPV6": 58,  # netinet/in.h
    "IPPROTO_IDP": 22,  # netinet/in.h
    "IPPROTO_IGMP": 2,  # netinet/in.h
    "IPPROTO_IP": 0,  # netinet/in.h
    "IPPROTO_IPCOMP": 108,  # netinet/in.h
    "IPPROTO_IPIP": 4,  # netinet/in.h
    "IPPROTO_IPV4": 4,  # netinet/in.h
    "IPPROTO_IPV6": 41,  # netinet/in.h
    "IPPROTO_MAX": 256,  # netinet/in.h
    "IPPROTO_ND": 77,  # netinet/in.h
    "IPPROTO_NONE": 59,  # netinet/in.h
    "IPPROTO_PIM": 103,  # netinet/in.h
    "IPPROTO_PUP": 12,  # netinet/in.h
    "IPPROTO_RAW": 255,  # netinet/in.h
    "IPPROTO_ROUTING": 43,  # netinet/in.h
    "IPPROTO_RSVP": 46,  # netinet/in.h
    "IPPROTO_SCTP": 132,  # netinet/in.h
    "IPPROTO_TCP": 6,  # netinet/in.h
    "IPPROTO_TP": 29,  # netinet/in.h
    "IPPROTO_UDP": 17,  # netinet/in.h
    "IPPROTO_XTP": 36,  # netinet/in.h
    "IPV6_CHECKSUM": 26,  # netinet6/in6.h
    "IPV6_DONTFRAG": 62,  # netinet6/in6.h
    "IPV6_DSTOPTS": 50,  # netinet6/in6.h
    "IPV6_HOPLIMIT": 47,  # netinet6/in6.h
    "IPV6_HOPOPTS": 49,  # netinet6/in6.h
    "IPV6_JOIN_GROUP": 12,  # netinet6/in6.h
    "IPV6_LEAVE_GROUP": 13,  # netinet6/in6.h
    "IPV6_MULTICAST_HOPS": 10,  # netinet6/in6.h
    "IPV6_MULTICAST_IF": 9,  # netinet6/in6.h
    "IPV6_MULTICAST_LOOP": 11,  # netinet6/in6.h
    "IPV6_NEXTHOP": 48,  # netinet6/in6.h
    "IPV6_PATHMTU": 44,  # netinet6/in6.h
    "IPV6_PKTINFO": 46,  # netinet6/in6.h
    "IPV6_RECVDSTOPTS": 40,  # netinet6/in6.h
    "IPV6_RECVHOPLIMIT": 37,  # netinet6/in6.h
    "IPV6_RECVHOPOPTS": 39,  # netinet6/in6.h
    "IPV6_RECVPATHMTU": 43,  # netinet6/in6.h
    "IPV6_RECVPKTINFO": 61,  # netinet6/in6.h
    "IPV6_RECVRTHDR": 38,  # netinet6/in6.h
    "IPV6_RECVTCLASS": 35,  # netinet6/in6.h
    "IPV6_RTHDR": 51,  # netinet6/in6.h
    "IPV6_RTHDRDSTOPTS": 57,  # netinet6/in6.h
    "IPV6_RTHDR_TYPE_0": 0,  # netinet6/in6.h
    "IPV6_TCLASS": 36,  # netinet6/in6.h
    "IPV6_UNICAST_HOPS": 4,  # netinet6/in6.h
    "IPV6_USE_MIN_MTU": 42,  # netinet6/in6.h
    "IPV6_V6ONLY": 27,  # netinet6/in6.h
    "IP_ADD_MEMBERSHIP": 12,  # netinet/in.h
    "IP_ADD_SOURCE_MEMBERSHIP": 70,  # netinet/in.h
    "IP_BLOCK_SOURCE": 72,  # netinet/in.h
    "IP_DEFAULT_MULTICAST_LOOP": 1,  # netinet/in.h
    "IP_DEFAULT_MULTICAST_TTL": 1,  # netinet/in.h
    "IP_DROP_MEMBERSHIP": 13,  # netinet/in.h
    "IP_DROP_SOURCE_MEMBERSHIP": 71,  # netinet/in.h
    "IP_HDRINCL": 2,  # netinet/in.h
    "IP_MAX_MEMBERSHIPS": 4095,  # netinet/in.h
    "IP_MULTICAST_IF": 9,  # netinet/in.h
    "IP_MULTICAST_LOOP": 11,  # netinet/in.h
    "IP_MULTICAST_TTL": 10,  # netinet/in.h
    "IP_OPTIONS": 1,  # netinet/in.h
    "IP_PKTINFO": 26,  # netinet/in.h
    "IP_RECVDSTADDR": 7,  # netinet/in.h
    "IP_RECVOPTS": 5,  # netinet/in.h
    "IP_RECVRETOPTS": 6,  # netinet/in.h
    "IP_RECVTOS": 27,  # netinet/in.h
    "IP_RECVTTL": 24,  # netinet/in.h
    "IP_RETOPTS": 8,  # netinet/in.h
    "IP_TOS": 3,  # netinet/in.h
    "IP_TTL": 4,  # netinet/in.h
    "IP_UNBLOCK_SOURCE": 73,  # netinet/in.h
    "LOCAL_PEERCRED": 1,  # sys/un.h
    "MAX_KCTL_NAME": 96,  # sys/kern_control.h
    "MSG_CTRUNC": 32,  # sys/socket.h
    "MSG_DONTROUTE": 4,  # sys/socket.h
    "MSG_DONTWAIT": 128,  # sys/socket.h
    "MSG_EOF": 256,  # sys/socket.h
    "MSG_EOR": 8,  # sys/socket.h
    "MSG_NOSIGNAL": 524288,  # sys/socket.h
    "MSG_OOB": 1,  # sys/socket.h
    "MSG_PEEK": 2,  # sys/socket.h
    "MSG_TRUNC": 16,  # sys/socket.h
    "MSG_WAITALL": 64,  # sys/socket.h
    "NI_DGRAM": 16,  # netdb.h
    "NI_MAXHOST": 1025,  # netdb.h
    "NI_MAXSERV": 32,  # netdb.h
    "NI_NAMEREQD": 4,  # netdb.h
    "NI_NOFQDN": 1,  # netdb.h
    "NI_NUMERICHOST": 2,  # netdb.h
    "NI_NUMERICSERV": 8,  # netdb.h
    "PF_SYSTEM": 32,  # sys/socket.h
    "SCM_CREDS": 3,  # sys/socket.h
    "SCM_RIGHTS": 1,  # sys/socket.h
    "SHUT_RD": 0,  # sys/socket.h
    "SHUT_RDWR": 2,  # sys/socket.h
    "SHUT_WR": 1,  # sys/socket.h
    "SOCK_DGRAM": 2,  # sys/socket.h
    "SOCK_RAW": 3,  # sys/socket.h
    "SOCK_RDM": 4,  # sys/socket.h
    "SOCK_SEQPACKET": 5,  # sys/socket.h
    "SOCK_STREAM": 1,  # sys/socket.h
    "SOL_IP": 0,  # -
    "SOL_SOCKET": 65535,  # sys/socket.h
    "SOL_TCP": 6,  # -
    "SOL_UDP": 17,  # -
    "SOMAXCONN": 128,  # sys/socket.h
    "SO_ACCEPTCONN": 2,  # sys/socket.h
    "SO_BINDTODEVICE": 4404,  # sys/socket.h
    "SO_BROADCAST": 32,  # sys/socket.h
    "SO_DEBUG": 1,  # sys/socket.h
    "SO_DONTROUTE": 16,  # sys/socket.h
    "SO_ERROR": 4103,  # sys/socket.h
    "SO_KEEPALIVE": 8,  # sys/socket.h
    "SO_LINGER": 128,  # sys/socket.h
    "SO_NOSIGPIPE": 4130,  # sys/socket.h
    "SO_OOBINLINE": 256,  # sys/socket.h
    "SO_RCVBUF": 4098,  # sys/socket.h
    "SO_RCVLOWAT": 4100,  # sys/socket.h
    "SO_RCVTIMEO": 4102,  # sys/socket.h
    "SO_REUSEADDR": 4,  # sys/socket.h
    "SO_REUSEPORT": 512,  # sys/socket.h
    "SO_SNDBUF": 4097,  # sys/socket.h
    "SO_SNDLOWAT": 4099,  # sys/socket.h
    "SO_SNDTIMEO": 4101,  # sys/socket.h
    "SO_TYPE": 4104,  # sys/socket.h
    "SO_USELOOPBACK": 64,  # sys/socket.h
    "SYSPROTO_CONTROL": 2,  # sys/sys_domain.h
    "TCP_CONNECTION_INFO": 262,  # netinet/tcp.h
    "TCP_FASTOPEN": 261,  # netinet/tcp.h
    "TCP_KEEPALIVE": 16,  # netinet/tcp.h
    "TCP_KEEPCNT": 258,  # netinet/tcp.h
    "TCP_KEEPINTVL": 257,  # netinet/tcp.h
    "TCP_MAXSEG": 2,  # netinet/tcp.h
    "TCP_NODELAY": 1,  # netinet/tcp.h
    "TCP_NOTSENT_LOWAT": 513,  # netinet/tcp.h
}

ERRNO = {
    "E2BIG": 7,
    "EACCES": 13,
    "EADDRINUSE": 48,
    "EADDRNOTAVAIL": 49,
    "EAFNOSUPPORT": 47,
    "EAGAIN": 35,
    "EALREADY": 37,
    "EAUTH": 80,
    "EBADARCH": 86,
    "EBADEXEC": 85,
    "EBADF": 9,
    "EBADMACHO": 88,
    "EBADMSG": 94,
    "EBADRPC": 72,
    "EBUSY": 16,
    "ECANCELED": 89,
    "ECHILD": 10,
    "ECONNABORTED": 53,
    "ECONNREFUSED": 61,
    "ECONNRESET": 54,
    "EDEADLK": 11,
    "EDESTADDRREQ": 39,
    "EDEVERR": 83,
    "EDOM": 33,
    "EDQUOT": 69,
    "EEXIST": 17,
    "EFAULT": 14,
    "EFBIG": 27,
    "EFTYPE": 79,
    "EHOSTDOWN": 64,
    "EHOSTUNREACH": 65,
    "EIDRM": 90,
    "EILSEQ": 92,
    "EINPROGRESS": 36,
    "EINTR": 4,
    "EINVAL": 22,
    "EIO": 5,
    "EISCONN": 56,
    "EISDIR": 21,
    "ELOOP": 62,
    "EMFILE": 24,
    "EMLINK": 31,
    "EMSGSIZE": 40,
    "EMULTIHOP": 95,
    "ENAMETOOLONG": 63,
    "ENEEDAUTH": 81,
    "ENETDOWN": 50,
    "ENETRESET": 52,
    "ENETUNREACH": 51,
    "ENFILE": 23,
    "ENOATTR": 93,
    "ENOBUFS": 55,
    "ENODATA": 96,
    "ENODEV": 19,
    "ENOENT": 2,
    "ENOEXEC": 8,
    "ENOLCK": 77,
    "ENOLINK": 97,
    "ENOMEM": 12,
    "ENOMSG": 91,
    "ENOPOLICY": 103,
    "ENOPROTOOPT": 42,
    "ENOSPC": 28,
    "ENOSR": 98,
    "ENOSTR": 99,
    "ENOSYS": 78,
    "ENOTBLK": 15,
    "ENOTCONN": 57,
    "ENOTDIR": 20,
    "ENOTEMPTY": 66,
    "ENOTRECOVERABLE": 104,
    "ENOTSOCK": 38,
    "ENOTSUP": 45,
    "ENOTTY": 25,
    "ENXIO": 6,
    "EOPNOTSUPP": 102,
    "EOVERFLOW": 84,
    "EOWNERDEAD": 105,
    "EPERM": 1,
    "EPFNOSUPPORT": 46,
    "EPIPE": 32,
    "EPROCLIM": 67,
    "EPROCUNAVAIL": 76,
    "EPROGMISMATCH": 75,
    "EPROGUNAVAIL": 74,
    "EPROTO": 100,
    "EPROTONOSUPPORT": 43,
    "EPROTOTYPE": 41,
    "EPWROFF": 82,
    "EQFULL": 106,
    "ERANGE": 34,
    "EREMOTE": 71,
    "EROFS": 30,
    "ERPCMISMATCH": 73,
    "ESHLIBVERS": 87,
    "ESHUTDOWN": 58,
    "ESOCKTNOSUPPORT": 44,
    "ESPIPE": 29,
    "ESRCH": 3,
    "ESTALE": 70,
    "ETIME": 101,
    "ETIMEDOUT": 60,
    "ETOOMANYREFS": 59,
    "ETXTBSY": 26,
    "EUSERS": 68,
    "EWOULDBLOCK": 35,
    "EXDEV": 18,
}

# Values on the other CPU families, only where they differ from VALUES
# (x86_64); None: the name does not exist there.
ARCH_OVERRIDES: Dict[str, Dict[str, Optional[int]]] = {
}

# CPython adds its constants with PyModule_AddIntConstant(), as C longs:
# where a long is 32 bits these (2**31 or more) read as negative numbers.
CPYTHON_C_LONG_NAMES = (
    "CTLIOCGINFO",
    "INADDR_ALLHOSTS_GROUP",
    "INADDR_BROADCAST",
    "INADDR_MAX_LOCAL_GROUP",
    "INADDR_NONE",
    "INADDR_UNSPEC_GROUP",
)
