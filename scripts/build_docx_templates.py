"""Build the shipped Word template templates/national/report.docx from code.

    .venv/bin/python scripts/build_docx_templates.py           # write the template
    .venv/bin/python scripts/build_docx_templates.py --check   # exit 1 if the file is stale
    .venv/bin/python scripts/build_docx_templates.py --broken tests/data/broken_templates

The package is written part by part with lxml (no python-docx default template,
so no Calibri or MS Mincho theme fonts, no stray styles; the theme names the profile's fonts only) and zipped with fixed
timestamps: running the script twice gives the same bytes. python-docx is used
at the end to make sure the file opens.

Layout (GB/T 9704-2012): A4; margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm; 3号 仿宋 body, 22 lines × 28 characters; first-line indent 2
characters; page numbers "— N —" in
4号 宋体, right on odd pages and left on even pages, one character in from the
edge. An example report (ReportContext 示例) carries its mark in the header of
every page, and its 示意 notes in 楷体 (style 示意说明).

22 lines: a line grid (docGrid type="lines", linePitch 579 twips = 28.95 pt)
and fixed 28.95 pt line spacing. 28 characters: the body is condensed by
0.25 pt (16 pt characters on a 15.75 pt pitch in a 156 mm line) instead of a
character grid (docGrid "linesAndChars" with a negative charSpace), because
LibreOffice gives each character wider than a grid cell two cells and sets
14 characters a line. Word and LibreOffice both give 28 this way.

Fonts are those of the national profile; render_docx rewrites them from
each profile's 字体 at render time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from authoring.jurisdiction.profile import load_profile  # noqa: E402
from authoring.render.docx import (  # noqa: E402
    GENERIC_TABLE_CAPTION, W_NS, deterministic_zip, font_table,
)
from authoring.render.docx_theme import theme_xml  # noqa: E402

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TARGET = ROOT / "templates" / "national" / "report.docx"

# --- page geometry (twips: 1 mm = 56.69 twips) --------------------------------
PAGE_W, PAGE_H = 11906, 16838          # A4
MARGIN_TOP, MARGIN_BOTTOM = 2098, 1984  # 37 mm, 35 mm
MARGIN_LEFT, MARGIN_RIGHT = 1587, 1474  # 28 mm, 26 mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 8845 ≈ 156 mm
LINE_PITCH = 579                         # 28.95 pt: 225 mm / 22 lines
CONDENSE = -5                            # character spacing −0.25 pt: 16 pt characters at 15.75 pt, 28 a line
FOOTER_DIST = 1304                       # 23 mm: the "— N —" line 7 mm below the text block
BODY_SZ = 32                             # 3号 = 16 pt (half-points)
CHAR = 320                               # one 3号 character in twips
TABLE_W = 8844
COVER_INDENT = 2 * CHAR                  # the cover's fields start two characters in (as the PDF's .cover-field)

W = f"{{{W_NS}}}"
NS = {"w": W_NS, "r": R_NS}


def el(tag: str, *children, **attrs):
    """w:tag with w:-attributes; children may be elements, None (skipped) or lists."""
    node = etree.Element(W + tag, nsmap=NS)
    for key, value in attrs.items():
        if key == "xml_space":
            node.set(f"{{{XML_NS}}}space", value)
        elif key == "rid":
            node.set(f"{{{R_NS}}}id", value)
        else:
            node.set(W + key, str(value))
    for child in children:
        if child is None:
            continue
        if isinstance(child, (list, tuple)):
            for c in child:
                if c is not None:
                    node.append(c)
        else:
            node.append(child)
    return node


def fonts_el(east_asia: str, latin: str):
    return el("rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin)


def run(text: str, style: str | None = None, bold: bool = False):
    rpr = None
    if style or bold:
        rpr = el("rPr", el("rStyle", val=style) if style else None,
                 [el("b"), el("bCs")] if bold else None)
    return el("r", rpr, _t(text))


def _t(text: str):
    node = el("t", xml_space="preserve")
    node.text = text
    return node


def para(style: str | None, *runs, jc: str | None = None, ind: dict | None = None):
    ppr = None
    if style or jc or ind:
        ppr = el("pPr", el("pStyle", val=style) if style else None,
                 el("ind", **ind) if ind else None, el("jc", val=jc) if jc else None)
    return el("p", ppr, [run(r) if isinstance(r, str) else r for r in runs])


def tag(text: str):
    """A paragraph holding only a docxtpl paragraph-level tag ({%p ... %})."""
    return para(None, text)


# --- styles ------------------------------------------------------------------


def style(kind: str, style_id: str, name: str, *, based_on: str | None = None, next_: str | None = None,
          ppr=None, rpr=None, tblpr=None, default: bool = False, ui: int | None = None, qformat: bool = False):
    attrs = {"type": kind, "styleId": style_id}
    if default:
        attrs["default"] = "1"
    return el("style", el("name", val=name), el("basedOn", val=based_on) if based_on else None,
              el("next", val=next_) if next_ else None, el("uiPriority", val=ui) if ui is not None else None,
              el("qFormat") if qformat else None, ppr, rpr, tblpr, **attrs)


def ppr(*, keep_next=False, snap=True, widow=True, line=None, rule="exact", before=0, after=0,
        first_chars=None, right=None, left=None, jc=None, outline=None):
    ind = {}
    if first_chars is not None:
        ind.update(firstLineChars=first_chars, firstLine=first_chars * CHAR // 100)
    if left is not None:
        ind["left"] = left
    if right is not None:
        ind["right"] = right
    spacing = {"before": before, "after": after}
    if line is not None:
        spacing.update(line=line, lineRule=rule)
    return el("pPr", el("keepNext") if keep_next else None, None if widow else el("widowControl", val="0"),
              None if snap else el("snapToGrid", val="0"), el("spacing", **spacing),
              el("ind", **ind) if ind else None, el("jc", val=jc) if jc else None,
              el("outlineLvl", val=outline) if outline is not None else None)


def rpr(font: str | None = None, latin: str | None = None, sz: int | None = None, bold: bool = False,
        spacing: int | None = None):
    return el("rPr", fonts_el(font, latin) if font else None, [el("b"), el("bCs")] if bold else None,
              el("spacing", val=spacing) if spacing is not None else None,
              [el("sz", val=sz), el("szCs", val=sz)] if sz else None)


def styles_xml(fonts) -> etree._Element:
    latin = fonts.latin
    table_borders = el("tblBorders", [el(side, val="single", sz=4, space=0, color="auto")
                                      for side in ("top", "left", "bottom", "right", "insideH", "insideV")])
    # cell padding 3 pt above and below, 5 pt left and right, 18 pt lines: as th/td in report.css
    cell_margins = el("tblCellMar", el("top", w=60, type="dxa"), el("left", w=100, type="dxa"),
                      el("bottom", w=60, type="dxa"), el("right", w=100, type="dxa"))
    body_ppr = dict(line=LINE_PITCH, first_chars=200, jc="both")
    table_ppr = dict(snap=False, line=360, rule="exact", first_chars=0, jc="left")
    root = el(
        "styles",
        el("docDefaults",
           el("rPrDefault", el("rPr", fonts_el(fonts.body, latin), el("kern", val=2),
                               el("sz", val=BODY_SZ), el("szCs", val=BODY_SZ),
                               el("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))),
           el("pPrDefault", el("pPr", el("spacing", before=0, after=0)))),
        style("paragraph", "Normal", "Normal", default=True, qformat=True,
              ppr=ppr(widow=False, **body_ppr), rpr=rpr(fonts.body, latin, BODY_SZ, spacing=CONDENSE)),
        style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True, ui=1),
        style("table", "TableNormal", "Normal Table", default=True, ui=99,
              tblpr=el("tblPr", el("tblInd", w=0, type="dxa"),
                       el("tblCellMar", el("top", w=0, type="dxa"), el("left", w=108, type="dxa"),
                          el("bottom", w=0, type="dxa"), el("right", w=108, type="dxa")))),
        style("paragraph", "Title", "Title", based_on="Normal", next_="Normal", qformat=True, ui=10,
              ppr=ppr(snap=False, line=700, after=LINE_PITCH, first_chars=0, jc="center"),
              rpr=rpr(fonts.title, latin, 44, spacing=0)),
        style("paragraph", "CoverLogo", "封面标志", based_on="Normal", qformat=True, ui=20,
              ppr=ppr(snap=False, before=2 * LINE_PITCH, first_chars=0, jc="center")),
        style("paragraph", "CoverTitle", "封面标题", based_on="Title", next_="CoverField", qformat=True, ui=20,
              ppr=ppr(snap=False, line=700, before=2 * LINE_PITCH, after=4 * LINE_PITCH, first_chars=0, jc="center"),
              rpr=rpr(fonts.title, latin, 44, spacing=0)),
        style("paragraph", "CoverField", "封面栏目", based_on="Normal", qformat=True, ui=20,
              ppr=ppr(snap=False, line=2 * LINE_PITCH, first_chars=0, left=COVER_INDENT, jc="left"),
              rpr=rpr(fonts.body, latin)),
        style("paragraph", "Heading1", "heading 1", based_on="Normal", next_="Normal", qformat=True, ui=9,
              ppr=ppr(keep_next=True, widow=False, line=LINE_PITCH, first_chars=200, jc="both", outline=0),
              rpr=rpr(fonts.level1, latin)),
        style("paragraph", "Heading2", "heading 2", based_on="Normal", next_="Normal", qformat=True, ui=9,
              ppr=ppr(keep_next=True, widow=False, line=LINE_PITCH, first_chars=200, jc="both", outline=1),
              rpr=rpr(fonts.level2, latin)),
        style("paragraph", "Heading3", "heading 3", based_on="Normal", next_="Normal", qformat=True, ui=9,
              ppr=ppr(keep_next=True, widow=False, line=LINE_PITCH, first_chars=200, jc="both", outline=2),
              rpr=rpr(fonts.level3, latin)),
        style("paragraph", "Heading4", "heading 4", based_on="Normal", next_="Normal", qformat=True, ui=9,
              ppr=ppr(keep_next=True, widow=False, line=LINE_PITCH, first_chars=200, jc="both", outline=3),
              rpr=rpr(fonts.level3, latin)),
        style("character", "RunInHeading", "连排标题", based_on="DefaultParagraphFont", qformat=True, ui=20),
        style("paragraph", "AnnexLabel", "附件标签", based_on="Normal", next_="Title", qformat=True, ui=20,
              ppr=ppr(line=LINE_PITCH, after=LINE_PITCH, first_chars=0, jc="left"),
              rpr=rpr(fonts.level1, latin)),
        style("paragraph", "Note", "注", based_on="Normal", qformat=True, ui=20,
              ppr=ppr(widow=False, snap=False, line=480, first_chars=200, jc="both"),
              rpr=rpr(fonts.body, latin, 28, spacing=0)),
        style("paragraph", "Illustrative", "示意说明", based_on="Note", qformat=True, ui=20,
              ppr=ppr(widow=False, snap=False, line=480, first_chars=200, jc="both"),
              rpr=rpr(fonts.level2, latin, 28, spacing=0)),
        style("paragraph", "Signature", "落款", based_on="Normal", next_="SignatureDate", qformat=True, ui=20,
              ppr=ppr(keep_next=True, line=LINE_PITCH, before=2 * LINE_PITCH, first_chars=0, right=2 * CHAR, jc="right"),
              rpr=rpr(fonts.body, latin)),
        style("paragraph", "SignatureDate", "落款日期", based_on="Normal", qformat=True, ui=20,
              ppr=ppr(line=LINE_PITCH, first_chars=0, right=4 * CHAR, jc="right"),
              rpr=rpr(fonts.body, latin)),
        style("paragraph", "TableTitle", "表格标题", based_on="Normal", next_="TableUnit", qformat=True, ui=20,
              ppr=ppr(keep_next=True, line=LINE_PITCH, before=120, first_chars=0, jc="center"),
              rpr=rpr(fonts.level1, latin, BODY_SZ)),
        style("paragraph", "TableUnit", "表格单位", based_on="Normal", qformat=True, ui=20,
              ppr=ppr(keep_next=True, snap=False, line=360, first_chars=0, jc="right"),
              rpr=rpr(fonts.table, latin, 24, spacing=0)),
        style("paragraph", "TableText", "表格文字", based_on="Normal", qformat=True, ui=20,
              ppr=ppr(**table_ppr), rpr=rpr(fonts.table, latin, 24, spacing=0)),
        style("paragraph", "TableHeader", "表格表头", based_on="TableText", qformat=True, ui=20,
              ppr=ppr(**{**table_ppr, "jc": "center"}), rpr=rpr(fonts.level1, latin, 24)),
        style("paragraph", "TableCenter", "表格居中", based_on="TableText", qformat=True, ui=20,
              ppr=ppr(**{**table_ppr, "jc": "center"}), rpr=rpr(fonts.table, latin, 24)),
        style("paragraph", "TableNumber", "表格数字", based_on="TableText", qformat=True, ui=20,
              ppr=ppr(**{**table_ppr, "jc": "right"}), rpr=rpr(fonts.table, latin, 24)),
        style("paragraph", "TableNote", "表注", based_on="Normal", qformat=True, ui=20,
              ppr=ppr(widow=False, snap=False, line=400, before=60, first_chars=0, jc="both"),
              rpr=rpr(fonts.body, latin, 24, spacing=0)),
        style("character", "TableTotalLabel", "表格合计", based_on="DefaultParagraphFont", qformat=True, ui=20,
              rpr=rpr(fonts.level1, latin)),
        style("table", "ReportTable", "报告表格", based_on="TableNormal", ui=59,
              tblpr=el("tblPr", table_borders, cell_margins)),
        style("paragraph", "Header", "header", based_on="Normal", ui=99,
              ppr=ppr(snap=False, line=None, first_chars=0, jc="center"),
              rpr=rpr(fonts.level1, latin, 28, spacing=100)),
        style("paragraph", "Footer", "footer", based_on="Normal", ui=99,
              ppr=ppr(snap=False, line=None, first_chars=0),
              rpr=rpr(fonts.page_number, fonts.page_number, 28, spacing=0)),
    )
    root.extend(chart_styles(fonts))
    return root


def chart_styles(fonts) -> list:
    """图表: the picture's paragraph (single line spacing, so the picture is not cut to one line of the grid,
    centred, kept with its caption) and the caption below it, set like a table title."""
    return [
        style("paragraph", "Figure", "图表", based_on="Normal", next_="FigureCaption", qformat=True, ui=20,
              ppr=ppr(keep_next=True, snap=False, line=240, rule="auto", before=120, first_chars=0, jc="center")),
        style("paragraph", "FigureCaption", "图表题注", based_on="Normal", qformat=True, ui=20,
              ppr=ppr(line=LINE_PITCH, after=120, first_chars=0, jc="center"),
              rpr=rpr(fonts.table, fonts.latin, BODY_SZ, bold=True)),
    ]


# --- tables -------------------------------------------------------------------


L, C, N = "TableText", "TableCenter", "TableNumber"
ALIGN_STYLES = (("右", N), ("中", C))  # any other 对齐 (左) → TableText
TAG_CELL = 1200                         # width of the cells that only hold {%tc %} tags (removed when rendering)


def cell(width: int, *paragraphs):
    return el("tc", el("tcPr", el("tcW", w=width, type="dxa"), el("vAlign", val="center")), list(paragraphs))


def row(cells, header=False):
    return el("tr", el("trPr", el("cantSplit"), el("tblHeader") if header else None), cells)


def tag_row(text: str, ws: list[int]):
    """A row whose first cell holds a {%tr ... %} tag; docxtpl drops the whole row."""
    return row([cell(ws[0], para(L, text))] + [cell(x, para(L)) for x in ws[1:]])


def aligned(first: tuple[str, Callable] | None, content: Callable) -> list:
    """The paragraphs of one repeated cell: its style follows the column's 对齐 (b.对齐[loop.index0]).

    `first` is the style and content of the first column regardless of 对齐 (the 合计 label is centred,
    in the 表格合计 font), and `content` makes the runs of one paragraph."""
    branches = ([("loop.first", *first)] if first else []) + [
        (f"b.对齐[loop.index0] == '{align}'", style, content) for align, style in ALIGN_STYLES]
    out = []
    for i, (test, style, make) in enumerate(branches):
        out += [tag(f"{{%p {'if' if i == 0 else 'elif'} {test} %}}"), para(style, *make())]
    return out + [tag("{%p else %}"), para(L, *content()), tag("{%p endif %}")]


def columns_row(loop: str, paragraphs: list, ws: list[int], header: bool = False):
    """A row whose middle cell is repeated once per column by {%tc for %} … {%tc endfor %}."""
    return row([cell(ws[0], para(L, f"{{%tc for {loop} %}}")), cell(ws[1], *paragraphs),
                cell(ws[2], para(L, "{%tc endfor %}"))], header=header)


def declared_table():
    """One table for every declared table: columns, alignment and widths come from the block.

    Header row and body rows repeat their cell per column ({%tc for %}); the body rows per row
    ({%tr for %}), with the 合计 row in bold. render_docx then sets the widths from 列宽, the
    grid, and the merged cells of 分组 columns (跨行) — see authoring.render.docx.apply_tables.
    """
    ws = [TAG_CELL, TABLE_W - 2 * TAG_CELL, TAG_CELL]
    body = "{{ c }}"  # render_docx indents the first cell of a row with 缩进 (w:ind)
    rows = [
        columns_row("h in b.表头", [para("TableHeader", "{{ h }}")], ws, header=True),
        tag_row("{%tr for r in b.行 %}", ws),
        tag_row("{%tr if r.合计 %}", ws),
        columns_row("c in r.格", aligned((C, lambda: [run("{{ c }}", style="TableTotalLabel")]),
                                          lambda: ["{{ c }}"]), ws),
        tag_row("{%tr else %}", ws),
        columns_row("c in r.格", aligned(None, lambda: [body]), ws),
        tag_row("{%tr endif %}", ws),
        tag_row("{%tr endfor %}", ws),
    ]
    tblpr = el("tblPr", el("tblStyle", val="ReportTable"), el("tblW", w=TABLE_W, type="dxa"),
               el("jc", val="center"), el("tblLayout", type="fixed"),
               el("tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=1, lastColumn=0, noHBand=0, noVBand=1),
               el("tblCaption", val=GENERIC_TABLE_CAPTION))
    return el("tbl", tblpr, el("tblGrid", [el("gridCol", w=x) for x in ws]), rows)


def table_blocks() -> list:
    return [tag("{%p if b.表头 %}"), declared_table(), tag("{%p endif %}")]


# --- document -------------------------------------------------------------------


def chart_block() -> list:
    """A 图表 block of 正文: the picture render_docx draws ({{ b.图像 }}), then its caption 图N 标题 and 注."""
    return [
        tag("{%p elif b.类型 == '图表' %}"),
        para("Figure", "{{ b.图像 }}"),
        para("FigureCaption", "{{ b.题注 }}"),
        tag("{%p if b.注 %}"),
        para("Note", "{{ b.注 }}"),
        tag("{%p endif %}"),
    ]


def page_setup(*references) -> list:
    """The A4 page, GB/T 9704 margins and the 22-line grid of a section (after its header/footer references)."""
    return [*references,
            el("pgSz", w=PAGE_W, h=PAGE_H),
            el("pgMar", top=MARGIN_TOP, right=MARGIN_RIGHT, bottom=MARGIN_BOTTOM, left=MARGIN_LEFT,
               header=851, footer=FOOTER_DIST, gutter=0)]


def cover_blocks() -> list:
    """The cover a profile asks for (封面): logo, title, one line per field, then a section break.

    The cover's section has no header or footer; the report's section restarts page numbers at 1
    (w:pgNumType), so folios start after the cover, as in the PDF."""
    cover_section = el("sectPr", page_setup(), el("cols", space=425), el("docGrid", type="lines", linePitch=LINE_PITCH))
    return [
        tag("{%p if 封面.启用 %}"),
        tag("{%p if 封面.标志 %}"),
        para("CoverLogo", "{{ 封面.标志.标记 }}"),  # render_docx puts the picture here
        tag("{%p endif %}"),
        para("CoverTitle", "{{ 标题行|join('\\n') }}"),  # docxtpl makes each \\n a line break (w:br)
        tag("{%p for f in 封面.字段 %}"),
        para("CoverField", "{{ f.名称 }}：{{ f.值 }}"),
        tag("{%p endfor %}"),
        el("p", el("pPr", el("pStyle", val="CoverField"), cover_section)),
        tag("{%p endif %}"),
    ]


def document_xml() -> etree._Element:
    body = [
        *cover_blocks(),
        tag("{%p if 附件 %}"),
        para("AnnexLabel", "{{ 附件 }}"),
        tag("{%p endif %}"),
        para("Title", "{{ 标题 }}"),  # render_docx gives 标题 as its 标题行 joined by line breaks (w:br)
        tag("{%p for 段 in 示例说明 %}"),
        para("Illustrative", "{{ 段 }}"),
        tag("{%p endfor %}"),
        tag("{%p for 段 in 引言 %}"),
        para("Normal", "{{ 段 }}"),
        tag("{%p endfor %}"),
        tag("{%p for b in 正文 %}"),
        tag("{%p if b.类型 == '标题' and b.级别 == 1 %}"),
        para("Heading1", "{{ b.编号 }}{{ b.文字 }}"),
        tag("{%p elif b.类型 == '标题' and b.级别 == 2 %}"),
        para("Heading2", "{{ b.编号 }}{{ b.文字 }}"),
        tag("{%p elif b.类型 == '标题' and b.级别 == 3 %}"),
        para("Heading3", "{{ b.编号 }}{{ b.文字 }}"),
        tag("{%p elif b.类型 == '标题' %}"),
        para("Heading4", "{{ b.编号 }}{{ b.文字 }}"),
        tag("{%p elif b.类型 == '段落' %}"),
        para("Normal", "{{ b.文字 }}"),
        tag("{%p elif b.类型 == '连排' %}"),
        para("Normal", run("{{ b.编号 }}{{ b.标题 }}。", style="RunInHeading"), run("{{ b.文字 }}")),
        tag("{%p elif b.类型 == '注' and b.示意 %}"),
        para("Illustrative", "{{ b.文字 }}"),
        tag("{%p elif b.类型 == '注' %}"),
        para("Note", "{{ b.文字 }}"),
        tag("{%p elif b.类型 == '表格' %}"),
        tag("{%p if b.标题 %}"),
        para("TableTitle", "{{ b.标题 }}"),
        tag("{%p endif %}"),
        tag("{%p if b.单位 %}"),
        para("TableUnit", "{{ b.单位 }}"),
        tag("{%p endif %}"),
        *table_blocks(),
        tag("{%p if b.注 %}"),
        para("TableNote", "{{ b.注 }}"),
        tag("{%p endif %}"),
        *chart_block(),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        tag("{%p if 落款 %}"),
        para("Signature", "{{ 落款单位 }}"),
        tag("{%p if 落款日期 %}"),
        para("SignatureDate", "{{ 落款日期 }}"),
        tag("{%p endif %}"),
        tag("{%p endif %}"),
    ]
    sect = el("sectPr",
              page_setup(el("headerReference", type="default", rid="rId6"),
                         el("headerReference", type="even", rid="rId7"),
                         el("footerReference", type="default", rid="rId4"),
                         el("footerReference", type="even", rid="rId5")),
              el("pgNumType", start=1),
              el("cols", space=425),
              el("docGrid", type="lines", linePitch=LINE_PITCH))
    return el("document", el("body", body, sect))


def header_xml() -> etree._Element:
    """The 示例 mark of an example report, centred; empty for a real one."""
    return el("hdr", para("Header", "{{ 示例 }}"))


def footer_xml(odd: bool) -> etree._Element:
    """"— N —" with a PAGE field: odd pages right, even pages left, one 4号 character in."""
    indent = {"right": 280} if odd else {"left": 280}
    field = [el("r", el("fldChar", fldCharType="begin")),
             el("r", _instr(" PAGE ")),
             el("r", el("fldChar", fldCharType="separate")),
             el("r", _t("1")),
             el("r", el("fldChar", fldCharType="end"))]
    p = para("Footer", run("— "), *field, run(" —"), jc="right" if odd else "left", ind=indent)
    return el("ftr", p)


def _instr(text: str):
    node = el("instrText", xml_space="preserve")
    node.text = text
    return node


def settings_xml() -> etree._Element:
    return el("settings",
              el("zoom", percent=100),
              el("defaultTabStop", val=420),
              el("evenAndOddHeaders"),
              el("drawingGridVerticalSpacing", val=LINE_PITCH // 2),
              el("characterSpacingControl", val="compressPunctuation"),
              el("compat", el("spaceForUL"), el("doNotLeaveBackslashAlone"),
                 el("ulTrailSpace"), el("doNotExpandShiftReturn"),
                 el("useFELayout"),
                 el("compatSetting", name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=15)),
              el("themeFontLang", val="en-US", eastAsia="zh-CN"),
              el("decimalSymbol", val="."),
              el("listSeparator", val=","))


# --- package ------------------------------------------------------------------

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>\
<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>\
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>\
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>\
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>\
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>\
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>\
</Relationships>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>部门整体支出绩效自评报告模板</dc:title><dc:creator>authoring</dc:creator>\
<cp:revision>1</cp:revision>\
<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>\
</cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<Application>authoring</Application><DocSecurity>0</DocSecurity></Properties>"""


