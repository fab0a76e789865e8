"""Rollen des Vereinshandbuchs: ``:pflanze:`Tomaten``` markiert eine Pflanze."""

from docutils import nodes


def pflanze(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.inline(rawtext, text, classes=["pflanze"])], []


def setup(app):
    app.add_role("pflanze", pflanze)
    return {"version": "1.0", "parallel_read_safe": True}
