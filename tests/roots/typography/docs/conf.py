project = "Typography"
language = "en"
extensions = ["booklet.sphinxext"]
html_theme = "booklet"
locale_dirs = ["../locales/"]
gettext_compact = False
