"""The type hints: mypy accepts the whole package under the configuration
in pyproject.toml ([tool.mypy]: strict, no module set aside) and pyright
likewise, a typed program that uses pysock, and reports a wrong argument to
a socket method."""

import os
import subprocess
import sys
import textwrap

import pytest

# Type checking reads the source, whatever runs it.  On PyPy mypy 1.19 does
# not start (it imports librt, which has no PyPy build: "No module named
# 'librt'"): the tests that run mypy step aside there (CI runs them on every
# CPython); pyright (on node) and the checks of the stubs run on PyPy too.
needs_mypy = pytest.mark.skipif(
    sys.implementation.name == "pypy",
    reason="mypy 1.19 does not start on PyPy (it imports librt, which has no "
    "PyPy build); run on every CPython",
)

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


@needs_mypy
def test_package_type_checks():
    result = run_mypy("-p", "pysock", "-m", "pytest_pysock")
    assert result.returncode == 0, result.stdout


def test_package_clean_under_pyright():
    # pyproject.toml's [tool.pyright]: the whole package, nothing set aside.
    proc = subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonplatform", "Linux", "-p", CONFIG],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout
    assert "0 errors" in proc.stdout, proc.stdout


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


@needs_mypy
def test_user_program_type_checks(tmp_path):
    path = tmp_path / "user_program.py"
    path.write_text(USER_PROGRAM)
    result = run_mypy(str(path))
    assert result.returncode == 0, result.stdout


@needs_mypy
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


# -- every constant a typed name; the same diagnostics as the stdlib -----------


def test_constants_stub_is_what_the_generator_writes():
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_typing.py"), "--check"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=120)
    assert proc.returncode == 0, proc.stdout


def test_every_runtime_constant_is_declared_for_type_checkers():
    import ast

    import pysock
    from pysock import _enums

    with open(os.path.join(ROOT, "pysock", "_constants.pyi"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    declared = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            declared.add(node.target.id)
        elif isinstance(node, ast.Assign):
            declared.update(t.id for t in node.targets if isinstance(t, ast.Name))
    missing = sorted(set(_enums.CONSTANTS) - declared)
    assert missing == []
    assert "AF_INET" in declared and hasattr(pysock, "AF_INET")


@needs_mypy
def test_a_misspelled_constant_is_an_error(tmp_path):
    path = tmp_path / "typo.py"
    path.write_text("import pysock\nx = pysock.SO_REUSEADDRR\ny: int = pysock.SO_REUSEADDR\n")
    result = run_mypy(str(path))
    assert result.returncode == 1, result.stdout
    assert 'typo.py:2: error: Module has no attribute "SO_REUSEADDRR"; maybe "SO_REUSEADDR"?' in result.stdout
    assert "typo.py:3" not in result.stdout


CORPUS = os.path.join(ROOT, "tests", "typing_corpus")

STRICT_MYPY = """\
[mypy]
strict = True
show_error_codes = True
# pysock is a library here, as if installed: its own errors are not the
# program's.
[mypy-pysock,pysock.*]
follow_imports = silent
"""


def _corpus(tmp_path):
    """Each corpus program twice: as written (import socket) and on pysock."""
    names = sorted(f[:-3] for f in os.listdir(CORPUS) if f.endswith(".py"))
    for name in names:
        with open(os.path.join(CORPUS, name + ".py"), encoding="utf-8") as f:
            text = f.read()
        (tmp_path / (name + "__socket.py")).write_text(text)
        lines = []
        for line in text.splitlines():
            if line == "import socket":
                line = "import pysock as socket"
            elif line.startswith("from socket import "):
                line = "from pysock import " + line[len("from socket import "):]
            lines.append(line)
        (tmp_path / (name + "__pysock.py")).write_text("\n".join(lines) + "\n")
    return names


def _normalize(message):
    for old in ("pysock._constants.", "pysock._pysocket.", "pysock._socket.", "pysock."):
        message = message.replace(old, "socket.")
    return message.replace('"pysock"', '"socket"').replace("_constants", "socket")


# Programs that use what the stdlib has only from some version on, while
# pysock has it on every Python (README, "pysock additions"): compared from
# that version on.
SINCE = {"fds": (3, 9)}  # send_fds/recv_fds


def _compare(names, diagnostics):
    assert diagnostics, "no diagnostics at all: the checker did not run"
    for name in names:
        if sys.version_info < SINCE.get(name, (0,)):
            continue
        stdlib = diagnostics.get((name, "socket"), [])
        ours = diagnostics.get((name, "pysock"), [])
        # Every corpus program has mistakes: the comparison is not empty.
        assert stdlib, "%s: the stdlib version has no diagnostic" % name
        assert ours == stdlib, name


@needs_mypy
def test_corpus_mypy_same_diagnostics_as_socket(tmp_path):
    import re

    names = _corpus(tmp_path)
    config = tmp_path / "mypy.ini"
    config.write_text(STRICT_MYPY)
    env = dict(os.environ, MYPYPATH=ROOT)
    files = sorted(str(p) for p in tmp_path.glob("*__*.py"))
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", os.devnull,
         "--no-error-summary", "--hide-error-context"] + files,
        cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=600,
    )
    diagnostics = {}
    for line in proc.stdout.splitlines():
        m = re.match(r".*?(\w+)__(socket|pysock)\.py:(\d+): (\w+): (.*)$", line)
        assert m, line
        diagnostics.setdefault((m.group(1), m.group(2)), []).append(
            (int(m.group(3)), m.group(4), _normalize(m.group(5))))
    _compare(names, diagnostics)


