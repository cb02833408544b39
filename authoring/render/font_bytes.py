"""A font file is copied out of HarfBuzz only when WeasyPrint reads it, not for every font the PDF uses.

WeasyPrint's `Font.__init__` (pdf/fonts.py) copies the whole font file into a bytes object, 20 MB for a Noto
CJK collection, about 0.02 s of CPU per report for the six faces a report uses. The copy is read only for a
variable font, a colour font, a font that is not subset and the fontTools fallback; HarfBuzz subsets from the
face itself, and the subset replaces the copy. `install()` makes the copy lazy: `file_content` is read from
the face the first time it is asked for, so the PDF holds the same bytes. It reaches into WeasyPrint's
internals, so only for the versions in SUPPORTED (a test fails when the installed WeasyPrint is not one of
them); with another version WeasyPrint copies as before.
"""

from __future__ import annotations

SUPPORTED = ("70.0",)

_originals: dict[str, object] = {}


class _Unread:
    """The data of a HarfBuzz face, read the first time it is needed."""

    __slots__ = ("face", "data")

    def __init__(self, face):
        self.face, self.data = face, None

    def read(self) -> bytes:
        if self.data is None:
            self.data = _originals["get_hb_object_data"](self.face)
            self.face = None
        return self.data

    def __bool__(self) -> bool:  # WeasyPrint tests a subset's data for emptiness before it keeps it
        return bool(self.read())


def _face_data(hb_object, ot_color=None, glyph=None):
    if ot_color is None and glyph is None:
        return _Unread(hb_object)
    return _originals["get_hb_object_data"](hb_object, ot_color, glyph)


def _get(font) -> bytes:
    content = font.__dict__["_file_content"]
    if isinstance(content, _Unread):
        content = font.__dict__["_file_content"] = content.read()
    return content


def _set(font, content) -> None:
    font.__dict__["_file_content"] = content


def install() -> None:
    """Make Font.file_content lazy (once per process; a no-op for another WeasyPrint version)."""
    import weasyprint

    if weasyprint.__version__ not in SUPPORTED or _originals:
        return
    from weasyprint.pdf import fonts as pdf_fonts

    _originals["get_hb_object_data"] = pdf_fonts.get_hb_object_data
    pdf_fonts.get_hb_object_data = _face_data
    pdf_fonts.Font.file_content = property(_get, _set)


def uninstall() -> None:
    """WeasyPrint's own copying again (the tests compare both)."""
    from weasyprint.pdf import fonts as pdf_fonts

    if _originals:
        pdf_fonts.get_hb_object_data = _originals.pop("get_hb_object_data")
        del pdf_fonts.Font.file_content


def active() -> bool:
    from weasyprint.pdf import fonts as pdf_fonts

    return bool(_originals) and isinstance(pdf_fonts.Font.__dict__.get("file_content"), property)
