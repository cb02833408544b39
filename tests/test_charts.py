"""Charts (issue 10): the data handed to the plot is the questionnaire's figures, 图N captions in reading order,
the document's own fonts in the picture, the picture in both outputs at its place, same bytes twice, bounded
cost, located profile errors — and profiles without charts render as before."""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from decimal import Decimal

import pytest

from authoring.cli import main
from authoring.jurisdiction.scoring import ScoredIndicator
from authoring.pipeline import check_file
from authoring.render import charts, fonts
from authoring.render.docx import render_docx
from authoring.render.pdf import render_html, render_pdf
from authoring.report.context import build_context
from conftest import MINIMAL, ROOT, make_templates

FOSHAN = ROOT / "inputs" / "foshan-zhengxie-2021.yaml"
FOSHAN_OUTLINE = [line for line in (ROOT / "templates" / "foshan" / "profile.yaml").read_text(encoding="utf-8")
                  .split("大纲:\n", 1)[1].split("\n表格:", 1)[0].splitlines()]

CHARTS = """\
名称: 佛山市（图表）
继承: foshan
图表:
  预算执行情况图:
    类型: 预算执行
    标题: "{{ 年度 }}年度部门预算执行情况"
  指标得分图:
    类型: 指标得分
    标题: "{{ 年度 }}年度绩效指标得分"
  只在模板中的图:
    类型: 预算执行
大纲:
"""

pytestmark = pytest.mark.skipif(not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists(),
                                reason="Fandol 字体未准备（运行 scripts/fonts.sh）")


def charts_profile() -> str:
    outline = "\n".join(FOSHAN_OUTLINE)
    outline = outline.replace("{表格: 部门预算支出明细表}]", "{表格: 部门预算支出明细表}, {图表: 预算执行情况图}]")
    outline = outline.replace("{注: 等级说明}]", "{注: 等级说明}, {图表: 指标得分图}]")
    assert outline.count("{图表:") == 2
    return CHARTS + outline + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The Foshan example under a copy of its profile that asks for two charts (and declares a third)."""
    tmp = tmp_path_factory.mktemp("charts")
    root = make_templates(tmp, {"charts": charts_profile()})
    (root / "foshan").symlink_to(ROOT / "templates" / "foshan")
    q = tmp / "foshan-charts.yaml"
    q.write_text(FOSHAN.read_text(encoding="utf-8").replace("地区: foshan\n", "地区: charts\n"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUTHORING_TEMPLATES", str(root))
        result = check_file(q)
        assert not result.errors and not result.warnings, [f.format() for f in result.findings]
        context = build_context(result)
        docx = render_docx(context, result.profile)
        pdf = render_pdf(context, result.profile)
        html = render_html(context, result.profile)
    return {"root": root, "q": q, "result": result, "context": context, "docx": docx, "pdf": pdf, "html": html, "tmp": tmp}


def chart_blocks(context: dict) -> list[dict]:
    return [b for b in context["正文"] if b["类型"] == "图表"]


def leaves(item: ScoredIndicator) -> list[ScoredIndicator]:
    return [item] if not item.children else [x for c in item.children for x in leaves(c)]


# --- the data ----------------------------------------------------------------------------------------


def test_budget_chart_plots_the_questionnaires_expenditure(built):
    e = built["result"].loaded.questionnaire.expenditure
    data = charts.plot_data(chart_blocks(built["context"])[0])
    assert data.kind == "预算执行" and data.unit == "单位：万元"
    assert data.categories == ["基本支出", "项目支出"]
    assert data.series == [
        ("年初预算数", [e.basic.initial, e.project.initial]),
        ("调整预算数", [e.basic.adjusted, e.project.adjusted]),
        ("决算数", [e.basic.actual, e.project.actual]),
    ]
    assert data.series[0][1] == [Decimal("3598.13"), Decimal("884.12")]  # as typed in the questionnaire
    assert all(isinstance(v, Decimal) for _, values in data.series for v in values)


def test_score_chart_plots_each_leaf_score_against_its_weight(built):
    a = built["result"].assessment
    data = charts.plot_data(chart_blocks(built["context"])[1])
    expected = [(top.name, leaf) for top in a.indicators for leaf in leaves(top)]
    assert data.kind == "指标得分" and data.unit == "单位：分"
    assert data.categories == [leaf.name for _, leaf in expected]
    assert data.groups == [top for top, _ in expected]
    assert data.series == [("分值", [leaf.weight for _, leaf in expected]), ("得分", [leaf.score for _, leaf in expected])]
    assert data.categories[:2] == ["预算管理", "绩效管理"] and data.series[1][1][:3] == [10, 7, 18]
    assert data.groups[0] == "管理效率" and data.groups[-1] == "履职效能"


def test_budget_chart_uses_the_parts_of_a_basic_expenditure_without_subtotal(write):
    from authoring.jurisdiction.charts import ChartSpec
    from authoring.report.charts import build_chart

    p = write(_MINIMAL_WITH_PARTS)
    result = check_file(p)
    profile = result.profile.profile.model_copy(update={"charts": {"图": ChartSpec.model_validate({"类型": "预算执行"})}})
    block = build_chart("图", result.loaded.questionnaire, profile, result.assessment, {})
    data = charts.plot_data(block)
    assert data.categories == ["人员经费", "日常公用经费", "项目支出"]
    assert data.series == [("决算数", [Decimal("80"), Decimal("20"), Decimal("50")])]


_MINIMAL_WITH_PARTS = MINIMAL + """\
支出:
  基本支出:
    人员经费: {决算数: 80}
    日常公用经费: {决算数: 20}
  项目支出: {决算数: 50}
  经营支出: {决算数: 0}
  合计: {决算数: 150}
