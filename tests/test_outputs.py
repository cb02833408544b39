"""Never lose or half-write a report: same-name inputs, overwriting, writing a group together or not at all,
killed runs, file-system failures and output names — as the clerk sees them (exit codes, exact messages,
what the folder holds afterwards)."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import authoring.atomic as atomic
from authoring.cli import main
from authoring.manifest import MANIFEST_NAME
from authoring.output_names import MAX_NAME_BYTES, safe_file_name
from conftest import INDICATORS, MINIMAL, ROOT, make_templates

TITLE = "2023年度某某市某某局部门整体支出绩效自评报告"
OTHER_TITLE = "2023年度某某市另一局部门整体支出绩效自评报告"
GOOD = MINIMAL + INDICATORS
OTHER = GOOD.replace("部门全称: 某某市某某局", "部门全称: 某某市另一局")


def run(capsys, *argv) -> tuple[int, str, str]:
    """Exit code, stdout without the summary and tally lines (tested with check) and stderr without the progress lines."""
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    out = "".join(line for line in captured.out.splitlines(keepends=True)
                  if "计算总分" not in line and not re.match(r"\d+ 份问卷：", line))  # the tally: test_batch.py
    err = "".join(line for line in captured.err.splitlines(keepends=True) if not line.startswith("  生成 "))
    return code, out, err


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def reports(folder: Path, title: str = TITLE) -> list[str]:
    return [f"{title}.docx", f"{title}.pdf"]


@pytest.fixture
def fake_render(monkeypatch):
    """Renderers that return small known bytes (per title and version), so that writing is what is tested."""
    import authoring.render.docx as rd
    import authoring.render.pdf as rp

    state = {"v": 1}
    monkeypatch.setattr(rd, "render_docx", lambda context, profile: f"DOCX {context['标题']} v{state['v']}".encode())
    monkeypatch.setattr(rp, "render_pdf",
                        lambda context, profile, warn=None: f"PDF {context['标题']} v{state['v']}".encode())
    return state


def bytes_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# ---- 1. same-name inputs and overwriting ----------------------------------------------------------------

def test_two_questionnaires_of_one_run_with_one_title_are_both_refused(write, tmp_path, capsys, fake_render):
    a = write(GOOD.replace("某某市某某局", "某某市A/B局"), "a.yaml")
    b = write(GOOD.replace("某某市某某局", "某某市A_B局"), "b.yaml")  # another department, the same file name
    c = write(OTHER, "c.yaml")
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "build", a, b, c, "-o", out_dir)
    assert code == 1
    advice = "会互相覆盖；请核对年度、部门全称和附件序号，或分别生成到不同的文件夹（-o）"
    title = "2023年度某某市A_B局部门整体支出绩效自评报告"
    assert err.splitlines()[:2] == [
        f"{a}: 未生成任何文件：报告文件名“{title}”与 {b} 的相同，{advice}",
        f"{b}: 未生成任何文件：报告文件名“{title}”与 {a} 的相同，{advice}",
    ]
    assert out.splitlines() == [f"已生成 {out_dir / name}" for name in reports(out_dir, OTHER_TITLE)]
    assert listing(out_dir) == [MANIFEST_NAME, *reports(out_dir, OTHER_TITLE)]


def test_one_department_and_year_in_two_questionnaires_is_an_error_in_both(write, tmp_path, capsys, fake_render):
    a, b, c = write(GOOD, "a.yaml"), write(GOOD.replace("负责某某工作。", "负责另一项工作。"), "b.yaml"), write(OTHER, "c.yaml")
    out_dir = tmp_path / "out"
    code = main([str(x) for x in ("build", a, b, c, "-o", out_dir)])
    out, err = capsys.readouterr()
    assert code == 1
    advice = "同一部门同一年度只应报送一份；请确认是重复报送（删去其中一份）还是部门全称填错了"
    assert err.splitlines()[0] == f"{a}:3:7: 错误 [B1] 部门全称: {b} 也是“某某市某某局”2023 年度的问卷：{advice}"
    assert f"{b}:3:7: 错误 [B1] 部门全称: {a} 也是“某某市某某局”2023 年度的问卷：{advice}" in err.splitlines()
    assert out.splitlines()[-1] == "3 份问卷：1 份通过，2 份有错误；生成 2 个文件"
    assert listing(out_dir) == [MANIFEST_NAME, *reports(out_dir, OTHER_TITLE)]


def test_names_that_differ_only_in_case_are_one_file_on_windows(write, tmp_path, capsys, fake_render):
    a = write(GOOD.replace("某某市某某局", "某某市ABC局"), "a.yaml")
    b = write(GOOD.replace("某某市某某局", "某某市abc局"), "b.yaml")
    code, _, err = run(capsys, "build", a, b, "-o", tmp_path / "out")
    assert code == 1 and f"{a}: 未生成任何文件：报告文件名“2023年度某某市ABC局部门整体支出绩效自评报告”与 {b} 的相同" in err
    assert not (tmp_path / "out").exists()


def test_one_questionnaire_named_twice_is_built_once(write, tmp_path, capsys, fake_render):
    a = write(GOOD, "a.yaml")
    again = f"{tmp_path}/./a.yaml"
    code, out, err = run(capsys, "build", a, again, a, "-o", tmp_path / "out", "--format", "docx")
    assert code == 0
    assert out == f"已生成 {tmp_path / 'out' / TITLE}.docx\n"
    assert err == f"{again}: 与 {a} 是同一份问卷，只生成一次\n{a}: 重复列出，只生成一次\n"


def test_a_rebuild_of_the_same_questionnaire_replaces_its_own_reports(write, tmp_path, capsys, fake_render):
    a = write(GOOD, "a.yaml")
    out_dir = tmp_path / "out"
    assert run(capsys, "build", a, "-o", out_dir)[0] == 0
    fake_render["v"] = 2  # the questionnaire was edited: new bytes, same title
    code, out, _ = run(capsys, "build", a, "-o", out_dir)
    assert code == 0 and out.splitlines() == [f"已生成 {out_dir / n}" for n in reports(out_dir)]
    assert bytes_of(out_dir)[f"{TITLE}.docx"] == f"DOCX {TITLE} v2".encode()
    assert listing(out_dir) == [MANIFEST_NAME, *reports(out_dir)]


def test_a_report_edited_by_hand_is_kept_unless_force(write, tmp_path, capsys, fake_render):
    a = write(GOOD, "a.yaml")
    out_dir = tmp_path / "out"
    assert run(capsys, "build", a, "-o", out_dir)[0] == 0
    docx = out_dir / f"{TITLE}.docx"
    docx.write_bytes(b"edited in Word")
    before = bytes_of(out_dir)
    fake_render["v"] = 2
    code, out, err = run(capsys, "build", a, "-o", out_dir)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"authoring: {docx} 已存在，在上次生成之后被修改过；确认要覆盖请加 --force",
        f"{a}: 未生成任何文件（没有覆盖已有的文件）",
    ]
    assert bytes_of(out_dir) == before  # neither the DOCX nor the PDF (which alone could be replaced) changed
    code, out, _ = run(capsys, "build", a, "-o", out_dir, "--force")
    assert code == 0 and docx.read_bytes() == f"DOCX {TITLE} v2".encode()


def test_a_report_of_another_questionnaire_or_an_unknown_file_is_kept(write, tmp_path, capsys, fake_render):
    a, b = write(GOOD, "a.yaml"), write(GOOD, "b.yaml")
    out_dir = tmp_path / "out"
    assert run(capsys, "build", a, "-o", out_dir, "--format", "docx")[0] == 0
    fake_render["v"] = 2
    code, _, err = run(capsys, "build", b, "-o", out_dir, "--format", "docx")
    docx = out_dir / f"{TITLE}.docx"
    assert code == 2 and err.splitlines()[0] == (
        f"authoring: {docx} 已存在，是由另一份问卷（../a.yaml）生成的；确认要覆盖请加 --force")
    (out_dir / f"{TITLE}.pdf").write_bytes(b"saved by hand")
    code, _, err = run(capsys, "build", a, "-o", out_dir)
    assert code == 2 and err.splitlines()[0] == (
        f"authoring: {out_dir / TITLE}.pdf 已存在，不是本工具为这份问卷生成的（可能是另存的或旧版本生成的文件）；"
        "确认要覆盖请加 --force")
    assert docx.read_bytes() == f"DOCX {TITLE} v1".encode()


def test_the_same_bytes_may_always_be_written_again(write, tmp_path, capsys, fake_render):
    """A folder built before the manifest existed (or with the manifest deleted) loses nothing by a rebuild."""
    a = write(GOOD, "a.yaml")
    out_dir = tmp_path / "out"
    assert run(capsys, "build", a, "-o", out_dir)[0] == 0
    (out_dir / MANIFEST_NAME).unlink()
    assert run(capsys, "build", a, "-o", out_dir)[0] == 0
    (out_dir / MANIFEST_NAME).write_text("{broken", encoding="utf-8")
    assert run(capsys, "build", a, "-o", out_dir)[0] == 0


def test_a_folder_in_the_way_is_never_replaced(write, tmp_path, capsys, fake_render):
    a = write(GOOD, "a.yaml")
    (tmp_path / "out" / f"{TITLE}.pdf").mkdir(parents=True)
    code, out, err = run(capsys, "build", a, "-o", tmp_path / "out", "--force")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"authoring: {tmp_path / 'out' / TITLE}.pdf 是一个文件夹，不能用报告替换；请把它改名或移走",
        f"{a}: 未生成任何文件（没有覆盖已有的文件）",
    ]
    assert listing(tmp_path / "out") == [f"{TITLE}.pdf"]


def test_a_pipe_or_a_dangling_link_in_the_way_is_never_replaced_nor_read(write, tmp_path, capsys, fake_render):
    a = write(GOOD, "a.yaml")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    os.mkfifo(out_dir / f"{TITLE}.docx")
    (out_dir / f"{TITLE}.pdf").symlink_to(tmp_path / "nowhere")
    os.mkfifo(out_dir / MANIFEST_NAME)  # reading it would wait forever
    code, out, err = run(capsys, "build", a, "-o", out_dir, "--force")
    assert (code, out) == (2, "")
    why = "不是普通文件（是设备、管道或失效的链接），不能用报告替换；请把它改名或移走"
    assert err.splitlines() == [f"authoring: {out_dir / TITLE}.docx {why}", f"authoring: {out_dir / TITLE}.pdf {why}",
                                f"{a}: 未生成任何文件（没有覆盖已有的文件）"]
    (out_dir / f"{TITLE}.docx").unlink()
    (out_dir / f"{TITLE}.pdf").unlink()
    assert run(capsys, "build", a, "-o", out_dir)[0] == 0  # the pipe in the manifest's place is replaced
    assert (out_dir / MANIFEST_NAME).is_file()


def test_the_manifest_records_every_format_and_drops_vanished_files(write, tmp_path, capsys, fake_render):
    import json

    a, c = write(GOOD, "a.yaml"), write(OTHER, "c.yaml")
    out_dir = tmp_path / "out"
    assert run(capsys, "build", a, c, "-o", out_dir, "--format", "docx")[0] == 0
    assert run(capsys, "build", a, "-o", out_dir, "--format", "pdf")[0] == 0
    (out_dir / f"{OTHER_TITLE}.docx").unlink()
    fake_render["v"] = 2
    assert run(capsys, "build", a, "-o", out_dir)[0] == 0
    manifest = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert {name: rec["问卷"] for name, rec in manifest["文件"].items()} == {
        f"{TITLE}.docx": "../a.yaml", f"{TITLE}.pdf": "../a.yaml"}


def test_the_manifest_does_not_leak_into_real_reports(tmp_path, capsys):
    src = ROOT / "inputs" / "foshan-zhengxie-2021.yaml"
    out_dir = tmp_path / "out"
    assert main(["build", str(src), "--format", "docx", "-o", str(out_dir)]) == 0
    (docx,) = out_dir.glob("*.docx")
    first = docx.read_bytes()
    assert main(["build", str(src), "--format", "docx", "-o", str(out_dir)]) == 0
    assert docx.read_bytes() == first
    assert b"SHA-256" not in first and MANIFEST_NAME.encode() not in first


# ---- 2. all outputs of a questionnaire together or not at all ----------------------------------------

@pytest.fixture
def built(write, tmp_path, capsys, fake_render):
    """A folder with a questionnaire's v1 reports; the renderers now give v2."""
    a = write(GOOD, "a.yaml")
    out_dir = tmp_path / "out"
    assert run(capsys, "build", a, "-o", out_dir)[0] == 0
    fake_render["v"] = 2
    return a, out_dir, bytes_of(out_dir)


