"""The network guard: pytest-socket, set in pyproject.toml's addopts, lets a test connect to
loopback and Unix sockets only, so the suite proves that vanthu works offline."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp
import pytest
from pytest_socket import SocketConnectBlockedError

TEST_NET = "192.0.2.1"  # TEST-NET-1 (RFC 5737): for documentation, routed nowhere
# The guard warns as it refuses; here that is the point.
pytestmark = pytest.mark.filterwarnings("ignore:A test tried to use socket:UserWarning")


def test_a_connection_beyond_loopback_is_refused() -> None:
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection((TEST_NET, 443), timeout=0.5)


def test_a_host_name_is_refused_before_it_is_looked_up() -> None:
    with socket.socket() as sock, pytest.raises(SocketConnectBlockedError):
        sock.settimeout(0.5)
        sock.connect(("api.telegram.org", 443))


@pytest.mark.asyncio
async def test_the_http_client_of_the_edges_is_refused_beyond_loopback() -> None:
    """aiohttp (the Slack and Telegram stand-ins' client, and Slack's own) connects through
    the event loop, which the guard covers as well."""
    timeout = aiohttp.ClientTimeout(total=2)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        with pytest.raises(SocketConnectBlockedError):
            await session.get(f"http://{TEST_NET}/")


@pytest.mark.asyncio
async def test_loopback_and_unix_sockets_stay_open(tmp_path: Path) -> None:
    """What the suite needs: servers on 127.0.0.1, ::1 or localhost, and Unix sockets."""

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    tcp = await asyncio.start_server(echo, "127.0.0.1", 0)
    unix = await asyncio.start_unix_server(echo, str(tmp_path / "echo.sock"))
    try:
        port = tcp.sockets[0].getsockname()[1]
        connections = [
            asyncio.open_connection("127.0.0.1", port),
            asyncio.open_connection("localhost", port),
            asyncio.open_unix_connection(str(tmp_path / "echo.sock")),
        ]
        for connecting in connections:
            reader, writer = await connecting
            writer.write(b"xin chao\n")
            assert await reader.readline() == b"xin chao\n"
            writer.close()
            await writer.wait_closed()
    finally:
        tcp.close()
        unix.close()
