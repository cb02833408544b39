"""The Word output: what a reader of the rendered DOCX sees, and that it is reproducible."""

from __future__ import annotations

import copy
import importlib.util
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from authoring.errors import AuthoringError, FindingsError
from authoring.jurisdiction.profile import LoadedProfile, load_profile
from authoring.render.docx import leftover_tags, render_docx, render_template
from conftest import edit_docx_xml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "national" / "report.docx"
BROKEN = ROOT / "tests" / "data" / "broken_templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

FONTS = {"正文": "仿宋_GB2312", "标题": "方正小标宋简体", "一级标题": "黑体", "二级标题": "楷体_GB2312",
         "三级标题": "仿宋_GB2312", "数字": "Times New Roman", "页码": "宋体", "表格": "仿宋_GB2312"}


def row(cells, indent=0, total=False):
    return {"格": cells, "缩进": indent, "合计": total}


def make_context() -> dict:
    """A hand-made ReportContext following docs/context.md, with every block type and table kind."""
    body = [
        {"类型": "标题", "级别": 1, "编号": "一、", "文字": "部门基本情况"},
        {"类型": "标题", "级别": 2, "编号": "（一）", "文字": "部门职能"},
        {"类型": "段落", "文字": "负责全市某某工作，2023年预算执行率为98.79%。"},
        {"类型": "标题", "级别": 3, "编号": "1.", "文字": "预算管理"},
        {"类型": "标题", "级别": 4, "编号": "（1）", "文字": "预算编制"},
        {"类型": "连排", "级别": 4, "编号": "（2）", "标题": "资产管理", "文字": "资产账实相符。"},
        {"类型": "段落", "文字": "用户文字 <b>&{{ x }} 与 {% if y %} 原样保留。"},
        {"类型": "注", "文字": "绩效等级：总分≥90为优。"},
        {"类型": "表格", "种类": "部门预算支出明细表", "标题": "部门预算支出明细表", "单位": "单位：万元",
         "表头": ["支出类别", "年初预算数", "调整预算数", "决算数"],
         "行": [row(["一、基本支出", "3598.13", "3875.76", "3854.81"]),
                row(["人员经费", "3311.82", "3571.80", "3551.51"], indent=1),
                row(["三、上缴上级支出", "", "", ""]),
                row(["合计", "4482.25", "4813.40", "4754.99"], total=True)],
         "注": "", "列宽": [34, 22, 22, 22]},
        {"类型": "表格", "种类": "收入情况表", "标题": "收入情况表", "单位": "单位：万元",
         "表头": ["收入项目", "金额", "占比"],
         "行": [row(["财政拨款收入", "4800.00", "100.00%"]), row(["合计", "4800.00", "100%"], total=True)],
         "注": "", "列宽": [50, 25, 25]},
        {"类型": "表格", "种类": "重点工作完成情况表", "标题": "2023年度重点工作完成情况表", "单位": "",
         "表头": ["序号", "工作任务", "完成情况"],
         "行": [row(["1", "任务<甲>&乙", "已完成"]), row(["2", "任务二", "已完成"])], "注": "", "列宽": [8, 46, 46]},
        {"类型": "标题", "级别": 1, "编号": "二、", "文字": "绩效自评情况"},
        {"类型": "表格", "种类": "指标得分表", "标题": "2023年度部门整体支出绩效自评表", "单位": "",
         "表头": ["一级指标", "二级指标", "分值", "得分", "扣分原因"],
         "行": [row(["投入", "目标设定", "5", "5", ""]), row(["", "预算配置", "5", "4", "配置不够细"]),
                row(["合计", "", "100", "98", "评价等级：优"], total=True)],
         "注": "", "列宽": [16, 28, 10, 10, 36]},
        {"类型": "表格", "种类": "项目自评得分表", "标题": "项目自评得分表", "单位": "",
         "表头": ["项目名称", "自评得分", "评价等级"], "行": [row(["某项目", "95", "优"])], "注": "", "列宽": [60, 20, 20]},
        {"类型": "表格", "种类": "评价工作组人员名单", "标题": "评价工作组人员名单", "单位": "",
         "表头": ["姓名", "工作单位", "职务", "职称", "签字"], "行": [row(["张三", "某某局", "科长", "会计师", ""])],
         "注": "", "列宽": [14, 30, 20, 18, 18]},
        {"类型": "表格", "种类": "决算单位构成表", "标题": "决算单位构成表", "单位": "",
         "表头": ["序号", "单位名称", "单位基本性质", "经费形式"], "行": [row(["1", "某某局本级", "行政单位", "财政拨款"])],
         "注": "注：1、单位基本性质分为四类。", "列宽": [8, 44, 24, 24]},
    ]
    return {
        "标题": "2023年度某某市某某局部门整体支出绩效自评报告",
        "附件": "附件3",
        "部门全称": "某某市某某局", "部门简称": "某某局", "年度": "2023",
        "报告日期": "2024年3月5日", "落款": True, "落款单位": "某某市某某局",
        "总分": "98", "等级": "优",
        "字体": dict(FONTS),
        "引言": ["根据有关要求，现将自评情况报告如下："],
        "正文": body,
        "元数据": {"标题": "2023年度某某市某某局部门整体支出绩效自评报告", "作者": "某某市某某局",
                 "主题": "部门整体支出绩效自评报告", "关键词": "绩效自评,2023", "日期": "2024-03-05", "语言": "zh-CN"},
    }


