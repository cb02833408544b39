"""All exceptions the tool raises on purpose; the CLI turns them into exit codes."""

from __future__ import annotations

import errno

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


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在的磁盘是只读的",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EEXIST: "已存在同名的文件",
    errno.EIO: "磁盘读写出错",
    errno.EFBIG: "文件太大",
    errno.EMFILE: "同时打开的文件太多",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.ELOOP: "符号链接绕成了环",
}


def describe_os_error(exc: OSError) -> str:
    """What went wrong on the disk, in words a clerk can act on."""
    if getattr(exc, "winerror", None) in (32, 33):  # Windows: the file is open in another program
        return "文件正被其他程序打开（如 Word、WPS），请先关闭"
    reason = _OS_REASONS.get(exc.errno)
    if reason:
        return reason
    return f"系统错误：{exc.strerror or exc}"
