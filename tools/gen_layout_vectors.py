#!/usr/bin/env python3
"""Regenerate tests/vectors/layouts.json: struct layout test vectors.

Development-time tool, never imported by pysock.  For each platform it
records, from two independent sources, the size of the socket-API structs,
the offset and size of their fields, the sockaddr header form, the size of
sun_path and the CMSG alignment rule with a few CMSG_LEN/CMSG_SPACE values:

``headers``
    The platform's C declarations, compiled with the host gcc.

    * linux_x86_64: the machine's own /usr/include, through the real
      <sys/socket.h>, <netinet/in.h>, ... (so CMSG_* are glibc's macros).
    * darwin_x86_64 / darwin_arm64: struct declarations and macros cut out of
      the xnu headers (git directory given by --xnu), preceded by the
      typedefs they rest on.  Every typedef line of that prelude is looked
      up in the xnu header that declares it (bsd/i386/... for x86_64,
      bsd/arm/... for arm64), so a type whose width differed between the two
      would fail here instead of being assumed.
    * freebsd_amd64: the same, from verbatim excerpts of the FreeBSD headers
      kept in --freebsd-dir (with a SOURCES.json naming repository and
      commit of every file).

    The cut-out declarations are compiled by the host gcc (x86_64, LP64).
    That is the target ABI for darwin_x86_64 and freebsd_amd64; for
    darwin_arm64 it gives the same answer because every type used is a
    fixed-width integer, int, short, long, size_t or a pointer, whose size
    and alignment are the same under the Apple arm64 ABI (LP64).

``golang``
    golang.org/x/sys unix/ztypes_<os>_<arch>.go (git directory given by
    --golang), which cgo generated on real hosts.  Field offsets follow from
    Go's layout rules (each field at the next multiple of its alignment,
    struct size rounded up to the largest alignment) applied to the field
    types written there; the Sizeof* constants of the same files are
    checked against the computed sizes.  CMSG values follow cmsgAlignOf /
    CmsgLen / CmsgSpace of unix/sockcmsg_unix_other.go and sockcmsg_unix.go,
    whose relevant lines are checked to be present.

Field names in both sections are the C names (the Go names are mapped).

Usage::

    python3 tools/gen_layout_vectors.py \\
        --golang /work/.mirror/golang+sys/repo \\
        --xnu /work/.mirror/apple-oss-distributions+xnu/repo \\
        --freebsd-dir /tmp/freebsd-headers [--output FILE]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_OUTPUT = os.path.join(ROOT, "tests", "vectors", "layouts.json")

GOLANG_COMMIT = "e8c1c3274309bd87f360205f5706e986ceccb317"
XNU_COMMIT = "e3723e1f17661b24996789d8afc084c0c3303b26"

PLATFORMS = ("linux_x86_64", "darwin_x86_64", "darwin_arm64",
             "freebsd_amd64")


# ---------------------------------------------------------------------------
# Struct and field lists (C names), per platform.

BSD_COMMON = {
    "sockaddr": ["sa_len", "sa_family", "sa_data"],
    "sockaddr_storage": ["ss_len", "ss_family", "__ss_pad1", "__ss_align",
                         "__ss_pad2"],
    "sockaddr_in": ["sin_len", "sin_family", "sin_port", "sin_addr",
                    "sin_zero"],
    "sockaddr_in6": ["sin6_len", "sin6_family", "sin6_port",
                     "sin6_flowinfo", "sin6_addr", "sin6_scope_id"],
    "sockaddr_un": ["sun_len", "sun_family", "sun_path"],
    "sockaddr_dl": ["sdl_len", "sdl_family", "sdl_index", "sdl_type",
                    "sdl_nlen", "sdl_alen", "sdl_slen", "sdl_data"],
    "msghdr": ["msg_name", "msg_namelen", "msg_iov", "msg_iovlen",
               "msg_control", "msg_controllen", "msg_flags"],
    "cmsghdr": ["cmsg_len", "cmsg_level", "cmsg_type"],
    "iovec": ["iov_base", "iov_len"],
    "linger": ["l_onoff", "l_linger"],
    "timeval": ["tv_sec", "tv_usec"],
    "in_addr": ["s_addr"],
    "in6_addr": [],
    "ip_mreq": ["imr_multiaddr", "imr_interface"],
    "ip_mreqn": ["imr_multiaddr", "imr_address", "imr_ifindex"],
    "ipv6_mreq": ["ipv6mr_multiaddr", "ipv6mr_interface"],
    "in6_pktinfo": ["ipi6_addr", "ipi6_ifindex"],
    "pollfd": ["fd", "events", "revents"],
    "if_nameindex": ["if_index", "if_name"],
    "xucred": ["cr_version", "cr_uid", "cr_ngroups", "cr_groups"],
}

DARWIN_STRUCTS = dict(BSD_COMMON)
DARWIN_STRUCTS.update({
    "sockaddr_ctl": ["sc_len", "sc_family", "ss_sysaddr", "sc_id",
                     "sc_unit", "sc_reserved"],
    "ctl_info": ["ctl_id", "ctl_name"],
    "in_pktinfo": ["ipi_ifindex", "ipi_spec_dst", "ipi_addr"],
    "icmp6_filter": ["icmp6_filt"],
})

FREEBSD_STRUCTS = dict(BSD_COMMON)
FREEBSD_STRUCTS.update({
    "xucred": ["cr_version", "cr_uid", "cr_ngroups", "cr_groups", "cr_pid"],
    "addrinfo": ["ai_flags", "ai_family", "ai_socktype", "ai_protocol",
                 "ai_addrlen", "ai_canonname", "ai_addr", "ai_next"],
    "hostent": ["h_name", "h_aliases", "h_addrtype", "h_length",
                "h_addr_list"],
    "servent": ["s_name", "s_aliases", "s_port", "s_proto"],
    "protoent": ["p_name", "p_aliases", "p_proto"],
    "cmsgcred": ["cmcred_pid", "cmcred_uid", "cmcred_euid", "cmcred_gid",
                 "cmcred_ngroups", "cmcred_groups"],
    "sockcred": ["sc_uid", "sc_euid", "sc_gid", "sc_egid", "sc_ngroups",
                 "sc_groups"],
    "sockcred2": ["sc_version", "sc_pid", "sc_uid", "sc_euid", "sc_gid",
                  "sc_egid", "sc_ngroups", "sc_groups"],
    "sockaddr_hci": ["hci_len", "hci_family", "hci_node"],
    "sockaddr_l2cap": ["l2cap_len", "l2cap_family", "l2cap_psm",
                       "l2cap_bdaddr", "l2cap_cid", "l2cap_bdaddr_type"],
    "sockaddr_l2cap_compat": ["l2cap_len", "l2cap_family", "l2cap_psm",
                              "l2cap_bdaddr"],
    "sockaddr_rfcomm": ["rfcomm_len", "rfcomm_family", "rfcomm_bdaddr",
                        "rfcomm_channel"],
    "sockaddr_sco": ["sco_len", "sco_family", "sco_bdaddr"],
})

LINUX_STRUCTS = {
    "sockaddr": ["sa_family", "sa_data"],
    "sockaddr_storage": ["ss_family", "__ss_padding", "__ss_align"],
    "sockaddr_in": ["sin_family", "sin_port", "sin_addr", "sin_zero"],
    "sockaddr_in6": ["sin6_family", "sin6_port", "sin6_flowinfo",
                     "sin6_addr", "sin6_scope_id"],
    "sockaddr_un": ["sun_family", "sun_path"],
    "sockaddr_ll": ["sll_family", "sll_protocol", "sll_ifindex",
                    "sll_hatype", "sll_pkttype", "sll_halen", "sll_addr"],
    "sockaddr_nl": ["nl_family", "nl_pad", "nl_pid", "nl_groups"],
    "msghdr": ["msg_name", "msg_namelen", "msg_iov", "msg_iovlen",
               "msg_control", "msg_controllen", "msg_flags"],
    "cmsghdr": ["cmsg_len", "cmsg_level", "cmsg_type"],
    "iovec": ["iov_base", "iov_len"],
    "linger": ["l_onoff", "l_linger"],
    "timeval": ["tv_sec", "tv_usec"],
    "in_addr": ["s_addr"],
    "in6_addr": [],
    "ip_mreq": ["imr_multiaddr", "imr_interface"],
    "ip_mreqn": ["imr_multiaddr", "imr_address", "imr_ifindex"],
    "ipv6_mreq": ["ipv6mr_multiaddr", "ipv6mr_interface"],
    "in_pktinfo": ["ipi_ifindex", "ipi_spec_dst", "ipi_addr"],
    "in6_pktinfo": ["ipi6_addr", "ipi6_ifindex"],
    "icmp6_filter": ["icmp6_filt"],
    "addrinfo": ["ai_flags", "ai_family", "ai_socktype", "ai_protocol",
                 "ai_addrlen", "ai_addr", "ai_canonname", "ai_next"],
    "hostent": ["h_name", "h_aliases", "h_addrtype", "h_length",
                "h_addr_list"],
    "servent": ["s_name", "s_aliases", "s_port", "s_proto"],
    "protoent": ["p_name", "p_aliases", "p_proto"],
    "if_nameindex": ["if_index", "if_name"],
    "pollfd": ["fd", "events", "revents"],
    "ucred": ["pid", "uid", "gid"],
}


# ---------------------------------------------------------------------------
# Declarations cut out of the BSD headers, in dependency order.
# ("typedef", file, line)  a typedef line that must occur in file
# ("define", text)         a definition of ours (no header counterpart)
# ("struct", file, name)   struct NAME { ... }; from file
# ("typedef_struct", file, name)  typedef struct { ... } NAME; from file
# ("struct_macro", file, macro, name)  MACRO { ... }; with #define MACRO
#                          struct NAME (xnu's _STRUCT_TIMEVAL idiom)
# ("macro", file, name)    #define NAME ... (continuation lines included)

def darwin_decls(arch_dir):
    """arch_dir: 'i386' (x86_64) or 'arm' (arm64)."""
    types_h = "bsd/%s/_types.h" % arch_dir
    param_h = "bsd/%s/_param.h" % arch_dir
    t = "typedef"
    return [
        ("define", "#define __APPLE__ 1"),
        ("define", "#define __sized_by(n)"),
        (t, types_h, "typedef unsigned char __uint8_t;"),
        (t, types_h, "typedef short __int16_t;"),
        (t, types_h, "typedef unsigned short __uint16_t;"),
        (t, types_h, "typedef int __int32_t;"),
        (t, types_h, "typedef unsigned int __uint32_t;"),
        (t, types_h, "typedef long long __int64_t;"),
        (t, types_h, "typedef unsigned long long __uint64_t;"),
        (t, types_h, "typedef unsigned long __darwin_size_t;"),
        (t, types_h, "typedef __uint32_t __darwin_socklen_t;"),
        (t, types_h, "typedef long __darwin_time_t;"),
        (t, "bsd/sys/_types.h", "typedef __uint32_t __darwin_gid_t;"),
        (t, "bsd/sys/_types.h", "typedef __int32_t __darwin_pid_t;"),
        (t, "bsd/sys/_types.h", "typedef __int32_t __darwin_suseconds_t;"),
        (t, "bsd/sys/_types.h", "typedef __uint32_t __darwin_uid_t;"),
        (t, "bsd/sys/_types/_sa_family_t.h",
         "typedef __uint8_t sa_family_t;"),
        (t, "bsd/sys/_types/_socklen_t.h",
         "typedef __darwin_socklen_t socklen_t;"),
        (t, "bsd/sys/_types/_in_addr_t.h", "typedef __uint32_t in_addr_t;"),
        (t, "bsd/sys/_types/_in_port_t.h", "typedef __uint16_t in_port_t;"),
        (t, "bsd/sys/_types/_u_char.h", "typedef unsigned char u_char;"),
        (t, "bsd/sys/_types/_u_short.h", "typedef unsigned short u_short;"),
        (t, "bsd/sys/_types/_u_int.h", "typedef unsigned int u_int;"),
        (t, "bsd/sys/_types/_u_int16_t.h",
         "typedef unsigned short u_int16_t;"),
        (t, "bsd/sys/_types/_u_int32_t.h", "typedef unsigned int u_int32_t;"),
        (t, "bsd/sys/_types/_uid_t.h", "typedef __darwin_uid_t uid_t;"),
        (t, "bsd/sys/_types/_gid_t.h", "typedef __darwin_gid_t gid_t;"),
        (t, "bsd/sys/_types/_pid_t.h", "typedef __darwin_pid_t pid_t;"),
        (t, "bsd/sys/_types/_size_t.h", "typedef __darwin_size_t size_t;"),
        ("macro", "bsd/sys/syslimits.h", "NGROUPS_MAX"),
        ("macro", "bsd/sys/param.h", "NGROUPS"),
        ("macro", param_h, "__DARWIN_ALIGNBYTES32"),
        ("macro", param_h, "__DARWIN_ALIGN32"),
        ("macro", "bsd/sys/kern_control.h", "MAX_KCTL_NAME"),
        ("struct", "bsd/sys/socket.h", "linger"),
        ("struct", "bsd/sys/socket.h", "sockaddr"),
        ("macro", "bsd/sys/socket.h", "_SS_MAXSIZE"),
        ("macro", "bsd/sys/socket.h", "_SS_ALIGNSIZE"),
        ("macro", "bsd/sys/socket.h", "_SS_PAD1SIZE"),
        ("macro", "bsd/sys/socket.h", "_SS_PAD2SIZE"),
        ("struct", "bsd/sys/socket.h", "sockaddr_storage"),
        ("struct", "bsd/sys/_types/_iovec_t.h", "iovec"),
        ("struct", "bsd/sys/socket.h", "msghdr"),
        ("struct", "bsd/sys/socket.h", "cmsghdr"),
        ("macro", "bsd/sys/socket.h", "CMSG_DATA"),
        ("macro", "bsd/sys/socket.h", "CMSG_SPACE"),
        ("macro", "bsd/sys/socket.h", "CMSG_LEN"),
        ("struct_macro", "bsd/sys/_types/_timeval.h", "_STRUCT_TIMEVAL",
         "timeval"),
        ("struct", "bsd/netinet/in.h", "in_addr"),
        ("struct", "bsd/netinet/in.h", "sockaddr_in"),
        ("struct", "bsd/netinet/in.h", "ip_mreq"),
        ("struct", "bsd/netinet/in.h", "ip_mreqn"),
        ("struct", "bsd/netinet/in.h", "in_pktinfo"),
        ("struct", "bsd/netinet6/in6.h", "in6_addr"),
        ("struct", "bsd/netinet6/in6.h", "sockaddr_in6"),
        ("struct", "bsd/netinet6/in6.h", "ipv6_mreq"),
        ("struct", "bsd/netinet6/in6.h", "in6_pktinfo"),
        ("struct", "bsd/netinet/icmp6.h", "icmp6_filter"),
        ("struct", "bsd/sys/un.h", "sockaddr_un"),
        ("struct", "bsd/net/if_dl.h", "sockaddr_dl"),
        ("struct", "bsd/net/if.h", "if_nameindex"),
        ("struct", "bsd/sys/kern_control.h", "sockaddr_ctl"),
        ("struct", "bsd/sys/kern_control.h", "ctl_info"),
        ("struct", "bsd/sys/poll.h", "pollfd"),
        ("struct", "bsd/sys/ucred.h", "xucred"),
    ]


def freebsd_decls():
    t = "typedef"
    x86 = "sys/x86/include/_types.h"
    st = "sys/sys/_types.h"
    ty = "sys/sys/types.h"
    return [
        (t, x86, "typedef unsigned char __uint8_t;"),
        (t, x86, "typedef unsigned short __uint16_t;"),
        (t, x86, "typedef int __int32_t;"),
        (t, x86, "typedef unsigned int __uint32_t;"),
        (t, x86, "typedef long __int64_t;"),
        (t, x86, "typedef unsigned long __uint64_t;"),
        (t, x86, "typedef __int64_t __register_t;"),
        (t, x86, "typedef __uint64_t __size_t;"),
        (t, x86, "typedef __int64_t __time_t;"),
        (t, x86, "typedef __uint64_t __uintptr_t;"),
        (t, st, "typedef __uint32_t __gid_t;"),
        (t, st, "typedef __int32_t __pid_t;"),
        (t, st, "typedef __uint8_t __sa_family_t;"),
        (t, st, "typedef __uint32_t __socklen_t;"),
        (t, st, "typedef long __suseconds_t;"),
        (t, st, "typedef __uint32_t __uid_t;"),
        (t, ty, "typedef unsigned char u_char;"),
        (t, ty, "typedef unsigned short u_short;"),
        (t, ty, "typedef unsigned int u_int;"),
        (t, ty, "typedef __uint8_t u_int8_t;"),
        (t, ty, "typedef __uint16_t u_int16_t;"),
        (t, ty, "typedef __uint32_t u_int32_t;"),
        (t, ty, "typedef __gid_t gid_t;"),
        (t, ty, "typedef __pid_t pid_t;"),
        (t, ty, "typedef __register_t register_t;"),
        (t, ty, "typedef __uid_t uid_t;"),
        (t, "sys/sys/socket.h", "typedef __sa_family_t sa_family_t;"),
        (t, "sys/sys/socket.h", "typedef __socklen_t socklen_t;"),
        (t, "sys/sys/socket.h", "typedef __uintptr_t uintptr_t;"),
        ("macro", "sys/x86/include/_align.h", "_ALIGNBYTES"),
        ("macro", "sys/x86/include/_align.h", "_ALIGN"),
        (t, "sys/netinet/in.h", "typedef __uint8_t uint8_t;"),
        (t, "sys/netinet/in.h", "typedef __uint16_t uint16_t;"),
        (t, "sys/netinet/in.h", "typedef __uint32_t uint32_t;"),
        (t, "sys/netinet/in.h", "typedef uint32_t in_addr_t;"),
        (t, "sys/netinet/in.h", "typedef uint16_t in_port_t;"),
        (t, "sys/sys/_iovec.h", "typedef __size_t size_t;"),
        (t, "sys/sys/_timeval.h", "typedef __suseconds_t suseconds_t;"),
        (t, "sys/sys/_timeval.h", "typedef __time_t time_t;"),
        ("struct", "sys/sys/socket.h", "linger"),
        ("struct", "sys/sys/socket.h", "sockaddr"),
        ("macro", "sys/sys/_sockaddr_storage.h", "_SS_MAXSIZE"),
        ("macro", "sys/sys/_sockaddr_storage.h", "_SS_ALIGNSIZE"),
        ("macro", "sys/sys/_sockaddr_storage.h", "_SS_PAD1SIZE"),
        ("macro", "sys/sys/_sockaddr_storage.h", "_SS_PAD2SIZE"),
        ("struct", "sys/sys/_sockaddr_storage.h", "sockaddr_storage"),
        ("struct", "sys/sys/_iovec.h", "iovec"),
        ("struct", "sys/sys/socket.h", "msghdr"),
        ("struct", "sys/sys/socket.h", "cmsghdr"),
        ("macro", "sys/sys/socket.h", "CMGROUP_MAX"),
        ("struct", "sys/sys/socket.h", "cmsgcred"),
        ("struct", "sys/sys/socket.h", "sockcred"),
        ("struct", "sys/sys/socket.h", "sockcred2"),
        ("macro", "sys/sys/socket.h", "CMSG_DATA"),
        ("macro", "sys/sys/socket.h", "CMSG_SPACE"),
        ("macro", "sys/sys/socket.h", "CMSG_LEN"),
        ("struct", "sys/sys/_timeval.h", "timeval"),
        ("struct", "sys/netinet/in.h", "in_addr"),
        ("struct", "sys/netinet/in.h", "sockaddr_in"),
        ("struct", "sys/netinet/in.h", "ip_mreq"),
        ("struct", "sys/netinet/in.h", "ip_mreqn"),
        ("struct", "sys/netinet6/in6.h", "in6_addr"),
        ("struct", "sys/netinet6/in6.h", "sockaddr_in6"),
        ("struct", "sys/netinet6/in6.h", "ipv6_mreq"),
        ("struct", "sys/netinet6/in6.h", "in6_pktinfo"),
        ("macro", "sys/sys/un.h", "SUNPATHLEN"),
        ("struct", "sys/sys/un.h", "sockaddr_un"),
        ("struct", "sys/net/if_dl.h", "sockaddr_dl"),
        ("struct", "sys/net/if.h", "if_nameindex"),
        ("struct", "sys/sys/poll.h", "pollfd"),
        ("macro", "sys/sys/ucred.h", "XU_NGROUPS"),
        ("struct", "sys/sys/ucred.h", "xucred"),
        ("struct", "include/netdb.h", "hostent"),
        ("struct", "include/netdb.h", "servent"),
        ("struct", "include/netdb.h", "protoent"),
        ("struct", "include/netdb.h", "addrinfo"),
        ("macro", "sys/netgraph/bluetooth/include/ng_hci.h",
         "NG_HCI_BDADDR_SIZE"),
        ("typedef_struct", "sys/netgraph/bluetooth/include/ng_hci.h",
         "bdaddr_t"),
        ("struct", "sys/netgraph/bluetooth/include/ng_btsocket.h",
         "sockaddr_hci"),
        ("struct", "sys/netgraph/bluetooth/include/ng_btsocket.h",
         "sockaddr_sco"),
        ("struct", "sys/netgraph/bluetooth/include/ng_btsocket.h",
         "sockaddr_l2cap_compat"),
        ("struct", "sys/netgraph/bluetooth/include/ng_btsocket.h",
         "sockaddr_l2cap"),
        ("struct", "sys/netgraph/bluetooth/include/ng_btsocket.h",
         "sockaddr_rfcomm"),
    ]


# ---------------------------------------------------------------------------
# Go (golang.org/x/sys) side.

GO_FILES = {
    "linux_x86_64": ["unix/ztypes_linux.go", "unix/ztypes_linux_amd64.go"],
    "darwin_x86_64": ["unix/ztypes_darwin_amd64.go"],
    "darwin_arm64": ["unix/ztypes_darwin_arm64.go"],
    "freebsd_amd64": ["unix/ztypes_freebsd_amd64.go"],
}

# C struct -> (Go type, Go Sizeof constant or None, {C field: Go field})
_GO_BSD = {
    "sockaddr": ("RawSockaddr", None,
                 {"sa_len": "Len", "sa_family": "Family", "sa_data": "Data"}),
    "sockaddr_in": ("RawSockaddrInet4", "SizeofSockaddrInet4",
                    {"sin_len": "Len", "sin_family": "Family",
                     "sin_port": "Port", "sin_addr": "Addr",
                     "sin_zero": "Zero"}),
    "sockaddr_in6": ("RawSockaddrInet6", "SizeofSockaddrInet6",
                     {"sin6_len": "Len", "sin6_family": "Family",
                      "sin6_port": "Port", "sin6_flowinfo": "Flowinfo",
                      "sin6_addr": "Addr", "sin6_scope_id": "Scope_id"}),
    "sockaddr_un": ("RawSockaddrUnix", "SizeofSockaddrUnix",
                    {"sun_len": "Len", "sun_family": "Family",
                     "sun_path": "Path"}),
    "sockaddr_dl": ("RawSockaddrDatalink", "SizeofSockaddrDatalink",
                    {"sdl_len": "Len", "sdl_family": "Family",
                     "sdl_index": "Index", "sdl_type": "Type",
                     "sdl_nlen": "Nlen", "sdl_alen": "Alen",
                     "sdl_slen": "Slen", "sdl_data": "Data"}),
    "xucred": ("Xucred", "SizeofXucred",
               {"cr_version": "Version", "cr_uid": "Uid",
                "cr_ngroups": "Ngroups", "cr_groups": "Groups"}),
    "linger": ("Linger", "SizeofLinger",
               {"l_onoff": "Onoff", "l_linger": "Linger"}),
    "iovec": ("Iovec", "SizeofIovec", {"iov_base": "Base", "iov_len": "Len"}),
    "ip_mreq": ("IPMreq", "SizeofIPMreq",
                {"imr_multiaddr": "Multiaddr", "imr_interface": "Interface"}),
    "ip_mreqn": ("IPMreqn", "SizeofIPMreqn",
                 {"imr_multiaddr": "Multiaddr", "imr_address": "Address",
                  "imr_ifindex": "Ifindex"}),
    "ipv6_mreq": ("IPv6Mreq", "SizeofIPv6Mreq",
                  {"ipv6mr_multiaddr": "Multiaddr",
                   "ipv6mr_interface": "Interface"}),
    "msghdr": ("Msghdr", "SizeofMsghdr",
               {"msg_name": "Name", "msg_namelen": "Namelen",
                "msg_iov": "Iov", "msg_iovlen": "Iovlen",
                "msg_control": "Control", "msg_controllen": "Controllen",
                "msg_flags": "Flags"}),
    "cmsghdr": ("Cmsghdr", "SizeofCmsghdr",
                {"cmsg_len": "Len", "cmsg_level": "Level",
                 "cmsg_type": "Type"}),
    "in6_pktinfo": ("Inet6Pktinfo", "SizeofInet6Pktinfo",
                    {"ipi6_addr": "Addr", "ipi6_ifindex": "Ifindex"}),
    "icmp6_filter": ("ICMPv6Filter", "SizeofICMPv6Filter",
                     {"icmp6_filt": "Filt"}),
    "timeval": ("Timeval", None, {"tv_sec": "Sec", "tv_usec": "Usec"}),
    "pollfd": ("PollFd", None,
               {"fd": "Fd", "events": "Events", "revents": "Revents"}),
}

GO_DARWIN = dict(_GO_BSD)
GO_DARWIN.update({
    "sockaddr_ctl": ("RawSockaddrCtl", "SizeofSockaddrCtl",
                     {"sc_len": "Sc_len", "sc_family": "Sc_family",
                      "ss_sysaddr": "Ss_sysaddr", "sc_id": "Sc_id",
                      "sc_unit": "Sc_unit", "sc_reserved": "Sc_reserved"}),
    "ctl_info": ("CtlInfo", None, {"ctl_id": "Id", "ctl_name": "Name"}),
    "in_pktinfo": ("Inet4Pktinfo", "SizeofInet4Pktinfo",
                   {"ipi_ifindex": "Ifindex", "ipi_spec_dst": "Spec_dst",
                    "ipi_addr": "Addr"}),
})

GO_FREEBSD = dict(_GO_BSD)

GO_LINUX = {
    "sockaddr": ("RawSockaddr", None,
                 {"sa_family": "Family", "sa_data": "Data"}),
    "sockaddr_in": ("RawSockaddrInet4", "SizeofSockaddrInet4",
                    {"sin_family": "Family", "sin_port": "Port",
                     "sin_addr": "Addr", "sin_zero": "Zero"}),
    "sockaddr_in6": ("RawSockaddrInet6", "SizeofSockaddrInet6",
                     {"sin6_family": "Family", "sin6_port": "Port",
                      "sin6_flowinfo": "Flowinfo", "sin6_addr": "Addr",
                      "sin6_scope_id": "Scope_id"}),
    "sockaddr_un": ("RawSockaddrUnix", "SizeofSockaddrUnix",
                    {"sun_family": "Family", "sun_path": "Path"}),
    "sockaddr_ll": ("RawSockaddrLinklayer", "SizeofSockaddrLinklayer",
                    {"sll_family": "Family", "sll_protocol": "Protocol",
                     "sll_ifindex": "Ifindex", "sll_hatype": "Hatype",
                     "sll_pkttype": "Pkttype", "sll_halen": "Halen",
                     "sll_addr": "Addr"}),
    "sockaddr_nl": ("RawSockaddrNetlink", "SizeofSockaddrNetlink",
                    {"nl_family": "Family", "nl_pad": "Pad",
                     "nl_pid": "Pid", "nl_groups": "Groups"}),
    "linger": _GO_BSD["linger"],
    "iovec": _GO_BSD["iovec"],
    "ip_mreq": _GO_BSD["ip_mreq"],
    "ip_mreqn": _GO_BSD["ip_mreqn"],
    "ipv6_mreq": _GO_BSD["ipv6_mreq"],
    "msghdr": _GO_BSD["msghdr"],
    "cmsghdr": _GO_BSD["cmsghdr"],
    "in_pktinfo": GO_DARWIN["in_pktinfo"],
    "in6_pktinfo": _GO_BSD["in6_pktinfo"],
    "icmp6_filter": ("ICMPv6Filter", "SizeofICMPv6Filter",
                     {"icmp6_filt": "Data"}),
    "timeval": _GO_BSD["timeval"],
    "pollfd": _GO_BSD["pollfd"],
    "ucred": ("Ucred", "SizeofUcred",
              {"pid": "Pid", "uid": "Uid", "gid": "Gid"}),
}

GO_MAPS = {
    "linux_x86_64": GO_LINUX,
    "darwin_x86_64": GO_DARWIN,
    "darwin_arm64": GO_DARWIN,
    "freebsd_amd64": GO_FREEBSD,
}

# Scalar sizes on amd64/arm64 (alignment equals size).
GO_SCALARS = {
    "int8": 1, "uint8": 1, "byte": 1, "bool": 1,
    "int16": 2, "uint16": 2,
    "int32": 4, "uint32": 4, "float32": 4, "rune": 4,
    "int64": 8, "uint64": 8, "int": 8, "uint": 8, "uintptr": 8,
    "float64": 8,
}


def git_show(gitdir, commit, path):
    return subprocess.run(
        ["git", "--git-dir", gitdir, "show", "%s:%s" % (commit, path)],
        check=True, capture_output=True, text=True).stdout


def go_parse(text, types, consts):
    """Collect `type X struct {...}`, `type X T` and Sizeof constants."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].split("//")[0].strip()
        m = re.match(r"type (\w+) struct \{\}$", line)
        if m:
            types[m.group(1)] = ("struct", [])
            i += 1
            continue
        m = re.match(r"type (\w+) struct \{$", line)
        if m:
            fields = []
            i += 1
            while not lines[i].startswith("}"):
                body = re.sub(r"/\*.*?\*/", "", lines[i]).split("//")[0]
                body = body.strip()
                if body:
                    fm = re.match(r"(\w+)\s+(\S+)$", body)
                    if not fm:
                        raise ValueError("cannot parse Go field %r" % body)
                    fields.append((fm.group(1), fm.group(2)))
                i += 1
            types[m.group(1)] = ("struct", fields)
            i += 1
            continue
        m = re.match(r"type (\w+) (\*?\[?\w[\w\[\]*]*)$", line)
        if m:
            types[m.group(1)] = ("alias", m.group(2))
        for cm in re.finditer(r"\b(Sizeof\w+)\s*=\s*(0x[0-9a-fA-F]+|\d+)",
                              line):
            consts[cm.group(1)] = int(cm.group(2), 0)
        i += 1


