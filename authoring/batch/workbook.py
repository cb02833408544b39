"""汇总表: 汇总 (one row per questionnaire, a totals row), 问题清单 (every finding), 雷同文字 (shared text per pair).

The sheets are built once as plain values (`sheets`) and written either as one xlsx workbook (frozen header,
autofilter, number formats, column widths for Chinese text) or as CSV files (UTF-8 with a BOM, which Excel
and WPS need to read Chinese).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from typing import Any

from authoring.batch.rows import Row
from authoring.findings import Severity
from authoring.text_width import columns

TWO_PLACES = "0.00"
PERCENT = "0.00%"
MAX_CELL = 32000  # characters; Excel holds 32,767 in a cell
MAX_WIDTH = 60  # display columns (a Chinese character is two); longer text wraps
SHEET_NAMES = ("汇总", "问题清单", "雷同文字")
HEADER_WRAP = 8  # display columns: a header wider than its figures wraps onto a second line


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)  # column index → number format
    caps: dict[int, int] = field(default_factory=dict)  # column index → width, narrower than MAX_WIDTH
    totals: list[Any] | None = None  # the last row, bold


def sheets(rows: list[Row], pairs: list) -> list[Sheet]:
    return [_summary(rows), _findings(rows), _shared(pairs)]


def _summary(rows: list[Row]) -> Sheet:
    sheet = Sheet("汇总", ["文件", "部门全称", "地区", "年度", "收入合计（万元）", "支出合计（万元）", "预算执行率",
                         "总分", "等级", "错误数", "警告数", "已核实数", "生成的文件", "状态"],
                  formats={4: TWO_PLACES, 5: TWO_PLACES, 6: PERCENT, 7: TWO_PLACES},
                  caps={0: 22, 1: 40, 12: 30, 13: 16})  # narrow enough to print one page wide and legible
    for r in rows:
        rate = r.rate / 100 if r.rate is not None else None
        sheet.rows.append([r.file, r.department, r.region, r.year, r.income, r.expenditure, rate, r.total, r.grade,
                           r.errors, r.warnings, r.verified, "\n".join(r.outputs), r.status or r.kind])
    income = [r.income for r in rows if r.income is not None]
    spent = [r.expenditure for r in rows if r.expenditure is not None]
    rated = [r for r in rows if r.rate is not None and r.rate_base]
    scores = [r.total for r in rows if r.total is not None]
    rate = (sum(r.expenditure for r in rated) / sum(r.rate_base for r in rated)) if rated else None
    average = (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None
    sheet.totals = [f"合计（{len(rows)} 份）", "", "", None,
                    sum(income) if income else None, sum(spent) if spent else None,
                    rate.quantize(Decimal("0.0001")) if rate is not None else None, average, "",
                    sum(r.errors for r in rows), sum(r.warnings for r in rows), sum(r.verified for r in rows),
                    sum(len(r.outputs) for r in rows), "预算执行率按金额加权，总分为平均分"]
    return sheet


def _findings(rows: list[Row]) -> Sheet:
    sheet = Sheet("问题清单", ["文件", "行", "列", "类别", "规则", "字段", "说明"])
    for r in rows:
        for f in r.findings:
            why = f"（理由：{f.reason}）" if f.severity is Severity.VERIFIED and f.reason else ""
            sheet.rows.append([f.file, f.line, f.col, f.severity.value, f.rule, f.path, f.message + why])
    return sheet


def _shared(pairs: list) -> Sheet:
    sheet = Sheet("雷同文字", ["文件甲", "文件乙", "相同的文字", "在甲中的行", "在乙中的行", "占甲的比例", "占乙的比例"],
                  formats={5: PERCENT, 6: PERCENT})
    for p in pairs:
        for t in p.texts:
            sheet.rows.append([p.a, p.b, t.text, t.line_a, t.line_b, p.coverage_a, p.coverage_b])
        if p.same_score_and_conclusion:
            sheet.rows.append([p.a, p.b, "总分相同且评价结论有相同的句子", None, None, p.coverage_a, p.coverage_b])
    return sheet


# ------------------------------------------------------------------------------------------------ xlsx


def summary_workbook(rows: list[Row], pairs: list) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from authoring.stable_zip import workbook_bytes

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets(rows, pairs):
        ws = wb.create_sheet(sheet.name)
        ws.append(sheet.header)
        for cell in ws[1]:
            cell.font, cell.fill = bold, head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        body = sheet.rows + ([sheet.totals] if sheet.totals else [])
        for values in body:
            ws.append([_cell(v) for v in values])
        for line in ws.iter_rows(min_row=2):
            for cell in line:
                if cell.data_type == "f":  # a department called “=HYPERLINK(…)” is text, never a formula
                    cell.data_type = "s"
        for index, number_format in sheet.formats.items():
            for (cell,) in ws.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                cell.number_format = number_format
        top = Alignment(vertical="top")
        for column in ws.iter_cols(min_row=2):
            for cell in column:
                cell.alignment = wrap if isinstance(cell.value, str) else top
        if sheet.totals:
            for cell in ws[ws.max_row]:
                cell.font = bold
        ws.freeze_panes = "A2"
        last = ws.max_row - (1 if sheet.totals else 0)  # the totals row stays out of sorting and filtering
        ws.auto_filter.ref = f"A1:{ws.cell(1, len(sheet.header)).column_letter}{max(last, 1)}"
        widths = []
        for i, title in enumerate(sheet.header, start=1):
            texts = [_shown(v, sheet.formats.get(i - 1)) for v in (r[i - 1] for r in sheet.rows)]
            widest = max([_display_width(line) for t in texts for line in t.split("\n")]
                         + [min(_display_width(title), HEADER_WRAP)])  # a long header wraps rather than widen its column
            widths.append(min(widest, sheet.caps.get(i - 1, MAX_WIDTH)) + 3)
            ws.column_dimensions[ws.cell(1, i).column_letter].width = widths[-1]
        for number, values in enumerate([sheet.header] + body, start=1):
            lines = max(_lines(_shown(v, sheet.formats.get(i)), widths[i] - 3) for i, v in enumerate(values))
            if lines > 1:  # a spreadsheet does not grow a row for wrapped text written by a program;
                ws.row_dimensions[number].height = 15 * lines + 6  # a little spare: fonts differ in width
        _print_setup(ws)
    return workbook_bytes(wb)


def _print_setup(ws) -> None:
    """Printed (or made a PDF) as a bureau files it: A4 landscape, all columns on one page wide, header on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True


