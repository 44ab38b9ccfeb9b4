"""The pytest plugin (pytest_pysock, the pytest11 entry point), tested as
its users run it: pytest's own pytester runs small test suites in a
subprocess and the outcomes are checked."""

import os
import sys

import pytest

pytest_plugins = ["pytester"]


def test_the_plugin_is_registered_by_the_entry_point():
    if sys.version_info >= (3, 10):
        from importlib.metadata import entry_points

        found = [e.value for e in entry_points(group="pytest11") if e.name == "pysock"]
    else:
        from importlib.metadata import entry_points

        found = [e.value for e in entry_points().get("pytest11", ()) if e.name == "pysock"]
    # (A source tree with an egg-info beside the installed dist-info shows
    # the same entry point twice.)
    assert found and set(found) == {"pytest_pysock"}


# -- the user test: a client that must retry once on a reset ----------
# examples/pytest_retry/ (the README's example): a small HTTP client, a
# server fixture, and the test that resets the client's second recv().

EXAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                       "examples", "pytest_retry")


def _user_suite(pytester, retries):
    for name in ("retrying_client.py", "conftest.py", "test_client.py"):
        with open(os.path.join(EXAMPLE, name), encoding="utf-8") as f:
            text = f.read()
        if name == "retrying_client.py":
            assert "\nRETRIES = 1\n" in text
            text = text.replace("\nRETRIES = 1\n", "\nRETRIES = %d\n" % retries)
        pytester.path.joinpath(name).write_text(text)


def test_user_test_passes_when_the_client_retries(pytester):
    _user_suite(pytester, retries=1)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_same_user_test_fails_when_the_client_does_not_retry(pytester):
    _user_suite(pytester, retries=0)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ConnectionResetError*"])


def test_the_same_user_test_fails_when_the_client_retries_twice(pytester):
    # Retrying more than once is wrong too: the count of connections says so.
    _user_suite(pytester, retries=1)
    path = pytester.path.joinpath("retrying_client.py")
    text = path.read_text()
    old = "            if attempt == RETRIES:\n                raise\n"
    assert old in text
    path.write_text(text.replace(old, "            _get_once(host, port, path)  # one attempt too many\n"))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*assert 3 == 2*"])


# -- --pysock, and inert without it ----------------------------------------------

SESSION_TEST = '''
import socket, sys

def test_sockets_are_pysock():
    with socket.socket() as s:
        assert type(s).__module__ == "pysock"
'''


