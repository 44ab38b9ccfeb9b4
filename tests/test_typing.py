"""The type hints: mypy accepts the package under the configuration in
pyproject.toml ([tool.mypy]), a typed program that uses pysock, and reports
a wrong argument to a socket method."""

import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("mypy")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = os.path.join(ROOT, "pyproject.toml")


def run_mypy(*targets):
    """mypy on *targets* with the project's configuration, pysock found from
    the repository root, and no cache (nothing written into the tree)."""
    env = dict(os.environ, MYPYPATH=ROOT)
    env.pop("MYPY_CACHE_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", CONFIG,
         "--cache-dir", os.devnull, "--no-error-summary", *targets],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=300,
    )


def test_package_type_checks():
    result = run_mypy("-p", "pysock")
    assert result.returncode == 0, result.stdout


USER_PROGRAM = """\
import pysock as socket

def fetch(host: str, port: int) -> bytes:
    for family, kind, proto, _, address in socket.getaddrinfo(host, port):
        with socket.socket(family, kind, proto) as s:
            s.settimeout(2.5)
            s.connect(address)
    with socket.create_connection((host, port), timeout=None) as conn:
        conn.sendall(b"GET / HTTP/1.0\\r\\n\\r\\n")
        peer_family: socket.AddressFamily = conn.family
        return conn.recv(4096)
"""


def test_user_program_type_checks(tmp_path):
    path = tmp_path / "user_program.py"
    path.write_text(USER_PROGRAM)
    result = run_mypy(str(path))
    assert result.returncode == 0, result.stdout


def test_wrong_argument_is_reported(tmp_path):
    path = tmp_path / "wrong.py"
    path.write_text(textwrap.dedent("""\
        import pysock

        s = pysock.socket()
        s.recv("x")
        s.close()
    """))
    result = run_mypy(str(path))
    assert result.returncode == 1, result.stdout
    assert 'Argument 1 to "recv" of "socket" has incompatible type "str"' in result.stdout, (
        result.stdout
    )
    assert "wrong.py:4:" in result.stdout, result.stdout
