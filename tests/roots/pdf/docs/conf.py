"""Sphinx settings of the tiny test booklet (tests/test_pdf.py)."""

project = "Tiny test booklet"
author = "The booklet test suite"
copyright = "%Y, the booklet test suite"
language = "en"
root_doc = "index"
