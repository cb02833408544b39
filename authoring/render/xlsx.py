"""The 自评表 as a spreadsheet: the ReportContext's 自评表 tables (the blocks the DOCX and PDF print), one sheet.

Every cell shows exactly the text the report prints. A cell that is a plain number or percentage
(“93.4”, “1,234.50”, “93.72%”) is stored as that exact decimal with a number format that displays the
same digits, so that the bureau can add up a column; every other cell is text, and text that a
spreadsheet would read as a formula (=, +, -, @ …) is stored as text with Excel's quote prefix.
The bytes depend on the context only: the document dates are the report's date and every zip entry
has the same timestamp.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from authoring.stable_zip import workbook_bytes
from authoring.text_width import columns as text_columns

SHEET_NAME = "自评表"
MAX_CELL_CHARS = 32767  # Excel refuses a longer cell
CUT_NOTE = "……（此格超出表格软件单元格 32767 个字符的上限，全文见报告）"
PORTRAIT_WIDTH = 92  # column-width units that fit an A4 portrait page at 11 pt
LANDSCAPE_WIDTH = 138
LANDSCAPE_FROM = 6  # columns: from this many on, the sheet is printed landscape
BODY_PT, HEAD_PT, TITLE_PT = 11, 11, 16
LINE_PT = 15.0  # row height per wrapped line at 11 pt
TITLE_ROW_PT = 30.0

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ALIGN = {"左": "left", "中": "center", "右": "right"}
_NUMBER = re.compile(r"-?(0|[1-9]\d{0,2}(,\d{3})+|[1-9]\d*)(\.\d+)?")
_PERCENT = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?%")
_FORMULA_START = tuple("=+-@\t\r") + ("\uff1d", "\uff0b", "\uff0d", "\uff20")  # full-width forms too: NFKC turns them into formulas in some tools
MAX_DIGITS = 15  # a spreadsheet keeps 15 significant digits: longer numbers stay text


def render_xlsx(context: dict, profile: Any = None) -> bytes:
    """The workbook's bytes: title, 填报单位 line, then each table of the context's 自评表.

    `profile` (a LoadedProfile) is accepted for the same call as the other renderers; only the context is read."""
    sheet = context.get("自评表") or {"标题": context.get("标题", ""), "表格": []}
    tables = sheet["表格"]
    columns = max((len(t["表头"]) + (1 if t["类型"] == "栏目" else 0) for t in tables), default=1)
    fonts = context.get("字体", {})
    body_font = fonts.get("表格") or fonts.get("正文") or "仿宋_GB2312"
    head_font = fonts.get("一级标题") or "黑体"
    title_font = fonts.get("标题") or head_font
    widths = _column_widths(tables, columns)

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w

    row = 1
    _merged_line(ws, row, columns, sheet["标题"], Font(name=title_font, size=TITLE_PT), "center")
    ws.row_dimensions[row].height = TITLE_ROW_PT
    row += 1
    unit = tables[0].get("单位", "") if len(tables) == 1 else ""
    _unit_line(ws, row, columns, f"填报单位：{context.get('部门全称', '')}", unit, Font(name=body_font, size=BODY_PT))
    row += 1
    header_rows = []
    body, head = Font(name=body_font, size=BODY_PT), Font(name=head_font, size=HEAD_PT)
    for t in tables:
        row += 1 if row > 3 else 0  # a blank row between parts
        if t["类型"] == "栏目":
            row = _columns(ws, row, t, columns, widths, body, head)
            continue
        if len(tables) > 1:  # each table under its own title
            _unit_line(ws, row, columns, t["标题"], t["单位"], body, head)
            row += 1
        header_rows.append((row, len(t["行"])))
        row = _table(ws, row, t, columns, widths, body, head)
    for line in list(sheet.get("注") or []) + list(context.get("示例说明") or []):  # an example says so
        _merged_line(ws, row, columns, line, Font(name=body_font, size=BODY_PT - 1), "left")
        ws.row_dimensions[row].height = _height([(line, sum(widths))])
        row += 1
    _print_setup(ws, columns, header_rows, sum(widths))
    if context.get("示例"):
        ws.oddHeader.center.text = context["示例"]
    wb.properties.creator = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(context.get("部门全称", "")))
    wb.properties.title = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(sheet["标题"]))
    wb.properties.lastModifiedBy = ""
    return workbook_bytes(wb, _document_date(context))


# ----------------------------------------------------------------------------- layout


def _table(ws: Worksheet, row: int, t: dict, columns: int, widths: list[float], body: Font, head: Font) -> int:
    """Write one table block from `row` on (header, rows, note); the next free row."""
    n = len(t["表头"])
    span = _stretch(n, columns)
    for c, text in enumerate(t["表头"]):
        cell = _put(ws, row, span[c][0], text)
        cell.font = head
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        _merge_across(ws, row, span[c])
    ws.row_dimensions[row].height = _height([(t["表头"][c], _width(widths, span[c])) for c in range(n)])
    row += 1
    aligns = t.get("对齐") or ["左"] * n
    first = row
    for r in t["行"]:
        spans = r.get("跨行") or [1] * n
        bold = Font(name=body.name, size=body.size, bold=True) if r.get("合计") else body
        texts = []
        for c, text in enumerate(r["格"]):
            if spans[c] == 0:
                continue
            cell = _put(ws, row, span[c][0], text)
            cell.font = bold
            horizontal = _ALIGN.get(aligns[c] if c < len(aligns) else "左", "left")
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True,
                                       indent=int(r.get("缩进") or 0) * 2 if c == 0 else 0)
            if spans[c] > 1:
                _merge(ws, row, span[c][0], row + spans[c] - 1, span[c][1])
            else:
                _merge_across(ws, row, span[c])
            if spans[c] == 1:
                texts.append((text, _width(widths, span[c])))
        if r.get("合计"):
            _merge_label(ws, row, r["格"], span)
        ws.row_dimensions[row].height = _height(texts)
        row += 1
    for r in range(first - 1, row):
        for c in range(1, columns + 1):
            ws.cell(r, c).border = _BOX
    if t.get("注"):
        _merged_line(ws, row, columns, t["注"], body, "left")
        ws.row_dimensions[row].height = _height([(t["注"], sum(widths))])
        row += 1
    return row


def _columns(ws: Worksheet, row: int, t: dict, columns: int, widths: list[float], body: Font, head: Font) -> int:
    """An outline section's subsections side by side: its title down the first column, each subsection's
    title over its text; the next free row."""
    n = len(t["表头"])
    label = _put(ws, row, 1, t["标题"])
    label.font = head
    label.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    _merge(ws, row, 1, row + 1, 1)
    spans = _share(n, 2, columns)
    for c, (title, text) in enumerate(zip(t["表头"], t["格"])):
        cell = _put(ws, row, spans[c][0], title)
        cell.font = head
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        _merge_across(ws, row, spans[c])
        cell = _put(ws, row + 1, spans[c][0], text)
        cell.font = body
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        _merge_across(ws, row + 1, spans[c])
    ws.row_dimensions[row].height = _height([(title, _width(widths, spans[c])) for c, title in enumerate(t["表头"])])
    ws.row_dimensions[row + 1].height = _height([(text, _width(widths, spans[c])) for c, text in enumerate(t["格"])])
    for r in (row, row + 1):
        for c in range(1, columns + 1):
            ws.cell(r, c).border = _BOX
    return row + 2


def _share(n: int, first: int, last: int) -> list[tuple[int, int]]:
    """Columns first..last shared out among n parts as evenly as whole columns allow."""
    count = max(last - first + 1, n)
    out, start = [], first
    for i in range(n):
        size = count // n + (1 if i < count % n else 0)
        out.append((start, min(start + size - 1, max(last, first + n - 1))))
        start += size
    return out


def _stretch(n: int, columns: int) -> list[tuple[int, int]]:
    """Columns (first, last) of each of a table's n columns when the sheet has more: the last one widens."""
    out = [(c, c) for c in range(1, n + 1)]
    if n < columns:
        out[-1] = (n, columns)
    return out


