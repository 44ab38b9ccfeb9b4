import pytest

# tests/cpython/ holds the CPython test_socket runner (a program, not a test
# module); tests/test_cpython_suite.py is its pytest entry.
collect_ignore = ["cpython"]


@pytest.fixture
def no_tracer_left():
    """After the test, no tracer is running: a test that failed with one
    started must not trace the next (the files that trace use it)."""
    yield
    from pysock import trace  # (here: importing pysock is the tests' choice)

    if trace.active() is not None:
        trace.stop()
        pytest.fail("a tracer was left running")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "cpython_suite: CPython's own test_socket run against pysock "
        "(tests/cpython/run_suite.py --check; a minute or two)")
