"""A bureau keeps its own jurisdictions outside the package: --templates DIR and AUTHORING_TEMPLATES
(several folders) are searched before the shipped templates/, and may 继承 a shipped jurisdiction."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from authoring.cli import main
from authoring.jurisdiction.profile import TEMPLATES_DIR, available, load_profile, templates_path
from conftest import INDICATORS, MINIMAL

CITY = """\
名称: 某某市
继承: national
等级:
  - {等级: 优, 下限: 95}
  - {等级: 良, 下限: 80}
  - {等级: 中, 下限: 60}
  - {等级: 差, 下限: 0}
"""


def bureau(tmp_path: Path, name: str = "本局规则", profiles: dict[str, str] | None = None) -> Path:
    root = tmp_path / name
    for pid, text in (profiles or {"moucity": CITY}).items():
        (root / pid).mkdir(parents=True)
        (root / pid / "profile.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err.splitlines()


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    monkeypatch.delenv("AUTHORING_TEMPLATES", raising=False)


def test_the_shipped_folder_comes_last(tmp_path, monkeypatch):
    a, b = bureau(tmp_path, "a"), bureau(tmp_path, "b", {"other": CITY})
    monkeypatch.setenv("AUTHORING_TEMPLATES", f"{a}{os.pathsep}{b}{os.pathsep}")
    assert templates_path() == [a, b, TEMPLATES_DIR]
    assert {"moucity", "other", "national", "guangzhou"} <= set(available())


def test_a_bureau_jurisdiction_inherits_a_shipped_one(tmp_path, monkeypatch):
    root = bureau(tmp_path)
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    lp = load_profile("moucity")
    assert lp.chain == [root / "moucity", TEMPLATES_DIR / "national"]
    assert [b.lower for b in lp.profile.bands][0] == 95
    assert lp.find_file("report.docx") == TEMPLATES_DIR / "national" / "report.docx"


def test_templates_option_on_every_command(tmp_path, write, capsys):
    root = bureau(tmp_path)
    q = write((MINIMAL + INDICATORS).replace("地区: national", "地区: moucity"))
    code, out, err = run(capsys, "check", str(q))
    assert code == 1 and "没有地区“moucity”" in out[0]
    code, out, err = run(capsys, "--templates", str(root), "check", str(q))
    assert (code, err) == (0, []) and out == [f"{q}: 没有发现问题；计算总分 98 分，等级“优”（某某市规则）"]
    code, out, _ = run(capsys, "profiles", "--templates", str(root))
    assert "moucity\t某某市（继承 national）\t等级：优≥95、良≥80、中≥60、差≥0" in out
    assert any(line.startswith("guangzhou\t") for line in out)
    code, out, _ = run(capsys, "build", "--templates", str(root), "--format", "docx", "-o", str(tmp_path / "out"), str(q))
    assert code == 0 and out[-1].startswith("已生成")
    assert os.environ.get("AUTHORING_TEMPLATES") is None  # the option is for this run only


def test_the_first_folder_wins_and_an_unknown_name_lists_where_it_looked(tmp_path, write, capsys, monkeypatch):
    mine = tmp_path / "mine"
    shutil.copytree(TEMPLATES_DIR / "national", mine / "national")
    own = mine / "national" / "profile.yaml"
    own.write_text(own.read_text(encoding="utf-8").replace("名称: 全国通用", "名称: 本局的全国通用"), encoding="utf-8")
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(mine))
    assert load_profile("national").chain == [mine / "national"]
    assert load_profile("national").profile.name == "本局的全国通用"
    q = write((MINIMAL + INDICATORS).replace("地区: national", "地区: nowhere"))
    code, out, _ = run(capsys, "check", str(q))
    assert code == 1
    assert (f"没有地区“nowhere”（{mine / 'nowhere' / 'profile.yaml'}、{TEMPLATES_DIR / 'nowhere' / 'profile.yaml'} "
            "不存在）。可用的地区：foshan、guangzhou、hebei、national、zipingbiao") in out[0]


def test_documented():
    readme = (TEMPLATES_DIR.parent / "README.md").read_text(encoding="utf-8")
    reference = (TEMPLATES_DIR.parent / "docs" / "地区配置参考.md").read_text(encoding="utf-8")
    for text in (readme, reference):
        assert "--templates" in text and "AUTHORING_TEMPLATES" in text
