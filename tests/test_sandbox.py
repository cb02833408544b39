"""Issue 8, items 5–10: nothing read that must not be, nothing that runs forever.

5. 地区 and 继承 are names inside the templates folder, never paths; a folder linked out is refused.
6. Template loaders read only regular files inside the template folders (no symbolic link out).
7. Templates and 措辞 run with limits: the Jinja sandbox refuses the usual excesses at once, and every
   render runs in a child process with a time and memory limit (authoring/confine.py).
8. 文字检查 phrases are validated at load; the text rules never loop on an empty phrase.
9. Only regular files are read, each within its size limit.
10. `check` is linear in the size of the file: line starts are found once, matches look at a window.

Every hostile template is written to a templates folder of the test's own (AUTHORING_TEMPLATES).
A test that could hang if its item regressed runs under a deadline that fails it instead.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from authoring import confine
from authoring.checks.text_walk import occurrences
from authoring.cli import main
from authoring.confine import Exceeded, Limits, confined
from authoring.errors import FindingsError, ProfileError
from authoring.findings import Finding, Severity
from authoring.jurisdiction.profile import TEMPLATES_DIR, available, load_profile
from authoring.render import fonts
from conftest import INDICATORS, MINIMAL, at, edit_docx_xml, make_templates

NAME_RULE = ("不是有效的地区名称：地区名称是 templates 文件夹中一个文件夹的名字，只能由字母、数字、汉字、“-”和“_”组成"
             "（不以“-”开头，不超过 64 个字符），不能含“/”“\\”“.”或空格")
EVIL = "名称: 试写\n继承: national\n"
needs_fonts = pytest.mark.skipif(not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists(),
                                 reason="Fandol 字体未准备（运行 scripts/fonts.sh）")


@pytest.fixture(autouse=True)
def deadline():
    """Fail (never hang) a test whose item has regressed into waiting forever."""
    def expired(signum, frame):
        raise TimeoutError("测试超过 120 秒：是否又在无限等待？")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def templates(tmp_path, monkeypatch) -> Path:
    """A templates folder (national linked to the shipped one, and `evil`), used by every command."""
    root = make_templates(tmp_path, {"evil": EVIL})
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    return root


@pytest.fixture
def questionnaire(write) -> Path:
    return write(MINIMAL.replace("地区: national", "地区: evil") + INDICATORS)


def run(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err.splitlines()


def build(capsys, q: Path, out: Path, fmt: str = "pdf") -> tuple[int, list[str], list[str]]:
    return run(capsys, "build", str(q), "--format", fmt, "-o", str(out))


# ------------------------------------------------------------------------ 5. names, not paths


@pytest.mark.parametrize("name", ["../evil", "/etc", "evil/../national", "..", ".hidden", "a b", "a\\b", "-x"])
def test_a_region_that_is_a_path_is_a_located_q2(write, templates, capsys, name):
    p = write(MINIMAL.replace("地区: national", f"地区: '{name}'") + INDICATORS)
    code, out, _ = run(capsys, "check", str(p))
    assert code == 1
    assert out[0] == f"{at(p, name)}: 错误 [Q2] 地区: “{name}”{NAME_RULE}"


def test_an_inherited_path_is_a_located_p1(write, templates, capsys):
    (templates / "evil" / "profile.yaml").write_text("名称: 试写\n继承: ../../national\n", encoding="utf-8")
    p = write(MINIMAL.replace("地区: national", "地区: evil") + INDICATORS)
    code, _, err = run(capsys, "check", str(p))
    assert code == 3
    profile = templates / "evil" / "profile.yaml"
    assert err == [f"{at(profile, '../../national')}: 错误 [P1] 继承: “../../national”{NAME_RULE}",
                   f"{p}: 地区规则有错误，未能校验"]


def test_a_region_folder_linked_out_of_the_templates_folder_is_refused(tmp_path, write, templates, capsys):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "profile.yaml").write_text(EVIL, encoding="utf-8")
    (templates / "linked").symlink_to(outside)
    p = write(MINIMAL.replace("地区: national", "地区: linked") + INDICATORS)
    code, _, err = run(capsys, "check", str(p))
    assert code == 3
    assert err[0] == (f"{templates / 'linked'}:1:1: 错误 [P0] 这是指向 {templates}、{TEMPLATES_DIR}"
                      f" 之外（{outside}）的符号链接，为安全起见不读取：请把文件或文件夹本身复制到这里")


def test_a_link_to_a_shipped_region_or_within_the_folder_is_followed(templates):
    (templates / "alias").symlink_to(templates / "evil")
    assert load_profile("alias", templates).profile.name == "试写"
    assert load_profile("national", templates).chain == [templates / "national"]  # the link make_templates made


def test_only_folders_with_valid_names_are_listed(templates):
    (templates / "a b").mkdir()
    (templates / "a b" / "profile.yaml").write_text(EVIL, encoding="utf-8")
    assert available(templates) == ["evil", "national"]


# --------------------------------------------------------------- 6. loaders stay in their folders


@needs_fonts
def test_a_pdf_template_cannot_include_a_link_out_of_its_folder(templates, questionnaire, tmp_path, capsys):
    evil = templates / "evil"
    (evil / "leak.html").symlink_to("/etc/passwd")
    (evil / "report.html.j2").write_text('<p>\n{% include "leak.html" %}</p>', encoding="utf-8")
    code, _, err = build(capsys, questionnaire, tmp_path / "out")
    assert code == 3
    assert f"{evil / 'report.html.j2'}:2:1: 错误 [H1] “leak.html”是指向模板文件夹之外（/etc/passwd）的符号链接，为安全起见不读取" in err
    assert err[-1] == f"{questionnaire}: 地区规则或模板有错误，未生成任何文件"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["report.html.j2", "report.css", "report.docx"])
def test_a_template_file_linked_out_of_its_folder_is_refused(templates, questionnaire, tmp_path, capsys, name):
    outside = tmp_path / f"outside-{name}"
    outside.write_text("root:x:0:0", encoding="utf-8")
    (templates / "evil" / name).symlink_to(outside)
    code, _, err = build(capsys, questionnaire, tmp_path / "out", "docx" if name.endswith("docx") else "pdf")
    assert code == 3
    assert f"{templates / 'evil' / name}:1:1: 错误 [P0] 这是指向 {templates / 'evil'} 之外（{outside}）的符号链接，" \
           "为安全起见不读取：请把文件或文件夹本身复制到这里" in err


def test_a_word_template_cannot_include_another(templates, questionnaire, tmp_path, capsys):
    shipped = load_profile("national").chain[0] / "report.docx"
    edit_docx_xml(shipped, templates / "evil" / "report.docx", ("{{ 标题 }}", "{{ 标题 }}{% include '/etc/passwd' %}"))
    code, _, err = build(capsys, questionnaire, tmp_path / "out", "docx")
    assert code == 3
    assert any(line.startswith(f"{templates / 'evil' / 'report.docx'}:")
               and "[D1] word/document.xml: Word 模板不能引用其他模板（“/etc/passwd”）" in line for line in err), err


# ------------------------------------------------------------------ 7. limits on what renders

BOMBS = {
    "nested loops": ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                     "模板的循环和调用超过 5000000 次（是否有多层嵌套的循环或递归？）"),
    "huge power": ("{{ 10 ** 100000000 }}", "10 ** 100000000 的结果超过 10000 位"),
    "huge repetition": ("{{ 'a' * 10 ** 9 }}", "重复（*）的结果会超过 10000000 个字符（或项）"),
    "doubling": ("{% set ns = namespace(s='a') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                 "用“~”拼接的文字超过 10000000 个字符（或项）"),
    "wide format": ("{{ '%0999999999d' % 1 }}", "格式化的宽度会超过 10000000 个字符（或项）"),
    "endless macro": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
                      "模板的宏或循环递归过深（是否有调用自身而不会停止的宏？）"),
    "big range": ("{% for i in range(10 ** 9) %}{% endfor %}", "range() 最多 100000 项，这里是 1000000000 项"),
}


@needs_fonts
@pytest.mark.parametrize("bomb", BOMBS)
def test_a_pdf_template_that_asks_too_much_is_a_located_error(templates, questionnaire, tmp_path, capsys, bomb):
    template, message = BOMBS[bomb]
    (templates / "evil" / "report.html.j2").write_text(f"<html>\n<body>{template}</body></html>", encoding="utf-8")
    code, _, err = build(capsys, questionnaire, tmp_path / "out")
    assert code == 3
    assert f"{templates / 'evil' / 'report.html.j2'}:2:1: 错误 [H1] PDF 模板超出限制：{message}" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("bomb", ["nested loops", "huge power", "huge repetition", "doubling"])
def test_a_word_template_that_asks_too_much_is_a_located_error(templates, questionnaire, tmp_path, capsys, bomb):
    template, message = BOMBS[bomb]
    shipped = load_profile("national").chain[0] / "report.docx"
    edit_docx_xml(shipped, templates / "evil" / "report.docx", ("{{ 标题 }}", "{{ 标题 }}" + template.replace("'", "&apos;")))
    code, _, err = build(capsys, questionnaire, tmp_path / "out", "docx")
    assert code == 3
    assert any(f"错误 [D1] word/document.xml: 模板超出限制（{message}）" in line for line in err), err


@pytest.mark.parametrize("bomb", ["nested loops", "huge power", "huge repetition", "doubling", "endless macro"])
def test_a_wording_that_asks_too_much_is_refused_when_the_profile_loads(templates, questionnaire, capsys, bomb):
    template, message = BOMBS[bomb]
    profile = templates / "evil" / "profile.yaml"
    profile.write_text(EVIL + f"措辞:\n  自评结论: \"{template}好\"\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(questionnaire))
    assert code == 3
    assert err == [f"{profile}:4:10: 错误 [P8] 措辞.自评结论: 按示例数值试写这句话时超出限制：{message}",
                   f"{questionnaire}: 地区规则有错误，未能校验"]


def test_a_wording_that_fails_only_with_the_questionnaires_values_is_located_at_build(
        templates, questionnaire, tmp_path, capsys):
    profile = templates / "evil" / "profile.yaml"  # "1" × 2,000,000 passes at load; the 6-character name does not
    profile.write_text(EVIL + "措辞:\n  自评结论: \"{{ 部门全称 * 2000000 }}\"\n", encoding="utf-8")
    assert run(capsys, "check", str(questionnaire))[0] == 0
    code, _, err = build(capsys, questionnaire, tmp_path / "out", "docx")
    assert code == 3
    assert err == [f"{profile}:4:10: 错误 [P8] 措辞.自评结论: 用本问卷的数值生成这句话时超出限制："
                   "重复（*）的结果会超过 10000000 个字符（或项）",
                   f"{questionnaire}: 地区规则或模板有错误，未生成任何文件"]


@needs_fonts
def test_a_stylesheet_that_imports_itself_is_read_once(templates, questionnaire, tmp_path, capsys):
    css = templates / "evil" / "report.css"
    css.write_text('@import "report.css";\n@import url("report.css");\nbody { color: black; }\n', encoding="utf-8")
    code, out, err = build(capsys, questionnaire, tmp_path / "out")
    assert code == 0
    assert f"  警告：已拒绝读取模板引用的外部资源：{css.as_uri()}（同一个样式表被再次引用（@import 成环））" in err
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name != ".authoring-manifest.json"] != []
    assert len([p for p in (tmp_path / "out").iterdir() if p.name != ".authoring-manifest.json"]) == 1


def test_a_render_past_its_time_limit_is_a_located_error(templates, questionnaire, tmp_path, capsys, monkeypatch):
    import authoring.render.limits as limits

    monkeypatch.setattr(limits, "render_limits", lambda chars: Limits(0.01, 1 << 30))
    code, _, err = build(capsys, questionnaire, tmp_path / "out", "docx")
    assert code == 3
    message = "错误 [R1] 生成报告时超过时间限制（0.01 秒）：模板或地区规则中是否有不会结束的循环、过大的运算或引用自身的样式表？"
    working_on = [templates / "evil" / "profile.yaml", templates / "national" / "report.docx"]  # where the child was
    assert err[-2] in [f"{file}:1:1: {message}" for file in working_on]
    assert err[-1] == f"{questionnaire}: 地区规则或模板有错误，未生成任何文件"
    assert not (tmp_path / "out").exists()


def test_a_render_that_outputs_too_much_is_a_located_error(templates, questionnaire, tmp_path, capsys, monkeypatch):
    import authoring.sandbox as sandbox

    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 1000)
    shipped = load_profile("national").chain[0] / "report.docx"
    edit_docx_xml(shipped, templates / "evil" / "report.docx", ("{{ 标题 }}", "{{ 标题 }}"))
    code, _, err = build(capsys, questionnaire, tmp_path / "out", "docx")
    assert code == 3
    assert any("[D1] word/document.xml: 模板超出限制（模板输出超过 1000 个字符（是否有循环输出了过多的内容？））" in line
               for line in err), err


# the child process itself


def test_confined_work_returns_its_result_and_its_errors():
    assert confined(lambda: {"值": [1, 2]}, Limits(30, 256 << 20)) == {"值": [1, 2]}
    finding = Finding(Severity.ERROR, "P0", "x.yaml", 1, 1, "", "坏")

    def profile_error():
        raise ProfileError([finding])

    with pytest.raises(ProfileError) as caught:
        confined(profile_error, Limits(30, 256 << 20))
    assert caught.value.findings == [finding] and caught.value.exit_code == 3

    def bug():
        raise KeyError("没有这一项")

    with pytest.raises(KeyError):
        confined(bug, Limits(30, 256 << 20))


def test_confined_work_past_its_time_is_ended_and_says_where_it_was():
    def forever():
        confine.progress("第二句")
        while True:
            time.sleep(1)

    start = time.monotonic()
    with pytest.raises(Exceeded) as caught:
        confined(forever, Limits(0.5, 256 << 20))
    assert time.monotonic() - start < 10
    assert caught.value.kind == "time" and caught.value.where == "第二句"
    assert str(caught.value) == "超过时间限制（0.5 秒）"


def test_confined_work_past_its_memory_is_ended():
    with pytest.raises(Exceeded) as caught:
        confined(lambda: bytearray(8 << 30), Limits(30, 256 << 20))
    assert caught.value.kind == "memory" and str(caught.value) == "超过内存限制（256 MB）"


def test_a_confined_child_that_dies_is_reported():
    with pytest.raises(Exceeded) as caught:
        confined(lambda: os.kill(os.getpid(), signal.SIGKILL), Limits(30, 256 << 20))
    assert caught.value.kind == "crash" and "SIGKILL" in str(caught.value)


def test_messages_reach_the_parent_as_they_happen():
    heard: list = []
    assert confined(lambda: [confine.tell("一"), confine.tell("二")] and 3, Limits(30, 256 << 20), heard.append) == 3
    assert heard == ["一", "二"]


# --------------------------------------------------------------------- 8. the 文字检查 lists


def test_empty_duplicate_and_overlong_phrases_are_refused_at_load(templates, questionnaire, capsys):
    profile = templates / "evil" / "profile.yaml"
    long = "长" * 51
    profile.write_text(EVIL + f"""文字检查:
  错别字: {{"": 空, 较对: ""}}
  文体残留: ["", 项目, 项目, "   ", {long}]
  过时提法:
    - {{提法: "", 自年度: 2020, 说明: 无}}
