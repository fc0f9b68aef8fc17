"""Legacy Word 97-2003 (.doc) reader: LibreOffice converts the file to .docx, the .docx reader reads it.

LibreOffice runs headless with a profile of its own in a temporary folder (never the user's, so two
conversions at once or a damaged profile cannot block each other), under a time limit, and every
file it writes goes away with that folder. Legacy TCVN3/VNI fonts survive the conversion as font
names on the runs, so the .docx reader converts them as it does for any .docx. The document keeps
the identity (path, SHA-256) of the .doc itself.

Example:
    read_doc(Path("samples/legacy/quyet-dinh-152-hu.doc")).header.symbol → "152-QĐ/HU"
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from vanban.extractors.readers.docx import read_docx
from vanban.extractors.readers.limits import check_docx_package
from vanban.extractors.text.hashing import sha256_of
from vanban.models.document import Document
from vanban.models.errors import LEGACY_OFFICE, UnreadableDocument

SOFFICE = "soffice"
CONVERT_TIMEOUT_SECONDS = (
    90  # -- a few pages take seconds, most of it LibreOffice starting; below the per-document limit
)
# -- what a Word 97-2003 file starts with (an OLE compound file; Word also saves RTF under .doc) → the
#    LibreOffice import filter for it: named, so that a damaged file fails instead of loading as plain text
IMPORT_FILTERS = {bytes.fromhex("d0cf11e0a1b11ae1"): "MS Word 97", b"{\\rtf": "Rich Text Format"}


def read_doc(path: Path, timeout: float = CONVERT_TIMEOUT_SECONDS, *, sha256: str | None = None) -> Document:
    """Read a .doc by converting it to .docx with LibreOffice in a throwaway profile.

    Args:
        sha256: the file's content hash when the caller has just taken it; otherwise the file is hashed.

    Raises:
        UnreadableDocument (LEGACY_OFFICE): not a Word 97-2003 or RTF file, no LibreOffice installed, the
            conversion failed or took longer than `timeout` seconds; or any reason of `read_docx`.
    """
    path = Path(path)
    with path.open("rb") as stream:
        head = stream.read(8)
    import_filter = next((name for magic, name in IMPORT_FILTERS.items() if head.startswith(magic)), None)
    if import_filter is None:
        raise _legacy(f"{path.name!r} is not a Word 97-2003 document (no OLE or RTF signature)")
    soffice = shutil.which(SOFFICE)
    if soffice is None:
        raise _legacy(
            f"{path.name!r}: cannot convert .doc, LibreOffice is not installed "
            "(apt-get install libreoffice-writer-nogui, or save the file as .docx)"
        )
    with tempfile.TemporaryDirectory(prefix="vanban-doc-") as work:
        converted = convert_to_docx(path, Path(work), soffice=soffice, import_filter=import_filter, timeout=timeout)
        check_docx_package(converted)
        # -- the .doc's own hash, not the converted package's: the document is the file dropped in
        document = read_docx(converted, sha256=sha256 or sha256_of(path))
    return dataclasses.replace(document, path=str(path), format="doc")


def convert_to_docx(path: Path, work: Path, *, soffice: str, import_filter: str, timeout: float) -> Path:
    """`soffice --headless --convert-to docx` of `path` into `work` (its profile too); the .docx written.

    Example:
        convert_to_docx(Path("cu.doc"), Path("/tmp/x"), soffice="/usr/bin/soffice", import_filter="MS Word 97",
                        timeout=60) → Path("/tmp/x/input.docx")
    """
    # -- a fixed ASCII name: LibreOffice names the output after the input, and odd names trip its URL parsing
    source = work / "input.doc"
    shutil.copyfile(path, source)
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"--infilter={import_filter}",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(work),
        str(source),
    ]
    # -- its own session: on a timeout the whole process group goes, soffice.bin included
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, env=_environment(work)
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise _legacy(f"{path.name!r}: LibreOffice took more than {timeout:g} s to convert it") from None
    converted = work / "input.docx"
    if process.returncode != 0 or not converted.exists():
        said = JAVA_WARNING_RE.sub("", output.decode("utf-8", "replace"))
        detail = " ".join(said.split())[-200:] or f"exit code {process.returncode}"
        raise _legacy(f"{path.name!r}: LibreOffice could not convert it to .docx ({detail})")
    return converted


# -- printed by every run of a LibreOffice without Java; it says nothing about the file
JAVA_WARNING_RE = re.compile(r"Warning: failed to launch javaldx[^\n]*\n?")


def _environment(work: Path) -> dict[str, str]:
    # -- HOME in the throwaway folder too: LibreOffice writes caches there even with its own profile
    return {**os.environ, "HOME": str(work)}


def _legacy(message: str) -> UnreadableDocument:
    return UnreadableDocument(message, problem=LEGACY_OFFICE)
