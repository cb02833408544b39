"""ReportContext → PDF bytes, with WeasyPrint (HTML + CSS from the profile's template folders).

Security (ECOSYSTEM.md §2.3, CVE-2025-68616, GHSA-jf6q-chmf-3h3v): every URL WeasyPrint wants to
open goes through `SafeFetcher`, which allows `data:` URLs and `file:` URLs inside the template
folders of the search path, the font cache and the font files chosen by authoring.render.fonts; nothing
else, no network, so there is no redirect to follow. A refused URL is recorded and WeasyPrint goes
on without it (it logs a warning); it never stops the build. Questionnaire text only ever reaches
the HTML through autoescaped Jinja expressions, never CSS, `href` or `src`.

The Jinja loader is held to the same folders: a template (or what it includes) is read only if its real
path, symbolic links resolved, is inside a folder of the search path, and only if it is a regular file
of at most 1 MB. Templates run in the limited sandbox (authoring/sandbox.py) and the whole render in
a child process with a time and memory limit (render/limits.py); a template that fails or passes a
limit is a located error (H1, R1; exit 3), never a traceback. The fetcher also refuses what is not a
regular file within RESOURCE_LIMIT, a stylesheet fetched a second time (an @import cycle), and any
fetch beyond MAX_FETCHES.

Reproducible: the PDF's dates come from 元数据.日期 and there is no random file identifier, so the
same context gives the same bytes (also as PDF/A-2b, `build --pdfa`).

Beyond what CSS can ask of WeasyPrint: Chinese lines justified between characters (render/justify.py), and
merged table cells cut by a page break repeated on the next page (render/continued_cells.py, which lays the
document out again).
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

from jinja2 import BaseLoader, ChoiceLoader, PrefixLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.loaders import split_template_path

from authoring.errors import FindingsError
from authoring.files import RESOURCE_LIMIT, TEXT_TEMPLATE_LIMIT, FileRefused, check_regular, read_limited
from authoring.findings import Finding, Severity
from authoring.jurisdiction.profile import LoadedProfile, refuse_escape
from authoring.render import charts, continued_cells, fonts, justify, kept_styles, shortcuts
from authoring.render.limits import MAX_PDF_BYTES, confined_render, context_size, too_large, working_on
from authoring.sandbox import LimitedEnvironment, TemplateLimit
from authoring.render.docx import missing_template
from authoring.render.template_errors import describe, template_line
from authoring.report.title_lines import title_lines as report_title_lines

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
RULE = "H1"
MAX_FETCHES = 200  # files one PDF may read through the fetcher (fonts, images, imported stylesheets)
# The HTML a template may write: the shipped one writes about 1.5 characters per character of the context.
HTML_BASE = 1_000_000
HTML_PER_CHAR = 20


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
            self.reasons: dict[str, str] = {}  # refused URL → why, when it is not simply "outside"
            self.log: list[tuple[str, str | None]] = []  # every URL asked for, in order, and why refused (None: read)

        def allows(self, url: str) -> bool:
            return self.refusal(url) is None

        def refusal(self, url: str) -> str | None:
            """Why url may not be read ("" when it is simply not allowed), or None when it may."""
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return None
            if scheme != "file":
                return ""
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return ""
            path = Path(os.path.realpath(url2pathname(unquote(parts.path))))
            if path not in self.files and not any(path.is_relative_to(folder) for folder in self.folders):
                return ""
            if url in self.fetched and path.suffix.lower() == ".css":
                return "同一个样式表被再次引用（@import 成环）"
            if len(self.fetched) >= MAX_FETCHES:
                return f"读取的文件超过 {MAX_FETCHES} 个"
            return check_regular(path, RESOURCE_LIMIT)  # a FIFO would keep WeasyPrint waiting

        def fetch(self, url, headers=None):
            reason = self.refusal(url)
            self._record(url, reason)
            if reason is not None:
                raise ValueError(f"不允许读取：{url}")
            return super().fetch(url, headers)

        def _record(self, url: str, reason: str | None) -> None:
            self.log.append((url, reason))
            if reason is not None:
                self.refused.append(url)
                if reason:
                    self.reasons.setdefault(url, reason)
            elif not url.startswith("data:"):
                self.fetched.append(url)

        def replay(self, log: list[tuple[str, str | None]]) -> bool:
            """Take what another fetcher was asked (its log) as asked of this one, without reading anything; False,
            and nothing taken, when this one would decide any of it differently (other folders, a file gone)."""
            before = (list(self.log), list(self.refused), list(self.fetched), dict(self.reasons))
            for url, reason in log:
                if self.refusal(url) != reason:
                    self.log, self.refused, self.fetched, self.reasons = before
                    return False
                self._record(url, reason)
            return True

    return SafeFetcher


# --- Jinja ------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[-+−]?[\d,，]*\d(\.\d+)?\s*(%|％|分|万元)?$")


def is_number_cell(value) -> bool:
    return bool(_NUMBER.match(str(value).strip()))


def title_lines(title: str) -> list[str]:
    """The 标题分行 filter, for templates written before the context had 标题行 (authoring/report/title_lines.py)."""
    return report_title_lines(title)


class TemplateRefused(SecurityError):
    """A template file the loader will not read: a link out of the template folders, not a regular file, too large."""


class FolderLoader(BaseLoader):
    """Templates from `folders` (the first that has the name wins) — only regular files, at most
    TEXT_TEMPLATE_LIMIT bytes, whose real path is inside one of `allowed` (the whole search path):
    a symbolic link in a template folder must not put /etc/passwd in the PDF."""

    def __init__(self, folders: list[str], allowed: list[str]):
        self.folders = folders
        self.allowed = [os.path.realpath(f) for f in allowed]

    def get_source(self, environment, template: str):
        pieces = split_template_path(template)
        for folder in self.folders:
            path = os.path.join(folder, *pieces)
            if not os.path.lexists(path) or os.path.isdir(path):
                continue
            real = os.path.realpath(path)
            if not any(Path(real).is_relative_to(a) for a in self.allowed):
                raise TemplateRefused(f"“{template}”是指向模板文件夹之外（{real}）的符号链接，为安全起见不读取")
            try:
                text = read_limited(real, TEXT_TEMPLATE_LIMIT).decode("utf-8-sig")
            except FileRefused as exc:
                raise TemplateRefused(f"模板“{template}”不能读取：{exc.reason}") from None
            except OSError as exc:
                raise TemplateRefused(f"模板“{template}”不能读取：{exc.strerror or exc}") from None
            except UnicodeDecodeError:
                raise TemplateRefused(f"模板“{template}”不是 UTF-8 编码的文本") from None
            mtime = os.path.getmtime(real)
            return text, os.path.normpath(path), lambda: os.path.exists(real) and os.path.getmtime(real) == mtime
        raise TemplateNotFound(template, f"找不到模板“{template}”（查找过：{'、'.join(self.folders)}）")


def _environment(profile: LoadedProfile) -> LimitedEnvironment:
    return _environment_for(tuple(str(p) for p in profile.search_path))


@lru_cache(maxsize=16)
def _environment_for(folders: tuple[str, ...]) -> LimitedEnvironment:
    """One environment per search path: compiled templates are reused when several reports are built."""
    every = list(folders)
    loader = ChoiceLoader([
        FolderLoader(every, every),
        PrefixLoader({Path(p).name: FolderLoader([p], every) for p in folders}),
    ])
    env = LimitedEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined,
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
    """The HTML of the report; FindingsError (H1, exit 3) located in the template when the template fails,
    or when it writes far more than the report holds (WeasyPrint would lay it out for minutes)."""
    if profile.find_file(TEMPLATE) is None:
        raise FindingsError([missing_template(profile, TEMPLATE, "PDF 模板")], exit_code=3)
    context = charts.with_svg(context)
    try:
        html = _environment(profile).get_template(TEMPLATE).render(context)
    except TemplateError as exc:
        raise FindingsError([template_finding(exc, profile)], exit_code=3) from None
    except UnicodeDecodeError:
        raise FindingsError([Finding(Severity.ERROR, RULE, str(profile.find_file(TEMPLATE)), 1, 1, "",
                                     "PDF 模板不是 UTF-8 编码的文本（请在编辑器中另存为 UTF-8）")], exit_code=3) from None
    except Exception as exc:  # 1 // 0 in the template: the template's problem when a template frame raised it
        folders = tuple(os.path.realpath(p) for p in profile.search_path)
        where = template_line(exc, lambda name: os.path.realpath(name).startswith(folders))
        if where is None:
            raise
        name, line = where
        raise FindingsError([Finding(Severity.ERROR, RULE, name or str(profile.find_file(TEMPLATE)), line or 1, 1, "",
                                     f"PDF 模板出错：{describe(exc)}")], exit_code=3) from None
    limit = HTML_BASE + HTML_PER_CHAR * context_size(context)
    if len(html) > limit:
        file = profile.find_file(TEMPLATE) or profile.search_path[0] / TEMPLATE
        raise FindingsError([Finding(Severity.ERROR, RULE, str(file), 1, 1, "",
                                     f"PDF 模板写出了 {len(html)} 个字符，远多于报告的内容（上限 {limit} 个）："
                                     "模板是否重复输出了内容？")], exit_code=3)
    return allow_quote_breaks(html)


def template_finding(exc: TemplateError, profile: LoadedProfile) -> Finding:
    """H1 at the template file and line where exc happened (the deepest template frame of its traceback)."""
    folders = [str(p) for p in profile.search_path]
    file, line = str(profile.find_file(TEMPLATE) or profile.search_path[0] / TEMPLATE), 1
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        file, line = exc.filename, exc.lineno
    else:
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if any(name.startswith(f) for f in folders):
                file, line = name, tb.tb_lineno
            tb = tb.tb_next
    message = exc.message or str(exc)
    if isinstance(exc, TemplateLimit):
        text = f"PDF 模板超出限制：{message}"
    elif isinstance(exc, (TemplateRefused, TemplateNotFound)):
        text = message
    else:
        text = f"PDF 模板出错：{describe(exc)}"
    return Finding(Severity.ERROR, RULE, file, line, 1, "", text)


def stylesheet_files(profile: LoadedProfile) -> list[Path]:
    """Every report.css on the search path, parents first: a region's own rules come last and win.

    A report.css that is a symbolic link out of its folder is an error (P0, exit 3), as the templates."""
    found = []
    for folder in reversed(profile.search_path):
        path = folder / STYLESHEET
        if path.exists():
            refuse_escape([folder], path)
            found.append(path)
    return found


def read_stylesheet(path: Path) -> str:
    try:
        return read_limited(path, TEXT_TEMPLATE_LIMIT).decode("utf-8-sig")
    except FileRefused as exc:
        message = exc.reason
    except OSError as exc:
        message = f"无法读取（{exc.strerror or exc}）"
    except UnicodeDecodeError:
        message = "不是 UTF-8 编码的文本"
    raise FindingsError([Finding(Severity.ERROR, "P0", str(path), 1, 1, "", f"样式表不能读取：{message}")], exit_code=3)


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


PDFA_VARIANT = "pdf/a-2b"  # build --pdfa: for archives (XMP conformance, embedded fonts, sRGB output intent)


def render_pdf_result(context: dict, profile: LoadedProfile, pdfa: bool = False) -> PdfResult:
    """Render and also return WeasyPrint's warnings and what the fetcher allowed and refused.

    In a child process under the render limits (render/limits.py) when not already in one. `pdfa`: PDF/A-2b."""
    template = profile.find_file(TEMPLATE) or profile.search_path[0] / TEMPLATE
    # Loaded here, not in each child: WeasyPrint's import and the font lookups take about a second, and
    # a forked child shares them (no PDF is laid out in this process, so nothing of Pango's is half-done).
    fonts.import_weasyprint()
    fonts.font_files()
    charts.preload(context)
    result = confined_render(lambda: _render_pdf(context, profile, template, pdfa), context_size(context), template,
                             "生成 PDF")
    if len(result.pdf) > MAX_PDF_BYTES:
        raise too_large(template, "PDF", len(result.pdf), MAX_PDF_BYTES)
    return result


def _render_pdf(context: dict, profile: LoadedProfile, template: Path, pdfa: bool = False) -> PdfResult:
    working_on(template)
    return _render_document(context, profile, pdfa)[1]


def layout_document(context: dict, profile: LoadedProfile, pdfa: bool = False):
    """The report as WeasyPrint laid it out, with the PDF made from it, in this process and without the render
    limits: for tests that look at the boxes (which line ends a paragraph, where a table starts)."""
    return _render_document(context, profile, pdfa)


def _render_document(context: dict, profile: LoadedProfile, pdfa: bool):
    fonts.import_weasyprint()
    from weasyprint import HTML

    html_text = render_html(context, profile)
    shortcuts.install()
    unjustified = justify.install()
    folders = list(profile.search_path) + [fonts.FONT_CACHE]
    fetcher = _fetcher_class()(folders, fonts.font_files())
    fetchers = [fetcher]
    collector = _Collector()
    wp_logger = logging.getLogger("weasyprint")
    wp_logger.addHandler(collector)
    level = wp_logger.level
    if wp_logger.getEffectiveLevel() > logging.WARNING:
        wp_logger.setLevel(logging.WARNING)
    html = None
    try:
        key, styles = _styles(context, profile, fetcher, collector)
        sheets, font_config = styles.sheets, styles.font_config
        template_dir = profile.find_file(TEMPLATE)
        base_url = (template_dir.parent if template_dir else profile.search_path[0]).as_uri() + "/"
        try:
            html = HTML(string=html_text, base_url=base_url, url_fetcher=fetcher)
            document = html.render(stylesheets=sheets, font_config=font_config)
            for _ in range(continued_cells.MAX_PASSES - 1):  # merged cells cut by a page break: repeat them
                if not continued_cells.cut_continued_cells(document, html.etree_element):
                    break
                # a new fetcher for the new pass: a stylesheet linked by the template is read again, no cycle
                fetchers.append(_fetcher_class()(folders, fonts.font_files()))
                html = HTML(string=continued_cells.html_of(html.etree_element), base_url=base_url,
                            url_fetcher=fetchers[-1])
                document = html.render(stylesheets=sheets, font_config=font_config)
            pdf = document.write_pdf(pdf_variant=PDFA_VARIANT if pdfa else None)
        except Exception as exc:  # WeasyPrint gave up on what report.css / report.html.j2 asked of it
            raise FindingsError([_layout_finding(profile, exc)], exit_code=3) from None
        finally:
            kept_styles.release(key, styles, html)
    finally:
        wp_logger.removeHandler(collector)
        wp_logger.setLevel(level)
    warnings = list(dict.fromkeys(collector.messages + ([unjustified] if unjustified else [])))
    refused = list(dict.fromkeys(url for f in fetchers for url in f.refused))
    reasons = {url: reason for f in fetchers for url, reason in f.reasons.items()}
    for url in refused:
        reason = reasons.get(url)
        warnings.append(f"已拒绝读取模板引用的外部资源：{url}" + (f"（{reason}）" if reason else ""))
    return document, PdfResult(pdf, warnings, refused, list(dict.fromkeys(url for f in fetchers for url in f.fetched)))


def _styles(context: dict, profile: LoadedProfile, fetcher, collector: _Collector):
    """The report's stylesheets parsed, with their font configuration, as kept for the next report with the same
    stylesheets (render/kept_styles.py) when its fetcher decides what they fetch the same way; what parsing them
    logged and fetched is in collector and fetcher either way."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    texts = [(fonts.css(context.get("字体")), None)]
    texts += [(read_stylesheet(path), path.as_uri()) for path in stylesheet_files(profile)]

    def parse() -> kept_styles.Styles:
        font_config = FontConfiguration()
        first = len(collector.messages)
        sheets = [CSS(string=text, base_url=url, url_fetcher=fetcher, font_config=font_config) for text, url in texts]
        return kept_styles.Styles(sheets, font_config, collector.messages[first:], list(fetcher.log))

    key = tuple(texts)
    styles, parsed = kept_styles.kept(key, parse, lambda kept: fetcher.replay(kept.fetches))
    if not parsed:
        collector.messages.extend(styles.messages)
    return key, styles


def _layout_finding(profile: LoadedProfile, exc: Exception) -> Finding:
    """H2: WeasyPrint failed; the jurisdiction's own stylesheet (or template) is named as the likely cause."""
    sheets = stylesheet_files(profile)
    file = sheets[-1] if sheets else profile.find_file(TEMPLATE)
    named = "、".join(str(p) for p in sheets) or "（无）"
    return Finding(Severity.ERROR, "H2", str(file), 1, 1, "",
                   f"WeasyPrint 排版 PDF 时出错（{type(exc).__name__}: {exc}）：多半是样式表或 PDF 模板中的数值或写法"
                   f"超出了它能处理的范围（如极大的字号、间距）；用到的样式表：{named}")


def render_pdf(context: dict, profile: LoadedProfile, warn: Callable[[str], None] | None = None,
               pdfa: bool = False) -> bytes:
    """The PDF as bytes (PDF/A-2b when `pdfa`). `warn` (optional) receives each warning: missing glyph,
    refused URL, font problem, justification not available."""
    result = render_pdf_result(context, profile, pdfa)
    if warn:
        for message in result.warnings:
            warn(message)
    return result.pdf