""", encoding="utf-8")
    code, _, err = run(capsys, "check", str(questionnaire))
    assert code == 3
    empty = "是空的：空的词处处都能“找到”，请写出要检查的词，或删去这一项"
    quotes = '""'
    assert err == [
        f"{at(profile, '空')}: 错误 [P6] 文字检查.错别字.: 错别字中的一项{empty}",
        f"{at(profile, quotes + ', 自年度', offset=1)}: 错误 [P6] 文字检查.过时提法[1].提法: 过时提法的第 1 项{empty}",
        f"{at(profile, '[' + quotes, offset=2)}: 错误 [P6] 文字检查.文体残留[1]: 文体残留的第 1 项{empty}",
        f"{at(profile, '项目', 2)}: 错误 [P6] 文字检查.文体残留[3]: 文体残留的第 3 项“项目”重复：文体残留的第 2 项已经写过，请删去一项",
        f"{at(profile, '   ')}: 错误 [P6] 文字检查.文体残留[4]: 文体残留的第 4 项{empty}",
        f"{at(profile, long)}: 错误 [P6] 文字检查.文体残留[5]: 文体残留的第 5 项过长（51 个字符，最多 50 个）：请只写要检查的词或短语",
        f"{at(profile, quotes + '}', offset=1)}: 错误 [P6] 文字检查.错别字.较对: 错别字“较对”的正确写法是空的：请写出正确的写法",
        f"{questionnaire}: 地区规则有错误，未能校验",
    ]


def test_the_text_rules_never_loop_on_an_empty_phrase(questionnaire):
    """Even with a profile that skipped validation, an empty phrase is found nowhere (and quickly)."""
    from authoring.checks.text import check_text
    from authoring.jurisdiction.model import TextRules
    from authoring.questionnaire.loader import load_partial

    assert list(occurrences("一二三", "")) == []
    rules = TextRules.model_validate({"错别字": {"": "空"}, "文体残留": [""], "局名残留": [""],
                                      "过时提法": [{"提法": "", "自年度": 2000, "说明": "无"}]})
    profile = load_profile("national").profile.model_copy(update={"text_rules": rules})
    loaded = load_partial(questionnaire)
    found = confined(lambda: check_text(loaded, profile), Limits(60, 1 << 30))
    assert not [f for f in found if f.rule in ("T6", "T7", "T9")]


# ------------------------------------------------------------- 9. regular files within limits


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_fifo_questionnaire_is_refused_without_waiting(tmp_path, capsys, command):
    fifo = tmp_path / "问卷.yaml"
    os.mkfifo(fifo)
    code, _, err = run(capsys, command, str(fifo))
    assert code == 2
    refused = [f"authoring: {fifo}: 不是普通文件（是命名管道），不能读取"]
    assert err == (refused if command == "check" else refused + [f"{fifo}: 未生成任何文件"])


@pytest.mark.parametrize("device", ["/dev/urandom", "/dev/zero", "/dev/null"])
def test_a_device_is_refused_without_reading(capsys, device):
    assert run(capsys, "check", device) == (2, [], [f"authoring: {device}: 不是普通文件（是设备），不能读取"])


def test_a_questionnaire_over_5_mb_is_refused_before_it_is_read(tmp_path, capsys):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (5 * 1024 * 1024 + 1) + b"\n")
    assert run(capsys, "check", str(big)) == (2, [], [f"authoring: {big}: 文件过大（5.1 MB，上限 5 MB），不能读取"])


def test_a_profile_that_is_a_fifo_or_over_1_mb_is_refused(templates, questionnaire, capsys):
    profile = templates / "evil" / "profile.yaml"
    profile.unlink()
    os.mkfifo(profile)
    code, _, err = run(capsys, "check", str(questionnaire))
    assert (code, err[0]) == (3, f"{profile}:1:1: 错误 [P0] 不是普通文件（是命名管道），不能读取")
    profile.unlink()
    profile.write_text(EVIL + "#" * (1024 * 1024), encoding="utf-8")
    code, _, err = run(capsys, "check", str(questionnaire))
    assert (code, err[0]) == (3, f"{profile}:1:1: 错误 [P0] 文件过大（1.1 MB，上限 1 MB），不能读取")


@pytest.mark.parametrize("name, fmt, expected", [
    ("report.html.j2", "pdf", "[H1] 模板“report.html.j2”不能读取：不是普通文件（是命名管道）"),
    ("report.css", "pdf", "[P0] 样式表不能读取：不是普通文件（是命名管道）"),
    ("report.docx", "docx", "[P0] Word 模板不能读取：不是普通文件（是命名管道）"),
])
def test_a_template_that_is_a_fifo_is_refused(templates, questionnaire, tmp_path, capsys, name, fmt, expected):
    if fmt == "pdf" and not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists():
        pytest.skip("Fandol 字体未准备")
    os.mkfifo(templates / "evil" / name)
    code, _, err = build(capsys, questionnaire, tmp_path / "out", fmt)
    assert code == 3
    assert f"{templates / 'evil' / name}:1:1: 错误 {expected}" in err


@needs_fonts
def test_an_image_that_is_a_fifo_is_not_fetched(templates, questionnaire, tmp_path, capsys):
    shipped = (load_profile("national").chain[0] / "report.html.j2").read_text(encoding="utf-8")
    (templates / "evil" / "report.html.j2").write_text(shipped.replace("</body>", "<img src=\"seal.png\"></body>", 1),
                                                      encoding="utf-8")
    os.mkfifo(templates / "evil" / "seal.png")
    code, _, err = build(capsys, questionnaire, tmp_path / "out")
    assert code == 0
    url = (templates / "evil" / "seal.png").as_uri()
    assert f"  警告：已拒绝读取模板引用的外部资源：{url}（不是普通文件（是命名管道））" in err


# ------------------------------------------------------------------------------- 10. linear


class _Counting(str):
    """A text that adds up how many characters its searches and slices go over."""

    scanned = 0

    def _span(self, start, end) -> int:
        start, end, _ = slice(start, end).indices(len(self))
        return max(end - start, 0)

    def find(self, sub, start=None, end=None):
        at = str.find(self, sub, start, end)
        _Counting.scanned += self._span(start, at + len(sub) if at >= 0 else end)
        return at

    def rfind(self, sub, start=None, end=None):
        _Counting.scanned += self._span(start, end)
        return str.rfind(self, sub, start, end)

    def count(self, sub, start=None, end=None):
        _Counting.scanned += self._span(start, end)
        return str.count(self, sub, start, end)

    def __getitem__(self, key):
        _Counting.scanned += self._span(key.start, key.stop) if isinstance(key, slice) else 1
        return str.__getitem__(self, key)


def test_locating_many_findings_reads_the_file_a_bounded_number_of_times():
    from authoring.questionnaire.yamlsource import load_text

    lines = 4000
    text = "部门职能: |\n" + "".join(f"  第{i}段：完成率98％。\n" for i in range(lines))
    data, source = load_text(text, "q.yaml")
    signs = [i for i, ch in enumerate(data["部门职能"]) if ch == "％"]
    source.buffer = _Counting(source.buffer)
    _Counting.scanned = 0
    positions = [source.text_position(("部门职能",), signs[k]) for k in range(0, lines, 4)]
    assert positions[-1] == (2 + (lines - 4), 3 + len(f"第{lines - 4}段：完成率98"))
    assert _Counting.scanned <= 3 * len(text), _Counting.scanned  # one pass for the line starts, one to align


def test_a_rule_looks_only_around_each_match():
    import re

    from authoring.checks.text import _around

    text = _Counting("推文1449余篇，" * 20000)
    _Counting.scanned = 0
    matches = list(re.finditer(r"\d+", str(text)))
    for m in matches:
        _around(text, m)
    assert _Counting.scanned <= 2 * 32 * len(matches)


def test_verified_entries_are_matched_without_going_through_them_for_each_finding():
    from authoring.checks.verified import apply_verified

    class Entries(list):
        walks = 0

        def __iter__(self):
            Entries.walks += 1
            return super().__iter__()

    entries = Entries(SimpleNamespace(rule="T8", path=f"部门职能[{i + 1}]", reason="确数") for i in range(2000))
    loaded = SimpleNamespace(questionnaire=SimpleNamespace(verified=entries), source=None)
    findings = [Finding(Severity.WARNING, "T8", "q.yaml", i, 1, f"部门职能[{i + 1}]", "余") for i in range(2000)]
    out = apply_verified(loaded, findings)
    assert all(f.is_verified for f in out) and len(out) == 2000
    assert Entries.walks <= 2


def test_a_file_is_read_only_up_to_its_limit(tmp_path):
    from authoring.files import FileRefused, read_limited

    p = tmp_path / "grows.yaml"
    p.write_bytes(b"a" * 100)
    assert read_limited(p, 100) == b"a" * 100
    with pytest.raises(FileRefused) as caught:
        read_limited(p, 99)
    assert caught.value.reason == "文件过大（100 字节，上限 99 字节）"
    if Path("/proc/self/status").exists():  # a regular file that says it is empty and is not: read to the limit only
        with pytest.raises(FileRefused) as caught:
            read_limited("/proc/self/status", 16)
        assert caught.value.reason == "文件过大（上限 16 字节）"


def test_findings_error_survives_the_child(templates):
    with pytest.raises(FindingsError) as caught:
        confined(lambda: (_ for _ in ()).throw(FindingsError([], 3)), Limits(30, 256 << 20))
    assert caught.value.exit_code == 3


def test_a_wording_that_outlasts_its_child_is_reported_and_the_others_still_tried(templates, monkeypatch):
    """The backstop: a sentence that hangs where the sandbox cannot see (here a stand-in that sleeps)."""
    from authoring.jurisdiction import wording_check

    real = wording_check._trial_render

    def trial(text, variables):
        if "慢" in text:
            time.sleep(3600)
        return real(text, variables)

    monkeypatch.setattr(wording_check, "_trial_render", trial)
    monkeypatch.setattr(wording_check, "TRIAL_LIMITS", Limits(0.5, 256 << 20))
    profile = templates / "evil" / "profile.yaml"
    profile.write_text(EVIL + "措辞:\n  自评结论: \"慢{{ 总分 }}\"\n  收入概述: \"{{ 总分 + 1 }}\"\n"
                              "  支出概述: \"慢{{ 年度 }}\"\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile("evil", templates)
    lines = [f.format() for f in caught.value.findings]
    slow = "按示例数值试写这句话时超过时间限制（0.5 秒）：请检查这句话中的循环和运算"
    assert lines == [
        f"{profile}:4:10: 错误 [P8] 措辞.自评结论: {slow}",
        f"{profile}:5:10: 错误 [P8] 措辞.收入概述: 按示例数值试写这句话时出错（TypeError: can only concatenate str "
        "(not \"int\") to str）：变量都是文字，做算术前要先用 |float 或 |int 转成数字",
        f"{profile}:6:10: 错误 [P8] 措辞.支出概述: {slow}",
    ]


def test_inheritance_deeper_than_16_levels_is_refused(templates, capsys):
    for i in range(20):
        (templates / f"l{i}").mkdir()
        parent = f"l{i - 1}" if i else "national"
        (templates / f"l{i}" / "profile.yaml").write_text(f"名称: 第{i}层\n继承: {parent}\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile("l19", templates)
    assert [f.format() for f in caught.value.findings] == [
        f"{templates / 'l3' / 'profile.yaml'}:1:1: 错误 [P1] 继承: 继承的层级超过 16 层（l19 → l18 → l17 → … → l3）：请减少中间的地区"]


@needs_fonts
def test_a_pdf_template_that_writes_far_more_than_the_report_is_refused(templates, questionnaire, tmp_path, capsys):
    (templates / "evil" / "report.html.j2").write_text(
        "<html><body>{% for i in range(1000) %}{{ 部门全称 * 1000 }}{% endfor %}</body></html>", encoding="utf-8")
    code, _, err = build(capsys, questionnaire, tmp_path / "out")
    assert code == 3
    assert any(line.startswith(f"{templates / 'evil' / 'report.html.j2'}:1:1: 错误 [H1] PDF 模板写出了 6000026 个字符，"
                               "远多于报告的内容") for line in err), err


def test_the_limits_leave_ordinary_template_code_alone():
    from authoring.sandbox import LimitedEnvironment

    env = LimitedEnvironment()
    ordinary = ("{{ '%d' % 10 ** 9 }}|{{ '编号12345678{}'.format(1) }}|{{ '{:,.2f}'.format(1234.5) }}|"
                "{{ '%5.1f%%' % 98.25 }}|{{ range(3)|join('、') }}|{{ '-' * 20 }}|{{ 2 ** 64 }}|"
                "{% for i in range(1000) %}{% endfor %}{{ ['a', 'b']|map('upper')|join }}")
    assert env.from_string(ordinary).render() == \
        "1000000000|编号123456781|1,234.50| 98.2%|0、1、2|--------------------|18446744073709551616|AB"
