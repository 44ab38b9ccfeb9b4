"""The README's section on install(), the pytest plugin and the exports:
its code is the examples' code, and the examples and commands run."""

import json
import os
import re
import shlex
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def section():
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.index("<!-- issue 11: install(), the pytest plugin, the exports -->")
    end = text.index("<!-- end of issue 11 -->")
    return text[start:end]


def run(args, cwd):
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120)


def test_the_code_shown_is_the_examples_code():
    blocks = re.findall(r"```python\n(.*?)```", section(), re.S)
    assert len(blocks) == 2
    sources = []
    for name in ("examples/install_late.py", "examples/pytest_retry/test_client.py"):
        with open(os.path.join(REPO, name), encoding="utf-8") as f:
            sources.append(f.read())
    for block, source in zip(blocks, sources):
        assert block in source


def test_install_example_runs_as_the_readme_says():
    proc = run([sys.executable, "examples/install_late.py"], REPO)
    assert proc.returncode == 0, proc.stderr
    first, calls, last = proc.stdout.splitlines()
    assert first == "204 pysock"
    calls = eval(calls)  # the printed list of call names
    assert calls[:2] == ["getaddrinfo", "socket"] and "connect" in calls
    # The descriptor is closed when the response's file, which the example
    # drops unread, goes away: at once with CPython's reference counting,
    # at some later collection on PyPy (after the trace has ended).
    if sys.implementation.name != "pypy":
        assert calls[-1] == "close"
    assert "write" in calls and "readv" in calls  # recv_into on a stream is readv(2)
    assert last == "socket"


def test_export_commands_run_as_the_readme_says(tmp_path):
    commands = [line.strip() for line in section().splitlines()
                if line.startswith("    python -m pysock trace")]
    assert len(commands) == 2
    for command in commands:
        args = [a.replace("examples/", os.path.join(REPO, "examples") + os.sep) for a in shlex.split(command)]
        proc = run([sys.executable] + args[1:], str(tmp_path))
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == "200 hello from http.server\n"
    document = json.loads((tmp_path / "trace.json").read_text())
    assert any(e["ph"] == "X" and e["name"] == "connect" for e in document["traceEvents"])
    out = subprocess.run(["tshark", "-r", str(tmp_path / "get.pcapng"), "-Y", "http", "-T", "fields",
                          "-e", "http.request.method", "-e", "http.request.uri", "-e", "http.response.code"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert out.stdout.split() == ["GET", "/hello?name=pysock", "200"]
