"""M1–M11 (DOMAIN.md §3.1): each rule passes on consistent figures and fails, located, on the seeds' errors."""

from __future__ import annotations

import textwrap
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from authoring.checks.money import check_money
from authoring.findings import sort_key
from authoring.questionnaire.loader import load_questionnaire
from authoring.jurisdiction.profile import load_profile
from conftest import MONEY_HEAD as HEAD


# Seed 001 (Foshan 2021): every identity holds, 4754.99 / 4813.40 = 98.79%.
FOSHAN = """\
收支补充说明: 2021年部门整体支出4754.99万元，其中：基本支出3854.81万元，项目支出900.18万元。
支出:
  基本支出:
    年初预算数: 3598.13
    调整预算数: 3875.76
    决算数: 3854.81
    人员经费: {年初预算数: 3311.82, 调整预算数: 3571.80, 决算数: 3551.51}
    日常公用经费: {年初预算数: 286.31, 调整预算数: 303.96, 决算数: 303.30}
  项目支出: {年初预算数: 884.12, 调整预算数: 937.64, 决算数: 900.18}
  合计: {年初预算数: 4482.25, 调整预算数: 4813.40, 决算数: 4754.99}
  预算执行率: 98.79%
"""

# Seed 002 (Panyu 人大 2023): income holds, 支出合计 3099.31 ≠ 2711.32 + 387.98.
PANYU_002 = """\
收入:
  合计: 3116.37
  分项:
    - {名称: 财政拨款收入, 金额: 3093.93, 占比: 99.28%}
    - {名称: 其他收入, 金额: 22.44, 占比: 0.72%}
支出:
  基本支出: {决算数: 2711.32}
  项目支出: {决算数: 387.98}
  合计: {决算数: 3099.31}
"""

# Seed 000 (Panyu 政协 2023): “预算执行率为 93%” is 2824 / 3013.08 = 93.72% over 收入, no 调整预算数.
PANYU_000 = """\
收入:
  合计: 3013.08
  分项:
    - {名称: 财政拨款收入, 金额: "3,013.08"}
支出:
  基本支出: {决算数: "2,487.46"}
  项目支出: {决算数: 336.54}
  合计: {决算数: "2,824"}
  预算执行率: 93%
"""

# Seed 003 (Guangzhou 市直机关工委 2023): budget = actual in every line.
GUANGZHOU_003 = """\
支出:
  基本支出: {调整预算数: 3432.30, 决算数: 3432.30}
  项目支出: {调整预算数: 538.34, 决算数: 538.34}
  合计: {调整预算数: 3970.64, 决算数: 3970.64}
"""

RATE_INDICATOR = """\
绩效指标:
  - 名称: 过程
    分值: 30
    下级:
      - {名称: 预算执行, 分值: 30, 得分: 30}
"""


@pytest.fixture(scope="module")
def profile():
    return load_profile("national").profile


@pytest.fixture
def check(tmp_path, monkeypatch, profile):
    """YAML body → formatted money findings (file shown as q.yaml), sorted by position."""
    monkeypatch.chdir(tmp_path)

    def _check(body: str) -> list[str]:
        (tmp_path / "q.yaml").write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
        loaded = load_questionnaire("q.yaml")
        return [f.format() for f in sorted(check_money(loaded, profile), key=sort_key)]

    return _check


def rules(lines: list[str]) -> list[str]:
    return [line.split("[", 1)[1].split("]", 1)[0] for line in lines]


def expenditure(total: str, basic: str = "2711.32", project: str = "387.98", extra: str = "") -> str:
    return f"支出:\n  基本支出: {{决算数: {basic}}}\n  项目支出: {{决算数: {project}}}\n{extra}  合计: {{决算数: {total}}}\n"


def income(total: str, *items: str) -> str:
    rows = "".join(f"    - {item}\n" for item in items)
    return f"收入:\n  合计: {total}\n  分项:\n{rows}"


