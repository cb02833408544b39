"""PDF typesetting measured on every example: justified lines, clean text, tables that flow, folio, PDF/A.

Each example is laid out once for the module (authoring.render.pdf.layout_document: the boxes WeasyPrint made,
and the PDF made from them, the same bytes as `build` writes); what a reader sees is measured in the PDF
with poppler (pdftotext -bbox-layout for text positions, pdftoppm for the folio's dash), and the boxes
only say which line ends a paragraph and where a table starts.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from authoring.cli import main
from authoring.pipeline import check_file
from authoring.render import fonts, justify
from authoring.render.pdf import layout_document, render_html, render_pdf
from authoring.report.context import build_context

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))
LUQUAN = ROOT / "inputs" / "luquan-zhengxie-2023.yaml"
PT = 0.75  # pt per CSS px
MM = 72 / 25.4  # pt per mm
TEXT_BLOCK_BOTTOM_MM = 297 - 35  # GB/T 9704: 地脚 35 mm
XHTML = "{http://www.w3.org/1999/xhtml}"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

pytestmark = [
    pytest.mark.skipif(not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists(),
                       reason="Fandol 字体未准备（运行 scripts/fonts.sh）"),
    pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"), reason="需要 poppler-utils"),
]


# --- rendering once per example ---------------------------------------------------------------------

@dataclass
class Word:
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    text: str


@dataclass
class Rendered:
    path: Path
    context: dict
    profile: object
    document: object
    pdf: bytes
    file: Path
    pages: list[list[Word]] = field(default_factory=list)  # pdftotext -bbox-layout words, per page

    def lines(self, page: int) -> list[list[Word]]:
        """The words of a page grouped into visual lines (same baseline), left to right."""
        lines: list[list[Word]] = []
        for word in sorted(self.pages[page], key=lambda w: (w.y_max, w.x_min)):
            if lines and abs(lines[-1][0].y_max - word.y_max) < 1:
                lines[-1].append(word)
            else:
                lines.append([word])
        return [sorted(line, key=lambda w: w.x_min) for line in lines]


def bbox_words(pdf_file: Path) -> list[list[Word]]:
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_file), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out))
    return [[Word(float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")), float(w.get("yMax")), w.text or "")
             for w in page.iter(f"{XHTML}word")] for page in root.iter(f"{XHTML}page")]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    cache: dict[Path, Rendered] = {}
    folder = tmp_path_factory.mktemp("layout")

    def get(path: Path) -> Rendered:
        if path not in cache:
            result = check_file(path)
            context = build_context(result)
            document, pdf = layout_document(context, result.profile)
            file = folder / f"{path.stem}.pdf"
            file.write_bytes(pdf.pdf)
            cache[path] = Rendered(path, context, result.profile, document, pdf.pdf, file, bbox_words(file))
        return cache[path]

    return get


# --- what the boxes say -------------------------------------------------------------------------------

def walk(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


def box_text(box) -> str:
    from weasyprint.formatting_structure import boxes

    return "".join(b.text for b in walk(box) if isinstance(b, boxes.TextBox))


@dataclass
class Line:
    page: int
    text: str  # without zero-width characters
    right: float  # the right edge of the paragraph's text, pt
    pitch: float  # the advance of one CJK character with the paragraph's letter-spacing, pt
    final: bool = False
    short: float = 0.0  # slack the hook left at the end (its gaps at their widest), pt


def justified_lines(document) -> list[Line]:
    """Every line of every justified paragraph, in reading order, its last line marked final."""
    from weasyprint.formatting_structure import boxes

    lines: dict[int, list[Line]] = {}
    for number, page in enumerate(document.pages):
        for block in walk(page._page_box):
            if not isinstance(block, boxes.BlockContainerBox) or block.style["text_align_all"] != "justify":
                continue
            style = block.style
            spacing = 0 if style["letter_spacing"] == "normal" else style["letter_spacing"]
            for line in block.children:
                if isinstance(line, boxes.LineBox):
                    text = "".join(ch for ch in box_text(line) if ch not in ZERO_WIDTH)
                    lines.setdefault(id(block.element), []).append(
                        Line(number, text, (block.content_box_x() + block.width) * PT,
                             (style["font_size"] + spacing) * PT, short=getattr(line, "cjk_short", 0.0) * PT))
    for found in lines.values():
        found[-1].final = True
    return sorted((line for found in lines.values() for line in found), key=lambda line: line.page)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def find_line(r: Rendered, line: Line) -> list[Word] | None:
    for words in r.lines(line.page):
        if squeeze("".join(w.text for w in words)) == squeeze(line.text):
            return words
    return None


# --- justified lines ----------------------------------------------------------------------------------

def test_the_justification_hook_is_active_with_the_installed_weasyprint():
    """Fails when WeasyPrint is upgraded past the versions the hook was written for: check the hook against
    the new weasyprint/layout/inline.py and draw/text.py, then add the version to justify.SUPPORTED."""
    import weasyprint

    fonts.import_weasyprint()
    assert justify.install() is None
    assert weasyprint.__version__ in justify.SUPPORTED and justify.active()


@pytest.mark.parametrize("left, right, widened", [
    ("政", "协", True), ("年", "2", True), ("3", "年", True), ("，", "中", True), ("”", "的", True), ("%", "，", True),
    ("2", "0", False), ("A", "B", False), (".", "1", False),  # Latin words and numbers keep their spacing
    ("—", "—", False), ("…", "…", False),  # —— and …… stay whole
    (" ", "中", False), ("中", " ", False),  # a space is widened as a space, not twice
])
def test_which_gaps_justification_widens(left, right, widened):
    assert justify.gap_after(left, right) is widened


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_non_final_line_of_a_justified_paragraph_ends_at_the_margin(rendered, path):
    """All within 0.5 pt, but for a line whose gaps would have to be so wide that PDF readers would take them
    for spaces (a long number that did not fit on it): it is spread as far as that allows, and such lines
    are rare (one in a hundred, or one in an example)."""
    r = rendered(path)
    lines = [line for line in justified_lines(r.document) if not line.final and line.text.strip()]
    for line in lines:
        words = find_line(r, line)
        assert words is not None, f"第 {line.page + 1} 页找不到这一行：{line.text}"
        right = max(w.x_max for w in words)
        assert abs(right + line.short - line.right) <= 0.5, (
            f"第 {line.page + 1} 页这一行右端差 {line.right - right:.2f} pt：{line.text}")
    assert len(lines) > 20
    assert sum(1 for line in lines if line.short) <= max(1, len(lines) // 100)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_last_line_of_a_paragraph_keeps_its_natural_spacing(rendered, path):
    """text-align-last: start: a last line that does not fill the measure is not stretched."""
    r = rendered(path)
    checked = 0
    for line in justified_lines(r.document):
        text = line.text.strip()
        if not line.final or not text or not all(unicodedata.east_asian_width(ch) in "WF" for ch in text):
            continue
        words = find_line(r, line)
        assert words is not None, line.text
        width = max(w.x_max for w in words) - min(w.x_min for w in words)
        if width > line.right - 72:  # a last line that fills the measure may be justified
            continue
        assert abs(width - len(text) * line.pitch) < 0.5, f"第 {line.page + 1} 页段落末行被拉开了：{text}"
        checked += 1
    assert checked > 5


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_extracted_text_holds_only_the_reports_characters(rendered, path):
    """Justification moves characters, it inserts none: every character pdftotext finds is in the report's
    HTML (questionnaire text and the template's words) or in a folio, and no justified line is cut into
    more words than its text has (a space pdftotext would insert for a wide gap)."""
    r = rendered(path)
    source = html.unescape(re.sub(r"<[^>]+>", "", render_html(r.context, r.profile).split("<body", 1)[1]))
    allowed = set(source) | set("— 0123456789") | set(r.context.get("示例") or "")
    extracted = subprocess.run(["pdftotext", "-enc", "UTF-8", str(r.file), "-"], capture_output=True, text=True,
                               check=True).stdout
    assert set(squeeze(extracted)) - allowed == set()
    for line in justified_lines(r.document):
        words = find_line(r, line)
        if words is not None:
            assert len(words) == len(line.text.split()), f"第 {line.page + 1} 页这一行提取出多余的空格：{line.text}"


def test_without_the_hook_lines_are_ragged_and_with_another_weasyprint_one_warning(rendered, monkeypatch):
    """AUTHORING_CJK_JUSTIFY=0 (make bench) or an unsupported WeasyPrint: plain WeasyPrint, ragged right."""
    import weasyprint

    r = rendered(LUQUAN)
    monkeypatch.setattr(weasyprint, "__version__", "0.0")
    try:
        document, result = layout_document(r.context, r.profile)
    finally:
        monkeypatch.undo()
        assert justify.install() is None and justify.active()
    assert [w for w in result.warnings if "两端对齐" in w] == [
        f"PDF 中文行未两端对齐：两端对齐的扩展只适用于 WeasyPrint {'、'.join(justify.SUPPORTED)}，"
        "安装的是 0.0（右边缘会参差不齐）"]
    plain = Rendered(LUQUAN, r.context, r.profile, document, result.pdf, r.file.with_name("plain.pdf"))
    plain.file.write_bytes(result.pdf)
    plain.pages = bbox_words(plain.file)
    short = [line for line in justified_lines(document) if not line.final and (words := find_line(plain, line))
             and line.right - max(w.x_max for w in words) > 2]
    assert len(short) > 5


def test_the_module_renders_what_build_writes(rendered):
    r = rendered(LUQUAN)
    assert render_pdf(r.context, r.profile) == r.pdf


# --- tables that flow ---------------------------------------------------------------------------------

def table_fragments(document) -> dict[int, list[tuple[int, object]]]:
    """id(table element) → [(page, table box)] for every page the table is on."""
    from weasyprint.formatting_structure import boxes

    found: dict[int, list[tuple[int, object]]] = {}
    for number, page in enumerate(document.pages):
        for box in walk(page._page_box):
            if isinstance(box, boxes.TableBox):
                found.setdefault(id(box.element), []).append((number, box))
    return found


def cell_words(words: list[Word], cell) -> str:
    """The text pdftotext finds inside a table cell's border box, line by line."""
    left, top = cell.border_box_x() * PT, cell.border_box_y() * PT
    right, bottom = left + cell.border_width() * PT, top + cell.border_height() * PT
    inside = [w for w in words if left <= (w.x_min + w.x_max) / 2 <= right and top <= (w.y_min + w.y_max) / 2 <= bottom]
    return squeeze("".join(w.text for w in sorted(inside, key=lambda w: (round(w.y_max), w.x_min))))


def test_a_long_table_has_its_header_row_on_every_page_and_rows_are_never_split(rendered):
    from weasyprint.formatting_structure import boxes

    spanning = 0
    for path in EXAMPLES:
        r = rendered(path)
        for fragments in table_fragments(r.document).values():
            if len(fragments) < 2:
                continue
            spanning += 1
            rows_seen: dict[int, int] = {}
            for page, table in fragments:
                head = table.children[0]
                assert head.is_header, f"{path.name} 第 {page + 1} 页的续表没有表头"
                for cell in walk(head):
                    if isinstance(cell, boxes.TableCellBox):
                        shown = cell_words(r.pages[page], cell)
                        assert shown == squeeze(box_text(cell)), f"{path.name} 第 {page + 1} 页表头“{box_text(cell)}”"
                for row in walk(table):
                    if isinstance(row, boxes.TableRowBox):
                        rows_seen[id(row.element)] = rows_seen.get(id(row.element), 0) + 1
            split = [n for n in rows_seen.values() if n > 1]
            assert len(split) == 1, f"{path.name}: 有表格行被拆到两页"  # only the header row is on every page
    assert spanning >= 1  # the examples hold at least one table that spans pages


def test_a_merged_cell_cut_by_a_page_break_repeats_its_text_on_the_next_page(rendered):
    """The 一级指标 merged over rows on two pages: the first row of the second page has it again, with its
    text, so every column of that row has a cell (WeasyPrint alone leaves the column blank there)."""
    repeated = 0
    for path in EXAMPLES:
        r = rendered(path)
        for fragments in table_fragments(r.document).values():
            for page, table in fragments[1:]:
                columns = len(table.column_widths)
                body = next(group for group in table.children if not group.is_header)
                first = body.children[0]
                covered = {cell.grid_x + i for cell in first.children for i in range(cell.colspan)}
                assert covered == set(range(columns)), f"{path.name} 第 {page + 1} 页续表首行有空着的合并格"
                for cell in first.children:
                    if "continued" in (cell.element.get("class") or ""):
                        repeated += 1
                        assert cell_words(r.pages[page], cell) == squeeze(box_text(cell)) != ""
    assert repeated >= 2


def test_no_page_before_a_table_is_left_a_third_empty_when_its_head_would_have_fitted(rendered):
    """Where a page ends early and the next page starts with a table (or the headings kept with it), the
    table's title, header and first two rows (and those headings) must not have fitted in the space left."""
    from weasyprint.formatting_structure import boxes

    checked = 0
    for path in EXAMPLES:
        r = rendered(path)
        pages = r.document.pages
        for number in range(len(pages) - 1):
            page, following = pages[number]._page_box, pages[number + 1]._page_box
            bottom = page.content_box_y() + page.height
            body = next(b for b in walk(page) if b.element_tag == "body")
            used = max(child.position_y + child.margin_height() for child in body.children)
            free = bottom - used
            next_body = next(b for b in walk(following) if b.element_tag == "body")
            start = next_body.children[0].position_y
            table_block = next((child for child in next_body.children if child.element_tag != "h2"), None)
            if table_block is None or "table-block" not in (table_block.element.get("class") or ""):
                continue
            if any(box.element is table_block.element for box in walk(page)):
                continue  # the table began on the page before: a continuation, not a table moved whole
            groups = [group for group in walk(table_block) if isinstance(group, boxes.TableRowGroupBox)]
            body_rows = ([row for group in groups if not group.is_header for row in group.children]
                         or [row for group in groups for row in group.children])
            head = body_rows[min(1, len(body_rows) - 1)]
            needed = head.position_y + head.margin_height() - start
            checked += 1
            assert not (free > page.height / 3 and needed <= free), (
                f"{path.name} 第 {number + 1} 页下方空了 {free * PT / MM:.0f} mm，"
                f"而下一页的表格标题、表头和前两行只要 {needed * PT / MM:.0f} mm")
    assert checked >= 1


# --- folio --------------------------------------------------------------------------------------------

def dark_rows_mm(pdf_file: Path, page: int, x_pt: tuple[float, float], y_mm: tuple[float, float],
                 dpi: int = 720) -> list[float]:
    """The heights (mm from the top of the page) of the pixel rows with ink in the given box."""
    px = dpi / 25.4
    x0, y0 = int(x_pt[0] / MM * px), int(y_mm[0] * px)
    width, height = int((x_pt[1] - x_pt[0]) / MM * px), int((y_mm[1] - y_mm[0]) * px)
    out = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-x", str(x0), "-y", str(y0),
                          "-W", str(width), "-H", str(height), "-gray", str(pdf_file)],
                         capture_output=True, check=True).stdout
    _, size, _, pixels = out.split(b"\n", 3)  # binary PGM: P5, width height, 255, the pixels
    w, h = map(int, size.split())
    return [(y0 + y + 0.5) / px for y in range(h) if min(pixels[y * w:(y + 1) * w]) < 128]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_folio_dash_is_7_mm_below_the_text_block(rendered, path):
    """GB/T 9704 §7.5: 一字线上距版心下边缘 7 mm; on an odd and an even page."""
    r = rendered(path)
    for page in (1, 2):
        dashes = [w for w in r.pages[page - 1] if w.text == "—" and w.y_min > TEXT_BLOCK_BOTTOM_MM * MM]
        assert len(dashes) == 2, f"第 {page} 页的页码应为“— {page} —”"
        rows = dark_rows_mm(r.file, page, (dashes[0].x_min + 1, dashes[0].x_max - 1),
                            (TEXT_BLOCK_BOTTOM_MM, TEXT_BLOCK_BOTTOM_MM + 20))
        assert rows and rows[-1] - rows[0] < 1, "一字线应是一条细线"
        assert abs((rows[0] + rows[-1]) / 2 - TEXT_BLOCK_BOTTOM_MM - 7) < 0.3


# --- PDF/A --------------------------------------------------------------------------------------------

def test_build_pdfa_declares_pdfa_2b_embeds_every_font_and_stays_reproducible(tmp_path, capsys):
    made = []
    for run in ("a", "b"):
        assert main(["build", str(LUQUAN), "--format", "pdf", "--pdfa", "-o", str(tmp_path / run)]) == 0
        made.extend((tmp_path / run).glob("*.pdf"))
    first, second = made
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b"%PDF-1.7")
    reader = PdfReader(first)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "sRGB" in intent["/OutputConditionIdentifier"]
    assert "/DestOutputProfile" in intent
    table = subprocess.run(["pdffonts", str(first)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert table and all(line.split()[-5] == "yes" for line in table), table  # the "emb" column


def test_pdfa_is_for_the_pdf_only(tmp_path, capsys):
    assert main(["build", str(LUQUAN), "--format", "docx", "--pdfa", "-o", str(tmp_path)]) == 2
    assert "--pdfa 只用于 PDF" in capsys.readouterr().err
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
