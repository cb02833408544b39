"""Example reports say what in them is illustrative: 示例说明 and 示意 in the questionnaire, the 示例 page
header and the 【示意】 notes in DOCX and PDF, the summary line, and Q3 for a mark that names nothing."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from authoring.cli import main
from authoring.pipeline import check_file
from authoring.render import fonts
from authoring.render.docx import render_docx
from authoring.report.context import build_context
from authoring.summary import summary_line
from conftest import INDICATORS, MINIMAL, at

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The examples that print figures their published reports never had, and the first column of the table that shows them.
SUPPLIED = ["luquan-zhengxie-2023", "guangzhou-jiguangongwei-2023", "panyu-renda-2023", "panyu-zhengxie-2023"]
needs_fonts = pytest.mark.skipif(not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists(),
                                 reason="Fandol 字体未准备（运行 scripts/fonts.sh）")


def built(path: Path):
    result = check_file(path)
    assert result.assessment is not None and not result.errors, [f.format() for f in result.findings]
    return result, build_context(result)


def notes_of(result) -> list[str]:
    return ["【示意】" + e.note for e in result.loaded.questionnaire.illustrative]


def blocks_after(context: dict, predicate) -> list[str]:
    """The texts of the 示意 notes right after the first block that satisfies predicate."""
    blocks = context["正文"]
    i = next(i for i, b in enumerate(blocks) if predicate(b))
    out = []
    for b in blocks[i + 1:]:
        if b["类型"] != "注" or not b["示意"]:
            break
        out.append(b["文字"])
    return out


def score_table(b: dict) -> bool:
    return b["类型"] == "表格" and b["种类"] == "指标得分表"


# --- where the notes go (ReportContext) ---------------------------------------------------------------

def test_luquan_notes_follow_the_table_sentence_and_column_they_concern():
    result, ctx = built(ROOT / "inputs" / "luquan-zhengxie-2023.yaml")
    indicators, total, title = notes_of(result)
    assert ctx["示例"] == "示例"
    assert ctx["示例说明"] == ["【示例】" + result.loaded.questionnaire.example]
    assert blocks_after(ctx, score_table) == [indicators, total]  # its rows and its 合计 row
    assert blocks_after(ctx, lambda b: b["类型"] == "段落" and b["文字"].startswith("经综合评价")) == [total]
    assert blocks_after(ctx, lambda b: b["类型"] == "表格" and b["种类"] == "评价工作组人员名单") == [title]
    assert sum(b["类型"] == "注" and b["示意"] for b in ctx["正文"]) == 4
    assert ctx["元数据"]["主题"] == "部门整体支出绩效自评报告（示例）"


def test_a_rewritten_section_is_noted_at_its_end():
    result, ctx = built(ROOT / "inputs" / "panyu-zhengxie-2023.yaml")
    goals, indicators = notes_of(result)
    heading = next(i for i, b in enumerate(ctx["正文"]) if b.get("文字") == "部门整体支出绩效目标")
    assert [b["文字"] for b in ctx["正文"][heading + 1:heading + 3]] == [
        result.loaded.questionnaire.goals, goals]
    assert blocks_after(ctx, score_table) == [indicators]


def test_a_wholly_fictional_example_has_the_mark_and_the_note_but_no_notes_in_the_body():
    result, ctx = built(ROOT / "inputs" / "zipingbiao-example-2024.yaml")
    assert ctx["示例"] == "示例"
    assert ctx["示例说明"][0].startswith("【示例】本报告是虚构的示例")
    assert not any(b["类型"] == "注" and b["示意"] for b in ctx["正文"])


def test_without_marks_nothing_is_said(write):
    result, ctx = built(write(MINIMAL + INDICATORS))
    assert (ctx["示例"], ctx["示例说明"]) == ("", [])
    assert not any(b["类型"] == "注" and b["示意"] for b in ctx["正文"])
    assert "示例" not in summary_line(result) and "示例" not in ctx["元数据"]["主题"]


MARKED = MINIMAL + INDICATORS + """\
收入:
  合计: 100.00
  分项:
    - {名称: 财政拨款收入, 金额: 100.00}
引言: 这是引言。
其他章节:
  附录: 这是附录。
