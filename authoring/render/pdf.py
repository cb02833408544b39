"""ReportContext → PDF bytes, with WeasyPrint (HTML + CSS from the profile's template folders).

Security (ECOSYSTEM.md §2.3, CVE-2025-68616, GHSA-jf6q-chmf-3h3v): every URL WeasyPrint wants to
open goes through `SafeFetcher`, which allows `data:` URLs and `file:` URLs inside the template
folders of the search path, the font cache and the font files chosen by authoring.render.fonts; nothing
else, no network, so there is no redirect to follow. A refused URL is recorded and WeasyPrint goes
on without it (it logs a warning); it never stops the build. Questionnaire text only ever reaches
the HTML through autoescaped Jinja expressions, never CSS, `href` or `src`.

Reproducible: the PDF's dates come from 元数据.日期 and there is no random file identifier, so the
same context gives the same bytes.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from authoring.errors import FindingsError
from authoring.findings import Finding, Severity
from authoring.jurisdiction.profile import LoadedProfile
from authoring.render import fonts
from authoring.render.docx import missing_template
from authoring.render.template_errors import describe, template_line

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"


@dataclass
class PdfResult:
    pdf: bytes
    warnings: list[str] = field(default_factory=list)  # WeasyPrint warnings/errors, in Chinese where known
    refused: list[str] = field(default_factory=list)  # URLs the fetcher refused
    fetched: list[str] = field(default_factory=list)  # URLs the fetcher allowed (files read)


# --- URL fetcher ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _fetcher_class():
    fonts.import_weasyprint()
    from weasyprint.urls import URLFetcher

    class SafeFetcher(URLFetcher):
        """Allows data: URLs and files under the given folders (or exactly the given files); nothing else."""

        def __init__(self, folders: list[Path], files: list[Path]):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=1)
            self.folders = [Path(os.path.realpath(f)) for f in folders]
            self.files = {Path(os.path.realpath(f)) for f in files}
            self.refused: list[str] = []
            self.fetched: list[str] = []

        def allows(self, url: str) -> bool:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return True
            if scheme != "file":
                return False
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return False
            path = Path(os.path.realpath(url2pathname(unquote(parts.path))))
            if path in self.files:
                return True
            return any(path.is_relative_to(folder) for folder in self.folders)

        def fetch(self, url, headers=None):
            if not self.allows(url):
                self.refused.append(url)
                raise ValueError(f"不允许读取：{url}")
            if not url.startswith("data:"):
                self.fetched.append(url)
            return super().fetch(url, headers)

    return SafeFetcher


# --- Jinja ------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[-+−]?[\d,，]*\d(\.\d+)?\s*(%|％|分|万元)?$")


def is_number_cell(value) -> bool:
    return bool(_NUMBER.match(str(value).strip()))


_BREAK_AFTER = ("年度", "会议", "委员会", "办公室", "政府", "工委", "局", "厅", "院", "中心", "协会", "联合会", "学校",
                "医院", "站", "馆", "队")
_WEAK_AFTER = ("省", "市", "区", "县")  # 佛山市|委员会 is a possible cut, but splits a name
_BREAK_BEFORE = ("部门整体支出", "绩效自评报告", "自评报告", "中国人民政治协商会议", "中共", "中国共产党")


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def title_lines(title: str, per_line: float = 20.0) -> list[str]:
    """Split a title into lines of similar length (GB/T 9704 §7.3.1: 梯形/菱形, break between words).

    A title that fits on one line (20 characters of 22 pt) stays whole. Otherwise every way to cut it
    into the fewest lines, or one more, is scored: unequal lengths cost, a cut that is not after a
    unit name (…年度, …委员会, …办公室, …局; …市 only weakly) or before 部门整体支出… costs more, an extra line costs a
    little, and a line longer than the one above costs a little (梯形 reads better than 倒梯形).
    """
    title = title.strip()
    total = _width(title)
    if total <= per_line or len(title) > 90:
        return [title]
    good = {i for i in range(1, len(title))
            if title[:i].endswith(_BREAK_AFTER) or title[i:].startswith(_BREAK_BEFORE)}
    weak = {i for i in range(1, len(title)) if title[:i].endswith(_WEAK_AFTER)} - good
    fewest = int(-(-total // per_line))
    best: tuple[float, list[int]] | None = None

    def consider(cuts: list[int], n: int) -> None:
        nonlocal best
        bounds = [0] + cuts + [len(title)]
        widths = [_width(title[a:b]) for a, b in zip(bounds, bounds[1:])]
        if max(widths) > per_line:
            return
        ideal = total / n
        cost = sum((w - ideal) ** 2 for w in widths) / n
        cost += sum(0 if c in good else 15 if c in weak else 30 for c in cuts)
        cost += 10 * (n - fewest)
        cost += sum(1 for a, b in zip(widths, widths[1:]) if b > a + 1)
        if best is None or cost < best[0]:
            best = (cost, cuts)

    def search(start: int, cuts: list[int], n: int) -> None:
        if len(cuts) == n - 1:
            consider(cuts, n)
            return
        for i in range(start + 1, len(title)):
            if _width(title[(cuts[-1] if cuts else 0):i]) > per_line:
                break
            search(i, cuts + [i], n)

    for n in (fewest, fewest + 1):
        if n <= 4:
            search(0, [], n)
    if best is None:
        return [title]
    bounds = [0] + best[1] + [len(title)]
    return [title[a:b] for a, b in zip(bounds, bounds[1:])]


def _environment(profile: LoadedProfile) -> SandboxedEnvironment:
    return _environment_for(tuple(str(p) for p in profile.search_path))


@lru_cache(maxsize=16)
def _environment_for(folders: tuple[str, ...]) -> SandboxedEnvironment:
    """One environment per search path: compiled templates are reused when several reports are built."""
    loader = ChoiceLoader([
        FileSystemLoader(folders),
        PrefixLoader({Path(p).name: FileSystemLoader(p) for p in folders}),
    ])
    env = SandboxedEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined,
                               trim_blocks=False, lstrip_blocks=False)
    env.filters["标题分行"] = title_lines
    env.filters["数字格"] = is_number_cell
    return env


_IDEOGRAPH = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_AFTER_CLOSE = re.compile(f"([”’])(?=[{_IDEOGRAPH}0-9A-Za-z])")
_BEFORE_OPEN = re.compile(f"(?<=[{_IDEOGRAPH}0-9A-Za-z])([“‘])")
_TEXT = re.compile(r">([^<]+)<")


def allow_quote_breaks(html: str) -> str:
    """Let lines break next to Chinese quotation marks, as Word does.

    Pango follows UAX #14 rule LB19: no break before or after “ ” ‘ ’ (they are "ambiguous" quotes),
    so 设”等“百 is one unbreakable unit and the line before it ends up to four characters short.
    A zero-width space after a closing quote and before an opening quote, only between characters
    that may end or start a line, gives Pango the break Chinese typesetting allows; a closing quote
    still never starts a line and an opening quote never ends one. Only text in <body> is touched,
    so the PDF metadata (from <head>) keeps the plain text.
    """
    head, sep, body = html.partition("<body")
    if not sep:
        return html

    def fix(match: re.Match) -> str:
        text = _BEFORE_OPEN.sub("\u200b\\1", _AFTER_CLOSE.sub("\\1\u200b", match.group(1)))
        return f">{text}<"

    return head + sep + _TEXT.sub(fix, body)


def render_html(context: dict, profile: LoadedProfile) -> str:
    """The report as HTML; FindingsError (exit 3, H1/D3) when report.html.j2 is missing or fails."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    if profile.find_file(TEMPLATE) is None:
        raise FindingsError([missing_template(profile, TEMPLATE, "PDF 模板")], exit_code=3)
    try:
        html = _environment(profile).get_template(TEMPLATE).render(context)
    except TemplateSyntaxError as exc:
        raise FindingsError([_template_finding(profile, exc, exc.filename, exc.lineno)], exit_code=3) from None
    except UnicodeDecodeError:
        raise FindingsError([Finding(Severity.ERROR, "H1", str(profile.find_file(TEMPLATE)), 1, 1, "",
                                     "PDF 模板不是 UTF-8 编码的文本（请在编辑器中另存为 UTF-8）")], exit_code=3) from None
    except Exception as exc:  # an unknown variable, 1 // 0, a refused operation: the template's problem
        folders = [os.path.realpath(p) for p in profile.search_path]
        where = template_line(exc, lambda name: os.path.realpath(name).startswith(tuple(folders)))
        if where is None and not isinstance(exc, TemplateNotFound):
            raise
        name, line = where or (None, 1)
        raise FindingsError([_template_finding(profile, exc, name, line)], exit_code=3) from None
    return allow_quote_breaks(html)


