"""Fonts for the PDF: which open font stands in for each official font name, and the CSS that uses it.

The profile (and the DOCX) name the official Windows fonts (仿宋_GB2312, 黑体, 方正小标宋简体 ...).
On Linux those are not installed, so every official name maps to a *role* and every role to an open
font (DOMAIN.md §4.6): the preferred face when the system has it, else a Fandol face from the font
cache (scripts/fonts.sh). Every stack ends with a Noto CJK face that covers rare characters (邨 is
missing from Fandol), so a character is never drawn as tofu.

Why system faces are named, not loaded with @font-face: Noto CJK comes in .ttc collections, and an
@font-face url() hands WeasyPrint the whole collection (all of JP/KR/SC/TC) under one family name, so
the Japanese face could win. Named through fontconfig, the SC face is found by its index, nothing is
copied and the fetcher never has to open a system font. Only the faces that fontconfig does not know
(the Fandol OTFs in .cache/fonts, and the Latin face that needs a unicode-range) get @font-face rules;
their files are passed to the URL fetcher as the only font files it may read.

HarfBuzz subsetting (libharfbuzz-subset0) is what makes the PDF fast (PERF.md): without it WeasyPrint
falls back to fontTools, about four times slower. `subsetter()` reports which one WeasyPrint will use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from authoring.data import shipped

ROOT = Path(__file__).resolve().parents[2]
FONT_CACHE = ROOT / ".cache" / "fonts"
FANDOL_DIR = FONT_CACHE / "fandol"
FONTCONFIG_FILE = shipped("templates") / "fonts.conf"

#: The family name of the Latin face for digits and ASCII (Liberation Serif, restricted by unicode-range
#: so that CJK punctuation such as “” — … keeps the CJK font's full-width glyphs).
LATIN_FAMILY = "Authoring Latin"
LATIN_RANGE = "U+0020-007E"


@dataclass(frozen=True)
class Face:
    """One font face: the family name fontconfig/CSS knows, a weight, and where the file comes from."""

    family: str
    weight: int = 400
    cache_file: str | None = None  # relative to FONT_CACHE: loaded with @font-face
    package: str = ""  # Debian package that provides a system face

    @property
    def label(self) -> str:
        return f"{self.family}{' Bold' if self.weight >= 700 else ''}"


@dataclass(frozen=True)
class Role:
    key: str  # CSS custom property suffix: --font-<key>
    name: str  # role name shown to the user
    preferred: Face
    fallback: Face | None  # used when the preferred face is not installed
    rare: str  # last CJK family in the stack: covers characters the main face lacks
    generic: str  # CSS generic family at the very end
    latin: bool = False  # put the Latin digits face first


ROLES: dict[str, Role] = {r.key: r for r in (
    Role("fang", "仿宋", Face("FandolFang", cache_file="fandol/FandolFang-Regular.otf"), None,
         "Noto Serif CJK SC", "serif", latin=True),
    Role("kai", "楷体", Face("LXGW WenKai", package="fonts-lxgw-wenkai"),
         Face("FandolKai", cache_file="fandol/FandolKai-Regular.otf"), "Noto Serif CJK SC", "serif", latin=True),
    Role("hei", "黑体", Face("Noto Sans CJK SC", package="fonts-noto-cjk"),
         Face("FandolHei", cache_file="fandol/FandolHei-Regular.otf"), "Noto Sans CJK SC", "sans-serif"),
    Role("song", "宋体", Face("Noto Serif CJK SC", package="fonts-noto-cjk"),
         Face("FandolSong", cache_file="fandol/FandolSong-Regular.otf"), "Noto Serif CJK SC", "serif"),
    Role("title", "小标宋", Face("Noto Serif CJK SC", 700, package="fonts-noto-cjk"),
         Face("FandolSong", 700, cache_file="fandol/FandolSong-Bold.otf"), "Noto Serif CJK SC", "serif"),
    Role("latin", "数字", Face("Liberation Serif", package="fonts-liberation2"), None, "", "serif"),
)}

#: Official font names (as the profile and the DOCX write them) → role.
OFFICIAL: dict[str, str] = {
    "仿宋_GB2312": "fang", "仿宋": "fang", "FangSong": "fang", "FangSong_GB2312": "fang", "仿宋_GBK": "fang",
    "楷体_GB2312": "kai", "楷体": "kai", "KaiTi": "kai", "KaiTi_GB2312": "kai", "楷体_GBK": "kai",
    "黑体": "hei", "SimHei": "hei", "方正黑体_GBK": "hei", "方正黑体简体": "hei",
    "宋体": "song", "SimSun": "song", "新宋体": "song", "NSimSun": "song",
    "方正小标宋简体": "title", "方正小标宋_GBK": "title", "小标宋": "title", "小标宋体": "title",
    "FZXiaoBiaoSong-B05S": "title", "华文中宋": "title", "STZhongsong": "title",
    "Times New Roman": "latin",
}

#: Context 字体 keys → (CSS role variable, default role when the name is unknown).
CONTEXT_ROLES: dict[str, tuple[str, str]] = {
    "正文": ("body", "fang"), "标题": ("title", "title"), "一级标题": ("h1", "hei"),
    "二级标题": ("h2", "kai"), "三级标题": ("h3", "fang"), "页码": ("page", "song"),
    "表格": ("table", "fang"),
}
DEFAULT_FONTS = {"正文": "仿宋_GB2312", "标题": "方正小标宋简体", "一级标题": "黑体", "二级标题": "楷体_GB2312",
                 "三级标题": "仿宋_GB2312", "数字": "Times New Roman", "页码": "宋体", "表格": "仿宋_GB2312"}


@dataclass(frozen=True)
class Resolved:
    """What a role will actually use on this machine."""

    role: Role
    face: Face | None  # None: neither preferred nor fallback available
    file: Path | None
    index: int = 0
    is_fallback: bool = False

    @property
    def family(self) -> str | None:
        return self.face.family if self.face else None


# --- importing WeasyPrint quickly -------------------------------------------------------------------

def import_weasyprint():
    """`import weasyprint`, about 0.25 s faster on Linux.

    WeasyPrint tries several names for each C library (libgobject-2.0-0, gobject-2.0-0, ...); cffi
    answers each miss with ctypes.util.find_library, which runs ldconfig, gcc and ld as subprocesses:
    some 20 subprocesses, a quarter of a second of every PDF build. During the import we answer
    find_library from one cached `ldconfig -p` (the same lookup ctypes does first). Should that
    make the import fail, it is retried the ordinary way.
    """
    import sys

    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    import ctypes.util

    original = ctypes.util.find_library
    fast = _ldconfig_find_library() if sys.platform.startswith("linux") else None
    import contextlib
    import io

    if fast is None:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its install help on failure
            import weasyprint

        return weasyprint

    ctypes.util.find_library = fast
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its install help on failure
            import weasyprint
    except (OSError, ImportError):
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = original
        with contextlib.redirect_stdout(io.StringIO()):  # render/engine.py says what is missing, in Chinese
            import weasyprint
    finally:
        ctypes.util.find_library = original
    return weasyprint


def _ldconfig_find_library():
    import re
    import struct
    import subprocess

    try:
        listing = subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, env={"LC_ALL": "C", "LANG": "C"}, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if not listing:
        return None
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
           "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}.get(machine, "libc6")

    def find_library(name):
        found = re.search(os.fsencode(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), abi)), listing)
        return os.fsdecode(found.group(1)) if found else None

    return find_library


# --- fontconfig queries (the same libfontconfig WeasyPrint renders with) ---

_FC_CDEF = """
typedef struct _FcConfig FcConfig;
typedef struct _FcPattern FcPattern;
typedef unsigned char FcChar8;
typedef int FcBool;
typedef enum { FcResultMatch, FcResultNoMatch, FcResultTypeMismatch, FcResultNoId, FcResultOutOfMemory } FcResult;
typedef enum { FcMatchPattern, FcMatchFont, FcMatchScan } FcMatchKind;
FcConfig *FcConfigGetCurrent (void);
FcPattern *FcPatternCreate (void);
void FcPatternDestroy (FcPattern *p);
FcBool FcPatternAddString (FcPattern *p, const char *object, const FcChar8 *s);
FcBool FcPatternAddInteger (FcPattern *p, const char *object, int i);
FcResult FcPatternGetString (const FcPattern *p, const char *object, int n, FcChar8 **s);
FcResult FcPatternGetInteger (const FcPattern *p, const char *object, int n, int *i);
FcBool FcConfigSubstitute (FcConfig *config, FcPattern *p, FcMatchKind kind);
void FcDefaultSubstitute (FcPattern *pattern);
FcPattern *FcFontMatch (FcConfig *config, FcPattern *p, FcResult *result);
"""


@lru_cache(maxsize=1)
def _fontconfig():
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(_FC_CDEF)
    for name in ("libfontconfig.so.1", "fontconfig-1", "libfontconfig-1.dll", "libfontconfig.1.dylib", "fontconfig"):
        try:
            return ffi, ffi.dlopen(name)
        except OSError:
            continue
    return ffi, None


@lru_cache(maxsize=None)
def _system_font(family: str, weight: int) -> tuple[Path, int] | None:
    """The file fontconfig matches for exactly this family and weight, or None when it would substitute."""
    ffi, fc = _fontconfig()
    if fc is None:
        return None
    config = fc.FcConfigGetCurrent()
    pattern = fc.FcPatternCreate()
    try:
        fc.FcPatternAddString(pattern, b"family", family.encode())
        fc.FcPatternAddInteger(pattern, b"weight", 200 if weight >= 700 else 80)
        fc.FcConfigSubstitute(config, pattern, fc.FcMatchPattern)
        fc.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fc.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return None
        try:
            string = ffi.new("FcChar8 **")
            integer = ffi.new("int *")
            families = []
            while fc.FcPatternGetString(match, b"family", len(families), string) == fc.FcResultMatch:
                families.append(ffi.string(string[0]).decode().lower())
            if family.lower() not in families:
                return None
            fc.FcPatternGetInteger(match, b"weight", 0, integer)
            if (integer[0] >= 180) != (weight >= 700):  # asked for bold and got regular, or the reverse
                return None
            fc.FcPatternGetString(match, b"file", 0, string)
            path = Path(ffi.string(string[0]).decode())
            fc.FcPatternGetInteger(match, b"index", 0, integer)
            return path, integer[0]
        finally:
            fc.FcPatternDestroy(match)
    finally:
        fc.FcPatternDestroy(pattern)


def _locate(face: Face) -> tuple[Path, int] | None:
    if face.cache_file:
        path = FONT_CACHE / face.cache_file
        return (path, 0) if path.is_file() else None
    return _system_font(face.family, face.weight)


def _fandol_only() -> bool:
    """AUTHORING_FONTS=fandol: use the Fandol faces even where a preferred system face exists."""
    return os.environ.get("AUTHORING_FONTS", "").strip().lower() == "fandol"


@lru_cache(maxsize=None)
def resolve(key: str) -> Resolved:
    role = ROLES[key]
    found = None if (_fandol_only() and role.fallback) else _locate(role.preferred)
    if found:
        return Resolved(role, role.preferred, found[0], found[1])
    if role.fallback:
        found = _locate(role.fallback)
        if found:
            return Resolved(role, role.fallback, found[0], found[1], is_fallback=True)
    return Resolved(role, None, None, is_fallback=True)


def resolve_all() -> list[Resolved]:
    return [resolve(key) for key in ROLES]


def rare_face(family: str) -> tuple[Path, int] | None:
    """The file and face index of a rare-character family (Noto CJK), None when it is not installed."""
    return _system_font(family, 400)


def rare_fallback_available() -> bool:
    return _system_font("Noto Serif CJK SC", 400) is not None


def subsetter() -> str:
    """Which subsetter WeasyPrint will use, decided the way WeasyPrint 70 decides (pdf/fonts.py)."""
    import_weasyprint()
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0):
        return "HarfBuzz"
    return "fontTools"


def harfbuzz_version() -> str:
    import cffi

    ffi = cffi.FFI()
    ffi.cdef("const char *hb_version_string (void);")
    try:
        return ffi.string(ffi.dlopen("libharfbuzz.so.0").hb_version_string()).decode()
    except OSError:
        return "?"


# --- CSS -------------------------------------------------------------------------------------------

def role_for(official: str | None, default: str) -> str:
    return OFFICIAL.get((official or "").strip(), default)


def _quote(family: str) -> str:
    return '"' + family.replace("\\", "").replace('"', "") + '"'


def stack(key: str, latin: bool = True) -> list[str]:
    """The font-family list for a role: [Latin face], main face, rare-character face, generic."""
    role = ROLES[key]
    r = resolve(key)
    families: list[str] = []
    if latin and role.latin and resolve("latin").face:
        families.append(LATIN_FAMILY)
    if r.face:
        families.append(r.face.family)
    if role.rare and role.rare not in families:
        families.append(role.rare)
    return [_quote(f) for f in families] + [role.generic]


def _font_face(family: str, path: Path, weight: int = 400, unicode_range: str | None = None) -> str:
    rule = f"@font-face {{ font-family: {_quote(family)}; src: url({_quote(path.as_uri())}); font-weight: {weight};"
    if unicode_range:
        rule += f" unicode-range: {unicode_range};"
    return rule + " }"


def font_files() -> list[Path]:
    """Font files the PDF's @font-face rules load: the only font files the URL fetcher may read."""
    files = []
    for r in resolve_all():
        if r.file and (r.face.cache_file or r.role.key == "latin"):
            files.append(r.file)
    return files


