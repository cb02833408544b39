"""All exceptions the tool raises on purpose; the CLI turns them into exit codes."""

from __future__ import annotations

from authoring.findings import Finding


class AuthoringError(Exception):
    """Base of every error that is reported to the user instead of a traceback."""

    exit_code = 1


class UsageError(AuthoringError):
    """Wrong command line, missing file, file that is not YAML (exit 2)."""

    exit_code = 2


class FindingsError(AuthoringError):
    """A file could not be used; carries located findings."""

    def __init__(self, findings: list[Finding], exit_code: int = 1):
        super().__init__("\n".join(f.format() for f in findings))
        self.findings = findings
        self.exit_code = exit_code


class ProfileError(FindingsError):
    """A jurisdiction profile is broken (exit 3)."""

    def __init__(self, findings: list[Finding]):
        super().__init__(findings, exit_code=3)
