"""PDF rendering: content, GB/T 9704 layout, fonts, reproducibility and the URL fetcher's refusals."""

from __future__ import annotations

import copy
import io
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from authoring.render import fonts
from authoring.report.context import build_context
from authoring.pipeline import check_file
from authoring.jurisdiction.profile import LoadedProfile, load_profile
from authoring.render.pdf import is_number_cell, render_html, render_pdf, render_pdf_result, title_lines

ROOT = Path(__file__).resolve().parent.parent
FOSHAN = ROOT / "inputs" / "foshan-zhengxie-2021.yaml"
LUQUAN = ROOT / "inputs" / "luquan-zhengxie-2023.yaml"
PAGE_CHARS = set("— 0123456789")  # what the page-number face may contain

pytestmark = pytest.mark.skipif(not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists(),
                                reason="Fandol 字体未准备（运行 scripts/fonts.sh）")


# --- helpers ------------------------------------------------------------------------------------------

def context_of(path: Path) -> tuple[dict, LoadedProfile]:
    result = check_file(path)
    assert result.profile is not None and result.assessment is not None, [f.format() for f in result.findings]
    return build_context(result), result.profile


def flat_text(pdf: bytes) -> str:
    """All text without page headers (an example's 示例) and numbers, line breaks or spaces (CJK lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = [re.sub(r"(示\s*例\s*)?—\s*\d+\s*—\s*$", "", page.extract_text().rstrip()) for page in reader.pages]
    return re.sub(r"[\s\u200b]+", "", "".join(pages))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _cmap_chars(data: bytes) -> set[str]:
    chars: set[str] = set()
    text = data.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for _, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            chars.add(bytes.fromhex(dst).decode("utf-16-be"))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for i in range(int(hi, 16) - int(lo, 16) + 1):
                chars.add(chr(start + i))
    return chars


def font_chars(pdf: bytes) -> dict[str, set[str]]:
    """Embedded font name (without the subset tag) → the characters drawn with it (from ToUnicode)."""
    out: dict[str, set[str]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            chars = _cmap_chars(font["/ToUnicode"].get_object().get_data()) if "/ToUnicode" in font else set()
            out.setdefault(name, set()).update(chars)
    return out


def pdffonts(pdf: bytes, tmp_path: Path) -> list[dict]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni objectID gen
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


@pytest.fixture(scope="module")
def foshan():
    context, profile = context_of(FOSHAN)
    result = render_pdf_result(context, profile)
    return context, profile, result


# --- content ------------------------------------------------------------------------------------------

def test_headings_in_order(foshan):
    context, _, result = foshan
    text = flat_text(result.pdf)
    position = 0
    headings = [b for b in context["正文"] if b["类型"] in ("标题", "连排")]
    assert len(headings) > 20
    for block in headings:
        needle = re.sub(r"\s+", "", block["编号"] + (block.get("文字") if block["类型"] == "标题" else block["标题"]))
        found = text.find(needle, position)
        assert found >= 0, f"标题“{needle}”没有按顺序出现在 PDF 中"
        position = found + len(needle)


def test_title_and_every_paragraph_present(foshan):
    context, _, result = foshan
    text = flat_text(result.pdf)
    assert re.sub(r"\s+", "", context["标题"]) in text
    for block in context["正文"]:
        if block["类型"] in ("段落", "注"):
            assert re.sub(r"\s+", "", block["文字"]) in text


def test_tables_figures_score_and_grade(foshan):
    context, _, result = foshan
    text = flat_text(result.pdf)
    for figure in ("4754.99", "4482.25", "4813.40", "3854.81", "98.79%"):
        assert figure in text
    assert context["总分"] == "98" and context["等级"] == "优"
    assert "绩效得分为98分" in text or "自评得分98分" in text
    assert "“优”" in text
    tables = [b for b in context["正文"] if b["类型"] == "表格"]
    for table in tables:
        assert re.sub(r"\s+", "", table["标题"]) in text
        for row in table["行"]:
            for cell in row["格"]:
                if is_number_cell(cell):
                    assert cell in text


def test_page_numbers_a4_and_page_count(foshan):
    _, _, result = foshan
    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) >= 10
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    texts = page_texts(result.pdf)
    assert texts[0].rstrip().endswith("— 1 —")
    assert texts[1].rstrip().endswith("— 2 —")
    assert f"— {len(texts)} —" in texts[-1]


def test_page_number_right_on_odd_left_on_even(foshan, tmp_path):
    _, _, result = foshan
    path = tmp_path / "r.pdf"
    path.write_bytes(result.pdf)
    bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "2", "-bbox", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = bbox.split("<page ")[1:]
    xs = []
    for number, page in zip(("1", "2"), pages):
        words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', page)
        x = [float(a) for a, y, w in words if w == number and float(y) > 745]
        assert x, f"第 {number} 页找不到页码"
        xs.append(x[0])
    assert xs[0] > 450 and xs[1] < 150  # odd page: right; even page: left


def test_type_area_22_lines_of_28_characters(foshan, tmp_path):
    """GB/T 9704: 22 lines a page at a fixed 28.95 pt pitch, 28 characters a line."""
    _, _, result = foshan
    path = tmp_path / "r.pdf"
    path.write_bytes(result.pdf)
    bbox = subprocess.run(["pdftotext", "-f", "3", "-l", "4", "-bbox", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    for page in bbox.split("<page ")[1:]:  # pages of running text; the type area only (an example's 示例 header is above it)
        lines = [(float(y), text.replace("\u200b", "")) for y, text in
                 re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', page) if 100 < float(y) < 745]
        tops = sorted({round(y) for y, _ in lines})
        assert len(tops) == 22, tops
        first = tops[0]
        for k, top in enumerate(tops):
            assert abs(top - (first + k * 28.95)) <= 2, (k, top)
        lengths = [len(text) for _, text in lines if not re.search(r"[0-9]", text)]
        assert max(lengths) == 28
        assert sum(n == 28 for n in lengths) >= len(lengths) // 2


def test_quotes_do_not_leave_lines_short():
    from authoring.render.pdf import allow_quote_breaks

    html = "<head><title>“标题”</title></head><body><p>建设”等“百姓提案”。针对“完善”，以及“A”</p></body>"
    out = allow_quote_breaks(html)
    assert out.startswith("<head><title>“标题”</title>")  # metadata keeps plain text
    assert "建设”\u200b等\u200b“百姓提案”。针对\u200b“完善”，以及\u200b“A”</p>" in out
    # never a break before a closing quote or 。，, never after an opening quote
    assert "\u200b”" not in out and "“\u200b" not in out and "”\u200b。" not in out


def test_metadata(foshan):
    context, _, result = foshan
    reader = PdfReader(io.BytesIO(result.pdf))
    meta = reader.metadata
    assert meta["/Title"] == context["标题"]
    assert meta["/Author"] == context["部门全称"]
    assert meta["/Subject"] == context["元数据"]["主题"]
    assert "2021" in meta["/Keywords"]
    date = context["元数据"]["日期"].replace("-", "")
    assert meta["/CreationDate"].startswith(f"D:{date}")
    assert meta["/ModDate"].startswith(f"D:{date}")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_annex_label_and_signature():
    context, profile = context_of(LUQUAN)
    assert context["附件"] and context["落款"]
    pdf = render_pdf(context, profile)
    first = page_texts(pdf)[0].lstrip()
    assert first.startswith(context["附件"])
    assert context["落款单位"] in flat_text(pdf)


def test_long_table_repeats_its_header_and_keeps_rows_whole():
    context, profile = context_of(FOSHAN)
    context = copy.deepcopy(context)
    rows = [{"格": [str(i), f"第{i}项工作任务，内容较长需要换行显示以占用两行的高度", "已完成。"], "缩进": 0, "合计": False}
            for i in range(1, 41)]
    context["正文"][1:1] = [{"类型": "表格", "种类": "重点工作完成情况表", "标题": "长表格", "单位": "", "表头": ["序号", "工作任务", "完成情况"],
                          "行": rows, "注": "表注文字。", "列宽": [8, 46, 46]}]
    pages = [re.sub(r"[\s\u200b]+", "", t) for t in page_texts(render_pdf(context, profile))]
    spanned = [t for t in pages if re.search(r"第\d+项", t)]
    assert len(spanned) >= 2
    for text in spanned:
        assert "序号工作任务完成情况" in text  # thead repeated on every page of the table
    for i in range(1, 41):  # every row whole on exactly one page
        cell = f"第{i}项工作任务，内容较长需要换行显示以占用两行的高度"
        assert sum(cell in t for t in spanned) == 1, i


def test_run_in_heading_and_table_html():
    context, profile = context_of(FOSHAN)
    html = render_html(context, profile)
    assert ('<p class="run-in level-4"><span class="line"><span class="run-in-head"><span class="number">（1）</span>'
            in html)
    assert "<thead>" in html and '<td class="num">4754.99</td>' in html
    assert 'class="indent-1"' in html  # 人员经费 indented under 基本支出
    assert '<tr class="total">' in html


# --- fonts ----------------------------------------------------------------------------------------------

def test_every_font_embedded_as_subset(foshan, tmp_path):
    _, _, result = foshan
    rows = pdffonts(result.pdf, tmp_path)
    assert rows
    for row in rows:
        assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row
        assert re.match(r"^[A-Z]{6}\+", row["name"]), row


def test_roles_use_the_expected_faces(foshan):
    _, _, result = foshan
    used = font_chars(result.pdf)
    body = fonts.resolve("fang").family.replace(" ", "-")
    assert body in used and "的" in used[body]
    assert fonts.resolve("hei").family.replace(" ", "-") in used  # 一级标题
    assert fonts.resolve("kai").family.replace(" ", "-") in used  # 二级标题
    title = fonts.resolve("title")
    title_name = title.family.replace(" ", "-") + ("-Bold" if title.face.weight >= 700 else "")
    assert "佛" in used[title_name]
    if fonts.resolve("latin").face:
        latin = used[fonts.LATIN_FAMILY.replace(" ", "-")]
        assert "9" in latin and not any(ord(ch) > 0x7E for ch in latin)  # digits only; no CJK quotes


def test_no_fallback_face_without_rare_characters(foshan):
    _, _, result = foshan
    used = font_chars(result.pdf)
    role_faces = {r.face.family.replace(" ", "-") + ("-Bold" if r.face.weight >= 700 else "")
                  for r in fonts.resolve_all() if r.face}
    role_faces.add(fonts.LATIN_FAMILY.replace(" ", "-"))
    extra = set(used) - role_faces
    assert not extra, f"出现了角色之外的字体：{extra}"
    page_face = fonts.resolve("song").family.replace(" ", "-")
    assert used[page_face] <= PAGE_CHARS  # the 宋体 face carries only the page numbers


def test_rare_character_gets_fallback_face_only_for_that_character():
    context, profile = context_of(FOSHAN)
    context = copy.deepcopy(context)
    context["正文"].insert(2, {"类型": "段落", "文字": "番禺区沙湾镇三善邨社区居民委员会。"})
    result = render_pdf_result(context, profile)
    assert not any("方框" in w for w in result.warnings), result.warnings
    used = font_chars(result.pdf)
    with_rare = [name for name, chars in used.items() if "邨" in chars]
    assert len(with_rare) == 1
    rare = with_rare[0]
    assert rare.startswith("Noto-Serif-CJK-SC"), rare  # a serif fallback inside 仿宋 text, not Noto Sans
    assert "邨" not in used[fonts.resolve("fang").family.replace(" ", "-")]
    assert used[rare] - {"邨"} <= PAGE_CHARS  # nothing else was drawn with the fallback face
    assert "三善邨社区" in flat_text(result.pdf)


@pytest.mark.parametrize("path", sorted(p for p in (ROOT / "inputs").glob("*.yaml") if "邨" in p.read_text("utf-8")))
def test_example_with_rare_character(path):
    context, profile = context_of(path)
    result = render_pdf_result(context, profile)
    assert not any("方框" in w for w in result.warnings), result.warnings
    used = font_chars(result.pdf)
    rare = [name for name, chars in used.items() if "邨" in chars]
    assert len(rare) == 1 and rare[0].startswith("Noto-Serif-CJK-SC")
    assert used[rare[0]] - {"邨"} <= PAGE_CHARS
    assert "邨" in flat_text(result.pdf)


def test_missing_glyph_is_reported_not_fatal():
    context, profile = context_of(FOSHAN)
    context = copy.deepcopy(context)
    context["正文"].insert(2, {"类型": "段落", "文字": "私用区字符：\ue000。"})
    seen: list[str] = []
    pdf = render_pdf(context, profile, warn=seen.append)
    assert pdf.startswith(b"%PDF")
    assert any("方框" in w and "U+E000" in w for w in seen), seen


def test_fonts_css_uses_only_known_names():
    css = fonts.css({"正文": "仿宋_GB2312", "一级标题": "SimHei", "三级标题": "}</style><script>", "页码": "宋体"})
    assert "<script>" not in css and "</style>" not in css
    assert re.search(r"--font-h1: [^;]*\"" + re.escape(fonts.resolve("hei").family), css)
    assert re.search(r"--font-h3: [^;]*\"" + re.escape(fonts.resolve("fang").family), css)  # unknown → default
    assert all(stack.rstrip().endswith(("serif;", "sans-serif;")) for stack in re.findall(r"--f\w+-\w+: [^;]*;", css))
    assert fonts.fallback_warnings({"三级标题": "华康简标题宋"})[-1].startswith("字体“华康简标题宋”")


def test_fallback_warnings_when_preferred_face_missing(monkeypatch):
    monkeypatch.delenv("AUTHORING_FONTS", raising=False)
    monkeypatch.setattr(fonts, "_system_font", lambda family, weight: None)
    fonts.resolve.cache_clear()
    try:
        warnings = fonts.fallback_warnings()
        assert any("楷体" in w and "FandolKai" in w for w in warnings)
        assert any("黑体" in w and "FandolHei" in w for w in warnings)
        assert any("邨" in w for w in warnings)  # no Noto: rare characters are at risk
        assert fonts.resolve("title").family == "FandolSong" and fonts.resolve("title").is_fallback
        assert '"FandolSong"' in fonts.css() and "FandolSong-Bold.otf" in fonts.css()
    finally:
        fonts.resolve.cache_clear()


def test_cmd_fonts_lists_every_role_and_the_subsetter():
    lines: list[str] = []
    assert fonts.cmd_fonts(lines.append) == 0
    text = "\n".join(lines)
    for role in fonts.ROLES.values():
        assert role.name in text
    assert "FandolFang-Regular.otf" in text
    assert re.search(r"字体裁剪：(HarfBuzz|fontTools)", text)
    assert fonts.subsetter() in ("HarfBuzz", "fontTools")


@pytest.mark.skipif(not shutil.which("fc-match"), reason="没有 fc-match")
@pytest.mark.parametrize("official, family", [
    ("仿宋_GB2312", "FandolFang"), ("仿宋", "FandolFang"), ("FangSong", "FandolFang"),
    ("楷体_GB2312", "LXGW WenKai"), ("KaiTi", "LXGW WenKai"), ("黑体", "Noto Sans CJK SC"),
    ("SimHei", "Noto Sans CJK SC"), ("方正小标宋简体", "Noto Serif CJK SC:Bold"), ("宋体", "Noto Serif CJK SC"),
    ("SimSun", "Noto Serif CJK SC"), ("Times New Roman", "Liberation Serif"),
])
def test_fontconfig_aliases_for_libreoffice(official, family):
    want, _, style = family.partition(":")
    if not fonts._system_font(want, 700 if style else 400) and want != "FandolFang":
        pytest.skip(f"{want} 未安装")
    out = subprocess.run(["fc-match", "-f", "%{family[0]}|%{style[0]}", official], env=fonts.fontconfig_env(),
                         capture_output=True, text=True, check=True).stdout
    got_family, got_style = out.split("|")
    assert got_family == want
    if style:
        assert style in got_style


def test_fast_weasyprint_import_falls_back_when_lookup_fails():
    code = ("import ctypes.util, sys; from authoring.render import fonts;"
            "original = ctypes.util.find_library;"
            "fonts._ldconfig_find_library = lambda: (lambda name: None);"
            "wp = fonts.import_weasyprint(); assert wp.__version__;"
            "assert ctypes.util.find_library is original; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"  # WeasyPrint's install help from the failed fast attempt is swallowed


@pytest.mark.skipif(not shutil.which("soffice"), reason="没有 LibreOffice")
def test_libreoffice_renders_docx_with_the_open_faces(tmp_path):
    """templates/fonts.conf: the DOCX's official names come out as FandolFang, 霞鹜文楷, Noto, Liberation."""
    render_docx = pytest.importorskip("authoring.render.docx").render_docx
    context, profile = context_of(FOSHAN)
    docx = tmp_path / "r.docx"
    docx.write_bytes(render_docx(context, profile))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   env=fonts.fontconfig_env(), capture_output=True, check=True, timeout=120)
    names = " ".join(row["name"] for row in pdffonts((tmp_path / "r.pdf").read_bytes(), tmp_path))
    assert "FandolFang" in names and "LiberationSerif" in names
    if fonts.resolve("kai").family == "LXGW WenKai":
        assert "LXGWWenKai" in names
    assert "DejaVu" not in names


