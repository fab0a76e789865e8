"""``booklet serve``: a local preview of ``build/html`` on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import logging

from .config import Config
from .paths import BuildPaths

log = logging.getLogger(__name__)


def serve(config: Config, port: int) -> None:
    root = BuildPaths(config).html_root
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        log.info("serving %s at http://127.0.0.1:%d/ (Ctrl-C stops)", root, server.server_port)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            log.info("stopped")
