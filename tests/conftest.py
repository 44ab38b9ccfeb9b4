def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "cpython_suite: CPython's own test_socket run against pysock "
        "(tests/cpython/run_suite.py --check; a minute or two)")
