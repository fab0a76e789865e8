# Konfiguration des Vereinshandbuchs (Sphinx).
#
# Die Übersetzungen pflegt Weblate in source/locales/<Sprache>/LC_MESSAGES/.

import os
import sys

sys.path.insert(0, os.path.abspath("_ext"))

project = "Handbuch des Gemeinschaftsgartens"
author = "Gartenverein Lindenhof e. V."
copyright = "2026, Gartenverein Lindenhof e. V."
version = "2.1"
release = "2.1"

language = "de"
# Weblate legt die Kataloge neben die Quellen.
locale_dirs = ["locales/"]

extensions = [
    "sphinx.ext.todo",
    "gartenrollen",
    # "sphinx.ext.intersphinx",
]
todo_include_todos = False

html_theme = "waldtheme"
html_theme_path = ["_themes"]
html_theme_options = {
    "accent": "#2e5d34",
    "show_banner": True,
}
html_title = "Gemeinschaftsgarten Lindenhof"
