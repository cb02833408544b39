"""A profile is validated whole when it loads: its Jinja texts, its references, its keys.

A typo in 措辞 is a located profile error (exit 3) from every command, never an internal
error when a department builds; one broken profile never hides the good ones.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from authoring.cli import main
from authoring.errors import ProfileError
from authoring.jurisdiction.profile import TEMPLATES_DIR, load_profile
from authoring.jurisdiction.wording_check import template_problems
from authoring.jurisdiction.wording_vars import (
    SCORE_SENTENCE_VARIABLES, WORDING_VARIABLES, dotted_names,
)
from authoring.pipeline import check_file
from authoring.report.wording import score_sentence_values, wording_values
from conftest import INDICATORS, MINIMAL, at, make_templates

VARIABLES = "年度、部门全称、部门简称、总分、等级、收入、支出、资金"

TYPO = """\
名称: 有错的地区
继承: national
措辞:
  自评结论: "{{ 部门简称 }}自评得分{{ 总得分 }}分。"
  收入概述: "收入{{ 总分 }分"
"""


@pytest.fixture
def typo(tmp_path, monkeypatch) -> Path:
    """The profile file with both typos, made the templates folder of every command."""
    root = make_templates(tmp_path, {"typo": TYPO, "good": "名称: 好的地区\n继承: national\n"})
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    return root / "typo" / "profile.yaml"


def _typo_lines(f: Path) -> list[str]:
    return [
        f"{at(f, '总得分')}: 错误 [P8] 措辞.自评结论: 未知变量“总得分”，是否想写“总分”？可用的变量：{VARIABLES}",
        f"{at(f, '总分 }分', offset=3)}: 错误 [P8] 措辞.收入概述: Jinja 写法有错误：这里不应出现“}}”",
    ]


def run(capsys, *argv) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err.splitlines()


# ------------------------------------------------------------------ every command


def test_check_reports_the_profile_lines_and_exits_3(typo, tmp_path, capsys):
    q = tmp_path / "q.yaml"
    q.write_text(MINIMAL.replace("地区: national", "地区: typo") + INDICATORS, encoding="utf-8")
    code, out, err = run(capsys, "check", str(q))
    assert code == 3 and out == []
    assert err == _typo_lines(typo) + [f"{q}: 地区规则有错误，未能校验"]


def test_check_goes_on_with_the_files_of_good_profiles(typo, tmp_path, capsys):
    bad, good = tmp_path / "bad.yaml", tmp_path / "good.yaml"
    bad.write_text(MINIMAL.replace("地区: national", "地区: typo") + INDICATORS, encoding="utf-8")
    good.write_text(MINIMAL.replace("地区: national", "地区: good") + INDICATORS, encoding="utf-8")
    code, out, err = run(capsys, "check", str(bad), str(good))
    assert code == 3
    assert out == [f"{good}: 没有发现问题；计算总分 98 分，等级“优”（好的地区规则）",
                   "2 份问卷：1 份通过，1 份地区规则或模板有错误"]
    assert err[-1] == f"{bad}: 地区规则有错误，未能校验"


def test_build_reports_the_profile_lines_exits_3_and_writes_nothing(typo, tmp_path, capsys):
    q = tmp_path / "q.yaml"
    q.write_text(MINIMAL.replace("地区: national", "地区: typo") + INDICATORS, encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "build", str(q), "--format", "docx", "-o", str(out_dir))
    assert code == 3 and out == []
    assert err == _typo_lines(typo) + [f"{q}: 地区规则有错误，未生成任何文件"]
    assert not out_dir.exists()


def _ours(out: list[str]) -> list[str]:
    """The lines of the test's own templates folder: the shipped jurisdictions after it are listed too."""
    shipped = {p.parent.name for p in TEMPLATES_DIR.glob("*/profile.yaml")} - {"national"}
    return [line for line in out if line.split("\t")[0] not in shipped]


def test_profiles_lists_the_good_and_reports_the_broken(typo, capsys):
    code, out, err = run(capsys, "profiles")
    assert code == 3
    assert _ours(out) == ["good\t好的地区（继承 national）\t等级：优≥90、良≥80、中≥60、差≥0",
                          "national\t全国通用\t等级：优≥90、良≥80、中≥60、差≥0"]
    assert err == _typo_lines(typo) + ["typo: 地区配置有 2 处错误，未列出"]


