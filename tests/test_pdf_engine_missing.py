"""Without WeasyPrint's system libraries (Windows without Pango, a minimal Linux): check and DOCX work,
the PDF gets one Chinese message saying what is missing and how to get it, and `authoring fonts` says so.

The machine has Pango, so its absence is simulated the way it shows: a sitecustomize makes
`import weasyprint` raise the OSError cffi raises when libpango cannot be loaded."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

EXAMPLE = ROOT / "inputs" / "foshan-zhengxie-2021.yaml"
NO_PANGO = '''
import sys

class _NoPango:
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
                          "No such file or directory")
        return None

sys.meta_path.insert(0, _NoPango())
'''
MESSAGE = ("无法生成 PDF：缺少 PDF 排版引擎 WeasyPrint 需要的系统库 libpango-1.0-0（cannot load library "
           "'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: No such file or directory）。"
           "校验和 DOCX 不受影响。安装方法：Windows 上按 WeasyPrint 文档安装 MSYS2（https://www.msys2.org/），"
           "在 MSYS2 终端中执行 pacman -S mingw-w64-x86_64-pango，然后重新打开命令提示符；Debian/Ubuntu 上执行 "
           "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0。详见 README 的“在 Windows 上”一节")


@pytest.fixture
def without_pango(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_PANGO, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "AUTHORING_TEMPLATES")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT)])

    def run(*argv):
        return subprocess.run([sys.executable, "-m", "authoring", *argv], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=300)

    return run


def test_the_simulation_is_real(without_pango):
    done = without_pango("fonts")
    assert done.returncode == 1 and f"PDF：{MESSAGE}" in done.stdout.splitlines()


def test_check_and_docx_work_and_pdf_says_what_is_missing(without_pango, tmp_path):
    assert without_pango("check", str(EXAMPLE)).returncode == 0
    docx = without_pango("build", "--format", "docx", "-o", "docx", str(EXAMPLE))
    assert docx.returncode == 0 and docx.stderr.strip() == "生成 DOCX …" and len(list((tmp_path / "docx").glob("*.docx"))) == 1

    pdf = without_pango("build", "--format", "pdf", "-o", "pdf", str(EXAMPLE))
    assert (pdf.returncode, pdf.stdout) == (2, "")
    assert pdf.stderr.splitlines() == [f"authoring: {MESSAGE}；未生成任何文件"]
    assert not (tmp_path / "pdf").exists()

    both = without_pango("build", "-o", "all", str(EXAMPLE))
    assert both.returncode == 2
    assert both.stderr.splitlines()[0] == f"authoring: {MESSAGE}；其他格式照常生成"
    assert "Traceback" not in both.stderr and "内部错误" not in both.stderr
    assert [p.suffix for p in (tmp_path / "all").iterdir() if not p.name.startswith(".")] == [".docx"]
    assert both.stdout.splitlines()[-1].startswith("已生成 all/") and both.stdout.count("已生成") == 1


def test_batch_makes_the_other_formats_and_says_once_what_is_missing(without_pango, tmp_path):
    done = without_pango("batch", str(EXAMPLE), "-o", "out", "-j", "1")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == f"authoring: {MESSAGE}；其他格式照常生成"
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr
    made = sorted(p.suffix for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))
    assert ".pdf" not in made and ".docx" in made and ".xlsx" in made
