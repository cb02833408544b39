"""The report for the screen: the PDF's own HTML (same context, same template, same stylesheets), laid out
by the browser as A4 sheets (ui/preview.css, ui/paginate.js) instead of by WeasyPrint, so that it is quick.

The document is the jurisdiction's template output, so it is served under a Content-Security-Policy that
runs no script but ours and fetches nothing but our fonts: whatever a template writes stays text on a page.
What the policy does not cover is taken out of the template's output first: <meta http-equiv> (a refresh
would navigate to any address, the report's text in its query) and <link> (dns-prefetch and preconnect
would name any host); the report's stylesheets are inlined by us, so the template needs neither.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from authoring.jurisdiction.profile import LoadedProfile
from authoring.render import fonts
from authoring.render.pdf import read_stylesheet, render_html, stylesheet_files

#: What the preview document may load: our script and stylesheet, our fonts, inline styles (the report's own).
PREVIEW_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
                  "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_UNCOVERED = re.compile(r"<(?:meta\b[^>]*\bhttp-equiv\b|link\b)[^>]*>", re.IGNORECASE)
_STYLE_END = re.compile(r"</(style)", re.IGNORECASE)


@lru_cache(maxsize=1)
def font_files() -> tuple[Path, ...]:
    """The font files the preview may serve, by index: exactly those the PDF may read."""
    return tuple(fonts.font_files())


def font_url(index: int, path: Path) -> str:
    return f"/_fonts/{index}/{path.name}"


def font_css(context_fonts: dict | None) -> str:
    """The PDF's generated font stylesheet, its file: URLs turned into URLs of this server."""
    css = fonts.css(context_fonts)
    for index, path in enumerate(font_files()):
        css = css.replace(path.as_uri(), font_url(index, path))
    return css


def _style(css: str) -> str:
    return "<style>\n" + _STYLE_END.sub(r"<\\/\1", css) + "\n</style>\n"


def preview_document(context: dict, profile: LoadedProfile) -> str:
    """The report's HTML with the font and report stylesheets inline and the screen layout added.

    FindingsError (exit 3) located in the template when the template fails, as for the PDF."""
    html = _UNCOVERED.sub("", render_html(context, profile))
    added = _style(font_css(context.get("字体")))
    for path in stylesheet_files(profile):
        added += _style(read_stylesheet(path))
    added += ('<link rel="stylesheet" href="/_ui/preview.css">\n'
              '<script src="/_ui/paginate.js" defer></script>\n')
    match = _HEAD_END.search(html)
    if match is None:
        return added + html
    return html[:match.start()] + added + html[match.start():]