"""


# --- captions and places -----------------------------------------------------------------------------


def test_captions_are_numbered_in_reading_order(built):
    context = built["context"]
    body = chart_blocks(context)
    assert [(b["编号"], b["题注"]) for b in body] == [("图1", "图1 2021年度部门预算执行情况"),
                                                      ("图2", "图2 2021年度绩效指标得分")]
    kinds = [b["类型"] for b in context["正文"]]
    first = kinds.index("图表")
    assert context["正文"][first - 1]["种类"] == "部门预算支出明细表"  # right after the table the outline puts it after
    # declared but not in the outline: only for a template, numbered after the body's charts
    assert set(context["图表"]) == {"预算执行情况图", "指标得分图", "只在模板中的图"}
    assert context["图表"]["只在模板中的图"]["题注"] == "图3 只在模板中的图"
    assert context["图表"]["指标得分图"] is body[1]


def test_docx_has_the_png_at_the_place_of_each_chart(built):
    with zipfile.ZipFile(io.BytesIO(built["docx"])) as z:
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
        document = z.read("word/document.xml").decode("utf-8")
        pngs = [z.read(n) for n in media]
    assert media == ["word/media/image1.png", "word/media/image2.png"]
    from PIL import Image

    for data in pngs:
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and min(image.info["dpi"]) >= 200
        assert image.width >= 156 / 25.4 * 200
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", document, re.S)
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs]
    for caption in ("图1 2021年度部门预算执行情况", "图2 2021年度绩效指标得分"):
        i = texts.index(caption)
        assert "<w:drawing>" in paragraphs[i - 1] and 'w:val="Figure"' in paragraphs[i - 1]
        assert 'w:val="FigureCaption"' in paragraphs[i]
        assert 'cx="5616000"' in paragraphs[i - 1]  # 156 mm in EMU: the width of the text block
        assert f'<wp:docPr descr="{caption}" ' in paragraphs[i - 1]  # the alternative text
    assert texts.index("图1 2021年度部门预算执行情况") > texts.index("部门预算支出明细表")


def test_pdf_has_the_svg_at_the_place_of_each_chart(built, tmp_path):
    html = built["html"]
    figures = re.findall(r'<figure class="chart kind-(\S+)">\s*<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"'
                         r' alt="([^"]*)">\s*<figcaption class="figure-caption">([^<]*)</figcaption>', html)
    assert figures == [("预算执行", "2021年度部门预算执行情况", "图1 2021年度部门预算执行情况"),
                       ("指标得分", "2021年度绩效指标得分", "图2 2021年度绩效指标得分")]
    assert html.index("图1 2021") > html.index("部门预算支出明细表")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(built["pdf"])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "图1 2021年度部门预算执行情况" in text and "图2 2021年度绩效指标得分" in text
    assert "单位：分" not in text  # the chart's own words are drawn, not text: extraction holds only the report's
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) == 2  # header lines only: the charts are vector drawings, not pictures


# --- fonts and bytes ---------------------------------------------------------------------------------


def _glyph_fonts(svg: bytes) -> set[str]:
    """The fonts of the glyphs matplotlib drew as paths (ids are PostScript name + code point)."""
    ids = re.findall(rb'<path id="([A-Za-z][\w-]*?)-[0-9a-f]+"', svg)
    return {i.decode() for i in ids}


def test_charts_are_drawn_in_the_documents_fonts_never_dejavu(built):
    from matplotlib.ft2font import FT2Font

    faces = {f: FT2Font(path, face_index=index).postscript_name for f, path, index in charts.font_files(built["context"]["字体"])}
    faces.update({f: FT2Font(path, face_index=index).postscript_name
                  for f, path, index in charts.font_files(built["context"]["字体"], "一级标题")})
    used = set()
    for block in chart_blocks(built["context"]):
        svg = charts.svg(block, built["context"]["字体"])
        used |= _glyph_fonts(svg)
        assert b"DejaVu" not in svg
    table_face = fonts.resolve("fang")  # foshan's 表格 font is 仿宋_GB2312
    assert faces["FandolFang"] == "FandolFang-Regular" and str(table_face.file).endswith("FandolFang-Regular.otf")
    assert used <= set(faces.values()) and "FandolFang-Regular" in used
    from matplotlib.font_manager import FontProperties, findfont

    found = findfont(FontProperties(family="FandolFang"), fallback_to_default=False)
    assert os.path.realpath(found) == os.path.realpath(table_face.file)
    assert fonts.resolve("latin").face is None or "LiberationSerif" in used  # digits in the 数字 font


def test_same_bytes_twice(built):
    for block in chart_blocks(built["context"]):
        assert charts.svg(block) == charts.svg(block) and charts.png(block) == charts.png(block)
        assert b"<dc:date>" not in charts.svg(block) and b"Matplotlib v" not in charts.svg(block)
        assert b"Software" not in charts.png(block)
    context, profile = built["context"], built["result"].profile
    assert render_docx(context, profile) == built["docx"]
    assert render_pdf(context, profile) == built["pdf"]


def test_build_writes_both_outputs_with_charts(built, capsys, monkeypatch):
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(built["root"]))
    out = built["tmp"] / "out"
    assert main(["build", str(built["q"]), "-o", str(out)]) == 0
    files = sorted(p.suffix for p in out.iterdir() if not p.name.startswith("."))
    assert files == [".docx", ".pdf"]


# --- bounds ------------------------------------------------------------------------------------------


def test_many_indicators_are_capped_and_said_so(write):
    from authoring.jurisdiction.charts import ChartSpec
    from authoring.report.charts import MAX_INDICATORS, build_chart

    items = "\n".join(f"      - {{名称: 第{i}项指标的名称写得很长很长很长很长很长很长, 分值: 1, 得分: 1}}" for i in range(60))
    p = write(_MINIMAL_WITH_PARTS.split("支出:")[0] + "绩效指标:\n  - 名称: 产出\n    分值: 60\n    下级:\n" + items + "\n")
    result = check_file(p)
    profile = result.profile.profile.model_copy(update={"charts": {"图": ChartSpec.model_validate({"类型": "指标得分"})}})
    block = build_chart("图", result.loaded.questionnaire, profile, result.assessment, {})
    assert len(block["分类"]) == MAX_INDICATORS == 40
    assert block["注"] == "图中只列出前 40 项指标（共 60 项），其余见表格。"
    from PIL import Image

    image = Image.open(io.BytesIO(charts.png(block)))
    assert image.height <= 220 / 25.4 * charts.PNG_DPI + 1  # at most the height of the text block


def test_long_labels_are_wrapped_and_cut():
    assert charts.wrap("部门预算资金支出率", 7) == "部门预算资\n金支出率"
    assert charts.wrap("农户和新型农业经营主体满意度", 12) == "农户和新型农业\n经营主体满意度"
    assert charts.wrap("一" * 30, 7) == "一" * 7 + "\n" + "一" * 6 + "…"
    assert charts.wrap("基本支出", 7) == "基本支出"


# --- profiles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((ROOT / "inputs").glob("*.yaml")), ids=lambda p: p.stem)
def test_profiles_without_charts_render_as_before(path):
    result = check_file(path)
    context = build_context(result)
    assert context["图表"] == {} and not chart_blocks(context)
    assert charts.with_svg(context) is context  # the renderers see exactly the context they saw before charts
    html = render_html(context, result.profile)
    assert "<figure" not in html and "data:image/svg" not in html


def test_docx_without_charts_has_no_picture():
    result = check_file(FOSHAN)
    with zipfile.ZipFile(io.BytesIO(render_docx(build_context(result), result.profile))) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]


def test_unknown_chart_in_outline_and_unknown_kind_are_located_profile_errors(tmp_path, write, capsys, monkeypatch):
    root = make_templates(tmp_path, {
        "a": "名称: 甲\n继承: national\n大纲:\n  - {标题: 一, 组成: [{图表: 饼图}]}\n",
        "b": "名称: 乙\n继承: national\n图表:\n  图:\n    类型: 饼图\n",
        "c": '名称: 丙\n继承: national\n图表:\n  图:\n    类型: 指标得分\n    标题: "{{ 年度 }}年{{ 未知 }}"\n',
    })
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    for pid, expected in (("a", ":4:23: 错误 [P4] 大纲[1].组成[1].图表: 大纲引用了未知的图表“饼图”；可用的有：（无，请先在“图表”中定义）"),
                          ("b", ":5:9: 错误 [Q1] 图表.图.类型: 应为 “预算执行”、“指标得分” 之一，实际为“饼图”"),
                          ("c", ":6:22: 错误 [P8] 图表.图.标题: 未知变量“未知”。可用的变量：年度、部门全称、部门简称、总分、等级、"
                                "收入、支出、资金")):
        p = write(_MINIMAL_WITH_PARTS.replace("地区: national", f"地区: {pid}"), f"{pid}.yaml")
        code = main(["check", str(p)])
        err = capsys.readouterr().err
        assert code == 3
        assert f"{root / pid / 'profile.yaml'}{expected}" in err, err


def test_templates_check_finds_a_pdf_template_that_drops_the_charts(tmp_path, capsys, monkeypatch):
    root = make_templates(tmp_path, {"charts": charts_profile()})
    (root / "foshan").symlink_to(ROOT / "templates" / "foshan")
    html = (ROOT / "templates" / "national" / "report.html.j2").read_text(encoding="utf-8")
    (root / "charts" / "report.html.j2").write_text(html.replace("{{ render_chart(b) }}", ""), encoding="utf-8")
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    main(["templates", "check"])
    out = capsys.readouterr().out
    assert re.search(r"templates/charts/report\.html\.j2: 错误：试渲染（地区 charts）：图表“预算执行情况图”的题注没有出现在"
                     r"生成的 PDF 中（标记 QX\d+X）", out), out
    assert "templates/national/report.docx: 通过" in out  # the Word template places the charts


def test_a_template_places_a_chart_by_name_with_one_tag(built, tmp_path):
    """Word: {{ 图表.名称.图像 }} is the picture; HTML: {{ render_chart(图表.名称) }} the figure with its caption."""
    from authoring.render.docx import render_template
    from conftest import edit_docx_xml

    word = edit_docx_xml(ROOT / "templates" / "national" / "report.docx", tmp_path / "report.docx",
                         ("{{ 标题 }}", "{{ 标题 }}{{ 图表.只在模板中的图.图像 }}"))
    with zipfile.ZipFile(io.BytesIO(render_template(word, built["context"]))) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        document = z.read("word/document.xml").decode("utf-8")
    assert len(media) == 2  # the same picture as 图1 (the same figures): stored once
    assert document.count("<w:drawing>") == 3 and 'descr="图3 只在模板中的图"' in document

    root = make_templates(tmp_path, {"placed": charts_profile()})
    (root / "foshan").symlink_to(ROOT / "templates" / "foshan")
    (root / "placed" / "report.html.j2").write_text(
        '{% extends "national/report.html.j2" %}{% block signature %}{{ render_chart(图表.只在模板中的图) }}'
        '{% endblock %}', encoding="utf-8")
    q = tmp_path / "q.yaml"
    q.write_text(built["q"].read_text(encoding="utf-8").replace("地区: charts\n", "地区: placed\n"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUTHORING_TEMPLATES", str(root))
        result = check_file(q)
        html = render_html(build_context(result), result.profile)
    assert html.count("data:image/svg+xml") == 3
    assert '<figcaption class="figure-caption">图3 只在模板中的图</figcaption>' in html
