"""Jurisdiction profiles: inheritance, and broken profiles reported like questionnaire errors."""

from __future__ import annotations

import textwrap

import pytest

from authoring.errors import ProfileError, UsageError
from authoring.jurisdiction.profile import available, load_profile
from conftest import at
from questionnaires import profiles_on_disk


@pytest.mark.parametrize("pid", profiles_on_disk())
def test_every_profile_folder_loads_and_is_listed(pid):
    assert pid in available()
    assert load_profile(pid).profile.outline


def test_profiles_are_found_in_the_folder(tmp_path):
    assert profiles_on_disk() == available()
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "profile.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "notes").mkdir()  # a folder without profile.yaml is no jurisdiction
    assert profiles_on_disk(tmp_path) == available(tmp_path) == ["x"]


def test_extends_overrides_only_what_differs():
    hebei = load_profile("hebei")
    national = load_profile("national")
    assert [b.label for b in hebei.profile.bands] == ["优秀", "良好", "一般", "较差"]
    assert hebei.profile.text_rules == national.profile.text_rules  # inherited
    assert [p.name for p in hebei.search_path] == ["hebei", "national"]


def test_foshan_printed_weights():
    system = load_profile("foshan").profile.system
    assert system.fixed
    weights = {c.name: str(c.weight) for top in system.indicators for c in top.children}
    assert weights["财务管理"] == "19" and weights["公众或服务对象满意度"] == "5"


def _tree(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "profile.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


BASE = """\
名称: 基础
标题格式: "{{ 年度 }}年度报告"
等级:
  - {下限: 90, 等级: 优}
  - {下限: 0, 等级: 差}
指标体系:
  指标:
    - {名称: 甲, 分值: 60}
    - {名称: 乙, 分值: 40}
大纲:
  - {标题: 部门职能, 组成: [{内容: 部门职能}]}
"""


def _errors(tmp_path, pid) -> list[str]:
    with pytest.raises(ProfileError) as exc:
        load_profile(pid, tmp_path)
    assert exc.value.exit_code == 3
    return [f.format() for f in exc.value.findings]


def test_weights_not_summing_to_100(tmp_path):
    root = _tree(tmp_path, {"x": BASE.replace("分值: 40", "分值: 30")})
    f = root / "x" / "profile.yaml"
    assert _errors(root, "x") == [f"{at(f, '    - {名称: 甲', 1, 4)}: 错误 [S1] 指标体系.指标: 一级指标分值之和应为 100，实际为 90"]


def test_overlapping_bands(tmp_path):
    root = _tree(tmp_path, {"x": BASE.replace("{下限: 0, 等级: 差}", "{下限: 95, 等级: 差}")})
    f = root / "x" / "profile.yaml"
    assert _errors(root, "x") == [
        f"{at(f, '95')}: 错误 [P2] 等级[2].下限: 等级区间重叠或顺序颠倒：应从高到低排列，下限 95 不应大于等于上一档的 90",
        f"{at(f, '95')}: 错误 [P2] 等级[2].下限: 最低一档的下限应为 0，实际为 95",
    ]


def test_unknown_rule(tmp_path):
    root = _tree(tmp_path, {"x": BASE.replace("{名称: 乙, 分值: 40}", "{名称: 乙, 分值: 40, 规则: 随便}")})
    f = root / "x" / "profile.yaml"
    (line,) = _errors(root, "x")
    assert line.startswith(f"{at(f, '随便')}: 错误 [Q1] 指标体系.指标[2].规则: 应为 “手工”、“定性”")


def test_unknown_outline_reference(tmp_path):
    root = _tree(tmp_path, {"x": BASE.replace("{内容: 部门职能}", "{内容: 部门职责}")})
    f = root / "x" / "profile.yaml"
    (line,) = _errors(root, "x")
    assert line.startswith(f"{at(f, '部门职责')}: 错误 [P4] 大纲[1].组成[1].内容: 大纲引用了未知的内容“部门职责”")


def test_extends_cycle(tmp_path):
    root = _tree(tmp_path, {"a": BASE + "继承: b\n", "b": BASE + "继承: a\n"})
    (line,) = _errors(root, "a")
    assert "继承关系成环：a → b → a" in line


def test_missing_parent_lists_available(tmp_path):
    root = _tree(tmp_path, {"a": BASE + "继承: nowhere\n"})
    f = root / "a" / "profile.yaml"
    (line,) = _errors(root, "a")
    assert line.startswith(f"{at(f, 'nowhere')}: 错误 [P1] 继承: 没有地区“nowhere”")
    assert "可用的地区：a" in line


def test_error_in_child_points_at_child_file(tmp_path):
    root = _tree(tmp_path, {"base": BASE, "child": "继承: base\n等级:\n  - {下限: 50, 等级: 优}\n  - {下限: 60, 等级: 差}\n"})
    lines = _errors(root, "child")
    assert all(str(root / "child" / "profile.yaml") in line for line in lines)


def test_unknown_profile_is_usage_error(tmp_path):
    with pytest.raises(UsageError, match="没有地区“zz”"):
        load_profile("zz")


def test_adding_a_jurisdiction_is_adding_a_folder(tmp_path, write):
    """A new folder under templates/ works without any code change."""

    import authoring.jurisdiction.profile as prof

    root = _tree(tmp_path, {"newcity": "名称: 新市\n继承: national\n等级:\n  - {下限: 95, 等级: 甲}\n  - {下限: 0, 等级: 乙}\n"})
    (root / "national").symlink_to(prof.TEMPLATES_DIR / "national")
    lp = load_profile("newcity", root)
    assert [b.label for b in lp.profile.bands] == ["甲", "乙"]
    assert lp.find_file("profile.yaml") == root / "newcity" / "profile.yaml"
