"""`authoring batch` as a bureau meets it: a folder of departments' questionnaires, some broken, turned into
every report, 自评表, 汇总表 and package — exit codes, the tally, progress lines, the workbook's cells, reruns."""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from authoring.batch.state import STATE_NAME
from authoring.cli import main
from authoring.manifest import MANIFEST_NAME
from conftest import INDICATORS, MINIMAL, ROOT

EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))
PANYU_ZX = "2023年度中国人民政治协商会议广州市番禺区委员会办公室部门整体支出绩效自评"
PANYU_RD = "附件2 2023年度广州市番禺区人民代表大会常务委员会办公室部门整体支出绩效自评"
COPY = "2023年度广州市番禺区某某局部门整体支出绩效自评"
GUANGZHOU_ZIP = "广州市部门整体支出绩效自评材料.zip"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def bureau_folder(folder: Path) -> Path:
    """The five examples and the ones a bureau really receives; the broken ones sort first."""
    inbox = folder / "收件"
    inbox.mkdir()
    (inbox / "00-gbk.yaml").write_bytes((MINIMAL.replace("某某市某某局", "某某市编码局") + INDICATORS).encode("gbk"))
    (inbox / "01-colon.yaml").write_text(MINIMAL.replace("年度: 2023", "年度： 2023"), encoding="utf-8")
    (inbox / "02-arithmetic.yaml").write_text(MINIMAL.replace("某某市某某局", "某某市算错局") + INDICATORS.replace(
        "总分: 98", "总分: 97").replace("等级: 优", "等级: 良"), encoding="utf-8")
    (inbox / "03-twice-a.yaml").write_text(MINIMAL + INDICATORS, encoding="utf-8")
    (inbox / "04-twice-b.yml").write_text(MINIMAL + INDICATORS, encoding="utf-8")
    panyu = (ROOT / "inputs" / "panyu-zhengxie-2023.yaml").read_text(encoding="utf-8")
    (inbox / "05-copy.yaml").write_text(panyu.replace("中国人民政治协商会议广州市番禺区委员会办公室", "广州市番禺区某某局")
                                        .replace("部门简称: 区政协办公室", "部门简称: 区某某局"), encoding="utf-8")
    (inbox / "notes.txt").write_text("not a questionnaire", encoding="utf-8")
    for example in EXAMPLES:
        shutil.copy(example, inbox / example.name)
    return inbox


@pytest.fixture(scope="module")
def bureau(tmp_path_factory):
    """One real run (DOCX, PDF and xlsx for every good questionnaire) that the tests below look at."""
    folder = tmp_path_factory.mktemp("bureau")
    inbox = bureau_folder(folder)
    out_dir = folder / "报送"
    capture = _Capture()
    with capture:
        code = main(["batch", str(inbox), "-o", str(out_dir), "-j", "2", "--zip", "--csv"])
    return {"inbox": inbox, "out": out_dir, "code": code, "stdout": capture.out.getvalue(),
            "stderr": capture.err.getvalue()}


class _Capture:
    """stdout and stderr of a module-scoped run (capsys is per test)."""

    def __enter__(self):
        import sys

        self.out, self.err = io.StringIO(), io.StringIO()
        self.saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = self.out, self.err

    def __exit__(self, *exc):
        import sys

        sys.stdout, sys.stderr = self.saved


def test_the_run_goes_on_past_broken_files_and_ends_with_the_tally(bureau):
    assert bureau["code"] == 2  # the worst: two files could not be read
    lines = bureau["stdout"].splitlines()
    assert lines[-1] == "12 份问卷：7 份通过，3 份有错误，2 份无法读取；生成 21 个文件"
    inbox = bureau["inbox"]
    assert f"authoring: {inbox / '00-gbk.yaml'}: 文件不是 UTF-8 编码的文本（请在编辑器中另存为 UTF-8）" in bureau["stderr"]
    assert f"{inbox / '01-colon.yaml'}:2:3: 错误 [Y1] 不是有效的 YAML：“年度”后面用了中文冒号“：”" in bureau["stderr"]
    assert f"{inbox / '02-arithmetic.yaml'}: 2 个错误，0 个警告；计算总分 98 分" in bureau["stdout"]
    twice = f"{inbox / '03-twice-a.yaml'}:3:7: 错误 [B1] 部门全称: {inbox / '04-twice-b.yml'} 也是“某某市某某局”2023 年度的问卷"
    assert any(line.startswith(twice) for line in lines)


