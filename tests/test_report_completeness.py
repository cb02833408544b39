"""Every jurisdiction folder, rendered from a minimal and from a full questionnaire made from its profile:
no empty slot ("得分分", "占。"), no empty heading, and in the full report every text typed is printed.

Profiles are found on disk (templates/*/profile.yaml); the questionnaires are made from each profile
(tests/questionnaires.py), so a new jurisdiction folder is covered without touching the tests.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from authoring.checks.text_walk import narrative_items
from authoring.pipeline import CheckResult, check_file
from authoring.render import fonts
from authoring.render.docx import render_docx
from authoring.render.pdf import render_pdf
from authoring.report.context import build_context
from questionnaires import TEMPLATES, full_questionnaire, minimal_questionnaire, profiles_on_disk

EMPTY_SLOTS = ("分分", "占。", "“”", "，。", "为。", "万元，。", "（）", "None", "Undefined", "MISSING")
# A unit or a percent sign with no number before it ("支出万元。"); the table unit line "单位：万元" is no slot.
EMPTY_NUMBERS = re.compile(r"(?<![\d.：])万元|(?<![\d.])%")
MAKERS = {"minimal": minimal_questionnaire, "full": full_questionnaire}
_SIGNATURE_STYLES = ("Signature", "SignatureDate")

needs_fonts = pytest.mark.skipif(not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists(),
                                 reason="Fandol 字体未准备（运行 scripts/fonts.sh）")


# ---- what a reader of each output sees --------------------------------------------------------------

def docx_blocks(data: bytes) -> list[tuple[int | None, str]]:
    """Body content in order: (heading level, text) for headings, (None, text) for paragraphs and tables;
    the 落款 block ends the body."""
    document = docx.Document(io.BytesIO(data))
    out: list[tuple[int | None, str]] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            table = Table(child, document)
            out.append((None, "".join(cell.text for row in table.rows for cell in row.cells)))
        elif tag == "p":
            para = Paragraph(child, document)
            style = para.style.style_id if para.style is not None else ""
            if style in _SIGNATURE_STYLES:
                break
            m = re.fullmatch(r"Heading(\d)", style)
            if m or para.text.strip():
                out.append((int(m[1]) if m else None, para.text))
    return out


def empty_headings(blocks: list[tuple[int | None, str]]) -> list[str]:
    """Headings followed by a heading of the same or a higher level, or by the end."""
    out = []
    for i, (level, text) in enumerate(blocks):
        if level is None:
            continue
        following = blocks[i + 1][0] if i + 1 < len(blocks) else 0
        if following is not None and following <= level:
            out.append(text)
    return out


def flat(text: str) -> str:
    return re.sub(r"[\s\u200b]+", "", text)


def pdf_flat_text(data: bytes) -> str:
    pages = [re.sub(r"—\s*\d+\s*—\s*$", "", page.extract_text().rstrip()) for page in PdfReader(io.BytesIO(data)).pages]
    return flat("".join(pages))


def pdf_empty_headings(text: str, context: dict) -> list[str]:
    """The context's headings, found in order in the PDF text, each followed by text before the next
    heading of the same or a higher level (or before the end)."""
    heads = [b for b in context["正文"] if b["类型"] == "标题"]
    spans = []
    position = 0
    for b in heads:
        needle = flat(b["编号"] + b["文字"])
        found = text.find(needle, position)
        assert found >= 0, f"标题“{needle}”没有按顺序出现在 PDF 中"
        spans.append((found, found + len(needle)))
        position = found + len(needle)
    end = len(text)
    if context["落款"]:
        end = text.rfind(flat(context["落款单位"]))
    out = []
    for i, b in enumerate(heads):
        last = i + 1 == len(heads)
        if not last and heads[i + 1]["级别"] > b["级别"]:
            continue  # a child heading follows: the child is checked itself
        stop = end if last else spans[i + 1][0]
        if not text[spans[i][1]:stop]:
            out.append(b["编号"] + b["文字"])
    return out


def typed_texts(result: CheckResult) -> list[tuple[str, str, bool]]:
    """(field, one typed paragraph, whether it is printed in a table) for every narrative string."""
    out = []
    for item in narrative_items(result.loaded.raw):
        in_table = item.path[0] == "重点工作" or item.path[-1] == "扣分原因"
        for line in item.text.splitlines():
            if line.strip():
                out.append((".".join(map(str, item.path)), flat(line), in_table))
    return out


# ---- one profile, end to end -------------------------------------------------------------------------

def exercise(pid: str, kind: str, templates_dir: Path, tmp_path: Path) -> list[str]:
    """Check and render the questionnaire made from the profile; every problem a reader would see."""
    path = tmp_path / f"{pid}-{kind}.yaml"
    path.write_text(MAKERS[kind](pid, templates_dir), encoding="utf-8")
    result = check_file(path, templates_dir)
    problems = [f"check: {f.format()}" for f in result.findings]
    if result.errors or result.assessment is None:
        return problems
    context = build_context(result)
    word = render_docx(context, result.profile)
    pdf = render_pdf(context, result.profile)
    blocks = docx_blocks(word)
    word_text = flat("".join(text for _, text in blocks))
    pdf_text = pdf_flat_text(pdf)
    for output, text in (("DOCX", word_text), ("PDF", pdf_text)):
        problems += [f"{output}: 空位“{slot}”" for slot in EMPTY_SLOTS if slot in text]
        problems += [f"{output}: 空位“{text[max(m.start() - 6, 0):m.end()]}”" for m in EMPTY_NUMBERS.finditer(text)]
    problems += [f"DOCX: 空标题“{h}”" for h in empty_headings(blocks)]
    problems += [f"PDF: 空标题“{h}”" for h in pdf_empty_headings(pdf_text, context)]
    if kind == "full":
        for field, line, in_table in typed_texts(result):
            if line not in word_text:
                problems.append(f"DOCX: 没有印出 {field}“{line}”")
            if not in_table and line not in pdf_text:
                problems.append(f"PDF: 没有印出 {field}“{line}”")
    return problems


@needs_fonts
@pytest.mark.parametrize("kind", sorted(MAKERS))
@pytest.mark.parametrize("pid", profiles_on_disk())
def test_every_profile_renders_without_empty_slots_or_headings(pid, kind, tmp_path):
    assert exercise(pid, kind, TEMPLATES, tmp_path) == []


@needs_fonts
def test_a_new_profile_folder_is_exercised_without_a_code_change(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    new = templates / "newcity"
    shutil.copytree(TEMPLATES / "guangzhou", new)
    profile = new / "profile.yaml"
    profile.write_text(re.sub(r"(?m)^名称: .*$", "名称: 新市", profile.read_text(encoding="utf-8")), encoding="utf-8")
    assert "newcity" in profiles_on_disk(templates)
    for kind in sorted(MAKERS):
        assert exercise("newcity", kind, templates, tmp_path) == []


def test_the_scans_catch_what_they_look_for():
    blocks = [(1, "一、甲"), (2, "（一）乙"), (None, "正文"), (2, "（二）丙"), (1, "二、丁"), (2, "（一）戊")]
    assert empty_headings(blocks) == ["（二）丙", "（一）戊"]
    context = {"落款": False, "落款单位": "", "正文": [
        {"类型": "标题", "级别": 1, "编号": "一、", "文字": "甲"},
        {"类型": "标题", "级别": 2, "编号": "（一）", "文字": "乙"},
        {"类型": "标题", "级别": 1, "编号": "二、", "文字": "丙"}]}
    assert pdf_empty_headings("一、甲（一）乙正文二、丙", context) == ["二、丙"]
    assert pdf_empty_headings("一、甲（一）乙二、丙正文", context) == ["（一）乙"]