def go_size_align(types, t):
    if t.startswith("*"):
        return 8, 8
    m = re.match(r"\[(\d+)\](.+)$", t)
    if m:
        size, align = go_size_align(types, m.group(2))
        return int(m.group(1)) * size, align
    if t in GO_SCALARS:
        return GO_SCALARS[t], GO_SCALARS[t]
    kind, val = types[t]
    if kind == "alias":
        return go_size_align(types, val)
    layout = go_struct_layout(types, t)
    return layout["size"], layout["align"]


def go_struct_layout(types, name):
    kind, fields = types[name]
    if kind != "struct":
        raise ValueError("%s is not a struct" % name)
    off = 0
    align = 1
    out = []
    for fname, ftype in fields:
        size, falign = go_size_align(types, ftype)
        off = (off + falign - 1) // falign * falign
        out.append((fname, off, size))
        off += size
        align = max(align, falign)
    size = (off + align - 1) // align * align
    return {"size": size, "align": align, "fields": out}


def golang_section(gitdir, platform, problems):
    types, consts = {}, {}
    for path in GO_FILES[platform]:
        go_parse(git_show(gitdir, GOLANG_COMMIT, path), types, consts)
    structs = {}
    for cname, (gname, sizeof, fmap) in sorted(GO_MAPS[platform].items()):
        if gname not in types:
            problems.append("%s: Go type %s missing" % (platform, gname))
            continue
        lay = go_struct_layout(types, gname)
        if sizeof is not None:
            if consts.get(sizeof) != lay["size"]:
                problems.append("%s: %s=%r but computed %d" % (
                    platform, sizeof, consts.get(sizeof), lay["size"]))
        byname = {f: (o, s) for f, o, s in lay["fields"] if f != "_"}
        fields = {}
        for cf, gf in fmap.items():
            if gf not in byname:
                problems.append("%s: %s.%s missing" % (platform, gname, gf))
                continue
            fields[cf] = list(byname[gf])
        structs[cname] = {"size": lay["size"], "fields": fields,
                          "go_type": gname}

    # CMSG: cmsgAlignOf() of unix/sockcmsg_unix_other.go.
    other = git_show(gitdir, GOLANG_COMMIT, "unix/sockcmsg_unix_other.go")
    unix = git_show(gitdir, GOLANG_COMMIT, "unix/sockcmsg_unix.go")
    required = [
        (other, r"salign := SizeofPtr"),
        (other, r'case "darwin", "ios", "illumos", "solaris":\s*'
                r"(//[^\n]*\n\s*)*if SizeofPtr == 8 \{\s*salign = 4\s*\}"),
        (other, r"return \(salen \+ salign - 1\) & \^\(salign - 1\)"),
        (unix, r"return cmsgAlignOf\(SizeofCmsghdr\) \+ datalen"),
        (unix, r"return cmsgAlignOf\(SizeofCmsghdr\) \+ cmsgAlignOf\(datalen\)"),
    ]
    for text, pattern in required:
        if not re.search(pattern, text):
            problems.append("golang cmsg code changed: %r" % pattern)
    cases = re.findall(r'case ([^:]+):', other)
    freebsd_special = any('"freebsd"' in c for c in cases)
    linux_special = any('"linux"' in c for c in cases)
    if freebsd_special or linux_special:
        problems.append("golang cmsgAlignOf has a freebsd/linux case now")
    ptr = consts["SizeofPtr"]
    salign = 4 if platform.startswith("darwin") and ptr == 8 else ptr

    def al(n):
        return (n + salign - 1) & ~(salign - 1)

    hdr = consts["SizeofCmsghdr"]
    cmsg = {
        "align": salign,
        "data_offset": al(hdr),
        "CMSG_LEN(0)": al(hdr) + 0,
        "CMSG_SPACE(1)": al(hdr) + al(1),
        "CMSG_SPACE(4)": al(hdr) + al(4),
        "CMSG_SPACE(16)": al(hdr) + al(16),
    }
    rules = {
        "linux_x86_64": "cmsgAlignOf: salign = SizeofPtr (8)",
        "freebsd_amd64": "cmsgAlignOf: salign = SizeofPtr (8)",
        "darwin_x86_64": "cmsgAlignOf: darwin with SizeofPtr == 8 -> 4",
        "darwin_arm64": "cmsgAlignOf: darwin with SizeofPtr == 8 -> 4",
    }
    cmsg["rule"] = rules[platform]
    return finish_section(structs, cmsg)


