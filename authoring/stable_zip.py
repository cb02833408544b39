"""Zip archives (xlsx workbooks, submission packages) whose bytes depend only on what is in them.

zipfile stamps every entry with the time it was written, and openpyxl writes the time of saving into
docProps/core.xml: the same data would give other bytes every minute. Here every entry gets one fixed
time and the same attributes.
"""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # any constant; 1980-01-01 (zip's epoch) confuses some unzip tools


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """An archive of (name, data) in the order given (callers sort them, or keep the order a format wants)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever system wrote it
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def restamped(data: bytes) -> bytes:
    """The archive `data` with every entry at FIXED_TIME, in its own order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return zip_bytes([(info.filename, archive.read(info)) for info in archive.infolist()])


def workbook_bytes(workbook) -> bytes:
    """An openpyxl workbook as .xlsx bytes: created and modified set to a constant, entries restamped."""
    import datetime

    from openpyxl.writer.excel import ExcelWriter

    fixed = datetime.datetime(*FIXED_TIME)
    workbook.properties.created = workbook.properties.modified = fixed
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # openpyxl.save_workbook would stamp `modified` with now
    return restamped(buffer.getvalue())