def _merge_label(ws: Worksheet, row: int, cells: list[str], span: list[tuple[int, int]]) -> None:
    """The total row's label (总分, 合计) spans the empty cells after it, as a printed form has it."""
    label = next((i for i, text in enumerate(cells) if text), None)
    if label is None:
        return
    end = label
    while end + 1 < len(cells) and not cells[end + 1]:
        end += 1
    if end > label and end + 1 < len(cells):  # only when a value follows: a lone label keeps its column
        ws.cell(row, span[label][0]).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        _merge(ws, row, span[label][0], row, span[end][1])


def _merge_across(ws: Worksheet, row: int, span: tuple[int, int]) -> None:
    if span[1] > span[0]:
        _merge(ws, row, span[0], row, span[1])


def _merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def _merged_line(ws: Worksheet, row: int, columns: int, text: str, font: Font, horizontal: str) -> None:
    cell = _put(ws, row, 1, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    _merge(ws, row, 1, row, columns)


def _unit_line(ws: Worksheet, row: int, columns: int, left: str, right: str, font: Font,
               left_font: Font | None = None) -> None:
    """填报单位 (or a table's title) on the left, the table's unit (单位：万元) on the right."""
    split = max(1, columns - 1) if right and columns > 1 else columns
    cell = _put(ws, row, 1, left)
    cell.font = left_font or font
    cell.alignment = Alignment(horizontal="left", vertical="center")
    _merge(ws, row, 1, row, split)
    if right and columns > 1:
        cell = _put(ws, row, columns, right)
        cell.font = font
        cell.alignment = Alignment(horizontal="right", vertical="center")


def _column_widths(tables: list[dict], columns: int) -> list[float]:
    """Column widths in character units, in the proportions of the widest table's 列宽, filling the page."""
    widest = max((t for t in tables if t["类型"] == "表格"), key=lambda t: len(t["表头"]), default=None)
    relative = [float(w) for w in (widest.get("列宽") or [])] if widest else []
    if len(relative) != columns:
        relative = [1.0] * columns
    page = LANDSCAPE_WIDTH if columns >= LANDSCAPE_FROM else PORTRAIT_WIDTH
    total = sum(relative) or 1.0
    return [max(6.0, round(page * w / total, 1)) for w in relative]


def _width(widths: list[float], span: tuple[int, int]) -> float:
    return sum(widths[span[0] - 1: span[1]])


def _height(cells: list[tuple[str, float]]) -> float:
    """A row tall enough for its longest wrapped text (spreadsheets do not grow rows of a written file)."""
    lines = 1
    for text, width in cells:
        usable = max(1.0, width - 1)
        need = sum(max(1, math.ceil(text_columns(part) * BODY_PT / 11 / usable)) for part in str(text).split("\n"))
        lines = max(lines, need)
    return round(lines * LINE_PT + 4, 1)


def _print_setup(ws: Worksheet, columns: int, header_rows: list[tuple[int, int]], width: float) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if columns >= LANDSCAPE_FROM else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if header_rows:  # the longest table's header repeats on every printed page
        row = max(header_rows, key=lambda h: h[1])[0]
        ws.print_title_rows = f"{row}:{row}"
    ws.sheet_view.showGridLines = False


# ----------------------------------------------------------------------------- cells


def _put(ws: Worksheet, row: int, column: int, text: Any):
    """Write the text the report prints: an exact number with a matching format, or text (never a formula)."""
    cell = ws.cell(row, column)
    text = "" if text is None else str(text)
    number = _number(text)
    if number is not None:
        cell.value, cell.number_format = number
        # openpyxl writes a number as "%.16g" of its float (0.008441 → 0.008441000000000001): keep the decimal's own text
        cell._value = format(number[0], "f")
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)  # checked away before; a renderer must not fail on it
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS - len(CUT_NOTE)] + CUT_NOTE
    cell.value = text
    cell.data_type = "s"  # openpyxl would take “=…” for a formula
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True  # and the spreadsheet keeps it text when the cell is edited
    return cell