def css(fonts: dict | None = None) -> str:
    """The generated font stylesheet: @font-face for cache/Latin faces and one CSS variable per role.

    `fonts` is the context's 字体 (official names per role). Only known names are used; an unknown
    name keeps the role's default (see `fallback_warnings`), so nothing from the profile reaches CSS.
    """
    fonts = {**DEFAULT_FONTS, **(fonts or {})}
    latin_on = role_for(fonts.get("数字"), "latin") == "latin"
    rules: list[str] = ["/* 由 authoring.render.fonts 生成：字体角色 → 开源替代字体 */"]
    seen: set[tuple[str, int]] = set()
    for r in resolve_all():
        if r.face is None or (r.face.family, r.face.weight) in seen:
            continue
        seen.add((r.face.family, r.face.weight))
        if r.role.key == "latin":
            rules.append(_font_face(LATIN_FAMILY, r.file, 400, LATIN_RANGE))
        elif r.face.cache_file:
            rules.append(_font_face(r.face.family, r.file, r.face.weight))
    variables = [f"  --face-{key}: {', '.join(stack(key, latin_on))};" for key in ROLES if key != "latin"]
    for ctx_key, (var, default) in CONTEXT_ROLES.items():
        key = role_for(fonts.get(ctx_key), default)
        if key == "latin":
            key = default
        variables.append(f"  --font-{var}: {', '.join(stack(key, latin_on))};")
        variables.append(f"  --weight-{var}: {ROLES[key].preferred.weight};")
    rules.append(":root {\n" + "\n".join(variables) + "\n}")
    return "\n".join(rules) + "\n"


