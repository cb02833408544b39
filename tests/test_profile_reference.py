"""profile.yaml is documented and schema'd from the model, and the two stay current.

docs/地区配置参考.md names every key, rule and 措辞 variable; its copy-paste recipes load;
schema/profile.schema.json accepts the shipped profiles as an editor reads them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import textwrap
import typing

import pytest
import yaml
from pydantic import BaseModel

from authoring.cli import main
from authoring.jurisdiction.model import RULES, PartKind, Profile, Rule
from authoring.jurisdiction.profile import TEMPLATES_DIR, load_profile
from authoring.jurisdiction.wording_vars import SCORE_SENTENCE_VARIABLES, WORDING_VARIABLES, dotted_names
from conftest import ROOT

DOC = ROOT / "docs" / "地区配置参考.md"
SCHEMA = ROOT / "schema" / "profile.schema.json"
SHIPPED = sorted(TEMPLATES_DIR.glob("*/profile.yaml"))


def _script():
    spec = importlib.util.spec_from_file_location("profile_reference", ROOT / "scripts" / "profile_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


# ------------------------------------------------------------------ the JSON Schema


def test_profile_schema_command_matches_committed_file(capsys):
    assert main(["schema", "--profile-schema"]) == 0
    out = capsys.readouterr().out
    assert out == SCHEMA.read_text(encoding="utf-8"), \
        "schema/profile.schema.json is stale: run `authoring schema --profile-schema -o schema/profile.schema.json`"
    schema = json.loads(out)
    assert "required" not in schema  # a child profile may inherit every key
    rule = schema["$defs"]["IndicatorSpec"]["properties"]["规则"]
    assert rule["enum"] == list(typing.get_args(Rule)) == list(RULES)
    assert len(rule["markdownEnumDescriptions"]) == len(rule["enum"])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_shipped_profiles_reference_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/profile.schema.json"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_shipped_profiles_validate_as_an_editor_reads_them(path):
    """A YAML language server reads 90 as a number, 95% as a string, true as a boolean."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_schema_flags_what_the_loader_refuses():
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    data = yaml.safe_load(textwrap.dedent("""\
        名称: 试
        措词: {}
        指标体系:
          指标:
            - {名称: 甲, 分值: 100, 规则: 随便, 满分线: 95}
        大纲:
          - {标题: 一, 组成: [{内容: 部门职责}, {句子: 甲, 注: 乙}]}
        """))
    where = sorted("/".join(map(str, e.absolute_path)) for e in validator.iter_errors(data))
    assert where == ["", "大纲/0/组成/0/内容", "大纲/0/组成/1", "指标体系/指标/0/满分线", "指标体系/指标/0/规则"]


# ------------------------------------------------------------------ the reference document


def test_reference_is_current():
    script = _script()
    assert script.render(_doc()) == _doc(), "docs/地区配置参考.md is stale: run scripts/profile_reference.py"
    assert script.main(["--check"]) == 0


def _model_keys(model: type[BaseModel], prefix: str = "", seen: tuple = ()) -> list[str]:
    """Every key a profile may write, walked from the pydantic model itself (not from the schema)."""
    out: list[str] = []
    for field in model.model_fields.values():
        path = prefix + field.alias
        out.append(path)
        out += _inner_keys(field.annotation, path, seen + (model,))
    return out


def _inner_keys(tp, path: str, seen: tuple) -> list[str]:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _inner_keys(args[0], path, seen)
    if origin is list:
        return _inner_keys(args[0], path + "[]", seen)
    if origin is dict:
        key, value = args
        if typing.get_origin(key) is typing.Literal:  # 组成: one of the part kinds
            return [f"{path}.{k}" for k in typing.get_args(key)]
        return _inner_keys(value, path + ".<名称>", seen)
    if args and origin is not typing.Literal:  # X | None
        return [k for a in args for k in _inner_keys(a, path, seen)]
    if isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in seen:
        return _model_keys(tp, path + ".", seen)
    return []


def test_every_key_of_the_model_is_in_the_reference():
    doc = _doc()
    keys = _model_keys(Profile)
    assert "大纲[].组成[].指标分析" in keys and "指标体系.指标[].阈值表[].得分率" in keys
    assert set(typing.get_args(PartKind)) == {"内容", "句子", "表格", "指标分析", "注", "图表"}
    missing = [k for k in keys if f"`{k}`" not in doc]
    assert missing == []


def test_every_wording_variable_is_in_the_reference():
    doc = _doc()
    for name in dotted_names(WORDING_VARIABLES) + dotted_names(SCORE_SENTENCE_VARIABLES):
        if "[]." in name:
            listed, field = name.rsplit("[].", 1)
            assert f"`x.{field}`（在 `{{% for x in {listed} %}}` 里）" in doc, name
        else:
            assert f"`{name}`" in doc, name


@pytest.mark.parametrize("rule", list(RULES))
def test_every_rule_has_a_section_with_an_example(rule):
    doc = _doc()
    heading = f"### 规则：{rule}\n"
    assert heading in doc
    section = doc.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    assert "例" in section and "分" in section
    assert f"| [{rule}](#规则{rule}) |" in doc  # the generated summary links to it


def test_reference_is_linked_and_links_the_tables_part():
    assert "docs/地区配置参考.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(地区配置参考.md)" in (ROOT / "docs" / "模板编写指南.md").read_text(encoding="utf-8")
    assert "(地区配置参考-表格.md)" in _doc()


def test_the_recipes_load_as_profiles(tmp_path):
    """Every profile fragment in the document, pasted into a new jurisdiction, loads without errors."""
    root = tmp_path / "templates"
    root.mkdir()
    for path in SHIPPED:
        (root / path.parent.name).symlink_to(path.parent)
    top = {f.alias for f in Profile.model_fields.values()}
    blocks = re.findall(r"```yaml\n(.*?)```", _doc(), re.S)
    loaded = 0
    for i, block in enumerate(blocks):
        data = yaml.safe_load(block)
        if not isinstance(data, dict) or not set(data) <= top:
            continue  # a questionnaire fragment or a list item
        data = {"名称": f"试{i}", "继承": "national", **data}
        (root / f"r{i}").mkdir()
        (root / f"r{i}" / "profile.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        load_profile(f"r{i}", root)
        loaded += 1
    assert loaded >= 7


def test_doc_examples_of_messages_are_real(tmp_path):
    """The two error lines shown in §1 are what the tool prints for those sentences."""
    doc = _doc()
    kid = '名称: 深圳\n继承: national\n措辞:\n  自评结论: "{{ 总得分 }}"\n  收入概述: "{{ 总分 }分"\n'
    (tmp_path / "shenzhen").mkdir()
    (tmp_path / "shenzhen" / "profile.yaml").write_text(kid, encoding="utf-8")
    (tmp_path / "national").symlink_to(TEMPLATES_DIR / "national")
    from authoring.errors import ProfileError

    with pytest.raises(ProfileError) as exc:
        load_profile("shenzhen", tmp_path)
    for f in exc.value.findings:
        assert f": 错误 [{f.rule}] {f.path}: {f.message}" in doc


def test_schema_and_reference_share_the_shipped_first_line():
    assert "# yaml-language-server: $schema=../../schema/profile.schema.json" in _doc()