def test_a_full_disk_while_writing_the_second_file_writes_nothing(built, monkeypatch, capsys):
    a, out_dir, before = built
    real_write, calls = os.write, []

    def full(fd, data):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    code, out, err = run(capsys, "build", a, "-o", out_dir)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"{a}: 未生成任何文件：无法写入 {out_dir / TITLE}.pdf：磁盘空间不足（{out_dir} 中原有的文件保持原样）")
    assert bytes_of(out_dir) == before and listing(out_dir) == [MANIFEST_NAME, *reports(out_dir)]


def test_a_failed_rename_puts_back_what_was_replaced(built, monkeypatch, capsys):
    a, out_dir, before = built
    real_replace = os.replace

    def failing(src, dst):
        if str(dst).endswith(".pdf"):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    code, out, err = run(capsys, "build", a, "-o", out_dir)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"{a}: 未生成任何文件：无法写入 {out_dir / TITLE}.pdf：磁盘读写出错（{out_dir} 中原有的文件保持原样）")
    assert bytes_of(out_dir) == before and listing(out_dir) == [MANIFEST_NAME, *reports(out_dir)]


def test_when_putting_back_fails_too_the_message_says_where_the_old_file_is(built, monkeypatch, capsys):
    a, out_dir, before = built
    real_replace = os.replace

    def failing(src, dst):
        if str(dst).endswith(".pdf") or str(src).endswith(".old"):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    code, _, err = run(capsys, "build", a, "-o", out_dir)
    monkeypatch.undo()
    docx, pdf = out_dir / f"{TITLE}.docx", out_dir / f"{TITLE}.pdf"
    (backup,) = [p for p in out_dir.iterdir() if p.name.endswith(".old") and p.read_bytes() == before[docx.name]]
    assert code == 2 and err.splitlines()[-1] == (
        f"{a}: 无法写入 {pdf}：磁盘读写出错；{docx} 已是新生成的内容，原来的内容暂存在 {backup}"
        "（下次在该文件夹生成时自动恢复）；这份问卷的其他文件保持原样")
    assert docx.read_bytes() == f"DOCX {TITLE} v2".encode() and pdf.read_bytes() == before[pdf.name]
    # the next run (another process: here, leftovers older than any run) puts the old DOCX back
    for p in out_dir.iterdir():
        if p.name.startswith(".authoring-") and p.name != MANIFEST_NAME:
            os.utime(p, (time.time() - 2 * 86400,) * 2, follow_symlinks=False)
    code, _, err = run(capsys, "init", "--profile", "national", out_dir / "新问卷.yaml")
    assert code == 0 and err == f"authoring: 上次在 {out_dir} 中写入时被中断，已恢复原来的文件：{docx.name}\n"
    assert bytes_of(out_dir) == {**before, "新问卷.yaml": (out_dir / "新问卷.yaml").read_bytes()}


