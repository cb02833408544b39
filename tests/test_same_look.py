"""The DOCX and the PDF look the same (issue 10): title lines, table structure and fonts, theme,
落款 date, grade-band sentence and the cover page — compared between the two outputs of every example."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml

from authoring.errors import ProfileError
from authoring.jurisdiction.profile import load_profile
from authoring.pipeline import check_file
from authoring.render import fonts
from authoring.render.docx import render_docx, render_template
from authoring.render.pdf import render_html, render_pdf
from authoring.report.context import BLANK_DATE, build_context
from authoring.report.title_lines import break_points, title_lines
from conftest import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The template's table paragraph styles and the alignment each stands for (scripts/build_docx_templates.py).
STYLE_ALIGN = {"TableText": "左", "TableCenter": "中", "TableNumber": "右", "TableHeader": "中"}
CLASS_ALIGN = {"num": "右", "right": "右", "center": "中", "": "左"}
needs_fonts = pytest.mark.skipif(not (fonts.FANDOL_DIR / "FandolFang-Regular.otf").exists(),
                                 reason="Fandol 字体未准备（运行 scripts/fonts.sh）")


class Rendered:
    def __init__(self, path: Path):
        result = check_file(path)
        assert result.profile is not None, [f.format() for f in result.findings]
        self.profile = result.profile
        self.context = build_context(result)
        self.docx = render_docx(self.context, self.profile)
        self.html = render_html(self.context, self.profile)
        self._pdf: bytes | None = None

    def part(self, name: str) -> bytes:
        with zipfile.ZipFile(io.BytesIO(self.docx)) as z:
            return z.read(name)

    def xml(self, name: str):
        return etree.fromstring(self.part(name))

    @property
    def pdf(self) -> bytes:
        if self._pdf is None:
            self._pdf = render_pdf(self.context, self.profile)
        return self._pdf


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def example(request) -> Rendered:
    return Rendered(request.param)


# --- titles -------------------------------------------------------------------------------------------

def docx_title_lines(document) -> list[str]:
    for p in document.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") == "Title":
            lines = [""]
            for el in p.iter(f"{W}t", f"{W}br"):
                if el.tag == f"{W}br":
                    lines.append("")
                else:
                    lines[-1] += el.text or ""
            return lines
    raise AssertionError("no Title paragraph")


def pdf_page_lines(pdf: bytes, page: int, tmp_path: Path) -> list[str]:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


@needs_fonts
def test_title_lines_are_the_same_in_docx_pdf_and_context(example, tmp_path):
    lines = example.context["标题行"]
    assert "".join(lines) == example.context["标题"]
    assert docx_title_lines(example.xml("word/document.xml")) == lines
    page = pdf_page_lines(example.pdf, 1, tmp_path)
    start = page.index(lines[0])
    assert page[start: start + len(lines)] == lines
    assert "<br>".join(lines) in example.html


def test_title_never_breaks_inside_a_word(example):
    lines = example.context["标题行"]
    title = "".join(lines)
    good, weak = break_points(title, example.context["部门全称"])
    cuts = [sum(len(x) for x in lines[:i]) for i in range(1, len(lines))]
    assert all(c in good | weak for c in cuts), lines
    for bad in ("番禺/区", "佛山/市", "常务委/员会", "工作委/员会"):
        before, after = bad.split("/")
        assert not any(a.endswith(before) and b.startswith(after) for a, b in zip(lines, lines[1:])), lines


@pytest.mark.parametrize("title, department, expected", [
    ("2023年度广州市番禺区人民代表大会常务委员会办公室部门整体支出绩效自评报告", "广州市番禺区人民代表大会常务委员会办公室",
     ["2023年度广州市番禺区人民代表大会", "常务委员会办公室部门整体支出绩效自评报告"]),
    ("2023年度中国共产党广州市直属机关工作委员会部门整体支出绩效自评报告", "中国共产党广州市直属机关工作委员会",
     ["2023年度中国共产党", "广州市直属机关工作委员会", "部门整体支出绩效自评报告"]),
    ("2023年度佛山市市场监督管理局部门整体支出绩效自评报告", "佛山市市场监督管理局",
     ["2023年度佛山市市场监督管理局", "部门整体支出绩效自评报告"]),
    ("2022年度广州市番禺区沙湾街道办事处社区卫生服务中心部门整体支出绩效自评报告", "广州市番禺区沙湾街道办事处社区卫生服务中心",
     ["2022年度广州市番禺区沙湾街道办事处", "社区卫生服务中心部门整体支出绩效自评报告"]),
    # a short name: the break stays before 部门整体支出, not 部门|整体支出 although that balances better
    ("2024年度某市水务局部门整体支出绩效自评报告", "某市水务局", ["2024年度某市水务局", "部门整体支出绩效自评报告"]),
    ("某局绩效自评报告", "某局", ["某局绩效自评报告"]),
    ("2023年度某局|部门整体支出绩效自评报告", "某局", ["2023年度某局", "部门整体支出绩效自评报告"]),
])
def test_title_lines(title, department, expected):
    assert title_lines(title, department) == expected


def test_a_larger_title_size_gives_shorter_lines():
    title = "2023年度中国人民政治协商会议广州市番禺区委员会办公室部门整体支出绩效自评报告"
    assert max(len(x) for x in title_lines(title, "中国人民政治协商会议广州市番禺区委员会办公室", 26)) <= 17


def test_questionnaire_and_profile_can_force_the_breaks(write, tmp_path, monkeypatch):
    q = write(MINIMAL + "标题: 2023年度某某市某某局|部门整体支出|绩效自评报告\n")
    context = build_context(check_file(q))
    assert context["标题行"] == ["2023年度某某市某某局", "部门整体支出", "绩效自评报告"]
    assert context["标题"] == context["元数据"]["标题"] == "2023年度某某市某某局部门整体支出绩效自评报告"
    root = _templates(tmp_path, "标题格式: \"{{ 年度 }}年度{{ 部门全称 }}|部门整体支出绩效自评报告\"\n")
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    context = build_context(check_file(write(MINIMAL.replace("national", "bureau"))))
    assert context["标题行"] == ["2023年度某某市某某局", "部门整体支出绩效自评报告"]
    document = etree.fromstring(zipfile.ZipFile(io.BytesIO(
        render_docx(context, load_profile("bureau")))).read("word/document.xml"))
    assert docx_title_lines(document) == context["标题行"]


# --- tables -------------------------------------------------------------------------------------------

def docx_tables(document) -> list[list[list[tuple[str, str, str, int]]]]:
    """Per table, per row, per cell: (text, merge, alignment, indent level); merge is "" / "restart" / "continue"."""
    out = []
    for tbl in document.iter(f"{W}tbl"):
        rows = []
        for tr in tbl.findall(f"{W}tr"):
            cells = []
            for tc in tr.findall(f"{W}tc"):
                vmerge = tc.find(f"{W}tcPr/{W}vMerge")
                merge = "" if vmerge is None else vmerge.get(f"{W}val", "continue")
                style = tc.find(f".//{W}pStyle")
                text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
                ind = tc.find(f"{W}p/{W}pPr/{W}ind")
                level = round(int(ind.get(f"{W}left")) / 450) if ind is not None else 0  # 2 characters of 12 or 10.5 pt
                cells.append((text, merge, STYLE_ALIGN[style.get(f"{W}val")], level))
            rows.append(cells)
        out.append(rows)
    return out


def html_tables(html: str) -> list[list[list[tuple[str, str, str, int]]]]:
    """The same structure read from the PDF's HTML: rowspan n starts a merge, covered cells continue it."""
    out = []
    for table in lhtml.fromstring(html.encode()).iter("table"):
        rows: list[list[tuple[str, str, str, int]]] = []
        pending: dict[int, int] = {}  # column → rows still covered by a rowspan above
        for tr in table.iter("tr"):
            cells = [c for c in tr if c.tag in ("td", "th")]
            row, col = [], 0
            while cells or col in pending:
                if pending.get(col):
                    pending[col] -= 1
                    row.append(("", "continue", row_align(rows, col), 0))
                else:
                    c = cells.pop(0)
                    span = int(c.get("rowspan", "1"))
                    if span > 1:
                        pending[col] = span - 1
                    classes = [k for k in (c.get("class") or "").split() if not k.startswith("indent")]
                    align = "中" if c.tag == "th" else CLASS_ALIGN[classes[0] if classes else ""]
                    if c.tag == "td" and "total" in (tr.get("class") or "") and col == 0:
                        align = "中"  # report.css: the 合计 label is centred
                    level = next((int(k[len("indent-"):]) for k in (c.get("class") or "").split()
                                  if k.startswith("indent-")), 0)
                    row.append((c.text_content().replace("\u200b", ""), "restart" if span > 1 else "", align, level))
                col += 1
            rows.append(row)
        out.append(rows)
    return out


