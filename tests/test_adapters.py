"""The library adapters: each refuses a version it was not checked against, and the
versions it names are the ones ``pyproject.toml`` pins."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from booklet.adapters import pyphen as pyphen_adapter
from booklet.adapters import sphinx as sphinx_adapter
from booklet.adapters import pypdf as pypdf_adapter
from booklet.adapters import weasyprint as weasyprint_adapter
from booklet.errors import RenderError

ROOT = Path(__file__).resolve().parent.parent
ADAPTERS = {"weasyprint": weasyprint_adapter, "pypdf": pypdf_adapter, "pyphen": pyphen_adapter,
            "sphinx": sphinx_adapter}


def _pins() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {}
    for spec in data["project"]["dependencies"]:
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^;\s]+)", spec.strip())
        if found:
            pins[found.group(1).lower()] = found.group(2)
    return pins


@pytest.mark.parametrize("library", sorted(ADAPTERS))
def test_the_checked_version_is_pinned_and_installed(library: str) -> None:
    adapter = ADAPTERS[library]
    assert _pins().get(library) == adapter.CHECKED
    adapter.check()  # the installed version is the checked one


def test_an_unchecked_weasyprint_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """On another WeasyPrint the line-breaking fix is not silently skipped: laying out
    refuses with a message naming both versions."""
    from booklet.pdf import engine

    monkeypatch.setattr(weasyprint_adapter, "VERSION", "71.0")
    with pytest.raises(RenderError, match=r"weasyprint 71\.0 is installed.*70\.0") as raised:
        engine.layout(engine.Job("<p>x</p>", "", ROOT, None, True, "t.html", "test"))  # type: ignore[arg-type]
    assert "weasyprint==70.0" in raised.value.hint


@pytest.mark.parametrize("library, attribute", [("pypdf", "__version__"),
                                                ("pyphen", "__version__"),
                                                ("sphinx", "__version__")])
def test_an_unchecked_version_is_refused(library: str, attribute: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    module = __import__(library)
    monkeypatch.setattr(module, attribute, "99.0")
    with pytest.raises(RenderError, match=f"{library} 99.0 is installed"):
        ADAPTERS[library].check()
