"""Money as departments state it: 决算总表 income lines, the 上年数 column and year-on-year change,
and the 自评表's 资金执行情况 block (checks/money_lines.py, M2 in checks/money.py, report/money_words.py)."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from authoring.jurisdiction.profile import TEMPLATES_DIR, load_profile
from authoring.jurisdiction.scoring import assess
from authoring.pipeline import check_file
from authoring.questionnaire.loader import load_questionnaire
from authoring.report.wording import render_wording, wording_values

from conftest import at
from conftest import MONEY_HEAD as HEAD

@pytest.fixture
def money(write):
    """YAML body → (file, its money findings as check prints them)."""

    def _money(body: str):
        path = write(HEAD + textwrap.dedent(body))
        return path, [f.format() for f in check_file(path).findings if f.rule.startswith("M")]

    return _money


# ---------------------------------------------------------------- income lines

# 决算总表: 本年收入合计 3116.37 + 年初结转和结余 83.63 = 收入合计 (收入总计) 3200.00;
# the shares are of 本年收入合计, as 部门决算 explanations usually give them.
CARRIED = """\
收入:
  合计: 3200.00
  本年收入合计: 3116.37
  分项:
    - {名称: 财政拨款收入, 金额: 3093.93, 占比: 99.28%}
    - {名称: 其他收入, 金额: 22.44, 占比: 0.72%}
    - {名称: 年初结转和结余, 金额: 83.63}
"""


def test_carried_lines_with_the_right_current_total(money):
    assert money(CARRIED)[1] == []


def test_current_total_is_the_current_lines_only(money):
    path, found = money(CARRIED.replace("本年收入合计: 3116.37", "本年收入合计: 3200.00"))
    assert found == [
        f"{at(path, '3200.00', 2)}: 错误 [M1] 收入.本年收入合计: 本年收入合计应为 财政拨款收入 3093.93 + 其他收入 22.44 "
        "= 3116.37 万元，实际填写 3200.00 万元（相差 83.63，请核对）",
    ]


def test_current_total_off_by_a_cent(money):
    path, found = money(CARRIED.replace("本年收入合计: 3116.37", "本年收入合计: 3116.38"))
    assert found == [
        f"{at(path, '3116.38')}: 警告 [M1] 收入.本年收入合计: 本年收入合计应为 财政拨款收入 3093.93 + 其他收入 22.44 "
        "= 3116.37 万元，实际填写 3116.38 万元（相差 0.01，可能是四舍五入尾差，请核对）",
    ]


def test_carried_lines_count_in_the_total(money):
    path, found = money(CARRIED.replace("合计: 3200.00", "合计: 3116.37", 1))
    assert found == [
        f"{at(path, '3116.37')}: 错误 [M1] 收入.合计: 收入合计应为 财政拨款收入 3093.93 + 其他收入 22.44 "
        "+ 年初结转和结余 83.63 = 3200.00 万元，实际填写 3116.37 万元（相差 83.63，请核对）",
    ]


def test_shares_of_the_whole_total_are_accepted_too(money):
    body = (CARRIED.replace("99.28%", "96.69%").replace("0.72%", "0.70%")
            .replace("金额: 83.63}", "金额: 83.63, 占比: 2.61%}"))
    assert money(body)[1] == []


def test_shares_of_the_computed_current_total_when_it_is_not_stated(money):
    assert money(CARRIED.replace("  本年收入合计: 3116.37\n", ""))[1] == []


def test_a_share_of_neither_total_names_both(money):
    path, found = money(CARRIED.replace("99.28%", "99.00%"))
    assert found == [
        f"{at(path, '99.00%')}: 错误 [M2] 收入.分项[1].占比: 财政拨款收入占比应为 3093.93 ÷ 本年收入合计 3116.37 × 100% "
        "= 99.28%，或 3093.93 ÷ 收入合计 3200.00 × 100% = 96.69%，实际填写 99.00%",
    ]


def test_a_carried_line_is_no_share_of_current_income(money):
    path, found = money(CARRIED.replace("金额: 83.63}", "金额: 83.63, 占比: 2.68%}"))
    assert found == [
        f"{at(path, '2.68%')}: 错误 [M2] 收入.分项[3].占比: 年初结转和结余占比应为 83.63 ÷ 收入合计 3200.00 × 100% "
        "= 2.61%，实际填写 2.68%",
    ]


def test_shares_of_the_current_lines_add_up_to_100(money):
    names = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    rows = "".join(f"    - {{名称: {name}, 金额: 1.00, 占比: 16.67%}}\n" for name in names)
    path, found = money(f"收入:\n  合计: 10.00\n  分项:\n{rows}    - {{名称: 上年结转, 金额: 4.00}}\n")
    assert found == [
        f"{at(path, '    - {名称: 财政拨款收入', offset=4)}: 错误 [M2] 收入.分项: 各项收入占比之和应为 100.00%（允许 ±0.01 尾差），实际为 "
        + " + ".join(f"{name} 16.67%" for name in names) + " = 100.02%",
    ]


def test_prose_current_total_is_compared_with_current_income(money):
    assert money(CARRIED + "收支补充说明: 本年收入合计3116.37万元，收入总计3200.00万元。\n")[1] == []
    path, found = money(CARRIED + "收支补充说明: 本年收入合计3200.00万元。\n")
    assert found == [
        f"{at(path, '3200.00万元')}: 警告 [M10] 收支补充说明: 正文写的本年收入合计 3200.00 万元与本年收入合计 3116.37 万元"
        "不一致，请核对",
    ]


# ---------------------------------------------------------------- 上年数 column

PREVIOUS = """\
收入:
  合计: 3116.37
  上年数: 2990.00
  分项:
    - {名称: 财政拨款收入, 金额: 3093.93, 上年数: 2970.00}
    - {名称: 其他收入, 金额: 22.44, 上年数: 20.00}
