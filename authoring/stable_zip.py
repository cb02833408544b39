"""Zip archives (xlsx workbooks, submission packages) whose bytes depend only on what is in them.

zipfile stamps every entry with the time it was written, and openpyxl writes the time of saving into
docProps/core.xml: the same data would give other bytes every minute. Here every entry gets one fixed
time and the same attributes.
"""

from __future__ import annotations

import io
import os
import zipfile

FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # any constant; 1980-01-01 (zip's epoch) confuses some unzip tools


def zip_bytes(entries: list[tuple[str, bytes]], date_time: tuple = FIXED_TIME) -> bytes:
    """An archive of (name, data) in the order given (callers sort them, or keep the order a format wants),
    every entry dated `date_time`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever system wrote it
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


class FixedTimeZip(zipfile.ZipFile):
    """A zip that writes every entry at FIXED_TIME, whatever the writer (openpyxl) asks for."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # zipfile's signature
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, FIXED_TIME)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o644 << 16
        zinfo_or_arcname.date_time = FIXED_TIME
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as fh:  # openpyxl writes a worksheet to a temporary file first
            self.writestr(arcname or os.path.basename(filename), fh.read())


def workbook_bytes(workbook, when=None) -> bytes:
    """An openpyxl workbook as .xlsx bytes: created and modified set to `when` (a datetime; default a
    constant), every entry at FIXED_TIME."""
    import datetime

    from openpyxl.writer.excel import ExcelWriter

    fixed = when or datetime.datetime(*FIXED_TIME)
    workbook.properties.created = workbook.properties.modified = fixed
    buffer = io.BytesIO()
    with FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # openpyxl.save_workbook would stamp `modified` with now
    return buffer.getvalue()