def test_a_later_questionnaire_that_crashes_leaves_the_earlier_reports_and_says_so(write, tmp_path, capsys,
                                                                                  monkeypatch, fake_render):
    import authoring.render.pdf as rp

    a, c = write(GOOD, "a.yaml"), write(OTHER, "c.yaml")

    def crash_on_other(context, profile, warn=None):
        if context["标题"] == OTHER_TITLE:
            raise RuntimeError("boom")
        return b"PDF"

    monkeypatch.setattr(rp, "render_pdf", crash_on_other)
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "build", a, c, "-o", out_dir)
    assert code == 4
    assert out.splitlines() == [f"已生成 {out_dir / n}" for n in reports(out_dir)]
    assert err.splitlines()[-1] == (f"{c}: 内部错误（RuntimeError: boom），这份问卷未生成任何文件。"
                                    "请把这条信息和问卷发给维护人员；设置 AUTHORING_DEBUG=1 可看到详细信息。")
    assert "没有写入任何文件" not in err
    assert listing(out_dir) == [MANIFEST_NAME, *reports(out_dir)]


def test_ctrl_c_says_which_questionnaire_was_not_written(write, tmp_path, capsys, monkeypatch, fake_render):
    import authoring.render.docx as rd

    a, b, c = write(GOOD, "a.yaml"), write(OTHER, "b.yaml"), write(GOOD.replace("某某市某某局", "某某市第三局"), "c.yaml")

    def interrupted(context, profile):
        if context["标题"] == OTHER_TITLE:
            raise KeyboardInterrupt
        return b"DOCX"

    monkeypatch.setattr(rd, "render_docx", interrupted)
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "build", a, b, c, "-o", out_dir, "--format", "docx")
    assert code == 130
    assert out == f"已生成 {out_dir / TITLE}.docx\n"
    assert err.splitlines() == [f"{b}: 已中断，这份问卷未生成任何文件；之后的问卷未处理", "authoring: 已中断"]
    assert listing(out_dir) == [MANIFEST_NAME, f"{TITLE}.docx"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="maps a file descriptor to its name through /proc")