def test_every_good_questionnaire_is_built_although_broken_ones_came_first(bureau):
    names = sorted(p.name for p in bureau["out"].iterdir())
    for stem in (PANYU_ZX, PANYU_RD, COPY):
        assert {f"{stem}报告.docx", f"{stem}报告.pdf", f"{stem}表.xlsx"} <= set(names)
    assert sum(n.endswith(".pdf") for n in names) == 7
    assert not any("某某市某某局" in n or "算错局" in n or "编码局" in n for n in names)
    assert {MANIFEST_NAME, STATE_NAME, "汇总表.xlsx", "汇总表-汇总.csv", GUANGZHOU_ZIP} <= set(names)
    assert not [n for n in names if n.startswith(".authoring-") and n not in (MANIFEST_NAME, STATE_NAME)]


def test_progress_is_plain_lines_naming_the_file_when_not_on_a_terminal(bureau):
    progress = [line for line in bureau["stderr"].splitlines() if line.startswith("[")]
    checks = [line for line in progress if " 校验 " in line]
    builds = [line for line in progress if " 生成 " in line]
    assert len(checks) == 12 and checks[-1].startswith("[12/12] 校验 ")
    assert len(builds) == 7 and builds[-1].startswith("[7/7] 生成 ") and builds[-1].endswith("… 已生成 3 个文件")
    assert f"校验 {bureau['inbox'] / '00-gbk.yaml'} … 无法读取" in "\n".join(checks)


def _sheet(out_dir: Path, name: str):
    return load_workbook(out_dir / "汇总表.xlsx")[name]


def test_the_summary_sheet_has_a_row_per_questionnaire_and_a_totals_row(bureau):
    ws = _sheet(bureau["out"], "汇总")
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["文件", "部门全称", "地区", "年度", "收入合计（万元）", "支出合计（万元）", "预算执行率", "总分", "等级",
                       "错误数", "警告数", "已核实数", "生成的文件", "状态"]
    assert len(rows) == 1 + 12 + 1
    by_file = {Path(r[0]).name: r for r in rows[1:-1]}
    renda = by_file["panyu-renda-2023.yaml"]
    assert renda[1:4] == ["广州市番禺区人民代表大会常务委员会办公室", "广州市", 2023]
    assert renda[6] == pytest.approx(0.9945) and renda[7] == pytest.approx(93.4) and renda[8] == "优"
    assert renda[9:12] == [0, 0, 0] and renda[13] == "已生成"
    assert renda[12].split("\n") == [f"{PANYU_RD}报告.docx", f"{PANYU_RD}报告.pdf", f"{PANYU_RD}表.xlsx"]
    assert by_file["02-arithmetic.yaml"][9] == 2 and by_file["02-arithmetic.yaml"][13] == "有错误，未生成"
    assert by_file["00-gbk.yaml"][1:4] == [None, None, None] and by_file["00-gbk.yaml"][13] == "无法读取，未生成"
    totals = rows[-1]
    assert totals[0].startswith("合计（12 份") and totals[12] == 21
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:N13"
    assert ws["G2"].number_format == "0.00%" and ws["H2"].number_format == "0.00" and ws["E2"].number_format == "0.00"
    assert ws.column_dimensions["B"].width >= 40  # a department's full name in Chinese fits


def test_the_findings_sheet_lists_every_finding_located(bureau):
    ws = _sheet(bureau["out"], "问题清单")
    rows = [[c.value for c in row] for row in ws.iter_rows(values_only=False)]
    assert rows[0] == ["文件", "行", "列", "类别", "规则", "字段", "说明"]
    inbox = bureau["inbox"]
    assert [str(inbox / "01-colon.yaml"), 2, 3, "错误", "Y1", None] == rows[[r[0] for r in rows].index(
        str(inbox / "01-colon.yaml"))][:6]
    twice = [r for r in rows if r[4] == "B1"]
    assert [(Path(r[0]).name, r[1], r[2], r[5]) for r in twice] == [("03-twice-a.yaml", 3, 7, "部门全称"),
                                                                    ("04-twice-b.yml", 3, 7, "部门全称")]
    gbk = [r for r in rows if Path(str(r[0])).name == "00-gbk.yaml"]
    assert [r[1:] for r in gbk] == [[1, 1, "错误", None, None, "文件不是 UTF-8 编码的文本（请在编辑器中另存为 UTF-8）"]]
    arithmetic = [r[4] for r in rows if Path(str(r[0])).name == "02-arithmetic.yaml"]
    assert sorted(arithmetic) == ["S3", "S4"]