def finish_section(structs, cmsg):
    sa = structs.get("sockaddr")
    header = None
    if sa:
        fam = sa["fields"]["sa_family"]
        if "sa_len" in sa["fields"]:
            ln = sa["fields"]["sa_len"]
            if ln == [0, 1] and fam == [1, 1]:
                header = "u8 sa_len + u8 sa_family"
        elif fam == [0, 2]:
            header = "u16 sa_family"
    sun = structs.get("sockaddr_un")
    return {
        "structs": structs,
        "cmsg": cmsg,
        "sockaddr_header": header,
        "sun_path": sun["fields"]["sun_path"][1] if sun else None,
    }


# ---------------------------------------------------------------------------
# Header side.

def _norm(s):
    s = re.sub(r"/\*.*?\*/", " ", s, flags=re.S)
    return " ".join(s.replace(";", " ; ").split())


def _brace_block(text, start):
    """From text[start] == '{' to the ';' after the matching '}'."""
    depth = 0
    i = start
    while True:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    end = text.index(";", i)
    return text[start:end + 1]


def extract(text, kind, name, path):
    if kind == "struct":
        m = re.search(r"(typedef\s+)?struct\s+%s\s*\{" % re.escape(name), text)
        if not m:
            raise ValueError("struct %s not in %s" % (name, path))
        block = _brace_block(text, m.end() - 1)
        return "struct %s %s" % (name, _strip_typedef_name(block))
    if kind == "typedef_struct":
        m = re.search(r"\}\s*(__attribute__\s*\(\(\s*packed\s*\)\)\s*)?%s\s*;"
                      % re.escape(name), text)
        if not m:
            raise ValueError("typedef %s not in %s" % (name, path))
        start = text.rindex("typedef struct", 0, m.start())
        return text[start:m.end()]
    if kind == "macro":
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if re.match(r"\s*#\s*define\s+%s\b" % re.escape(name), line):
                out = [line]
                while out[-1].rstrip().endswith("\\"):
                    i += 1
                    out.append(lines[i])
                return "\n".join(out)
        raise ValueError("macro %s not in %s" % (name, path))
    raise ValueError(kind)


