"""Numbers as the clerk typed them: text in, Decimal out, never float; and their display forms.

Rounding is 四舍五入 (ROUND_HALF_UP) everywhere.

A number is written with the digits 0–9 (full-width ０–９ are read as such); other digit
systems (٣٠١٣, ३०१३, 𝟑𝟎𝟏𝟑), which regular expressions, `int` and `Decimal` would accept, are not
numbers here. A typed number has at most MAX_INTEGER_DIGITS digits before the point and
MAX_DECIMALS after it, so that no sum, rate or rounding of typed figures can exceed the
precision of Decimal arithmetic or Python's integer conversion limit.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Iterator

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－＋", "0123456789.,%-+")
_PLAIN = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")

CENT = Decimal("0.01")
MAX_INTEGER_DIGITS = 15  # 999 万亿 (万元): beyond any budget; keeps every figure exact in Decimal
MAX_DECIMALS = 10
MAX_DIGITS_IN_TEXT = 20  # a number in a text (count, 文号, year, ID …) never has more
SHOWN_CHARS = 30  # a message quotes at most this much of what was typed
_NUMBER_IN_TEXT = re.compile(r"[0-9０-９](?:[,，.．]?[0-9０-９])*")


def normalize(text: str) -> str:
    """Full-width digits and signs become half-width; surrounding blanks go."""
    return str(text).translate(_FULLWIDTH).strip()


def shown(text: object) -> str:
    """What was typed, as a message quotes it: a long text is cut, with its length."""
    s = str(text)
    if len(s) <= SHOWN_CHARS:
        return s
    return f"{s[:SHOWN_CHARS // 2]}…{s[-5:]}（共 {len(s)} 个字符）"


def overlong_numbers(text: str) -> Iterator[tuple[int, str, int]]:
    """(offset, number as written, its digits) of each number in text with more than MAX_DIGITS_IN_TEXT digits."""
    for m in _NUMBER_IN_TEXT.finditer(text):
        digits = sum(c.isdigit() for c in m.group())
        if digits > MAX_DIGITS_IN_TEXT:
            yield m.start(), m.group(), digits


def foreign_digit(text: str) -> str | None:
    """The first digit of another digit system (٣, ३, 𝟑 …) in text; None when there is none."""
    return next((c for c in text if c.isdigit() and not "0" <= c <= "9"), None)


def _number(text: str, what: str) -> Decimal:
    if text is None or text == "None":
        raise ValueError(f"{what}未填写")
    s = normalize(text)
    if _PLAIN.match(s) or _GROUPED.match(s):
        _check_length(s, text, what)
        try:
            return Decimal(s.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - regex already guards
            pass
    other = foreign_digit(s)
    if other is not None:
        name = unicodedata.name(other, "").lower() or "其他"
        raise ValueError(f"{what}应为数字（用 0–9 书写），实际为“{shown(text)}”：其中的“{other}”（{name}）不是 0–9")
    if "," in s:
        raise ValueError(f"{what}的千分位逗号位置不对：“{shown(text)}”，应写成 3,013.08 或 3013.08")
    raise ValueError(f"{what}应为数字，实际为“{shown(text)}”")


def _check_length(s: str, text: str, what: str) -> None:
    whole, _, frac = s.lstrip("+-").replace(",", "").partition(".")
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"{what}过大：“{shown(text)}”，整数部分最多 {MAX_INTEGER_DIGITS} 位")
    if len(frac) > MAX_DECIMALS:
        raise ValueError(f"{what}的小数位数过多：“{shown(text)}”，最多 {MAX_DECIMALS} 位小数")


def _not_negative(value: Decimal, text: object, what: str) -> Decimal:
    if value < 0:
        raise ValueError(f"{what}不能为负数，实际为“{shown(text)}”")
    return value


YUAN_PER_WAN = Decimal(10000)
_OTHER_UNITS = {"亿元": YUAN_PER_WAN, "元": 1 / YUAN_PER_WAN}  # → 万元; 亿元 first, it ends in 元 too


def parse_amount(text: object) -> Decimal:
    """An amount in 万元: '3013.08', '3,013.08', '３０１３.０８'; a trailing 万元 is allowed.

    An amount typed in 元 or 亿元 ('30130800元') is refused with its value in 万元 as the hint."""
    if text is None:
        raise ValueError("金额未填写")
    s = normalize(str(text))
    if s.endswith("万元"):
        return _not_negative(_number(s[:-2].strip(), "金额"), text, "金额")
    for unit, factor in _OTHER_UNITS.items():
        if s.endswith(unit):
            typed = s[:-len(unit)].strip()
            value = _not_negative(_number(typed, "金额"), text, "金额")
            raise ValueError(f"金额单位是万元，请换算（{typed}{unit} = {in_wan(value * factor)}万元）")
    return _not_negative(_number(s, "金额"), text, "金额")


def in_wan(value: Decimal) -> str:
    """An amount converted to 万元, shown with 2 decimals unless that would round it."""
    return format(value.quantize(CENT) if value == value.quantize(CENT) else value.normalize(), "f")


def parse_score(text: object) -> Decimal:
    return _not_negative(_number(str(text), "分数"), text, "分数")


def parse_count(text: object) -> int:
    value = _number(str(text), "数量")
    if value != value.to_integral_value() or value < 0:
        raise ValueError(f"数量应为非负整数，实际为“{shown(text)}”")
    return int(value)


def parse_integer(text: object) -> object:
    """An integer key (年度, 附件序号) as typed, full-width digits read as 0–9; pydantic checks the range."""
    if text is None or isinstance(text, int):
        return text
    s = normalize(str(text))
    if not re.fullmatch(r"[+-]?[0-9]+", s):
        other = foreign_digit(s)
        script = f"（用 0–9 书写），实际为“{shown(text)}”：其中的“{other}”不是 0–9" if other else f"，实际为“{shown(text)}”"
        raise ValueError(f"应为整数{script}")
    _check_length(s, str(text), "数值")
    return int(s)


def parse_percent(text: object) -> Decimal:
    """A rate written as a percentage: '98.79%' -> Decimal('98.79')."""
    if text is None:
        raise ValueError("比率未填写")
    s = normalize(str(text))
    if not s.endswith("%"):
        raise ValueError(f"比率应写成百分数（如 98.79%），实际为“{shown(text)}”")
    return _not_negative(_number(s[:-1].strip(), "百分数"), text, "百分数")


# Possessive blanks (\s*+) and a greedy rest: a long run of blanks is read once, not once per character.
_MEASURE = re.compile(r"^\s*+(?:[≥≤><=＞＜≧≦]=?|不低于|不高于|不少于|不超过|大于等于|小于等于)?\s*+([+-]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*+(.*)$")


def measure_number(text: object) -> Decimal | None:
    """The number in a target or actual value as a 自评表 prints it: '≥90%' → 90, '11项' → 11.

    None when the text holds no single leading number (a qualitative value such as “有效提升”)."""
    if text is None:
        return None
    m = _MEASURE.match(normalize(str(text)))
    if not m:
        return None
    try:
        return _number(m.group(1), "指标值")
    except ValueError:
        return None


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """value 四舍五入 to `places` decimals, however many digits it has (quantize needs the
    precision to hold them all, or it raises InvalidOperation)."""
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent_of(part: Decimal, whole: Decimal, places: int = 2) -> Decimal | None:
    """part / whole × 100, 四舍五入; None when whole is zero."""
    if whole == 0:
        return None
    return round_half_up(part / whole * 100, places)


def change(current: Decimal | None, previous: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """Year-on-year 增减额 (万元, 2 dp) and 增减率 (percent, 2 dp, None when 上年数 is 0), 四舍五入."""
    if current is None or previous is None:
        return None, None
    diff = round_half_up(current - previous, 2)
    return diff, percent_of(current - previous, previous)


def decimals_of(text: str) -> int:
    s = normalize(text).rstrip("%").removesuffix("万元").strip()
    return len(s.split(".", 1)[1]) if "." in s else 0


# ---- display forms (the report and the messages print numbers the same way)

def amount(value: Decimal | None, thousands: bool = False) -> str:
    if value is None:
        return ""
    q = round_half_up(value, 2)
    return f"{q:,.2f}" if thousands else f"{q:.2f}"


def percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    q = round_half_up(value, 2)
    return "100%" if q == 100 else f"{q:.2f}%"


def score(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text
