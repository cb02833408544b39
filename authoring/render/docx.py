"""ReportContext → DOCX bytes, through a Word template rendered with docxtpl.

The template is `report.docx` on the profile's search path (own folder, then
the folders it inherits from). Rendering is:

1. prepare the context: fill optional block fields, pad table rows (and their
   跨行 marks) and the 对齐/字段/列宽 lists to the table width, drop characters XML cannot hold, and hide every "{" of user
   text behind a private marker, so that user text such as ``{{ x }}`` can be
   told apart from a template tag docxtpl failed to replace;
2. render with docxtpl in a sandboxed, autoescaping Jinja environment with
   StrictUndefined (an unknown variable is an error, not an empty string);
3. post-process the package: fonts of the named styles from ``context['字体']``
   (so a jurisdiction can say 仿宋 instead of 仿宋_GB2312 without its own
   template), the font table, column widths of generic tables from 列宽,
   document properties from 元数据;
4. refuse output that still contains ``{{`` or ``{%``;
5. write a zip with fixed timestamps and a fixed member order, so the same
   context always gives the same bytes.

Fonts: templates name fonts in their styles; render_docx rewrites w:rFonts
of the styles listed in STYLE_FONT_ROLES from the profile's 字体 (w:eastAsia =
the role's font, w:ascii/w:hAnsi/w:cs = 数字) and removes theme-font
attributes. Direct run formatting in a template is left alone.
"""

from __future__ import annotations

import base64
import io
import posixpath
import re
import warnings
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable
from xml.sax.saxutils import escape

from lxml import etree

from authoring.errors import FindingsError
from authoring.files import WORD_TEMPLATE_LIMIT, FileRefused, read_limited
from authoring.findings import Finding, Severity
from authoring.render import charts
from authoring.render.docx_theme import THEME_CONTENT_TYPE, THEME_PART, THEME_TYPE, theme_xml
from authoring.render.limits import MAX_DOCX_BYTES, confined_render, context_size, too_large, working_on
from authoring.sandbox import LimitedEnvironment, TemplateLimit
from authoring.stable_zip import zip_bytes
from authoring.render.template_errors import describe, template_line
from authoring.report.title_lines import title_lines

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSMAP = {"w": W_NS}

# Stands for "{" in user text until the tag check is done (a Unicode noncharacter:
# never part of real text, valid in XML).
BRACE = "\ufdd0"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Paragraph/character style name (w:name, lower case) → role in the profile's 字体.
# Built-in names are shown localised by Chinese Word/WPS: Normal = 正文,
# Title = 标题, heading 1 = 标题 1, footer = 页脚.
STYLE_FONT_ROLES: dict[str, str] = {
    "normal": "正文",
    "title": "标题",
    "heading 1": "一级标题",
    "heading 2": "二级标题",
    "heading 3": "三级标题",
    "heading 4": "三级标题",
    "附件标签": "一级标题",
    "注": "正文",
    "示意说明": "二级标题",
    "落款": "正文",
    "落款日期": "正文",
    "封面标题": "标题",
    "封面栏目": "正文",
    "表格标题": "一级标题",  # table titles, headers and the 合计 label: 黑体 as in the PDF (report.css)
    "表格单位": "表格",
    "表注": "正文",
    "表格表头": "一级标题",
    "表格合计": "一级标题",
    "表格文字": "表格",
    "表格居中": "表格",
    "表格数字": "表格",
    "图表题注": "表格",
    "header": "一级标题",
    "footer": "页码",
}
# Roles whose digits and Latin letters use the role font itself (GB/T 9704 §7.5:
# page numbers are 宋体 half-width digits), not the 数字 font.
OWN_DIGIT_ROLES = {"页码"}

# Alternative names Word tries when the named font is missing, and the GB2312 charset.
FONT_INFO: dict[str, dict[str, str]] = {
    "仿宋_GB2312": {"altName": "仿宋", "charset": "86", "family": "modern", "pitch": "fixed"},
    "楷体_GB2312": {"altName": "楷体", "charset": "86", "family": "modern", "pitch": "fixed"},
    "方正小标宋简体": {"altName": "宋体", "charset": "86", "family": "script", "pitch": "variable"},
    "方正小标宋_GBK": {"altName": "宋体", "charset": "86", "family": "script", "pitch": "variable"},
    "仿宋": {"altName": "FangSong", "charset": "86", "family": "modern", "pitch": "fixed"},
    "楷体": {"altName": "KaiTi", "charset": "86", "family": "modern", "pitch": "fixed"},
    "黑体": {"altName": "SimHei", "charset": "86", "family": "modern", "pitch": "fixed"},
    "宋体": {"altName": "SimSun", "charset": "86", "family": "auto", "pitch": "variable"},
    "Times New Roman": {"charset": "00", "family": "roman", "pitch": "variable"},
}