def _strip_typedef_name(block):
    # "{ ... } in6_addr_t;" -> "{ ... };"
    return re.sub(r"\}\s*\w+\s*;$", "};", block)


def build_bsd_probe(decls, read, structs):
    """decls as in darwin_decls(); read(path) -> text.  Returns C source
    and a list of header citations."""
    parts = ["/* generated by tools/gen_layout_vectors.py */"]
    used = set()
    for d in decls:
        kind = d[0]
        if kind == "define":
            parts.append(d[1])
            continue
        path = d[1]
        if kind == "typedef":
            text = read(path)
            if _norm(d[2]) not in _norm(text):
                raise ValueError("%r not found in %s" % (d[2], path))
            parts.append(d[2])
        elif kind == "struct_macro":
            text = read(path)
            macro, name = d[2], d[3]
            m = re.search(r"^%s\s*\{" % re.escape(macro), text, re.M)
            if not m:
                raise ValueError("%s { not in %s" % (macro, path))
            parts.append("struct %s %s" % (name,
                                           _brace_block(text, m.end() - 1)))
        else:
            parts.append(extract(read(path), kind, d[2], path))
        used.add(path)
    parts.append("int printf(const char *, ...);")
    parts.append("int main(void) {")
    for sname, fields in sorted(structs.items()):
        parts.append('  printf("S %s %%lu\\n", (unsigned long)sizeof(struct %s));'
                     % (sname, sname))
        for f in fields:
            parts.append(
                '  printf("F %s %s %%lu %%lu\\n", (unsigned long)'
                "__builtin_offsetof(struct %s, %s), (unsigned long)"
                "sizeof(((struct %s *)0)->%s));"
                % (sname, f, sname, f, sname, f))
    parts.append("  return 0;\n}")
    return "\n".join(parts) + "\n", sorted(used)