def test_boilerplate_pairs_are_in_the_workbook_and_on_the_terminal(bureau):
    ws = _sheet(bureau["out"], "雷同文字")
    rows = [[c.value for c in row] for row in ws.iter_rows()][1:]
    panyu = [r for r in rows if Path(r[0]).name == "panyu-renda-2023.yaml" and Path(r[1]).name == "panyu-zhengxie-2023.yaml"]
    assert [(r[3], r[4]) for r in panyu[:6]] == [(63, 59), (131, 136), (133, 138), (135, 140), (137, 142), (141, 146)]
    assert panyu[0][5] == pytest.approx(0.099) and panyu[0][6] == pytest.approx(0.0943)
    assert panyu[-1][2] == "总分相同且评价结论有相同的句子"
    copied = [r for r in rows if {Path(r[0]).name, Path(r[1]).name} == {"05-copy.yaml", "panyu-zhengxie-2023.yaml"}]
    assert copied and copied[0][5] > 0.7 and copied[0][6] > 0.7  # all but the sentences naming the department
    inbox = bureau["inbox"]
    lines = bureau["stdout"].splitlines()
    head = lines.index(f"警告：{inbox / 'panyu-renda-2023.yaml'} 与 {inbox / 'panyu-zhengxie-2023.yaml'} 有 6 处文字相同，"
                       "占前者全文的 9.90%、后者的 9.43%；总分相同且评价结论有相同的句子（是否照抄了另一个部门的报告？）")
    assert lines[head + 1] == "  第 63 行 ↔ 第 59 行：根据全面实施绩效管理以及各级财政预算绩效管理的要求，区人大常……（共 109 字）"


def test_csv_files_carry_the_same_cells_for_excel_and_wps(bureau):
    data = (bureau["out"] / "汇总表-汇总.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    text = data.decode("utf-8-sig")
    assert text.startswith("文件,部门全称,地区,年度,收入合计（万元）")
    assert ",广州市,2023,," in text and ",99.45%,93.40,优,0,0,0," in text


def test_one_package_per_jurisdiction_with_the_reports_the_tables_and_the_summary(bureau):
    with zipfile.ZipFile(bureau["out"] / GUANGZHOU_ZIP) as archive:
        names = archive.namelist()
        stamps = {info.date_time for info in archive.infolist()}
        summary = load_workbook(io.BytesIO(archive.read("汇总表.xlsx")))["汇总"]
    assert names == sorted(names) and "汇总表.xlsx" in names
    for stem in (PANYU_ZX, PANYU_RD, COPY):
        assert {f"{stem}报告.docx", f"{stem}报告.pdf", f"{stem}表.xlsx"} <= set(names)
    assert len(stamps) == 1
    assert {row[2] for row in summary.iter_rows(min_row=2, max_row=summary.max_row - 1, values_only=True)} == {"广州市"}


def test_a_rerun_rebuilds_nothing_and_gives_the_same_bytes(bureau, capsys):
    out_dir = bureau["out"]
    before = {p.name: p.read_bytes() for p in out_dir.iterdir() if p.is_file()}
    code, out, err = run(capsys, "batch", bureau["inbox"], "-o", out_dir, "-j", "2", "--zip", "--csv")
    assert code == 2
    assert out.splitlines()[-1] == ("12 份问卷：7 份通过，3 份有错误，2 份无法读取；生成 0 个文件"
                                    "（7 份问卷未改动，原有文件保留，未重新生成）")
    assert " 生成 " not in err and "已写入" not in out
    assert {p.name: p.read_bytes() for p in out_dir.iterdir() if p.is_file()} == before


# ---- reruns, failures and limits, with renderers that cost nothing (the workers are forked: they use them too)


@pytest.fixture
def fake_render(monkeypatch):
    import authoring.render.docx as rd
    import authoring.render.pdf as rp
    import authoring.render.xlsx as rx

    state = {"v": 1}

    def docx(context, profile):
        if "崩溃" in context["部门全称"]:
            os._exit(3)
        if "很慢" in context["部门全称"]:
            time.sleep(30)
        return f"DOCX {context['标题']} v{state['v']}".encode()

    monkeypatch.setattr(rd, "render_docx", docx)
    monkeypatch.setattr(rp, "render_pdf", lambda context, profile, warn=None: f"PDF {context['标题']}".encode())
    monkeypatch.setattr(rx, "render_xlsx", lambda context, profile=None: f"XLSX {context['标题']}".encode())
    return state


def _department(name: str) -> str:
    return MINIMAL.replace("某某市某某局", name) + INDICATORS


def test_only_a_changed_questionnaire_is_rebuilt_and_force_rebuilds_all(tmp_path, capsys, fake_render):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.yaml").write_text(_department("某某市甲局"), encoding="utf-8")
    (inbox / "b.yaml").write_text(_department("某某市乙局"), encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir, "-j", "2")
    assert code == 0 and out.splitlines()[-1] == "2 份问卷：2 份通过；生成 6 个文件"
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir, "-j", "2")
    assert out.splitlines()[-1] == "2 份问卷：2 份通过；生成 0 个文件（2 份问卷未改动，原有文件保留，未重新生成）"
    (inbox / "b.yaml").write_text(_department("某某市乙局").replace("负责某某工作。", "负责乙项工作。"), encoding="utf-8")
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir, "-j", "2")
    assert [line for line in err.splitlines() if " 生成 " in line] == [f"[1/1] 生成 {inbox / 'b.yaml'} … 已生成 3 个文件"]
    assert out.splitlines()[-1] == "2 份问卷：2 份通过；生成 3 个文件（1 份问卷未改动，原有文件保留，未重新生成）"
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir, "-j", "2", "--force")
    assert out.splitlines()[-1] == "2 份问卷：2 份通过；生成 6 个文件"


