"""Editor support as a YAML language server gives it: the schema reference init writes resolves from
wherever the file is, the schema accepts the date forms the checker reads, 地区 offers the jurisdictions,
and `schema --profile ID` suggests that jurisdiction's indicators."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urljoin, urlparse
from urllib.request import url2pathname

import jsonschema
import pytest
import yaml

from authoring.cli import main
from authoring.jurisdiction.profile import available, load_profile
from conftest import INDICATORS, MINIMAL, ROOT

EXAMPLE = ROOT / "inputs" / "guangzhou-jiguangongwei-2023.yaml"
FOSHAN = ROOT / "inputs" / "foshan-zhengxie-2021.yaml"


class EditorLoader(yaml.SafeLoader):
    """YAML 1.2 as the language server reads it: 2025-03-20 is text, not a timestamp."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_schema(yaml_file: Path) -> dict:
    """The schema the modeline on the file's first line names, resolved against the file's own URI."""
    first = yaml_file.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), first
    url = urljoin(yaml_file.resolve().as_uri(), first[len(prefix):])
    assert urlparse(url).scheme == "file", url
    return json.loads(Path(url2pathname(urlparse(url).path)).read_text(encoding="utf-8"))


def problems(schema: dict, text: str) -> list[str]:
    data = yaml.load(text, Loader=EditorLoader)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().out


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    monkeypatch.delenv("AUTHORING_TEMPLATES", raising=False)


@pytest.mark.parametrize("where", ["repo", "inputs", "deep", "elsewhere"])
def test_the_reference_init_writes_resolves_from_that_folder(where, tmp_path, capsys):
    folder = {"repo": ROOT, "inputs": ROOT / "inputs", "deep": tmp_path / "a" / "b" / "c", "elsewhere": tmp_path}[where]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"新问卷-{os.getpid()}-{where}.yaml"
    try:
        code, _ = run(capsys, "init", "--profile", "guangzhou", target)
        assert code == 0
        schema = editor_schema(target)
        assert schema["title"] == "部门整体支出绩效自评问卷"
        # the clerk's filled-in questionnaire, saved where init wrote, validates as the editor shows it
        modeline = target.read_text(encoding="utf-8").splitlines()[0]
        filled = "\n".join([modeline] + EXAMPLE.read_text(encoding="utf-8").splitlines()[1:])
        target.write_text(filled, encoding="utf-8")
        assert problems(editor_schema(target), filled) == []
        if where == "inputs":
            assert modeline == "# yaml-language-server: $schema=../schema/questionnaire.schema.json"
    finally:
        target.unlink(missing_ok=True)


def test_printed_init_names_the_schema_from_the_current_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = run(capsys, "init", "--profile", "national")
    saved = tmp_path / "我的问卷.yaml"
    saved.write_text(out, encoding="utf-8")  # authoring init --profile national > 我的问卷.yaml
    assert editor_schema(saved)["title"] == "部门整体支出绩效自评问卷"


DATES_BOTH_ACCEPT = ["2025年3月20日", "2025-03-20", "2025-3-20", "2025.3.20", "2025/03/20", "２０２５年３月２０日",
                     "2025 年 3 月 20 日", "2025年3月20"]
DATES_BOTH_REFUSE = ["20250320", "2025年3月", "三月二十日", "2025-03-20T10:00:00", "25年3月20日"]


@pytest.mark.parametrize("typed", DATES_BOTH_ACCEPT + DATES_BOTH_REFUSE)
def test_schema_and_checker_agree_on_dates(typed, write, capsys):
    schema = json.loads((ROOT / "schema" / "questionnaire.schema.json").read_text(encoding="utf-8"))
    text = MINIMAL + INDICATORS + f"报告日期: {typed}\n"
    editor_says = [p for p in problems(schema, text) if p.startswith("报告日期")]
    code, out = run(capsys, "check", write(text))
    checker_says = [line for line in out.splitlines() if "报告日期:" in line and "[Q1]" in line]
    if typed in DATES_BOTH_ACCEPT:
        assert editor_says == [] and checker_says == [] and code == 0, (editor_says, out)
    else:
        assert editor_says and checker_says, (editor_says, out)


def test_jurisdictions_are_offered_with_their_names():
    schema = json.loads((ROOT / "schema" / "questionnaire.schema.json").read_text(encoding="utf-8"))
    choices = schema["properties"]["地区"]["oneOf"]
    assert [c["const"] for c in choices] == available()
    assert {"const": "hebei", "description": "河北省，继承 national"} in choices
    assert problems(schema, MINIMAL.replace("地区: national", "地区: nowhere"))[0].startswith("地区: 'nowhere' is not valid")


def test_schema_for_one_jurisdiction_suggests_its_indicators(tmp_path, capsys):
    code, out = run(capsys, "schema", "--profile", "foshan")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "部门整体支出绩效自评问卷（佛山市（市级））"
    assert schema["properties"]["地区"]["oneOf"] == [{"const": "foshan", "description": "佛山市（市级），继承 national"}]
    name = schema["$defs"]["Indicator"]["properties"]["名称"]
    specs = load_profile("foshan").profile.system.indicators
    assert {"const": specs[0].name, "description": f"一级指标，分值 {specs[0].weight.normalize():f}"} in name["anyOf"]
    assert name["examples"][0] == specs[0].name
    flat = schema["$defs"]["Indicator"]["properties"]
    assert flat["一级指标"]["examples"] == [spec.name for spec in specs]
    assert flat["二级指标"]["examples"][0] == specs[0].children[0].name
    assert f"本地区：{specs[0].name} {specs[0].weight.normalize():f} 分；" in (
        schema["$defs"]["Indicator"]["properties"]["分值"]["description"])
    foshan = FOSHAN.read_text(encoding="utf-8")
    assert problems(schema, foshan) == []  # the jurisdiction's own example fits
    # foshan's system is fixed: a name it does not have is refused, as check refuses it
    renamed = foshan.replace(f"名称: {specs[0].name}", "名称: 不存在的指标", 1)
    assert problems(schema, foshan) == [] and any(p.startswith("绩效指标") for p in problems(schema, renamed))
    assert problems(schema, foshan.replace("地区: foshan", "地区: guangzhou"))[0].startswith("地区:")
    # written to a file, as the docs show for VS Code
    code, out = run(capsys, "schema", "--profile", "guangzhou", "-o", tmp_path / "广州.schema.json")
    assert code == 0 and json.loads((tmp_path / "广州.schema.json").read_text(encoding="utf-8"))["title"].endswith("（广州市）")


def test_vs_code_mapping_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '"yaml.schemas"' in readme and "authoring schema --profile" in readme
