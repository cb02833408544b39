from __future__ import annotations

import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """\
地区: national
年度: 2023
部门全称: 某某市某某局
部门简称: 某某局
部门职能: 负责某某工作。
存在问题: 一是预算编制精细化程度不够。
改进措施: 一是加强预算编制。
"""

# The head of the money tests' questionnaires.
MONEY_HEAD = """\
地区: national
年度: 2023
部门全称: 测试部门
部门简称: 测试部门
部门职能: 负责测试。
存在问题: 无。
改进措施: 无。
"""  # 7 lines: a body's first line is line 8

INDICATORS = """\
绩效指标:
  - 名称: 投入
    分值: 10
    下级:
      - {名称: 目标设定, 分值: 5, 得分: 5}
      - {名称: 预算配置, 分值: 5, 得分: 5}
  - 名称: 过程
    分值: 60
    下级:
      - {名称: 预算执行, 分值: 30, 得分: 30}
      - {名称: 预算管理, 分值: 20, 得分: 19, 扣分原因: 个别制度未及时修订}
      - {名称: 资产管理, 分值: 10, 得分: 10}
  - 名称: 产出
    分值: 20
    下级:
      - {名称: 职责履行, 分值: 20, 得分: 20}
  - 名称: 效果
    分值: 10
    下级:
      - {名称: 履职效益, 分值: 10, 得分: 9, 扣分原因: 效益指标量化不足}
总分: 98
等级: 优
"""


@pytest.fixture
def write(tmp_path):
    def _write(text: str, name: str = "q.yaml") -> Path:
        p = tmp_path / name
        p.write_text(textwrap.dedent(text), encoding="utf-8")
        return p

    return _write


def make_templates(tmp_path: Path, profiles: dict[str, str]) -> Path:
    """A templates folder with the shipped national (for its Word and PDF templates) and the given profiles."""
    from authoring.jurisdiction.profile import TEMPLATES_DIR

    root = tmp_path / "templates"
    root.mkdir(exist_ok=True)
    (root / "national").symlink_to(TEMPLATES_DIR / "national")
    for pid, text in profiles.items():
        (root / pid).mkdir()
        (root / pid / "profile.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def at(path: Path, needle: str, nth: int = 1, offset: int = 0) -> str:
    """'FILE:LINE:COL' of the nth occurrence of needle in the file (+offset characters)."""
    text = path.read_text(encoding="utf-8")
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{path}:{line}:{col}"


def edit_docx_xml(src: Path, dst: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of a .docx with text replacements (first occurrence each) in word/document.xml."""
    with zipfile.ZipFile(src) as z:
        items = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(dst, "w") as z:
        for name, data in items:
            if name == "word/document.xml":
                text = data.decode()
                for old, new in replacements:
                    assert old in text, old
                    text = text.replace(old, new, 1)
                data = text.encode()
            z.writestr(name, data)
    return dst
