"""Packaging step pyproject.toml cannot declare: the wheel carries templates/, schema/ and docs/.

They stay at the top of the repository (bureau authors and the docs point there), and `build_py` copies
them into the built package as `authoring/_data/<folder>` (authoring/data.py finds them there). An
editable install (`pip install -e .`) copies nothing: the package is the source tree itself, and
authoring/data.py finds the folders beside it.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("templates", "schema", "docs")


class BuildWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in DATA_FOLDERS:
            target = Path(self.build_lib) / "authoring" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "~$*"))


setup(cmdclass={"build_py": BuildWithData})