示意:
  - 字段: 绩效指标[2].下级[2].得分
    说明: 预算管理的得分是示意。
  - 字段: [总分, 等级]
    说明: 总分和等级是示意。
  - 字段: 收入
    说明: 收入是示意。
  - 字段: 引言
    说明: 引言是示意。
  - 字段: 其他章节
    说明: 附录是示意。
"""


def test_each_section_says_once_what_it_prints_from_a_marked_field(write):
    result, ctx = built(write(MARKED))
    assert ctx["示例"] == "示例"
    assert ctx["示例说明"] == ["【示例】本报告含有为演示补充的示意内容（见文中【示意】说明），不是部门报送的正式报告。",
                              "【示意】引言是示意。"]
    assert blocks_after(ctx, lambda b: b.get("文字", "").startswith("2023年收入合计")) == ["【示意】收入是示意。"]
    # 自评结论 prints the total in its sentence and its table: one note each, after the table
    assert blocks_after(ctx, lambda b: b["类型"] == "段落" and "自评得分98分" in b["文字"]) == []
    assert blocks_after(ctx, score_table) == ["【示意】预算管理的得分是示意。", "【示意】总分和等级是示意。"]
    # 指标分析 prints each indicator's score in a section of its own: the note closes that one only
    assert blocks_after(ctx, lambda b: b.get("文字", "").startswith("该指标分值20分，自评得分19分")) == [
        "【示意】预算管理的得分是示意。"]
    assert blocks_after(ctx, lambda b: b.get("文字", "").startswith("该指标分值10分，自评得分9分")) == []
    assert blocks_after(ctx, lambda b: b.get("文字") == "这是附录。") == ["【示意】附录是示意。"]
    assert summary_line(result).endswith("；示例报告（示意：绩效指标[2].下级[2].得分、总分、等级、收入、引言、其他章节）")


# --- the summary line and Q3 ------------------------------------------------------------------------

def test_summary_line_of_check_says_what_is_illustrative(capsys):
    assert main(["check", str(ROOT / "inputs" / "luquan-zhengxie-2023.yaml")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"{ROOT / 'inputs' / 'luquan-zhengxie-2023.yaml'}: 没有发现问题；计算总分 96 分，等级“优秀”（河北省规则）；"
        "支出占收入合计 100%（未填调整预算数，无法计算预算执行率）；示例报告（示意：绩效指标、总分、等级、评价工作组.职称）")


def test_summary_line_of_build_and_of_a_whole_example(tmp_path, capsys):
    path = ROOT / "inputs" / "zipingbiao-example-2024.yaml"
    assert main(["build", str(path), "--format", "docx", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: 没有发现问题；计算总分 96.33 分，等级“优”（全国通用（自评表式）规则）；示例报告"
    assert out[-1].startswith("已生成 ")


def test_a_mark_that_names_nothing_is_an_error_where_it_is_typed(write):
    path = write(MINIMAL + INDICATORS + """\
示意:
  - 字段: 绩效指标s
    说明: 拼错了。
  - 字段: [总分, 评价工作组.职称, '绩效指标[x]']
    说明: 第二、三项不对。
  - 字段: 地区
    说明: 不是内容。
