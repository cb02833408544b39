"""The Jinja texts of a profile, checked when it loads: syntax, filters, and every variable.

A typo in a 措辞 sentence must be a located profile error (exit 3) at load time, not an
internal error when some department builds its report. Variables are checked against the
catalogue (wording_vars.py), following attribute chains (收入.合计) and loop items
(`{% for x in 收入.分项 %}{{ x.名称 }}`); loop variables and `set` names are local.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.lexer import TokenStream
from jinja2.parser import Parser

from authoring.confine import Exceeded, Limits, confined, progress, tell
from authoring.findings import Finding, Severity, sort_key, did_you_mean
from authoring.jurisdiction.wording_vars import SCORE_SENTENCE, SCORE_SENTENCE_VARIABLES, Var, variables_for
from authoring.questionnaire.yamlsource import Located, SourceMap, dotted
from authoring.sandbox import WORDING_SECONDS, LimitedEnvironment, TemplateLimit

RULE = "P8"

# Where a profile holds Jinja text ("*": every key of that mapping).
JINJA_TEXTS: tuple[tuple[str, ...], ...] = (
    ("标题格式",),
    ("等级说明",),
    ("措辞", "*"),
    ("表格", "*", "标题"),
    ("表格", "*", "引导语"),
    ("表格", "*", "合计行", "等级文字"),
    ("图表", "*", "标题"),
)

_ENV = LimitedEnvironment()
# As the report renders 措辞 (report/wording.py): the same limits and time a sentence.
_RENDER_ENV = LimitedEnvironment(undefined=StrictUndefined, seconds=WORDING_SECONDS)
# All trial renders of one profile, in one child process (authoring/confine.py).
TRIAL_LIMITS = Limits(seconds=30.0, memory=512 * 1024 * 1024)
TRIAL_TOTAL = 60.0  # seconds for all trial renders of one profile, however many children it takes
_BLOCK_TAGS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape"}
# Filters that keep a list a list of the same items, and those that pick one item.
_SAME_LIST = {"reverse", "sort", "list", "unique", "select", "reject", "selectattr", "rejectattr"}
_ONE_ITEM = {"first", "last", "random", "min", "max"}


def check_wording(data: Any, origins: dict, texts: Mapping[str, str]) -> list[Finding]:
    """Every problem of every Jinja text in the merged profile data, located in the file that wrote it."""
    found: list[tuple[tuple, int, str]] = []
    trials: list[tuple[tuple, str, Mapping[str, Var]]] = []
    for path, text in jinja_texts(data):
        variables = variables_for(path)
        problems = static_problems(text, variables)
        found += [(path, offset, message) for offset, message in problems]
        if not problems:
            trials.append((path, text, variables))
    found += trial_renders(trials)
    sources: dict[str, SourceMap] = {}  # one per file, so that its line starts are found once
    return sorted((_finding(path, offset, message, origins, texts, sources) for path, offset, message in found),
                  key=sort_key)


def trial_renders(trials: list[tuple[tuple, str, Mapping[str, Var]]]) -> list[tuple[tuple, int, str]]:
    """The trial render of each text, in a child process under TRIAL_LIMITS. The child hands over each
    text's problems as it goes; a text that makes it pass a limit is reported and the texts after it
    are tried in a new child, as long as TRIAL_TOTAL seconds have not passed. A text tried before in
    this process (the same profile, for the next questionnaire) is not tried again."""
    results: dict[int, list[tuple[int, str]]] = {}
    for i, (_, text, variables) in enumerate(trials):
        if (text, id(variables)) in _TRIED:
            results[i] = _TRIED[(text, id(variables))]
    todo = [i for i in range(len(trials)) if i not in results]
    deadline = time.monotonic() + TRIAL_TOTAL
    while todo:
        batch = todo

        def work() -> None:
            for n, i in enumerate(batch):
                progress(n)
                tell((i, _trial_render(trials[i][1], trials[i][2])))

        def heard(message: tuple[int, list[tuple[int, str]]]) -> None:
            i, problems = message
            results[i] = problems
            _TRIED[(trials[i][1], id(trials[i][2]))] = problems

        try:
            confined(work, TRIAL_LIMITS, heard)
            break
        except Exceeded as exc:
            bad = batch[exc.where if isinstance(exc.where, int) else 0]
            results[bad] = [(0, f"按示例数值试写这句话时{exc.describe()}：请检查这句话中的循环和运算")]
            todo = [i for i in batch if i not in results]
        if todo and time.monotonic() > deadline:
            results[todo[0]] = [(0, f"试写措辞的总时间超过 {TRIAL_TOTAL:g} 秒，"
                                    f"这一句和之后的 {len(todo) - 1} 句没有试写：请先改正上面的问题")]
            break
    return [(trials[i][0], offset, message) for i in sorted(results) for offset, message in results[i]]


_TRIED: dict[tuple[str, int], list[tuple[int, str]]] = {}  # (text, id of its variables) → its problems


def jinja_texts(data: Any) -> Iterator[tuple[tuple, str]]:
    for pattern in JINJA_TEXTS:
        yield from _matching(data, pattern, ())


def _matching(value: Any, pattern: tuple, path: tuple) -> Iterator[tuple[tuple, str]]:
    if not pattern:
        if isinstance(value, str):
            yield path, value
        return
    if not isinstance(value, dict):
        return
    head, rest = pattern[0], pattern[1:]
    keys = list(value) if head == "*" else [head] if head in value else []
    for key in keys:
        yield from _matching(value[key], rest, path + (key,))


def template_problems(text: str, variables: Mapping[str, Var]) -> list[tuple[int, str]]:
    """(character offset, Chinese message) for each problem of one Jinja text."""
    return static_problems(text, variables) or _trial_render(text, variables)


def static_problems(text: str, variables: Mapping[str, Var]) -> list[tuple[int, str]]:
    """The problems found without rendering: syntax, unknown variables, fields, filters and tests."""
    tokens = _Tokens(text)
    if tokens.error is not None:
        return [(tokens.error_at, syntax_message(tokens.error.message or ""))]
    parser = Parser(_ENV, text)
    parser.stream = TokenStream(_ENV.lexer.wrap(tokens.replay()), None, None)
    try:
        tree = parser.parse()
    except TemplateSyntaxError as exc:
        return [(tokens.failure_offset(parser.stream.current, exc.message or ""), syntax_message(exc.message or ""))]
    names = _Names(variables, tokens)
    names.block(tree.body, {})
    return names.problems


def _trial_render(text: str, variables: Mapping[str, Var]) -> list[tuple[int, str]]:
    """Write the text once with sample values: what only fails when rendered (a text plus a number,
    an index past the end) fails here, at load time, rather than in a department's build."""
    try:
        _RENDER_ENV.from_string(text).render(_sample(variables))
    except TemplateLimit as exc:
        return [(0, f"按示例数值试写这句话时超出限制：{exc.message}")]
    except Exception as exc:  # any failure of the author's text is reported, located at the text
        hint = _TRIAL_HINTS.get(type(exc).__name__, "请检查这句话中的运算")
        return [(0, f"按示例数值试写这句话时出错（{type(exc).__name__}: {exc}）：{hint}")]
    return []