GENERIC_TABLE_CAPTION = "通用表格"

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufdd0-\ufdef\ufffe\uffff]")
_LEFTOVER = re.compile(r"\{\{|\{%|\{#")


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# --------------------------------------------------------------------------- API


def render_docx(context: dict, profile) -> bytes:
    """Render the profile's report.docx (found along its 继承 chain) with context."""
    path = profile.find_file("report.docx")
    if path is None:
        raise FindingsError([missing_template(profile, "report.docx", "Word 模板")], exit_code=3)
    return render_template(Path(path), context)


def missing_template(profile, name: str, what: str) -> Finding:
    """D3: no folder of the profile's 继承 chain has the template file."""
    folders = "、".join(str(p) for p in profile.search_path)
    return Finding(Severity.ERROR, "D3", str(profile.search_path[0] / name), 1, 1, "",
                   f"地区“{profile.id}”没有 {what} {name}（查找过：{folders}）：请放入这个文件，或在 profile.yaml 中"
                   "继承一个有模板的地区")


def render_template(path: Path, context: dict) -> bytes:
    """Render one template file; raises FindingsError (exit 3) on template problems.

    In a child process under the render limits (render/limits.py) when not already in one; the template
    must be a regular file of at most WORD_TEMPLATE_LIMIT bytes, and so must the result be bounded."""
    path = Path(path)
    charts.preload(context)
    data = confined_render(lambda: _render_template(path, context), context_size(context), path, "用 Word 模板生成报告")
    if len(data) > MAX_DOCX_BYTES:
        raise too_large(path, "DOCX", len(data), MAX_DOCX_BYTES)
    return data


def read_template(path: Path) -> bytes:
    """The bytes of a Word template: a regular file of at most WORD_TEMPLATE_LIMIT (P0, exit 3 otherwise)."""
    try:
        return read_limited(path, WORD_TEMPLATE_LIMIT)
    except (FileRefused, OSError) as exc:
        message = exc.reason if isinstance(exc, FileRefused) else (exc.strerror or str(exc))
        raise FindingsError([Finding(Severity.ERROR, "P0", str(path), 1, 1, "", f"Word 模板不能读取：{message}")],
                            exit_code=3) from None


def _render_template(path: Path, context: dict) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    working_on(path)
    source = read_template(path)
    ctx = prepare_context(charts.with_images(context, lambda block: charts.png(block, context.get("字体"))))
    tpl = None
    try:
        tpl = DocxTemplate(io.BytesIO(source))
        tpl.init_docx()
    except Exception as exc:  # not a zip, not a Word document, broken XML
        raise FindingsError([Finding(Severity.ERROR, "D1", str(path), 1, 1, "",
                                     f"不是有效的 Word 文件：{exc}")], exit_code=3) from None
    ctx = charts.with_images(ctx, lambda block: _picture(tpl, block["图像"], block.get("题注") or ""))
    try:
        tpl.render(ctx, jinja_env=make_env(), autoescape=True)
        buf = io.BytesIO()
        with warnings.catch_warnings():  # a LibreOffice template's second core.xml, see _one_core_properties
            warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
            tpl.save(buf)
    except Exception as exc:
        # what the template's tags or expressions raise is the template's problem (exit 3), like its syntax
        if isinstance(exc, TemplateError) or _template_line(exc) is not None:
            raise FindingsError([_template_finding(path, tpl, exc)], exit_code=3) from None
        if isinstance(exc, (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError)):
            raise FindingsError([Finding(Severity.ERROR, "D1", str(path), 1, 1, "",
                                         f"渲染后的 XML 已损坏：{exc}")], exit_code=3) from None
        raise
    parts = _one_core_properties(_read_zip(buf.getvalue()))
    parts = postprocess(parts, ctx)
    problems = leftover_tags(parts)
    if problems:
        raise FindingsError([Finding(Severity.ERROR, "D2", str(path), 1, 1, part,
                                     f"渲染后仍有未替换的模板标签：“{snippet}”（docxtpl 没有识别这个标签，"
                                     "常见原因是标签被 Word 拆开或写在文本框、批注、尾注里；"
                                     "请运行 authoring templates check 查看）")
                             for part, snippet in problems], exit_code=3)
    marker = BRACE.encode("utf-8")
    return deterministic_zip((name, data.replace(marker, b"{")) for name, data in parts)


