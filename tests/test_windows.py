"""The Windows platform, checked on any OS: its constants against what the
six Windows CPythons' own ``socket`` exported under Wine (recorded in
``tests/vectors/windows_socket_constants.json``), and pysock forced to
Windows (``PYSOCK_BACKEND=windows``) with the Windows stdlib's public
names.  The run for real, under Wine, is ``tools/wine/winepy.py ci``."""

import json
import os
import subprocess
import sys

import pytest

from pysock._libc import windows

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

with open(os.path.join(HERE, "vectors", "windows_socket_constants.json")) as f:
    VECTORS = json.load(f)
VERSIONS = sorted(k for k in VECTORS if not k.startswith("_") and k != "windows_build")


@pytest.mark.parametrize("version", VERSIONS)
def test_table_gives_each_windows_cpythons_constants(version):
    major, minor = map(int, version.split(".")[:2])
    values = windows.select((major, minor), VECTORS["windows_build"])
    ints = {name: value for name, value in values.items()
            if isinstance(value, int) and name.isupper()}
    expected = {name: value for name, value in VECTORS[version].items()
                if name not in ("EAGAIN", "EBADF", "EWOULDBLOCK")}  # errno's
    assert ints == expected


def test_an_older_windows_10_drops_the_tcp_options_cpython_drops():
    # CPython's win_runtime_flags: TCP_KEEPIDLE/INTVL from build 16299,
    # TCP_KEEPCNT from 15063, TCP_FASTOPEN from 14393.
    values = windows.select((3, 13), 15063)
    assert "TCP_KEEPCNT" in values and "TCP_FASTOPEN" in values
    assert "TCP_KEEPIDLE" not in values and "TCP_KEEPINTVL" not in values
    assert "TCP_FASTOPEN" not in windows.select((3, 13), 10240)


_FORCED = r"""
import json, pysock
from pysock._libc import backend
print(json.dumps({
    "has_cmsg": hasattr(pysock, "CMSG_LEN"),
    "has_send_fds": hasattr(pysock, "send_fds"),
    "has_sendmsg": hasattr(pysock.socket, "sendmsg"),
    "has_share": hasattr(pysock.socket, "share"),
    "has_ioctl": hasattr(pysock.socket, "ioctl"),
    "has_fromshare": hasattr(pysock, "fromshare"),
    "has_af_unix": hasattr(pysock, "AF_UNIX"),
    "all_has_fromshare": "fromshare" in pysock.__all__,
    "AF_INET6": int(pysock.AF_INET6),
    "SOL_SOCKET": pysock.SOL_SOCKET,
    "calls": sorted(backend.calls),
}))
"""


def test_forced_windows_has_the_windows_stdlib_names():
    env = dict(os.environ, PYSOCK_BACKEND="windows")
    out = subprocess.run([sys.executable, "-c", _FORCED], cwd=ROOT, env=env, check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    got = json.loads(out)
    assert got["AF_INET6"] == VECTORS["3.13.2"]["AF_INET6"]
    assert got["SOL_SOCKET"] == VECTORS["3.13.2"]["SOL_SOCKET"]
    assert not got["has_cmsg"] and not got["has_send_fds"] and not got["has_sendmsg"]
    assert not got["has_af_unix"]
    assert got["has_share"] and got["has_ioctl"] and got["has_fromshare"]
    assert got["all_has_fromshare"]
    assert "socketpair" not in got["calls"] and "read" not in got["calls"]
