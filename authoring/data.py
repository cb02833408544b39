"""Where the shipped folders (templates/, schema/, docs/) are: inside an installed package
(`authoring/_data/`, copied there by setup.py) or beside the package in a source tree or an
editable install."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """The shipped folder `name` ("templates", "schema" or "docs")."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name