CMSG_PROBE = r"""
  printf("C align %lu\n", (unsigned long)(CMSG_SPACE(1) - CMSG_SPACE(0)));
  printf("C data_offset %lu\n",
         (unsigned long)((unsigned char *)CMSG_DATA((struct cmsghdr *)0)
                         - (unsigned char *)0));
  printf("C CMSG_LEN(0) %lu\n", (unsigned long)CMSG_LEN(0));
  printf("C CMSG_SPACE(1) %lu\n", (unsigned long)CMSG_SPACE(1));
  printf("C CMSG_SPACE(4) %lu\n", (unsigned long)CMSG_SPACE(4));
  printf("C CMSG_SPACE(16) %lu\n", (unsigned long)CMSG_SPACE(16));
"""


def run_probe(source, workdir, tag):
    src = os.path.join(workdir, tag + ".c")
    exe = os.path.join(workdir, tag)
    with open(src, "w") as f:
        f.write(source.replace("  return 0;\n}", CMSG_PROBE + "  return 0;\n}"))
    subprocess.run(["gcc", "-std=gnu11", "-w", "-O0", "-o", exe, src],
                   check=True)
    out = subprocess.run([exe], check=True, capture_output=True,
                         text=True).stdout
    structs, cmsg = {}, {}
    for line in out.splitlines():
        parts = line.split()
        if parts[0] == "S":
            structs[parts[1]] = {"size": int(parts[2]), "fields": {}}
        elif parts[0] == "F":
            structs[parts[1]]["fields"][parts[2]] = [int(parts[3]),
                                                     int(parts[4])]
        elif parts[0] == "C":
            cmsg[parts[1]] = int(parts[2])
    return structs, cmsg


