import pytest
from pysock.trace import Fault

import retrying_client


# The client's second recv() is reset by the peer; the server's calls are
# left alone (the predicate reads the module that made the call).
@pytest.mark.pysock_inject(
    Fault("recv", error="ECONNRESET", when=2, predicate=lambda ev: ev.module == "retrying_client")
)
def test_the_client_retries_once_after_a_reset(server, pysock_trace):
    status, body = retrying_client.get(*server, "/index")
    assert (status, body) == (200, b"hello /index")
    assert pysock_trace.count("recv", injected=True) == 1
    assert pysock_trace.count("connect", module="retrying_client", peer=server) == 2
    pysock_trace.assert_order("connect", "recv", "close", "connect")
