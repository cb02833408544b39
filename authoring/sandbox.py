"""The Jinja environment every template and every 措辞 sentence runs in: sandboxed, and with limits.

Jinja's SandboxedEnvironment keeps a template away from Python's internals, but it does not bound
what a template may ask for (ECOSYSTEM.md §0b): nested `range(100000)` loops, `10 ** 100000000`,
`'a' * 10 ** 9`, a string doubled in a loop. A bureau's template is data, so each render here has
a budget, and asking for more is a `TemplateLimit` (a Jinja SecurityError, so every caller that
reports template errors reports it too, located, exit 3):

- loop iterations and calls (macros, methods, filters): at most MAX_STEPS in one render;
- one render's wall time: at most MAX_SECONDS, or the environment's own `seconds` (checked at every step);
- any text or list a template builds (`*`, `+`, `~`, a filter, a method): at most MAX_TEXT
  characters or items, refused *before* it is built where the size can be known in advance;
- numbers: at most MAX_INT_DIGITS digits (`**` and `*` on whole numbers are checked before);
- `range()`: at most MAX_RANGE items; the output of one render: at most MAX_OUTPUT characters.

These turn the usual mistakes into a message at once. They are not the last line: every render also
runs in a child process with a time and memory limit (authoring/confine.py), which ends whatever
slips past them.
"""

from __future__ import annotations

import math
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any, Callable

from jinja2 import nodes
from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

MAX_STEPS = 5_000_000
MAX_SECONDS = 15.0
WORDING_SECONDS = 2.0  # one 措辞 sentence, when a profile loads (its trial render) and in the report
MAX_TEXT = 10_000_000
MAX_OUTPUT = 100_000_000
MAX_INT_DIGITS = 10_000
MAX_RANGE = 100_000
_MAX_BITS = int(MAX_INT_DIGITS * math.log2(10))


class TemplateLimit(SecurityError):
    """A template asked for more than a render may use; the message says what, in Chinese."""


@dataclass
class _Budget:
    seconds: float = MAX_SECONDS
    steps: int = 0
    deadline: float = 0.0

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"模板的循环和调用超过 {MAX_STEPS} 次（是否有多层嵌套的循环或递归？）")
        if not self.steps & 0x3FF and time.monotonic() > self.deadline:
            raise TemplateLimit(f"模板运行超过 {self.seconds:g} 秒（是否有多层嵌套的循环或递归？）")


