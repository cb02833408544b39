"""`make bench`, part two: the bureau's run. `authoring batch` on 100 questionnaires with 1 and 2 workers, and
LibreOffice converting the same 100 DOCX files to PDF in one call, side by side; then where the time goes
(batch with one format at a time, and each step's CPU per report in a warm worker) and boilerplate detection on
2,000 synthetic questionnaires.

The questionnaires are copies of inputs/*.yaml, each under another department name (replaced wherever the
text uses them, 全称 and 简称) and with its number in 部门职能, so that no two files are the same. The figures are the
example's: changing one consistently means changing its totals, rates, scores and the sentences quoting
them together, and the render time does not depend on the digits. Each batch run is a fresh process on an empty output folder; its peak RSS is the
largest of the runner and its workers (os.wait4 counts the descendants it reaped).

    .venv/bin/python scripts/bench_batch.py [--count 100] [--no-office] [--documents 2000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_questionnaires(folder: Path, count: int) -> None:
    examples = sorted((ROOT / "inputs").glob("*.yaml"))
    for n in range(count):
        base = examples[n % len(examples)]
        text = base.read_text(encoding="utf-8")
        full = re.search(r"^部门全称: (.+)$", text, re.M)[1].strip()
        short = re.search(r"^部门简称: (.+)$", text, re.M)[1].strip()  # some titles use it (鹿泉区政协)
        copy = text.replace(full, f"{full}第{n + 1}分部").replace(short, f"{short}第{n + 1}分部")
        copy = re.sub(r"^(部门职能: )", rf"\g<1>（第{n + 1}号样本）", copy, count=1, flags=re.M)
        (folder / f"{n + 1:03d}-{base.name}").write_text(copy, encoding="utf-8")


def timed(args: list[str], cwd: Path = ROOT) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS MiB of the process tree, exit code, last lines of its output)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if proc.stdout:
        proc.stdout.close()
    tail = "\n".join(out.decode("utf-8", "replace").splitlines()[-1:])
    return wall, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status), tail


def batch(inbox: Path, out: Path, jobs: int, fmt: str = "all") -> tuple[float, int, int, str]:
    env_python = sys.executable
    return timed([env_python, "-m", "authoring", "batch", str(inbox), "-o", str(out), "-j", str(jobs),
                  "--format", fmt])


def office(docx_dir: Path, out: Path, profile: Path) -> tuple[float, int, int, str] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    files = sorted(str(p) for p in docx_dir.glob("*.docx"))
    return timed([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                  "--outdir", str(out)] + files)


def row(label: str, seconds: float, count: int, rss: int | None, note: str = "") -> str:
    per = seconds / count
    memory = f"{rss:>6} MiB" if rss is not None else " " * 10
    return f"  {label:<34}{seconds:>8.1f} s{per:>9.2f} s/份  {memory}  {note}"


def step_times(repeats: int = 3) -> None:
    """CPU per report of each step in a warm batch worker: each example `repeats` times, its best time, averaged
    over the examples (run in a process of its own, set up as a worker is)."""
    import pickle
    import weasyprint
    import weasyprint.document

    from authoring import confine
    from authoring.batch.jobs import check_job, init_worker
    from authoring.render.docx import render_docx
    from authoring.render.pdf import render_pdf
    from authoring.render.xlsx import render_xlsx
    from authoring.text_width import columns

    init_worker(("docx", "pdf", "xlsx"))
    confine.run_directly()
    spent: dict[str, float] = {}

    def timed(owner, name, key):  # the time spent inside owner.name, added to spent[key]
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[key] = spent.get(key, 0.0) + time.process_time() - start
        setattr(owner, name, wrapper)

    timed(weasyprint.HTML, "render", "  PDF：排版（解析 HTML、样式、分页）")
    timed(weasyprint.document.Document, "write_pdf", "  PDF：绘制、字体子集、写出")
    examples = sorted((ROOT / "inputs").glob("*.yaml"))
    best: dict[str, dict[str, float]] = {}
    for _ in range(repeats + 1):  # the first round warms the caches a worker keeps
        for example in examples:
            spent.clear()
            start = time.process_time()
            row = check_job(str(example))
            spent["校验（含报告内容）"] = time.process_time() - start
            context, profile = pickle.loads(row.rendering)
            for label, render in (("DOCX", render_docx), ("PDF 合计", render_pdf), ("XLSX", render_xlsx)):
                start = time.process_time()
                render(context, profile)
                spent[label] = time.process_time() - start
            if _ > 0:
                mine = best.setdefault(example.name, {})
                for key, value in spent.items():
                    mine[key] = min(mine.get(key, value), value)
    print(f"每一步的 CPU 时间（处理进程中热运行，{len(examples)} 个例子各取 {repeats} 次中最少的，再取平均）：")
    for key in ("校验（含报告内容）", "DOCX", "PDF 合计", "  PDF：排版（解析 HTML、样式、分页）", "  PDF：绘制、字体子集、写出",
                "XLSX"):
        values = [b.get(key, 0.0) for b in best.values()]
        print(f"  {key}{' ' * (36 - columns(key))}{sum(values) / len(values):>7.3f} s/份")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--no-office", action="store_true")
    parser.add_argument("--no-breakdown", action="store_true")
    parser.add_argument("--steps-only", action="store_true", help=argparse.SUPPRESS)  # the breakdown's own process
    args = parser.parse_args(argv)
    if args.steps_only:
        step_times()
        return 0
    count = args.count
    print(f"批量生成：{count} 份问卷（inputs/ 的例子改名复制），每次新进程、空输出文件夹；CPU {os.cpu_count()} 核")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        tmp_path = Path(tmp)
        inbox = tmp_path / "收件"
        inbox.mkdir()
        make_questionnaires(inbox, count)
        results = {}
        for jobs in (1, 2):
            wall, rss, code, tail = batch(inbox, tmp_path / f"out-j{jobs}", jobs)
            results[jobs] = wall
            print(row(f"batch -j {jobs}（校验+DOCX+PDF+XLSX）", wall, count, rss, f"退出码 {code}；{tail}"))
        if not args.no_office:
            docx_only = tmp_path / "docx"
            docx_only.mkdir()
            for p in (tmp_path / "out-j2").glob("*.docx"):
                shutil.copy(p, docx_only / p.name)
            made = office(docx_only, tmp_path / "office", tmp_path / "lo-profile")
            if made is None:
                print("  LibreOffice：未安装，跳过")
            else:
                wall, rss, code, _ = made
                n = len(list(docx_only.glob("*.docx")))
                converted = len(list((tmp_path / "office").glob("*.pdf")))
                print(row(f"LibreOffice DOCX→PDF（{n} 份，一次调用）", wall, n, rss, f"退出码 {code}；生成 {converted} 个 PDF"))
                lo = wall / n
                for jobs, ours in results.items():
                    print(f"  比值 batch -j {jobs} ÷ LibreOffice：{ours / count / lo:.2f}（每份 {ours / count:.2f} s ÷ {lo:.2f} s）")
        if not args.no_breakdown:
            print("时间花在哪里（batch -j 2，一次一种格式；校验在每一行中都有）：")
            for fmt in ("docx", "pdf", "xlsx"):
                wall, rss, code, _ = batch(inbox, tmp_path / f"out-{fmt}", 2, fmt)
                print(row(f"batch -j 2 --format {fmt}", wall, count, rss, f"退出码 {code}"))
            sys.stdout.flush()
            subprocess.run([sys.executable, str(Path(__file__).resolve()), "--steps-only"], cwd=ROOT, check=False)
    from authoring.boilerplate import bench_boilerplate

    b = bench_boilerplate(args.documents)
    print(f"雷同文字：{b['documents']} 份问卷、{b['sentences']} 句，找出 {b['pairs']} 对，用时 {b['seconds']:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
