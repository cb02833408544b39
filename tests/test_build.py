"""`authoring build`: check first, write nothing on errors, write atomically, name files by title."""

from __future__ import annotations


from authoring.cli import main
from authoring.manifest import MANIFEST_NAME
from conftest import INDICATORS, MINIMAL, ROOT


def test_build_docx_writes_named_file(write, tmp_path, capsys):
    p = write(MINIMAL + "附件序号: 2\n" + INDICATORS)
    out_dir = tmp_path / "out"
    assert main(["build", str(p), "--format", "docx", "-o", str(out_dir)]) == 0
    expected = out_dir / "附件2 2023年度某某市某某局部门整体支出绩效自评报告.docx"
    assert capsys.readouterr().out.splitlines()[-1] == f"已生成 {expected}"
    assert expected.exists() and expected.stat().st_mode & 0o777 == 0o644
    # no temporary file left; the manifest records what was written (tests/test_outputs.py)
    assert sorted(p.name for p in out_dir.iterdir()) == [MANIFEST_NAME, expected.name]


def test_build_refuses_on_errors_and_writes_nothing(write, tmp_path, capsys):
    p = write(MINIMAL + INDICATORS.replace("总分: 98", "总分: 97"))
    out_dir = tmp_path / "out"
    assert main(["build", str(p), "--format", "docx", "-o", str(out_dir)]) == 1
    err = capsys.readouterr().err
    assert "[S3] 总分" in err and f"{p}: 有错误，未生成任何文件" in err
    assert not out_dir.exists()


def test_strict_build_refuses_on_warnings(write, tmp_path, capsys):
    p = write(MINIMAL + INDICATORS + "收入:\n  合计: 100.00\n支出:\n  合计: {决算数: 100.00}\n  预算执行率: 100%\n")
    out_dir = tmp_path / "out"
    assert main(["build", "--strict", str(p), "--format", "docx", "-o", str(out_dir)]) == 1
    assert not out_dir.exists()


def test_failed_render_keeps_the_previous_good_file(write, tmp_path, monkeypatch, capsys):
    p = write(MINIMAL + INDICATORS)
    out_dir = tmp_path / "out"
    assert main(["build", str(p), "--format", "docx", "-o", str(out_dir)]) == 0
    (good,) = out_dir.glob("*.docx")
    before = good.read_bytes()

    import authoring.render.docx as rd

    def broken(context, profile):
        raise RuntimeError("boom")

    monkeypatch.setattr(rd, "render_docx", broken)
    assert main(["build", str(p), "--format", "docx", "-o", str(out_dir)]) == 4
    assert f"{p}: 内部错误（RuntimeError: boom），这份问卷未生成任何文件。" in capsys.readouterr().err
    assert good.read_bytes() == before
    assert sorted(x.name for x in out_dir.iterdir()) == [MANIFEST_NAME, good.name]


def test_same_questionnaire_same_docx_bytes(tmp_path, capsys):
    src = ROOT / "inputs" / "foshan-zhengxie-2021.yaml"
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["build", str(src), "--format", "docx", "-o", str(a)]) == 0
    assert main(["build", str(src), "--format", "docx", "-o", str(b)]) == 0
    (fa,), (fb,) = list(a.glob("*.docx")), list(b.glob("*.docx"))
    assert fa.name == fb.name and fa.read_bytes() == fb.read_bytes()


def test_all_examples_build_and_open_everywhere(tmp_path, capsys):
    """Every example builds to DOCX and PDF; python-docx, pypdf and LibreOffice all open them."""
    import shutil
    import subprocess

    import docx
    from pypdf import PdfReader

    from test_examples import EXAMPLES

    out_dir = tmp_path / "out"
    files = [str(ROOT / "inputs" / f"{n}.yaml") for n in EXAMPLES]
    assert main(["build", *files, "-o", str(out_dir)]) == 0
    docs = sorted(out_dir.glob("*.docx"))
    pdfs = sorted(out_dir.glob("*.pdf"))
    assert len(docs) == len(pdfs) == len(EXAMPLES)
    for d in docs:
        text = "\n".join(p.text for p in docx.Document(str(d)).paragraphs)
        assert "部门基本情况" in text
    for p in pdfs:
        reader = PdfReader(str(p))
        assert len(reader.pages) >= 5
        assert reader.metadata.title
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by `make test` (libreoffice-writer-nogui)"
    from authoring.render.fonts import fontconfig_env

    converted = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(converted), *map(str, docs)],
                   check=True, capture_output=True, timeout=300, env=fontconfig_env())
    for d in docs:
        assert len(PdfReader(str(converted / (d.stem + ".pdf"))).pages) >= 5