# ------------------------------------------------------------------ reading output


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def xml(data: bytes, name: str = "word/document.xml"):
    return etree.fromstring(parts(data)[name])


def text_of(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def body_items(data: bytes) -> list[tuple[str, object]]:
    """Top-level body content: ("p", (style, text)) or ("tbl", element)."""
    out = []
    for child in xml(data).find(f"{W}body"):
        if child.tag == f"{W}p":
            style = child.find(f"{W}pPr/{W}pStyle")
            out.append(("p", (style.get(f"{W}val") if style is not None else "", text_of(child))))
        elif child.tag == f"{W}tbl":
            out.append(("tbl", child))
    return out


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [v for k, v in body_items(data) if k == "p"]


def tables(data: bytes) -> list:
    return [v for k, v in body_items(data) if k == "tbl"]


def cells(tbl) -> list[list[str]]:
    return [[text_of(tc) for tc in tr.findall(f"{W}tc")] for tr in tbl.findall(f"{W}tr")]


def style_el(data: bytes, style_id: str):
    return xml(data, "word/styles.xml").find(f"{W}style[@{W}styleId='{style_id}']")


def attr(el, name: str) -> str | None:
    return el.get(f"{W}{name}") if el is not None else None


@pytest.fixture(scope="module")
def national() -> LoadedProfile:
    return load_profile("national")


@pytest.fixture(scope="module")
def rendered(national) -> bytes:
    return render_docx(make_context(), national)


# ------------------------------------------------------------------ content


def test_headings_in_order_with_their_levels(rendered):
    heads = [(s, t) for s, t in paragraphs(rendered) if s.startswith("Heading")]
    assert heads == [("Heading1", "一、部门基本情况"), ("Heading2", "（一）部门职能"), ("Heading3", "1.预算管理"),
                     ("Heading4", "（1）预算编制"), ("Heading1", "二、绩效自评情况")]


def test_blocks_render_in_the_order_of_the_context(rendered):
    items = body_items(rendered)
    seq = [v[1] if k == "p" else "<表格>" for k, v in items]
    assert seq[:3] == ["附件3", "2023年度某某市某某局部门整体支出绩效自评报告", "根据有关要求，现将自评情况报告如下："]
    i = seq.index("负责全市某某工作，2023年预算执行率为98.79%。")
    assert seq.index("一、部门基本情况") < seq.index("（一）部门职能") < i < seq.index("1.预算管理")
    assert seq.index("绩效等级：总分≥90为优。") < seq.index("部门预算支出明细表") < seq.index("二、绩效自评情况")
    assert seq[-2:] == ["某某市某某局", "2024年3月5日"]


def test_body_paragraph_run_in_heading_and_note(rendered):
    paras = paragraphs(rendered)
    assert ("Normal", "负责全市某某工作，2023年预算执行率为98.79%。") in paras
    assert ("Normal", "（2）资产管理。资产账实相符。") in paras
    assert ("Note", "绩效等级：总分≥90为优。") in paras
    doc = xml(rendered)
    run_in = [r for r in doc.iter(f"{W}r") if r.find(f"{W}rPr/{W}rStyle[@{W}val='RunInHeading']") is not None]
    assert [text_of(r) for r in run_in] == ["（2）资产管理。"]


def test_user_text_appears_literally(rendered):
    paras = [t for _, t in paragraphs(rendered)]
    assert "用户文字 <b>&{{ x }} 与 {% if y %} 原样保留。" in paras
    assert ["2", "任务二", "已完成"] in cells(tables(rendered)[2])
    assert ["1", "任务<甲>&乙", "已完成"] in cells(tables(rendered)[2])
    doc = parts(rendered)["word/document.xml"].decode()
    assert "&lt;b&gt;&amp;{{ x }}" in doc


def test_control_characters_are_dropped(national):
    ctx = make_context()
    ctx["引言"] = ["甲\x07乙\x0b丙"]
    out = render_docx(ctx, national)
    assert ("Normal", "甲乙丙") in paragraphs(out)


def test_title_and_annex_label(rendered):
    paras = paragraphs(rendered)
    assert paras[0] == ("AnnexLabel", "附件3")
    assert paras[1] == ("Title", "2023年度某某市某某局部门整体支出绩效自评报告")


def test_no_annex_label_and_no_signature_when_not_asked(national):
    ctx = make_context()
    ctx["附件"], ctx["落款"] = "", False
    paras = paragraphs(render_docx(ctx, national))
    assert paras[0][0] == "Title"
    assert not any(s in ("AnnexLabel", "Signature", "SignatureDate") for s, _ in paras)


def test_signature_without_date(national):
    ctx = make_context()
    ctx["报告日期"] = ""
    paras = paragraphs(render_docx(ctx, national))
    assert paras[-1] == ("Signature", "某某市某某局")


# ------------------------------------------------------------------ tables


def test_every_table_kind_has_title_unit_header_and_rows(rendered):
    ctx = make_context()
    blocks = [b for b in ctx["正文"] if b["类型"] == "表格"]
    items = body_items(rendered)
    tbls = [v for k, v in items if k == "tbl"]
    assert len(tbls) == len(blocks)
    for block, tbl in zip(blocks, tbls):
        grid = cells(tbl)
        assert grid[0] == block["表头"]
        assert grid[1:] == [r["格"] for r in block["行"]], block["种类"]  # the text as typed: no inserted spaces
        for r, tr in zip(block["行"], tbl.findall(f"{W}tr")[1:]):
            ind = tr.find(f"{W}tc/{W}p/{W}pPr/{W}ind")  # a 子项 is indented two characters (12 pt) per level
            assert (ind.get(f"{W}left") if ind is not None else "0") == str(480 * r["缩进"]), block["种类"]
        at = next(i for i, (k, v) in enumerate(items) if v is tbl)
        before = [v for k, v in items[max(at - 2, 0):at] if k == "p"]
        assert ("TableTitle", block["标题"]) in before
        if block["单位"]:
            assert before[-1] == ("TableUnit", "单位：万元")
        if block["注"]:
            assert items[at + 1] == ("p", ("TableNote", block["注"]))


def test_table_rows_repeat_header_and_do_not_split(rendered):
    for tbl in tables(rendered):
        trs = tbl.findall(f"{W}tr")
        assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)
        assert all(tr.find(f"{W}trPr/{W}tblHeader") is None for tr in trs[1:])