_TRIAL_HINTS = {
    "TypeError": "变量都是文字，做算术前要先用 |float 或 |int 转成数字",
    "UndefinedError": "问卷的项数不固定，不要用下标取某一项，请用 {% for x in … %} 逐项写",
}


def _sample(variables: Mapping[str, Var]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, var in variables.items():
        if var.items is not None:
            out[name] = [_sample(var.items) for _ in range(2)]
        else:
            out[name] = _sample(var.fields) if var.fields else "1"
    return out


# ------------------------------------------------------------------ tokens and offsets


@dataclass
class _Token:
    offset: int
    lineno: int
    type: str
    value: str


class _Tokens:
    """The raw tokens of a text with their character offsets (Jinja's own tokens carry only lines)."""

    def __init__(self, text: str):
        self.text = text
        self.items: list[_Token] = []
        self.error: TemplateSyntaxError | None = None
        self.error_at = 0
        self.last_replayed = -1
        pos = 0
        try:
            for lineno, kind, value in _ENV.lexer.tokeniter(text, None):
                found = text.find(value, pos) if value else pos
                offset = found if found >= 0 else pos
                self.items.append(_Token(offset, lineno, kind, value))
                pos = offset + len(value)
        except TemplateSyntaxError as exc:
            self.error, self.error_at = exc, _skip_blanks(text, pos)

    def replay(self) -> Iterator[tuple[int, str, str]]:
        for i, t in enumerate(self.items):
            self.last_replayed = i
            yield t.lineno, t.type, t.value

    def failure_offset(self, current: Any, message: str) -> int:
        """Where the parser stopped: the token it was looking at, or the block left open at the end."""
        if current.type == "eof":
            return self._open_block() if "needs to be closed" in message else len(self.text)
        for t in reversed(self.items[: self.last_replayed + 1]):
            if t.value == str(current.value) or t.value.strip("'\"") == str(current.value):
                return t.offset
        return len(self.text)

    def _open_block(self) -> int:
        stack: list[int] = []
        significant = [t for t in self.items if t.type != "whitespace"]
        for prev, t in zip(significant, significant[1:]):
            if prev.type == "block_begin" and t.type == "name":
                if t.value in _BLOCK_TAGS:
                    stack.append(prev.offset)
                elif t.value.startswith("end") and stack:
                    stack.pop()
        return stack[-1] if stack else len(self.text)

    def find(self, lineno: int, value: str, after_dot: bool = False) -> int:
        """Offset of the first name (or quoted string) token `value`, preferring the node's line."""
        candidates = []
        for i, t in enumerate(self.items):
            if t.type == "name" and t.value == value or t.type == "string" and t.value[1:-1] == value:
                if after_dot and not (i and self.items[i - 1].value in (".", "[")):
                    continue
                candidates.append(t)
        on_line = [t for t in candidates if t.lineno == lineno]
        chosen = (on_line or candidates)
        return chosen[0].offset if chosen else 0


def _skip_blanks(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


# ----------------------------------------------------------------------- names


@dataclass(frozen=True)
class _Value:
    """What an expression is known to be: a catalogue variable (label for messages) or a list item."""

    label: str
    var: Var
    item: bool = False  # one item of var's list

    @property
    def fields(self) -> Mapping[str, Var]:
        return (self.var.items or {}) if self.item else self.var.fields

    @property
    def is_list(self) -> bool:
        return self.var.items is not None and not self.item

    def shown(self) -> str:
        return f"“{self.label}”的每一项" if self.item else f"“{self.label}”"


class _Names:
    """Walks a template: every variable, attribute, filter and test must be known."""

    def __init__(self, variables: Mapping[str, Var], tokens: _Tokens):
        self.variables = variables
        self.tokens = tokens
        self.problems: list[tuple[int, str]] = []

    def problem(self, offset: int, message: str) -> None:
        if all(m != message for _, m in self.problems):
            self.problems.append((offset, message))

    # statements ------------------------------------------------------------

    def block(self, body: list[nodes.Node], scope: dict[str, _Value | None]) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: dict[str, _Value | None]) -> None:
        if isinstance(node, nodes.For):
            items = self.expr(node.iter, scope)
            inner = dict(scope, loop=None)
            each = _Value(items.label, items.var, item=True) if items is not None and items.is_list else None
            self.bind(node.target, inner, each)
            if node.test is not None:
                self.expr(node.test, inner)
            self.block(node.body, inner)
            self.block(node.else_, dict(scope))
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.block(node.body, scope)
            for branch in node.elif_:
                self.statement(branch, scope)
            self.block(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            value = self.expr(node.node, scope)
            self.bind(node.target, scope, value)
        elif isinstance(node, nodes.AssignBlock):
            self.block(node.body, dict(scope))
            if node.filter is not None:
                self.expr(node.filter, scope)
            self.bind(node.target, scope, None)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            if isinstance(node, nodes.CallBlock):
                self.expr(node.call, scope)
            else:
                scope[node.name] = None
            inner = dict(scope, caller=None, varargs=None, kwargs=None)
            for default in node.defaults:
                self.expr(default, scope)
            for arg in node.args:
                self.bind(arg, inner, None)
            self.block(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.bind(target, inner, self.expr(value, scope))
            self.block(node.body, inner)
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            self.problem(self.tokens.find(node.lineno, type(node).__name__.lower()),
                         "不能引用其他模板（include、import、extends）：请把文字直接写在这里")
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def visit(self, node: nodes.Node, scope: dict[str, _Value | None]) -> None:
        if isinstance(node, nodes.Expr):
            self.expr(node, scope)
        elif isinstance(node, nodes.Stmt):
            self.statement(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def bind(self, target: nodes.Node, scope: dict[str, _Value | None], value: _Value | None) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for name in target.items:
                self.bind(name, scope, None)

    # expressions -----------------------------------------------------------

    def expr(self, node: nodes.Node, scope: dict[str, _Value | None]) -> _Value | None:
        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.member(self.expr(node.node, scope), node.attr, node.lineno)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.member(base, node.arg.value, node.lineno)
            self.visit(node.arg, scope)
            if base is not None and base.is_list:
                return base if isinstance(node.arg, nodes.Slice) else _Value(base.label, base.var, item=True)
            return None
        if isinstance(node, (nodes.Filter, nodes.Test)):
            return self.filter_or_test(node, scope)
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return None

    def name(self, node: nodes.Name, scope: dict[str, _Value | None]) -> _Value | None:
        if node.name in scope:
            return scope[node.name]
        if node.name in self.variables:
            return _Value(node.name, self.variables[node.name])
        if node.name in _ENV.globals:
            return None
        known = list(self.variables)
        if self.variables is not SCORE_SENTENCE_VARIABLES and node.name in SCORE_SENTENCE_VARIABLES:
            hint = f"（“{node.name}”只能用在措辞“{SCORE_SENTENCE}”中）。"
        else:
            hint = did_you_mean(node.name, known, otherwise="。")
        self.problem(self.tokens.find(node.lineno, node.name), f"未知变量“{node.name}”{hint}可用的变量：{'、'.join(known)}")
        return None

    def member(self, base: _Value | None, attr: str, lineno: int) -> _Value | None:
        if base is None:
            return None
        fields = base.fields
        if attr in fields:
            return _Value(f"{base.label}.{attr}", fields[attr])
        own_type = list if base.is_list else dict if fields else str
        if hasattr(own_type, attr) and not attr.startswith("_"):
            return None  # the value's own method, e.g. 部门简称.strip()
        where = self.tokens.find(lineno, attr, after_dot=True)
        if fields:
            self.problem(where, f"{base.shown()}没有“{attr}”{did_you_mean(attr, list(fields), otherwise='。')}可用的有：{'、'.join(fields)}")
        elif base.is_list:
            self.problem(where, f"{base.shown()}是一个列表，没有“{attr}”：请用 {{% for x in {base.label} %}}…{{{{ x.名称 }}}}…{{% endfor %}} 逐项写")
        else:
            self.problem(where, f"{base.shown()}是一段文字，没有“{attr}”")
        return None

    def filter_or_test(self, node: nodes.Filter | nodes.Test, scope: dict[str, _Value | None]) -> _Value | None:
        known = _ENV.filters if isinstance(node, nodes.Filter) else _ENV.tests
        if node.name not in known:
            what = "过滤器" if isinstance(node, nodes.Filter) else "测试"
            self.problem(self.tokens.find(node.lineno, node.name), f"未知的{what}“{node.name}”")
        base = self.expr(node.node, scope) if node.node is not None else None
        for child in [*node.args, *node.kwargs, node.dyn_args, node.dyn_kwargs]:
            if child is not None:
                self.visit(child, scope)
        if isinstance(node, nodes.Filter) and base is not None and base.is_list:
            if node.name in _SAME_LIST:
                return base
            if node.name in _ONE_ITEM:
                return _Value(base.label, base.var, item=True)
        return None


# ---------------------------------------------------------------------- messages


_TOKEN_NAMES = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "文字结尾"}


def syntax_message(message: str) -> str:
    first = message.split("\n", 1)[0]
    open_block = re.search(r"innermost block that needs to be closed is '(\w+)'", first)
    if first.startswith("Unexpected end of template") and open_block:
        tag = open_block.group(1)
        zh = f"“{{% {tag} … %}}”没有对应的“{{% end{tag} %}}”"
    elif m := re.match(r"Encountered unknown tag '(\w+)'", first):
        zh = f"未知的标签“{{% {m.group(1)} %}}”"
        if open_block:
            zh += f"（这里应结束“{{% {open_block.group(1)} %}}”，写作“{{% end{open_block.group(1)} %}}”）"
    elif m := re.match(r"expected token '(.+?)', got '(.+)'", first):
        zh = f"这里应为“{_TOKEN_NAMES.get(m.group(1), m.group(1))}”，实际为“{m.group(2)}”"
    elif m := re.match(r"unexpected '(.+)'", first):
        zh = f"这里不应出现“{_TOKEN_NAMES.get(m.group(1), m.group(1))}”"
    elif m := re.match(r"unexpected char '(.+?)'", first):
        zh = f"这里不应出现字符“{m.group(1)}”"
    else:
        zh = first
    return f"Jinja 写法有错误：{zh}"


# ---------------------------------------------------------------------- findings


def _finding(path: tuple, offset: int, message: str, origins: dict, texts: Mapping[str, str],
             sources: dict[str, SourceMap]) -> Finding:
    at = path
    while at and at not in origins:
        at = at[:-1]
    file, loc = origins.get(at, ("profile.yaml", Located(1, 1)))
    source = sources.setdefault(file, SourceMap(file, buffer=texts.get(file, "")))
    source.values[at] = loc
    line, col = source.text_position(at, offset) if at == path else (loc.line, loc.col)
    return Finding(Severity.ERROR, RULE, file, line, col, dotted(path), message)
