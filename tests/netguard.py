"""Fail any socket connection that leaves the machine: tests may only talk to loopback."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

LOCAL_NAMES = {"localhost", "localhost.localdomain"}


class NetworkBlocked(RuntimeError):
    """A test tried to reach a non-loopback address."""


def is_loopback(address: Any) -> bool:
    """Whether a socket address (tuple, or AF_UNIX path) stays on this machine."""
    if isinstance(address, (str, bytes)):  # AF_UNIX
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def install(original_connect: Any = socket.socket.connect, original_connect_ex: Any = socket.socket.connect_ex) -> None:
    """Patch ``socket.socket`` so that non-loopback connects raise :class:`NetworkBlocked`."""

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if not is_loopback(address):
            raise NetworkBlocked(f"test tried to reach {address!r}; tests may only use loopback")
        return original_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        if not is_loopback(address):
            raise NetworkBlocked(f"test tried to reach {address!r}; tests may only use loopback")
        return original_connect_ex(self, address)

    socket.socket.connect = guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
