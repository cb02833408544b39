"""`authoring build`: check, then render DOCX/PDF from one context, then write atomically."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from authoring.errors import ProfileError
from authoring.findings import printable
from authoring.report.context import build_context
from authoring.pipeline import check_file, write_atomic
from authoring.summary import summary_line

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def output_name(context: dict) -> str:
    """The report title, prefixed by the 附件 label when there is one."""
    name = context["标题"]
    if context["附件"]:
        name = f"{context['附件']} {name}"
    return _UNSAFE.sub("_", name).strip() or "报告"


def render_all(context: dict, profile, formats: list[str], progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """Render every requested format to bytes before anything is written."""
    out: dict[str, bytes] = {}
    if "docx" in formats:
        from authoring.render.docx import render_docx

        if progress:
            progress("  生成 DOCX …")
        out["docx"] = render_docx(context, profile)
    if "pdf" in formats:
        from authoring.render.pdf import render_pdf

        if progress:
            progress("  生成 PDF …")
        out["pdf"] = render_pdf(context, profile, warn=(lambda m: progress(f"  警告：{m}")) if progress else None)
    return out


def build_files(files: list[str], out_dir: Path, fmt: str, strict: bool,
                out: Callable[[str], None], err: Callable[[str], None]) -> int:
    formats = ["docx", "pdf"] if fmt == "all" else [fmt]
    worst = 0
    for file in files:
        try:
            result = check_file(file)
        except ProfileError as exc:  # the jurisdiction is broken: report it located, go on with the next file
            for f in exc.findings:
                err(f.format())
            err(f"{printable(file)}: 地区规则有错误，未生成任何文件")
            worst = max(worst, exc.exit_code)
            continue
        blocking = result.errors or (strict and result.warnings)
        for f in result.findings:
            (err if blocking else out)(f.format())
        if blocking or result.assessment is None:
            err(summary_line(result))
            err(f"{printable(file)}: 有错误，未生成任何文件")
            worst = max(worst, 1)
            continue
        context = build_context(result)
        if "pdf" in formats:
            _warn_fonts(err, context["字体"])
        rendered = render_all(context, result.profile, formats, err)
        base = output_name(context)
        for ext, data in rendered.items():
            target = out_dir / f"{base}.{ext}"
            write_atomic(target, data)
            out(f"已生成 {printable(str(target))}")
    return worst


_warned = False


def _warn_fonts(err: Callable[[str], None], fonts: dict) -> None:
    global _warned
    if _warned:
        return
    _warned = True
    try:
        from authoring.render.fonts import fallback_warnings
    except ImportError:
        return
    for message in fallback_warnings(fonts):
        err(f"警告：{message}")