LINUX_PROBE_HEAD = """\
#define _GNU_SOURCE 1
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/time.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <netdb.h>
#include <net/if.h>
#include <poll.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
"""


def linux_probe_source():
    parts = [LINUX_PROBE_HEAD, "int main(void) {"]
    for sname, fields in sorted(LINUX_STRUCTS.items()):
        parts.append('  printf("S %s %%lu\\n", (unsigned long)sizeof(struct %s));'
                     % (sname, sname))
        for f in fields:
            parts.append(
                '  printf("F %s %s %%lu %%lu\\n", (unsigned long)'
                "offsetof(struct %s, %s), (unsigned long)"
                "sizeof(((struct %s *)0)->%s));"
                % (sname, f, sname, f, sname, f))
    parts.append("  return 0;\n}")
    return "\n".join(parts) + "\n"


def gcc_version():
    out = subprocess.run(["gcc", "--version"], capture_output=True,
                         text=True).stdout
    return out.splitlines()[0] if out else "?"


def glibc_version():
    try:
        return os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError):
        return "?"


CMSG_RULES = {
    "linux_x86_64": "glibc <bits/socket.h>: CMSG_ALIGN(len) rounds up to "
                    "sizeof(size_t) = 8",
    "darwin_x86_64": "xnu bsd/sys/socket.h: __DARWIN_ALIGN32, "
                     "bsd/i386/_param.h: __DARWIN_ALIGNBYTES32 = "
                     "sizeof(__uint32_t) - 1 -> 4",
    "darwin_arm64": "xnu bsd/sys/socket.h: __DARWIN_ALIGN32, "
                    "bsd/arm/_param.h: __DARWIN_ALIGNBYTES32 = "
                    "sizeof(__uint32_t) - 1 -> 4",
    "freebsd_amd64": "sys/sys/socket.h: _ALIGN, sys/x86/include/_align.h: "
                     "_ALIGNBYTES = sizeof(register_t) - 1, register_t = "
                     "__int64_t on LP64 -> 8",
}


