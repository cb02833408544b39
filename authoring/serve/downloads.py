"""The report as a download: rendered on request through build.py's render path, never written to disk."""

from __future__ import annotations

import re
from urllib.parse import quote

from starlette.responses import Response

from authoring.build import render_report
from authoring.output_names import output_name
from authoring.serve.inspect import Inspection

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def content_disposition(file_name: str) -> str:
    """attachment with an ASCII fallback name and the real (Chinese) one in RFC 5987 form (filename*=UTF-8'')."""
    stem, _, ext = file_name.rpartition(".")
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")
    fallback = f"{fallback if re.search('[A-Za-z0-9]', fallback) else 'report'}.{ext}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def download(it: Inspection, fmt: str) -> Response:
    """The report in `fmt` for an inspection without errors; AuthoringError when the template or a limit fails."""
    assert it.result is not None and it.context is not None
    data = render_report(it.result, it.context, [fmt])[fmt]
    name = f"{output_name(it.context)}.{fmt}"
    return Response(data, media_type=FORMATS[fmt], headers={
        "Content-Disposition": content_disposition(name),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    })
