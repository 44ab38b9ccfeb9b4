"""Differential fuzzing of the whole socket API: stdlib ``socket`` vs pysock.

Each generated call runs in two worker processes (tests/fuzz/worker.py), one
with the stdlib and one with pysock, on a fresh socket of the same kind; the
outcomes (value or exception type/errno/message/args, warnings, descriptors
left open, crash or hang) are compared.  See tests/fuzz/engine.py.

Short run (part of the suite):   pytest tests/test_fuzz.py
Long run:                        PYSOCK_FUZZ_CALLS=100000 pytest -s tests/test_fuzz.py -k differential
  (PYSOCK_FUZZ_SEED=N picks another seed; PYSOCK_FUZZ_REPORT=FILE also
  writes the totals and the full difference table there.)

Differences still open are listed in tests/fuzz/known_differences.json; the
test fails on any difference not listed, and on a listed one whose
reproducer no longer shows it (delete the entry when the fix lands).
"""

import json
import os
import sys
import time

import pytest

pytest.importorskip("hypothesis")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz"))

import engine  # noqa: E402

SHORT_CALLS = 2000
CALLS = int(os.environ.get("PYSOCK_FUZZ_CALLS") or SHORT_CALLS)
SEED = int(os.environ.get("PYSOCK_FUZZ_SEED") or 20240601)


# On PyPy the stdlib side runs on CPython: tests/fuzz/known_differences.json
# lists where pysock departs from CPython's socket on purpose, and PyPy's own
# _socket words ~270 refusals its own way (tests/oracle.py), which the fuzzer
# would count as pysock's.  PYSOCK_FUZZ_STDLIB_PYTHON names that CPython
# (PyPy's version, 3.9; .ci/run sets it).
_stdlib_side = pytest.mark.skipif(
    sys.implementation.name == "pypy" and not os.environ.get("PYSOCK_FUZZ_STDLIB_PYTHON"),
    reason="on PyPy the fuzzer's stdlib side is CPython's socket: set "
    "PYSOCK_FUZZ_STDLIB_PYTHON to a CPython %d.%d" % sys.version_info[:2],
)


def check(stats, known):
    """Fail on a difference the known list does not name."""
    unknown = [d for d in stats.diffs if known.find(d) is None]
    if unknown:
        raise AssertionError(
            "pysock differs from the stdlib in calls not listed in "
            "tests/fuzz/known_differences.json\n" + engine.table(unknown))


def check_stale(known, runner):
    gone = known.stale(runner)
    if gone:
        lines = ["listed differences that no longer occur (remove them from "
                 "tests/fuzz/known_differences.json):"]
        for e, a, b in gone:
            lines.append("  %s [%s] %s\n    stdlib: %s\n    pysock: %s" % (
                e["repro"].get("call", e["call"]), e["category"], engine.case_repr(
                    {"args": e["repro"].get("args", []), "kwargs": e["repro"].get("kwargs", {})}),
                a, b))
        raise AssertionError("\n".join(lines))


@pytest.fixture(scope="module")
def known():
    return engine.Known.load()


@_stdlib_side
def test_fuzz_differential(known):
    start = time.monotonic()
    with engine.Runner() as runner:
        stats = engine.fuzz(CALLS, SEED, runner)
    elapsed = time.monotonic() - start
    report = engine.totals(stats, elapsed)
    listed = {}
    for d in stats.diffs:
        e = known.find(d)
        if e is not None:
            listed[e["call"] + " " + e["category"]] = listed.get(e["call"] + " " + e["category"], 0) + 1
    report += "\nknown (listed) differences hit: " + ", ".join(
        "%s=%d" % kv for kv in sorted(listed.items()))
    print("\n" + report)
    if os.environ.get("PYSOCK_FUZZ_REPORT"):
        with open(os.environ["PYSOCK_FUZZ_REPORT"], "w") as f:
            f.write(report + "\n\n" + engine.table(stats.diffs, limit=100000) + "\n")
    assert stats.calls == CALLS
    check(stats, known)


@_stdlib_side
def test_known_differences_still_occur(known):
    with engine.Runner() as runner:
        check_stale(known, runner)


def test_known_list_is_well_formed():
    with open(engine.KNOWN_FILE) as f:
        entries = json.load(f)["differences"]
    cats = {"crash", "ArgumentError", "outcome", "value", "signature", "exception type",
            "errno", "message", "args", "warnings", "leak", "state"}
    for e in entries:
        assert e.get("reason"), e
        assert e["category"] in cats, e
        assert e["call"] in engine.TARGETS or any(c in e["call"] for c in "*?["), e
        assert e.get("repro") or e.get("unreproducible"), e


# --- each check above can fail: plant a difference into pysock -------------

def _case(target, *args, kind="-", **kwargs):
    return {"target": target, "kind": kind, "args": list(args), "kwargs": kwargs}


PLANTS = [
    # (plant spec, the case that shows it, the category expected)
    ("value:htons", _case("htons", "1"), "value"),
    ("message:inet_aton", _case("inet_aton", "'1.2.3.4.5'"), "message"),
    ("leak:.get_inheritable", _case(".get_inheritable", kind="tcp4"), "leak"),
    ("warn:htonl", _case("htonl", "1"), "warnings"),
    ("argerr:ntohs", _case("ntohs", "1"), "ArgumentError"),
    ("crash:htons", _case("htons", "1"), "crash"),
    ("hang:htonl", _case("htonl", "1"), "crash"),
]


@pytest.mark.parametrize("plant,case,category", PLANTS, ids=[p[0] for p in PLANTS])
def test_planted_difference_is_caught(plant, case, category, known):
    after = _case(".recv", "16", kind="unix_stream")  # the run goes on after a crash
    with engine.Runner(plant=plant, hang_limit=3.0) as runner:
        stats = engine.fuzz(0, 0, runner, cases_list=[case, after])
    assert stats.calls == 2
    assert [d.call for d in stats.diffs] == [case["target"]], engine.table(stats.diffs)
    assert category in stats.diffs[0].cats, engine.table(stats.diffs)
    with pytest.raises(AssertionError) as info:
        check(stats, known)
    assert case["target"] in str(info.value) and "pysock:" in str(info.value)
    if category == "crash":
        assert stats.crashes == 1
    if category == "ArgumentError":
        assert stats.argerrs == 1


def test_planted_difference_in_a_random_run(known):
    # The random generator reaches a planted difference and the suite's
    # check rejects it (htons is drawn in 1000 calls; every call of it aborts
    # the pysock worker, which is restarted and the run goes on).
    with engine.Runner(plant="crash:htons") as runner:
        stats = engine.fuzz(1000, SEED, runner)
    assert stats.calls == 1000 and stats.crashes >= 1
    assert all(d.call == "htons" for d in stats.diffs if "crash" in d.cats)
    with pytest.raises(AssertionError):
        check(stats, known)


def test_planted_stale_entry_is_caught():
    fake = engine.Known([{"call": "htons", "category": "value", "reason": "planted",
                          "repro": {"kind": "-", "args": ["1"]}}])
    with engine.Runner() as runner:
        with pytest.raises(AssertionError) as info:
            check_stale(fake, runner)
    assert "no longer occur" in str(info.value)
    # ... and an entry that still occurs is not stale.
    with engine.Runner(plant="value:htons") as runner:
        check_stale(fake, runner)


def test_known_list_does_not_hide_unlisted(known):
    # A listed entry must not swallow a different outcome of the same call.
    case = _case("htons", "1")
    d = engine.Diff(case, {"res": "ok", "value": "256"}, {"res": "ok", "value": "257"}, ["value"])
    assert known.find(d) is None
