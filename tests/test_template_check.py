"""`authoring templates check`: shipped templates pass; each kind of broken template is caught with its place."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from authoring.errors import UsageError
from authoring.jurisdiction.profile import load_profile
from conftest import edit_docx_xml
from authoring.render.template_check import (
    ERROR, WARNING, check_template, cmd_templates_check, sentinel_context, static_check,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "national" / "report.docx"
BROKEN = ROOT / "tests" / "data" / "broken_templates"


def run(ids, **kw) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = cmd_templates_check(ids, lines.append, **kw)
    return code, lines


def edit(dst: Path, *replacements: tuple[str, str], src: Path = TEMPLATE) -> Path:
    """A copy of the good template with XML text replacements in word/document.xml."""
    return edit_docx_xml(src, dst, *replacements)


def errors(problems) -> list[str]:
    return [f"{p.where}：{p.message}" for p in problems if p.severity == ERROR]


def only_error(problems) -> str:
    found = errors(problems)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------ shipped templates


def test_all_shipped_templates_pass():
    code, lines = run([])
    assert code == 0, lines
    assert "templates/national/report.docx: 通过" in lines  # and a jurisdiction's own template, if one ships it
    assert all(line.endswith(": 通过") for line in lines), lines


def test_one_jurisdiction_checks_the_template_it_inherits():
    code, lines = run(["hebei"])
    assert (code, lines) == (0, ["templates/national/report.docx: 通过", "templates/national/report.html.j2: 通过",
                                 "templates/national/report.css: 通过"])


def test_unknown_jurisdiction_is_a_usage_error():
    with pytest.raises(UsageError):
        run(["nowhere"])


def test_sentinel_context_covers_every_block_type_and_table_kind():
    ctx, expects = sentinel_context(load_profile("hebei"))
    kinds = {b["类型"] for b in ctx["正文"]}
    assert kinds == {"标题", "段落", "连排", "注", "表格"}
    assert {b["级别"] for b in ctx["正文"] if b["类型"] == "标题"} == {1, 2, 3, 4}
    tables = {b["种类"]: b for b in ctx["正文"] if b["类型"] == "表格"}
    assert len(tables) == 7
    assert len(tables["评价工作组人员名单"]["表头"]) == 5  # hebei adds 签字
    markers = [e.marker for e in expects]
    assert len(markers) == len(set(markers))


# ------------------------------------------------------------------ the four broken fixtures


def test_split_tag_is_found_with_its_paragraph():
    msg = only_error(check_template(BROKEN / "split_tag.docx"))
    assert msg.startswith("正文第 14 段")
    assert "{{ 标题 }}" in msg and "拆成了 2 段" in msg


def test_unknown_variable_is_found():
    msg = only_error(check_template(BROKEN / "unknown_variable.docx"))
    assert "未知变量“落款机关”" in msg and msg.startswith("正文第")


def test_unclosed_paragraph_if_is_found():
    msg = only_error(check_template(BROKEN / "unclosed_if.docx"))
    assert msg == "正文第 11 段：“{%p if 附件 %}”没有对应的“{%p endif %}”"


def test_tr_for_without_endfor_in_its_table_is_found():
    msg = only_error(check_template(BROKEN / "tr_without_endfor.docx"))
    assert msg.startswith("正文第 1 个表格第 2 行第 1 格第 1 段")
    assert "{%tr for r in b.行 %}" in msg and "{%tr endfor %}" in msg and "同一个表格" in msg


def test_broken_jurisdiction_template_fails_the_command(tmp_path):
    shutil.copytree(ROOT / "templates" / "national", tmp_path / "national")
    (tmp_path / "bureau").mkdir()
    (tmp_path / "bureau" / "profile.yaml").write_text("名称: 某局\n继承: national\n", encoding="utf-8")
    shutil.copy(BROKEN / "unclosed_if.docx", tmp_path / "bureau" / "report.docx")
    code, lines = run([], templates_dir=tmp_path)
    assert code == 1
    assert "templates/national/report.docx: 通过" in lines
    assert any(line.startswith("templates/bureau/report.docx: 错误：正文第 11 段") for line in lines)
    assert "templates/bureau/report.docx: 未通过（1 个错误）" in lines


def test_jurisdiction_without_any_template(tmp_path):
    (tmp_path / "lonely").mkdir()
    shutil.copy(ROOT / "templates" / "national" / "profile.yaml", tmp_path / "lonely" / "profile.yaml")
    code, lines = run(["lonely"], templates_dir=tmp_path)
    assert code == 1 and "找不到 report.docx" in lines[0]


# ------------------------------------------------------------------ more mistakes


def test_unknown_field_of_a_block(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{{ b.编号 }}{{ b.文字 }}", "{{ b.编号 }}{{ b.内容 }}"))
    msg = only_error(check_template(bad))
    assert "未知字段“b.内容”" in msg and "文字" in msg


def test_field_of_a_string(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{{ 附件 }}", "{{ 附件.名称 }}"))
    assert "没有字段“名称”" in only_error(check_template(bad))


def test_loop_variables_and_methods_are_known(tmp_path):
    ok = edit(tmp_path / "t.docx", ("{{ 段 }}", "{{ loop.index }}{{ 段.strip() }}{{ 元数据.作者 }}{{ 字体.正文 }}"))
    assert errors(check_template(ok)) == []


def test_loop_variable_outside_its_loop(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{{ 落款单位 }}", "{{ b.文字 }}"))
    assert "未知变量“b”" in only_error(check_template(bad))


def test_tr_tag_outside_a_table(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{%p for 段 in 引言 %}", "{%tr for 段 in 引言 %}"),
               ("{%p endfor %}", "{%tr endfor %}"))
    found = errors(check_template(bad))
    assert any("只能写在表格的单元格里" in m for m in found)


def test_paragraph_tag_closed_by_an_inline_tag(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{%p endif %}", "{% endif %}"))
    msg = only_error(check_template(bad))
    assert msg.startswith("正文第 4 段") and "写法一致" in msg


def test_mismatched_end(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{%p endif %}", "{%p endfor %}"))
    assert any("{%p endfor %}" in m for m in errors(check_template(bad)))


def test_stray_end(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{{ 标题 }}", "{{ 标题 }}{% endif %}"))
    assert "多余的“{% endif %}”" in only_error(check_template(bad))


def test_two_paragraph_tags_in_one_paragraph(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{%p if 附件 %}", "{%p if 附件 %}{%p if 落款 %}"),
               ("{%p endif %}", "{%p endif %}{%p endif %}"))
    assert any("一个段落里只能有一个" in m for m in errors(check_template(bad)))


def test_text_beside_a_paragraph_tag_is_a_warning(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{%p if 附件 %}", "{%p if 附件 %}说明文字"))
    problems = check_template(bad)
    assert errors(problems) == []
    assert any(p.severity == WARNING and "说明文字" in p.message for p in problems)


def test_tag_without_end(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{{ 标题 }}", "{{ 标题 "))
    assert any("没有结束" in m and "}}" in m for m in errors(check_template(bad)))


def test_syntax_error(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{{ 标题 }}", "{{ 标题 + }}"))
    assert "语法错误" in only_error(check_template(bad))


def test_include_is_refused(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{{ 标题 }}", "{{ 标题 }}{% include 'x' %}"))
    assert any("不能引用其他模板" in m for m in errors(check_template(bad)))


def test_sentinel_render_finds_a_value_that_is_never_shown(tmp_path):
    # the table note paragraph shows 单位 instead of 注: no static problem, but the note is lost
    bad = edit(tmp_path / "t.docx", ("{{ b.注 }}", "{{ b.单位 }}"))
    found = errors(check_template(bad))
    assert found and all(m.startswith("试渲染") for m in found)
    assert any("的注没有出现在生成的文档中" in m for m in found)


def test_sentinel_render_finds_cells_outside_a_table(tmp_path):
    # the first kind's table deleted: its rows then fall through to no table at all
    with zipfile.ZipFile(TEMPLATE) as z:
        doc = z.read("word/document.xml").decode()
    start = doc.index("<w:tbl>")
    end = doc.index("</w:tbl>") + len("</w:tbl>")
    bad = edit(tmp_path / "t.docx", (doc[start:end], "<w:p><w:r><w:t>{{ b.行|length }}</w:t></w:r></w:p>"))
    found = errors(check_template(bad))
    assert any("部门预算支出明细表" in m and "没有出现" in m for m in found)


def test_sentinel_render_finds_unescaped_user_text(tmp_path):
    bad = edit(tmp_path / "t.docx", ("{{ b.文字 }}", "{{ b.文字|safe }}"))
    found = errors(check_template(bad))
    assert any("没有原样输出" in m for m in found)
    assert len(found) <= 11


def test_not_a_docx(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"not a zip")
    assert "不是有效的 Word 文件" in only_error(static_check(path.read_bytes()))