def test_a_report_edited_by_hand_is_rebuilt_but_a_file_we_did_not_write_is_never_replaced(tmp_path, capsys, fake_render):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.yaml").write_text(_department("某某市甲局"), encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    foreign = out_dir / "2023年度某某市甲局部门整体支出绩效自评报告.docx"
    foreign.write_bytes(b"the department's own Word file")
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir)
    assert code == 2 and foreign.read_bytes() == b"the department's own Word file"
    assert f"authoring: {foreign} 已存在，不是本工具为这份问卷生成的" in err
    assert out.splitlines()[-1] == "1 份问卷：0 份通过，1 份未能生成；生成 0 个文件"
    ws = _sheet(out_dir, "汇总")
    assert ws["N2"].value == "未生成：输出文件夹中已有不能替换的同名文件（不是本工具生成的、手工改过的或另一份问卷的）"


def test_a_crashed_or_endless_render_is_one_failed_row_and_the_others_are_built(tmp_path, capsys, fake_render):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.yaml").write_text(_department("某某市崩溃局"), encoding="utf-8")
    (inbox / "b.yaml").write_text(_department("某某市很慢局"), encoding="utf-8")
    (inbox / "c.yaml").write_text(_department("某某市正常局"), encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir, "-j", "2", "--timeout", "2")
    assert code == 4
    assert out.splitlines()[-1] == "3 份问卷：1 份通过，2 份未能生成；生成 3 个文件"
    assert f"{inbox / 'a.yaml'}: 未生成任何文件：生成报告时生成进程异常退出（退出码 3）" in err
    assert f"{inbox / 'b.yaml'}: 未生成任何文件：生成报告时超过时间限制（2 秒）" in err
    assert sorted(p.name for p in out_dir.glob("*正常局*")) == [
        "2023年度某某市正常局部门整体支出绩效自评报告.docx", "2023年度某某市正常局部门整体支出绩效自评报告.pdf",
        "2023年度某某市正常局部门整体支出绩效自评表.xlsx"]
    rows = list(_sheet(out_dir, "问题清单").iter_rows(min_row=2, values_only=True))
    assert [(Path(r[0]).name, r[3], r[4]) for r in rows] == [("a.yaml", "错误", "R1"), ("b.yaml", "错误", "R1")]