支出:
  基本支出:
    决算数: 2711.32
    上年数: 2600.00
    人员经费: {决算数: 2400.00, 上年数: 2300.00}
    日常公用经费: {决算数: 311.32, 上年数: 300.00}
  项目支出: {决算数: 387.98, 上年数: 400.50}
  合计: {决算数: 3099.30, 上年数: 3000.50}
"""


def test_previous_year_columns_add_up(money):
    assert money(PREVIOUS)[1] == []


@pytest.mark.parametrize("stated, severity, diff, hint", [
    ("3000.51", "警告", "0.01", "，可能是四舍五入尾差"),
    ("3000.60", "错误", "0.10", ""),
])
def test_previous_expenditure_total(money, stated, severity, diff, hint):
    path, found = money(PREVIOUS.replace("上年数: 3000.50", f"上年数: {stated}"))
    assert found == [
        f"{at(path, stated)}: {severity} [M5] 支出.合计.上年数: 支出合计（上年数）应为 基本支出 2600.00 + 项目支出 400.50 "
        f"= 3000.50 万元，实际填写 {stated} 万元（相差 {diff}{hint}，请核对）",
    ]


def test_previous_basic_breakdown(money):
    path, found = money(PREVIOUS.replace("上年数: 300.00", "上年数: 310.00"))
    assert found == [
        f"{at(path, '2600.00')}: 错误 [M4] 支出.基本支出.上年数: 基本支出（上年数）应为 人员经费 2300.00 + 日常公用经费 310.00 "
        "= 2610.00 万元，实际填写 2600.00 万元（相差 10.00，请核对）",
    ]


def test_previous_parts_stand_in_for_a_missing_basic_subtotal(money):
    path, found = money(PREVIOUS.replace("    上年数: 2600.00\n", "").replace("上年数: 3000.50", "上年数: 3000.00"))
    assert found == [
        f"{at(path, '3000.00')}: 错误 [M5] 支出.合计.上年数: 支出合计（上年数）应为 人员经费 2300.00 + 日常公用经费 300.00 "
        "+ 项目支出 400.50 = 3000.50 万元，实际填写 3000.00 万元（相差 0.50，请核对）",
    ]


def test_a_category_without_previous_year(money):
    path, found = money(PREVIOUS.replace("{决算数: 387.98, 上年数: 400.50}", "{决算数: 387.98}"))
    assert found == [
        f"{at(path, '{决算数: 387.98}')}: 警告 [M5] 支出.项目支出: 项目支出没有填写上年数（基本支出填写了），"
        "支出合计的上年数无法复核，请补充（没有发生额的填 0）",
    ]


def test_previous_total_alone_is_not_asked_to_be_broken_down(money):
    body = "支出:\n  基本支出: {决算数: 2711.32}\n  项目支出: {决算数: 387.98}\n  合计: {决算数: 3099.30, 上年数: 3000.50}\n"
    assert money(body)[1] == []


def test_previous_income_total(money):
    path, found = money(PREVIOUS.replace("上年数: 2990.00", "上年数: 2990.01"))
    assert found == [
        f"{at(path, '2990.01')}: 警告 [M1] 收入.上年数: 收入合计（上年数）应为 财政拨款收入 2970.00 + 其他收入 20.00 "
        "= 2990.00 万元，实际填写 2990.01 万元（相差 0.01，可能是四舍五入尾差，请核对）",
    ]
    path, found = money(PREVIOUS.replace("  上年数: 2990.00\n", ""))
    assert found == [
        f"{at(path, '  合计: 3116.37', offset=2)}: 警告 [M1] 收入: 财政拨款收入、其他收入填写了上年数，但收入合计没有填写上年数，请补充",
    ]


# ---------------------------------------------------------------- wording

def _words(path, templates=TEMPLATES_DIR, profile_id="national"):
    q = load_questionnaire(path).questionnaire
    profile = load_profile(profile_id, templates).profile
    return profile, wording_values(q, profile, assess(q, profile))


def test_year_on_year_change_in_wording_values(write):
    _, words = _words(write(HEAD + PREVIOUS))
    assert {k: words["收入"][k] for k in ("合计", "本年收入合计", "上年数", "增减额", "增减率", "增减", "变动额", "变动率")} == {
        "合计": "3116.37", "本年收入合计": "3116.37", "上年数": "2990.00", "增减额": "126.37", "增减率": "4.23%",
        "增减": "增加", "变动额": "126.37", "变动率": "4.23%",
    }
    assert [(x["名称"], x["本年"], x["增减额"], x["增减率"]) for x in words["收入"]["分项"]] == [
        ("财政拨款收入", True, "123.93", "4.17%"), ("其他收入", True, "2.44", "12.20%"),
    ]
    spend = words["支出"]
    assert (spend["上年数"], spend["增减额"], spend["增减率"], spend["增减"]) == ("3000.50", "98.80", "3.29%", "增加")
    project = spend["类别"]["项目支出"]
    assert (project["决算数"], project["上年数"], project["增减额"], project["增减率"], project["增减"],
            project["变动额"], project["变动率"]) == ("387.98", "400.50", "-12.52", "-3.13%", "减少", "12.52", "3.13%")
    assert str(spend["类别"]["经营支出"]["增减额"]) == "" and not spend["类别"]["经营支出"]["增减额"]


def test_change_sentence_rendered_from_a_profile(write, tmp_path):
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR / "national", root / "national")
    (root / "x").mkdir()
    (root / "x" / "profile.yaml").write_text(textwrap.dedent("""\
        名称: 测试地区
        继承: national
        措辞:
          收入概述: "{{ 年度 }}年收入合计{{ 收入.合计 }}万元，其中本年收入合计{{ 收入.本年收入合计 }}万元{% for x in 收入.分项 if not x.本年 %}，{{ x.名称 }}{{ x.金额 }}万元{% endfor %}。"
          支出概述: "{{ 年度 }}年支出合计{{ 支出.决算合计 }}万元，比上年{{ 支出.增减 }}{{ 支出.变动额 }}万元，{{ '增长' if 支出.增减 == '增加' else '下降' }}{{ 支出.变动率 }}；项目支出比上年{{ 支出.类别.项目支出.增减 }}{{ 支出.类别.项目支出.变动额 }}万元。"
        """), encoding="utf-8")
    carried = "    - {名称: 年初结转和结余, 金额: 83.63}\n"
    body = PREVIOUS.replace("  合计: 3116.37\n", "  合计: 3200.00\n").replace("支出:\n", carried + "支出:\n", 1)
    path = write(HEAD + body)
    profile, words = _words(path, root, "x")
    assert render_wording(profile.wording["收入概述"], words) == (
        "2023年收入合计3200.00万元，其中本年收入合计3116.37万元，年初结转和结余83.63万元。")
    assert render_wording(profile.wording["支出概述"], words) == (
        "2023年支出合计3099.30万元，比上年增加98.80万元，增长3.29%；项目支出比上年减少12.52万元。")


# ---------------------------------------------------------------- 资金执行情况

FUNDING = """\
资金执行情况:
  分项:
    - {名称: 年度资金总额, 年初预算数: 4482.25, 全年预算数: 4813.40, 全年执行数: 4754.99, 执行率: 98.79%}
    - {名称: 其中：当年财政拨款, 年初预算数: 4482.25, 全年预算数: 4713.40, 全年执行数: 4660.00}
    - {名称: 上年结转资金, 年初预算数: 0, 全年预算数: 100.00, 全年执行数: 94.99}
    - {名称: 其他资金}
