"""Justified Chinese lines in the PDF: WeasyPrint's justification extended to the gaps between CJK characters.

WeasyPrint justifies a line only by widening its spaces (layout/inline.py `justify_line`; Kozea/WeasyPrint#2269),
so a Chinese line, which has none, keeps its slack at the right end: a ragged edge. This hook replaces
`justify_line`: a justified line with gaps next to CJK characters shares its slack out equally among those gaps
and its spaces (at most MAX_GAP each, so that PDF readers see no space between words). A gap is the place
between two visible characters of which at least one is CJK (汉字, 全角标点, “”); inside a Latin word or a
number there is none, so they keep their own spacing, and a dash or ellipsis of two characters (——, ……)
stays whole. Which characters of each text box are followed by a share is noted on the box; when the box
is drawn (draw/text.py `draw_first_line`), the share is added to the advance width of those glyphs after
Pango has shaped the line. The PDF holds the same characters in the same order, only placed further apart:
copying, searching and text extraction are unaffected. The last line of a paragraph is not justified
(WeasyPrint: `text-align: justify` sets `text-align-last: start`).

The hook reaches into WeasyPrint's internals, so it is installed only for the versions in SUPPORTED (a test
fails when the installed WeasyPrint is not one of them); with another version the PDF is made by plain
WeasyPrint, with one warning. AUTHORING_CJK_JUSTIFY=0 turns it off (`make bench` measures both).
"""

from __future__ import annotations

import os
import unicodedata

SUPPORTED = ("70.0",)
ENVIRONMENT = "AUTHORING_CJK_JUSTIFY"
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_CJK_AMBIGUOUS = frozenset("“”‘’—…·")  # full-width in Chinese fonts, "ambiguous" in Unicode
_UNBROKEN = frozenset("—…")  # —— and …… are one mark of two characters
_ATOMIC = "\ufffc"  # an image or inline block on the line: no gap next to it

_originals: dict[str, object] = {}


def wanted() -> bool:
    return os.environ.get(ENVIRONMENT, "1").strip() != "0"


def install() -> str | None:
    """Install the hook (once per process) unless switched off; the warning to give when it cannot be."""
    if not wanted():
        return None
    import weasyprint

    if weasyprint.__version__ not in SUPPORTED:
        _uninstall()
        return (f"PDF 中文行未两端对齐：两端对齐的扩展只适用于 WeasyPrint {'、'.join(SUPPORTED)}，"
                f"安装的是 {weasyprint.__version__}（右边缘会参差不齐）")
    if not _originals:
        from weasyprint.draw import text as draw_text
        from weasyprint.layout import inline

        _originals["justify_line"] = inline.justify_line
        _originals["text_align"] = inline.text_align
        _originals["draw_first_line"] = draw_text.draw_first_line
        inline.justify_line = _justify_line
        inline.text_align = _text_align
        draw_text.draw_first_line = _draw_first_line
    return None


def _uninstall() -> None:
    from weasyprint.draw import text as draw_text
    from weasyprint.layout import inline

    if _originals:
        inline.justify_line = _originals.pop("justify_line")
        inline.text_align = _originals.pop("text_align")
        draw_text.draw_first_line = _originals.pop("draw_first_line")


def active() -> bool:
    """Whether the hook is in place and switched on (the tests check this for the installed WeasyPrint)."""
    return bool(_originals) and wanted()


def is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF" or char in _CJK_AMBIGUOUS


def gap_after(left: str, right: str) -> bool:
    """Whether justification may widen the space between two neighbouring visible characters."""
    if _ATOMIC in (left, right) or left.isspace() or right.isspace():
        return False
    if left == right and left in _UNBROKEN:
        return False
    return is_cjk(left) or is_cjk(right)


# --- layout: share the slack -----------------------------------------------------------------------

def _text_align(context, line, available_width, last):
    """WeasyPrint's text_align, which leaves a line alone when it is already full or a little too long
    (by rounding, or a wide character): such a line is justified too, and so is the last line of a
    paragraph when it is full but for a fraction of a character, so that its last character ends exactly
    at the margin, as on every other line (letter-spacing would otherwise leave it 0.3 pt beyond)."""
    slack = available_width - line.width
    if wanted() and _justifies(line) and (slack <= 0 or (last and slack < FULL * line.style["font_size"])):
        if _justify_cjk(context, line, slack):
            return 0
    return _originals["text_align"](context, line, available_width, last)


def _justifies(line) -> bool:
    style = line.style
    return (style["text_align_all"] == "justify" and style["direction"] != "rtl"
            and style["white_space"] in ("normal", "nowrap", "pre-line"))


