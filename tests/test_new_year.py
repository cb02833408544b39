"""`authoring init --from 上年问卷.yaml`: a new year from last year's questionnaire, its text rewritten in
place (comments and order kept), 年度 advanced, figures and scores cleared and marked, texts to rewrite marked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from authoring.cli import main
from conftest import ROOT

INPUTS = sorted((ROOT / "inputs").glob("*.yaml"))
FOSHAN = ROOT / "inputs" / "foshan-zhengxie-2021.yaml"

LAST_YEAR = """\
# 本局 2023 年度的问卷（这行注释要保留）
地区: national
年度: 2023
部门全称: 某某市某某局
报告日期: 2024年3月15日
# 收支照决算表
收入:
  合计: 1200.50  # 决算表第 1 行
  分项:
    - {名称: 财政拨款收入, 金额: "1,200.50"}
支出:
  基本支出: {上年数: 900.00, 年初预算数: 1000.00, 决算数: 1100.00}
  合计:
    上年数: 900.00
    调整预算数: 1200.50
    决算数: 1100.00
  预算执行率: 91.63%
部门整体绩效管理情况: 继续打赢脱贫攻坚战，2023年支出1100.00万元。
存在问题: |
  个别项目进度偏慢。
绩效指标:
  - 名称: 决策
    分值: 20
    得分: 19
    扣分原因: 绩效目标不够细化
总分: 97
等级: 优
"""


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_new_year_from_last_years_questionnaire(tmp_path, capsys):
    last = tmp_path / "2023年问卷.yaml"
    last.write_text(LAST_YEAR, encoding="utf-8")
    new = tmp_path / "2024年问卷.yaml"
    code, out, err = run(capsys, "init", "--from", last, new)
    assert (code, out, err) == (0, f"已写入 {new}\n", "")
    lines = new.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == [
        "# yaml-language-server: $schema=" + Path(__import__("os").path.relpath(
            ROOT / "schema" / "questionnaire.schema.json", tmp_path)).as_posix(),
        "# 由 2023年问卷.yaml（2023 年度）生成的 2024 年度问卷（authoring init --from）：金额、得分已清空，标有【请填写】；"
        "标有【需重写】的文字请按今年的情况改写，改完后删去这些注释。",
        "# 本局 2023 年度的问卷（这行注释要保留）",
    ]
    assert lines[3:] == [
        "地区: national",
        "年度: 2024  # 上年问卷为 2023 年度",
        "部门全称: 某某市某某局",
        "报告日期:  # 【请填写】2024 年或之后的报告日期（上年：2024年3月15日）",
        "# 收支照决算表",
        "收入:",
        "  合计:   # 决算表第 1 行  # 【请填写】2024 年度的合计（上年：1200.50）",
        "  分项:",
        "    - {名称: 财政拨款收入, 金额: }  # 【请填写】2024 年度的金额（上年：1,200.50）",
        "支出:",
        "  基本支出: {上年数: 1100.00, 年初预算数: , 决算数: }  # 【请填写】2024 年度的年初预算数、决算数（上年：1000.00、1100.00）"
        "；上年数已填 2023 年度的决算数，请与今年决算表核对",
        "  合计:",
        "    上年数: 1100.00  # 上年数已填 2023 年度的决算数，请与今年决算表核对",
        "    调整预算数:  # 【请填写】2024 年度的调整预算数（上年：1200.50）",
        "    决算数:  # 【请填写】2024 年度的决算数（上年：1100.00）",
        "  预算执行率:  # 【请填写】2024 年度的预算执行率（上年：91.63%）",
        "# 【需重写】提到 2023 年：新报告写的是 2024 年度，请核对年份；含上年的金额或比率：请按 2024 年度的数字改写；"
        "过时提法“打赢脱贫攻坚战”（2024年度）：脱贫攻坚已于2020年完成，现为巩固拓展脱贫攻坚成果",
        "部门整体绩效管理情况: 继续打赢脱贫攻坚战，2023年支出1100.00万元。",
        "存在问题: |",
        "  个别项目进度偏慢。",
        "绩效指标:",
        "  - 名称: 决策",
        "    分值: 20",
        "    得分:  # 【请填写】2024 年度的得分（上年：19）",
        "    扣分原因: 绩效目标不够细化",
        "总分:  # 【请填写】2024 年度的总分（上年：97）",
        "等级:  # 【请填写】2024 年度的等级（上年：优）",
    ]


@pytest.mark.parametrize("example", INPUTS, ids=lambda p: p.stem)
def test_every_example_starts_a_new_year_that_loads_and_keeps_its_text(example, tmp_path, capsys):
    new = tmp_path / "new.yaml"
    assert run(capsys, "init", "--from", example, new)[0] == 0
    text = new.read_text(encoding="utf-8")
    before, after = yaml.safe_load(example.read_text(encoding="utf-8")), yaml.safe_load(text)
    assert int(after["年度"]) == int(before["年度"]) + 1
    assert list(after) == list(before)  # order kept
    for key in ("部门全称", "部门职能", "存在问题", "改进措施"):
        assert after.get(key) == before.get(key)  # texts kept word for word
    old_comments = [line.strip() for line in example.read_text(encoding="utf-8").splitlines()[1:]
                    if line.strip().startswith("#")]
    new_lines = [line.strip() for line in text.splitlines()]
    assert all(c in new_lines for c in old_comments)  # every comment of the clerk's kept
    assert after.get("总分") is None and "【请填写】" in text
    # check reads it and asks for the figures, located; never a traceback or a YAML error
    code, out, _ = run(capsys, "check", new)
    assert code == 1 and "[Y" not in out and "内部错误" not in out


def test_the_stale_phrase_rule_for_the_new_year(tmp_path, capsys):
    """疫情防控常态化 is stale from 2023 on: in a 2022 questionnaire it is fine, in 2023's it is marked."""
    last = tmp_path / "2022.yaml"
    last.write_text(LAST_YEAR.replace("2023", "2022").replace("继续打赢脱贫攻坚战", "坚持疫情防控常态化"), encoding="utf-8")
    code, out, _ = run(capsys, "init", "--from", last)
    assert code == 0
    assert "过时提法“疫情防控常态化”（2023年度）：2023年起疫情防控已转入新阶段" in out