def test_every_temporary_file_is_fsynced_before_its_rename(built, monkeypatch, capsys):
    a, out_dir, _ = built
    events, real_fsync, real_replace = [], os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(src, dst):
        events.append(("rename", str(src)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    assert run(capsys, "build", a, "-o", out_dir)[0] == 0
    renamed = [path for kind, path in events if kind == "rename"]
    assert len(renamed) == 3  # DOCX, PDF, manifest
    for path in renamed:
        assert ("fsync", path) in events[:events.index(("rename", path))]


@pytest.mark.parametrize("call", ["write", "fsync", "link", "replace", "open"])
def test_a_failure_at_any_step_leaves_each_questionnaires_reports_all_old_or_all_new(write, tmp_path, capsys,
                                                                                   monkeypatch, fake_render, call):
    """Fail the n-th call of one file-system operation, for every n: never a mixture, never a leftover."""
    import hashlib
    import json

    a, c = write(GOOD, "a.yaml"), write(OTHER, "c.yaml")
    real = getattr(os, call)
    for n in range(1, 30):
        out_dir = tmp_path / f"out{n}"
        fake_render["v"] = 1
        assert run(capsys, "build", a, c, "-o", out_dir)[0] == 0
        fake_render["v"] = 2
        calls = []

        def failing(*args, **kwargs):
            if call != "open" or (args[1] & os.O_CREAT and Path(args[0]).parent == out_dir):
                calls.append(args)
                if len(calls) == n:
                    raise OSError(errno.EIO, "Input/output error")
            return real(*args, **kwargs)

        monkeypatch.setattr(os, call, failing)
        code, out, err = run(capsys, "build", a, c, "-o", out_dir)
        monkeypatch.setattr(os, call, real)
        files = bytes_of(out_dir)
        for title in (TITLE, OTHER_TITLE):
            versions = {files[f"{title}.docx"][-2:], files[f"{title}.pdf"][-2:]}
            assert versions in ({b"v1"}, {b"v2"}), (call, n, err)
        manifest = json.loads(files[MANIFEST_NAME])["文件"]
        assert {name: hashlib.sha256(files[name]).hexdigest() for name in manifest} == {
            name: rec["SHA-256"] for name, rec in manifest.items()}
        assert sorted(files) == [MANIFEST_NAME, *reports(out_dir, OTHER_TITLE), *reports(out_dir)], (call, n)
        if code == 0:  # a failed hard link falls back to a copy; a failed fsync of the folder is harmless
            assert {files[f"{title}.docx"][-2:] for title in (TITLE, OTHER_TITLE)} == {b"v2"}
        else:
            assert code == 2 and "：磁盘读写出错" in err and "内部错误" not in err, (call, n, err)
        if len(calls) < n:
            break  # every call of this kind has been failed once
    else:
        raise AssertionError(f"more than 30 calls of os.{call}")


# ---- killed runs: the next run cleans up (and puts back a half-replaced group) ---------------------------

CHILD = """\
import os, sys
import authoring.render.docx as rd, authoring.render.pdf as rp
rd.render_docx = lambda context, profile: b"DOCX killed"
rp.render_pdf = lambda context, profile, warn=None: b"PDF killed"
real_replace, real_write = os.replace, os.write
def replace(src, dst):
    real_replace(src, dst)
    if sys.argv[1] == "rename" and str(dst).endswith(".docx"):
        os._exit(9)
def write(fd, data):
    if sys.argv[1] == "write" and len(data) > 5 and data[:3] == b"PDF":
        real_write(fd, data[:5])
        os._exit(9)
    return real_write(fd, data)
os.replace, os.write = replace, write
from authoring.cli import main
main(["build", sys.argv[2], "-o", sys.argv[3]])
"""


def kill_during(stage: str, questionnaire: Path, out_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, stage, str(questionnaire), str(out_dir)],
                          env=env, capture_output=True, timeout=120)
    assert done.returncode == 9, done.stderr.decode()


@pytest.mark.parametrize("stage", ["write", "rename"])
def test_the_next_run_cleans_up_after_a_killed_one(built, write, capsys, stage):
    a, out_dir, before = built
    kill_during(stage, a, out_dir)
    leftovers = [n for n in listing(out_dir) if n.startswith(".authoring-") and n != MANIFEST_NAME]
    assert leftovers  # temporary files (and, killed between renames, backups and a journal)
    if stage == "rename":
        assert (out_dir / f"{TITLE}.docx").read_bytes() == b"DOCX killed"  # half a group, until the next run
    c = write(OTHER, "c.yaml")
    code, out, err = run(capsys, "build", c, "-o", out_dir, "--format", "docx")
    assert code == 0
    restored = f"authoring: 上次在 {out_dir} 中写入时被中断，已恢复原来的文件：{TITLE}.docx\n"
    assert err == (restored if stage == "rename" else "")
    after = bytes_of(out_dir)
    assert {n: after[n] for n in before if n != MANIFEST_NAME} == {n: v for n, v in before.items() if n != MANIFEST_NAME}
    assert listing(out_dir) == [MANIFEST_NAME, f"{OTHER_TITLE}.docx", *reports(out_dir)]


def test_leftovers_of_a_running_process_and_other_files_are_left_alone(tmp_path, capsys):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = out_dir / f".authoring-{sleeper.pid}-0123abcd.tmp"
        live.write_bytes(b"being written")
        stale = out_dir / f".authoring-{sleeper.pid}-89abcdef.tmp"
        stale.write_bytes(b"two days old")
        os.utime(stale, (time.time() - 2 * 86400,) * 2)
        mine = ["notes.tmp", ".authoring-notes.txt", ".authoring-1-0123abcd.tmp.bak"]
        for name in mine:
            (out_dir / name).write_bytes(b"the user's")
        assert atomic.recover(out_dir) == []
        assert listing(out_dir) == sorted([live.name, *mine])
    finally:
        sleeper.kill()
        sleeper.wait()


# ---- 3. file-system conditions: exit 2 with a Chinese message, never exit 4 -----------------------------

def test_an_unreadable_questionnaire(write, tmp_path, capsys, monkeypatch):
    p = write(GOOD)
    real = os.open

    def denied(path, *args, **kwargs):
        if str(path) == str(p):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    assert run(capsys, "check", p) == (2, "", f"authoring: {p}: 没有读取权限，不能读取\n")
    code, out, err = run(capsys, "build", p, "-o", tmp_path / "out")
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"authoring: {p}: 没有读取权限，不能读取", f"{p}: 未生成任何文件"]
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes whatever the permissions say")
def test_real_permissions(write, tmp_path, capsys):
    p = write(GOOD)
    p.chmod(0)
    assert run(capsys, "check", p)[0] == 2
    p.chmod(0o644)
    out_dir = tmp_path / "ro"
    out_dir.mkdir()
    out_dir.chmod(0o555)
    try:
        code, _, err = run(capsys, "build", p, "-o", out_dir, "--format", "docx")
        assert code == 2 and "没有权限" in err and listing(out_dir) == []
    finally:
        out_dir.chmod(0o755)


