project = "Typography"
language = "en"
locale_dirs = ["../locales/"]
gettext_compact = False
