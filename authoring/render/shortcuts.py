"""The shortcuts that make a PDF cheaper to make without changing it, installed together once per process.

Each reaches into WeasyPrint, pydyf or tinyhtml5 and applies only to the versions it was written for
(its module's SUPPORTED; a test fails when an installed version is not one of them):
c_types (C types declared once), html_parse (tinyhtml5's expressions kept), lazy_pseudo (pseudo-element
styles computed when asked for), font_bytes (font files copied only when read), font_subset (one HarfBuzz
pass where two give the same font), flate (zlib level 6). A batch worker installs them once (authoring/batch/
jobs.py `preload`), and every PDF render before it starts.
"""

from __future__ import annotations

from authoring.render import c_types, flate, font_bytes, font_subset, html_parse, lazy_pseudo


def install() -> None:
    for shortcut in (c_types, html_parse, lazy_pseudo, font_bytes, font_subset, flate):
        shortcut.install()