def _cell(value: Any) -> Any:
    """Decimals as numbers; text with the control characters xlsx cannot hold written as escapes."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if len(value) > MAX_CELL:  # Excel's limit for one cell; the file and lines say where the rest is
            value = value[:MAX_CELL] + f"……（共 {len(value)} 字）"
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m[0]):02x}", value)
    return value


def _lines(text: str, width: int) -> int:
    """Lines the text takes wrapped at `width` columns."""
    return sum(max(1, -(-_display_width(line) // max(width, 1))) for line in text.split("\n"))


@lru_cache(maxsize=4096)  # a shared passage is measured once, however many pairs of departments share it
def _display_width(text: str) -> int:
    return columns(text, ambiguous_wide=True)


def _shown(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool) and number_format:
        return f"{Decimal(str(value)) * 100:.2f}%" if number_format == PERCENT else f"{Decimal(str(value)):.2f}"
    return str(value)


def _csv_text(value: Any, number_format: str | None) -> str:
    """As shown; text that Excel would run as a formula (=, +, -, @ first) is kept as text by a leading '."""
    text = _shown(value, number_format)
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


# ------------------------------------------------------------------------------------------------- csv


def summary_csv(rows: list[Row], pairs: list) -> dict[str, bytes]:
    """汇总表-汇总.csv, 汇总表-问题清单.csv, 汇总表-雷同文字.csv: the same cells, numbers as the workbook shows them."""
    out = {}
    for sheet in sheets(rows, pairs):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(sheet.header)
        for values in sheet.rows + ([sheet.totals] if sheet.totals else []):
            writer.writerow([_csv_text(v, sheet.formats.get(i)) for i, v in enumerate(values)])
        out[f"汇总表-{sheet.name}.csv"] = buffer.getvalue().encode("utf-8-sig")
    return out
