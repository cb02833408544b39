"""Whether this machine can make a PDF: WeasyPrint needs Pango and its companions (GLib, HarfBuzz,
fontconfig) as system libraries, which Windows lacks until installed and a minimal Linux may lack.
Checking and the DOCX need none of them, so a missing library stops only the PDF, with one message."""

from __future__ import annotations

import re

INSTALL_HELP = ("安装方法：Windows 上按 WeasyPrint 文档安装 MSYS2（https://www.msys2.org/），在 MSYS2 终端中执行 "
                "pacman -S mingw-w64-x86_64-pango，然后重新打开命令提示符；Debian/Ubuntu 上执行 "
                "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0。"
                "详见 README 的“在 Windows 上”一节")


def pdf_engine_problem() -> str | None:
    """None when WeasyPrint loads; else one Chinese sentence: what is missing and how to get it."""
    from authoring.render.fonts import import_weasyprint

    try:
        import_weasyprint()
    except (OSError, ImportError) as exc:
        return missing_message(exc)
    return None


def missing_message(exc: BaseException) -> str:
    text = str(exc)
    library = re.search(r"cannot load library '([^']+)'", text)
    what = f"系统库 {library.group(1)}" if library else "Pango 等系统库"
    detail = text.splitlines()[0][:200] if text else type(exc).__name__
    return (f"无法生成 PDF：缺少 PDF 排版引擎 WeasyPrint 需要的{what}（{detail}）。校验和 DOCX 不受影响。"
            f"{INSTALL_HELP}")
