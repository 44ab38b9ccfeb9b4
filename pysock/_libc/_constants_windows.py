# GENERATED FILE -- do not edit.
# Regenerate with:  python3 tools/gen_constants_windows.py
# Windows (x86_64) constants: the names the Windows CPythons' socket
# modules export (tools/constants_data/names_windows.txt), their values
# printed by a probe compiled with x86_64-w64-mingw32-gcc against the
# mingw-w64 headers and run under Wine (winsock2.h, ws2tcpip.h, mstcpip.h,
# mswsock.h, ws2bth.h, hvsocket.h, af_irda.h);
# what mingw lacks from the Windows SDK or CPython's own fallbacks
# (source in the comment).  Values as the headers state them (unsigned);
# windows.py gives them as a C long, as CPython does.

VALUES = {
    "AF_APPLETALK": 16,  # mingw-w64 headers
    "AF_BLUETOOTH": 32,  # mingw-w64 headers, as AF_BTH
    "AF_DECnet": 12,  # mingw-w64 headers
    "AF_HYPERV": 34,  # Windows SDK ws2def.h
    "AF_INET": 2,  # mingw-w64 headers
    "AF_INET6": 23,  # mingw-w64 headers
    "AF_IPX": 6,  # mingw-w64 headers
    "AF_IRDA": 26,  # mingw-w64 headers
    "AF_LINK": 33,  # Windows SDK ws2def.h
    "AF_SNA": 11,  # mingw-w64 headers
    "AF_UNSPEC": 0,  # mingw-w64 headers
    "AI_ADDRCONFIG": 1024,  # mingw-w64 headers
    "AI_ALL": 256,  # mingw-w64 headers
    "AI_CANONNAME": 2,  # mingw-w64 headers
    "AI_NUMERICHOST": 4,  # mingw-w64 headers
    "AI_NUMERICSERV": 8,  # mingw-w64 headers
    "AI_PASSIVE": 1,  # mingw-w64 headers
    "AI_V4MAPPED": 2048,  # mingw-w64 headers
    "BDADDR_ANY": '00:00:00:00:00:00',  # CPython socketmodule.c
    "BDADDR_LOCAL": '00:00:00:FF:FF:FF',  # CPython socketmodule.c
    "BTPROTO_RFCOMM": 3,  # mingw-w64 headers, as BTHPROTO_RFCOMM
    "EAI_AGAIN": 11002,  # mingw-w64 headers
    "EAI_BADFLAGS": 10022,  # mingw-w64 headers
    "EAI_FAIL": 11003,  # mingw-w64 headers
    "EAI_FAMILY": 10047,  # mingw-w64 headers
    "EAI_MEMORY": 8,  # mingw-w64 headers
    "EAI_NODATA": 11001,  # Windows SDK ws2tcpip.h (EAI_NONAME; mingw: 11004)
    "EAI_NONAME": 11001,  # mingw-w64 headers
    "EAI_SERVICE": 10109,  # mingw-w64 headers
    "EAI_SOCKTYPE": 10044,  # mingw-w64 headers
    "HVSOCKET_ADDRESS_FLAG_PASSTHRU": 1,  # mingw-w64 headers
    "HVSOCKET_CONNECTED_SUSPEND": 4,  # mingw-w64 headers
    "HVSOCKET_CONNECT_TIMEOUT": 1,  # mingw-w64 headers
    "HVSOCKET_CONNECT_TIMEOUT_MAX": 300000,  # mingw-w64 headers
    "HV_GUID_BROADCAST": 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',  # CPython socketmodule.c
    "HV_GUID_CHILDREN": '90DB8B89-0D35-4F79-8CE9-49EA0AC8B7CD',  # CPython socketmodule.c
    "HV_GUID_LOOPBACK": 'E0E16197-DD56-4A10-9195-5EE7A155A838',  # CPython socketmodule.c
    "HV_GUID_PARENT": 'A42E7CDA-D03F-480C-9CC2-A4DE20ABB878',  # CPython socketmodule.c
    "HV_GUID_WILDCARD": '00000000-0000-0000-0000-000000000000',  # CPython socketmodule.c
    "HV_GUID_ZERO": '00000000-0000-0000-0000-000000000000',  # CPython socketmodule.c
    "HV_PROTOCOL_RAW": 1,  # mingw-w64 headers
    "INADDR_ALLHOSTS_GROUP": 3758096385,  # CPython socketmodule.c fallback
    "INADDR_ANY": 0,  # mingw-w64 headers
    "INADDR_BROADCAST": 4294967295,  # mingw-w64 headers
    "INADDR_LOOPBACK": 2130706433,  # mingw-w64 headers
    "INADDR_MAX_LOCAL_GROUP": 3758096639,  # CPython socketmodule.c fallback
    "INADDR_NONE": 4294967295,  # mingw-w64 headers
    "INADDR_UNSPEC_GROUP": 3758096384,  # CPython socketmodule.c fallback
    "IPPORT_RESERVED": 1024,  # mingw-w64 headers
    "IPPORT_USERRESERVED": 5000,  # CPython socketmodule.c fallback
    "IPPROTO_AH": 51,  # mingw-w64 headers
    "IPPROTO_CBT": 7,  # mingw-w64 headers
    "IPPROTO_DSTOPTS": 60,  # mingw-w64 headers
    "IPPROTO_EGP": 8,  # mingw-w64 headers
    "IPPROTO_ESP": 50,  # mingw-w64 headers
    "IPPROTO_FRAGMENT": 44,  # mingw-w64 headers
    "IPPROTO_GGP": 3,  # mingw-w64 headers
    "IPPROTO_HOPOPTS": 0,  # mingw-w64 headers
    "IPPROTO_ICLFXBM": 78,  # mingw-w64 headers
    "IPPROTO_ICMP": 1,  # mingw-w64 headers
    "IPPROTO_ICMPV6": 58,  # mingw-w64 headers
    "IPPROTO_IDP": 22,  # mingw-w64 headers
    "IPPROTO_IGMP": 2,  # mingw-w64 headers
    "IPPROTO_IGP": 9,  # mingw-w64 headers
    "IPPROTO_IP": 0,  # mingw-w64 headers
    "IPPROTO_IPV4": 4,  # mingw-w64 headers
    "IPPROTO_IPV6": 41,  # mingw-w64 headers
    "IPPROTO_L2TP": 115,  # mingw-w64 headers
    "IPPROTO_MAX": 256,  # mingw-w64 headers
    "IPPROTO_ND": 77,  # mingw-w64 headers
    "IPPROTO_NONE": 59,  # mingw-w64 headers
    "IPPROTO_PGM": 113,  # mingw-w64 headers
    "IPPROTO_PIM": 103,  # mingw-w64 headers
    "IPPROTO_PUP": 12,  # mingw-w64 headers
    "IPPROTO_RAW": 255,  # mingw-w64 headers
    "IPPROTO_RDP": 27,  # mingw-w64 headers
    "IPPROTO_ROUTING": 43,  # mingw-w64 headers
    "IPPROTO_SCTP": 132,  # mingw-w64 headers
    "IPPROTO_ST": 5,  # mingw-w64 headers
    "IPPROTO_TCP": 6,  # mingw-w64 headers
    "IPPROTO_UDP": 17,  # mingw-w64 headers
    "IPV6_CHECKSUM": 26,  # mingw-w64 headers
    "IPV6_DONTFRAG": 14,  # mingw-w64 headers
    "IPV6_HOPLIMIT": 21,  # mingw-w64 headers
    "IPV6_HOPOPTS": 1,  # mingw-w64 headers
    "IPV6_JOIN_GROUP": 12,  # mingw-w64 headers
    "IPV6_LEAVE_GROUP": 13,  # mingw-w64 headers
    "IPV6_MULTICAST_HOPS": 10,  # mingw-w64 headers
    "IPV6_MULTICAST_IF": 9,  # mingw-w64 headers
    "IPV6_MULTICAST_LOOP": 11,  # mingw-w64 headers
    "IPV6_PKTINFO": 19,  # mingw-w64 headers
    "IPV6_RECVRTHDR": 38,  # mingw-w64 headers
    "IPV6_RECVTCLASS": 40,  # mingw-w64 headers
    "IPV6_RTHDR": 32,  # mingw-w64 headers
    "IPV6_TCLASS": 39,  # mingw-w64 headers
    "IPV6_UNICAST_HOPS": 4,  # mingw-w64 headers
    "IPV6_V6ONLY": 27,  # mingw-w64 headers
    "IP_ADD_MEMBERSHIP": 12,  # mingw-w64 headers
    "IP_ADD_SOURCE_MEMBERSHIP": 15,  # mingw-w64 headers
    "IP_BLOCK_SOURCE": 17,  # mingw-w64 headers
    "IP_DROP_MEMBERSHIP": 13,  # mingw-w64 headers
    "IP_DROP_SOURCE_MEMBERSHIP": 16,  # mingw-w64 headers
    "IP_HDRINCL": 2,  # mingw-w64 headers
    "IP_MULTICAST_IF": 9,  # mingw-w64 headers
    "IP_MULTICAST_LOOP": 11,  # mingw-w64 headers
    "IP_MULTICAST_TTL": 10,  # mingw-w64 headers
    "IP_OPTIONS": 1,  # mingw-w64 headers
    "IP_PKTINFO": 19,  # mingw-w64 headers
    "IP_RECVDSTADDR": 25,  # mingw-w64 headers
    "IP_RECVTOS": 40,  # mingw-w64 headers
    "IP_TOS": 3,  # mingw-w64 headers
    "IP_TTL": 4,  # mingw-w64 headers
    "IP_UNBLOCK_SOURCE": 18,  # mingw-w64 headers
    "MSG_BCAST": 1024,  # mingw-w64 headers
    "MSG_CTRUNC": 512,  # mingw-w64 headers
    "MSG_DONTROUTE": 4,  # mingw-w64 headers
    "MSG_ERRQUEUE": 4096,  # Windows SDK ws2def.h
    "MSG_MCAST": 2048,  # mingw-w64 headers
    "MSG_OOB": 1,  # mingw-w64 headers
    "MSG_PEEK": 2,  # mingw-w64 headers
    "MSG_TRUNC": 256,  # mingw-w64 headers
    "MSG_WAITALL": 8,  # mingw-w64 headers
    "NI_DGRAM": 16,  # mingw-w64 headers
    "NI_MAXHOST": 1025,  # mingw-w64 headers
    "NI_MAXSERV": 32,  # mingw-w64 headers
    "NI_NAMEREQD": 4,  # mingw-w64 headers
    "NI_NOFQDN": 1,  # mingw-w64 headers
    "NI_NUMERICHOST": 2,  # mingw-w64 headers
    "NI_NUMERICSERV": 8,  # mingw-w64 headers
    "RCVALL_MAX": 3,  # mingw-w64 headers
    "RCVALL_OFF": 0,  # mingw-w64 headers
    "RCVALL_ON": 1,  # mingw-w64 headers
    "RCVALL_SOCKETLEVELONLY": 2,  # mingw-w64 headers
    "SHUT_RD": 0,  # mingw-w64 headers, as SD_RECEIVE
    "SHUT_RDWR": 2,  # mingw-w64 headers, as SD_BOTH
    "SHUT_WR": 1,  # mingw-w64 headers, as SD_SEND
    "SIO_KEEPALIVE_VALS": 2550136836,  # mingw-w64 headers
    "SIO_LOOPBACK_FAST_PATH": 2550136848,  # mingw-w64 headers
    "SIO_RCVALL": 2550136833,  # mingw-w64 headers
    "SOCK_DGRAM": 2,  # mingw-w64 headers
    "SOCK_RAW": 3,  # mingw-w64 headers
    "SOCK_RDM": 4,  # mingw-w64 headers
    "SOCK_SEQPACKET": 5,  # mingw-w64 headers
    "SOCK_STREAM": 1,  # mingw-w64 headers
    "SOL_IP": 65531,  # Windows SDK ws2def.h (SOL_SOCKET-4); 0 on CPython 3.8
    "SOL_SOCKET": 65535,  # mingw-w64 headers
    "SOL_TCP": 6,  # CPython socketmodule.c fallback
    "SOL_UDP": 17,  # CPython socketmodule.c fallback
    "SOMAXCONN": 2147483647,  # mingw-w64 headers
    "SO_ACCEPTCONN": 2,  # mingw-w64 headers
    "SO_BROADCAST": 32,  # mingw-w64 headers
    "SO_DEBUG": 1,  # mingw-w64 headers
    "SO_DONTROUTE": 16,  # mingw-w64 headers
    "SO_ERROR": 4103,  # mingw-w64 headers
    "SO_EXCLUSIVEADDRUSE": -5,  # mingw-w64 headers
    "SO_KEEPALIVE": 8,  # mingw-w64 headers
    "SO_LINGER": 128,  # mingw-w64 headers
    "SO_OOBINLINE": 256,  # mingw-w64 headers
    "SO_RCVBUF": 4098,  # mingw-w64 headers
    "SO_RCVLOWAT": 4100,  # mingw-w64 headers
    "SO_RCVTIMEO": 4102,  # mingw-w64 headers
    "SO_REUSEADDR": 4,  # mingw-w64 headers
    "SO_SNDBUF": 4097,  # mingw-w64 headers
    "SO_SNDLOWAT": 4099,  # mingw-w64 headers
    "SO_SNDTIMEO": 4101,  # mingw-w64 headers
    "SO_TYPE": 4104,  # mingw-w64 headers
    "SO_USELOOPBACK": 64,  # mingw-w64 headers
    "TCP_FASTOPEN": 15,  # Windows SDK ws2ipdef.h
    "TCP_KEEPCNT": 16,  # Windows SDK ws2ipdef.h
    "TCP_KEEPIDLE": 3,  # Windows SDK ws2ipdef.h (TCP_KEEPALIVE)
    "TCP_KEEPINTVL": 17,  # Windows SDK ws2ipdef.h
    "TCP_MAXSEG": 4,  # Windows SDK ws2ipdef.h
    "TCP_NODELAY": 1,  # mingw-w64 headers
}

