"""Record CPython's answers for the places where PyPy's socket differs
(tests/oracle.py, tests/vectors/pypy_oracle.json).

    python tools/pypy_oracle.py PYPY_PYTHON CPYTHON39_PYTHON tests/test_x.py ...

1. runs the tests on PyPy with PYSOCK_ORACLE_DIFFS: the keys where pysock
   and PyPy's socket differ (and the keys of same_as_cpython());
2. runs the same tests on CPython 3.9 (PyPy 3.9's version) with
   PYSOCK_ORACLE_RECORD: CPython's socket's answer for every call of
   those tests;
3. adds the keys not yet in tests/vectors/pypy_oracle.json (with
   --replace, recorded keys are overwritten too).

Both interpreters need pytest and pytest-xdist (the test extra).  A test
that still fails on PyPy afterwards differs from CPython too: that is a
finding, not something to record.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.path.join(ROOT, "tests", "vectors", "pypy_oracle.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pypy")
    parser.add_argument("cpython")
    parser.add_argument("tests", nargs="+")
    parser.add_argument("--replace", action="store_true",
                        help="overwrite keys already recorded")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        diffs = os.path.join(work, "diffs")
        record = os.path.join(work, "record")
        env = dict(os.environ, PYSOCK_ORACLE_DIFFS=diffs)
        subprocess.run([args.pypy, "-m", "pytest", "-q", "-n", "2"] + args.tests,
                       cwd=ROOT, env=env)
        if not os.path.exists(diffs):
            print("no differences on PyPy")
            return 0
        with open(diffs) as src, open(record + ".keys", "w") as dst:
            dst.writelines(sorted(set(src)))
        env = dict(os.environ, PYSOCK_ORACLE_RECORD=record)
        env.pop("PYSOCK_ORACLE_DIFFS", None)
        subprocess.run([args.cpython, "-m", "pytest", "-q", "-n", "2"] + args.tests,
                       cwd=ROOT, env=env)
        with open(VECTORS) as handle:
            vectors = json.load(handle)
        added = replaced = 0
        with open(record) as handle:
            for line in handle:
                key, text = json.loads(line)
                if key not in vectors:
                    added += 1
                elif vectors[key] != text and args.replace:
                    replaced += 1
                else:
                    continue
                vectors[key] = text
    with open(VECTORS, "w") as handle:
        handle.write("{\n" + ",\n".join(
            json.dumps(key) + ": " + json.dumps(vectors[key]) for key in sorted(vectors)
        ) + "\n}\n")
    print("added %d, replaced %d" % (added, replaced))
    return 0


if __name__ == "__main__":
    sys.exit(main())