def row_align(rows, col):
    """A covered cell shows nothing; its alignment is the merged cell's."""
    return next(r[col][2] for r in reversed(rows) if len(r) > col and r[col][1] == "restart")


def test_tables_have_the_same_structure_in_both_outputs(example):
    docx = docx_tables(example.xml("word/document.xml"))
    html = html_tables(example.html)
    assert docx and len(docx) == len(html)
    for d, h in zip(docx, html):
        assert d == h


def test_every_declared_grouping_is_merged_in_the_docx(example):
    blocks = [b for b in example.context["正文"] if b["类型"] == "表格"]
    for block, table in zip(blocks, docx_tables(example.xml("word/document.xml"))):
        for row, cells in zip(block["行"], table[1:]):
            for span, (_, merge, _, _) in zip(row["跨行"], cells):
                assert merge == {1: "", 0: "continue"}.get(span, "restart")


def test_table_widths_are_the_same_in_both_outputs(example):
    blocks = [b for b in example.context["正文"] if b["类型"] == "表格"]
    tables = list(example.xml("word/document.xml").iter(f"{W}tbl"))
    cols = [[float(re.search(r"width: ([\d.]+)%", c.get("style")).group(1)) for c in t.iter("col")]
            for t in lhtml.fromstring(example.html.encode()).iter("table")]
    for block, tbl, pdf_cols in zip(blocks, tables, cols):
        grid = [int(c.get(f"{W}w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        assert len(grid) == len(block["表头"]) == len(pdf_cols)
        docx_share = [100 * g / sum(grid) for g in grid]
        assert all(abs(a - b) < 0.1 for a, b in zip(docx_share, pdf_cols)), (docx_share, pdf_cols)


def style_fonts(styles) -> dict[str, str]:
    out = {}
    for style in styles.iter(f"{W}style"):
        rfonts = style.find(f"{W}rPr/{W}rFonts")
        if rfonts is not None:
            out[style.get(f"{W}styleId")] = rfonts.get(f"{W}eastAsia")
    return out


def test_table_fonts_are_the_same_in_both_outputs(example):
    fonts_of = style_fonts(example.xml("word/styles.xml"))
    role = example.context["字体"]
    assert fonts_of["TableTitle"] == fonts_of["TableHeader"] == fonts_of["TableTotalLabel"] == role["一级标题"]
    assert fonts_of["TableText"] == fonts_of["TableCenter"] == fonts_of["TableNumber"] == role["表格"]
    styles = example.xml("word/styles.xml")
    header = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "TableHeader")
    assert header.find(f"{W}rPr/{W}b") is None  # 黑体, not bold 仿宋
    css = (ROOT / "templates" / "national" / "report.css").read_text(encoding="utf-8")
    rule = re.search(r"p\.table-title, th, tr\.total td:first-child \{([^}]*)\}", css)
    assert rule and "var(--font-h1)" in rule.group(1)
    assert css.index(rule.group(0)) > css.index("th {")  # the later rule wins


# --- theme and fonts ----------------------------------------------------------------------------------

def test_theme_names_only_the_profile_fonts(example):
    role = set(example.context["字体"].values())
    theme = example.part("word/theme/theme1.xml").decode()
    faces = set(re.findall(r'typeface="([^"]*)"', theme)) - {""}
    assert faces and faces <= role
    assert not re.search(r"Calibri|等线|Mincho|Cambria|script=", theme)
    rels = example.part("word/_rels/document.xml.rels").decode()
    assert 'relationships/theme" Target="theme/theme1.xml"' in rels
    assert 'PartName="/word/theme/theme1.xml"' in example.part("[Content_Types].xml").decode()


def test_no_run_or_style_names_a_font_outside_the_profile(example):
    role = set(example.context["字体"].values())
    with zipfile.ZipFile(io.BytesIO(example.docx)) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            text = z.read(name).decode()
            named = set(re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]*)"', text)) - {"zh-CN", "en-US", "ar-SA"}
            assert named <= role, (name, named - role)
            assert not re.search(r"w:\w+Theme=", text), name
    defaults = example.xml("word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}eastAsia") == example.context["字体"]["正文"]


def test_a_template_without_a_theme_gets_one(tmp_path):
    shipped = ROOT / "templates" / "national" / "report.docx"
    with zipfile.ZipFile(shipped) as z:
        items = [(i.filename, z.read(i)) for i in z.infolist() if i.filename != "word/theme/theme1.xml"]
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(bare, "w") as z:
        for name, data in items:
            text = data.decode()
            text = re.sub(r'<Relationship Id="rId8"[^>]*/>', "", text)
            text = re.sub(r'<Override PartName="/word/theme/theme1.xml"[^>]*/>', "", text)
            z.writestr(name, text)
    context = build_context(check_file(ROOT / "inputs" / "foshan-zhengxie-2021.yaml"))
    with zipfile.ZipFile(io.BytesIO(render_template(bare, context))) as z:
        theme = z.read("word/theme/theme1.xml").decode()
        assert 'Target="theme/theme1.xml"' in z.read("word/_rels/document.xml.rels").decode()
        assert "/word/theme/theme1.xml" in z.read("[Content_Types].xml").decode()
    assert 'typeface="仿宋_GB2312"' in theme


# --- 落款 and the grade-band sentence --------------------------------------------------------------------

def test_hebei_signature_has_a_date_line_in_both_outputs():
    luquan = Rendered(ROOT / "inputs" / "luquan-zhengxie-2023.yaml")
    assert luquan.context["落款"] and luquan.context["落款日期"] == BLANK_DATE  # no 报告日期: to be written in
    document = luquan.xml("word/document.xml")
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in document.iter(f"{W}p")]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.iter(f"{W}p")]
    signed = [t for s, t in zip(styles, texts) if s is not None and s.get(f"{W}val") == "SignatureDate"]
    assert signed == [BLANK_DATE]
    assert f'<p class="signature-date"><span class="line">{BLANK_DATE}</span></p>' in luquan.html


