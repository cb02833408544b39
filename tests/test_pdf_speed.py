"""The PDF step's shortcuts into WeasyPrint and pydyf: each applies to the versions it was written for, and
makes the same PDF a reader sees."""

import zlib
from pathlib import Path
from xml.etree import ElementTree

import pydyf
import pytest

from authoring.jurisdiction.profile import LoadedProfile, load_profile
from authoring.pipeline import check_file
from authoring.render import flate, font_bytes, font_subset, fonts, html_parse, kept_styles, lazy_pseudo
from authoring.render.pdf import layout_document
from authoring.report.context import build_context

FOSHAN = Path(__file__).resolve().parents[1] / "inputs" / "foshan-zhengxie-2021.yaml"


def test_the_installed_pydyf_is_one_the_compression_level_is_made_for():
    assert pydyf.__version__ in flate.SUPPORTED  # else: check pydyf's Stream.data, then add the version


def test_streams_are_compressed_at_level_6_and_decompress_to_the_same_bytes():
    flate.install()
    flate.install()  # once is enough; twice changes nothing
    content = b"\n".join(b"BT /F1 16 Tf %d 0 Td (%d) Tj ET" % (i * 7 % 113, i * i % 997) for i in range(3000))
    assert zlib.compress(content, 6) != zlib.compress(content, 9)
    data = pydyf.Stream([content], compress=True).data
    compressed = data.split(b"\nstream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert compressed == zlib.compress(content, 6)
    assert zlib.decompress(compressed) == content


@pytest.mark.parametrize("shortcut", [font_bytes, font_subset, lazy_pseudo], ids=lambda module: module.__name__)
def test_the_installed_weasyprint_is_one_each_shortcut_into_it_is_made_for(shortcut):
    import weasyprint

    assert weasyprint.__version__ in shortcut.SUPPORTED  # else: check what its docstring names, then add the version
    fonts.import_weasyprint()
    shortcut.install()
    shortcut.install()  # once is enough
    assert shortcut.active()


def _with_and_without(shortcut, make):
    """What make() gives with the shortcut installed, and without it."""
    fonts.import_weasyprint()
    shortcut.install()
    made = make()
    shortcut.uninstall()
    try:
        assert not shortcut.active()
        return made, make()
    finally:
        shortcut.install()


def _small_pdf() -> bytes:
    from weasyprint import HTML

    html = ('<p style="font-family: Liberation Serif">Fonts 2024</p>'
            '<p style="font-family: Noto Sans CJK SC">部门整体支出绩效自评报告</p>'
            '<p style="font-family: Noto Serif CJK SC; font-weight: bold">项目支出 100.00 万元</p>')
    return HTML(string=html).write_pdf()


def test_a_font_read_lazily_gives_the_same_pdf_and_is_not_copied_whole():
    fonts.import_weasyprint()
    from weasyprint.pdf import fonts as pdf_fonts

    created: list = []
    init = pdf_fonts.Font.__init__

    def remember(font, *args):
        init(font, *args)
        created.append(font.__dict__.get("_file_content"))

    pdf_fonts.Font.__init__ = remember
    try:
        lazy, copied = _with_and_without(font_bytes, _small_pdf)
    finally:
        pdf_fonts.Font.__init__ = init
    assert lazy == copied
    read = created[:len(created) // 2]  # those made while the shortcut was installed
    assert read and all(isinstance(content, font_bytes._Unread) and content.data is None for content in read)


_PSEUDO_HTML = """<style>
  ol.red li::marker { color: red; font-weight: bold }
  .fn { float: footnote }
  .fn::footnote-call { color: blue }
  td.item { display: list-item; list-style-position: inside; padding: 4px }
</style>
<ol><li>一</li><li>二<ul><li>三</li><li>四</li></ul></li></ol>
<ol class="red"><li>五</li><li>六</li></ol>
<p>正文<span class="fn">第一个脚注</span>继续<span class="fn">第二个</span>。</p>
<table><tr><td class="item">格</td></tr></table>"""


def test_the_user_agent_rules_for_the_six_pseudo_elements_are_deferred():
    fonts.import_weasyprint()
    lazy_pseudo.install()
    from weasyprint.html import UA_STYLESHEET

    assert not [entry for entry in UA_STYLESHEET.matcher.other_selectors if entry[3] in lazy_pseudo.PSEUDO]


def test_lists_markers_and_footnotes_look_the_same_with_the_pseudo_elements_deferred():
    from weasyprint import HTML

    deferred, computed = _with_and_without(lazy_pseudo, lambda: HTML(string=_PSEUDO_HTML).write_pdf())
    assert deferred == computed


def test_fonts_subset_in_one_pass_are_the_fonts_weasyprint_makes_in_two():
    """Liberation Serif (TrueType) and Noto Serif CJK (CFF) need one pass, Noto Sans CJK two."""
    one_pass, two_passes = _with_and_without(font_subset, _small_pdf)
    assert one_pass == two_passes


def test_a_font_with_a_missing_glyph_is_subset_as_weasyprint_does():
    """A character no font has: WeasyPrint keeps the .notdef outline (NOTDEF_OUTLINE), hinted or not."""
    from weasyprint import HTML

    html = ('<p style="font-family: Noto Serif CJK SC">缺字\U0001D11E</p>'
            '<p style="font-family: Liberation Serif">x\u0bf5</p>')
    for hinting in (False, True):
        one_pass, two_passes = _with_and_without(font_subset, lambda: HTML(string=html).write_pdf(hinting=hinting))
        assert one_pass == two_passes


def test_the_installed_tinyhtml5_is_one_the_kept_expressions_are_made_for():
    import tinyhtml5
    from tinyhtml5 import inputstream

    assert tinyhtml5.__version__ in html_parse.SUPPORTED  # else: check inputstream.chars_until, then add it
    html_parse.install()
    html_parse.install()  # once is enough
    cache = inputstream.characters_until_regex
    assert isinstance(cache, html_parse._Expressions)
    html = "<p>部门 &amp; 整体<br>支出</p>" * 3
    tree = tinyhtml5.parse(html, namespace_html_elements=False)
    kept = dict(cache)
    assert kept and all(isinstance(key, tuple) and not hasattr(key[0], "pattern") for key in kept)
    assert ElementTree.tostring(tinyhtml5.parse(html, namespace_html_elements=False)) == ElementTree.tostring(tree)
    assert dict(cache) == kept  # the second parse found every expression it needed


def _region(tmp_path: Path, css: str, template: str | None = None) -> LoadedProfile:
    national = load_profile("national")
    folder = tmp_path / "region"
    folder.mkdir()
    (folder / "report.css").write_text(css, encoding="utf-8")
    if template is not None:
        (folder / "report.html.j2").write_text(template, encoding="utf-8")
    return LoadedProfile("region", national.profile, [folder] + national.chain)


_CSS = """@import url("file:///etc/passwd");
@font-face { font-family: Evil; src: url("file:///etc/passwd"); }
p { colour: red; font-family: Evil, serif; }
"""


@pytest.fixture
def keeping():
    kept_styles.enable()
    yield
    kept_styles.enable(False)


def test_a_second_report_with_the_same_stylesheets_uses_them_parsed_and_reports_what_the_first_did(tmp_path, keeping):
    profile = _region(tmp_path, _CSS)
    context = build_context(check_file(FOSHAN))
    kept_styles.forget()
    first = layout_document(context, profile)[1]
    (styles,) = kept_styles._kept.values()
    second = layout_document(context, profile)[1]
    assert list(kept_styles._kept.values()) == [styles]  # the same sheets and font configuration
    assert second.pdf == first.pdf
    assert (second.warnings, second.refused, second.fetched) == (first.warnings, first.refused, first.fetched)
    assert "file:///etc/passwd" in second.refused and any("colour" in w for w in second.warnings)
    kept_styles.forget()
    assert layout_document(context, profile)[1].pdf == first.pdf


def test_a_template_with_stylesheets_of_its_own_leaves_its_font_configuration_to_no_later_report(tmp_path, keeping):
    template = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ 标题 }}</title>