def _template_finding(profile: LoadedProfile, exc: BaseException, name: str | None, line: int | None) -> Finding:
    file = name or str(profile.find_file(TEMPLATE))
    return Finding(Severity.ERROR, "H1", file, line or 1, 1, "", f"PDF 模板出错：{describe(exc)}")


def stylesheet_files(profile: LoadedProfile) -> list[Path]:
    """Every report.css on the search path, parents first: a region's own rules come last and win."""
    return [folder / STYLESHEET for folder in reversed(profile.search_path) if (folder / STYLESHEET).is_file()]


# --- WeasyPrint ---------------------------------------------------------------------------------------

class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        try:
            message = record.getMessage()
            if "不允许读取" in message:  # a refusal by SafeFetcher: reported once from fetcher.refused
                return
            self.messages.append(_translate(message))
        except Exception:  # never let a log message break the build
            pass


def _translate(message: str) -> str:
    if message.startswith(".notdef glyph rendered"):
        return "PDF 中有字体都没有的字符（显示为方框）：" + message.split(":", 1)[-1].strip()
    if message.startswith(("Failed to load image", "Failed to load stylesheet", "Failed to load attachment")):
        return "模板引用的外部资源已被拒绝或无法读取：" + message.split(" at ", 1)[-1]
    if message.startswith("Font-face") and "cannot be loaded" in message:
        return f"字体无法加载：{message}"
    return message


