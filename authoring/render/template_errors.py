"""A template's error (Word or PDF template), said in Chinese with the template line it happened on.

Every failure while a jurisdiction's template runs is that template's problem (exit 3), not the
clerk's and not a bug of ours: a Jinja syntax error, an unknown variable, a Python error in an
expression (`1 // 0`), a refused operation, an include the templates may not use.
"""

from __future__ import annotations

import re
from types import TracebackType


def describe(exc: BaseException) -> str:
    """What went wrong, in Chinese (without the place)."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    message = str(exc)
    if isinstance(exc, UndefinedError):
        m = re.search(r"'([^']+)' is undefined", message)
        n = re.search(r"has no attribute '([^']+)'", message)
        k = re.search(r"has no element (\S+)", message)
        if m:
            return f"模板使用了未知的变量“{m.group(1)}”（可用的变量见 docs/模板编写指南.md）"
        if n:
            return f"模板使用了未知的字段“{n.group(1)}”（可用的字段见 docs/模板编写指南.md）"
        if k:
            return f"模板引用了不存在的第 {k.group(1)} 项（下标从 0 开始）"
        return f"模板使用了未定义的值（{message}）"
    if isinstance(exc, SecurityError):
        return f"模板使用了不允许的操作（{message}）"
    if isinstance(exc, TemplateSyntaxError):
        return f"模板标签语法错误（{exc.message}）"
    if isinstance(exc, TemplateNotFound) or "no loader for this environment" in message:
        return f"模板不能引用其他模板（include、import、extends）：{message}"
    if isinstance(exc, RecursionError):
        return "模板中的宏或循环无限地调用自己"
    return f"模板渲染出错（{type(exc).__name__}: {message}）"


def template_line(exc: BaseException, is_template=lambda filename: not filename.endswith(".py")) -> tuple[str, int] | None:
    """(file name, line) of the innermost template frame of exc's traceback: Jinja compiles a template
    to code whose file name is the template's and whose line numbers are the template's lines."""
    found = None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if is_template(name):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found