def test_a_pattern_or_folder_that_names_nothing_is_said_and_the_rest_is_done(tmp_path, capsys, fake_render):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.yaml").write_text(_department("某某市甲局"), encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "batch", f"{tmp_path}/nowhere/*.yaml", empty, f"{inbox}/*.yaml", "-o", tmp_path / "out")
    assert code == 2
    assert err.splitlines()[:2] == [f"authoring: {tmp_path}/nowhere/*.yaml: 没有与这个通配符匹配的文件",
                                    f"authoring: {empty}: 文件夹中没有 .yaml 或 .yml 文件（子文件夹不查找）"]
    assert out.splitlines()[-1] == "1 份问卷：1 份通过；生成 3 个文件"


def test_ctrl_c_stops_the_run_and_says_what_was_finished(tmp_path, capsys, monkeypatch):
    import signal

    import authoring.render.docx as rd

    runner = os.getpid()

    def docx(context, profile):
        if "乙局" in context["部门全称"]:
            time.sleep(1)  # the runner has written 甲局's files by then (its job no longer checks again)
            os.kill(runner, signal.SIGINT)  # as if the bureau pressed Ctrl-C while this one renders
            time.sleep(60)
        return b"DOCX"

    monkeypatch.setattr(rd, "render_docx", docx)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.yaml").write_text(_department("某某市甲局"), encoding="utf-8")
    (inbox / "b.yaml").write_text(_department("某某市乙局"), encoding="utf-8")
    out_dir = tmp_path / "out"
    start = time.monotonic()
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir, "-j", "1", "--format", "docx")
    assert code == 130 and time.monotonic() - start < 30
    assert f"authoring: 已中断。1 份问卷的文件已生成且完整（{inbox / 'a.yaml'}）；其余问卷未生成，汇总表未更新" in err
    assert sorted(p.name for p in out_dir.iterdir()) == [
        STATE_NAME, MANIFEST_NAME, "2023年度某某市甲局部门整体支出绩效自评报告.docx"]


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook_and_the_csv(tmp_path, capsys, fake_render):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.yaml").write_text(_department("'=HYPERLINK(\"http://x\",\"点我\")'"), encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, _ = run(capsys, "batch", inbox, "-o", out_dir, "--csv")
    assert code == 0
    cell = _sheet(out_dir, "汇总")["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","点我")', "s")
    csv_text = (out_dir / "汇总表-汇总.csv").read_text(encoding="utf-8-sig")
    assert ',"\'=HYPERLINK(""http://x"",""点我"")",' in csv_text


def test_a_questionnaire_renamed_in_the_inbox_takes_over_its_reports(tmp_path, capsys, fake_render):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.yaml").write_text(_department("某某市甲局"), encoding="utf-8")
    out_dir = tmp_path / "out"
    assert run(capsys, "batch", inbox, "-o", out_dir)[0] == 0
    (inbox / "a.yaml").rename(inbox / "甲局-修改后.yaml")
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir)
    assert code == 0 and out.splitlines()[-1] == "1 份问卷：1 份通过；生成 3 个文件"
    (inbox / "甲局-修改后.yaml").rename(inbox / "b.yaml")
    (inbox / "c.yaml").write_text(_department("某某市甲局"), encoding="utf-8")  # …and one still there is protected
    docx = out_dir / "2023年度某某市甲局部门整体支出绩效自评报告.docx"
    docx.write_bytes(b"edited by hand")
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir)
    assert code == 1  # b and c: one department twice
    (inbox / "c.yaml").unlink()
    code, out, err = run(capsys, "batch", inbox, "-o", out_dir)
    assert code == 2 and docx.read_bytes() == b"edited by hand"
    assert f"authoring: {docx} 已存在，是由另一份问卷（../in/甲局-修改后.yaml）生成的；请把它改名或移走后再运行" in err


def test_what_is_built_is_what_was_checked_even_if_the_file_changes_in_between(tmp_path, capsys, fake_render,
                                                                                 monkeypatch):
    import authoring.batch.runner as runner

    inbox = tmp_path / "in"
    inbox.mkdir()
    questionnaire = inbox / "a.yaml"
    questionnaire.write_text(_department("某某市甲局"), encoding="utf-8")
    checked = runner._boilerplate

    def edited_after_checking(rows, say):
        questionnaire.write_text(_department("某某市乙局"), encoding="utf-8")
        return checked(rows, say)

    monkeypatch.setattr(runner, "_boilerplate", edited_after_checking)
    out_dir = tmp_path / "out"
    code, out, _ = run(capsys, "batch", inbox, "-o", out_dir, "--format", "docx")
    assert code == 0
    reports = [p for p in out_dir.iterdir() if p.suffix == ".docx"]
    assert [p.name for p in reports] == ["2023年度某某市甲局部门整体支出绩效自评报告.docx"]
    assert reports[0].read_bytes().decode() == "DOCX 2023年度某某市甲局部门整体支出绩效自评报告 v1"


def test_a_batch_and_then_a_build_in_one_process_leave_no_font_copies_in_the_temporary_folder(tmp_path, capsys,
                                                                                               monkeypatch):
    """The batch's workers keep their parsed styles (render/kept_styles.py); the process that ran the batch must not
    start keeping them too, or each later render child (ended by os._exit) would leave 7 MB of fonts behind."""
    import tempfile

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(ROOT / "inputs" / "luquan-zhengxie-2023.yaml", inbox)
    code, out, _ = run(capsys, "batch", inbox, "-o", tmp_path / "out", "-j", "1", "--format", "pdf")
    assert code == 0 and out.splitlines()[-1] == "1 份问卷：1 份通过；生成 1 个文件"
    code, _, _ = run(capsys, "build", inbox / "luquan-zhengxie-2023.yaml", "-o", tmp_path / "built", "--format", "pdf")
    assert code == 0 and len(list((tmp_path / "built").glob("*.pdf"))) == 1
    assert [p.name for p in temporary.iterdir() if p.name.startswith("weasyprint-")] == []