def xml_bytes(root) -> bytes:
    etree.cleanup_namespaces(root, top_nsmap=NS)  # one declaration, on the root
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build() -> bytes:
    fonts = load_profile("national").profile.fonts
    role_fonts = {"正文": fonts.body, "标题": fonts.title, "一级标题": fonts.level1, "二级标题": fonts.level2,
                  "三级标题": fonts.level3, "数字": fonts.latin, "页码": fonts.page_number, "表格": fonts.table}
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES.encode()),
        ("_rels/.rels", PACKAGE_RELS.encode()),
        ("docProps/core.xml", CORE.encode()),
        ("docProps/app.xml", APP.encode()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.encode()),
        ("word/document.xml", xml_bytes(document_xml())),
        ("word/styles.xml", xml_bytes(styles_xml(fonts))),
        ("word/settings.xml", xml_bytes(settings_xml())),
        ("word/fontTable.xml", font_table(role_fonts)),
        ("word/theme/theme1.xml", theme_xml(role_fonts)),
        ("word/header1.xml", xml_bytes(header_xml())),
        ("word/header2.xml", xml_bytes(header_xml())),
        ("word/footer1.xml", xml_bytes(footer_xml(odd=True))),
        ("word/footer2.xml", xml_bytes(footer_xml(odd=False))),
    ]
    return deterministic_zip(parts)