def test_profiles_of_the_shipped_templates_pass(capsys, monkeypatch):
    monkeypatch.delenv("AUTHORING_TEMPLATES", raising=False)
    code, out, err = run(capsys, "profiles")
    assert code == 0 and err == []
    assert [line.split("\t")[0] for line in out] == sorted(p.parent.name for p in TEMPLATES_DIR.glob("*/profile.yaml"))


def test_templates_check_reports_the_profile_and_checks_the_others(typo, capsys):
    code, out, err = run(capsys, "templates", "check")
    assert code == 3
    assert out[:3] == _typo_lines(typo) + ["templates/typo: 错误：地区配置有错误，无法检查其模板"]
    assert out[3].endswith("national/report.docx: 通过")  # good and national still checked


def test_a_profile_that_is_not_yaml_is_a_profile_error(tmp_path, capsys, monkeypatch):
    root = make_templates(tmp_path, {"broken": "名称: 坏\n继承: national\n措辞:\n  自评结论: [未闭合\n"})
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    code, out, err = run(capsys, "profiles")
    assert code == 3 and _ours(out) == ["national\t全国通用\t等级：优≥90、良≥80、中≥60、差≥0"]
    assert err[0].startswith(f"{root / 'broken' / 'profile.yaml'}:4:9: 错误 [Y1] 不是有效的 YAML：以“[”开头的值没有配对的“]”")


# ------------------------------------------------------------------ where a finding points


def _errors(root: Path, pid: str) -> list[str]:
    with pytest.raises(ProfileError) as exc:
        load_profile(pid, root)
    assert exc.value.exit_code == 3
    return [f.format() for f in exc.value.findings]


def test_an_inherited_text_is_located_in_the_file_that_wrote_it(tmp_path):
    base = "名称: 上级\n继承: national\n标题格式: \"{{ 年度 }}年度{{ 部门名称 }}报告\"\n"
    root = make_templates(tmp_path, {"base": base, "kid": "名称: 下级\n继承: base\n"})
    f = root / "base" / "profile.yaml"
    assert _errors(root, "kid") == [
        f"{at(f, '部门名称')}: 错误 [P8] 标题格式: 未知变量“部门名称”，是否想写“部门简称”？可用的变量：{VARIABLES}"]


def test_a_child_that_rewrites_the_text_is_fine(tmp_path):
    base = "名称: 上级\n继承: national\n标题格式: \"{{ 部门名称 }}报告\"\n"
    root = make_templates(tmp_path, {"base": base, "kid": "名称: 下级\n继承: base\n标题格式: \"{{ 部门全称 }}报告\"\n"})
    assert load_profile("kid", root).profile.title == "{{ 部门全称 }}报告"


def test_table_texts_and_grade_note_are_checked(tmp_path):
    kid = """\
    名称: 表格
    继承: national
    等级说明: "{% if 总分 %}总分{{ 总分 }}分"
    表格:
      重点工作完成情况表: {引导语: "{{ 年份 }}年度重点工作完成情况见下表："}
      收入情况表: {标题: "{{ 收入.总计 }}"}
    """
    root = make_templates(tmp_path, {"kid": kid})
    f = root / "kid" / "profile.yaml"
    assert _errors(root, "kid") == [
        f"{at(f, '{% if')}: 错误 [P8] 等级说明: Jinja 写法有错误：“{{% if … %}}”没有对应的“{{% endif %}}”",
        f"{at(f, '年份')}: 错误 [P8] 表格.重点工作完成情况表.引导语: 未知变量“年份”，是否想写“年度”？可用的变量：{VARIABLES}",
        f"{at(f, '总计')}: 错误 [P8] 表格.收入情况表.标题: “收入”没有“总计”，是否想写“合计”？可用的有：合计、本年收入合计、上年数、增减额、增减率、增减、变动额、变动率、口径、口径说明、分项",
    ]