def test_tables_have_fixed_grid_widths(rendered):
    for tbl in tables(rendered):
        cols = [int(c.get(f"{W}w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        assert len(cols) == len(tbl.find(f"{W}tr").findall(f"{W}tc"))
        assert sum(cols) == 8844 and min(cols) > 400
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    budget = [int(c.get(f"{W}w")) for c in tables(rendered)[0].findall(f"{W}tblGrid/{W}gridCol")]
    assert budget[0] > budget[1] == budget[2]


def test_total_label_in_heiti_and_unit_right_aligned(rendered):
    total = tables(rendered)[0].findall(f"{W}tr")[-1]
    assert text_of(total).startswith("合计")
    runs = list(total.iter(f"{W}r"))
    assert runs[0].find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "TableTotalLabel"  # 黑体, as the PDF's 合计
    assert all(r.find(f"{W}rPr/{W}b") is None for r in runs)
    unit = style_el(rendered, "TableUnit")
    assert attr(unit.find(f"{W}pPr/{W}jc"), "val") == "right"
    assert attr(style_el(rendered, "TableTitle").find(f"{W}pPr/{W}jc"), "val") == "center"


def test_generic_table_takes_widths_from_context(national):
    ctx = make_context()
    ctx["正文"] = [{"类型": "表格", "种类": "评价工作组人员名单", "标题": "名单", "单位": "",
                  "表头": ["姓名", "工作单位", "签字"], "行": [row(["李四", "某某局", ""])], "注": "", "列宽": [1, 2, 1]},
                 {"类型": "表格", "种类": "其他表", "标题": "宽表", "单位": "", "表头": [f"列{i}" for i in range(10)],
                  "行": [row([f"值{i}" for i in range(10)])], "注": "", "列宽": []}]
    out = render_docx(ctx, national)
    tbl, wide = tables(out)
    assert cells(tbl) == [["姓名", "工作单位", "签字"], ["李四", "某某局", ""]]
    cols = [int(c.get(f"{W}w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    assert cols == [2211, 4422, 2211]
    assert tbl.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") == "名单"
    # any number of columns is a real table; without 列宽 the columns share the width equally
    assert cells(wide) == [[f"列{i}" for i in range(10)], [f"值{i}" for i in range(10)]]
    cols = [int(c.get(f"{W}w")) for c in wide.findall(f"{W}tblGrid/{W}gridCol")]
    assert len(cols) == 10 and sum(cols) == 8844 and max(cols) - min(cols) <= 10


def test_short_rows_are_padded(national):
    ctx = make_context()
    ctx["正文"] = [{"类型": "表格", "种类": "收入情况表", "标题": "收入", "表头": ["收入项目", "金额", "占比"],
                  "行": [{"格": ["财政拨款"]}]}]
    (tbl,) = tables(render_docx(ctx, national))
    assert cells(tbl)[1] == ["财政拨款", "", ""]


# ------------------------------------------------------------------ layout and fonts


def test_page_setup_follows_gb_t_9704(rendered):
    sect = xml(rendered).find(f"{W}body/{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert (attr(size, "w"), attr(size, "h")) == ("11906", "16838")
    mar = sect.find(f"{W}pgMar")
    assert {k: attr(mar, k) for k in ("top", "bottom", "left", "right")} == \
        {"top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}
    assert attr(sect.find(f"{W}docGrid"), "linePitch") == "579"
    normal = style_el(rendered, "Normal")
    spacing = normal.find(f"{W}pPr/{W}spacing")
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == ("579", "exact")
    assert attr(normal.find(f"{W}pPr/{W}ind"), "firstLineChars") == "200"
    assert attr(normal.find(f"{W}rPr/{W}sz"), "val") == "32"
    title = style_el(rendered, "Title")
    assert attr(title.find(f"{W}rPr/{W}sz"), "val") == "44"
    assert attr(title.find(f"{W}pPr/{W}jc"), "val") == "center"


def test_fonts_are_named_in_the_styles(rendered):
    expect = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading1": "黑体", "Heading2": "楷体_GB2312",
              "Heading3": "仿宋_GB2312", "Heading4": "仿宋_GB2312", "AnnexLabel": "黑体", "TableText": "仿宋_GB2312",
              "Footer": "宋体"}
    for style_id, font in expect.items():
        fonts = style_el(rendered, style_id).find(f"{W}rPr/{W}rFonts")
        assert attr(fonts, "eastAsia") == font, style_id
        latin = "宋体" if style_id == "Footer" else "Times New Roman"
        assert (attr(fonts, "ascii"), attr(fonts, "hAnsi")) == (latin, latin)
    styles = parts(rendered)["word/styles.xml"].decode()
    assert "Theme" not in styles and "theme" not in styles
    assert 'w:eastAsia="zh-CN"' in styles
    names = {attr(s.find(f"{W}name"), "val") for s in xml(rendered, "word/styles.xml").iter(f"{W}style")}
    assert {"Normal", "heading 1", "heading 4", "表格文字", "表格表头", "注", "附件标签", "落款"} <= names
    theme = parts(rendered)["word/theme/theme1.xml"].decode()  # the theme names the profile's fonts only
    assert set(re.findall(r'typeface="([^"]+)"', theme)) == {"Times New Roman", "方正小标宋简体", "仿宋_GB2312"}


def test_fonts_come_from_the_profile(national):
    ctx = make_context()
    ctx["字体"] = {**FONTS, "正文": "仿宋", "二级标题": "楷体", "标题": "方正小标宋_GBK"}
    out = render_docx(ctx, national)
    assert attr(style_el(out, "Normal").find(f"{W}rPr/{W}rFonts"), "eastAsia") == "仿宋"
    assert attr(style_el(out, "Heading2").find(f"{W}rPr/{W}rFonts"), "eastAsia") == "楷体"
    assert attr(style_el(out, "Title").find(f"{W}rPr/{W}rFonts"), "eastAsia") == "方正小标宋_GBK"
    defaults = xml(out, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert attr(defaults, "eastAsia") == "仿宋"
    table = xml(out, "word/fontTable.xml")
    names = {attr(f, "name") for f in table.findall(f"{W}font")}
    assert {"仿宋", "楷体", "方正小标宋_GBK", "Times New Roman"} <= names


def test_page_numbers_in_footers(rendered):
    p = parts(rendered)
    sect = xml(rendered).find(f"{W}body/{W}sectPr")
    refs = {attr(r, "type") for r in sect.findall(f"{W}footerReference")}
    assert refs == {"default", "even"}
    assert etree.fromstring(p["word/settings.xml"]).find(f"{W}evenAndOddHeaders") is not None
    for name, jc, side in (("word/footer1.xml", "right", "right"), ("word/footer2.xml", "left", "left")):
        root = etree.fromstring(p[name])
        assert "PAGE" in "".join(root.itertext())
        assert root.find(f".//{W}fldChar") is not None
        assert text_of(root) == "— 1 —"
        ppr = root.find(f".//{W}pPr")
        assert attr(ppr.find(f"{W}jc"), "val") == jc
        assert attr(ppr.find(f"{W}ind"), side) == "280"
    footer = style_el(rendered, "Footer")
    assert attr(footer.find(f"{W}rPr/{W}sz"), "val") == "28"


def test_python_docx_opens_the_output(rendered):
    import docx

    d = docx.Document(io.BytesIO(rendered))
    assert d.paragraphs[1].style.name == "Title"
    assert any(p.style.name == "Heading 1" for p in d.paragraphs)
    assert d.core_properties.title == "2023年度某某市某某局部门整体支出绩效自评报告"


# ------------------------------------------------------------------ reproducibility


def test_same_context_gives_same_bytes(national, rendered):
    assert render_docx(make_context(), national) == rendered
    other = make_context()
    other["正文"][2]["文字"] += "又"
    assert render_docx(other, national) != rendered


def test_zip_is_deterministic(rendered):
    with zipfile.ZipFile(io.BytesIO(rendered)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_document_properties_from_metadata(rendered):
    core = parts(rendered)["docProps/core.xml"].decode()
    assert "<dc:title>2023年度某某市某某局部门整体支出绩效自评报告</dc:title>" in core
    assert "<dc:creator>某某市某某局</dc:creator>" in core
    assert "<dc:subject>部门整体支出绩效自评报告</dc:subject>" in core
    assert "2024-03-05T00:00:00Z</dcterms:created>" in core
    assert "2024-03-05T00:00:00Z</dcterms:modified>" in core


def test_context_is_not_modified(national):
    ctx = make_context()
    before = copy.deepcopy(ctx)
    render_docx(ctx, national)
    assert ctx == before


def _build_module():
    spec = importlib.util.spec_from_file_location("build_docx_templates", ROOT / "scripts" / "build_docx_templates.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_shipped_template_is_reproducible_from_code(tmp_path):
    build = _build_module()
    data = build.build()
    assert data == TEMPLATE.read_bytes(), "运行 scripts/build_docx_templates.py 重新生成模板"
    written = build.write_broken(data, tmp_path)
    for path in written:
        assert path.read_bytes() == (BROKEN / path.name).read_bytes(), path.name


def test_jurisdictions_share_the_national_template():
    for pid in ("foshan", "guangzhou", "hebei"):
        assert load_profile(pid).find_file("report.docx") == TEMPLATE


# ------------------------------------------------------------------ errors


def test_unknown_variable_is_a_chinese_error_with_the_template_file():
    with pytest.raises(FindingsError) as exc:
        render_template(BROKEN / "unknown_variable.docx", make_context())
    (f,) = exc.value.findings
    assert exc.value.exit_code == 3
    assert "落款机关" in f.message and "未知的变量" in f.message
    assert f.file.endswith("unknown_variable.docx")
    assert "附近的文字" in f.message


def test_syntax_error_is_reported(tmp_path):
    bad = edit_docx_xml(TEMPLATE, tmp_path / "bad.docx", ("{{ 标题 }}", "{{ 标题 + }}"))
    with pytest.raises(FindingsError) as exc:
        render_template(bad, make_context())
    assert "语法错误" in exc.value.findings[0].message


def test_tag_left_in_output_is_an_error(tmp_path):
    # docxtpl turns "{_{" into "{{" after rendering: a template can leave a tag behind
    bad = edit_docx_xml(TEMPLATE, tmp_path / "left.docx", ("{{ 标题 }}", "{{ 标题 }}{_{ 年度 }_}"))
    with pytest.raises(FindingsError) as exc:
        render_template(bad, make_context())
    assert "未替换的模板标签" in exc.value.findings[0].message
    assert leftover_tags([("word/document.xml", b"<w:t>{% if x %}</w:t>")])
    assert not leftover_tags([("word/document.xml", b"<w:t>{ x }</w:t>")])


def test_profile_without_template(tmp_path, national):
    lp = LoadedProfile("nowhere", national.profile, [tmp_path])
    with pytest.raises(AuthoringError, match="report.docx"):
        render_docx(make_context(), lp)




# ------------------------------------------------------------------ a real report

FOSHAN = ROOT / "inputs" / "foshan-zhengxie-2021.yaml"


@pytest.mark.skipif(not FOSHAN.exists(), reason="inputs/foshan-zhengxie-2021.yaml not present")
def test_foshan_report():
    from authoring.report.context import build_context
    from authoring.pipeline import check_file

    result = check_file(FOSHAN)
    assert not result.errors
    context = build_context(result)
    out = render_docx(context, result.profile)
    texts = [t for _, t in paragraphs(out)]
    assert texts[0] == "2021年度中国人民政治协商会议广东省佛山市委员会办公室部门整体支出绩效自评报告"
    joined = "\n".join(texts)
    assert "98.79%" in joined and "98分" in joined and "“优”" in joined
    budget = next(t for t in tables(out) if cells(t)[0][0] == "支出类别")
    assert cells(budget)[-1][0] == "合计" and cells(budget)[-1][-1] == "4754.99"
    heads = [t for s, t in paragraphs(out) if s == "Heading1"]
    assert heads[:2] == ["一、部门基本情况", "二、绩效自评情况"]
    assert render_docx(build_context(check_file(FOSHAN)), result.profile) == out