def _picture(tpl, png: bytes, caption: str):
    """A chart's PNG as the picture docxtpl puts where the template writes {{ b.图像 }}: as wide as the text
    block, its caption as the picture's alternative text (what a screen reader says, Word's 可选文字)."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    class Chart(InlineImage):
        def _insert_image(self) -> str:
            xml = super()._insert_image()
            return xml.replace("<wp:docPr ", f'<wp:docPr descr="{escape(caption, {chr(34): "&quot;"})}" ', 1)

    return Chart(tpl, io.BytesIO(png), width=Mm(charts.WIDTH_MM))


def make_env():
    """The Jinja environment templates run in: sandboxed with limits (authoring/sandbox.py), autoescaping,
    strict, and with no other template to include: a Word template reads nothing but itself."""
    from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound

    class NoTemplates(BaseLoader):
        def get_source(self, environment, template):
            raise TemplateNotFound(template, f"Word 模板不能引用其他模板（“{template}”）：请把内容直接写在模板里")

    return LimitedEnvironment(autoescape=True, undefined=StrictUndefined, loader=NoTemplates())


# ----------------------------------------------------------------- the context

_BLOCK_DEFAULTS: dict[str, dict[str, Any]] = {
    "标题": {"级别": 1, "编号": "", "文字": ""},
    "段落": {"文字": ""},
    "连排": {"级别": 4, "编号": "", "标题": "", "文字": ""},
    "注": {"文字": "", "示意": False},
    "表格": {"种类": "", "标题": "", "单位": "", "表头": [], "行": [], "注": "", "列宽": [], "对齐": [], "字段": [],
           "紧凑": False},
    "图表": {"种类": "", "名称": "", "编号": "", "标题": "", "题注": "", "单位": "", "注": "", "图像": ""},
}
_TOP_DEFAULTS: dict[str, Any] = {"封面": {"启用": False, "字段": [], "标志": None}, "标题字号": "22", "附件": "",
                                  "报告日期": "", "引言": [], "落款": False, "落款单位": "", "正文": [],
                                  "示例": "", "示例说明": [], "图表": {}}


def prepare_context(context: dict) -> dict:
    """A copy of context that templates can rely on (see module docstring)."""
    ctx = {**_TOP_DEFAULTS, **{k: v for k, v in context.items() if v is not None}}
    ctx.setdefault("落款日期", ctx["报告日期"])
    if "标题行" not in ctx:  # a context made by hand: the lines the PDF's 标题分行 filter gives
        ctx["标题行"] = title_lines(str(ctx.get("标题") or ""))
    # The title as printed: its lines joined by "\n", which docxtpl turns into line breaks (w:br), so a
    # template's {{ 标题 }} breaks where the PDF does (the document properties keep 元数据.标题 on one line).
    ctx["标题"] = "\n".join(str(line) for line in ctx["标题行"]) or str(ctx.get("标题") or "")
    blocks = []
    for block in ctx.get("正文") or []:
        b = {**_BLOCK_DEFAULTS.get(block.get("类型"), {}), **{k: v for k, v in block.items() if v is not None}}
        if b.get("类型") == "表格":
            width = max([len(b["表头"])] + [len(r.get("格") or []) for r in b["行"]])
            rows = []
            for r in b["行"]:
                cells = [("" if c is None else c) for c in (r.get("格") or [])]
                spans = list(r.get("跨行") or [])[:width]
                rows.append({"缩进": 0, "合计": False, **r, "格": cells + [""] * (width - len(cells)),
                             "跨行": spans + [1] * (width - len(spans))})
            b["行"] = rows
            b["表头"] = _pad(b["表头"], width, "")
            b["对齐"] = _pad(b["对齐"], width, "左")
            b["字段"] = _pad(b["字段"], width, "")
        blocks.append(b)
    ctx["正文"] = blocks
    ctx = _clean(ctx)
    logo = (ctx.get("封面") or {}).get("标志")
    if logo:  # set after _clean: no text the questionnaire gives can hold a "{" here
        logo["标记"] = LOGO_MARKER
    return ctx


def _pad(values: list, width: int, fill: Any) -> list:
    return list(values)[:width] + [fill] * (width - len(values))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _INVALID_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).replace("{", BRACE)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


# ------------------------------------------------------------ post-processing


def postprocess(parts: list[tuple[str, bytes]], ctx: dict) -> list[tuple[str, bytes]]:
    fonts = ctx.get("字体") or {}
    if fonts:
        parts = with_theme(parts, fonts)
    logo = (ctx.get("封面") or {}).get("标志")
    if logo:
        parts = place_logo(parts, logo)
    out = []
    for name, data in parts:
        if name == "word/styles.xml" and fonts:
            data = apply_title_size(apply_fonts(data, fonts), ctx.get("标题字号"))
        elif name == "word/fontTable.xml" and fonts:
            data = font_table(fonts)
        elif name == "word/document.xml":
            data = apply_tables(data, [b for b in ctx["正文"] if b.get("类型") == "表格"])
        elif name == "docProps/core.xml":
            data = core_properties(ctx.get("元数据") or {}, ctx)
        out.append((name, data))
    return out


PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCUMENT_RELS = "word/_rels/document.xml.rels"


def with_theme(parts: list[tuple[str, bytes]], fonts: dict) -> list[tuple[str, bytes]]:
    """The package with a theme naming only the profile's fonts (render/docx_theme.py): the template's
    theme part replaced, or one added (part, relationship, content type) when the template has none."""
    named = dict(parts)
    if DOCUMENT_RELS not in named or "[Content_Types].xml" not in named:
        return parts
    rels = etree.fromstring(named[DOCUMENT_RELS])
    theme_rel = next((r for r in rels if r.get("Type") == THEME_TYPE), None)
    theme = theme_xml(fonts)
    if theme_rel is not None and not theme_rel.get("TargetMode"):
        target = posixpath.normpath(posixpath.join("word", theme_rel.get("Target", "").lstrip("/")))
        if target in named:
            return [(name, theme if name == target else data) for name, data in parts]
        parts = parts + [(target, theme)]
        added = target
    else:
        ids = {r.get("Id") for r in rels}
        rel_id = next(f"rId{i}" for i in range(len(ids) + 1, len(ids) + 1000) if f"rId{i}" not in ids)
        etree.SubElement(rels, f"{{{PACKAGE_REL_NS}}}Relationship",
                         {"Id": rel_id, "Type": THEME_TYPE, "Target": THEME_PART[len("word/"):]})
        added = THEME_PART
        parts = [(name, etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
                  if name == DOCUMENT_RELS else data) for name, data in parts if name != THEME_PART]
        parts.append((THEME_PART, theme))
    types = etree.fromstring(named["[Content_Types].xml"])
    part_name = "/" + added
    if not any(o.get("PartName") == part_name for o in types):
        etree.SubElement(types, f"{{{CONTENT_TYPES_NS}}}Override",
                         {"PartName": part_name, "ContentType": THEME_CONTENT_TYPE})
    types_xml = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    return [(name, types_xml if name == "[Content_Types].xml" else data) for name, data in parts]


LOGO_MARKER = "{authoring-logo}"
IMAGE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
EMU_PER_MM = 36000


def place_logo(parts: list[tuple[str, bytes]], logo: dict) -> list[tuple[str, bytes]]:
    """The cover's logo (封面.标志) as an inline picture where the template printed its 标记.

    The picture is a new part word/media/cover-logo.png|jpeg with its relationship and content type."""
    named = dict(parts)
    document = named.get("word/document.xml", b"").decode("utf-8")
    run = re.compile(r"<w:r>(?:(?!</w:r>).)*?<w:t(?: [^>]*)?>" + re.escape(LOGO_MARKER) + r"</w:t></w:r>", re.S)
    if DOCUMENT_RELS not in named or not run.search(document):
        return parts
    kind = "png" if logo.get("类型") == "png" else "jpeg"
    media = f"media/cover-logo.{kind}"
    rels = etree.fromstring(named[DOCUMENT_RELS])
    ids = {r.get("Id") for r in rels}
    rel_id = next(f"rId{i}" for i in range(len(ids) + 1, len(ids) + 1000) if f"rId{i}" not in ids)
    etree.SubElement(rels, f"{{{PACKAGE_REL_NS}}}Relationship", {"Id": rel_id, "Type": IMAGE_TYPE, "Target": media})
    width, height = (round(float(logo.get(k) or 0) * EMU_PER_MM) for k in ("宽", "高"))
    picture = (
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        f'distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}"/>'
        '<wp:docPr id="1" name="封面标志"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="1" name="cover-logo.{kind}"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )
    document = run.sub(lambda m: picture, document, count=1)
    types = etree.fromstring(named["[Content_Types].xml"])
    if not any(d.get("Extension", "").lower() == kind for d in types):
        etree.SubElement(types, f"{{{CONTENT_TYPES_NS}}}Default", {"Extension": kind, "ContentType": f"image/{kind}"})
    replaced = {
        "word/document.xml": document.encode("utf-8"),
        DOCUMENT_RELS: etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True),
        "[Content_Types].xml": etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True),
    }
    return [(name, replaced.get(name, data)) for name, data in parts] + [
        ("word/" + media, base64.b64decode(str(logo.get("数据") or "")))]


def apply_fonts(styles_xml: bytes, fonts: dict) -> bytes:
    """Set w:rFonts of the known styles (and the document defaults) from 字体."""
    root = etree.fromstring(styles_xml)
    digits = fonts.get("数字") or "Times New Roman"
    defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    if defaults is not None and fonts.get("正文"):
        _set_rfonts(defaults, fonts["正文"], digits)
    for style in root.iter(w("style")):
        name_el = style.find(w("name"))
        role = STYLE_FONT_ROLES.get((name_el.get(w("val")) if name_el is not None else "").lower())
        font = fonts.get(role) if role else None
        if not font:
            continue
        rpr = style.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(style, w("rPr"))
            # rPr comes after pPr and before the table-style elements
            anchor = style.find(w("pPr"))
            if anchor is not None:
                anchor.addnext(rpr)
        _set_rfonts(rpr, font, font if role in OWN_DIGIT_ROLES else digits)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def apply_title_size(styles_xml: bytes, size: Any) -> bytes:
    """The Title style in the profile's 标题字号 (points; w:sz is in half-points)."""
    try:
        half_points = round(float(size) * 2)
    except (TypeError, ValueError):
        return styles_xml
    root = etree.fromstring(styles_xml)
    for style in root.iter(w("style")):
        name = style.find(w("name"))
        rpr = style.find(w("rPr"))
        if name is None or (name.get(w("val")) or "").lower() != "title" or rpr is None:
            continue
        for tag in ("sz", "szCs"):
            el = rpr.find(w(tag))
            if el is not None:
                el.set(w("val"), str(half_points))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _child(parent, tag: str, after: str):
    """parent's child `tag`, made when missing: right after its `after` child, or first (OOXML orders children)."""
    found = parent.find(w(tag))
    if found is None:
        found = etree.Element(w(tag))
        anchor = parent.find(w(after))
        if anchor is not None:
            anchor.addnext(found)
        else:
            parent.insert(0, found)
    return found


