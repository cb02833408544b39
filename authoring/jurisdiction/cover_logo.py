"""The cover's logo (封面.标志): an image file of the profile's own template folders, read once at load.

Only a plain file name is accepted (no folder, no ".."), looked up along the 继承 chain like the
templates; a symbolic link out of its folder, a file that is not regular, larger than LOGO_LIMIT, not
a PNG or JPEG, or larger than LOGO_MAX_PIXELS each side is a located profile error (P9, exit 3).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from authoring.files import MB, FileRefused, read_limited

LOGO_LIMIT = 1 * MB
LOGO_MAX_PIXELS = 4000
LOGO_BOX_MM = 30.0  # the logo is printed at most this wide and this high, keeping its proportions
_FORMATS = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


@dataclass(frozen=True)
class Logo:
    kind: str  # png or jpeg
    data: bytes
    width_px: int
    height_px: int

    def size_mm(self) -> tuple[float, float]:
        """Printed width and height: the LOGO_BOX_MM box, proportions kept."""
        scale = LOGO_BOX_MM / max(self.width_px, self.height_px)
        return round(self.width_px * scale, 1), round(self.height_px * scale, 1)


class LogoProblem(Exception):
    """Why the logo cannot be used, in Chinese."""


def load_logo(name: str, folders: list[Path]) -> Logo:
    """The logo file `name` from the first of `folders` that has it; LogoProblem otherwise."""
    if not name or name != os.path.basename(name) or name in (".", "..") or "\\" in name or "\0" in name:
        raise LogoProblem(f"“{name}”不是文件名：只写本地区模板文件夹中的文件名，不含路径")
    for folder in folders:
        path = folder / name
        if not os.path.lexists(path):
            continue
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(os.path.realpath(folder)):
            raise LogoProblem(f"{path} 是指向模板文件夹之外（{real}）的符号链接，为安全起见不读取")
        try:
            data = read_limited(real, LOGO_LIMIT)
        except FileRefused as exc:
            raise LogoProblem(f"{path} {exc.reason}") from None
        except OSError as exc:
            raise LogoProblem(f"{path} 无法读取（{exc.strerror or exc}）") from None
        return _image(path, data)
    raise LogoProblem(f"找不到标志图片“{name}”（查找过：{'、'.join(str(f) for f in folders)}）")


def _image(path: Path, data: bytes) -> Logo:
    kind = next((k for magic, k in _FORMATS.items() if data.startswith(magic)), None)
    if kind is None:
        raise LogoProblem(f"{path} 不是 PNG 或 JPEG 图片")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if max(width, height) > LOGO_MAX_PIXELS or min(width, height) < 1:
                raise LogoProblem(f"{path} 有 {width} × {height} 像素，超过上限 {LOGO_MAX_PIXELS} × {LOGO_MAX_PIXELS}")
            image.verify()
    except LogoProblem:
        raise
    except Exception as exc:  # a truncated or forged image: Pillow's many error types
        raise LogoProblem(f"{path} 不是完整的 {kind.upper()} 图片（{type(exc).__name__}）") from None
    return Logo(kind, data, width, height)
