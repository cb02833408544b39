"""图表 blocks → pictures: SVG for the PDF, PNG for the DOCX, drawn by matplotlib in the document's own fonts.

`plot_data(block)` is everything the drawing is given (tests compare it with the questionnaire's figures);
`svg(block, fonts)` and `png(block, fonts)` draw it. The text of a chart is in the profile's 表格 font (with
the 数字 font for digits and Latin letters, and the role's rare-character face behind it), the very files
authoring/render/fonts.py resolves for the PDF, registered with matplotlib by file: never DejaVu. Glyphs
are drawn as paths, so the SVG needs no font and the PDF's extractable text holds only the report's words.

The same block gives the same bytes: no dates or software names in the files, fixed SVG ids
(`svg.hashsalt`), and matplotlib's own rcParams are not read (the drawing uses a fixed set of them).
The figure is as wide as the GB/T 9704 text block (156 mm); its height follows the number of bars.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable

from authoring.render import fonts

WIDTH_MM = 156.0          # the text block of GB/T 9704
PNG_DPI = 300             # the DOCX picture: print quality at the text block's width
MM = 1 / 25.4
FONT_SIZE = 10.5          # points: 五号, the size of a compact table's text
# Grey-blue shades that stay distinct when printed in black and white: 年初预算数, 调整预算数, 决算数 / 分值, 得分.
BUDGET_COLOURS = ("#c9d3df", "#7f97b2", "#1f4e79")
WEIGHT_COLOUR, SCORE_COLOUR = "#d9dee5", "#1f4e79"
LABEL_CHARS = {"预算执行": 7, "指标得分": 12}   # characters of a category label per line
LABEL_LINES = 2


@dataclass(frozen=True)
class PlotData:
    """What a chart plots: one label per category (wrapped), the 一级指标 of each (or ""), and the series."""

    kind: str
    categories: list[str]
    groups: list[str]
    series: list[tuple[str, list[Decimal | None]]]
    unit: str
    labels: list[list[str]]  # each value as the report prints it (千分位, 分数小数位), per series


def plot_data(block: dict) -> PlotData:
    """The data a 图表 block hands to the plot, values as Decimal (None where the questionnaire has no figure)."""
    series = [(str(s["名称"]), [None if v is None else Decimal(v) for v in s["数值"]]) for s in block["系列"]]
    labels = [[str(t) for t in s.get("文字") or []] or [_plain(v) for v in values]
              for s, (_, values) in zip(block["系列"], series)]
    return PlotData(str(block["种类"]), [str(c) for c in block["分类"]], [str(g) for g in block.get("分组") or []],
                    series, str(block.get("单位") or ""), labels)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def wrap(label: str, width: int, lines: int = LABEL_LINES) -> str:
    """A label in at most `lines` lines of at most `width` characters, of balanced lengths (部门预算资金/支出率,
    not 部门预算资金支出/率); a label longer than that is cut, its last line ending in …."""
    label = " ".join(label.split())
    if len(label) <= width:
        return label
    count = min(lines, -(-len(label) // width))
    if len(label) > count * width:
        label = label[: count * width - 1] + "…"
    per = -(-len(label) // count)
    return "\n".join(label[i: i + per] for i in range(0, len(label), per))


# ----------------------------------------------------------------------------- fonts


def font_files(context_fonts: dict | None, role: str = "表格") -> list[tuple[str, str, int]]:
    """(family, file, face index) of the fonts of one 字体 role in fallback order: [数字 face,] the role's face,
    its rare-character face. The chart's text is in the 表格 role, its 一级指标 headings in the 一级标题 role."""
    names = {**fonts.DEFAULT_FONTS, **(context_fonts or {})}
    key = fonts.role_for(names.get(role), fonts.CONTEXT_ROLES[role][1])
    key = "fang" if key == "latin" else key
    out: list[tuple[str, str, int]] = []
    latin = fonts.resolve("latin")
    if fonts.role_for(names.get("数字"), "latin") == "latin" and latin.file and latin.face:
        out.append((latin.face.family, str(latin.file), latin.index))
    main = fonts.resolve(key)
    if main.file and main.face:
        out.append((main.face.family, str(main.file), main.index))
    rare = fonts.ROLES[key].rare
    found = fonts.rare_face(rare) if rare else None
    if found and rare not in [f for f, _, _ in out]:
        out.append((rare, str(found[0]), found[1]))
    return out


