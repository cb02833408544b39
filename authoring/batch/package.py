"""`--zip`: one archive per jurisdiction for filing: each department's reports (named by the 附件 convention,
as build names them), its 自评表 and the jurisdiction's 汇总表. The same files give the same bytes."""

from __future__ import annotations

from pathlib import Path

from authoring.batch.rows import Row
from authoring.output_names import safe_file_name
from authoring.stable_zip import zip_bytes

SUMMARY_NAME = "汇总表.xlsx"


def package_name(region: str) -> str:
    return safe_file_name(f"{region}部门整体支出绩效自评材料") + ".zip"


def packages(rows: list[Row], pairs: list, out_dir: Path) -> dict[str, bytes]:
    """archive name → bytes, for every jurisdiction with at least one questionnaire built."""
    from authoring.batch.workbook import summary_workbook

    regions: dict[str, list[Row]] = {}
    for row in rows:
        if row.profile_id:
            regions.setdefault(row.profile_id, []).append(row)
    out = {}
    for group in regions.values():
        entries = {}
        for row in group:
            for name in row.outputs:
                try:
                    entries[name] = (out_dir / name).read_bytes()
                except OSError:
                    continue  # removed meanwhile: 汇总表 still lists it
        if not entries:
            continue
        files = {r.file for r in group}
        own_pairs = [p for p in pairs if p.a in files and p.b in files]
        entries[SUMMARY_NAME] = summary_workbook(group, own_pairs)
        out[package_name(group[0].region)] = zip_bytes(sorted(entries.items()))
    return out
