"""Running the server: ``serve`` (behind ``rasd serve``) and ``demo`` (behind ``rasd demo``).

The socket is bound before uvicorn starts, so ``port=0`` picks a free port and the printed URL
is the real one (tests and scripts read it from the first line of output).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path
from typing import Callable, TextIO

from ..errors import RasdError

__all__ = ["serve", "demo", "bind"]

ENV_TOKEN = "RASD_INGEST_TOKEN"


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: any free port)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise RasdError(f"cannot resolve host {host!r}: {e}") from None
    family, _t, _p, _c, addr = infos[0]
    # proto must be IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted sockets whose
    # listening socket says so, and without it every keep-alive response waits ~40 ms (Nagle
    # + delayed ACK)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
    except OSError as e:
        sock.close()
        raise RasdError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    ingest_token: str | None = None,
    config: str | Path | None = None,
    log_level: str = "warning",
    out: TextIO | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the dashboard and API for ``db`` until interrupted. The ingest token also comes
    from $RASD_INGEST_TOKEN (keeps it out of the process list); ``config`` (or $RASD_CONFIG)
    is the settings file HTTP ingest runs with."""
    import uvicorn

    from ..settings import load_settings
    from .app import create_app

    out = out or sys.stdout
    token = ingest_token or os.environ.get(ENV_TOKEN) or None
    app = create_app(db, ingest_token=token, settings=load_settings(config))
    sock = bind(host, port)
    real = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{real}/"
    print(f"rasd: serving {db} at {url} (read-only{', ingest enabled' if token else ''}; Ctrl-C to stop)", file=out, flush=True)
    if not _is_loopback(host):
        print(f"rasd: warning: listening on {host}, not only this machine; the dashboard has no login", file=out, flush=True)
    if on_ready:
        on_ready(url)
    config = uvicorn.Config(app, log_level=log_level, access_log=log_level in ("info", "debug"), timeout_graceful_shutdown=3,
                            limit_concurrency=200, h11_max_incomplete_event_size=64 * 1024)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def demo(
    db: str | Path = "rasd-demo.db",
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    serve_after: bool = True,
    out: TextIO | None = None,
) -> str:
    """Ingest the bundled examples into ``db`` (idempotent), print a summary, then serve it."""
    from ..process import demo_ingest

    out = out or sys.stdout
    report = demo_ingest(db, progress=None)
    print(f"rasd: {report.summary()}", file=out, flush=True)
    if serve_after:
        serve(db, host=host, port=port, out=out)
    else:
        print(f"rasd: serve it with: rasd serve --db {db}", file=out, flush=True)
    return str(db)