def test_a_multiline_sentence_is_located_on_its_line(tmp_path):
    kid = "名称: 多行\n继承: national\n措辞:\n  自评结论: |\n    第一行{{ 年度 }}。\n    第二行{{ 部门 }}。\n"
    root = make_templates(tmp_path, {"kid": kid})
    f = root / "kid" / "profile.yaml"
    (line,) = _errors(root, "kid")
    assert line.startswith(f"{at(f, '部门 }}')}: 错误 [P8] 措辞.自评结论: 未知变量“部门”")


def test_key_typo_and_wording_typo_are_reported_together(tmp_path):
    kid = "名称: 两处\n继承: national\n设置:\n  分数位数: 1\n措辞:\n  自评结论: \"{{ 总得分 }}\"\n"
    root = make_templates(tmp_path, {"kid": kid})
    f = root / "kid" / "profile.yaml"
    found = _errors(root, "kid")
    assert [line.split(": ", 1)[0] for line in found] == [at(f, "1\n"), at(f, "总得分")]
    assert "[Q1] 设置.分数位数: 未知的键“分数位数”" in found[0]


def test_outline_sentences_and_notes_must_exist(tmp_path):
    kid = """\
    名称: 大纲
    继承: national
    大纲:
      - {标题: 收支, 组成: [{句子: 收入说明}, {注: 指标得分句}, {注: 等级说明}]}
    """
    root = make_templates(tmp_path, {"kid": kid})
    f = root / "kid" / "profile.yaml"
    assert _errors(root, "kid") == [
        f"{at(f, '收入说明')}: 错误 [P4] 大纲[1].组成[1].句子: 大纲引用了未知的句子“收入说明”；"
        "可用的有：支出概述、收入概述、自评结论（在“措辞”中添加）",
        f"{at(f, '指标得分句')}: 错误 [P4] 大纲[1].组成[2].注: “指标得分句”只用于每个指标的分析之后"
        "（变量只有 名称、分值、得分），不能作为注放入大纲",
    ]


# ------------------------------------------------------------------ the template walk


@pytest.mark.parametrize("text", [
    "{% if 收入 %}{% set n = 收入.分项|length %}{% for x in 收入.分项 %}{{ loop.index }}{{ x.名称 }}{{ x.金额 }}"
    "{% endfor %}共{{ n }}项{% endif %}",
    "{{ 收入['合计'] }}{{ 收入.分项[0].名称 }}{{ (收入.分项|first).占比 }}{{ 部门简称.strip() }}",
    "{% for x in 收入.分项 if x.金额 %}{{ x.名称 }}{% else %}无{% endfor %}{{ '，'.join(['a']) }}",
    "{{ 支出.预算执行率 if 支出 else '' }}{{ 年度|int + 1 }}{{ range(3)|list }}",
])
def test_good_sentences_pass(text):
    assert template_problems(text, WORDING_VARIABLES) == []


@pytest.mark.parametrize("text, offset, message", [
    ("{% for x in 收入.分项 %}{{ x.名字 }}{% endfor %}", 25,
     "“收入.分项”的每一项没有“名字”，是否想写“名称”？可用的有：名称、金额、占比、本年、上年数、增减额、增减率、增减、变动额、变动率"),
    ("{{ 收入.分项.名称 }}", 9,
     "“收入.分项”是一个列表，没有“名称”：请用 {% for x in 收入.分项 %}…{{ x.名称 }}…{% endfor %} 逐项写"),
    ("{{ 年度.数字 }}", 6, "“年度”是一段文字，没有“数字”"),
    ("{{ 年度|年份 }}", 6, "未知的过滤器“年份”"),
    ("{% for x in 收入.分项 %}{% endif %}", 23,
     "Jinja 写法有错误：未知的标签“{% endif %}”（这里应结束“{% for %}”，写作“{% endfor %}”）"),
    ("{% include 'x.j2' %}", 3, "不能引用其他模板（include、import、extends）：请把文字直接写在这里"),
    ("{{ 分值 }}", 3, f"未知变量“分值”（“分值”只能用在措辞“指标得分句”中）。可用的变量：{VARIABLES}"),
])
def test_bad_sentences_are_found_at_their_character(text, offset, message):
    assert template_problems(text, WORDING_VARIABLES) == [(offset, message)]