<style>@font-face { font-family: Own; src: url("file:///etc/passwd"); } p { font-family: Own, serif }</style>
</head><body><p>{{ 标题 }}</p></body></html>"""
    profile = _region(tmp_path, "p { color: black }", template)
    kept_styles.forget()
    layout_document(build_context(check_file(FOSHAN)), profile)
    assert not kept_styles._kept


def test_styles_are_kept_only_where_enabled_and_their_fonts_folder_goes_with_them(tmp_path, keeping):
    """A confined render's child ends with os._exit: what it kept would leave WeasyPrint's font folder behind."""
    context = build_context(check_file(FOSHAN))
    profile = load_profile("national")
    layout_document(context, profile)
    (styles,) = kept_styles._kept.values()
    folder = styles.font_config._folder
    assert folder is not None and folder.exists()  # FandolFang and the Latin face, from @font-face
    del styles
    kept_styles.enable(False)
    assert not kept_styles._kept and not folder.exists()


def test_a_report_whose_styles_are_not_kept_leaves_no_fonts_folder_behind(monkeypatch):
    """FontConfiguration removes its folder only when collected: never in a confined render's child (os._exit)."""
    import weasyprint.text.fonts

    made = []
    monkeypatch.setattr(weasyprint.text.fonts, "FontConfiguration",
                        lambda real=weasyprint.text.fonts.FontConfiguration: made.append(real()) or made[-1])
    kept_styles.enable(False)
    layout_document(build_context(check_file(FOSHAN)), load_profile("national"))
    assert not kept_styles._kept and len(made) == 1
    assert made[0]._folder is not None and not made[0]._folder.exists()


def test_kept_styles_are_parsed_again_for_a_region_whose_fetcher_answers_otherwise(tmp_path, keeping):
    """The same report.css, read by a region that may read the stylesheet it imports and by one that may not."""
    national = load_profile("national")
    own, extra = tmp_path / "own", tmp_path / "extra"
    own.mkdir()
    extra.mkdir()
    (extra / "extra.css").write_text("p { letter-spacing: 1pt }", encoding="utf-8")
    imported = (extra / "extra.css").as_uri()
    (own / "report.css").write_text(f'@import url("{imported}");', encoding="utf-8")
    narrow = LoadedProfile("narrow", national.profile, [own] + national.chain)
    wide = LoadedProfile("wide", national.profile, [own, extra] + national.chain)
    context = build_context(check_file(FOSHAN))
    kept_styles.forget()
    refused = layout_document(context, narrow)[1]
    allowed = layout_document(context, wide)[1]
    assert imported in refused.refused and imported not in refused.fetched
    assert imported in allowed.fetched and imported not in allowed.refused
    assert allowed.pdf != refused.pdf
    assert layout_document(context, wide)[1].pdf == allowed.pdf
    kept_styles.forget()
    assert layout_document(context, wide)[1].pdf == allowed.pdf