def test_a_given_report_date_is_the_signature_date(write):
    q = write(MINIMAL.replace("national", "hebei") + "报告日期: 2024-03-05\n")
    context = build_context(check_file(q))
    assert context["落款日期"] == context["报告日期"] == "2024年3月5日"


def test_band_sentence_is_body_text_or_a_note_as_the_profile_says():
    def band_block(path: Path, text: str) -> str:
        context = build_context(check_file(path))
        return next(b["类型"] for b in context["正文"] if text in b.get("文字", ""))

    assert band_block(ROOT / "inputs" / "luquan-zhengxie-2023.yaml", "分为4个等级") == "段落"
    assert band_block(ROOT / "inputs" / "foshan-zhengxie-2021.yaml", "绩效等级：总分≥90为优") == "注"


# --- cover --------------------------------------------------------------------------------------------

def _templates(tmp_path: Path, profile_text: str, files: dict[str, bytes] | None = None) -> Path:
    root = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "national", root / "national")
    (root / "bureau").mkdir()
    (root / "bureau" / "profile.yaml").write_text("名称: 某局\n继承: national\n" + profile_text, encoding="utf-8")
    for name, data in (files or {}).items():
        (root / "bureau" / name).write_bytes(data)
    return root


def _png(width: int = 120, height: int = 60) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buf, "PNG")
    return buf.getvalue()


