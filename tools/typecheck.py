"""Type-check the `vanban` package with mypy, as it is laid out in an installed wheel.

setuptools' package-dir maps extractors/, flows/ and models/ into `vanban` (pyproject.toml). An editable
install resolves that with an import hook, which static checkers cannot follow, so this builds the
package's tree under .venv/typecheck/ (real folders, each file a link to the checkout's) and runs mypy
on it; mypy's messages name the checkout's files again.

Example:
    .venv/bin/python tools/typecheck.py          # exit status is mypy's
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEW = ROOT / ".venv" / "typecheck"


def package_dirs() -> dict[str, Path]:
    table = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return {package: ROOT / folder for package, folder in table["package-dir"].items()}


def build_view(view: Path = VIEW) -> Path:
    """A tree of the package as installed: folders made, files linked; returns the package's folder."""
    shutil.rmtree(view, ignore_errors=True)
    for package, folder in package_dirs().items():
        target = view.joinpath(*package.split("."))
        for source in folder.rglob("*.py"):
            if "__pycache__" in source.parts:
                continue
            link = target / source.relative_to(folder)
            if link.exists():  # -- vanban/ holds no extractors/: a mapped folder wins anyway
                continue
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(source, link)
    return view / "vanban"


def main() -> int:
    build_view()
    command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "-p", "vanban"]
    result = subprocess.run(command, cwd=VIEW, capture_output=True, text=True)
    # -- name the checkout's files, not the links: vanban/extractors/x.py → extractors/x.py
    for line in (result.stdout + result.stderr).splitlines():
        path, _, rest = line.partition(":")
        link = VIEW / path
        if rest and link.is_symlink():
            line = f"{Path(os.readlink(link)).relative_to(ROOT)}:{rest}"
        print(line)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
