"""Tables declared in the profile (表格: 数据, 列, 分组, 合计行): what the reader of the DOCX and the PDF sees."""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

import authoring.pipeline as pipeline
from authoring.cli import main
from authoring.errors import ProfileError
from authoring.jurisdiction.profile import load_profile
from authoring.jurisdiction.tables import ROW_SOURCES
from authoring.render import fonts
from authoring.render.docx import render_docx
from authoring.render.pdf import render_html, render_pdf
from authoring.render.template_check import cmd_templates_check
from authoring.report import tables as report_tables
from authoring.report.context import build_context
from conftest import at, make_templates

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The recipe of docs/地区配置参考-表格.md: a form-style 自评表 and its 预算执行率 block.
FORM_TABLES = """\
表格:
  部门整体支出绩效自评表:
    数据: 指标
    标题: "{{ 年度 }}年度部门整体支出绩效自评表"
    分组: [一级指标, 二级指标]
    合计行: {等级: 偏差原因分析及改进措施}
    列:
      - {字段: 一级指标, 宽度: 7}
      - {字段: 二级指标, 宽度: 8}
      - {字段: 三级指标, 宽度: 11}
      - {字段: 计量单位, 宽度: 6}
      - {字段: 指标性质, 宽度: 6}
      - {字段: 年初指标值, 宽度: 7}
      - {字段: 调整指标值, 宽度: 7}
      - {字段: 全年完成值, 宽度: 7}
      - {字段: 分值, 宽度: 6}
      - {字段: 得分系数, 宽度: 9}
      - {字段: 得分, 宽度: 6}
      - {字段: 是否核心指标, 宽度: 6}
      - {字段: 偏差原因分析及改进措施, 表头: 未完成原因分析, 宽度: 14}
  预算执行情况表:
    数据: 资金
    标题: 预算执行情况
    单位: "单位：万元"
    列: [资金来源, 年初预算数, 全年预算数, 全年执行数, 执行率, 分值, 得分]
"""
FORM_PROFILE = """\
名称: 表式地区
继承: national
大纲:
  - {标题: 部门基本情况, 组成: [{内容: 部门职能}]}
  - {标题: 自评结论, 组成: [{句子: 自评结论}, {表格: 预算执行情况表}, {表格: 部门整体支出绩效自评表}]}
  - {标题: 存在的主要问题, 组成: [{内容: 存在问题}]}
  - {标题: 下一步改进措施, 组成: [{内容: 改进措施}]}
""" + FORM_TABLES

QUESTIONNAIRE = """\
地区: {profile}
年度: 2023
部门全称: 某某县某某局
部门简称: 某某局
部门职能: 负责某某工作。
存在问题: 一是预算编制精细化程度不够。
改进措施: 一是加强预算编制。
资金执行情况:
  分项:
    - {{名称: 年度资金总额, 年初预算数: 1000.00, 全年预算数: 1200.00, 全年执行数: 1150.00, 执行率: 95.83%}}
    - {{名称: 当年财政拨款, 年初预算数: 900.00, 全年预算数: 1100.00, 全年执行数: 1060.00}}
    - {{名称: 上年结转资金, 年初预算数: 100.00, 全年预算数: 100.00, 全年执行数: 90.00}}
  分值: 10
  得分: 9.58
绩效指标:
  - 名称: 产出指标
    分值: 50
    下级:
      - 名称: 数量指标
        分值: 30
        下级:
          - {{名称: 完成重点工作数, 分值: 20, 得分: 20, 计量单位: 项, 指标性质: 定量, 年初指标值: "≥10", 指标值: "≥11", 实际值: "11", 是否核心指标: 是}}
          - {{名称: 培训人次, 分值: 10, 得分: 10, 计量单位: 人次, 指标性质: 定量, 指标值: "≥200", 实际值: "230", 是否核心指标: 否}}
      - 名称: 质量指标
        分值: 20
        下级:
          - {{名称: 工作合格率, 分值: 20, 得分: 18, 计量单位: "%", 指标性质: 定量, 指标值: "100%", 实际值: "90%", 是否核心指标: 否, 扣分原因: 个别工作不合格, 偏差原因分析及改进措施: 加强质量管理}}
  - 名称: 效益指标
    分值: 30
    下级:
      - 名称: 社会效益
        分值: 30
        下级:
          - {{名称: 服务水平提升, 分值: 30, 得分: 27, 指标性质: 定性, 指标值: 有效提升, 实际值: 基本达成, 是否核心指标: 否, 扣分原因: 宣传不足}}
  - 名称: 满意度指标
    分值: 10
    下级:
      - 名称: 服务对象满意度
        分值: 10
        下级:
          - {{名称: 群众满意度, 分值: 10, 得分: 10, 计量单位: "%", 指标性质: 定量, 指标值: "≥90%", 实际值: "95%", 是否核心指标: 否}}
总分: 94.6
等级: 优
"""