COVER = "封面:\n  启用: true\n  字段: [评价年度, 评价单位（公章）, 填报日期]\n  标志: logo.png\n"


@needs_fonts
def test_cover_page_in_both_outputs_with_folios_after_it(write, tmp_path, monkeypatch):
    root = _templates(tmp_path, COVER, {"logo.png": _png()})
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    result = check_file(write(MINIMAL.replace("national", "bureau") + "报告日期: 2024-03-05\n"))
    context = build_context(result)
    fields = ["评价年度：2023", "评价单位（公章）：某某市某某局", "填报日期：2024年3月5日"]
    assert [f"{f['名称']}：{f['值']}" for f in context["封面"]["字段"]] == fields
    # DOCX: the cover is the first section (no header, no footer); the report's section restarts at page 1
    docx = render_docx(context, result.profile)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        assert z.read("word/media/cover-logo.png") == _png()
        assert "image/png" in z.read("[Content_Types].xml").decode()
    paragraphs = list(document.iter(f"{W}p"))
    first_break = next(i for i, p in enumerate(paragraphs) if p.find(f"{W}pPr/{W}sectPr") is not None)
    cover_text = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs[:first_break]]
    assert paragraphs[0].find(f".//{W}drawing") is not None
    assert [t for t in cover_text if "：" in t] == fields
    cover_section = paragraphs[first_break].find(f"{W}pPr/{W}sectPr")
    assert cover_section.find(f"{W}footerReference") is None and cover_section.find(f"{W}headerReference") is None
    body_section = document.find(f"{W}body/{W}sectPr")
    assert body_section.find(f"{W}pgNumType").get(f"{W}start") == "1"
    # PDF: page 1 is the cover without a folio, page 2 is "— 1 —" (odd: right, as Word puts it)
    pdf = render_pdf(context, result.profile)
    page1 = pdf_page_lines(pdf, 1, tmp_path)
    assert page1[:2] == context["标题行"][:2] or "".join(page1).startswith("".join(context["标题行"]))
    assert all(any(f.replace("：", "") in line.replace("：", "").replace(" ", "") for line in page1) for f in fields)
    assert not any(re.fullmatch(r"—\s*\d+\s*—", line) for line in page1)
    assert re.fullmatch(r"—\s*1\s*—", pdf_page_lines(pdf, 2, tmp_path)[-1])
    assert "data:image/png;base64," in render_html(context, result.profile)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_docx_cover_folios_start_after_it_in_libreoffice(write, tmp_path, monkeypatch):
    root = _templates(tmp_path, COVER, {"logo.png": _png()})
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    result = check_file(write(MINIMAL.replace("national", "bureau")))
    context = build_context(result)
    docx = render_docx(context, result.profile)
    assert docx == render_docx(context, result.profile)  # the same bytes every time
    (tmp_path / "r.docx").write_bytes(docx)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "r.docx")],
                   env=fonts.fontconfig_env(), capture_output=True, check=True, timeout=120)
    pdf = (tmp_path / "r.pdf").read_bytes()
    page1 = pdf_page_lines(pdf, 1, tmp_path)
    assert "填报日期：" in "".join(page1).replace(" ", "") and not any(re.fullmatch(r"—\s*\d+\s*—", x) for x in page1)
    assert re.fullmatch(r"—\s*1\s*—", pdf_page_lines(pdf, 2, tmp_path)[-1])


