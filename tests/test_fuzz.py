"""Property: whatever a clerk does to a questionnaire, `check` answers with located findings.

The examples in inputs/ are mutated (values, keys, indentation, Unicode incl. surrogates, control
characters, full-width and IME spaces, numbers, deleted and duplicated lines) and `check` runs
in-process. It must exit 0, 1 or 2, print only finding lines and summary lines (or one
`authoring: …` usage line), never "内部错误", and finish each case within the deadline.

`make test` runs a fixed, small set (derandomized); `make fuzz` runs AUTHORING_FUZZ_EXAMPLES
(10,000) random cases.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authoring.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "inputs").glob("*.yaml"))}
EXAMPLES_CASES = int(os.environ.get("AUTHORING_FUZZ_EXAMPLES", "0"))
FUZZING = EXAMPLES_CASES > 0

FINDING = re.compile(r":\d+:\d+: (错误|警告|已核实) \[[A-Z]+\d+\] ")
SUMMARY = re.compile(r": (没有发现问题|\d+ 个错误，\d+ 个警告)")

# What clerks, editors, input methods and copy-and-paste put into YAML files.
ODD = [
    "\u3000", "\t", "：", "，", "、", "“", "”", "‘", "’", "（", "）", "【", "】", "—", "…", "·", "％", "．",
    "０", "１", "９", "－", "＋", "\u00a0", "\u200b", "\ufeff", "\u202e", "\u2028", "\u2029", "\x85",
    "\x00", "\x07", "\x1b", "\x7f", "\ufdd0", "\uffff", "\ue000", "😀", "𠀀", "é", "ﬁ",
    ":", ": ", " #", "#", "- ", "-", "|", ">", "[", "]", "{", "}", ",", "&a", "*a", "!!str ", "%", "@", "`",
    "'", '"', "\\", "---", "...", "?", "~", "null", "yes", "no", "0x1F", "010", "1e3", ".inf", "1:30",
]
ESCAPES = ["\\ud800", "\\udfff", "\\ud83d\\ude00", "\\ud83d", "\\x1b[2J", "\\x00", "\\u202e", "\\ufdd0",
           "\\U0001F600", "\\e", "\\n", "\\t", "\\x85", "\\u2028", "\\uFFFE", "\\q", "\\u12"]
NUMBERS = ["0", "-1", "3,013.08", "3013.08", "３０１３．０８", "99999999999999999999", "1e309", "0.000001", "NaN",
           "98.79%", "98.79％", "-0", "1,2,3", "12.345", "1/3", "一百", "", "  ", "100 万元"]

text_piece = st.one_of(st.sampled_from(ODD), st.text(max_size=6), st.sampled_from(NUMBERS))


def _lines(text: str) -> list[str]:
    return text.split("\n")


@st.composite
def mutation(draw, text: str) -> str:
    lines = _lines(text)
    i = draw(st.integers(0, max(len(lines) - 1, 0)))
    line = lines[i]
    kind = draw(st.sampled_from(["value", "key", "indent", "insert", "number", "delete", "duplicate",
                                 "escape", "colon", "swap"]))
    if kind == "value" and ":" in line:
        head = line.split(":", 1)[0]
        lines[i] = f"{head}: {draw(st.lists(text_piece, max_size=4).map(''.join))}"
    elif kind == "key" and ":" in line:
        head, rest = line.split(":", 1)
        indent = head[:len(head) - len(head.lstrip())]
        lines[i] = f"{indent}{draw(st.lists(text_piece, min_size=1, max_size=3).map(''.join))}:{rest}"
    elif kind == "indent":
        stripped = line.lstrip(" ")
        lines[i] = draw(st.sampled_from(["", " ", "  ", "   ", "\u3000", "\t", "\u3000\u3000", " " * 8])) + stripped
    elif kind == "insert":
        at = draw(st.integers(0, len(line)))
        lines[i] = line[:at] + draw(text_piece) + line[at:]
    elif kind == "number":
        lines[i] = re.sub(r"\d[\d,.]*%?", lambda m: draw(st.sampled_from(NUMBERS)), line, count=1)
    elif kind == "delete":
        n = draw(st.integers(1, 5))
        del lines[i:i + n]
    elif kind == "duplicate":
        n = draw(st.integers(1, 5))
        lines[i:i] = lines[i:i + n]
    elif kind == "escape" and ": " in line:
        head, value = line.split(": ", 1)
        at = draw(st.integers(0, len(value)))
        value = value.replace("\\", "\\\\").replace('"', '\\"')
        lines[i] = f'{head}: "{value[:at]}{draw(st.sampled_from(ESCAPES))}{value[at:]}"'
    elif kind == "colon":
        lines[i] = line.replace(": ", draw(st.sampled_from(["：", ":", " : ", ":\u3000", "::"])), 1)
    elif kind == "swap" and len(lines) > 1:
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@st.composite
def mutated_example(draw) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(EXAMPLES)))
    text = EXAMPLES[name]
    for _ in range(draw(st.integers(1, 3))):
        text = draw(mutation(text))
    return name, text


def _check(path: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path)])
    return code, (out.getvalue() + err.getvalue()).splitlines()


@settings(
    max_examples=EXAMPLES_CASES or 150,
    derandomize=not FUZZING,
    deadline=timedelta(seconds=20 if FUZZING else 30),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
    print_blob=True,
)
@given(case=mutated_example())
def test_check_answers_every_mutated_example_with_located_findings(tmp_path, case):
    name, text = case
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    code, lines = _check(path)
    assert code in (0, 1, 2), (code, lines)
    assert lines, "check printed nothing"
    for line in lines:
        assert "内部错误" not in line, line
        if line.startswith("authoring: "):  # a usage problem (exit 2): one line, no location to give
            assert code == 2, line
            continue
        assert line.startswith(f"{path}:"), line
        rest = line[len(str(path)):]
        assert FINDING.match(rest) or SUMMARY.match(rest), line
