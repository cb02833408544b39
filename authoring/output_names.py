"""The file name of a report: its title, made safe on every system the report will be copied to."""

from __future__ import annotations

import hashlib
import unicodedata

# Leaves room for ".docx" and keeps the whole name under the 255 bytes most file systems allow.
MAX_NAME_BYTES = 200
_FORBIDDEN = set('\\/:*?"<>|')  # not allowed in Windows file names
# Windows refuses these as names, whatever the extension and the case.
_RESERVED = ({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
             | {f"{dev}{n}" for dev in ("COM", "LPT") for n in "0123456789¹²³"})


def output_name(context: dict) -> str:
    """The report title, prefixed by the 附件 label when there is one."""
    name = context["标题"]
    if context["附件"]:
        name = f"{context['附件']} {name}"
    return safe_file_name(name)


def file_name(name: str, ext: str) -> str:
    """The file of one format: the report's name, but the 自评表 workbook says it is the 自评表
    (…自评报告 → …自评表.xlsx; a name ending in 自评表 is kept; any other name gets “ 自评表”)."""
    if ext != "xlsx":
        return f"{name}.{ext}"
    if name.endswith("自评报告"):
        return f"{name[:-2]}表.xlsx"
    if name.endswith("自评表"):
        return f"{name}.xlsx"
    return f"{name} 自评表.xlsx"


def safe_file_name(text: str) -> str:
    """A visible, portable name of at most MAX_NAME_BYTES bytes in UTF-8 that still reads as `text`."""
    chars = []
    for ch in unicodedata.normalize("NFC", text):
        category = unicodedata.category(ch)
        if ch in "\t\n\r" or category in ("Zs", "Zl", "Zp"):
            chars.append(" ")
        elif category == "Cf":  # invisible: bidi controls, zero-width spaces, soft hyphens
            continue
        elif category in ("Cc", "Cs", "Co", "Cn") or ch in _FORBIDDEN:
            chars.append("_")
        else:
            chars.append(ch)
    # no leading dot (a hidden file), no trailing dot or space (Windows drops them)
    name = " ".join("".join(chars).split()).strip(". ") or "报告"
    name = _shorten(name)
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    return name


def collision_key(name: str) -> str:
    """Names that are one file on Windows or macOS (case-insensitive) are one name here too."""
    return unicodedata.normalize("NFC", name).casefold()


def _shorten(name: str) -> str:
    """Keep the start (year, department), cut at a character, and add a hash of the whole so names stay unique."""
    encoded = name.encode("utf-8")
    if len(encoded) <= MAX_NAME_BYTES:
        return name
    tail = "…" + hashlib.sha256(encoded).hexdigest()[:8]
    head = encoded[:MAX_NAME_BYTES - len(tail.encode("utf-8"))].decode("utf-8", "ignore")
    while head and unicodedata.combining(head[-1]):
        head = head[:-1]
    return head.rstrip(". ") + tail