def test_templates_check_wants_the_cover_only_where_the_profile_asks_for_it(tmp_path):
    from authoring.render.template_check import cmd_templates_check
    from conftest import edit_docx_xml

    root = _templates(tmp_path, COVER, {"logo.png": _png()})
    shipped = root / "national" / "report.docx"
    edit_docx_xml(shipped, root / "bureau" / "report.docx", ("{{ f.名称 }}：{{ f.值 }}", ""))  # a cover without fields
    lines: list[str] = []
    assert cmd_templates_check(["bureau"], lines.append, templates_dir=root) == 1
    assert any("封面栏目的名称没有出现在生成的文档中" in line for line in lines), lines
    lines.clear()
    (root / "bureau" / "profile.yaml").write_text("名称: 某局\n继承: national\n", encoding="utf-8")
    assert cmd_templates_check(["bureau"], lines.append, templates_dir=root) == 0, lines


def test_profiles_without_a_cover_have_none(example):
    assert example.context["封面"] == {"启用": False, "字段": [], "标志": None}
    assert 'class="cover"' not in example.html and "after-cover" not in example.html
    assert b"CoverTitle" not in example.part("word/document.xml")


@pytest.mark.parametrize("logo, files, message", [
    ("../national/report.docx", {}, "“../national/report.docx”不是文件名：只写本地区模板文件夹中的文件名，不含路径"),
    ("logo.png", {}, "找不到标志图片“logo.png”"),
    ("logo.png", {"logo.png": b"GIF89a not a png"}, "不是 PNG 或 JPEG 图片"),
    ("logo.png", {"logo.png": _png()[:40]}, "不是完整的 PNG 图片"),
    ("logo.png", {"logo.png": _png(4001, 10)}, "有 4001 × 10 像素，超过上限 4000 × 4000"),
])
def test_a_bad_logo_is_a_located_profile_error(tmp_path, logo, files, message):
    root = _templates(tmp_path, COVER.replace("logo.png", logo), files)
    with pytest.raises(ProfileError) as exc:
        load_profile("bureau", root)
    (finding,) = exc.value.findings
    assert (finding.rule, finding.file, finding.line, finding.path) == ("P9", str(root / "bureau" / "profile.yaml"),
                                                                         6, "封面.标志")
    assert message in finding.message


def test_a_logo_linked_out_of_the_template_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(_png())
    root = _templates(tmp_path, COVER)
    (root / "bureau" / "logo.png").symlink_to(outside)
    with pytest.raises(ProfileError) as exc:
        load_profile("bureau", root)
    assert "符号链接，为安全起见不读取" in exc.value.findings[0].message


def test_what_the_cover_prints_is_not_reported_as_unprinted(write, tmp_path, monkeypatch):
    root = _templates(tmp_path, COVER.replace("  标志: logo.png\n", ""))
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    result = check_file(write(MINIMAL.replace("national", "bureau") + "评价单位: 某某市财政局\n报告日期: 2024-03-05\n"))
    assert [f.format() for f in result.findings if f.rule == "T13"] == []
    assert build_context(result)["封面"]["字段"][1] == {"名称": "评价单位（公章）", "值": "某某市财政局"}
