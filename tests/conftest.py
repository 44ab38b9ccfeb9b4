# tests/cpython/ holds the CPython test_socket runner (a program, not a test
# module); tests/test_cpython_suite.py is its pytest entry.
collect_ignore = ["cpython"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "cpython_suite: CPython's own test_socket run against pysock "
        "(tests/cpython/run_suite.py --check; a minute or two)")