def test_never_overwrites_and_says_what_is_wrong(tmp_path, capsys):
    target = tmp_path / "new.yaml"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run(capsys, "init", "--from", FOSHAN, target)
    assert code == 2 and "已存在" in err and target.read_text(encoding="utf-8") == "keep"
    code, _, err = run(capsys, "init", "--from", FOSHAN, "--profile", "foshan")
    assert code == 2 and err == "authoring: 用 --from 时地区取自上年的问卷，不要同时写 --profile\n"
    no_year = tmp_path / "no-year.yaml"
    no_year.write_text("地区: national\n年度: 去年\n", encoding="utf-8")
    code, _, err = run(capsys, "init", "--from", no_year)
    assert code == 2 and "上年问卷的“年度”应为年份（如 2024），实际为“去年”" in err
    code, _, err = run(capsys, "init", "--from", tmp_path / "nowhere.yaml")
    assert code == 2 and "nowhere.yaml" in err and "内部错误" not in err
    code, _, err = run(capsys, "init")
    assert code == 2 and "请用 --profile 指定地区" in err


def test_a_value_over_several_lines_is_kept_and_marked_so_later_notes_stay_in_place(tmp_path, capsys):
    last = tmp_path / "last.yaml"
    last.write_text(LAST_YEAR.replace("    扣分原因: 绩效目标不够细化\n",
                                      "    评价档次: 较好\n      完成\n    扣分原因: 绩效目标不够细化\n"), encoding="utf-8")
    code, out, _ = run(capsys, "init", "--from", last)
    assert code == 0
    lines = out.splitlines()
    i = lines.index("    评价档次: 较好")
    assert lines[i - 1] == "    # 【需重写】评价档次是上年的，请按 2024 年度重写" and lines[i + 1] == "      完成"
    assert lines[-2:] == ["总分:  # 【请填写】2024 年度的总分（上年：97）", "等级:  # 【请填写】2024 年度的等级（上年：优）"]
