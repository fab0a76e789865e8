"""The booklet settings as the Sphinx extension sees them.

``booklet build`` passes them in through the ``booklet`` configuration value. A plain
``sphinx-build`` run (the benchmark's baseline, or an editor's quick check) has no such
value, so the settings are read from the project's ``pyproject.toml`` instead.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config as SphinxConfig

from ..config import load_config
from ..errors import BookletError

log = logging.getLogger(__name__)


def _project_root(confdir: Path) -> Path:
    for candidate in (confdir, *confdir.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return confdir.parent


def resolve(app: Sphinx, config: SphinxConfig) -> dict[str, Any]:
    """The settings passed by ``booklet``, or those of the project around ``conf.py``."""
    if config.booklet:
        return dict(config.booklet)
    root = _project_root(Path(app.confdir))
    try:
        return load_config(root, {"source-dir": str(Path(app.srcdir).relative_to(root))}).to_sphinx()
    except (BookletError, ValueError) as exc:
        log.debug("no booklet configuration around %s: %s", app.confdir, exc)
        return {"languages": [config.language], "language_names": {}, "anniversary": None,
                "edition_date": "", "base_url": "", "drafts": [], "name": config.project,
                "slug": "booklet", "publisher": "", "handout": "handout",
                "source_language": config.language}
