"""The 自评表 as xlsx: the same cells, merges and 总分 row as the report's table, fonts, print setup, same bytes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from authoring.cli import main
from authoring.errors import ProfileError
from authoring.jurisdiction.profile import load_profile
from authoring.output_names import file_name
from authoring.pipeline import check_file
from authoring.render.xlsx import MAX_CELL_CHARS, render_xlsx
from authoring.report.context import build_context
from conftest import at, make_templates
from questionnaires import full_questionnaire, profiles_on_disk

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))


def _context(path: Path):
    result = check_file(path)
    assert not result.errors
    return build_context(result), result.profile


def shown(cell) -> str:
    """The text a spreadsheet displays for the cell."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    fmt = cell.number_format
    places = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
    if fmt.endswith("%"):
        return f"{Decimal(str(value)) * 100:.{places}f}%"
    return f"{Decimal(str(value)):,.{places}f}" if "," in fmt else f"{Decimal(str(value)):.{places}f}"


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data))["自评表"]


def _find_row(ws, texts: list[str], start: int = 1) -> int:
    for r in range(start, ws.max_row + 1):
        if [shown(ws.cell(r, c + 1)) for c in range(len(texts))] == texts:
            return r
    raise AssertionError(f"no row {texts}")


def assert_tables_match(context: dict, data: bytes) -> None:
    """Every table of the context's 自评表: header, each cell's text, the merged 跨行 cells, the total row."""
    ws = _sheet(data)
    merged = {str(m) for m in ws.merged_cells.ranges}
    row = 1
    assert context["自评表"]["表格"], "a 自评表 has at least one table"
    for table in context["自评表"]["表格"]:
        if table["类型"] == "栏目":
            row = _find_row(ws, [table["标题"], table["表头"][0]], row)
            assert [c.value for c in ws[row] if c.value] == [table["标题"]] + table["表头"]
            assert [c.value for c in ws[row + 1] if c.value] == [t for t in table["格"] if t]
            row += 2
            continue
        row = _find_row(ws, table["表头"], row)
        for r, expected in enumerate(table["行"], row + 1):
            spans = expected["跨行"]
            for c, text in enumerate(expected["格"], 1):
                cell = ws.cell(r, c)
                assert shown(cell) == text, (table["种类"], r, c)
                if spans[c - 1] > 1:
                    assert f"{cell.coordinate}:{ws.cell(r + spans[c - 1] - 1, c).coordinate}" in merged
                if spans[c - 1] == 0:
                    assert any(cell.coordinate in m for m in ws.merged_cells.ranges)
            if expected["合计"]:
                assert ws.cell(r, next(i for i, t in enumerate(expected["格"], 1) if t)).font.bold
        row += len(table["行"])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_gives_the_reports_table_cell_for_cell(path):
    context, profile = _context(path)
    data = render_xlsx(context, profile)
    assert_tables_match(context, data)
    ws = _sheet(data)
    assert ws["A1"].value == context["自评表"]["标题"]
    assert ws["A2"].value == f"填报单位：{context['部门全称']}"
    assert data == render_xlsx(context, profile)


@pytest.mark.parametrize("pid", profiles_on_disk())
def test_every_profile_gives_its_score_table(pid, tmp_path):
    q = tmp_path / "q.yaml"
    q.write_text(full_questionnaire(pid), encoding="utf-8")
    context, profile = _context(q)
    assert_tables_match(context, render_xlsx(context, profile))