# ---------------------------------------------------------------- seeds

def test_foshan_seed_has_no_money_findings(check):
    assert check(FOSHAN) == []


def test_panyu_002_total_is_off_by_a_rounding_cent(check):
    assert check(PANYU_002) == [
        "q.yaml:16:13: 警告 [M3] 支出.合计.决算数: 支出合计（决算数）应为 基本支出 2711.32 + 项目支出 387.98 "
        "= 3099.30 万元，实际填写 3099.31 万元（相差 0.01，可能是四舍五入尾差，请核对）",
    ]


def test_panyu_000_truncated_rate_over_income(check):
    assert check(PANYU_000) == [
        "q.yaml:16:10: 错误 [M6] 支出.预算执行率: 预算执行率应为 支出合计决算数 2824.00 ÷ 收入合计 3013.08 × 100% "
        "= 93.72%，实际填写 93%（执行率应保留两位小数并四舍五入，不能截断或取整）",
        "q.yaml:16:10: 警告 [M7] 支出.预算执行率: 没有填写支出合计的调整预算数，预算执行率只能按 支出合计决算数 2824.00 "
        "÷ 收入合计 3013.08 × 100% = 93.72% 计算，这是支出占收入的比例，不是严格意义上的预算执行率；"
        "请补充调整预算数（全年预算数）",
    ]


def test_guangzhou_003_budget_equals_actual_everywhere(check):
    assert check(GUANGZHOU_003) == [
        "q.yaml:11:7: 警告 [M11] 支出.合计: 预算数与决算数每一行都相同，请核对调整预算数（3 行的预算数都等于决算数，"
        "执行率均为 100%；如确是年中按实际支出调整了预算，请在“预算调整说明”中说明）",
    ]


# ---------------------------------------------------------------- M1

def test_m1_income_total_holds(check):
    assert check(income("3116.37", "{名称: 财政拨款收入, 金额: 3093.93}", "{名称: 其他收入, 金额: 22.44}")) == []


@pytest.mark.parametrize("total, severity, diff, hint", [
    ("3116.38", "警告", "0.01", "，可能是四舍五入尾差"),
    ("3116.39", "错误", "0.02", ""),
])
def test_m1_tolerance_boundary(check, total, severity, diff, hint):
    assert check(income(total, "{名称: 财政拨款收入, 金额: 3093.93}", "{名称: 其他收入, 金额: 22.44}")) == [
        f"q.yaml:9:7: {severity} [M1] 收入.合计: 收入合计应为 财政拨款收入 3093.93 + 其他收入 22.44 = 3116.37 万元，"
        f"实际填写 {total} 万元（相差 {diff}{hint}，请核对）",
    ]


def test_m1_fiscal_sub_kinds_are_within_fiscal_income(check):
    body = income("100.00", "{名称: 财政拨款收入, 金额: 90.00}", "{名称: 一般公共预算财政拨款收入, 金额: 80.00}",
                  "{名称: 政府性基金预算财政拨款收入, 金额: 10.00}", "{名称: 其他收入, 金额: 10.00}")
    assert check(body) == []
    assert check(body.replace("金额: 10.00}\n    - {名称: 其他", "金额: 12.00}\n    - {名称: 其他")) == [
        "q.yaml:11:24: 错误 [M1] 收入.分项[1].金额: 财政拨款收入应为 一般公共预算财政拨款收入 80.00 "
        "+ 政府性基金预算财政拨款收入 12.00 = 92.00 万元，实际填写 90.00 万元（相差 2.00，请核对）",
    ]


# ---------------------------------------------------------------- M2

def test_m2_shares_hold(check):
    assert check(PANYU_002.replace("3099.31", "3099.30")) == []


def test_m2_wrong_share(check):
    body = PANYU_002.replace("99.28%", "99.27%").replace("3099.31", "3099.30")
    assert check(body) == [
        "q.yaml:11:37: 错误 [M2] 收入.分项[1].占比: 财政拨款收入占比应为 3093.93 ÷ 收入合计 3116.37 × 100% "
        "= 99.28%，实际填写 99.27%",
    ]