def _set_rfonts(rpr, east_asia: str, latin: str) -> None:
    rfonts = _child(rpr, "rFonts", after="rStyle")
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    rfonts.set(w("ascii"), latin)
    rfonts.set(w("hAnsi"), latin)
    rfonts.set(w("eastAsia"), east_asia)
    rfonts.set(w("cs"), latin)


def font_table(fonts: dict) -> bytes:
    names = sorted({v for v in fonts.values() if v})
    root = etree.Element(w("fonts"), nsmap=NSMAP)
    for name in names:
        info = FONT_INFO.get(name, {"charset": "86", "family": "auto", "pitch": "variable"})
        font = etree.SubElement(root, w("font"), {w("name"): name})
        if "altName" in info:
            etree.SubElement(font, w("altName"), {w("val"): info["altName"]})
        etree.SubElement(font, w("charset"), {w("val"): info["charset"]})
        etree.SubElement(font, w("family"), {w("val"): info["family"]})
        etree.SubElement(font, w("pitch"), {w("val"): info["pitch"]})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def apply_tables(document_xml: bytes, table_blocks: list[dict]) -> bytes:
    """Give every rendered table what the block says and the template cannot: grid, widths, merges.

    Rendered tables are matched to table blocks in order by their header row, since a template
    may show a block without a table. Then:
    - generic tables (caption 通用表格) take their column widths from 列宽; tables designed for
      one 种类 keep the widths drawn in the template; every table gets a w:tblGrid with one
      w:gridCol per column (WPS sizes tables from it);
    - the cells of each row follow its 跨行: n ≥ 2 starts a vertically merged cell over n rows
      (w:vMerge restart), 0 continues the one above (w:vMerge);
    - a 紧凑 (many-column) generic table is set in 五号 type with narrow cell margins;
    - the table's alternative text (tblCaption) becomes the block's 标题.
    """
    root = etree.fromstring(document_xml)
    body = root.find(w("body"))
    tables = body.findall(w("tbl")) if body is not None else []
    for tbl in root.iter(w("tbl")):  # tables the blocks do not fill (drawn in a template) get a grid too
        _set_grid(tbl, [], _columns(tbl), keep_drawn=True)
    j = 0
    for block in table_blocks:
        if j >= len(tables):
            break
        tbl = tables[j]
        first = tbl.find(w("tr"))
        header = ["".join(t.text or "" for t in tc.iter(w("t"))) for tc in first.findall(w("tc"))] if first is not None else []
        if header != [str(h) for h in block.get("表头") or []]:
            continue
        j += 1
        tblpr = tbl.find(w("tblPr"))
        caption = tblpr.find(w("tblCaption")) if tblpr is not None else None
        generic = caption is not None and caption.get(w("val")) == GENERIC_TABLE_CAPTION
        _set_grid(tbl, (block.get("列宽") or []) if generic else [], len(header), keep_drawn=not generic)
        _merge_cells(tbl, block.get("行") or [])
        _indent_rows(tbl, block.get("行") or [], bool(generic and block.get("紧凑")))
        if generic and block.get("紧凑"):
            _compact(tbl)
        if caption is not None:
            caption.set(w("val"), block.get("标题") or block.get("种类") or "表格")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _columns(tbl) -> int:
    """The number of grid columns of a table: the most cells (with their w:gridSpan) of any of its rows."""
    def span(tc) -> int:
        value = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
        try:
            return max(1, int(value.get(w("val")))) if value is not None else 1
        except (TypeError, ValueError):
            return 1
    return max((sum(span(tc) for tc in tr.findall(w("tc"))) for tr in tbl.findall(w("tr"))), default=0)