@lru_cache(maxsize=8)
def _registered(files: tuple[tuple[str, str, int], ...]) -> tuple[Any, ...]:
    """matplotlib FontProperties for each face, its file registered with matplotlib's font manager."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    out = []
    for family, path, index in files:
        if not any(e.fname == path for e in manager.ttflist):
            manager.addfont(path)
        # Our file first: findfont keeps the first of equally good matches, and matplotlib's own list may hold
        # another copy of the family (another version, or the same font in another folder).
        manager.ttflist = ([e for e in manager.ttflist if e.fname == path]
                           + [e for e in manager.ttflist if e.fname != path])
        out.append(family)
    cached = getattr(manager, "_findfont_cached", None)
    if cached is not None:
        cached.cache_clear()
    return tuple(out)


def preload(context: dict) -> None:
    """Import matplotlib and register the chart fonts before the renderers fork their child processes, so that
    the DOCX and the PDF child do not each pay for it (about half a second); nothing when there is no chart."""
    if not with_images(context, lambda block: None) is context:
        _registered(tuple(font_files(context.get("字体"))))
        _registered(tuple(font_files(context.get("字体"), "一级标题")))
        import matplotlib.backends.backend_agg  # noqa: F401 - imported here to be shared with the children
        import matplotlib.figure  # noqa: F401


# ----------------------------------------------------------------------------- drawing


def svg(block: dict, context_fonts: dict | None = None) -> bytes:
    return _draw(block, context_fonts, "svg")


def png(block: dict, context_fonts: dict | None = None) -> bytes:
    return _draw(block, context_fonts, "png")


def svg_data_uri(block: dict, context_fonts: dict | None = None) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg(block, context_fonts)).decode("ascii")


def _rc(families: tuple[str, ...]) -> dict[str, Any]:
    return {
        "font.family": list(families) or ["serif"],
        "font.size": FONT_SIZE,
        "text.parse_math": False,  # a label is the clerk's text: "$x$" is not a formula
        "svg.fonttype": "path",
        "svg.hashsalt": "authoring",
        "svg.id": "chart",
        "axes.unicode_minus": False,
        "path.simplify": False,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "legend.frameon": False,
        "figure.dpi": 100,
    }


def _draw(block: dict, context_fonts: dict | None, form: str) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    data = plot_data(block)
    families = _registered(tuple(font_files(context_fonts)))
    heading = _registered(tuple(font_files(context_fonts, "一级标题")))
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # not the user's matplotlibrc: the same block draws the same everywhere
        matplotlib.rcParams.update(_rc(families))
        fig = Figure(figsize=(WIDTH_MM * MM, _height_mm(data) * MM))
        FigureCanvasAgg(fig)
        if data.kind == "指标得分":
            _scores(fig, data, heading)
        else:
            _budget(fig, data)
        buf = io.BytesIO()
        if form == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        else:
            fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None})
            return _opaque(buf.getvalue())
    return buf.getvalue()


def _opaque(png: bytes) -> bytes:
    """The PNG without its alpha channel (the chart is drawn on white): Word and LibreOffice would otherwise keep
    a separate transparency mask, which LibreOffice's PDF export shows as a grey box around the chart."""
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(out, format="PNG", dpi=(PNG_DPI, PNG_DPI), optimize=False)
    return out.getvalue()


def _height_mm(data: PlotData) -> float:
    if data.kind == "指标得分":
        rows = len(data.categories) + len({g for g in data.groups if g})
        wrapped = sum(1 for c in data.categories if len(c) > LABEL_CHARS["指标得分"])
        return min(40.0 + 6.5 * rows + 3.0 * wrapped, 220.0)
    return 85.0


def _budget(fig, data: PlotData) -> None:
    box = (0.09, 0.2, 0.89, 0.66)
    ax = fig.add_axes(box)
    n, k = len(data.categories), max(len(data.series), 1)
    width = 0.8 / k
    top = max([float(v) for _, values in data.series for v in values if v is not None] or [1.0])
    # Each bar is labelled with its amount: level when the label fits over the bar, else upright above it.
    size = FONT_SIZE - 1.5
    slot = box[2] * fig.get_figwidth() * 72 / (n + 0.2) * width  # points
    longest = max((_text_width(t, size) for texts in data.labels for t in texts), default=0.0)
    upright = longest > slot * 1.05
    headroom = 0.15 + (longest / (box[3] * fig.get_figheight() * 72) if upright else 0.0)
    for j, ((name, values), texts) in enumerate(zip(data.series, data.labels)):
        xs = [i - 0.4 + width * (j + 0.5) for i in range(n)]
        heights = [float(v) if v is not None else 0.0 for v in values]
        bars = ax.bar(xs, heights, width * 0.92, label=name, color=BUDGET_COLOURS[j % len(BUDGET_COLOURS)],
                      edgecolor="#1f2f3f", linewidth=0.3)
        for bar, v, text in zip(bars, values, texts):
            if v is not None:
                ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 1.5),
                            textcoords="offset points", ha="center", va="bottom", fontsize=size,
                            rotation=90 if upright else 0)
    ax.set_ylim(0, top * (1 + headroom))
    ax.set_xticks(range(n), [wrap(c, LABEL_CHARS["预算执行"]) for c in data.categories])
    ax.set_xlim(-0.6, n - 0.4)
    _unit(ax, data.unit)
    ax.yaxis.set_major_formatter(_plain_numbers())
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", linewidth=0.3, color="#bfbfbf")
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=k, fontsize=FONT_SIZE)