def test_output_folder_that_is_a_file(write, tmp_path, capsys):
    p = write(GOOD)
    target = tmp_path / "out"
    target.write_bytes(b"a file")
    assert run(capsys, "build", p, "-o", target) == (
        2, "", f"authoring: 输出目录 {target} 是一个文件，不是文件夹；请用 -o 指定一个文件夹；未生成任何文件\n")
    assert run(capsys, "build", p, "-o", target / "sub") == (
        2, "", f"authoring: 无法建立输出目录 {target / 'sub'}：{target} 是一个文件，不是文件夹；未生成任何文件\n")
    assert target.read_bytes() == b"a file"


def test_an_output_folder_that_cannot_be_made(write, tmp_path, capsys, monkeypatch, fake_render):
    a = write(GOOD, "a.yaml")
    out_dir = tmp_path / "new" / "out"

    def denied(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", denied)
    assert run(capsys, "build", a, "-o", out_dir) == (2, "", f"{a}: 未生成任何文件：无法写入 {out_dir}：没有权限\n")


def test_read_only_output_folder_stops_the_run(write, tmp_path, capsys, monkeypatch, fake_render):
    a, c = write(GOOD, "a.yaml"), write(OTHER, "c.yaml")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if Path(path).parent == out_dir and flags & os.O_CREAT:
            raise PermissionError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    code, out, err = run(capsys, "build", a, c, "-o", out_dir)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{a}: 未生成任何文件：无法写入 {out_dir / TITLE}.docx：所在的磁盘是只读的（{out_dir} 中原有的文件保持原样）",
        f"{c}: 未生成任何文件（{out_dir} 无法写入：所在的磁盘是只读的，见上）",
    ]
    assert listing(out_dir) == []


