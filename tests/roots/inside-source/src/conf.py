project = "Intérieur"
language = "fr"
locale_dirs = ["locale/"]
gettext_compact = False
exclude_patterns = ["locale"]