def test_m2_share_sum_within_a_cent_passes(check):
    items = [f"{{名称: {name}, 金额: 1.00, 占比: 33.33%}}" for name in ("财政拨款收入", "事业收入", "其他收入")]
    assert check(income("3.00", *items)) == []


def test_m2_share_sum_off_by_two_cents_fails(check):
    names = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    items = [f"{{名称: {name}, 金额: 1.00, 占比: 16.67%}}" for name in names]
    found = check(income("6.00", *items))
    assert found == [
        "q.yaml:11:5: 错误 [M2] 收入.分项: 各项收入占比之和应为 100.00%（允许 ±0.01 尾差），实际为 "
        + " + ".join(f"{name} 16.67%" for name in names) + " = 100.02%",
    ]


# ---------------------------------------------------------------- M3

def test_m3_categories_add_up(check):
    assert check(expenditure("3099.30")) == []


def test_m3_two_cents_is_an_error(check):
    assert check(expenditure("3099.32")) == [
        "q.yaml:11:13: 错误 [M3] 支出.合计.决算数: 支出合计（决算数）应为 基本支出 2711.32 + 项目支出 387.98 "
        "= 3099.30 万元，实际填写 3099.32 万元（相差 0.02，请核对）",
    ]


def test_m3_counts_every_category(check):
    extra = "  上缴上级支出: {决算数: 1.00}\n  经营支出: {决算数: 2.00}\n  对附属单位补助支出: {决算数: 3.00}\n"
    assert check(expenditure("3105.30", extra=extra)) == []
    assert rules(check(expenditure("3099.30", extra=extra))) == ["M3"]


def test_m3_category_without_the_column_is_a_warning(check):
    body = "支出:\n  基本支出: {决算数: 2711.32}\n  项目支出: {调整预算数: 400.00}\n  合计: {决算数: 3099.30}\n"
    assert check(body) == [
        "q.yaml:10:9: 警告 [M3] 支出.项目支出: 项目支出没有填写决算数（基本支出填写了），支出合计的决算数无法复核，"
        "请补充（没有发生额的填 0）",
        "q.yaml:11:7: 警告 [M5] 支出.合计: 项目支出填写了调整预算数，但支出合计没有填写调整预算数，请补充",
    ]


# ---------------------------------------------------------------- M4

def test_m4_basic_breakdown_holds_in_every_column(check):
    assert check(FOSHAN) == []


def test_m4_basic_breakdown_off(check):
    body = FOSHAN.replace("决算数: 303.30}", "决算数: 303.31}").replace("调整预算数: 303.96", "调整预算数: 313.96")
    assert check(body) == [
        "q.yaml:12:12: 错误 [M4] 支出.基本支出.调整预算数: 基本支出（调整预算数）应为 人员经费 3571.80 "
        "+ 日常公用经费 313.96 = 3885.76 万元，实际填写 3875.76 万元（相差 10.00，请核对）",
        "q.yaml:13:10: 警告 [M4] 支出.基本支出.决算数: 基本支出（决算数）应为 人员经费 3551.51 + 日常公用经费 303.31 "
        "= 3854.82 万元，实际填写 3854.81 万元（相差 0.01，可能是四舍五入尾差，请核对）",
    ]


def test_m4_construction_within_project(check):
    ok = "支出:\n  项目支出:\n    决算数: 100.00\n    其中基本建设类项目: {决算数: 60.00}\n  合计: {决算数: 100.00}\n"
    assert check(ok) == []
    assert check(ok.replace("60.00", "120.00")) == [
        "q.yaml:10:10: 错误 [M4] 支出.项目支出.决算数: 项目支出（决算数）100.00 万元小于其中基本建设类项目 "
        "120.00 万元：“其中”数不能大于项目支出，请核对",
    ]