# --- reproducibility -------------------------------------------------------------------------------------

def test_same_context_gives_identical_bytes(foshan):
    context, profile, result = foshan
    assert render_pdf(context, profile) == result.pdf


def test_identical_bytes_in_a_fresh_process(foshan, tmp_path):
    _, _, result = foshan
    out = tmp_path / "fresh.pdf"
    code = ("import sys; from pathlib import Path; from authoring.pipeline import check_file;"
            "from authoring.report.context import build_context; from authoring.render.pdf import render_pdf;"
            "r = check_file(sys.argv[1]); Path(sys.argv[2]).write_bytes(render_pdf(build_context(r), r.profile))")
    subprocess.run([sys.executable, "-c", code, str(FOSHAN), str(out)], check=True, cwd=ROOT)
    assert out.read_bytes() == result.pdf


# --- layout helpers ------------------------------------------------------------------------------------------

def test_title_lines_break_between_words():
    assert title_lines("2021年度中国人民政治协商会议广东省佛山市委员会办公室部门整体支出绩效自评报告") == [
        "2021年度中国人民政治协商会议", "广东省佛山市委员会办公室", "部门整体支出绩效自评报告"]
    assert title_lines("2023年度石家庄市鹿泉区政协部门整体支出绩效自评报告") == [
        "2023年度石家庄市鹿泉区政协", "部门整体支出绩效自评报告"]
    assert title_lines("某某局绩效自评报告") == ["某某局绩效自评报告"]
    long = "2022年度广州市番禺区沙湾街道办事处社区卫生服务中心部门整体支出绩效自评报告"
    assert "".join(title_lines(long)) == long


