"""`make bench`: how long each command takes on the example questionnaires, in fresh processes.

For every inputs/*.yaml: `authoring check`, `build --format docx`, `build --format pdf`, the same PDF
without the justification of Chinese lines (AUTHORING_CJK_JUSTIFY=0, authoring/render/justify.py: what
that costs) and `build --format all`, each run N times (default 5) after one unmeasured warm-up, every run a new
process with an empty output folder. Reports the median wall time (spawn to reap), min and max,
the peak RSS of that process (os.wait4, so each run is measured on its own) and the PDF's size and
page count. A command that fails (for example `build` before it exists) is shown as 失败, with the
first line of its error, and the rest goes on.

    .venv/bin/python scripts/bench.py [--runs 7] [--only pdf] [inputs/foo.yaml ...]

Then (with pdf among the kinds) the layout alone, in this process, with and without the justification
(CPU time, the median of 3 each): the processes above differ by less than their noise on a busy machine.

Then (unless --no-large) `check` on questionnaires generated from an example to about 1 MB and 5 MB
(the size limit, README) — its time must grow linearly with the size — and on one of 50 MB, which
must be refused at once (exit 2):

    .venv/bin/python scripts/bench.py --large-only
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "check": ["check"],
    "docx": ["build", "--format", "docx"],
    "pdf": ["build", "--format", "pdf"],
    "pdf-plain": ["build", "--format", "pdf"],
    "all": ["build", "--format", "all"],
}
ENVIRONMENTS = {"pdf-plain": {"AUTHORING_CJK_JUSTIFY": "0"}}  # the PDF before the justification hook
LABELS = {"check": "校验 check", "docx": "DOCX", "pdf": "PDF", "pdf-plain": "PDF不对齐", "all": "全部 all"}
LARGE_BASE = ROOT / "inputs" / "guangzhou-jiguangongwei-2023.yaml"
LARGE_SIZES = {"约 1 MB": 1024 * 1024, "约 5 MB": 5 * 1024 * 1024 - 64 * 1024, "50 MB（应拒绝）": 50 * 1024 * 1024}


def run_once(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS KiB, exit code, stderr) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **env} if env else None)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr:
        proc.stderr.close()
    return wall, usage.ru_maxrss, proc.returncode, err.decode("utf-8", "replace")


def pdf_facts(folder: Path) -> tuple[int | None, int | None]:
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        return None, None
    size = pdfs[0].stat().st_size
    pages = None
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdfs[0])], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Pages:"):
                pages = int(line.split()[1])
    return size, pages


def bench(file: Path, kind: str, runs: int) -> dict:
    base = [sys.executable, "-m", "authoring"] + COMMANDS[kind]
    times, peaks = [], []
    size = pages = None
    failure = ""
    for i in range(runs + 1):  # the first run warms the disk cache and is not counted
        with tempfile.TemporaryDirectory(prefix="bench-") as out:
            args = base + [str(file)] + (["-o", out] if kind != "check" else [])
            wall, peak, code, err = run_once(args, ENVIRONMENTS.get(kind))
            if code not in (0, 1) or (kind != "check" and code != 0):
                failure = next((line for line in err.splitlines() if line.strip()), f"退出码 {code}")
                break
            if i:
                times.append(wall)
                peaks.append(peak)
            if kind in ("pdf", "pdf-plain", "all") and size is None:
                size, pages = pdf_facts(Path(out))
    if failure:
        return {"failure": failure}
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "peak": max(peaks), "size": size, "pages": pages}


def bench_justification(files: list[Path], runs: int = 3) -> None:
    """CPU time of laying out and writing each PDF in this process, with and without the justification hook."""
    sys.path.insert(0, str(ROOT))
    from authoring.pipeline import check_file
    from authoring.render.pdf import layout_document
    from authoring.report.context import build_context

    print(f"\n两端对齐的代价：只计排版和写 PDF（本进程 CPU 时间，各 {runs} 次取中位数）")
    saved = os.environ.get("AUTHORING_CJK_JUSTIFY")
    try:
        for file in files:
            result = check_file(file)
            if result.assessment is None:
                continue
            context = build_context(result)
            layout_document(context, result.profile)  # warm: fonts, compiled templates
            cpu: dict[str, list[float]] = {"1": [], "0": []}
            for _ in range(runs):
                for mode in ("1", "0"):
                    os.environ["AUTHORING_CJK_JUSTIFY"] = mode
                    start = time.process_time()
                    layout_document(context, result.profile)
                    cpu[mode].append(time.process_time() - start)
            on, off = statistics.median(cpu["1"]), statistics.median(cpu["0"])
            print(f"{cell(file.stem[:30], 32)}对齐 {on:5.2f} s   不对齐 {off:5.2f} s   "
                  f"多 {1000 * (on - off):4.0f} ms（{100 * (on / off - 1):+.0f}%）", flush=True)
    finally:
        if saved is None:
            os.environ.pop("AUTHORING_CJK_JUSTIFY", None)
        else:
            os.environ["AUTHORING_CJK_JUSTIFY"] = saved


def write_generated_questionnaire(path: Path, size: int, base: Path = LARGE_BASE) -> None:
    """An example questionnaire grown to about `size` bytes: its 部门职能 gets numbered paragraphs,
    all different (no T4 repeats), every tenth with a “N余篇” that T8 reports, so that the many
    findings of a large file are measured too. Written line by line: this process stays small, and
    so do the peak memory figures of the processes it starts (Linux counts a child's peak from the fork)."""
    text = base.read_text(encoding="utf-8")
    head, sep, tail = text.partition("部门职能:\n")
    assert sep, f"{base} has no 部门职能 list"
    grown = len(text.encode("utf-8"))
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head + sep)
        i = 0
        while grown < size:
            i += 1
            extra = f"，推文{i * 7 + 3}余篇" if i % 10 == 0 else ""
            line = (f"  - 第{i}项：指导第{i}片区机关党组织开展党建工作，组织专题调研{i % 97 + 3}次{extra}，"
                    f"形成调研报告{i % 13 + 1}份，推动整改问题{i % 29 + 2}个，编号{i:07d}。\n")
            fh.write(line)
            grown += len(line.encode("utf-8"))
        fh.write(tail)