""")
    found = [f.format() for f in check_file(path).findings if f.rule == "Q3"]
    assert found == [
        f"{at(path, '绩效指标s')}: 错误 [Q3] 示意[1].字段: 问卷中没有填写“绩效指标s”（或字段名写错了），这条示意说明无处可印："
        "请照问卷中的键名填写，如 绩效指标、总分、评价工作组.职称",
        f"{at(path, '评价工作组.职称')}: 错误 [Q3] 示意[2].字段[2]: 问卷中没有填写“评价工作组.职称”（或字段名写错了），"
        "这条示意说明无处可印：请照问卷中的键名填写，如 绩效指标、总分、评价工作组.职称",
        f"{at(path, '绩效指标[x]')}: 错误 [Q3] 示意[2].字段[3]: “绩效指标[x]”不是字段的写法：照问卷的键写，"
        "层级用“.”隔开，第几项写成 [2]，如 评价工作组.职称、绩效指标[2].得分",
        f"{at(path, '地区', nth=2)}: 错误 [Q3] 示意[3].字段: “地区”不是报告的内容，不能标为示意",
    ]


def test_the_examples_have_no_findings_about_their_marks():
    for path in sorted((ROOT / "inputs").glob("*.yaml")):
        result = check_file(path)
        assert result.findings == [], [f.format() for f in result.findings]
        assert summary_line(result).split("；")[-1].startswith("示例报告"), path


# --- DOCX ---------------------------------------------------------------------------------------------

def docx_parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xml")}


def text_of(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def body(data: bytes) -> list[tuple[str, str]]:
    """(style or "表格", text) of each top-level paragraph and table of the document."""
    out = []
    for child in docx_parts(data)["word/document.xml"].find(f"{W}body"):
        if child.tag == f"{W}tbl":
            first_row = child.find(f"{W}tr")
            out.append(("表格", "|".join(text_of(tc) for tc in first_row.findall(f"{W}tc"))))
        elif child.tag == f"{W}p":
            style = child.find(f"{W}pPr/{W}pStyle")
            out.append((style.get(f"{W}val") if style is not None else "", text_of(child)))
    return out


def headers(data: bytes) -> list[str]:
    parts = docx_parts(data)
    return [text_of(parts[n]) for n in sorted(parts) if re.fullmatch(r"word/header\d+\.xml", n)]


@pytest.mark.parametrize("name", SUPPLIED)
def test_docx_of_an_example_with_supplied_figures_carries_the_mark(name):
    result, ctx = built(ROOT / "inputs" / f"{name}.yaml")
    data = render_docx(ctx, result.profile)
    assert headers(data) == ["示例", "示例"]  # odd and even pages
    items = body(data)
    title = next(i for i, (style, _) in enumerate(items) if style == "Title")
    assert items[title + 1] == ("Illustrative", "【示例】" + result.loaded.questionnaire.example)
    table = next(i for i, (style, text) in enumerate(items) if style == "表格" and text.startswith("一级指标|"))
    indicators = next(n for n in notes_of(result) if "指标" in n)
    assert items[table + 1] == ("Illustrative", indicators)
    shown = [text for style, text in items if style == "Illustrative"]
    assert set(notes_of(result)) <= set(shown)


def test_docx_without_marks_has_an_empty_header(write):
    result, ctx = built(write(MINIMAL + INDICATORS))
    data = render_docx(ctx, result.profile)
    assert headers(data) == ["", ""]
    assert not any(style == "Illustrative" or "【示" in text for style, text in body(data))


# --- PDF ----------------------------------------------------------------------------------------------

def pdf_pages(ctx: dict, profile) -> list[str]:
    from authoring.render.pdf import render_pdf

    return [page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(ctx, profile))).pages]


def compact(text: str) -> str:
    return re.sub(r"[\s\u200b]+", "", text)


@needs_fonts
@pytest.mark.parametrize("name", SUPPLIED)
def test_pdf_of_an_example_with_supplied_figures_carries_the_mark(name):
    result, ctx = built(ROOT / "inputs" / f"{name}.yaml")
    pages = pdf_pages(ctx, result.profile)
    for n, page in enumerate(pages, 1):
        assert "示例" in [compact(line) for line in page.splitlines()], f"第 {n} 页没有页眉“示例”"
    text = compact("".join(pages))
    assert compact("【示例】" + result.loaded.questionnaire.example) in text
    total = "合计" + "".join(compact(c) for c in next(b for b in ctx["正文"] if score_table(b))["行"][-1]["格"][1:])
    indicators = compact(next(n for n in notes_of(result) if "指标" in n))
    assert total + indicators in re.sub(r"—\d+—", "", text)  # the note right under the table's 合计 row
    for note in notes_of(result):
        assert compact(note) in text


@needs_fonts
def test_pdf_without_marks_says_nothing(write):
    result, ctx = built(write(MINIMAL + INDICATORS))
    pages = pdf_pages(ctx, result.profile)
    assert not any("示例" in compact(page) or "【示意】" in compact(page) for page in pages)


def test_a_marked_field_with_a_line_break_keeps_the_summary_on_one_line(tmp_path, capsys):
    """Found by the fuzz test: the summary line quotes the 示意 fields as typed."""
    from authoring.cli import main

    path = tmp_path / "q.yaml"
    path.write_text(MINIMAL + '示意:\n  - {字段: "部\\n门职能", 说明: 示例}\n', encoding="utf-8")
    main(["check", str(path)])
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith(f"{path}:") for line in lines), lines