def test_corpus_pyright_same_diagnostics_as_socket(tmp_path):
    import json

    names = _corpus(tmp_path)
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({
        "extraPaths": [ROOT],
        "pythonPlatform": "Linux",
        "pythonVersion": "%d.%d" % sys.version_info[:2],
        "typeCheckingMode": "strict",
        # The stdlib is a library to pyright, pysock (found in ROOT) is not:
        # this rule would tell them apart for that reason alone.
        "reportWildcardImportFromLibrary": "none",
    }))
    proc = subprocess.run(
        [sys.executable, "-m", "pyright", "--outputjson"] + sorted(p.name for p in tmp_path.glob("*__*.py")),
        cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=600,
    )
    report = json.loads(proc.stdout)
    diagnostics = {}
    for d in report["generalDiagnostics"]:
        base = os.path.basename(d["file"])[:-3]
        name, variant = base.rsplit("__", 1)
        diagnostics.setdefault((name, variant), []).append(
            (d["range"]["start"]["line"], d["severity"], d.get("rule"), _normalize(d["message"])))
    _compare(names, diagnostics)


@needs_mypy
def test_new_modules_are_clean_under_mypy_strict_and_pyright():
    # What this package's newer modules promise: no error under the
    # strictest settings of both checkers.
    modules = ["pysock/_install.py", "pysock/_constants.pyi", "pysock/_api.pyi",
               "pysock/trace/_perfetto.py", "pysock/trace/_pcapng.py", "pytest_pysock.py"]
    env = dict(os.environ, MYPYPATH=ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--cache-dir", os.devnull,
         "--no-error-summary"] + modules,
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonplatform", "Linux"] + modules,
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout


def test_configuration_sets_nothing_aside():
    # The two package checks above are only as strict as pyproject.toml:
    # mypy strict for every module, no module's errors ignored or codes
    # disabled, and pyright with no file set aside.
    with open(CONFIG, encoding="utf-8") as f:
        text = f.read()
    mypy = text[text.index("[tool.mypy]"):text.index("[tool.pyright]")]
    pyright = text[text.index("[tool.pyright]"):]
    pyright = pyright[:pyright.index("\n[", 1)] if "\n[" in pyright[1:] else pyright
    assert "\nstrict = true\n" in mypy
    for setting in ("ignore_errors", "disable_error_code", "follow_imports"):
        assert setting not in mypy, setting
    assert "\nignore = " not in pyright and "\nexclude = " not in pyright
