"""The five transcribed reports: corrected examples pass, published versions fail as DOMAIN §3.4 says."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from authoring.cli import main
from authoring.pipeline import check_file
from conftest import ROOT

EXAMPLES = ["panyu-zhengxie-2023", "foshan-zhengxie-2021", "panyu-renda-2023",
            "guangzhou-jiguangongwei-2023", "luquan-zhengxie-2023"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_passes_check(name):
    result = check_file(ROOT / "inputs" / f"{name}.yaml")
    assert [f.format() for f in result.errors] == []
    assert result.assessment.total is not None and result.assessment.grade


def test_foshan_reproduces_its_published_result():
    result = check_file(ROOT / "inputs" / "foshan-zhengxie-2021.yaml")
    assert result.assessment.total == Decimal("98")
    assert result.assessment.grade == "优"
    assert result.assessment.execution.value == Decimal("98.79")
    assert result.assessment.execution.basis == "调整预算数"


def _expected_rules(name: str) -> set[str]:
    text = (ROOT / "tests" / "seeds" / f"{name}.expected").read_text(encoding="utf-8")
    return {line.split("\t")[0].strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


@pytest.mark.parametrize("name", EXAMPLES)
def test_published_seed_reports_exactly_its_known_inconsistencies(name):
    result = check_file(ROOT / "tests" / "seeds" / f"{name}.yaml")
    assert not any(f.rule.startswith(("Q", "Y")) for f in result.findings), "published seed must load"
    found = {f.rule for f in result.findings}
    assert found == _expected_rules(name), "\n".join(f.format() for f in result.findings)


# --- Changing any one stated figure makes check fail on that line or on the line it disagrees with.

_FIGURE_KEYS = {"合计", "金额", "占比", "年初预算数", "调整预算数", "决算数", "预算执行率", "完成率", "得分", "分值", "总分"}


def _figures(name: str):
    result = check_file(ROOT / "inputs" / f"{name}.yaml")
    source = result.loaded.source
    for path, loc in sorted(source.values.items(), key=lambda kv: (kv[1].line, kv[1].col)):
        if path and path[-1] in _FIGURE_KEYS and loc.text is not None and re.search(r"\d", loc.text):
            if path[0] == "项目自评":
                continue
            yield path, loc


def _mutate(text: str) -> str:
    number = re.search(r"[\d,]+(\.\d+)?", text)
    value = Decimal(number.group(0).replace(",", ""))
    places = len(number.group(1)) - 1 if number.group(1) else 0
    new = value - 1 if value >= 1 else value + 1
    replacement = f"{new:.{places}f}"
    return text[: number.start()] + replacement + text[number.end():]


@pytest.mark.parametrize("name", EXAMPLES)
def test_changing_any_stated_figure_is_caught(name, tmp_path):
    original = (ROOT / "inputs" / f"{name}.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    figures = list(_figures(name))
    figure_lines = {loc.line for _, loc in figures}
    assert figures
    missed = []
    for path, loc in figures:
        lines = list(original)
        row = lines[loc.line - 1]
        start = loc.col - 1
        end = start + len(loc.text)
        if row[start:end] != loc.text:
            continue  # a quoted or block scalar: its text is not verbatim at that column
        lines[loc.line - 1] = row[:start] + _mutate(loc.text) + row[end:]
        target = tmp_path / f"{name}.yaml"
        target.write_text("".join(lines), encoding="utf-8")
        result = check_file(target)
        error_lines = {f.line for f in result.errors}
        if not error_lines or not (error_lines & (figure_lines | {loc.line})):
            missed.append(f"line {loc.line} {'.'.join(map(str, path))}: {loc.text} → no located error")
    assert missed == []


def test_make_report_command_checks_all_examples(capsys):
    files = [str(ROOT / "inputs" / f"{n}.yaml") for n in EXAMPLES]
    assert main(["check", *files]) == 0