def _set_grid(tbl, weights: list, columns: int, keep_drawn: bool) -> None:
    """Widths in proportion to weights (when usable), and a tblGrid of exactly `columns` columns.

    Without usable weights the columns share the width equally, or, with keep_drawn, a grid that
    already has `columns` columns is kept as the template draws it."""
    if columns == 0:
        return
    grid = _child(tbl, "tblGrid", after="tblPr")
    cols = grid.findall(w("gridCol"))
    try:
        weights = [float(x) for x in weights]
    except (TypeError, ValueError):
        weights = []
    usable = len(weights) == columns and sum(weights) > 0 and min(weights) >= 0
    if not usable and keep_drawn and len(cols) == columns:
        return
    total = _table_width(tbl) or sum(int(c.get(w("w"), "0") or 0) for c in cols) or DEFAULT_TABLE_WIDTH
    if not usable:
        weights = [1.0] * columns
    widths = [int(total * x / sum(weights)) for x in weights]
    widths[-1] = total - sum(widths[:-1])
    for col in cols:
        grid.remove(col)
    for width in widths:
        etree.SubElement(grid, w("gridCol"), {w("w"): str(width)})
    for tr in tbl.findall(w("tr")):
        cells = tr.findall(w("tc"))
        if len(cells) != len(widths):
            continue
        for tc, width in zip(cells, widths):
            tcw = tc.find(f"{w('tcPr')}/{w('tcW')}")
            if tcw is not None:
                tcw.set(w("w"), str(width))
                tcw.set(w("type"), "dxa")


