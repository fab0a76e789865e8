"""booklet: build a multilingual publication from one Sphinx source.

The public API is small::

    from booklet import load_config, build

    config = load_config("path/to/project")
    report = build(config, languages=["az"], formats=["html", "pdf"])

Everything else is reached through the ``booklet`` command (see ``booklet --help``).
"""

from __future__ import annotations

__version__ = "0.1.0"

from .config import Config, load_config  # noqa: E402
from .errors import BookletError  # noqa: E402


def build(config: Config, **options: object) -> object:
    """Build the outputs of *config*; see :func:`booklet.pipeline.build`."""
    from .pipeline import build as _build

    return _build(config, **options)  # type: ignore[arg-type]


__all__ = ["BookletError", "Config", "__version__", "build", "load_config"]