def test_the_zipingbiao_form_has_its_funds_block_then_its_indicators_and_the_total():
    context, profile = _context(ROOT / "inputs/zipingbiao-example-2024.yaml")
    assert [t.get("种类", t["标题"]) for t in context["自评表"]["表格"]] == ["年度预算资金表", "年度总体目标", "绩效指标自评表"]
    ws = _sheet(render_xlsx(context, profile))
    assert ws["A1"].value == "2024年度某县农业农村局部门整体支出绩效自评表"
    funds = _find_row(ws, ["资金来源", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    assert [shown(c) for c in ws[funds + 1]][:7] == ["年度资金总额", "2860.00", "3125.40", "3018.62", "10", "96.58%", "9.66"]
    assert ws.cell(funds + 1, 2).value == Decimal("2860.00") and ws.cell(funds + 1, 2).number_format == "0.00"
    assert Decimal(str(ws.cell(funds + 1, 6).value)) == Decimal("0.9658") and ws.cell(funds + 1, 6).number_format == "0.00%"
    goals = _find_row(ws, ["年度总体目标", "预期目标"])  # the form's 年度总体目标 block: two columns side by side
    assert ws.cell(goals + 1, 2).value.startswith("2024年，围绕“稳产保供、提质增效、农民增收”三项任务")
    assert "\n二是保障农产品质量安全" in ws.cell(goals + 1, 2).value
    assert ws.cell(goals, 6).value == "实际完成情况" and ws.cell(goals + 1, 6).value.startswith("2024年，全年执行预算资金")
    assert {f"A{goals}:A{goals + 1}", f"B{goals}:E{goals}", f"F{goals + 1}:H{goals + 1}"} <= {
        str(m) for m in ws.merged_cells.ranges}
    total = _find_row(ws, ["总分"])
    assert [shown(c) for c in ws[total]] == ["总分", "", "", "", "", "100", "96.33", ""]
    assert f"A{total}:E{total}" in {str(m) for m in ws.merged_cells.ranges}  # the label spans the empty cells
    head = _find_row(ws, ["一级指标"])
    assert f"A{head + 1}:A{head + 7}" in {str(m) for m in ws.merged_cells.ranges}  # 产出指标: the PDF's rowspan 7
    assert ws.print_title_rows == f"${head}:${head}"  # the longer table's header repeats on every page


def test_a_profile_without_an_indicator_table_in_its_outline_still_has_a_score_table():
    context, _ = _context(ROOT / "inputs/foshan-zhengxie-2021.yaml")  # foshan's outline prints no indicator table
    assert not any(b["类型"] == "表格" and b["种类"] == "指标得分表" for b in context["正文"])
    [table] = context["自评表"]["表格"]
    assert table["种类"] == "指标得分表" and table["行"][-1]["格"][:4] == ["合计", "", "100", "98"]


def test_fonts_print_setup_and_the_example_mark():
    context, profile = _context(ROOT / "inputs/guangzhou-jiguangongwei-2023.yaml")
    ws = _sheet(render_xlsx(context, profile))
    fonts = context["字体"]
    header = _find_row(ws, ["一级指标", "二级指标", "分值", "得分", "扣分原因"])
    assert ws["A1"].font.name == fonts["标题"]
    assert ws.cell(header, 1).font.name == fonts["一级标题"]
    assert ws.cell(header + 1, 2).font.name == fonts["表格"]
    assert ws.cell(header + 1, 2).border.left.style == "thin"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.oddHeader.center.text == "示例"  # an example says so on every printed page
    assert ws.cell(ws.max_row, 1).value.startswith("【示例】")
    assert ws.cell(ws.max_row - 1, 1).value.startswith("【示意】原报告只写了自评得分96.9分")  # the table is 示意
    assert ws.column_dimensions["E"].width > ws.column_dimensions["C"].width  # 扣分原因 is the wide column


def test_same_bytes_in_another_process():
    path = ROOT / "inputs/panyu-zhengxie-2023.yaml"
    context, profile = _context(path)
    code = ("import sys; from authoring.pipeline import check_file; from authoring.report.context import build_context;"
            "from authoring.render.xlsx import render_xlsx; r = check_file(sys.argv[1]);"
            "sys.stdout.buffer.write(render_xlsx(build_context(r), r.profile))")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "123"}
    other = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, env=env, check=True).stdout
    assert other == render_xlsx(context, profile)
    with zipfile.ZipFile(io.BytesIO(other)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2023-12-31T00:00:00Z" in core  # the report's date, not the time of the run


def _one_table(cells: list[str]) -> dict:
    return {"标题": "测试", "部门全称": "测试局", "年度": "2023", "字体": {}, "元数据": {"日期": "2023-12-31"},
            "自评表": {"标题": "测试表", "表格": [{
                "类型": "表格", "种类": "指标得分表", "标题": "测试表", "单位": "", "表头": [f"列{i}" for i in range(len(cells))],
                "字段": [], "对齐": ["左"] * len(cells), "列宽": [10] * len(cells), "注": "", "紧凑": False,
                "行": [{"格": cells, "缩进": 0, "合计": False, "跨行": [1] * len(cells)}]}]}}


def test_text_that_looks_like_a_formula_stays_text():
    hostile = ["=HYPERLINK(\"http://x\",\"点击\")", "+1+1", "-2+3", "@SUM(A1)", "＝1+1", "=1+1"]
    data = render_xlsx(_one_table(hostile))
    ws = _sheet(data)
    row = _find_row(ws, hostile)
    for c in range(1, len(hostile) + 1):
        cell = ws.cell(row, c)
        assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    assert sheet.count('quotePrefix="1"') == 0  # the prefix is a style …
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert 'quotePrefix="1"' in z.read("xl/styles.xml").decode()  # … that the formula-like cells use


def test_numbers_are_exact_and_shown_as_printed_and_anything_else_is_text():
    cells = ["1,234.50", "93.72%", "100%", "0.05", "007", "12345678901234567", "1.2.3", "-0", "3项", "98"]
    ws = _sheet(render_xlsx(_one_table(cells)))
    row = _find_row(ws, cells)
    values = [ws.cell(row, c).value for c in range(1, len(cells) + 1)]
    values = [v if isinstance(v, str) else Decimal(str(v)) for v in values]
    with zipfile.ZipFile(io.BytesIO(render_xlsx(_one_table(["0.008441", "0.84%", "5.015"])))) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert all(f"<v>{v}</v>" in sheet for v in ("0.008441", "0.0084", "5.015"))  # the decimal's digits, not a float's
    assert values == [Decimal("1234.50"), Decimal("0.9372"), Decimal("1"), Decimal("0.05"), "007",
                      "12345678901234567", "1.2.3", "-0", "3项", Decimal("98")]


def test_a_text_longer_than_a_cell_holds_says_so_and_control_characters_do_not_break_it():
    long = "很长的文字。" * 7000
    ws = _sheet(render_xlsx(_one_table([long, "控制\x01字符"])))
    cell = ws.cell(4, 1)
    assert len(cell.value) == MAX_CELL_CHARS and cell.value.endswith("全文见报告）")
    assert ws.cell(4, 2).value == "控制\ufffd字符"


def test_build_format_xlsx_writes_the_score_table_only(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--format", "xlsx", "-o", str(out), str(ROOT / "inputs/panyu-renda-2023.yaml")]) == 0
    name = "附件2 2023年度广州市番禺区人民代表大会常务委员会办公室部门整体支出绩效自评表.xlsx"
    assert sorted(p.name for p in out.iterdir()) == [".authoring-manifest.json", name] or \
        sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [name]
    assert f"已生成 {out / name}" in capsys.readouterr().out
    assert (out / name).read_bytes()[:2] == b"PK"


def test_file_names():
    assert file_name("2023年度某局部门整体支出绩效自评报告", "docx") == "2023年度某局部门整体支出绩效自评报告.docx"
    assert file_name("2023年度某局部门整体支出绩效自评报告", "xlsx") == "2023年度某局部门整体支出绩效自评表.xlsx"
    assert file_name("2024年度某局部门整体支出绩效自评表", "xlsx") == "2024年度某局部门整体支出绩效自评表.xlsx"
    assert file_name("某局年度总结", "xlsx") == "某局年度总结 自评表.xlsx"


def test_an_unknown_table_in_the_score_sheet_is_a_located_profile_error(tmp_path):
    root = make_templates(tmp_path, {"bad": "名称: 坏\n继承: national\n自评表: [指标得分表, 自评结论, 不存在的表]\n"})
    with pytest.raises(ProfileError) as exc:
        load_profile("bad", root)
    f = root / "bad" / "profile.yaml"
    assert [x.format() for x in exc.value.findings][0].startswith(
        f"{at(f, '不存在的表')}: 错误 [P4] 自评表[3]: 自评表引用了未定义的表格或大纲中没有的章节“不存在的表”；"
        "已定义的表格有：部门预算支出明细表")
    assert len(exc.value.findings) == 1  # 自评结论 is a section of national's outline


@pytest.mark.parametrize("name", ["zipingbiao-example-2024", "guangzhou-jiguangongwei-2023"])
def test_the_indicator_table_reads_as_in_the_word_report(name):
    from authoring.render.docx import render_docx
    from test_table_declarations import docx_cells, docx_tables

    context, profile = _context(ROOT / f"inputs/{name}.yaml")
    table = context["自评表"]["表格"][-1]
    word = next(cells for t in docx_tables(render_docx(context, profile))
                if (cells := docx_cells(t))[0] == table["表头"])
    ws = _sheet(render_xlsx(context, profile))
    head = _find_row(ws, table["表头"])
    sheet = [[shown(ws.cell(r, c)) for c in range(1, len(table["表头"]) + 1)]
             for r in range(head, head + len(word))]
    assert sheet == word  # merged cells are empty in both