DEFAULT_TABLE_WIDTH = 8844  # the GB/T 9704 text width in twips


def _table_width(tbl) -> int:
    """The table's width in twips when the template fixes it (docxtpl rounds the grid it rescales)."""
    tblw = tbl.find(f"{w('tblPr')}/{w('tblW')}")
    if tblw is not None and tblw.get(w("type")) == "dxa":
        try:
            return int(tblw.get(w("w")))
        except (TypeError, ValueError):
            pass
    return 0


# w:tcPr children come in this order (ECMA-376 CT_TcPr); w:vMerge goes before the first of the later ones.
_AFTER_VMERGE = ("tcBorders", "shd", "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark",
                 "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange")


TABLE_TEXT_SIZE = 24  # 小四 (12 pt) in half-points: the shipped template's table text
COMPACT_SIZE = 21     # 五号 (10.5 pt) in half-points
COMPACT_MARGIN = 40   # cell margins in twips (2 pt), as .compact td in report.css
COMPACT_LINE = 280    # 14 pt lines, as .compact table in report.css
# Children of w:pPr that come after w:spacing (ECMA-376 order).
_AFTER_SPACING = ("ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
                  "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
# Children of w:rPr and w:tblPr that come after the ones _compact sets (ECMA-376 order).
_AFTER_SZ = ("highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
             "eastAsianLayout", "specVanish", "oMath")
_AFTER_CELL_MAR = ("tblLook", "tblCaption", "tblDescription", "tblPrChange")


def _compact(tbl) -> None:
    for r in tbl.iter(w("r")):
        rpr = _first_child(r, "rPr")
        for tag in ("sz", "szCs"):
            for old in rpr.findall(w(tag)):
                rpr.remove(old)
            _insert_before(rpr, etree.Element(w(tag), {w("val"): str(COMPACT_SIZE)}), _AFTER_SZ)
    for p in tbl.iter(w("p")):
        ppr = _first_child(p, "pPr")
        for old in ppr.findall(w("spacing")):
            ppr.remove(old)
        _insert_before(ppr, etree.Element(w("spacing"), {w("before"): "0", w("after"): "0", w("line"): str(COMPACT_LINE),
                                                         w("lineRule"): "exact"}), _AFTER_SPACING)
    tblpr = tbl.find(w("tblPr"))
    if tblpr is None:
        return
    for old in tblpr.findall(w("tblCellMar")):
        tblpr.remove(old)
    margins = etree.Element(w("tblCellMar"))
    for side in ("top", "left", "bottom", "right"):
        etree.SubElement(margins, w(side), {w("w"): str(COMPACT_MARGIN), w("type"): "dxa"})
    _insert_before(tblpr, margins, _AFTER_CELL_MAR)


def _first_child(parent, name: str):
    """The properties element (w:pPr, w:rPr) that must come first in `parent`, made when missing."""
    found = parent.find(w(name))
    if found is None:
        found = etree.Element(w(name))
        parent.insert(0, found)
    return found


def _insert_before(parent, child, later: tuple[str, ...]) -> None:
    """Append child, but before the first existing element whose local name is in `later`."""
    anchor = next((c for c in parent if etree.QName(c).localname in later), None)
    if anchor is not None:
        anchor.addprevious(child)
    else:
        parent.append(child)


INDENT_CHARS = 2  # a 缩进 level is two table characters, as td.indent-N in report.css


def _indent_rows(tbl, rows: list[dict], compact: bool) -> None:
    """The first cell of a row with 缩进 n is indented n × two characters (w:ind), not by inserted spaces,
    so its text is the questionnaire's; a template that writes full-width spaces itself is left alone."""
    trs = tbl.findall(w("tr"))
    if not rows or len(trs) <= len(rows):
        return
    char = COMPACT_SIZE * 10 if compact else TABLE_TEXT_SIZE * 10  # twips: half-points × 10
    for tr, row in zip(trs[len(trs) - len(rows):], rows):
        level = row.get("缩进") or 0
        first = tr.find(w("tc"))
        if not level or first is None or "".join(t.text or "" for t in first.iter(w("t"))).startswith("\u3000"):
            continue
        for p in first.findall(w("p")):
            ppr = _first_child(p, "pPr")
            for old in ppr.findall(w("ind")):
                ppr.remove(old)
            _insert_before(ppr, etree.Element(w("ind"), {w("left"): str(int(level) * INDENT_CHARS * char),
                                                         w("firstLine"): "0"}), _AFTER_SPACING[1:])


def _merge_cells(tbl, rows: list[dict]) -> None:
    """The last len(rows) table rows are the block's rows; mark their merged cells."""
    trs = tbl.findall(w("tr"))
    if not rows or len(trs) <= len(rows) or not any(s != 1 for r in rows for s in r.get("跨行") or []):
        return
    for tr, row in zip(trs[len(trs) - len(rows):], rows):
        cells = tr.findall(w("tc"))
        spans = row.get("跨行") or []
        if len(cells) != len(spans):
            continue
        for tc, span in zip(cells, spans):
            if span == 1:
                continue
            tcpr = tc.find(w("tcPr"))
            if tcpr is None:
                tcpr = etree.Element(w("tcPr"))
                tc.insert(0, tcpr)
            for old in tcpr.findall(w("vMerge")):
                tcpr.remove(old)
            vmerge = etree.Element(w("vMerge"))
            if span != 0:
                vmerge.set(w("val"), "restart")
            _insert_before(tcpr, vmerge, _AFTER_VMERGE)


def core_properties(meta: dict, ctx: dict) -> bytes:
    """docProps/core.xml from 元数据: same context, same bytes."""
    def text(key: str, fallback: str = "") -> str:
        value = meta.get(key)
        return escape(str(value if value not in (None, "") else fallback))

    day = str(meta.get("日期") or "")
    try:
        stamp = datetime.fromisoformat(day).strftime("%Y-%m-%dT00:00:00Z")
    except ValueError:
        year = str(ctx.get("年度") or "1980")
        stamp = f"{year if year.isdigit() and len(year) == 4 else '1980'}-12-31T00:00:00Z"
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text('标题', str(ctx.get('标题') or ''))}</dc:title>"
        f"<dc:subject>{text('主题')}</dc:subject>"
        f"<dc:creator>{text('作者')}</dc:creator>"
        f"<cp:keywords>{text('关键词')}</cp:keywords>"
        f"<dc:language>{text('语言', 'zh-CN')}</dc:language>"
        f"<cp:lastModifiedBy>{text('作者')}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