# ---------------------------------------------------------------- M5

def test_m5_budget_columns_add_up(check):
    assert "M5" not in rules(check(FOSHAN))


def test_m5_adjusted_total_off(check):
    body = FOSHAN.replace("调整预算数: 4813.40", "调整预算数: 4831.40").replace("预算执行率: 98.79%", "预算执行率: 98.42%")
    assert check(body) == [
        "q.yaml:17:31: 错误 [M5] 支出.合计.调整预算数: 支出合计（调整预算数）应为 基本支出 3875.76 + 项目支出 937.64 "
        "= 4813.40 万元，实际填写 4831.40 万元（相差 18.00，请核对）；若改正支出合计（调整预算数），按它算出的预算执行率 "
        "98.42% 也应改为 98.79%",
    ]


def test_m5_total_column_without_components_is_a_warning(check):
    body = expenditure("3099.30").replace("合计: {决算数: 3099.30}", "合计: {调整预算数: 3200.00, 决算数: 3099.30}")
    assert check(body) == [
        "q.yaml:11:15: 警告 [M5] 支出.合计.调整预算数: 支出合计填写了调整预算数 3200.00 万元，但基本支出、项目支出"
        "都没有填写调整预算数，无法复核，请补充各项的调整预算数",
    ]


# ---------------------------------------------------------------- M6

def test_m6_foshan_rate_passes(check):
    assert "M6" not in rules(check(FOSHAN))


def test_m6_rate_rounds_half_up(check):
    exact = Decimal("197.57") / Decimal("200.00") * 100
    assert exact == Decimal("98.785")
    assert exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN) == Decimal("98.78")  # banker's would say 98.78
    body = "支出:\n  合计: {调整预算数: 200.00, 决算数: 197.57}\n  预算执行率: {rate}\n"
    assert check(body.replace("{rate}", "98.79%")) == []
    assert check(body.replace("{rate}", "98.78%")) == [
        "q.yaml:10:10: 错误 [M6] 支出.预算执行率: 预算执行率应为 支出合计决算数 197.57 ÷ 调整预算数 200.00 × 100% "
        "= 98.79%，实际填写 98.78%",
    ]


def test_m6_more_decimals_within_half_a_hundredth(check):
    body = "支出:\n  合计: {调整预算数: 200.00, 决算数: 197.57}\n  预算执行率: 98.786%\n"
    assert check(body) == []


# ---------------------------------------------------------------- M7

def test_m7_not_raised_with_adjusted_budget(check):
    assert "M7" not in rules(check(FOSHAN))


def test_m7_not_raised_when_the_rate_is_neither_stated_nor_scored(check):
    assert "M7" not in rules(check(PANYU_002))


def test_m7_rate_scored_from_income(check):
    assert check(PANYU_002.replace("3099.31", "3099.30") + RATE_INDICATOR) == [
        "q.yaml:16:7: 警告 [M7] 支出.合计: 没有填写支出合计的调整预算数，预算执行率只能按 支出合计决算数 3099.30 "
        "÷ 收入合计 3116.37 × 100% = 99.45% 计算，这是支出占收入的比例，不是严格意义上的预算执行率；"
        "请补充调整预算数（全年预算数）",
    ]


def test_m7_rate_stated_without_anything_to_check_it(check):
    assert check("支出:\n  合计: {决算数: 100.00}\n  预算执行率: 95.00%\n") == [
        "q.yaml:10:10: 警告 [M7] 支出.预算执行率: 没有填写支出合计的调整预算数，无法计算预算执行率（决算数 ÷ 调整预算数）；"
        "请补充调整预算数（全年预算数）",
    ]


# ---------------------------------------------------------------- M8

RATE_BODY = "支出:\n  合计: {调整预算数: 100.00, 决算数: ACTUAL}\nNOTE"