def _unit(ax, unit: str) -> None:
    """单位：万元 above the value axis, level, as a table prints its unit."""
    ax.annotate(unit, (0, 1), xycoords="axes fraction", xytext=(4, 8), textcoords="offset points",
                ha="left", va="bottom")


def _text_width(text: str, size: float) -> float:
    """About how wide a label is in points: digits and Latin half a character, CJK a whole one."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text) * size


def _plain_numbers():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _: format(Decimal(repr(round(float(x), 6))).normalize(), "f"))


def _scores(fig, data: PlotData, heading: tuple[str, ...]) -> None:
    """One row per indicator (a bar of its 分值, the 得分 bar inside it), a heading row per 一级指标."""
    named = {name: (values, texts) for (name, values), texts in zip(data.series, data.labels)}
    n = len(data.categories)
    weights, weight_texts = named.get("分值") or ([None] * n, [""] * n)
    scores, score_texts = named.get("得分") or ([None] * n, [""] * n)
    labels: list[str] = []
    heads: list[int] = []
    rows: list[tuple[float, Decimal | None, Decimal | None]] = []
    texts: list[str] = []
    previous = None
    for name, group, weight, score, wt, st in zip(data.categories, data.groups or [""] * n, weights, scores,
                                                  weight_texts, score_texts):
        if group and group != previous:
            heads.append(len(labels))
            labels.append(wrap(group, LABEL_CHARS["指标得分"]))
            rows.append((len(rows), None, None))
            texts.append("")
        previous = group
        labels.append(wrap(name, LABEL_CHARS["指标得分"]) if not group else "  " + wrap(name, LABEL_CHARS["指标得分"]))
        rows.append((len(rows), weight, score))
        texts.append(f"{st or '—'}/{wt}")
    height_in, width_in = fig.get_figheight(), fig.get_figwidth()
    margin = 0.35 / height_in  # inches at the bottom and top for the axis and the legend
    longest = max((max(len(line) for line in label.split("\n")) for label in labels), default=4)
    left = min(0.42, (longest + 1) * FONT_SIZE / 72 / width_in + 0.02)  # room for the widest label
    ax = fig.add_axes((left, margin + 0.25 / height_in, 0.9 - left, 1 - 2 * margin - 0.35 / height_in))
    ys = [-i for i, _, _ in rows]
    top = max([float(w) for _, w, _ in rows if w is not None] + [float(s) for _, _, s in rows if s is not None] + [1.0])
    ax.barh([y for y, (_, w, _) in zip(ys, rows) if w is not None], [float(w) for _, w, _ in rows if w is not None],
            0.7, color=WEIGHT_COLOUR, edgecolor="#8c9bab", linewidth=0.3, label="分值")
    scored = [(y, s) for y, (_, _, s) in zip(ys, rows) if s is not None]
    ax.barh([y for y, _ in scored], [float(s) for _, s in scored], 0.4, color=SCORE_COLOUR, label="得分")
    for y, (_, w, _), text in zip(ys, rows, texts):
        if w is not None:
            ax.annotate(text, (float(w), y), xytext=(3, 0), textcoords="offset points", va="center",
                        fontsize=FONT_SIZE - 1.5)
    ax.set_yticks(ys, labels)
    for i in heads:
        ax.get_yticklabels()[i].set_fontfamily(list(heading))
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(min(ys) - 0.7, 0.7)
    ax.set_xlim(0, top * 1.18)
    ax.set_xlabel(data.unit)
    ax.xaxis.set_major_formatter(_plain_numbers())
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", linewidth=0.3, color="#bfbfbf")
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=FONT_SIZE)



# ----------------------------------------------------------------------------- into the context


def with_images(context: dict, picture: Callable[[dict], Any]) -> dict:
    """A copy of context whose 图表 blocks (in 正文 and in 图表) carry 图像 = picture(block), each chart drawn
    once; context itself when it has no chart (a profile without charts renders exactly as before)."""
    body = context.get("正文") or []
    named = context.get("图表") or {}
    if not named and not any(isinstance(b, dict) and b.get("类型") == "图表" for b in body):
        return context
    drawn: dict[Any, Any] = {}

    def add(block: dict) -> dict:
        key = block.get("名称") or id(block)
        if key not in drawn:
            drawn[key] = picture(block)
        return {**block, "图像": drawn[key]}

    return {**context, "正文": [add(b) if isinstance(b, dict) and b.get("类型") == "图表" else b for b in body],
            "图表": {name: add(b) for name, b in named.items()}}


def with_svg(context: dict) -> dict:
    """The context for the HTML template: each chart's 图像 is its SVG as a data: URL (`<img src="{{ b.图像 }}">`)."""
    return with_images(context, lambda block: svg_data_uri(block, context.get("字体")))