def _number(text: str) -> tuple[Decimal, str] | None:
    """(value, number format) for a plain number or percentage of at most MAX_DIGITS digits, else None."""
    if _NUMBER.fullmatch(text):
        digits = text.replace(",", "").replace("-", "")
        if len(digits.replace(".", "").lstrip("0")) > MAX_DIGITS or text in ("-0",) or re.fullmatch(r"-0(\.0+)?", text):
            return None
        places = len(text.split(".")[1]) if "." in text else 0
        head = "#,##0" if "," in text else "0"
        return Decimal(text.replace(",", "")), head + ("." + "0" * places if places else "")
    if _PERCENT.fullmatch(text):
        body = text[:-1]
        if len(body.replace("-", "").replace(".", "").lstrip("0")) > MAX_DIGITS or re.fullmatch(r"-0(\.0+)?", body):
            return None
        places = len(body.split(".")[1]) if "." in body else 0
        return Decimal(body) / 100, "0" + ("." + "0" * places if places else "") + "%"
    return None


# ----------------------------------------------------------------------------- bytes


def _document_date(context: dict) -> dt.datetime:
    """The report's own date (元数据.日期, ISO), so that the same questionnaire gives the same bytes."""
    try:
        day = dt.date.fromisoformat(str(context.get("元数据", {}).get("日期", "")))
    except ValueError:
        day = dt.date(int(context["年度"]), 12, 31) if str(context.get("年度", "")).isdigit() else dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day)