FORM_HEADER = ["一级指标", "二级指标", "三级指标", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值",
               "分值", "得分系数", "得分", "是否核心指标", "未完成原因分析"]
# As the reader sees them: a merged cell shows its text once, in its first row.
FORM_ROWS = [
    ["产出指标", "数量指标", "完成重点工作数", "项", "定量", "≥10", "≥11", "11", "20", "100%", "20", "是", ""],
    ["", "", "培训人次", "人次", "定量", "≥200", "≥200", "230", "10", "100%", "10", "否", ""],
    ["", "质量指标", "工作合格率", "%", "定量", "100%", "100%", "90%", "20", "90.00%", "18", "否", "加强质量管理"],
    ["效益指标", "社会效益", "服务水平提升", "", "定性", "有效提升", "有效提升", "基本达成", "30", "90.00%", "27", "否", "宣传不足"],
    ["满意度指标", "服务对象满意度", "群众满意度", "%", "定量", "≥90%", "≥90%", "95%", "10", "100%", "10", "否", ""],
    ["合计", "", "", "", "", "", "", "", "100", "", "94.6", "", "评价等级：优"],
]
FUNDING_HEADER = ["资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分"]
FUNDING_ROWS = [
    ["年度资金总额", "1000.00", "1200.00", "1150.00", "95.83%", "10", "9.58"],
    ["其中：当年财政拨款", "900.00", "1100.00", "1060.00", "96.36%", "", ""],
    ["上年结转资金", "100.00", "100.00", "90.00", "90.00%", "", ""],
]


# ------------------------------------------------------------------------------------ fixtures


@pytest.fixture
def use_templates(monkeypatch):
    """Make check_file (and so the CLI) load profiles from a tmp templates folder."""

    def _use(root: Path) -> None:
        monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))

    return _use


@pytest.fixture
def form(tmp_path, use_templates):
    root = make_templates(tmp_path, {"form": FORM_PROFILE})
    use_templates(root)
    q = tmp_path / "q.yaml"
    q.write_text(QUESTIONNAIRE.format(profile="form"), encoding="utf-8")
    result = pipeline.check_file(q)
    assert result.profile is not None and result.assessment is not None, [f.format() for f in result.findings]
    return build_context(result), result.profile


def table_blocks(ctx: dict) -> dict[str, dict]:
    return {b["种类"]: b for b in ctx["正文"] if b["类型"] == "表格"}


def docx_tables(data: bytes) -> list:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return root.find(f"{W}body").findall(f"{W}tbl")


