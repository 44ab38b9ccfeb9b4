"""Smoke test of the benchmark harness: it runs, and reports every case.

Nothing here looks at a speed: tests never assert on time.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# One per case of the issue; a case added to the harness belongs here too.
CASES = (
    "roundtrip",
    "roundtrip_timeout",
    "bulk_tcp",
    "create_close",
    "connect_accept",
    "getaddrinfo",
    "inet4",
    "inet6",
    "inet4_cold",
    "inet6_cold",
    "roundtrip_trace",
    "tls_bulk",
    "tls_handshake",
    # issue 13
    "udp4",
    "udp6",
    "msg_pair",
    "roundtrip_into",
    "bulk_into",
    "readline",
    "batch_recv",
    "batch_send",
    "batch_send_netns",
    "floor_udp4",
    "floor_roundtrip_into",
    "floor_batch_recv",
    "floor_batch_send",
    "floor_batch_send_netns",
    "floor_batch_send_gso",
    "floor_batch_send_gso_netns",
    "floor_inet6",
    "floor_getaddrinfo",
)

# The cases that make network namespaces: root and ip(8), else n/a.
NETNS_CASES = ("batch_send_netns", "floor_batch_send_netns", "floor_batch_send_gso_netns")
CAN_MAKE_NETNS = (hasattr(os, "geteuid") and os.geteuid() == 0
                  and shutil.which("ip") is not None)

TINY = ["--quick", "--rounds", "1", "--budget", "0.002", "--bulk-mib", "1"]

RATIO_LINE = re.compile(r"^(\w+)\s.*\bratio (\d+\.\d+|n/a|error)\b")


def _run(tmp_path, *extra):
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run"] + TINY + ["--json", str(report)] + list(extra),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ratios = {}
    for line in proc.stdout.splitlines():
        match = RATIO_LINE.match(line)
        if match:
            ratios[match.group(1)] = match.group(2)
    with open(str(report), encoding="utf-8") as handle:
        return proc.stdout, ratios, json.load(handle)


def test_stdlib_against_itself(tmp_path):
    # With the stdlib on both sides every case but the pysock.trace hook
    # must produce a number: this checks the harness, not pysock.
    stdout, ratios, report = _run(tmp_path, "--pysock-module", "socket")
    assert sorted(ratios) == sorted(CASES), stdout
    for name in CASES:
        if name in ("roundtrip_trace", "tls_bulk", "tls_handshake"):
            # pysock's submodules (trace, ssl) are not the stdlib's.
            assert ratios[name] == "n/a", stdout
        elif name in NETNS_CASES:
            # Without root and ip(8) n/a; with them a number, or n/a where
            # the container refuses namespaces -- never an error.
            allowed = r"\d+\.\d+$|n/a$" if CAN_MAKE_NETNS else r"n/a$"
            assert re.match(allowed, ratios[name]), stdout
        elif name == "floor_roundtrip_into" and not hasattr(os, "readv"):
            # PyPy's os has no readv: that floor does not exist there.
            assert ratios[name] == "n/a", stdout
        else:
            assert re.match(r"\d+\.\d+$", ratios[name]), stdout
    assert [case["name"] for case in report["cases"]] == list(CASES)
    assert sys.version.split()[0] in stdout
    assert report["modules"]["stdlib"]["path"] in stdout


def test_pysock(tmp_path):
    # pysock may still lack functions: each case then says n/a, but every
    # case has its line and the run exits 0.
    stdout, ratios, report = _run(tmp_path)
    assert sorted(ratios) == sorted(CASES), stdout
    assert [case["name"] for case in report["cases"]] == list(CASES)
    assert all(case["status"] in ("ok", "n/a", "error") for case in report["cases"])


def test_one_case_only(tmp_path):
    stdout, ratios, report = _run(tmp_path, "--pysock-module", "socket", "--case", "inet4")
    assert list(ratios) == ["inet4"], stdout


@pytest.mark.parametrize("bad", [["--case", "nosuchcase"], ["--rounds", "0"]])
def test_bad_arguments_are_refused(bad):
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run"] + bad,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "usage" in proc.stderr


def test_memory_soak_prints_both(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--memory", "--memory-messages", "200",
         "--memory-connections", "20"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [line for line in proc.stdout.splitlines() if "connections" in line and "KiB" in line]
    assert [line.split()[0] for line in lines] == ["stdlib", "pysock"], proc.stdout