def render_pdf_result(context: dict, profile: LoadedProfile) -> PdfResult:
    """Render and also return WeasyPrint's warnings and what the fetcher allowed and refused."""
    fonts.import_weasyprint()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html_text = render_html(context, profile)
    folders = list(profile.search_path) + [fonts.FONT_CACHE]
    fetcher = _fetcher_class()(folders, fonts.font_files())
    font_config = FontConfiguration()
    collector = _Collector()
    wp_logger = logging.getLogger("weasyprint")
    wp_logger.addHandler(collector)
    level = wp_logger.level
    if wp_logger.getEffectiveLevel() > logging.WARNING:
        wp_logger.setLevel(logging.WARNING)
    try:
        sheets = [CSS(string=fonts.css(context.get("字体")), url_fetcher=fetcher, font_config=font_config)]
        for path in stylesheet_files(profile):
            try:
                css = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise FindingsError([Finding(Severity.ERROR, "H2", str(path), 1, 1, "",
                                             "样式表不是 UTF-8 编码的文本（请在编辑器中另存为 UTF-8）")], exit_code=3) from None
            sheets.append(CSS(string=css, base_url=path.as_uri(), url_fetcher=fetcher, font_config=font_config))
        template_dir = profile.find_file(TEMPLATE)
        base_url = (template_dir.parent if template_dir else profile.search_path[0]).as_uri() + "/"
        try:
            document = HTML(string=html_text, base_url=base_url, url_fetcher=fetcher).render(
                stylesheets=sheets, font_config=font_config)
            pdf = document.write_pdf()
        except Exception as exc:  # WeasyPrint gave up on what report.css / report.html.j2 asked of it
            raise FindingsError([_layout_finding(profile, exc)], exit_code=3) from None
    finally:
        wp_logger.removeHandler(collector)
        wp_logger.setLevel(level)
    warnings = list(dict.fromkeys(collector.messages))
    for url in dict.fromkeys(fetcher.refused):
        warnings.append(f"已拒绝读取模板引用的外部资源：{url}")
    return PdfResult(pdf, warnings, list(fetcher.refused), list(fetcher.fetched))


def _layout_finding(profile: LoadedProfile, exc: Exception) -> Finding:
    """H2: WeasyPrint failed; the jurisdiction's own stylesheet (or template) is named as the likely cause."""
    sheets = stylesheet_files(profile)
    file = sheets[-1] if sheets else profile.find_file(TEMPLATE)
    named = "、".join(str(p) for p in sheets) or "（无）"
    return Finding(Severity.ERROR, "H2", str(file), 1, 1, "",
                   f"WeasyPrint 排版 PDF 时出错（{type(exc).__name__}: {exc}）：多半是样式表或 PDF 模板中的数值或写法"
                   f"超出了它能处理的范围（如极大的字号、间距）；用到的样式表：{named}")


def render_pdf(context: dict, profile: LoadedProfile, warn: Callable[[str], None] | None = None) -> bytes:
    """The PDF as bytes. `warn` (optional) receives each warning: missing glyph, refused URL, font problem."""
    result = render_pdf_result(context, profile)
    if warn:
        for message in result.warnings:
            warn(message)
    return result.pdf