def text_of(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def docx_cells(tbl) -> list[list[str]]:
    return [[text_of(tc) for tc in tr.findall(f"{W}tc")] for tr in tbl.findall(f"{W}tr")]


def vmerge(tbl) -> list[list[str]]:
    """Per cell: "restart", "continue" or "" (not merged)."""
    out = []
    for tr in tbl.findall(f"{W}tr"):
        row = []
        for tc in tr.findall(f"{W}tc"):
            v = tc.find(f"{W}tcPr/{W}vMerge")
            row.append("" if v is None else (v.get(f"{W}val") or "continue"))
        out.append(row)
    return out


def styles(tbl, row: int) -> list[str]:
    tr = tbl.findall(f"{W}tr")[row]
    return [tc.find(f"{W}p/{W}pPr/{W}pStyle").get(f"{W}val") for tc in tr.findall(f"{W}tc")]


# ------------------------------------------------------------------------------------ the context


def test_declared_columns_in_order_with_values(form):
    ctx, _ = form
    blocks = table_blocks(ctx)
    table = blocks["部门整体支出绩效自评表"]
    assert table["标题"] == "2023年度部门整体支出绩效自评表"
    assert table["表头"] == FORM_HEADER
    assert [r["格"] for r in table["行"]] == FORM_ROWS
    assert [r["合计"] for r in table["行"]] == [False] * 5 + [True]
    assert table["列宽"] == [7, 8, 11, 6, 6, 7, 7, 7, 6, 9, 6, 6, 14]
    assert table["对齐"] == ["中", "左", "左"] + ["中"] * 9 + ["左"]
    assert table["字段"][-1] == "偏差原因分析及改进措施" and table["紧凑"] is True
    funding = blocks["预算执行情况表"]
    assert (funding["标题"], funding["单位"]) == ("预算执行情况", "单位：万元")
    assert funding["表头"] == FUNDING_HEADER
    assert [r["格"] for r in funding["行"]] == FUNDING_ROWS
    assert [r["缩进"] for r in funding["行"]] == [0, 1, 1]
    assert funding["紧凑"] is False


def test_group_columns_merge_their_cells(form):
    ctx, _ = form
    spans = [r["跨行"][:2] for r in table_blocks(ctx)["部门整体支出绩效自评表"]["行"]]
    # 一级指标 产出指标 over three rows; 二级指标 数量指标 over two, inside it; the total row never merges
    assert spans == [[3, 2], [0, 0], [0, 1], [1, 1], [1, 1], [1, 1]]


def test_total_row_label_skips_the_sequence_number_and_aliases_keep_their_header(tmp_path, use_templates):
    profile = FORM_PROFILE.replace("{表格: 预算执行情况表}, ", "") + """\
  简表:
    数据: 指标
    合计行: true
    列: [序号, 指标名称, {字段: 权重, 对齐: 右}, 得分]
"""
    profile = profile.replace("{表格: 部门整体支出绩效自评表}", "{表格: 简表}")
    use_templates(make_templates(tmp_path, {"form": profile}))
    q = tmp_path / "q.yaml"
    q.write_text(QUESTIONNAIRE.format(profile="form"), encoding="utf-8")
    (table,) = table_blocks(build_context(pipeline.check_file(q))).values()
    assert table["标题"] == "简表" and table["表头"] == ["序号", "指标名称", "权重", "得分"]
    assert table["对齐"] == ["中", "左", "右", "中"]
    # without a 资金 table of its own, the block's 分值 and 得分 are the first row of the indicator table
    assert [r["格"] for r in table["行"]][:2] == [["1", "预算执行率", "10", "9.58"], ["2", "完成重点工作数", "20", "20"]]
    assert [r["格"] for r in table["行"]][-1] == ["", "合计", "100", "94.6"]  # no grade: not asked for


def test_every_row_source_has_a_builder_for_each_of_its_fields(form, tmp_path):
    _, profile = form
    from authoring.jurisdiction.scoring import assess
    from authoring.questionnaire.loader import load_questionnaire

    assert set(report_tables.ROWS) == set(ROW_SOURCES)
    assert set(report_tables.TOTALS) == {k for k, v in ROW_SOURCES.items() if v.total}
    examples = [tmp_path / "q.yaml"] + sorted((ROOT / "inputs").glob("*.yaml"))
    seen = set()
    for path in examples:
        q = load_questionnaire(path).questionnaire
        a = assess(q, profile.profile)
        for source, info in ROW_SOURCES.items():
            for r in report_tables.ROWS[source](q, profile.profile, a):
                assert set(r.values) == set(info.fields), source
                seen.add(source)
            if source in report_tables.TOTALS and report_tables.ROWS[source](q, profile.profile, a):
                assert set(report_tables.TOTALS[source](q, profile.profile, a)) <= set(info.fields)
    assert seen == set(ROW_SOURCES)
    assert all(info.canonical(a) in info.fields for info in ROW_SOURCES.values() for a in info.aliases)


def test_the_reference_documents_every_source_and_field():
    doc = (ROOT / "docs" / "地区配置参考-表格.md").read_text(encoding="utf-8")
    for source, info in ROW_SOURCES.items():
        assert f"### {source}" in doc, source
        section = doc.split(f"### {source}", 1)[1].split("\n### ", 1)[0]
        for name in info.names():
            assert f"| {name} |" in section or f"| {name}（" in section, (source, name)


# ------------------------------------------------------------------------------------ DOCX


def test_docx_shows_the_declared_columns_and_merges_the_groups(form):
    ctx, profile = form
    funding, table = docx_tables(render_docx(ctx, profile))
    assert docx_cells(table) == [FORM_HEADER] + FORM_ROWS
    merges = vmerge(table)
    assert [m[:2] for m in merges[1:]] == [["restart", "restart"], ["continue", "continue"], ["continue", ""],
                                           ["", ""], ["", ""], ["", ""]]
    assert all(m[2:] == [""] * 11 for m in merges)
    cols = [int(c.get(f"{W}w")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
    assert len(cols) == 13 and sum(cols) == 8844 and cols[-1] > cols[0] > cols[3]
    trs = table.findall(f"{W}tr")
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)
    assert styles(table, 1) == ["TableCenter", "TableText", "TableText"] + ["TableCenter"] * 9 + ["TableText"]
    sizes = {r.find(f"{W}rPr/{W}sz").get(f"{W}val") for r in table.iter(f"{W}r")}
    assert sizes == {"21"}  # 13 columns: 五号

    assert docx_cells(funding) == [FUNDING_HEADER] + FUNDING_ROWS  # the text as typed; 其中 rows indented by w:ind
    indents = [tr.find(f"{W}tc/{W}p/{W}pPr/{W}ind") for tr in funding.findall(f"{W}tr")[1:]]
    assert [i.get(f"{W}left") if i is not None else "0" for i in indents] == ["0"] + ["480"] * (len(FUNDING_ROWS) - 1)
    assert styles(funding, 1) == ["TableText"] + ["TableNumber"] * 4 + ["TableCenter"] * 2
    assert funding.find(f".//{W}vMerge") is None and funding.find(f".//{W}sz") is None


# ------------------------------------------------------------------------------------ PDF


def test_html_merges_group_cells_with_rowspan(form):
    ctx, profile = form
    html = render_html(ctx, profile)
    table = html.split("2023年度部门整体支出绩效自评表", 1)[1].split("</table>", 1)[0]
    heads = re.findall(r"<th>(.*?)</th>", table)
    assert heads == FORM_HEADER
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    cells = [re.findall(r"<td([^>]*)>(.*?)</td>", r) for r in rows]
    assert [len(c) for c in cells] == [13, 11, 12, 13, 13, 13]
    assert cells[0][0] == (' rowspan="3" class="center"', "产出指标")
    assert cells[0][1] == (' rowspan="2" class=""', "数量指标")
    assert [text for _, text in cells[1]] == FORM_ROWS[1][2:]
    assert 'class="table-block kind-部门整体支出绩效自评表 compact"' in html


@pytest.mark.skipif(not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists(),
                    reason="Fandol 字体未准备（运行 scripts/fonts.sh）")
def test_pdf_shows_each_merged_cell_once_and_every_value(form):
    ctx, profile = form
    pdf = render_pdf(ctx, profile)
    text = re.sub(r"[\s\u200b]+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert text.count("产出指标") == 1 and text.count("数量指标") == 1
    for row in FORM_ROWS + FUNDING_ROWS:
        for cell in row:
            assert cell in text, cell
    assert "年度资金总额1000.001200.001150.0095.83%109.58" in text  # one row, columns in declared order


def test_templates_check_passes_for_a_profile_with_declared_tables(tmp_path):
    root = make_templates(tmp_path, {"form": FORM_PROFILE})
    lines: list[str] = []
    assert cmd_templates_check(["form"], lines.append, templates_dir=root) == 0, lines


# ------------------------------------------------------------------------------------ profile errors


def errors_of(tmp_path, text: str) -> list[str]:
    root = make_templates(tmp_path, {"bad": text})
    with pytest.raises(ProfileError) as exc:
        load_profile("bad", root)
    assert exc.value.exit_code == 3
    return [f.format() for f in exc.value.findings]


def test_unknown_field_is_a_located_profile_error_and_exit_3(tmp_path, use_templates, capsys):
    text = FORM_PROFILE.replace("{字段: 指标性质, 宽度: 6}", "{字段: 指标属性, 宽度: 6}")
    root = make_templates(tmp_path, {"bad": text})
    use_templates(root)
    q = tmp_path / "q.yaml"
    q.write_text(QUESTIONNAIRE.format(profile="bad"), encoding="utf-8")
    assert main(["check", str(q)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    f = root / "bad" / "profile.yaml"
    assert len(err) == 2 and err[1] == f"{q}: 地区规则有错误，未能校验"
    assert err[0].startswith(f"{at(f, '指标属性')}: 错误 [P5] 表格.部门整体支出绩效自评表.列[5].字段: "
                             "数据“指标”没有字段“指标属性”，是否想写“指标性质”？可用的字段有：序号、一级指标、")


def test_unknown_field_written_as_a_bare_name(tmp_path):
    text = FORM_PROFILE.replace("[资金来源, 年初预算数,", "[资金来源, 年初预算,")
    (line,) = errors_of(tmp_path, text)
    f = tmp_path / "templates" / "bad" / "profile.yaml"
    assert line.startswith(f"{at(f, '年初预算,')}: 错误 [P5] 表格.预算执行情况表.列[2]: 数据“资金”没有字段“年初预算”")


def test_unknown_source(tmp_path):
    (line,) = errors_of(tmp_path, FORM_PROFILE.replace("数据: 资金", "数据: 资金表"))
    f = tmp_path / "templates" / "bad" / "profile.yaml"
    assert line == (f"{at(f, '资金表')}: 错误 [P5] 表格.预算执行情况表.数据: 表格“预算执行情况表”的数据“资金表”不存在，"
                    "是否想写“资金”？可用的数据有：指标、支出、收入、资金、重点工作、项目、工作组、决算单位")


def test_group_column_not_among_the_columns(tmp_path):
    (line,) = errors_of(tmp_path, FORM_PROFILE.replace("分组: [一级指标, 二级指标]", "分组: [一级指标, 指标名称]"))
    f = tmp_path / "templates" / "bad" / "profile.yaml"
    assert line.startswith(f"{at(f, '指标名称]')}: 错误 [P5] 表格.部门整体支出绩效自评表.分组[2]: "
                           "分组的列“指标名称”不在表格“部门整体支出绩效自评表”的列中；本表的列有：一级指标、二级指标、三级指标")


def test_group_written_as_one_name(tmp_path):
    (line,) = errors_of(tmp_path, FORM_PROFILE.replace("分组: [一级指标, 二级指标]", "分组: 指标名称"))
    f = tmp_path / "templates" / "bad" / "profile.yaml"
    assert line.startswith(f"{at(f, '指标名称')}: 错误 [P5] 表格.部门整体支出绩效自评表.分组: 分组的列“指标名称”不在")


def test_total_row_on_a_source_without_one_and_grade_column_missing(tmp_path):
    text = FORM_PROFILE.replace("    单位: \"单位：万元\"\n", "    单位: \"单位：万元\"\n    合计行: true\n")
    text = text.replace("合计行: {等级: 偏差原因分析及改进措施}", "合计行: {等级: 扣分原因}")
    lines = errors_of(tmp_path, text)
    assert [re.sub(r"^.*?错误 ", "", x) for x in lines] == [
        "[P5] 表格.部门整体支出绩效自评表.合计行.等级: 合计行写等级的列“扣分原因”不在表格“部门整体支出绩效自评表”的列中；"
        "本表的列有：一级指标、二级指标、三级指标、计量单位、指标性质、年初指标值、调整指标值、全年完成值、分值、得分系数、得分、"
        "是否核心指标、偏差原因分析及改进措施",
        "[P5] 表格.预算执行情况表.合计行: 数据“资金”没有合计行；可以有合计行的数据：指标、支出、收入",
    ]


def test_outline_and_indicator_specs_must_name_a_declared_table(tmp_path):
    text = FORM_PROFILE.replace("{表格: 预算执行情况表}", "{表格: 执行情况表}") + textwrap.dedent("""\
        指标体系:
          指标:
            - {名称: 产出指标, 分值: 100, 表格: 重点工作表}
        """)
    lines = errors_of(tmp_path, text)
    f = tmp_path / "templates" / "bad" / "profile.yaml"
    assert lines[0].startswith(f"{at(f, '执行情况表}')}: 错误 [P4] 大纲[2].组成[2].表格: 大纲引用了未知的表格“执行情况表”；"
                               "可用的有：部门预算支出明细表、收入情况表、")
    assert lines[1].startswith(f"{at(f, '重点工作表')}: 错误 [P4] 指标体系.指标[1].表格: "
                               "指标“产出指标”引用了未定义的表格“重点工作表”；已定义的表格有：部门预算支出明细表")


def test_a_new_table_needs_its_source_and_columns(tmp_path):
    text = FORM_PROFILE + "  新表: {标题: 新表}\n"
    lines = errors_of(tmp_path, text)
    assert [re.sub(r"^.*?错误 ", "", x) for x in lines] == [
        "[Q1] 表格.新表.数据: 缺少必填项“数据”", "[Q1] 表格.新表.列: 缺少必填项“列”"]


# ------------------------------------------------------------------------------------ 继承


def test_child_profiles_merge_declarations_key_by_key():
    hebei = load_profile("hebei").profile.tables
    national = load_profile("national").profile.tables
    units = hebei["决算单位构成表"]
    assert units.note.startswith("注：1、单位基本性质分为")  # hebei's own 注 …
    assert (units.source, units.headers()) == ("决算单位", ["序号", "单位名称", "单位基本性质", "经费形式"])  # … on national's table
    assert hebei["评价工作组人员名单"].headers() == ["姓名", "工作单位", "职务", "职称", "签字"]  # 列 replaced whole
    assert national["评价工作组人员名单"].headers() == ["姓名", "工作单位", "职务", "职称"]


def test_a_child_can_switch_off_grouping_and_the_total_row(tmp_path):
    root = make_templates(tmp_path, {"plain": "名称: 无合并\n继承: national\n表格:\n  指标得分表: {分组: ~, 合计行: false}\n"})
    spec = load_profile("plain", root).profile.tables["指标得分表"]
    assert spec.group == [] and spec.total is None and spec.source == "指标"


# ------------------------------------------------------------------------------------ the five examples


EXAMPLE_TABLES = ROOT / "tests" / "data" / "example_tables.json"


def example_tables(path: Path) -> list[dict]:
    ctx = build_context(pipeline.check_file(path))
    return [{"种类": b["种类"], "标题": b["标题"], "单位": b["单位"], "表头": b["表头"], "注": b["注"],
             "行": [r["格"] for r in b["行"]], "缩进": [r["缩进"] for r in b["行"]], "合计": [r["合计"] for r in b["行"]]}
            for b in ctx["正文"] if b["类型"] == "表格"]


def test_the_examples_tables_are_unchanged():
    """Titles, headers and rows of every table of the five examples, as they were before tables were declared.

    tests/data/example_tables.json was written by the code that had the tables fixed in code; after a
    deliberate change to an example, regenerate it: PYTHONPATH=. python tests/test_table_declarations.py"""
    expected = json.loads(EXAMPLE_TABLES.read_text(encoding="utf-8"))["表格"]
    # a new example needs no entry here: tests/test_report_completeness.py and the example checks cover it
    assert set(expected) <= {str(p.relative_to(ROOT)) for p in (ROOT / "inputs").glob("*.yaml")}
    for name, tables in expected.items():
        assert example_tables(ROOT / name) == tables, name


if __name__ == "__main__":
    data = {"说明": "五份示例报告中每张表的标题、表头和各行，见 tests/test_table_declarations.py；"
                    "重新生成：PYTHONPATH=. python tests/test_table_declarations.py",
            "表格": {str(p.relative_to(ROOT)): example_tables(p) for p in sorted((ROOT / "inputs").glob("*.yaml"))}}
    EXAMPLE_TABLES.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"已写入 {EXAMPLE_TABLES}")


# ------------------------------------------------------------------------- every example, as declared


@pytest.mark.skipif(not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists(),
                    reason="Fandol 字体未准备（运行 scripts/fonts.sh）")
@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "inputs").glob("*.yaml")))
def test_every_example_table_has_exactly_its_declared_columns(example):
    """The shipped examples (the form-style zipingbiao one included): each table's header row in the DOCX is the
    profile's declaration, column for column, and the PDF prints the same headers in that order."""
    result = pipeline.check_file(ROOT / "inputs" / example)
    ctx = build_context(result)
    blocks = [b for b in ctx["正文"] if b["类型"] == "表格"]
    declared = [result.profile.profile.tables[b["种类"]].headers() for b in blocks]
    assert [b["表头"] for b in blocks] == declared
    word = docx_tables(render_docx(ctx, result.profile))
    assert [docx_cells(tbl)[0] for tbl in word] == declared
    pdf_text = re.sub(r"\s+", "", "".join(page.extract_text() for page in
                                           PdfReader(io.BytesIO(render_pdf(ctx, result.profile))).pages))
    for headers in declared:
        position = 0
        for header in headers:
            found = pdf_text.find(re.sub(r"\s+", "", header), position)
            assert found >= 0, f"{example}: PDF 中没有按顺序找到表头“{header}”"
            position = found
