"""How wide a text shows: in a terminal's columns or a spreadsheet's column units, a Chinese character being two."""

from __future__ import annotations

import unicodedata


def columns(text: str, ambiguous_wide: bool = False) -> int:
    """Wide and full-width characters take two columns, others one. `ambiguous_wide`: so do characters whose
    width depends on the font (“”、—、…), as they do in the Chinese fonts a spreadsheet is shown in."""
    wide = "WFA" if ambiguous_wide else "WF"
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in wide else 1 for c in text)
