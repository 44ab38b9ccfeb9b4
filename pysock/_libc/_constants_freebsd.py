# GENERATED FILE -- do not edit.
# Regenerate with:  python3 tools/gen_constants_bsd.py
# FreeBSD constants (amd64), read from the system's own headers:
#   SB0LTD/sig (ziglang/zig fork) commit bb2d3a171cd00bb65d4994b77748da974af5867c lib/libc/include/{generic-freebsd,x86_64-freebsd-none} (FreeBSD 15.0 /usr/include)
# Method: each name is compiled (gcc -c -nostdinc against those
# headers, target macros defined, nothing linked or run) into a
# long long array whose section is read back from the object file.
# Stub headers (no constants): .
# Names: tools/constants_data/names_freebsd.txt; ERRNO: every E* macro
# of <sys/errno.h>.  Comment: the header that defines the value (- :
# a CPython fallback or a string).

from typing import Dict, Optional

VALUES = {
    "AF_APPLETALK": 16,  # sys/socket.h
    "AF_BLUETOOTH": 36,  # sys/socket.h
    "AF_DECnet": 12,  # sys/socket.h
    "AF_DIVERT": 44,  # sys/socket.h
    "AF_INET": 2,  # sys/socket.h
    "AF_INET6": 28,  # sys/socket.h
    "AF_IPX": 23,  # sys/socket.h
    "AF_LINK": 18,  # sys/socket.h
    "AF_NETLINK": 38,  # sys/socket.h
    "AF_ROUTE": 17,  # sys/socket.h
    "AF_SNA": 11,  # sys/socket.h
    "AF_UNIX": 1,  # sys/socket.h
    "AF_UNSPEC": 0,  # sys/socket.h
    "AI_ADDRCONFIG": 1024,  # netdb.h
    "AI_ALL": 256,  # netdb.h
    "AI_CANONNAME": 2,  # netdb.h
    "AI_DEFAULT": 1536,  # netdb.h
    "AI_MASK": 3343,  # netdb.h
    "AI_NUMERICHOST": 4,  # netdb.h
    "AI_NUMERICSERV": 8,  # netdb.h
    "AI_PASSIVE": 1,  # netdb.h
    "AI_V4MAPPED": 2048,  # netdb.h
    "AI_V4MAPPED_CFG": 512,  # netdb.h
    "BDADDR_ANY": "00:00:00:00:00:00",  # -
    "BDADDR_LOCAL": "00:00:00:FF:FF:FF",  # -
    "BTPROTO_HCI": 134,  # netgraph/bluetooth/include/ng_btsocket.h
    "BTPROTO_L2CAP": 135,  # netgraph/bluetooth/include/ng_btsocket.h
    "BTPROTO_RFCOMM": 136,  # netgraph/bluetooth/include/ng_btsocket.h
    "BTPROTO_SCO": 137,  # netgraph/bluetooth/include/ng_btsocket.h
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
    "HCI_DATA_DIR": 2,  # netgraph/bluetooth/include/ng_btsocket.h
    "HCI_FILTER": 1,  # netgraph/bluetooth/include/ng_btsocket.h
    "INADDR_ALLHOSTS_GROUP": 3758096385,  # netinet/in.h
    "INADDR_ANY": 0,  # netinet/in.h
    "INADDR_BROADCAST": 4294967295,  # netinet/in.h
    "INADDR_LOOPBACK": 2130706433,  # netinet/in.h
    "INADDR_MAX_LOCAL_GROUP": 3758096639,  # netinet/in.h
    "INADDR_NONE": 4294967295,  # netinet/in.h
    "INADDR_UNSPEC_GROUP": 3758096384,  # netinet/in.h
    "IPPORT_RESERVED": 1024,  # netdb.h
    "IPPORT_USERRESERVED": 5000,  # -
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
    "IPPROTO_MOBILE": 55,  # netinet/in.h
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
    "IPPROTO_UDPLITE": 136,  # netinet/in.h
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
    "IPV6_RECVPKTINFO": 36,  # netinet6/in6.h
    "IPV6_RECVRTHDR": 38,  # netinet6/in6.h
    "IPV6_RECVTCLASS": 57,  # netinet6/in6.h
    "IPV6_RTHDR": 51,  # netinet6/in6.h
    "IPV6_RTHDRDSTOPTS": 35,  # netinet6/in6.h
    "IPV6_RTHDR_TYPE_0": 0,  # netinet6/in6.h
    "IPV6_TCLASS": 61,  # netinet6/in6.h
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
    "IP_RECVDSTADDR": 7,  # netinet/in.h
    "IP_RECVOPTS": 5,  # netinet/in.h
    "IP_RECVORIGDSTADDR": 27,  # netinet/in.h
    "IP_RECVRETOPTS": 6,  # netinet/in.h
    "IP_RECVTOS": 68,  # netinet/in.h
    "IP_RECVTTL": 65,  # netinet/in.h
    "IP_RETOPTS": 8,  # netinet/in.h
    "IP_TOS": 3,  # netinet/in.h
    "IP_TTL": 4,  # netinet/in.h
    "IP_UNBLOCK_SOURCE": 73,  # netinet/in.h
    "LOCAL_CREDS": 2,  # sys/un.h
    "LOCAL_CREDS_PERSISTENT": 3,  # sys/un.h
    "LOCAL_PEERCRED": 1,  # sys/un.h
    "MSG_CMSG_CLOEXEC": 262144,  # sys/socket.h
    "MSG_CTRUNC": 32,  # sys/socket.h
    "MSG_DONTROUTE": 4,  # sys/socket.h
    "MSG_DONTWAIT": 128,  # sys/socket.h
    "MSG_EOF": 256,  # sys/socket.h
    "MSG_EOR": 8,  # sys/socket.h
    "MSG_NOSIGNAL": 131072,  # sys/socket.h
    "MSG_NOTIFICATION": 8192,  # sys/socket.h
    "MSG_OOB": 1,  # sys/socket.h
    "MSG_PEEK": 2,  # sys/socket.h
    "MSG_TRUNC": 16,  # sys/socket.h
    "MSG_WAITALL": 64,  # sys/socket.h
    "NETLINK_DNRTMSG": 14,  # netlink/netlink.h
    "NETLINK_FIREWALL": 3,  # netlink/netlink.h
    "NETLINK_IP6_FW": 13,  # netlink/netlink.h
    "NETLINK_NFLOG": 5,  # netlink/netlink.h
    "NETLINK_ROUTE": 0,  # netlink/netlink.h
    "NETLINK_USERSOCK": 2,  # netlink/netlink.h
    "NETLINK_XFRM": 6,  # netlink/netlink.h
    "NI_DGRAM": 16,  # netdb.h
    "NI_MAXHOST": 1025,  # netdb.h
    "NI_MAXSERV": 32,  # netdb.h
    "NI_NAMEREQD": 4,  # netdb.h
    "NI_NOFQDN": 1,  # netdb.h
    "NI_NUMERICHOST": 2,  # netdb.h
    "NI_NUMERICSERV": 8,  # netdb.h
    "PF_DIVERT": 44,  # sys/socket.h
    "SCM_CREDS": 3,  # sys/socket.h
    "SCM_CREDS2": 8,  # sys/socket.h
    "SCM_RIGHTS": 1,  # sys/socket.h
    "SHUT_RD": 0,  # sys/socket.h
    "SHUT_RDWR": 2,  # sys/socket.h
    "SHUT_WR": 1,  # sys/socket.h
    "SOCK_CLOEXEC": 268435456,  # sys/socket.h
    "SOCK_DGRAM": 2,  # sys/socket.h
    "SOCK_NONBLOCK": 536870912,  # sys/socket.h
    "SOCK_RAW": 3,  # sys/socket.h
    "SOCK_RDM": 4,  # sys/socket.h
    "SOCK_SEQPACKET": 5,  # sys/socket.h
    "SOCK_STREAM": 1,  # sys/socket.h
    "SOL_HCI": 2050,  # netgraph/bluetooth/include/ng_btsocket.h
    "SOL_IP": 0,  # -
    "SOL_L2CAP": 5641,  # netgraph/bluetooth/include/ng_btsocket.h
    "SOL_RFCOMM": 2070,  # netgraph/bluetooth/include/ng_btsocket.h
    "SOL_SCO": 521,  # netgraph/bluetooth/include/ng_btsocket.h
    "SOL_SOCKET": 65535,  # sys/socket.h
    "SOL_TCP": 6,  # -
    "SOL_UDP": 17,  # -
    "SOMAXCONN": 128,  # sys/socket.h
    "SO_ACCEPTCONN": 2,  # sys/socket.h
    "SO_BROADCAST": 32,  # sys/socket.h
    "SO_DEBUG": 1,  # sys/socket.h
    "SO_DOMAIN": 4121,  # sys/socket.h
    "SO_DONTROUTE": 16,  # sys/socket.h
    "SO_ERROR": 4103,  # sys/socket.h
    "SO_KEEPALIVE": 8,  # sys/socket.h
    "SO_L2CAP_ENCRYPTED": 6,  # netgraph/bluetooth/include/ng_btsocket.h
    "SO_L2CAP_FLUSH": 5,  # netgraph/bluetooth/include/ng_btsocket.h
    "SO_L2CAP_IMTU": 1,  # netgraph/bluetooth/include/ng_btsocket.h
    "SO_L2CAP_OMTU": 2,  # netgraph/bluetooth/include/ng_btsocket.h
    "SO_LINGER": 128,  # sys/socket.h
    "SO_OOBINLINE": 256,  # sys/socket.h
    "SO_PROTOCOL": 4118,  # sys/socket.h
    "SO_RCVBUF": 4098,  # sys/socket.h
    "SO_RCVLOWAT": 4100,  # sys/socket.h
    "SO_RCVTIMEO": 4102,  # sys/socket.h
    "SO_REUSEADDR": 4,  # sys/socket.h
    "SO_REUSEPORT": 512,  # sys/socket.h
    "SO_REUSEPORT_LB": 65536,  # sys/socket.h
    "SO_RFCOMM_FC_INFO": 2,  # netgraph/bluetooth/include/ng_btsocket.h
    "SO_RFCOMM_MTU": 1,  # netgraph/bluetooth/include/ng_btsocket.h
    "SO_SCO_CONNINFO": 2,  # netgraph/bluetooth/include/ng_btsocket.h
    "SO_SCO_MTU": 1,  # netgraph/bluetooth/include/ng_btsocket.h
    "SO_SETFIB": 4116,  # sys/socket.h
    "SO_SNDBUF": 4097,  # sys/socket.h
    "SO_SNDLOWAT": 4099,  # sys/socket.h
    "SO_SNDTIMEO": 4101,  # sys/socket.h
    "SO_TYPE": 4104,  # sys/socket.h
    "SO_USELOOPBACK": 64,  # sys/socket.h
    "SO_USER_COOKIE": 4117,  # sys/socket.h
    "TCP_CONGESTION": 64,  # netinet/tcp.h
    "TCP_FASTOPEN": 1025,  # netinet/tcp.h
    "TCP_INFO": 32,  # netinet/tcp.h
    "TCP_KEEPCNT": 1024,  # netinet/tcp.h
    "TCP_KEEPIDLE": 256,  # netinet/tcp.h
    "TCP_KEEPINTVL": 512,  # netinet/tcp.h
    "TCP_MAXSEG": 2,  # netinet/tcp.h
    "TCP_MD5SIG": 16,  # netinet/tcp.h
    "TCP_NODELAY": 1,  # netinet/tcp.h
    "UDPLITE_RECV_CSCOV": 4,  # netinet/udplite.h
    "UDPLITE_SEND_CSCOV": 2,  # netinet/udplite.h
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
    "EBADF": 9,
    "EBADMSG": 89,
    "EBADRPC": 72,
    "EBUSY": 16,
    "ECANCELED": 85,
    "ECAPMODE": 94,
    "ECHILD": 10,
    "ECONNABORTED": 53,
    "ECONNREFUSED": 61,
    "ECONNRESET": 54,
    "EDEADLK": 11,
    "EDESTADDRREQ": 39,
    "EDOM": 33,
    "EDOOFUS": 88,
    "EDQUOT": 69,
    "EEXIST": 17,
    "EFAULT": 14,
    "EFBIG": 27,
    "EFTYPE": 79,
    "EHOSTDOWN": 64,
    "EHOSTUNREACH": 65,
    "EIDRM": 82,
    "EILSEQ": 86,
    "EINPROGRESS": 36,
    "EINTEGRITY": 97,
    "EINTR": 4,
    "EINVAL": 22,
    "EIO": 5,
    "EISCONN": 56,
    "EISDIR": 21,
    "ELOOP": 62,
    "EMFILE": 24,
    "EMLINK": 31,
    "EMSGSIZE": 40,
    "EMULTIHOP": 90,
    "ENAMETOOLONG": 63,
    "ENEEDAUTH": 81,
    "ENETDOWN": 50,
    "ENETRESET": 52,
    "ENETUNREACH": 51,
    "ENFILE": 23,
    "ENOATTR": 87,
    "ENOBUFS": 55,
    "ENODEV": 19,
    "ENOENT": 2,
    "ENOEXEC": 8,
    "ENOLCK": 77,
    "ENOLINK": 91,
    "ENOMEM": 12,
    "ENOMSG": 83,
    "ENOPROTOOPT": 42,
    "ENOSPC": 28,
    "ENOSYS": 78,
    "ENOTBLK": 15,
    "ENOTCAPABLE": 93,
    "ENOTCONN": 57,
    "ENOTDIR": 20,
    "ENOTEMPTY": 66,
    "ENOTRECOVERABLE": 95,
    "ENOTSOCK": 38,
    "ENOTSUP": 45,
    "ENOTTY": 25,
    "ENXIO": 6,
    "EOPNOTSUPP": 45,
    "EOVERFLOW": 84,
    "EOWNERDEAD": 96,
    "EPERM": 1,
    "EPFNOSUPPORT": 46,
    "EPIPE": 32,
    "EPROCLIM": 67,
    "EPROCUNAVAIL": 76,
    "EPROGMISMATCH": 75,
    "EPROGUNAVAIL": 74,
    "EPROTO": 92,
    "EPROTONOSUPPORT": 43,
    "EPROTOTYPE": 41,
    "ERANGE": 34,
    "EREMOTE": 71,
    "EROFS": 30,
    "ERPCMISMATCH": 73,
    "ESHUTDOWN": 58,
    "ESOCKTNOSUPPORT": 44,
    "ESPIPE": 29,
    "ESRCH": 3,
    "ESTALE": 70,
    "ETIMEDOUT": 60,
    "ETOOMANYREFS": 59,
    "ETXTBSY": 26,
    "EUSERS": 68,
    "EWOULDBLOCK": 35,
    "EXDEV": 18,
}

# Values on the other CPU families, only where they differ from VALUES
# (amd64); None: the name does not exist there.
ARCH_OVERRIDES: Dict[str, Dict[str, Optional[int]]] = {
}

# CPython adds its constants with PyModule_AddIntConstant(), as C longs:
# where a long is 32 bits these (2**31 or more) read as negative numbers.
CPYTHON_C_LONG_NAMES = (
    "INADDR_ALLHOSTS_GROUP",
    "INADDR_BROADCAST",
    "INADDR_MAX_LOCAL_GROUP",
    "INADDR_NONE",
    "INADDR_UNSPEC_GROUP",
)