def test_a_title_of_80_chinese_characters(write, tmp_path, capsys):
    name = "某" * 80 + "局"
    p = write(GOOD.replace("部门全称: 某某市某某局", f"部门全称: {name}"))
    out_dir = tmp_path / "out"
    code, out, _ = run(capsys, "build", p, "-o", out_dir, "--format", "docx")
    assert code == 0
    (docx,) = out_dir.glob("*.docx")
    assert out == f"已生成 {docx}\n"
    assert docx.stem.startswith("2023年度某某某") and len(docx.stem.encode()) <= MAX_NAME_BYTES
    assert docx.stem == safe_file_name(f"2023年度{name}部门整体支出绩效自评报告")
    assert listing(out_dir) == [MANIFEST_NAME, docx.name]


def test_init_and_schema_into_a_folder_or_over_a_file(tmp_path, capsys):
    folder = tmp_path / "dir"
    folder.mkdir()
    for argv in (["init", "--profile", "national", folder], ["init", "--profile", "national", "--force", folder]):
        assert run(capsys, *argv) == (2, "", f"authoring: {folder} 是文件夹，不是文件；请写出文件名，如 {folder / '问卷.yaml'}\n")
    new = f"{tmp_path / 'new'}/"
    assert run(capsys, "init", "--profile", "national", new)[0] == 2 and not (tmp_path / "new").exists()
    assert run(capsys, "schema", "-o", folder) == (
        2, "", f"authoring: {folder} 是文件夹，不是文件；请写出文件名，如 {folder / 'schema.json'}\n")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for argv in (["init", "--profile", "national", "--force", pipe], ["schema", "-o", pipe]):
        assert run(capsys, *argv) == (2, "", f"authoring: {pipe} 不是普通文件（是设备、管道或失效的链接），不能写入；请换一个文件名\n")
    assert pipe.is_fifo()
    existing = tmp_path / "q.yaml"
    existing.write_text("keep", encoding="utf-8")
    assert run(capsys, "init", "--profile", "national", existing) == (
        2, "", f"authoring: {existing} 已存在；如要覆盖请加 --force\n")
    assert existing.read_text(encoding="utf-8") == "keep" and listing(folder) == []