# --- warnings and the `authoring fonts` command ------------------------------------------------------

def fallback_warnings(fonts: dict | None = None) -> list[str]:
    """Messages for the build to show once: fallback faces in use, missing faces, slow subsetting."""
    out: list[str] = []
    for r in resolve_all():
        if r.face is None:
            if r.role.key == "latin":
                out.append("未找到 Liberation Serif（fonts-liberation2），PDF 中的数字和西文改用中文字体自带的字形")
            else:
                hint = "请运行 scripts/fonts.sh 准备 Fandol 字体" if r.role.key == "fang" else \
                    f"请安装 {r.role.preferred.package} 或运行 scripts/fonts.sh"
                out.append(f"{r.role.name}没有可用字体（{r.role.preferred.label}），PDF 将由系统默认字体代替；{hint}")
        elif r.is_fallback and not _fandol_only():
            out.append(f"{r.role.name}：未安装首选字体 {r.role.preferred.label}（{r.role.preferred.package}），"
                       f"PDF 改用 {r.face.label}")
    if not rare_fallback_available():
        out.append("未安装 Noto CJK（fonts-noto-cjk）：Fandol 不含的生僻字（如“邨”）在 PDF 中可能显示为方框")
    for key, name in (fonts or {}).items():
        if key in CONTEXT_ROLES and name and name.strip() not in OFFICIAL:
            out.append(f"字体“{name}”（{key}）没有对应的开源替代字体，PDF 中按默认字体处理")
    if subsetter() != "HarfBuzz":
        out.append("未安装 libharfbuzz-subset0，WeasyPrint 改用 fontTools 裁剪字体，生成 PDF 会慢数秒")
    return out