def _justify_line(context, line, extra_width):
    if not (wanted() and line.style["direction"] != "rtl" and _justify_cjk(context, line, extra_width)):
        _originals["justify_line"](context, line, extra_width)


def _justify_cjk(context, line, extra_width: float) -> bool:
    """Share extra_width (may be a little negative) among the line's CJK gaps and spaces; False when the
    line has no CJK gap (WeasyPrint's own justification is then used) or would be squeezed too much."""
    from weasyprint.layout.inline import count_expandable_spaces

    owners, last_box = _gap_owners(line)
    gaps = sum(len(found) for found in owners.values())
    if not gaps:
        return False
    openings = gaps + count_expandable_spaces(line)
    share = extra_width / openings
    size = line.style["font_size"]
    if share < -MAX_SQUEEZE * size:
        return False
    spacing = line.style["letter_spacing"]
    widest = MAX_GAP * size - (0 if spacing == "normal" else spacing)
    line.cjk_short = max(0.0, (share - widest) * openings)  # what stays at the line's end (tests read it)
    if line.cjk_short:
        share = widest
    right = line.position_x + line.width + extra_width
    _spread(context, line, share, 0, owners)
    if last_box is not None and not line.cjk_short:  # where its last character must end, from the box's origin
        last_box.cjk_gaps = (*getattr(last_box, "cjk_gaps", (share, ())), right - last_box.position_x)
    return True


def _gap_owners(line) -> tuple[dict[int, list[int]], object]:
    """id(text box) → indexes of its characters that are followed by a gap, in the line's order; and the text
    box holding the line's last visible character (None when the line ends with an image or inline block)."""
    units: list[tuple[object, int, str]] = []
    _collect(line, units)
    owners: dict[int, list[int]] = {}
    for (box, index, left), (_, _, right) in zip(units, units[1:]):
        if gap_after(left, right):
            owners.setdefault(id(box), []).append(index)
    return owners, (units[-1][0] if units else None)


def _collect(box, units: list) -> None:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        units.extend((box, i, ch) for i, ch in enumerate(box.text) if ch not in _ZERO_WIDTH)
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                _collect(child, units)
    else:
        units.append((None, 0, _ATOMIC))


def _spread(context, box, share: float, x_advance: float, owners: dict[int, list[int]]) -> float:
    """WeasyPrint's add_word_spacing, with the gaps after CJK characters widened as its spaces are."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.inline import count_expandable_spaces
    from weasyprint.text.line_break import create_layout

    if isinstance(box, boxes.TextBox):
        box.justification_spacing = share
        box.position_x += x_advance
        extra = 0.0
        spaces = count_expandable_spaces(box)
        if spaces:
            layout = create_layout(box.text, box.style, context, max_width=None, justification_spacing=share)
            layout.deactivate()
            box.pango_layout = layout
            extra += share * spaces
        gaps = owners.get(id(box))
        if gaps:
            box.cjk_gaps = (share, tuple(gaps))
            extra += share * len(gaps)
        box.width += extra
        return x_advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(context, child, share, x_advance, owners)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)
    return x_advance


# --- drawing: widen the glyphs ---------------------------------------------------------------------

def _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    gaps = getattr(textbox, "cjk_gaps", None)
    if gaps and text_overflow != "ellipsis" and block_ellipsis == "none":
        _widen(textbox.pango_layout, textbox.text, *gaps)
    return _originals["draw_first_line"](stream, textbox, text_overflow, block_ellipsis, matrix)


class _Glyph:
    """One shaped glyph as draw_first_line will write it: advance (Pango units), x offset, width in the font's
    1/1000 em, font size (px), and how many gaps follow it."""

    __slots__ = ("info", "width", "offset", "logical", "size", "gaps")

    def __init__(self, info, logical: int, size: float):
        self.info, self.logical, self.size, self.gaps = info, logical, size, 0
        self.width = info.geometry.width
        self.offset = info.geometry.x_offset

    def advance(self, width: int) -> float:
        """How far draw_first_line moves the pen for this glyph given this advance, in px: it writes the
        difference to the font's width as a whole number of 1/1000 em (truncated), and the x offset in
        its own unit (Pango units / font size)."""
        if self.info.glyph == _GLYPH_EMPTY:
            return width / 1000
        offset = self.offset / self.size
        kerning = self.logical + offset - width * 1000 / (_UNITS * self.size)
        return (offset + self.logical - int(kerning)) * self.size / 1000

    def width_for(self, advance: float) -> int:
        """The advance (Pango units) that makes draw_first_line move the pen by about `advance` px."""
        offset = self.offset / self.size
        k = round(offset + self.logical - advance * 1000 / self.size)
        aim = k + (0.5 if k > 0 else -0.5 if k < 0 else 0.0)  # int() truncates towards zero
        return round((self.logical + offset - aim) * _UNITS * self.size / 1000)

    def right(self) -> float:
        """Where the glyph's box ends, from the pen position before it (px)."""
        return (self.offset / self.size + self.logical) * self.size / 1000