def headers_section(platform, args, workdir, origin):
    if platform == "linux_x86_64":
        structs, cmsg = run_probe(linux_probe_source(), workdir, "linux")
        origin[platform] = {
            "how": "gcc probe (offsetof/sizeof) against this machine's "
                   "/usr/include",
            "compiler": gcc_version(), "libc": glibc_version(),
            "headers": ["sys/socket.h", "sys/uio.h", "sys/time.h",
                        "sys/un.h", "netinet/in.h", "netinet/icmp6.h",
                        "netdb.h", "net/if.h", "poll.h",
                        "linux/if_packet.h", "linux/netlink.h"],
        }
    elif platform.startswith("darwin"):
        arch_dir = "i386" if platform == "darwin_x86_64" else "arm"
        cache = {}

        def read(path):
            if path not in cache:
                cache[path] = git_show(args.xnu, XNU_COMMIT, path)
            return cache[path]

        src, used = build_bsd_probe(darwin_decls(arch_dir), read,
                                    DARWIN_STRUCTS)
        structs, cmsg = run_probe(src, workdir, platform)
        origin[platform] = {
            "how": "declarations cut from the xnu headers, typedefs checked "
                   "against bsd/%s/_types.h etc., compiled with the host "
                   "gcc (x86_64 LP64)" % arch_dir,
            "repo": "apple-oss-distributions/xnu", "commit": XNU_COMMIT,
            "files": used, "compiler": gcc_version(),
        }
        if platform == "darwin_arm64":
            origin[platform]["note"] = (
                "computed on x86_64: every type involved is a fixed-width "
                "integer, int, short, long, size_t or a pointer, whose size "
                "and alignment Apple arm64 (LP64) shares; the arm typedefs "
                "(bsd/arm/_types.h) and __DARWIN_ALIGN32 (bsd/arm/_param.h) "
                "were checked to read the same as the i386 ones")
    else:
        base = args.freebsd_dir

        def read(path):
            with open(os.path.join(base, path)) as f:
                return f.read()

        src, used = build_bsd_probe(freebsd_decls(), read, FREEBSD_STRUCTS)
        structs, cmsg = run_probe(src, workdir, platform)
        with open(os.path.join(base, "SOURCES.json")) as f:
            sources = json.load(f)
        origin[platform] = {
            "how": "verbatim excerpts of the FreeBSD headers (the struct "
                   "declarations, their macros and typedefs), compiled "
                   "with the host gcc (x86_64 LP64 = amd64)",
            "files": {p: sources["files"][p] for p in used},
            "note": sources["note"], "compiler": gcc_version(),
        }
    cmsg["rule"] = CMSG_RULES[platform]
    return finish_section(structs, cmsg)


