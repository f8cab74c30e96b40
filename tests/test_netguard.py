import socket

import pytest

from tests import netguard


def test_loopback_addresses_are_allowed() -> None:
    for address in [("127.0.0.1", 80), ("::1", 80, 0, 0), ("localhost", 5432), ("127.8.9.10", 1), "/tmp/sock"]:
        assert netguard.is_loopback(address)


def test_other_addresses_are_refused_before_any_packet_is_sent() -> None:
    attempted: list[object] = []

    def record(self: socket.socket, address: object) -> None:
        attempted.append(address)

    # Install the guard over a recorder, so even a broken guard could send nothing.
    original = socket.socket.connect, socket.socket.connect_ex
    try:
        netguard.install(record, record)
        with socket.socket() as sock:
            with pytest.raises(netguard.NetworkBlocked, match="may only use loopback"):
                sock.connect(("93.184.216.34", 443))
            with pytest.raises(netguard.NetworkBlocked):
                sock.connect_ex(("api.openai.com", 443))
            sock.connect(("127.0.0.1", 9))
    finally:
        socket.socket.connect, socket.socket.connect_ex = original  # type: ignore[method-assign]
    assert attempted == [("127.0.0.1", 9)]


def test_the_suite_runs_with_the_guard_installed() -> None:
    assert socket.socket.connect.__name__ == "guarded_connect"
