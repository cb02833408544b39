"""Installs anywhere: the wheel built from this repository, installed into a fresh virtual environment in a
folder outside it, runs check, init, schema, profiles and build --format docx on copies of the examples
with no access to the repository's templates/ (the wheel carries templates/, schema/ and docs/).

It needs the package index pip is configured with (for the dependencies); without one it is skipped and
says why. About a minute, most of it installing the dependencies from pip's cache. `make test` runs it;
`pytest -m "not install"` leaves it out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.install

NO_INDEX = ("No matching distribution found", "Could not find a version", "NewConnectionError",
            "Temporary failure in name resolution", "Network is unreachable", "Failed to establish a new connection")


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "AUTHORING_TEMPLATES", "VIRTUAL_ENV", "PYTHONHOME", "FORCE_COLOR")}
    env.update(extra)
    return env


def _run(argv, cwd: Path, timeout: int = 600, **env) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=_clean_env(**env))


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the installed `authoring` program, a work folder holding copies of the examples)."""
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    # Built from a clean copy: setuptools' build/ folder in the repository could carry stale modules.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".cache", "build", "dist", "outputs", "*.egg-info", "__pycache__", ".pytest_cache"))
    built = _run([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-q", "-w", dist], cwd=base)
    if built.returncode != 0 and any(s in built.stderr for s in NO_INDEX):
        pytest.skip(f"no package index for the build backend (setuptools): {built.stderr.strip()[-300:]}")
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("authoring-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in ("authoring/_data/templates/national/profile.yaml", "authoring/_data/templates/national/report.docx",
                    "authoring/_data/templates/fonts.conf", "authoring/_data/schema/questionnaire.schema.json",
                    "authoring/_data/docs/地区配置参考.md"):
        assert shipped in names, shipped
    venv = base / "venv"
    python = getattr(sys, "_base_executable", sys.executable)
    made = _run([python, "-m", "venv", venv], cwd=base)
    assert made.returncode == 0, made.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    pip = _run([bindir / "python", "-m", "pip", "install", "-q", wheel], cwd=base, timeout=900)
    if pip.returncode != 0 and any(s in pip.stderr for s in NO_INDEX):
        pytest.skip(f"no package index for the dependencies: {pip.stderr.strip()[-300:]}")
    assert pip.returncode == 0, pip.stderr
    work = base / "work"
    work.mkdir()
    for example in ROOT.glob("inputs/*.yaml"):
        shutil.copy(example, work / example.name)
    return bindir / "authoring", work


def test_the_installed_package_is_not_the_repository(installed):
    program, work = installed
    where = _run([program.parent / "python", "-c", "import authoring, authoring.data as d;"
                  "print(authoring.__file__); print(d.shipped('templates'))"], cwd=work)
    package, templates = where.stdout.splitlines()
    assert str(ROOT) not in package and "site-packages" in package
    assert templates.endswith(os.path.join("authoring", "_data", "templates"))


def test_check_profiles_schema_init_and_build_docx(installed):
    program, work = installed
    check = _run([program, "check", *sorted(p.name for p in work.glob("*.yaml"))], cwd=work)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "计算总分 98 分，等级“优”（佛山市（市级）规则）" in check.stdout

    profiles = _run([program, "profiles"], cwd=work)
    assert profiles.returncode == 0 and profiles.stdout.splitlines()[0].startswith("foshan\t佛山市")

    schema = _run([program, "schema"], cwd=work)
    assert schema.returncode == 0
    assert schema.stdout == (ROOT / "schema" / "questionnaire.schema.json").read_text(encoding="utf-8")

    init = _run([program, "init", "--profile", "hebei", "新问卷.yaml"], cwd=work)
    assert init.returncode == 0, init.stderr
    first = (work / "新问卷.yaml").read_text(encoding="utf-8").splitlines()[0]
    reference = first.split("$schema=", 1)[1]
    assert json.loads((work / reference).read_text(encoding="utf-8"))["title"] == "部门整体支出绩效自评问卷"
    assert "site-packages" in reference and str(ROOT) not in reference

    build = _run([program, "build", "--format", "docx", "-o", "报告", "foshan-zhengxie-2021.yaml"], cwd=work)
    assert build.returncode == 0, build.stdout + build.stderr
    assert [p.suffix for p in (work / "报告").iterdir() if not p.name.startswith(".")] == [".docx"]

    help_text = _run([program, "--help"], cwd=work)
    assert help_text.returncode == 0 and help_text.stdout.startswith("用法：authoring")


def test_a_bureau_folder_beside_the_installed_package(installed):
    program, work = installed
    (work / "本局规则" / "moucity").mkdir(parents=True)
    (work / "本局规则" / "moucity" / "profile.yaml").write_text("名称: 某某市\n继承: national\n", encoding="utf-8")
    listed = _run([program, "--templates", "本局规则", "profiles"], cwd=work)
    assert "moucity\t某某市（继承 national）\t等级：优≥90、良≥80、中≥60、差≥0" in listed.stdout.splitlines()
    via_env = _run([program, "profiles"], cwd=work, AUTHORING_TEMPLATES=str(work / "本局规则"))
    assert via_env.stdout == listed.stdout
