# An ordinary Sphinx project, written as its authors would: it has never heard of booklet.
project = "Tallyctl"
author = "The Tallyctl authors"
copyright = "2026, The Tallyctl authors"
version = "2.4"
release = "2.4.1"
language = "en"

extensions = ["sphinx.ext.ifconfig"]

locale_dirs = ["../locales/"]
gettext_compact = False

numfig = True
tallyctl_edition = "community"
pygments_style = "sphinx"
html_theme = "alabaster"


def setup(app):
    app.add_config_value("tallyctl_edition", "community", "env")
