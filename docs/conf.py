"""Sphinx settings of the publication. Settings only: the behaviour is in booklet.sphinxext.

The edition, the languages and the website's base URL are set in ``[tool.booklet]``
of ``pyproject.toml``; ``booklet build`` passes them to the extension.
"""

project = "20 January 1990"
author = "Embassy of the Republic of Azerbaijan in Turkmenistan"
copyright = "%Y, the authors; text licensed under CC BY 4.0"
language = "en"
root_doc = "index"

extensions = ["booklet.sphinxext"]

locale_dirs = ["../locales/"]
gettext_compact = False
gettext_uuid = False
gettext_location = True

html_theme = "booklet"
html_title = "20 January 1990"
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
html_last_updated_fmt = None
html_permalinks = True
