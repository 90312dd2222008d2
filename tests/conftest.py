"""Shared fixtures: an isolated dataset cache, the course mirror, and a local HTTP server."""
from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import oi_helpers

SHARED_DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


@pytest.fixture(autouse=True)
def english_messages():
    """Run every test in English unless it sets another language, and restore afterwards."""
    previous = oi_helpers.get_language()
    oi_helpers.set_language("en")
    yield
    oi_helpers.set_language(previous)


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """An empty dataset cache and no mirror."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("OI_DATA_DIR", str(cache))
    monkeypatch.delenv("OI_DATA_MIRROR", raising=False)
    return cache


@pytest.fixture
def course_mirror() -> str | None:
    """The mirror the tests read real datasets from: OI_DATA_MIRROR, else ../shared/datasets if present."""
    configured = os.environ.get("OI_DATA_MIRROR")
    if configured:
        return configured
    return str(SHARED_DATASETS) if SHARED_DATASETS.is_dir() else None


class FileServer:
    """A loopback HTTP server whose routes are set per test.

    ``routes[path] = (status, body, mode)``; mode "ok" sends the body,
    "drop" announces the full length but closes the connection half-way.
    """

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, str]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (name fixed by BaseHTTPRequestHandler)
                server.requests.append(self.path)
                status, body, mode = server.routes.get(self.path, (404, b"not found", "ok"))
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if mode == "drop":
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address
        return f"http://{host}:{port}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def file_server():
    server = FileServer()
    yield server
    server.close()
