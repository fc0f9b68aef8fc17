"""The package's shape: one import package, and the rule of which room may import which.

The rooms of extractors/ (readers, header, facts) import only the text utilities and the models, never
each other; `vanban.extractors.read` and the evaluation sit above them and put them together. Nothing
below the flows imports Prefect, and nothing in extractors/ or models/ knows the warehouse or the run.
docs/architecture.md explains the rule; this test is how it is kept.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE_DIRS: dict[str, str] = PYPROJECT["tool"]["setuptools"]["package-dir"]
PACKAGES: list[str] = PYPROJECT["tool"]["setuptools"]["packages"]

# -- the old top-level packages: importing one by its bare name would bypass `vanban`
BARE_NAMES = frozenset({"extractors", "flows", "models", "report", "warehouse"})
ROOMS = ("vanban.extractors.readers", "vanban.extractors.header", "vanban.extractors.facts")
TEXT = "vanban.extractors.text"
MODELS = "vanban.models"
# -- the layers below the wiring: what each may import of vanban (besides itself)
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    MODELS: (),
    TEXT: (MODELS,),
    **{room: (TEXT, MODELS) for room in ROOMS},
}
PREFECT_ALLOWED = ("vanban.flows",)


def module_files() -> Iterator[tuple[str, Path]]:
    """Every module of the package with its dotted name, as setuptools maps the folders."""
    # -- the longest mapping first: `vanban.extractors` lives in extractors/, not vanban/extractors/
    for package, folder in sorted(PACKAGE_DIRS.items(), key=lambda item: -len(item[0])):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT / folder).with_suffix("")
            parts = [part for part in relative.parts if part != "__init__"]
            if package == "vanban" and parts and f"vanban.{parts[0]}" in PACKAGE_DIRS:
                continue
            yield ".".join([package, *parts]), path


def imported_names(path: Path, module: str) -> Iterator[str]:
    """The absolute names a module imports, relative imports resolved, at any depth of the file."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                yield ".".join([*base, node.module] if node.module else base)
            elif node.module:
                yield node.module
                yield from (f"{node.module}.{alias.name}" for alias in node.names)


MODULES = dict(module_files())


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_every_package_folder_is_listed_in_pyproject() -> None:
    found = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    assert found == set(PACKAGES), "add new packages to [tool.setuptools] packages in pyproject.toml"


def test_the_layout_finds_the_modules_it_rules() -> None:
    # -- a guard on the test itself: a mapping change that found nothing would pass every rule below
    assert "vanban.extractors.readers.pdf" in MODULES
    assert "vanban.extractors.facts.dates" in MODULES
    assert "vanban.flows.nightly" in MODULES
    assert "vanban.cli" in MODULES
    assert len(MODULES) > 60


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_an_old_top_level_name(module: str) -> None:
    bare = {name for name in imported_names(MODULES[module], module) if name.split(".")[0] in BARE_NAMES}
    assert not bare, f"{module} imports {sorted(bare)}; import them as vanban.…"


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_lower_layers_import_only_what_they_may(layer: str) -> None:
    allowed = (layer, *MAY_IMPORT[layer])
    wrong = {
        f"{module} → {name}"
        for module, path in MODULES.items()
        if _within(module, layer)
        for name in imported_names(path, module)
        if _within(name, "vanban") and name != "vanban" and not any(_within(name, ok) for ok in allowed)
    }
    assert not wrong, "\n".join(sorted(wrong))


def test_only_the_flows_import_prefect() -> None:
    wrong = {
        f"{module} → {name}"
        for module, path in MODULES.items()
        if not any(_within(module, ok) for ok in PREFECT_ALLOWED)
        for name in imported_names(path, module)
        if name.split(".")[0] in {"prefect", "prefect_dask"}
    }
    assert not wrong, "\n".join(sorted(wrong))


def test_extraction_and_models_know_nothing_of_the_run_or_the_warehouse() -> None:
    below = ("vanban.extractors", MODELS)
    above = (
        "vanban.flows",
        "vanban.run",
        "vanban.warehouse",
        "vanban.report",
        "vanban.review",
        "vanban.cli",
        "vanban.settings",
        "duckdb",
        "psycopg",
    )
    wrong = {
        f"{module} → {name}"
        for module, path in MODULES.items()
        if any(_within(module, low) for low in below)
        for name in imported_names(path, module)
        if any(_within(name, high) for high in above)
    }
    assert not wrong, "\n".join(sorted(wrong))
