"""`pathtui serve --host 0.0.0.0` prints addresses a browser can open: this
machine's loopback link and one per network address of the machine, never
`http://0.0.0.0:…`, which no device can open."""

from __future__ import annotations

import http.client
import re
import time
from pathlib import Path

from pathtui.services.serve import machine_addresses
from serve_support import start_serve

#: Seconds to wait for the lines that follow the first address.
PRINT_SECONDS = 30.0


def local_addresses() -> set[str]:
    """This machine's IPv4 addresses as the kernel lists them (Linux), loopback
    left out: a source independent of the code under test."""
    lines = Path("/proc/net/fib_trie").read_text().splitlines()
    found = {
        lines[i - 1].split()[-1]
        for i, line in enumerate(lines)
        if line.strip() == "/32 host LOCAL" and i > 0
    }
    return {a for a in found if not a.startswith("127.")}


def test_machine_addresses_are_the_kernel_s() -> None:
    assert set(machine_addresses()) == local_addresses()


def test_serving_everywhere_prints_addresses_a_browser_can_open() -> None:
    server = start_serve("serve", "--host", "0.0.0.0", "--port", "0")
    try:
        deadline = time.monotonic() + PRINT_SECONDS
        while "Ctrl+C stops" not in "".join(server.output) and time.monotonic() < deadline:
            time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.request("GET", f"/?token={server.token}")
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        code, output = server.stop()
    assert code == 0, output
    links = re.findall(r"http://\S+", output)
    assert links and not any("0.0.0.0" in link for link in links), output
    assert links[0] == server.url and server.url.startswith("http://127.0.0.1:")
    for address in local_addresses():
        assert f"http://{address}:{server.port}/?token={server.token}" in links, output
    if local_addresses():
        assert "From another device on this machine's network" in output