def test_init_and_schema_on_a_full_disk(tmp_path, capsys, monkeypatch):
    target = tmp_path / "schema.json"
    target.write_text("old", encoding="utf-8")

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    assert run(capsys, "schema", "-o", target) == (2, "", f"authoring: 无法写入 {target}：磁盘空间不足；未写入任何文件\n")
    assert run(capsys, "init", "--profile", "national", "--force", target)[0] == 2
    assert target.read_text(encoding="utf-8") == "old" and listing(tmp_path) == ["schema.json"]


# ---- 4. output names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("title, name", [
    (".hidden", "hidden"),
    ("..", "报告"),
    ("CON", "_CON"),
    ("con.2023", "_con.2023"),
    ("Nul ", "_Nul"),
    ("COM1", "_COM1"),
    ("lpt9.报告", "_lpt9.报告"),
    ("CONSOLE", "CONSOLE"),
    ("某某局\u202e报告", "某某局报告"),
    ("某某局\u200b报告\ufeff", "某某局报告"),
    ("某某局\u2028报告\u2029说明", "某某局 报告 说明"),
    ("某某局\x1b[2J报告\x00", "某某局_[2J报告_"),
    ('附件1 a/b\\c:d*e?f"g<h>i|j', "附件1 a_b_c_d_e_f_g_h_i_j"),
    ("报告. . .", "报告"),
    ("Cafe\u0301", "Café"),
])
def test_output_names_are_visible_and_portable(title, name):
    assert safe_file_name(title) == name


