"""The DOCX theme part (word/theme/theme1.xml) with the profile's fonts only.

Without a theme, or with Office's default one, Word and WPS fill the theme fonts with Calibri, 等线 or
MS Mincho (for East Asian text in a style that names no font) and WPS asks about the missing fonts. This
theme names only the profile's fonts: headings (major) in the 标题 font, body (minor) in the 正文 font,
Latin in the 数字 font, and no per-script fonts (the <a:font script="Jpan" …> list Office ships).
Colours and effects are plain black-and-white: a 公文 uses none.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

THEME_PART = "word/theme/theme1.xml"
THEME_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
THEME_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.theme+xml"

_COLOURS = (("dk1", '<a:srgbClr val="000000"/>'), ("lt1", '<a:srgbClr val="FFFFFF"/>'),
            ("dk2", '<a:srgbClr val="000000"/>'), ("lt2", '<a:srgbClr val="FFFFFF"/>'),
            *((f"accent{i}", '<a:srgbClr val="000000"/>') for i in range(1, 7)),
            ("hlink", '<a:srgbClr val="000000"/>'), ("folHlink", '<a:srgbClr val="000000"/>'))
_FILL = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = '<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
_EFFECT = "<a:effectStyle><a:effectLst/></a:effectStyle>"


def _font(tag: str, latin: str, east_asia: str) -> str:
    return (f"<a:{tag}><a:latin typeface={quoteattr(latin)}/><a:ea typeface={quoteattr(east_asia)}/>"
            f'<a:cs typeface=""/></a:{tag}>')


def theme_xml(fonts: dict) -> bytes:
    """The theme for the context's 字体 (role → font name)."""
    latin = fonts.get("数字") or "Times New Roman"
    body = fonts.get("正文") or "仿宋_GB2312"
    title = fonts.get("标题") or body
    colours = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in _COLOURS)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="公文">'
        '<a:themeElements>'
        f'<a:clrScheme name="公文">{colours}</a:clrScheme>'
        f'<a:fontScheme name="公文">{_font("majorFont", latin, title)}{_font("minorFont", latin, body)}</a:fontScheme>'
        '<a:fmtScheme name="公文">'
        f"<a:fillStyleLst>{_FILL * 3}</a:fillStyleLst>"
        f"<a:lnStyleLst>{_LINE * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{_EFFECT * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{_FILL * 3}</a:bgFillStyleLst>"
        "</a:fmtScheme>"
        "</a:themeElements>"
        "<a:objectDefaults/><a:extraClrSchemeLst/>"
        "</a:theme>"
    ).encode("utf-8")