_UNITS = 1024  # Pango units per px (WeasyPrint's TO_UNITS)
_GLYPH_EMPTY = 0x0FFFFFFF  # PANGO_GLYPH_EMPTY
FULL = 0.05  # a last line within 5 % of an em of the margin is a full line
MAX_SQUEEZE = 0.05
# The widest gap between two characters, in em: PDF readers take a wider gap for a space between words
# (poppler's pdftotext above 0.1 em, pdf.js above 0.102 em) and would put one into copied or searched text.
# A line that would need more (a long number that did not fit on it: 2 lines in 1083 of the examples)
# keeps the rest of its slack at its end.
MAX_GAP = 0.09  # a line too long may lose at most 5 % of an em per gap


def _glyphs(layout, text: str, owners: tuple[int, ...]) -> list[_Glyph]:
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    starts, offset = [], 0
    for ch in text:
        starts.append(offset)
        offset += len(ch.encode())
    wanted_bytes = sorted(starts[i] for i in owners)
    line, _ = layout.get_first_line()
    extents = ffi.new("PangoRectangle *")
    sizes: dict = {}
    glyphs: list[_Glyph] = []
    k = 0
    run = line.runs
    while run != ffi.NULL:
        item = run.data
        run = run.next
        font = item.item.analysis.font
        if font not in sizes:
            description = ffi.gc(pango.pango_font_describe_with_absolute_size(font), pango.pango_font_description_free)
            sizes[font] = pango.pango_font_description_get_size(description) * FROM_UNITS
        size = sizes[font]
        string = item.glyphs
        clusters = string.log_clusters
        count = string.num_glyphs
        end_of_item = item.item.offset + item.item.length
        for i in range(count):
            info = string.glyphs[i]
            if info.glyph & 0x10000000 or info.glyph == _GLYPH_EMPTY:  # PANGO_GLYPH_UNKNOWN_FLAG
                logical = round(info.geometry.width * 1000 * FROM_UNITS / size)
            else:
                pango.pango_font_get_glyph_extents(font, info.glyph, ffi.NULL, extents)
                logical = round(extents.width * 1000 * FROM_UNITS / size)
            glyph = _Glyph(info, logical, size)
            glyphs.append(glyph)
            if i + 1 < count and clusters[i + 1] == clusters[i]:
                continue  # not the last glyph of its cluster
            cluster_end = item.item.offset + clusters[i + 1] if i + 1 < count else end_of_item
            while k < len(wanted_bytes) and wanted_bytes[k] < cluster_end:
                glyph.gaps += 1
                k += 1
    return glyphs


def _widen(layout, text: str, share: float, owners: tuple[int, ...], right: float | None = None) -> None:
    """Widen the glyphs followed by a gap, on the shaped first line that draw_first_line then reads as it is.

    The gaps get `share` px each, or, in the box that ends the line, what makes its last glyph end at `right`
    (px from the box's origin) exactly. Each widened advance is chosen so that the pen, as draw_first_line
    moves it (whole 1/1000 em), stays on the exact position: no drift along the line. draw_first_line sets
    single-paragraph mode, which would lay the text out again; it is set here beforehand, so that it is no
    change there."""
    from weasyprint.text.ffi import pango

    if layout.text != text:  # not the text the gaps were counted in (never seen): draw it unjustified
        return
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    glyphs = _glyphs(layout, text, owners)
    gaps = sum(g.gaps for g in glyphs)
    if not glyphs or not gaps:
        return
    if right is not None:  # the last glyph drawn (a zero-width space may follow it)
        last = max(i for i, g in enumerate(glyphs) if g.info.glyph != _GLYPH_EMPTY)
        natural = sum(g.width for g in glyphs[:last]) / _UNITS + glyphs[last].right()
        share = (right - natural) / gaps
    pen = ideal = 0.0
    for glyph in glyphs:
        ideal += glyph.width / _UNITS + share * glyph.gaps
        if glyph.gaps:
            glyph.info.geometry.width = glyph.width_for(ideal - pen)
        pen += glyph.advance(glyph.info.geometry.width)