支出:
  合计: {年初预算数: 4482.25, 调整预算数: 4813.40, 决算数: 4754.99}
"""


def test_funding_block_holds(money):
    assert money(FUNDING)[1] == []


def test_funding_first_row_is_the_total(money):
    rows = FUNDING.splitlines(keepends=True)
    rows[2], rows[3] = rows[3], rows[2]
    path, found = money("".join(rows))
    assert found == [
        f"{at(path, '其中：当年财政拨款')}: 错误 [M12] 资金执行情况.分项[1].名称: 第一行应为年度资金总额（各项资金的合计），"
        "实际为“其中：当年财政拨款”（现在写在第 2 行）；请把年度资金总额写在第一行，其后写其中各项（当年财政拨款、上年结转资金、其他资金）",
    ]


@pytest.mark.parametrize("old, new, severity, column, terms, expected, stated, diff, hint", [
    ("全年执行数: 94.99", "全年执行数: 95.99", "错误", "全年执行数", "当年财政拨款 4660.00 + 上年结转资金 95.99",
     "4755.99", "4754.99", "1.00", ""),
    # two non-zero rounded amounts: a 0.01 tail is possible
    ("全年执行数: 94.99", "全年执行数: 94.98", "警告", "全年执行数", "当年财政拨款 4660.00 + 上年结转资金 94.98",
     "4754.98", "4754.99", "0.01", "，可能是四舍五入尾差"),
    # one non-zero amount: its total is the same figure, exactly
    ("年初预算数: 4482.25, 全年预算数: 4713.40", "年初预算数: 4482.24, 全年预算数: 4713.40", "错误", "年初预算数",
     "当年财政拨款 4482.24 + 上年结转资金 0.00", "4482.24", "4482.25", "0.01", "；只有一项不为 0，不会有四舍五入尾差"),
])
def test_funding_rows_add_up_in_every_column(money, old, new, severity, column, terms, expected, stated, diff, hint):
    path, found = money(FUNDING.replace(old, new))
    assert found == [
        f"{at(path, stated)}: {severity} [M12] 资金执行情况.分项[1].{column}: 年度资金总额（{column}）应为 {terms} "
        f"= {expected} 万元，实际填写 {stated} 万元（相差 {diff}{hint}，请核对）",
    ]


def test_funding_row_without_a_column_the_others_have(money):
    path, found = money(FUNDING.replace("{名称: 上年结转资金, 年初预算数: 0, 全年预算数: 100.00, 全年执行数: 94.99}",
                                        "{名称: 上年结转资金, 全年预算数: 100.00, 全年执行数: 94.99}"))
    assert found == [
        f"{at(path, '{名称: 上年结转资金')}: 警告 [M12] 资金执行情况.分项[3]: 上年结转资金没有填写年初预算数"
        "（当年财政拨款填写了），年度资金总额的年初预算数无法复核，请补充（没有发生额的填 0）",
    ]


@pytest.mark.parametrize("stated, note", [("98.80%", ""), ("98%", "（执行率应保留两位小数并四舍五入，不能截断或取整）")])
def test_funding_stated_rate(money, stated, note):
    path, found = money(FUNDING.replace("98.79%", stated))
    assert found == [
        f"{at(path, stated)}: 错误 [M6] 资金执行情况.分项[1].执行率: 年度资金总额执行率应为 全年执行数 4754.99 ÷ 全年预算数 "
        f"4813.40 × 100% = 98.79%，实际填写 {stated[:-1]}%{note}",
    ]


def test_funding_rate_of_a_row_without_budget(money):
    path, found = money(FUNDING.replace("{名称: 其他资金}", "{名称: 其他资金, 执行率: 100%}"))
    assert found == [
        f"{at(path, '100%')}: 警告 [M6] 资金执行情况.分项[4].执行率: 其他资金填写了执行率 100%，但没有全年预算数、全年执行数，"
        "无法复核；请补充",
    ]


@pytest.mark.parametrize("stated", ["4800.00", "4813.41", "4813.39"])
def test_funding_against_expenditure(money, stated):
    """One figure stated twice: no rounding tail, any difference is an error."""
    path, found = money(FUNDING.replace("调整预算数: 4813.40", f"调整预算数: {stated}"))
    assert found == [
        f"{at(path, '4813.40')}: 错误 [M13] 资金执行情况.分项[1].全年预算数: 年度资金总额的全年预算数 4813.40 万元"
        f"与支出合计的调整预算数 {stated} 万元不一致：两处是同一笔资金，应完全相同，请核对",
    ]


def test_funding_total_one_cent_off_within_its_rows_tail_is_still_an_error(money):
    """年度资金总额 4754.98: a tail of its rows (4660.00 + 94.99), but not the 4754.99 of 支出合计."""
    body = FUNDING.replace("全年执行数: 4754.99, 执行率: 98.79%", "全年执行数: 4754.98, 执行率: 98.79%")
    path, found = money(body)
    assert [f.split(": ", 2)[1] for f in found] == ["警告 [M12] 资金执行情况.分项[1].全年执行数",
                                                   "错误 [M13] 资金执行情况.分项[1].全年执行数"]


def test_a_wrong_funding_total_is_reported_once(money):
    """年度资金总额 4745.99 against its rows' 4754.99, which 支出合计 states: M12's error, no M13."""
    body = FUNDING.replace("全年执行数: 4754.99, 执行率: 98.79%", "全年执行数: 4745.99")
    path, found = money(body)
    assert [f.split(": ", 2)[1] for f in found] == ["错误 [M12] 资金执行情况.分项[1].全年执行数"]


def test_funding_against_a_wrong_expenditure_total(money):
    """支出合计 proved wrong by its parts, the block agreeing with them: one error, on 支出合计."""
    body = FUNDING.replace("  合计: {年初预算数: 4482.25, 调整预算数: 4813.40, 决算数: 4754.99}",
                           "  基本支出: {决算数: 3854.81}\n  项目支出: {决算数: 900.18}\n"
                           "  合计: {年初预算数: 4482.25, 调整预算数: 4813.40, 决算数: 4745.99}")
    path, found = money(body)
    assert [f.split(": ", 2)[1] for f in found if "错误" in f or "M13" in f] == ["错误 [M3] 支出.合计.决算数"]


def test_funding_in_wording_values(write):
    _, words = _words(write(HEAD + FUNDING.replace("4660.00}", "4660.00, 执行率: 98.87%}")))
    fund = words["资金"]
    assert (fund["年初预算数"], fund["全年预算数"], fund["全年执行数"], fund["执行率"]) == (
        "4482.25", "4813.40", "4754.99", "98.79%")
    assert [(row["名称"], str(row["全年执行数"]), str(row["执行率"])) for row in fund["分项"]] == [
        ("年度资金总额", "4754.99", "98.79%"), ("当年财政拨款", "4660.00", "98.87%"),
        ("上年结转资金", "94.99", "94.99%"), ("其他资金", "", ""),
    ]
    assert not _words(write(HEAD))[1]["资金"]  # MISSING: a sentence printing it is dropped
