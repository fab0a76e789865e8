"""Sphinx settings of the publication: a plain Sphinx project.

``booklet build`` adds its own extension and theme; the edition, the languages and the
website's base URL are set in ``[tool.booklet]`` of ``pyproject.toml``.
"""

project = "20 January 1990"
author = "Embassy of the Republic of Azerbaijan in Turkmenistan"
copyright = "%Y, the authors; text licensed under CC BY 4.0"
language = "en"
root_doc = "index"

locale_dirs = ["../locales/"]
gettext_compact = False
gettext_uuid = False
gettext_location = True

html_title = "20 January 1990"
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
html_last_updated_fmt = None
html_permalinks = True
