project = "Intérieur"
language = "fr"
extensions = ["booklet.sphinxext"]
html_theme = "booklet"
locale_dirs = ["locale/"]
gettext_compact = False
exclude_patterns = ["locale"]