def test_the_score_sentence_has_its_own_variables():
    assert template_problems("该指标分值{{ 分值 }}分，得分{{ 得分 }}分（{{ 名称 }}）。", SCORE_SENTENCE_VARIABLES) == []
    assert template_problems("{{ 总分 }}", SCORE_SENTENCE_VARIABLES) == [
        (3, "未知变量“总分”，是否想写“得分”？可用的变量：名称、分值、得分、扣分原因")]


# ------------------------------------------------------------------ the catalogue is what the report uses


FULL = MINIMAL + INDICATORS + """\
收入:
  合计: 100.00
  分项:
    - {名称: 财政拨款收入, 金额: 90.00, 占比: 90%}
    - {名称: 其他收入, 金额: 10.00, 占比: 10%}
支出:
  基本支出: {年初预算数: 60.00, 调整预算数: 70.00, 决算数: 70.00}
  项目支出: {年初预算数: 30.00, 调整预算数: 30.00, 决算数: 30.00}
  合计: {年初预算数: 90.00, 调整预算数: 100.00, 决算数: 100.00}
资金执行情况:
  分项:
    - {名称: 年度资金总额, 年初预算数: 90.00, 全年预算数: 100.00, 全年执行数: 100.00, 执行率: 100%}
"""


def _names(values: dict, prefix: str = "") -> list[str]:
    out = []
    for key, value in values.items():
        out.append(prefix + key)
        assert value is not None, f"{prefix}{key} is empty: fill it in the test questionnaire"
        if isinstance(value, dict):
            out += _names(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            out += _names(value[0], f"{prefix}{key}[].")
    return out


def test_wording_values_are_exactly_the_catalogue(write):
    result = check_file(write(FULL))
    assert result.errors == []
    values = wording_values(result.loaded.questionnaire, result.profile.profile, result.assessment)
    assert sorted(_names(values)) == sorted(dotted_names(WORDING_VARIABLES))


def test_score_sentence_values_are_exactly_the_catalogue(write):
    result = check_file(write(FULL))
    leaf = result.assessment.leaves()[0]
    values = score_sentence_values(leaf.name, leaf.weight, leaf.score)
    assert sorted(_names(values)) == sorted(dotted_names(SCORE_SENTENCE_VARIABLES))


def test_a_fixed_system_accepts_all_indicators_and_names_its_own(tmp_path):
    fixed = """\
    名称: 固定
    继承: national
    指标体系:
      固定: true
      指标:
        - {名称: 甲, 分值: 60}
        - {名称: 乙, 分值: 40}
    """
    fixed = textwrap.dedent(fixed)
    root = make_templates(tmp_path, {"fixed": fixed, "typo": fixed + "大纲:\n  - {标题: 分析, 组成: [{指标分析: 丙}]}\n"})
    assert load_profile("fixed", root).profile.system.fixed  # national's outline says {指标分析: 全部}
    f = root / "typo" / "profile.yaml"
    assert _errors(root, "typo") == [
        f"{at(f, '丙')}: 错误 [P4] 大纲[1].组成[1].指标分析: 大纲引用了未知的指标分析“丙”；可用的有：全部、甲、乙"]


@pytest.mark.parametrize("text, message", [
    ("{{ 总分 + 1 }}", "按示例数值试写这句话时出错（TypeError: can only concatenate str (not \"int\") to str）："
                       "变量都是文字，做算术前要先用 |float 或 |int 转成数字"),
    ("{{ 收入.分项[3].名称 }}", "按示例数值试写这句话时出错（UndefinedError: list object has no element 3）："
                               "问卷的项数不固定，不要用下标取某一项，请用 {% for x in … %} 逐项写"),
])
def test_what_fails_only_when_written_is_found_by_a_trial(text, message):
    assert template_problems(text, WORDING_VARIABLES) == [(0, message)]
    assert template_problems(text.replace("总分 + 1", "总分|float + 1"), WORDING_VARIABLES) == \
        ([] if "总分" in text else [(0, message)])