@pytest.mark.parametrize("cell, number", [
    ("4754.99", True), ("1,234.50", True), ("98.79%", True), ("-3.2", True), ("10", True),
    ("", False), ("合计", False), ("已完成。", False), ("2021年", False),
])
def test_number_cells_are_detected(cell, number):
    assert is_number_cell(cell) is number


def test_child_template_extends_the_national_one(tmp_path):
    national = load_profile("national")
    child = tmp_path / "child"
    child.mkdir()
    (child / "report.html.j2").write_text(
        '{% extends "national/report.html.j2" %}{% block signature %}<p class="extra">（此页无正文）</p>{% endblock %}',
        encoding="utf-8")
    context, _ = context_of(FOSHAN)
    html = render_html(context, LoadedProfile("child", national.profile, [child] + national.chain))
    assert '<p class="extra">（此页无正文）</p>' in html and '<h1 class="title">' in html


def test_child_stylesheet_comes_after_parent(tmp_path):
    national = load_profile("national")
    child = tmp_path / "child"
    child.mkdir()
    (child / "report.css").write_text("h2.level-1 { color: #c00000; }", encoding="utf-8")
    profile = LoadedProfile("child", national.profile, [child] + national.chain)
    from authoring.render.pdf import stylesheet_files

    assert stylesheet_files(profile) == [national.chain[0] / "report.css", child / "report.css"]