_BUDGET: ContextVar[_Budget | None] = ContextVar("authoring_template_budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:  # a template called outside render() (Template.generate …): a budget of its own
        budget = _Budget()
        _BUDGET.set(budget)
    return budget


# ---------------------------------------------------------------------------------- sizes


def size(value: Any) -> int:
    """Characters of a text; items of a list plus the characters of the texts directly in it (one level:
    a size is taken on every call, and must cost no more than the call itself)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return len(value) + sum(len(item) for item in value if isinstance(item, str))
    if isinstance(value, (dict, set, frozenset)):
        return len(value)
    return 0


def check_size(value: Any, what: str = "模板生成的文字或列表") -> Any:
    if _whole(value):
        if value.bit_length() > _MAX_BITS:
            raise TemplateLimit(f"模板算出的数超过 {MAX_INT_DIGITS} 位")
    elif isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_TEXT:
        raise TemplateLimit(f"{what}超过 {MAX_TEXT} 个字符（或项）")
    return value


def _refuse_if(condition: bool, what: str) -> None:
    if condition:
        raise TemplateLimit(f"{what}会超过 {MAX_TEXT} 个字符（或项）")


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d+|\*)?(?:\.(\d+|\*))?")
_BRACE_SPEC = re.compile(r"\{[^{}:]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


def _check_format(fmt: str, args: tuple = (), kwargs: dict | None = None) -> None:
    """The widths and precisions of a format string ("%9999999999d", "{:>9999999999}", "%*d" with its
    argument) that would make a huge text; the numbers being formatted are not widths."""
    widths: list[str] = []
    dynamic = False
    for m in _PERCENT_SPEC.finditer(fmt):
        widths += [w for w in m.groups() if w and w != "*"]
        dynamic = dynamic or "*" in m.groups()
    for m in _BRACE_SPEC.finditer(fmt):
        widths += re.findall(r"\d+", m.group(1))
        dynamic = dynamic or "{" in m.group(1)
    if any(len(w) > 8 for w in widths):
        raise TemplateLimit(f"格式化的宽度会超过 {MAX_TEXT} 个字符（或项）")
    total = sum(int(w) for w in widths)
    if dynamic:
        total += sum(abs(a) for a in list(args) + list((kwargs or {}).values()) if _whole(a))
    _refuse_if(total > MAX_TEXT, "格式化的宽度")


# Methods and filters whose whole-number arguments are widths or counts: the size of what they build.
_SIZED = {"ljust", "rjust", "center", "zfill", "expandtabs", "indent", "truncate", "wordwrap", "batch", "slice"}


def _check_arguments(args: tuple, kwargs: dict) -> None:
    """A width or count passed to a method or filter of _SIZED is a size it builds."""
    for a in list(args) + list(kwargs.values()):
        if _whole(a) and abs(a) > MAX_TEXT:
            raise TemplateLimit(f"模板传给过滤器或方法的数 {a} 过大（最多 {MAX_TEXT}）")


def _check_call(func: Any, args: tuple, kwargs: dict) -> None:
    """What a method or filter would build, when its size can be known before it is built."""
    name = getattr(func, "__name__", "")
    # str.format arrives wrapped by the sandbox (SandboxedEnvironment.wrap_str_format)
    owner = getattr(func, "__self__", None) or getattr(getattr(func, "__wrapped__", None), "__self__", None)
    if name in ("format", "format_map") and isinstance(owner, str):
        _check_format(owner, args, kwargs)
    elif name == "join" and isinstance(owner, str) and args:
        _refuse_if(_joined(owner, args[0]) > MAX_TEXT, "拼接的结果")
    elif name == "replace" and isinstance(owner, str) and len(args) >= 2:
        _refuse_if(_replaced(owner, args[0], args[1]) > MAX_TEXT, "替换的结果")


def _joined(separator: Any, items: Any) -> int:
    if not isinstance(items, (list, tuple, str, range)):
        return 0
    return size(list(items) if isinstance(items, range) else items) + len(str(separator)) * max(len(items) - 1, 0)


def _replaced(text: Any, old: Any, new: Any) -> int:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return 0
    return len(text) + text.count(old) * max(len(new) - len(old), 0)


# -------------------------------------------------------------------------------- filters

# Filters whose result may be much larger than their input, and how to know it in advance.
_FILTER_CHECKS: dict[str, Callable[[tuple, dict], None]] = {
    "join": lambda a, k: _refuse_if(len(a) >= 1 and _joined(a[1] if len(a) > 1 else k.get("d", ""), a[0]) > MAX_TEXT,
                                    "拼接的结果"),
    "replace": lambda a, k: _refuse_if(len(a) >= 3 and _replaced(str(a[0]), a[1], a[2]) > MAX_TEXT, "替换的结果"),
    "format": lambda a, k: _check_format(str(a[0]), a[1:], k) if a else None,
    "indent": lambda a, k: _refuse_if(len(a) >= 1 and _indented(a, k) > MAX_TEXT, "缩进的结果"),
}


def _indented(args: tuple, kwargs: dict) -> int:
    text = str(args[0])
    width = args[1] if len(args) > 1 else kwargs.get("width", 4)
    width = len(width) if isinstance(width, str) else width if _whole(width) else 4
    return len(text) + (text.count("\n") + 1) * max(width, 0)


def _limited_filter(name: str, func: Callable) -> Callable:
    check = _FILTER_CHECKS.get(name)
    pass_arg = getattr(func, "jinja_pass_arg", None)

    @wraps(func)
    def limited(*args, **kwargs):
        _budget().step()
        value_args = args[1:] if pass_arg is not None else args  # the context or environment comes first
        if name in _SIZED:
            _check_arguments(value_args[1:], kwargs)
        if check is not None:
            check(value_args, kwargs)
        return check_size(func(*args, **kwargs), f"过滤器“{name}”的结果")

    return limited


class _Filters(dict):
    """The environment's filters, each wrapped with the limits as it is added."""

    def __init__(self, filters: dict):
        super().__init__()
        for name, func in filters.items():
            self[name] = func

    def __setitem__(self, name: str, func: Callable) -> None:
        super().__setitem__(name, _limited_filter(name, func))


# ------------------------------------------------------------------------ the environment


class _Limiter(NodeTransformer):
    """Every `for` iterates through environment.limited_items and every `~` goes through
    environment.limited_text, so that loops are counted and concatenation is bounded."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _call("limited_items", node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _call("limited_text", node)


def _call(name: str, arg: nodes.Expr) -> nodes.Call:
    return nodes.Call(nodes.EnvironmentAttribute(name, lineno=arg.lineno), [arg], [], None, None, lineno=arg.lineno)


class LimitedTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        if _BUDGET.get() is not None:  # a render inside a render shares its budget
            return super().render(*args, **kwargs)
        token = _BUDGET.set(_Budget(self.environment.seconds))  # type: ignore[attr-defined]
        try:
            return super().render(*args, **kwargs)
        except RecursionError as exc:  # keeps the template frames: the error names the macro's line
            limit = TemplateLimit("模板的宏或循环递归过深（是否有调用自身而不会停止的宏？）")
            raise limit.with_traceback(exc.__traceback__) from None
        finally:
            _BUDGET.reset(token)


def _limited_range(*args: int) -> range:
    for a in args:
        if not _whole(a):
            raise TypeError(f"range() 的参数应为整数，实际为“{a}”")
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(f"range() 最多 {MAX_RANGE} 项，这里是 {len(numbers)} 项")
    return numbers


class LimitedEnvironment(SandboxedEnvironment):
    """SandboxedEnvironment with a budget per render (module docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})
    template_class = LimitedTemplate

    def __init__(self, *args: Any, seconds: float = MAX_SECONDS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seconds = seconds  # wall time of one render
        self.globals["range"] = _limited_range
        self.globals.pop("lipsum", None)  # no report needs Lorem ipsum, and lipsum(10**6) runs for minutes
        self.filters = _Filters(self.filters)

    def _generate(self, source: nodes.Template, *args: Any, **kwargs: Any) -> str:
        # At code generation, not at parse: Environment.parse() keeps returning the tree as written,
        # for the static checks that walk it (wording_check, template_check).
        return super()._generate(_Limiter().visit(source), *args, **kwargs)

    def concat(self, parts) -> str:  # type: ignore[override]  # the output of a render, a macro, a block
        out, total = [], 0
        for part in parts:
            total += len(part)
            if total > MAX_OUTPUT:
                raise TemplateLimit(f"模板输出超过 {MAX_OUTPUT} 个字符（是否有循环输出了过多的内容？）")
            out.append(part)
        return "".join(out)

    def limited_items(self, iterable: Any):
        budget = _budget()
        for item in iterable:
            budget.step()
            yield item

    def limited_text(self, text: Any) -> Any:
        return check_size(text, "用“~”拼接的文字")

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        _budget().step()
        if getattr(__obj, "__name__", "") in _SIZED:
            _check_arguments(args, kwargs)
        _check_call(__obj, args, kwargs)
        return check_size(super().call(__context, __obj, *args, **kwargs), "方法或函数的结果")

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _whole(left) and _whole(right) and abs(left) > 1 and right > 0:
            if right * left.bit_length() > _MAX_BITS * 2:
                raise TemplateLimit(f"{left} ** {right} 的结果超过 {MAX_INT_DIGITS} 位")
        elif operator == "*":
            if _whole(left) and _whole(right):
                if left.bit_length() + right.bit_length() > _MAX_BITS * 2:
                    raise TemplateLimit(f"乘积超过 {MAX_INT_DIGITS} 位")
            else:
                count, seq = (right, left) if _whole(right) else (left, right) if _whole(left) else (0, None)
                _refuse_if(seq is not None and count > 0 and size(seq) * count > MAX_TEXT, "重复（*）的结果")
        elif operator == "+" and not (_whole(left) and _whole(right)):
            _refuse_if(size(left) + size(right) > MAX_TEXT, "相加（+）的结果")
        elif operator == "%" and isinstance(left, str):
            _check_format(left, right if isinstance(right, tuple) else (right,))
        return check_size(super().call_binop(context, operator, left, right))
