"""Property: whatever a translator writes, the build succeeds or stops with a clear message,
and no markup from a msgstr becomes a live element or attribute in the HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOTS, run_booklet

MARKUP = st.sampled_from([
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<iframe src=//x>",
    "`link <javascript:alert(1)>`_", ".. raw:: html\n\n   <script>x</script>", "|anniversary|",
    ":ref:`chapter`", "``code``", "**strong", "*em*", "[#]_", "\\", "`", "|", "_", ":",
    '"><svg onload=alert(1)>', "&lt;b&gt;", "<b>bold</b>", "\n\n", ".. image:: /etc/passwd",
    "file:///etc/passwd", "http://127.0.0.1:9/x",
])
TEXT = st.lists(st.one_of(st.text(min_size=0, max_size=20), MARKUP), min_size=1, max_size=5).map("".join)
LIVE_TAGS = {"iframe", "object", "embed", "svg", "form"}


def live_markup(page: Path, baseline_scripts: set[str]) -> list[str]:
    root = lxml.html.parse(str(page)).getroot()
    problems = [f"<{el.tag}>" for el in root.iter() if isinstance(el.tag, str) and el.tag in LIVE_TAGS
                and not el.xpath("ancestor::search")]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        problems += [f"{element.tag}@{name}" for name in element.attrib if name.startswith("on")]
        for name in ("href", "src"):
            if element.get(name, "").strip().lower().startswith(("javascript:", "data:text", "file:")):
                problems.append(f"{element.tag}@{name}={element.get(name)}")
    scripts = {s.get("src") or s.text_content() for s in root.iter("script")}
    problems += [f"script {s[:40]!r}" for s in scripts - baseline_scripts]
    return problems


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    target = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(ROOTS / "minimal", target, ignore=shutil.ignore_patterns("build", "*.mo"))
    result = run_booklet("build", "--project", target, "--format", "html")
    assert result.returncode == 0, result.stderr
    page = target / "build/html/de/chapter.html"
    baseline = {s.get("src") or s.text_content() for s in lxml.html.parse(str(page)).getroot().iter("script")}
    return target, baseline


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_arbitrary_msgstr_never_crashes_or_injects(project, text):
    """Every example is checked for live markup: a msgstr the gate rejects is built again with
    the gate bypassed (``--no-strict``), so the escaping is tested whatever the gate says."""
    target, baseline = project
    po_path = target / "locales/de/LC_MESSAGES/chapter.po"
    catalog = polib.pofile(str(po_path))
    catalog.find("A second paragraph with a footnote. [#]_").msgstr = f"{text} [#]_"
    catalog.save()
    result = run_booklet("build", "--project", target, "--format", "html", "--lang", "de")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    if result.returncode == 1:
        assert "de" in result.stderr and ("chapter.po" in result.stderr or "chapter.rst" in result.stderr)
        result = run_booklet("build", "--project", target, "--format", "html", "--lang", "de",
                             "--no-strict")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    page = target / "build/html/de/chapter.html"
    problems = live_markup(page, baseline)
    assert not problems, (text, problems)


def test_hostile_msgstr_stays_text_in_epub_even_without_the_gate(project):
    """With the gate bypassed (--no-strict), what a msgstr holds stays text in the EPUB."""
    import zipfile

    from lxml import etree

    target, _ = project
    hostile = ('<script>alert(1)</script> <img src=x onerror="alert(1)"> <iframe src=//x> '
               '"><svg onload=alert(1)> `link <javascript:alert(1)>`_ `f <file:///etc/passwd>`_')
    po_path = target / "locales/de/LC_MESSAGES/chapter.po"
    catalog = polib.pofile(str(po_path))
    catalog.find("A second paragraph with a footnote. [#]_").msgstr = f"{hostile} [#]_"
    catalog.save()
    result = run_booklet("build", "--project", target, "--format", "epub", "--format", "html",
                         "--lang", "de", "--no-strict")
    assert result.returncode == 0, result.stderr
    assert "unsafe URL" in result.stderr and "chapter" in result.stderr
    with zipfile.ZipFile(target / "build/epub/minimal-de.epub") as archive:
        text = archive.read(next(n for n in archive.namelist() if n.endswith("chapter.xhtml")))
    root = etree.fromstring(text)
    assert "alert(1)" in "".join(root.itertext())      # the words are there, as text
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        assert name not in {"script", "iframe", "svg", "img"} or "cover" in (element.get("class") or "")
        assert not [a for a in element.attrib if a.startswith("on")], element.attrib
        assert not (element.get("href") or "").lower().startswith(("javascript:", "file:"))
    page = target / "build/html/de/chapter.html"
    assert not live_markup(page, {s.get("src") or s.text_content()
                                  for s in lxml.html.parse(str(page)).getroot().iter("script")})