# --- security ----------------------------------------------------------------------------------------------

@pytest.fixture
def listener():
    """A local TCP server that records every connection: proves that nothing was fetched over the network."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    hits: list[tuple] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, addr = server.accept()
            except OSError:
                continue
            hits.append(addr)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(1)
    server.close()


def test_questionnaire_text_is_escaped_and_inert(listener):
    port, hits = listener
    context, profile = context_of(FOSHAN)
    context = copy.deepcopy(context)
    evil = [f'<img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/x.png">',
            f'<link rel="attachment" href="file:///etc/passwd"><style>@import "http://127.0.0.1:{port}/a.css";</style>']
    context["正文"].insert(1, {"类型": "段落", "文字": evil[0]})
    context["正文"].insert(2, {"类型": "注", "文字": evil[1]})
    context["部门全称"] = '"><img src="file:///etc/passwd">'
    html = render_html(context, profile)
    assert "<img" not in html and "<link rel=\"attachment\"" not in html and "&lt;img src=" in html
    result = render_pdf_result(context, profile)
    assert result.refused == []  # nothing even tried: the text never became markup
    assert not any("passwd" in url for url in result.fetched)
    assert hits == []
    text = flat_text(result.pdf)
    assert 'file:///etc/passwd' in text and "root:" not in text
    assert b"/EmbeddedFiles" not in result.pdf


def test_template_cannot_read_local_files_or_the_network(tmp_path, listener):
    port, hits = listener
    national = load_profile("national")
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "leak.png").symlink_to("/etc/passwd")
    (evil / "report.html.j2").write_text(f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{{{ 标题 }}}}</title>
<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">
<link rel="attachment" href="file:///etc/passwd" title="passwd">
</head><body>
<p>{{{{ 标题 }}}}</p>
<img src="file:///etc/passwd"><img src="../../../../../../etc/passwd"><img src="leak.png">
<img src="http://127.0.0.1:{port}/x.png"><img src="http://127.0.0.1:9/x">
<object data="file:///etc/passwd"></object>
<img src="data:image/svg+xml;charset=utf-8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E">
</body></html>""", encoding="utf-8")
    (evil / "report.css").write_text(f"""
@import url("file:///etc/passwd");
@import url("http://127.0.0.1:{port}/imported.css");
@font-face {{ font-family: Evil; src: url("file:///etc/passwd"); }}
@font-face {{ font-family: Evil2; src: url("http://127.0.0.1:{port}/font.ttf"); }}
body {{ background: url("http://127.0.0.1:9/x"); }}
p {{ font-family: Evil, Evil2, serif; }}
""", encoding="utf-8")
    profile = LoadedProfile("evil", national.profile, [evil] + national.chain)
    context, _ = context_of(FOSHAN)
    result = render_pdf_result(context, profile)  # a refused fetch never stops the build
    assert result.pdf.startswith(b"%PDF")
    assert hits == [], "模板中的 http:// 地址被访问了"
    assert not any("passwd" in url or url.startswith("http") for url in result.fetched), result.fetched
    refused = "\n".join(result.refused)
    for url in ("file:///etc/passwd", f"http://127.0.0.1:{port}/style.css", f"http://127.0.0.1:{port}/x.png",
                "http://127.0.0.1:9/x", f"http://127.0.0.1:{port}/imported.css", f"http://127.0.0.1:{port}/font.ttf",
                (evil / "leak.png").as_uri()):
        assert url in refused, f"{url} 没有被拒绝"
    assert any("已拒绝读取" in w for w in result.warnings)
    assert b"root:" not in result.pdf and b"/EmbeddedFiles" not in result.pdf
    assert "data:image/svg+xml" not in refused  # data: URLs are allowed