def bench_large(runs: int) -> int:
    """`check` on generated questionnaires of about 1 MB and 5 MB, and the refusal of 50 MB (exit 2)."""
    print(f"\n生成的大问卷（由 {LARGE_BASE.name} 扩充）：check 每项 {runs} 次，时间为中位数")
    worst = 0
    with tempfile.TemporaryDirectory(prefix="bench-large-") as folder:
        for label, size in LARGE_SIZES.items():
            path = Path(folder) / f"large-{size}.yaml"
            write_generated_questionnaire(path, size)
            times, codes, peaks = [], set(), []
            for i in range(runs + 1):
                wall, peak, code, err = run_once([sys.executable, "-m", "authoring", "check", str(path)])
                codes.add(code)
                if i:
                    times.append(wall)
                    peaks.append(peak)
            expected = {2} if size > 5 * 1024 * 1024 else {0, 1}
            ok = codes <= expected
            worst = worst if ok else 1
            mb = path.stat().st_size / (1024 * 1024)
            print(f"{cell(label, 16)}{mb:7.2f} MB  {statistics.median(times):7.2f} s"
                  f"（{min(times):.2f}–{max(times):.2f}）  峰值内存 {max(peaks) / 1024:.0f} MB  "
                  f"退出码 {'、'.join(map(str, sorted(codes)))}{'' if ok else '（不符合预期）'}", flush=True)
    return worst


def width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell(text: str, size: int, right: bool = False) -> str:
    pad = " " * max(size - width(text), 0)
    return pad + text if right else text + pad


def environment() -> str:
    try:
        sys.path.insert(0, str(ROOT))
        from authoring.render import fonts

        sub = fonts.subsetter()
        set_ = "Fandol（AUTHORING_FONTS=fandol）" if os.environ.get("AUTHORING_FONTS") == "fandol" else "首选（Noto/霞鹜文楷 + Fandol 仿宋）"
        font = f"字体：{set_}；字体裁剪：{sub}"
    except Exception as exc:  # the bench must run even if fonts.py is broken
        font = f"字体信息不可用（{exc}）"
    return f"Python {sys.version.split()[0]}，{os.cpu_count()} 个 CPU，{font}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="在全新进程中测量 check / DOCX / PDF / 全部 的耗时和内存")
    p.add_argument("files", nargs="*", type=Path, help="问卷（默认 inputs/*.yaml）")
    p.add_argument("--runs", type=int, default=5, help="每项计时的次数（至少 5，默认 5），取中位数")
    p.add_argument("--only", choices=list(COMMANDS), action="append", help="只测这几项（可重复）")
    p.add_argument("--no-large", action="store_true", help="不测生成的大问卷")
    p.add_argument("--large-only", action="store_true", help="只测生成的大问卷（1 MB、5 MB、50 MB）")
    args = p.parse_args(argv)
    if args.large_only:
        print(environment())
        return bench_large(3)
    runs = max(args.runs, 5)
    files = args.files or sorted((ROOT / "inputs").glob("*.yaml"))
    kinds = args.only or list(COMMANDS)
    if not files:
        print("没有问卷：inputs/ 下没有 .yaml 文件")
        return 1
    print(environment())
    print(f"每项 {runs} 次（另有 1 次预热不计），每次新进程；时间为中位数（最小–最大）\n")
    columns = [("问卷", 32, False), ("项目", 10, False), ("中位数", 8, True), ("最小–最大", 14, True),
               ("峰值内存", 10, True), ("PDF", 9, True), ("页数", 6, True)]
    print("".join(cell(name, size, right) for name, size, right in columns))
    print("-" * sum(size for _, size, _ in columns))
    worst = 0
    for file in files:
        for kind in kinds:
            r = bench(file, kind, runs)
            name = file.stem[:30]
            if "failure" in r:
                print(cell(name, 32) + cell(LABELS[kind], 10) + cell("失败", 8, True) + "  " + r["failure"][:60], flush=True)
                worst = 1
                continue
            values = [name, LABELS[kind], f"{r['median']:.2f} s", f"{r['min']:.2f}–{r['max']:.2f}",
                      f"{r['peak'] / 1024:.0f} MB", f"{r['size'] / 1024:.0f} KB" if r["size"] else "—",
                      str(r["pages"]) if r["pages"] else "—"]
            print("".join(cell(v, size, right) for v, (_, size, right) in zip(values, columns)), flush=True)
    if "pdf" in kinds:
        bench_justification(files)
    if not args.no_large:
        worst = max(worst, bench_large(3))
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