def fontconfig_env(base: dict | None = None) -> dict:
    """Environment for LibreOffice (or fc-match): official names resolve to the open fonts, Fandol included."""
    env = dict(os.environ if base is None else base)
    env["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    return env


def cmd_fonts(out) -> int:
    """`authoring fonts`: for each role, the face and file used, preferred or fallback, and the subsetter."""
    exit_code = 0
    forced = "（AUTHORING_FONTS=fandol：只用 Fandol 字体）" if _fandol_only() else ""
    out(f"PDF 字体（角色 → 字体文件）{forced}：")
    for r in resolve_all():
        if r.face is None:
            out(f"  {r.role.name}\t缺失\t首选 {r.role.preferred.label}"
                + (f"，备选 {r.role.fallback.label}" if r.role.fallback else ""))
            exit_code = 1
            continue
        kind = "备选" if r.is_fallback else "首选"
        where = f"{r.file}" + (f"（第 {r.index} 个字体）" if r.index else "")
        out(f"  {r.role.name}\t{r.face.label}\t{kind}\t{where}")
    rare = _system_font("Noto Serif CJK SC", 400)
    out(f"  生僻字兜底\tNoto Serif CJK SC / Noto Sans CJK SC\t{'可用' if rare else '缺失'}"
        + (f"\t{rare[0]}" if rare else ""))
    out(f"DOCX 中的官方字体名（仿宋_GB2312、楷体_GB2312、黑体、方正小标宋简体、宋体、Times New Roman）"
        f"在 Linux 上由 {FONTCONFIG_FILE} 映射到上述字体（LibreOffice：FONTCONFIG_FILE={FONTCONFIG_FILE}）")
    from authoring.render.engine import pdf_engine_problem

    problem = pdf_engine_problem()
    if problem:
        out(f"PDF：{problem}")
        return 1
    sub = subsetter()
    detail = f"HarfBuzz {harfbuzz_version()}（libharfbuzz-subset0）" if sub == "HarfBuzz" else "fontTools（较慢）"
    out(f"字体裁剪：{detail}")
    for message in fallback_warnings():
        out(f"警告：{message}")
    return exit_code

