"""Our own pages: Jinja templates in ui/, autoescaped, everything they load served by us (works offline)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

UI = Path(__file__).resolve().parent / "ui"

#: The files under /_ui/ and their types; nothing else is served from there.
STATIC = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "preview.css": "text/css; charset=utf-8",
    "paginate.js": "text/javascript; charset=utf-8",
}

#: Our pages run only our script, load only from us, and may frame only our preview.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
               "frame-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

STATUS = {
    "ok": "没有问题",
    "warnings": "有警告",
    "errors": "有错误",
    "unreadable": "无法读取",
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(UI)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["STATUS"] = STATUS
    return env


def render(template: str, **values) -> str:
    return environment().get_template(template).render(**values)


def static_file(name: str) -> bytes | None:
    if name not in STATIC:
        return None
    return (UI / name).read_bytes()