@pytest.mark.parametrize("actual", ["90.00", "100.00", "95.50"])
def test_m8_rate_in_range(check, actual):
    assert check(RATE_BODY.replace("ACTUAL", actual).replace("NOTE", "")) == []


def test_m8_rate_above_100(check):
    assert check(RATE_BODY.replace("ACTUAL", "106.08").replace("NOTE", "")) == [
        "q.yaml:9:28: 警告 [M8] 支出.合计.决算数: 预算执行率 106.08%（支出合计决算数 106.08 ÷ 调整预算数 100.00 × 100%）"
        "超过 100%，一般只有使用上年结转资金时才会出现，请核对，并在“执行率说明”中说明原因",
    ]


def test_m8_rate_below_the_profile_floor(check):
    assert check(RATE_BODY.replace("ACTUAL", "89.99").replace("NOTE", "")) == [
        "q.yaml:9:28: 警告 [M8] 支出.合计.决算数: 预算执行率 89.99%（支出合计决算数 89.99 ÷ 调整预算数 100.00 × 100%）"
        "低于 90%，请在“执行率说明”中说明原因",
    ]


def test_m8_low_rate_explained(check):
    body = RATE_BODY.replace("ACTUAL", "80.00").replace("NOTE", "  执行率说明: 部分项目因政策调整暂缓实施。\n")
    assert check(body) == []


# ---------------------------------------------------------------- M9

def test_m9_small_adjustment_passes(check):
    assert "M9" not in rules(check(FOSHAN))  # +7.39%


def test_m9_adjustment_at_the_limit_passes(check):
    assert check("支出:\n  合计: {年初预算数: 100.00, 调整预算数: 120.00}\n") == []


def test_m9_large_adjustment(check):
    body = "支出:\n  合计: {年初预算数: 100.00, 调整预算数: 125.00}\n"
    assert check(body) == [
        "q.yaml:9:30: 警告 [M9] 支出.合计.调整预算数: 预算调整率为 (调整预算数 125.00 − 年初预算数 100.00) ÷ 年初预算数 "
        "100.00 × 100% = 25.00%，幅度超过 20%，请在“预算调整说明”中说明调整原因",
    ]
    assert check(body + "  预算调整说明: 年中追加换届选举经费。\n") == []


def test_m9_large_cut_is_also_flagged(check):
    assert rules(check("支出:\n  合计: {年初预算数: 100.00, 调整预算数: 70.00}\n")) == ["M9"]


# ---------------------------------------------------------------- M10

def test_m10_text_agrees_with_the_table(check):
    assert check(FOSHAN) == []


def test_m10_text_disagrees(check):
    body = FOSHAN.replace("项目支出900.18万元", "项目支出900.81万元")
    assert check(body) == [
        "q.yaml:8:51: 警告 [M10] 收支补充说明: 正文写的项目支出 900.81 万元与支出表中项目支出（年初预算数 884.12、"
        "调整预算数 937.64、决算数 900.18 万元）都不一致，请核对",
    ]


def test_m10_any_column_and_rounded_text_agree(check):
    body = PANYU_000.replace("预算执行率: 93%", "预算执行率: 93.72%") + (
        "履职效能分析: 全年预算数 3013.08 万元。支出总额为 2,824 万元，其中：基本支出 2,487.46 万元，"
        "项目支出为 336.54 万元；收入合计 3,013.08 万元。\n"
    )
    assert rules(check(body)) == ["M7"]


def test_m10_block_scalar_located_at_the_amount(check):
    body = PANYU_002.replace("3099.31", "3099.30") + (
        "履职效能分析: |\n"
        "  本年收入合计 3116.37 万元。\n"
        "  其中：财政拨款收入 3093.39 万元。\n"
    )
    assert check(body) == [
        "q.yaml:19:13: 警告 [M10] 履职效能分析: 正文写的财政拨款收入 3093.39 万元与收入分项“财政拨款收入”的金额 "
        "3093.93 万元不一致，请核对",
    ]


