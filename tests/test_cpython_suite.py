"""CPython's own test_socket as the judge (tests/cpython/run_suite.py).

Runs the whole of the interpreter's test.test_socket with the stdlib and with
pysock, in subprocesses, and fails if more tests pass with the stdlib and not
with pysock than tests/cpython/ratchet.json allows for this Python.  It takes
a minute or two (a test that hangs costs the runner's 60 s time limit).

    pytest -m cpython_suite          # only this
    pytest -m "not cpython_suite"    # everything else
"""

import os
import subprocess
import sys

import pytest

RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cpython", "run_suite.py")


@pytest.mark.cpython_suite
def test_cpython_test_socket_within_ratchet():
    proc = subprocess.run(
        [sys.executable, RUNNER, "--check", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True)
    if proc.returncode != 0:
        pytest.fail("run_suite.py --check exited with %d:\n%s"
                    % (proc.returncode, proc.stdout), pytrace=False)


# TLS over pysock (issue 10): CPython's test_ssl and test_httplib with pysock
# in place of socket and the stdlib ssl module switched to pysock.ssl, each
# against its own ratchet (tests/cpython/ratchet.test_ssl.json, ...).
@pytest.mark.cpython_suite
@pytest.mark.parametrize("module", ["test.test_ssl", "test.test_httplib"])
def test_cpython_tls_suites_within_ratchet(module):
    proc = subprocess.run(
        [sys.executable, RUNNER, "--module", module, "--check", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True)
    if proc.returncode != 0:
        pytest.fail("run_suite.py --module %s --check exited with %d:\n%s"
                    % (module, proc.returncode, proc.stdout), pytrace=False)
