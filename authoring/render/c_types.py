"""The C types WeasyPrint declares while it renders a PDF, declared once per process instead of once per report.

cffi parses each type string with pycparser the first time a process uses it, 2 ms each. A fork of `batch`'s
worker renders one report and ends, so it would parse them all again: `warm()` declares them in the worker.
WeasyPrint's font subsetting also declares three arrays per font with their length in the type
(`hb_codepoint_t[59056]`), a new type, so a new parse, for every length: about a dozen per report.
`install()` has it declare them as `hb_codepoint_t[]` with the same items (the same array, so the same PDF);
it reaches into WeasyPrint's internals, so only for the versions in SUPPORTED (as justify.py).
"""

from __future__ import annotations

import re

SUPPORTED = ("70.0",)
TYPES = ("PangoFcFontMap *", "FcChar8 **", "char[]", "char[4]", "PangoRectangle *", "PangoLogAttr[]",
         "unsigned int *", "hb_tag_t[100]", "hb_codepoint_t[]")
_SIZED = re.compile(r"(hb_codepoint_t)\[(\d+)\]")


class _OpenArrays:
    """WeasyPrint's ffi, but `new("hb_codepoint_t[N]", items)` with N items is declared as `hb_codepoint_t[]`."""

    def __init__(self, ffi):
        self._ffi = ffi

    def new(self, cdecl, init=None):
        sized = _SIZED.fullmatch(cdecl) if isinstance(cdecl, str) and init is not None else None
        if sized and isinstance(init, (list, tuple)) and len(init) == int(sized[2]):
            return self._ffi.new(f"{sized[1]}[]", init)
        return self._ffi.new(cdecl, init)

    def __getattr__(self, name):
        return getattr(self._ffi, name)


def install() -> None:
    """Declare TYPES now and let font subsetting reuse one array type (once per process; WeasyPrint imported)."""
    import weasyprint
    from weasyprint.pdf import fonts as pdf_fonts
    from weasyprint.text.ffi import ffi

    for name in TYPES:
        try:
            ffi.typeof(name)
        except Exception:  # a type this WeasyPrint does not declare: only slower
            pass
    if weasyprint.__version__ in SUPPORTED and not isinstance(pdf_fonts.ffi, _OpenArrays):
        pdf_fonts.ffi = _OpenArrays(pdf_fonts.ffi)