def test_pysock_option_runs_the_session_on_pysock(pytester):
    pytester.makepyfile(SESSION_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--pysock")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["pysock: the session runs on pysock*"])


def test_without_options_the_plugin_is_inert(pytester):
    pytester.makepyfile(SESSION_TEST + '''

def test_nothing_of_pysock_is_imported():
    assert "pysock" not in sys.modules
''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_sockets_are_pysock*"])


# -- the trace fixture --------------------------------------------------------------

TRACE_TEST = '''
import socket
import pytest


def test_calls_by_name_peer_payload_count_order(pysock_trace):
    srv = socket.create_server(("127.0.0.1", 0))
    peer = srv.getsockname()
    c = socket.create_connection(peer, timeout=5)
    s, _ = srv.accept()
    c.sendall(b"PING 1")
    assert s.recv(100) == b"PING 1"
    s.sendall(b"PONG")
    assert c.recv(100) == b"PONG"
    for x in (c, s, srv):
        x.close()
    [connect] = pysock_trace.assert_called("connect", times=1, peer=peer)
    assert connect.error in (None, "EINPROGRESS")
    assert pysock_trace.count("send", payload=b"PING") == 1
    assert pysock_trace.count("%recv", payload=b"PONG") == 1
    assert pysock_trace.names("%io") == ["write", "read", "write", "read"]
    pysock_trace.assert_order("socket", "bind", "listen", "connect", "accept", "close")
    assert pysock_trace.summary()["close"].calls == 3


def test_a_wrong_expectation_fails_with_the_calls_shown(pysock_trace):
    a, b = socket.socketpair()
    a.sendall(b"x")
    b.recv(1)
    a.close(); b.close()
    pysock_trace.assert_order("read", "write")
'''


def test_trace_fixture(pytester):
    pytester.makepyfile(TRACE_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*pysock: no write after read in the calls made*"])


# -- faults: the marker with a spec, the fixture, the command line ------------------

FAULT_TEST = '''
import errno, socket
import pytest


@pytest.mark.pysock_inject("send:error=EPIPE:when=2")
def test_marker_spec():
    a, b = socket.socketpair()
    a.send(b"1")
    with pytest.raises(BrokenPipeError):
        a.send(b"2")
    a.send(b"3")
    assert b.recv(10) == b"13"
    a.close(); b.close()


def test_fixture(pysock_faults, pysock_trace):
    a, b = socket.socketpair()
    [fault] = pysock_faults.inject("recv:bytes=1")
    a.sendall(b"abc")
    assert b.recv(10) == b"a"
    pysock_faults.clear()
    assert b.recv(10) == b"bc"
    assert fault.injected == 1
    assert pysock_trace.count("recv", injected=True) == 1
    a.close(); b.close()


def test_faults_end_with_the_test():
    a, b = socket.socketpair()
    a.sendall(b"abc")
    assert b.recv(10) == b"abc"
    a.close(); b.close()
'''


def test_faults_marker_and_fixture(pytester):
    pytester.makepyfile(FAULT_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=3)


def test_faults_from_the_command_line(pytester):
    pytester.makepyfile('''
import socket

def test_a_short_read():
    a, b = socket.socketpair()
    a.sendall(b"abc")
    assert b.recv(10) == b"abc"
''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--pysock-inject", "recv:bytes=1")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*assert b'a' == b'abc'*"])


# -- the network policy --------------------------------------------------------------

POLICY_TEST = '''
import socket
import pytest
from pytest_pysock import NetworkBlocked


@pytest.fixture
def listener():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    yield srv.getsockname()
    srv.close()


def test_tcp(listener):
    with socket.create_connection(listener, timeout=5):
        pass


def test_udp():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.sendto(b"x", ("127.0.0.1", 9))


def test_unix():
    path = "unix-socket"  # relative: the test's directory (a short path)
    with socket.socket(socket.AF_UNIX) as srv, socket.socket(socket.AF_UNIX) as c:
        srv.bind(path)
        srv.listen()
        c.connect(path)


@pytest.mark.pysock_allow_hosts("127.0.0.1")
def test_marker_allows(listener):
    with socket.create_connection(listener, timeout=5):
        pass
'''


def test_policy_allows_what_is_listed(pytester):
    pytester.makepyfile(POLICY_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--pysock-allow-hosts=localhost,10.0.0.0/8")
    result.assert_outcomes(passed=4)


def test_policy_refuses_the_rest_naming_destination_and_test(pytester):
    pytester.makepyfile(POLICY_TEST)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--pysock-allow-hosts=10.0.0.0/8,[::1]:53", "--pysock-block-unix"
    )
    result.assert_outcomes(passed=1, failed=3)
    result.stdout.fnmatch_lines([
        "*NetworkBlocked: pysock: test test_policy_refuses_the_rest_naming_destination_and_test.py::test_tcp"
        " may not connect to ('127.0.0.1', *) (allowed: 10.0.0.0/8, [[]::1]:53; Unix sockets refused*",
    ])
    result.stdout.fnmatch_lines(["*test_udp may not send to ('127.0.0.1', 9)*"])
    result.stdout.fnmatch_lines(["*test_unix may not connect to 'unix-socket'*"])


def test_an_empty_allow_list_refuses_every_network_destination_but_unix(pytester):
    pytester.makepyfile(POLICY_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--pysock-allow-hosts=")
    # test_unix passes (Unix sockets allowed apart); the marker allows its own.
    result.assert_outcomes(passed=2, failed=2)