# The Windows CPython's errno module (3.13.2 under Wine).
ERRNO = {
    "E2BIG": 7,
    "EACCES": 13,
    "EADDRINUSE": 10048,
    "EADDRNOTAVAIL": 10049,
    "EAFNOSUPPORT": 10047,
    "EAGAIN": 11,
    "EALREADY": 10037,
    "EBADF": 9,
    "EBADMSG": 104,
    "EBUSY": 16,
    "ECANCELED": 105,
    "ECHILD": 10,
    "ECONNABORTED": 10053,
    "ECONNREFUSED": 10061,
    "ECONNRESET": 10054,
    "EDEADLK": 36,
    "EDEADLOCK": 36,
    "EDESTADDRREQ": 10039,
    "EDOM": 33,
    "EDQUOT": 10069,
    "EEXIST": 17,
    "EFAULT": 14,
    "EFBIG": 27,
    "EHOSTDOWN": 10064,
    "EHOSTUNREACH": 10065,
    "EIDRM": 111,
    "EILSEQ": 42,
    "EINPROGRESS": 10036,
    "EINTR": 4,
    "EINVAL": 22,
    "EIO": 5,
    "EISCONN": 10056,
    "EISDIR": 21,
    "ELOOP": 10062,
    "EMFILE": 24,
    "EMLINK": 31,
    "EMSGSIZE": 10040,
    "ENAMETOOLONG": 38,
    "ENETDOWN": 10050,
    "ENETRESET": 10052,
    "ENETUNREACH": 10051,
    "ENFILE": 23,
    "ENOBUFS": 10055,
    "ENODATA": 120,
    "ENODEV": 19,
    "ENOENT": 2,
    "ENOEXEC": 8,
    "ENOLCK": 39,
    "ENOLINK": 121,
    "ENOMEM": 12,
    "ENOMSG": 122,
    "ENOPROTOOPT": 10042,
    "ENOSPC": 28,
    "ENOSR": 124,
    "ENOSTR": 125,
    "ENOSYS": 40,
    "ENOTCONN": 10057,
    "ENOTDIR": 20,
    "ENOTEMPTY": 41,
    "ENOTRECOVERABLE": 127,
    "ENOTSOCK": 10038,
    "ENOTSUP": 129,
    "ENOTTY": 25,
    "ENXIO": 6,
    "EOPNOTSUPP": 10045,
    "EOVERFLOW": 132,
    "EOWNERDEAD": 133,
    "EPERM": 1,
    "EPFNOSUPPORT": 10046,
    "EPIPE": 32,
    "EPROTO": 134,
    "EPROTONOSUPPORT": 10043,
    "EPROTOTYPE": 10041,
    "ERANGE": 34,
    "EREMOTE": 10071,
    "EROFS": 30,
    "ESHUTDOWN": 10058,
    "ESOCKTNOSUPPORT": 10044,
    "ESPIPE": 29,
    "ESRCH": 3,
    "ESTALE": 10070,
    "ETIME": 137,
    "ETIMEDOUT": 10060,
    "ETOOMANYREFS": 10059,
    "ETXTBSY": 139,
    "EUSERS": 10068,
    "EWOULDBLOCK": 10035,
    "EXDEV": 18,
    "WSABASEERR": 10000,
    "WSAEACCES": 10013,
    "WSAEADDRINUSE": 10048,
    "WSAEADDRNOTAVAIL": 10049,
    "WSAEAFNOSUPPORT": 10047,
    "WSAEALREADY": 10037,
    "WSAEBADF": 10009,
    "WSAECONNABORTED": 10053,
    "WSAECONNREFUSED": 10061,
    "WSAECONNRESET": 10054,
    "WSAEDESTADDRREQ": 10039,
    "WSAEDISCON": 10101,
    "WSAEDQUOT": 10069,
    "WSAEFAULT": 10014,
    "WSAEHOSTDOWN": 10064,
    "WSAEHOSTUNREACH": 10065,
    "WSAEINPROGRESS": 10036,
    "WSAEINTR": 10004,
    "WSAEINVAL": 10022,
    "WSAEISCONN": 10056,
    "WSAELOOP": 10062,
    "WSAEMFILE": 10024,
    "WSAEMSGSIZE": 10040,
    "WSAENAMETOOLONG": 10063,
    "WSAENETDOWN": 10050,
    "WSAENETRESET": 10052,
    "WSAENETUNREACH": 10051,
    "WSAENOBUFS": 10055,
    "WSAENOPROTOOPT": 10042,
    "WSAENOTCONN": 10057,
    "WSAENOTEMPTY": 10066,
    "WSAENOTSOCK": 10038,
    "WSAEOPNOTSUPP": 10045,
    "WSAEPFNOSUPPORT": 10046,
    "WSAEPROCLIM": 10067,
    "WSAEPROTONOSUPPORT": 10043,
    "WSAEPROTOTYPE": 10041,
    "WSAEREMOTE": 10071,
    "WSAESHUTDOWN": 10058,
    "WSAESOCKTNOSUPPORT": 10044,
    "WSAESTALE": 10070,
    "WSAETIMEDOUT": 10060,
    "WSAETOOMANYREFS": 10059,
    "WSAEUSERS": 10068,
    "WSAEWOULDBLOCK": 10035,
    "WSANOTINITIALISED": 10093,
    "WSASYSNOTREADY": 10091,
    "WSAVERNOTSUPPORTED": 10092,
}

