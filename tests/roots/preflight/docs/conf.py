"""Sphinx settings of the preflight test booklet (tests/test_preflight.py)."""

project = "Preflight test booklet"
author = "The booklet test suite"
copyright = "%Y, the booklet test suite"
language = "en"
root_doc = "index"