NOTES = {
    "linux_x86_64": [
        "msghdr.msg_iovlen and msg_controllen are size_t (8) and "
        "cmsghdr.cmsg_len is size_t (8): sizeof(struct cmsghdr) = 16",
        "addrinfo: glibc puts ai_addr (offset 24) before ai_canonname "
        "(offset 32)",
        "golang has no sockaddr_storage, sockaddr_dl, addrinfo, hostent, "
        "servent, protoent, if_nameindex, in_addr, in6_addr here: those are "
        "headers-only",
    ],
    "darwin_x86_64": [
        "msg_iovlen is int and msg_controllen / cmsg_len are socklen_t "
        "(4): sizeof(struct cmsghdr) = 12",
        "timeval.tv_usec is __darwin_suseconds_t = __int32_t (4, padded to "
        "16)",
        "sockaddr_dl.sdl_data is 12 bytes (FreeBSD: 46)",
        "xucred has no cr_pid (FreeBSD has one, in a union with a pointer)",
        "addrinfo/hostent/servent/protoent live in Libinfo's netdb.h, not "
        "in xnu, and golang has no Addrinfo: not covered for darwin",
        "golang RawSockaddrAny is 108 bytes (largest RawSockaddr), not "
        "sockaddr_storage: sockaddr_storage is headers-only",
        "in_addr, in6_addr and if_nameindex are headers-only",
    ],
    "freebsd_amd64": [
        "msg_iovlen is int and msg_controllen / cmsg_len are socklen_t "
        "(4): sizeof(struct cmsghdr) = 12, but CMSG alignment is 8, so "
        "CMSG_DATA is at offset 16",
        "addrinfo: BSD order, ai_canonname (offset 24) before ai_addr "
        "(offset 32)",
        "xucred.cr_pid shares a union with a void * (golang: `_ *byte`): "
        "sizeof 88; cr_pid is headers-only",
        "no in_pktinfo on FreeBSD (IP_RECVDSTADDR/IP_SENDSRCADDR use a "
        "bare in_addr)",
        "cmsgcred/sockcred/sockcred2, bluetooth sockaddrs, addrinfo & co "
        "are headers-only (not in golang's ztypes_freebsd_amd64.go)",
        "icmp6_filter is golang-only (netinet/icmp6.h was not excerpted)",
        "the bluetooth structs use bdaddr_t, a packed 6-byte struct, so "
        "sockaddr_l2cap (14) and sockaddr_rfcomm (9) have no tail padding",
    ],
}
NOTES["darwin_arm64"] = NOTES["darwin_x86_64"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--golang", default="/work/.mirror/golang+sys/repo")
    ap.add_argument("--xnu",
                    default="/work/.mirror/apple-oss-distributions+xnu/repo")
    ap.add_argument("--freebsd-dir", default="/tmp/freebsd-headers")
    ap.add_argument("--output", default=DEFAULT_OUTPUT)
    args = ap.parse_args(argv)

    problems = []
    origin = {}
    result = {}
    with tempfile.TemporaryDirectory() as workdir:
        for platform in PLATFORMS:
            result[platform] = {
                "headers": headers_section(platform, args, workdir, origin),
                "golang": golang_section(args.golang, platform, problems),
                "notes": NOTES[platform],
            }
    result["sources"] = {
        "headers": origin,
        "golang": {
            "repo": "golang/sys", "commit": GOLANG_COMMIT,
            "files": GO_FILES,
            "cmsg_files": ["unix/sockcmsg_unix_other.go",
                           "unix/sockcmsg_unix.go"],
            "how": "Go layout rules applied to the ztypes field types; "
                   "Sizeof* constants checked against the computed sizes",
        },
        "generator": "tools/gen_layout_vectors.py",
        "format": "platform -> {headers|golang} -> structs -> name -> "
                  "{size, fields: {C field: [offset, size]}}; cmsg values "
                  "in bytes; both sections use the C field names",
    }
    if problems:
        for p in problems:
            print("problem:", p, file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