# The first CPython that exports a name (the others: all since 3.8).
SINCE = {
    "AF_BLUETOOTH": (3, 9),
    "AF_HYPERV": (3, 12),
    "AF_LINK": (3, 9),
    "BDADDR_ANY": (3, 9),
    "BDADDR_LOCAL": (3, 9),
    "BTPROTO_RFCOMM": (3, 9),
    "HVSOCKET_ADDRESS_FLAG_PASSTHRU": (3, 12),
    "HVSOCKET_CONNECTED_SUSPEND": (3, 12),
    "HVSOCKET_CONNECT_TIMEOUT": (3, 12),
    "HVSOCKET_CONNECT_TIMEOUT_MAX": (3, 12),
    "HV_GUID_BROADCAST": (3, 12),
    "HV_GUID_CHILDREN": (3, 12),
    "HV_GUID_LOOPBACK": (3, 12),
    "HV_GUID_PARENT": (3, 12),
    "HV_GUID_WILDCARD": (3, 12),
    "HV_GUID_ZERO": (3, 12),
    "HV_PROTOCOL_RAW": (3, 12),
    "IP_ADD_SOURCE_MEMBERSHIP": (3, 12),
    "IP_BLOCK_SOURCE": (3, 12),
    "IP_DROP_SOURCE_MEMBERSHIP": (3, 12),
    "IP_PKTINFO": (3, 12),
    "IP_RECVTOS": (3, 10),
    "IP_UNBLOCK_SOURCE": (3, 12),
}

# Values that differ by CPython version: {name: {(major, minor): value}}.
# SOL_IP: Windows CPython 3.8 was built with an SDK lacking it (CPython's
# fallback 0).
BY_VERSION = {"SOL_IP": {(3, 8): 0}}
