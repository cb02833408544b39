"""The package reads as the pipeline: no module imports from a stage further down the line."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "authoring"

# Earlier stages first; a module may import only from its own stage or earlier ones.
STAGES = [
    ("errors", "findings", "atomic", "files", "sandbox", "confine", "data", "inputs", "stable_zip", "text_width"),
    ("questionnaire",),
    ("jurisdiction",),
    ("checks",),
    ("pipeline", "summary", "tally", "same_department", "runs"),
    ("report",),
    ("boilerplate",),
    ("render",),
    ("build", "output_names", "manifest"),
    ("serve",),
    ("init", "schema", "new_year"),
    ("batch",),
    ("commands", "console"),
    ("cli", "__main__"),
]


def _stage(module: str) -> int:
    head = module.split(".")[1] if "." in module else ""
    for i, names in enumerate(STAGES):
        if head in names:
            return i
    raise AssertionError(f"authoring.{head} is in no stage of STAGES: add it where it belongs")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("authoring."):
            out.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.module == "authoring":
            out += [f"authoring.{a.name}" for a in node.names if a.name != "__version__"]
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.startswith("authoring.")]
    return out


def test_no_import_runs_back_up_the_pipeline():
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts)
        if module in ("authoring.__init__",):
            continue
        own = _stage(module)
        for target in _imports(path):
            if _stage(target) > own:
                backwards.append(f"{module} → {target}")
    assert backwards == []