def test_long_names_are_cut_at_a_character_and_stay_unique():
    long_a = "2023年度" + "某" * 100 + "甲局部门整体支出绩效自评报告"
    long_b = long_a.replace("甲局", "乙局")
    a, b = safe_file_name(long_a), safe_file_name(long_b)
    assert a != b
    for short in (a, b):
        assert len(short.encode("utf-8")) <= MAX_NAME_BYTES
        head, _, digest = short.rpartition("…")
        assert long_a.startswith(head) and len(digest) == 8
    assert safe_file_name("报" * 66) == "报" * 66  # 198 bytes: unchanged


def test_reserved_and_hidden_titles_end_to_end(tmp_path, capsys, monkeypatch, fake_render):
    root = make_templates(tmp_path, {"x": '名称: 某市\n继承: national\n标题格式: "{{ 部门简称 }}"\n'})
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    out_dir = tmp_path / "out"
    for short, expected in ((".profile", "profile"), ("NUL", "_NUL")):
        p = tmp_path / f"{expected}.yaml"
        p.write_text(textwrap.dedent(GOOD.replace("地区: national", "地区: x").replace("部门简称: 某某局", f"部门简称: '{short}'")),
                     encoding="utf-8")
        code, out, _ = run(capsys, "build", p, "-o", out_dir, "--format", "docx")
        assert code == 0 and out == f"已生成 {out_dir / expected}.docx\n"
    assert listing(out_dir) == [MANIFEST_NAME, "_NUL.docx", "profile.docx"]