# --- broken fixtures for tests/test_template_check.py ---------------------------

BROKEN = {
    # a tag whose text Word spread over two runs
    "split_tag.docx": ("<w:t xml:space=\"preserve\">{{ 标题 }}</w:t>",
                       "<w:t xml:space=\"preserve\">{{ 标</w:t></w:r><w:r><w:rPr><w:b/></w:rPr>"
                       "<w:t xml:space=\"preserve\">题 }}</w:t>"),
    # a variable that is not in the ReportContext
    "unknown_variable.docx": ("{{ 落款单位 }}", "{{ 落款机关 }}"),
    # the {%p endif %} closing {%p if 附件 %} deleted
    "unclosed_if.docx": ("<w:t xml:space=\"preserve\">{{ 附件 }}</w:t></w:r></w:p>"
                         "<w:p><w:r><w:t xml:space=\"preserve\">{%p endif %}</w:t>",
                         "<w:t xml:space=\"preserve\">{{ 附件 }}</w:t></w:r></w:p>"
                         "<w:p><w:r><w:t xml:space=\"preserve\"></w:t>"),
    # the first table's {%tr endfor %} removed
    "tr_without_endfor.docx": ("{%tr endfor %}", ""),
}


def write_broken(good: bytes, folder: Path) -> list[Path]:
    import io
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    written = []
    for name, (old, new) in BROKEN.items():
        out = []
        for part, data in parts:
            if part == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text, f"{name}: pattern not found"
                data = text.replace(old, new, 1).encode("utf-8")
            out.append((part, data))
        target = folder / name
        target.write_bytes(deterministic_zip(out))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成 templates/national/report.docx")
    ap.add_argument("--check", action="store_true", help="只检查已提交的模板是否与代码生成的一致")
    ap.add_argument("--broken", metavar="目录", help="同时在该目录生成有错误的测试模板")
    ap.add_argument("-o", "--output", default=str(TARGET), help="输出文件（默认 templates/national/report.docx）")
    args = ap.parse_args(argv)
    data = build()
    target = Path(args.output)
    if args.check:
        if not target.exists() or target.read_bytes() != data:
            print(f"{target} 与 scripts/build_docx_templates.py 生成的结果不一致，请重新运行该脚本", file=sys.stderr)
            return 1
        print(f"{target}: 与代码一致")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    import docx  # make sure python-docx can open what we wrote

    docx.Document(str(target))
    print(f"已写入 {target}")
    if args.broken:
        for path in write_broken(data, Path(args.broken)):
            print(f"已写入 {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
