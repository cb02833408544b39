"""What the bureau's run knows about one questionnaire: one row of 汇总表, and what to print about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from authoring.findings import Finding, printable
from authoring.summary import finding_counts


@dataclass
class Row:
    file: str
    kind: str  # tally.py: 通过, 有错误, 无法读取, …
    exit_code: int
    messages: list[str] = field(default_factory=list)  # why it could not be checked or built, as printed
    details: str = ""  # what the summary line says after the counts (summary.summary_details)
    findings: list[Finding] = field(default_factory=list)
    sha: str = ""  # of the questionnaire's bytes
    department: str = ""
    region: str = ""  # the profile's name (广州市)
    profile_id: str = ""
    chain: tuple[str, ...] = ()  # the profile's template folders, own first
    year: int | None = None
    income: Decimal | None = None  # 收入合计, 万元
    expenditure: Decimal | None = None  # 支出合计（决算数）
    rate: Decimal | None = None  # 预算执行率 in percent
    rate_base: Decimal | None = None  # what the rate divides by (for the weighted rate of the totals row)
    total: Decimal | None = None  # the score the report prints
    grade: str = ""
    name: str | None = None  # the reports' file name without extension, when the questionnaire may be built
    document: Any = None  # boilerplate.Document
    submission: Any = None  # same_department.Submission
    rendering: bytes = b""  # pickled (ReportContext, LoadedProfile) made when checking: what build_job renders
    outputs: list[str] = field(default_factory=list)  # files in the output folder for it (set by the runner)
    status: str = ""  # what became of it, in words (set by the runner)

    def summary(self) -> str:
        """The line check prints for this questionnaire (with the counts as they are after the whole run)."""
        return f"{printable(self.file)}: {finding_counts(self.errors, self.warnings, self.verified)}{self.details}"

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.is_warning for f in self.findings)

    @property
    def verified(self) -> int:
        return sum(f.is_verified for f in self.findings)