def leftover_tags(parts: Iterable[tuple[str, bytes]]) -> list[tuple[str, str]]:
    """(part, nearby text) for every {{ {% {# left in an XML part."""
    out = []
    for name, data in parts:
        if not (name.endswith(".xml") or name.endswith(".rels")):
            continue
        text = data.decode("utf-8", "replace")
        m = _LEFTOVER.search(text)
        if m:
            nearby = re.sub(r"<[^>]+>", "", text[max(0, m.start() - 200): m.start() + 300])
            out.append((name, nearby.strip()[:80]))
    return out


# ----------------------------------------------------------------------- zip


def _one_core_properties(parts: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """A template saved by LibreOffice names its docProps/core.xml with a relationship type python-docx
    does not know, so python-docx adds a second core.xml on save: keep one part per name and one
    relationship per target (the last, which python-docx wrote with the standard type)."""
    names = [name for name, _ in parts]
    if len(set(names)) == len(names):
        return parts
    last = {name: i for i, (name, _) in enumerate(parts)}
    out = []
    for i, (name, data) in enumerate(parts):
        if last[name] != i:
            continue
        if name == "_rels/.rels":
            root = etree.fromstring(data)
            seen: dict[str, Any] = {}
            for rel in list(root):
                target = rel.get("Target")
                if target in seen:
                    root.remove(seen[target])
                seen[target] = rel
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.append((name, data))
    return out


def _read_zip(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def deterministic_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """[Content_Types].xml first, then the parts in their given order, all dated 1980-01-01."""
    entries = list(entries)
    entries.sort(key=lambda e: e[0] != "[Content_Types].xml")
    return zip_bytes(entries, ZIP_DATE)


# ------------------------------------------------------------------ errors


def _template_finding(path: Path, tpl, exc) -> Finding:
    from jinja2 import TemplateNotFound

    if isinstance(exc, TemplateLimit):
        text = f"模板超出限制（{exc}）"
    elif isinstance(exc, TemplateNotFound) and exc.message:  # the sandbox's own refusal says why
        text = exc.message
    else:
        text = describe(exc)
    lineno = getattr(exc, "lineno", None) or _template_line(exc)
    part = getattr(getattr(tpl, "current_rendering_part", None), "partname", "") or "/word/document.xml"
    nearby = [s.strip() for s in (getattr(exc, "docx_context", None) or []) if s.strip()]
    if not nearby and lineno:
        nearby = _nearby(tpl, str(part), lineno)
    if nearby:
        text += "；附近的文字：" + " / ".join(nearby)[:200]
    text += "。请运行 authoring templates check 检查模板"
    return Finding(Severity.ERROR, "D1", str(path), lineno or 1, 1, str(part).lstrip("/"), text)


def _template_line(exc) -> int | None:
    found = template_line(exc, lambda name: name == "<template>")
    return found[1] if found else None


def _nearby(tpl, part: str, lineno: int) -> list[str]:
    try:
        if part.endswith("document.xml"):
            xml = tpl.patch_xml(tpl.xml_to_string(tpl.docx._element.body))
        else:
            target = next(p for p in tpl.docx.part.package.iter_parts() if str(p.partname) == part)
            xml = tpl.patch_xml(tpl.get_part_xml(target))
    except Exception:  # best effort only: the error itself is reported anyway
        return []
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()
    chunk = lines[max(lineno - 3, 0): lineno + 2]
    return [re.sub(r"<[^>]+>", "", x) for x in chunk]