def test_m10_indicator_analysis_and_subsections_are_scanned(check):
    body = PANYU_002.replace("3099.31", "3099.30") + (
        "管理效率分析:\n"
        "  - 标题: 预算管理\n"
        "    内容: 支出合计3099.03万元。\n"
        "绩效指标:\n"
        "  - 名称: 过程\n"
        "    分值: 10\n"
        "    下级:\n"
        "      - {名称: 预算管理, 分值: 10, 得分: 10, 分析: 基本支出2711.23万元。}\n"
    )
    assert check(body) == [
        "q.yaml:19:13: 警告 [M10] 管理效率分析[1].内容: 正文写的支出合计 3099.03 万元与支出表中支出合计的决算数 "
        "3099.30 万元不一致，请核对",
        "q.yaml:24:44: 警告 [M10] 绩效指标[1].下级[1].分析: 正文写的基本支出 2711.23 万元与支出表中基本支出的决算数 "
        "2711.32 万元不一致，请核对",
    ]


@pytest.mark.parametrize("sentence", [
    "基本支出比上年增加120.50万元。",
    "培训项目支出20.00万元。",
    "基本支出、项目支出分别为2711.32万元、387.98万元。",
    "基本支出中人员经费2000.00万元。",
    "财政拨款基本支出2000.00万元。",
    "捐赠现金和物资价值300多万元。",
    "经营收入50.00万元。",
])
def test_m10_other_amounts_are_not_compared(check, sentence):
    assert check(PANYU_002.replace("3099.31", "3099.30") + f"履职效能分析: {sentence}\n") == []


# ---------------------------------------------------------------- M11

def test_m11_one_line_differs(check):
    assert check(GUANGZHOU_003.replace("决算数: 538.34}", "决算数: 538.00}").replace("决算数: 3970.64}", "决算数: 3970.30}")) == []


def test_m11_silenced_by_adjustment_note(check):
    assert check(GUANGZHOU_003 + "  预算调整说明: 年中按实际支出需要调整了年度预算\n") == []


def test_m11_needs_two_lines(check):
    assert check("支出:\n  合计: {调整预算数: 100.00, 决算数: 100.00}\n") == []


def test_m11_initial_budget_counts_when_no_adjusted(check):
    body = GUANGZHOU_003.replace("调整预算数", "年初预算数")
    assert rules(check(body)) == ["M11"]


# Seed 004 (鹿泉 2023): 预算收入 859.16 = 支出合计 859.16, no budget column at all.
LUQUAN_004 = """\
收入:
  口径: 预算
  合计: 859.16
  分项:
    - {名称: 财政拨款收入, 金额: 859.16}
支出:
  基本支出: {决算数: 753.83}
  项目支出: {决算数: 105.33}
  合计: {决算数: 859.16}
"""


def test_m11_budget_income_equals_actual(check):
    assert check(LUQUAN_004) == [
        "q.yaml:10:7: 警告 [M11] 收入.合计: 预算收入合计 859.16 万元与支出合计决算数 859.16 万元完全相同（执行率 100%），"
        "请核对预算数：是否把决算数当成了预算数；请补充支出的调整预算数",
    ]


def test_m11_budget_income_differs(check):
    assert check(LUQUAN_004.replace("合计: 859.16\n  分项", "合计: 900.00\n  分项").replace("金额: 859.16", "金额: 900.00")) == []


def test_m7_budget_income_basis_is_named(check):
    body = LUQUAN_004.replace("合计: {决算数: 859.16}\n", "合计: {决算数: 859.16}\n  预算执行率: 100.00%\n")
    assert [line for line in check(body) if "[M7]" in line] == [
        "q.yaml:17:10: 警告 [M7] 支出.预算执行率: 没有填写支出合计的调整预算数，预算执行率只能按 支出合计决算数 859.16 "
        "÷ 预算收入合计 859.16 × 100% = 100.00% 计算，没有反映年中预算调整；请补充调整预算数（全年预算数）",
    ]
