"""The parts of a Word package that reading needs, straight from the ZIP: no python-docx object model.

python-docx opens a package by inflating and parsing every XML part it knows (settings, numbering,
fonts, theme …) into its own element classes, whose Python-side lookup makes each later `find` and
`iterchildren` cost several times a plain lxml element's. Reading needs five kinds of part: the main
document, its styles, its headers and footers, footnotes and endnotes, and app.xml's page count. This
module finds them the way python-docx does (the package relationship `officeDocument`, then the main
part's relationships by id or by type) and parses each with the parser settings python-docx uses, so
the reader walks the same elements.

Example:
    with WordPackage.open(Path("quyet-dinh.docx")) as package:
        package.document.tag → "{…/wordprocessingml/2006/main}document"
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import regex
from lxml import etree

from vanban.models.errors import PackageError

CONTENT_TYPES = "[Content_Types].xml"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
# -- the only main-part type python-docx opens (.docm, .dotx and .dotm main parts are refused, as there)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
APP_PROPERTIES = "docProps/app.xml"
APP_COUNT_RE = regex.compile(r"<(?:\w+:)?(Pages|Words)>\s*(\d+)\s*</(?:\w+:)?(?:Pages|Words)>")
# -- python-docx's parser settings (docx.oxml.parser): no entities, whitespace between tags dropped
XML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@dataclass(frozen=True, slots=True)
class Relationship:
    rid: str
    reltype: str
    target: str  # -- the part name inside the ZIP, or the external address
    external: bool


class WordPackage:
    """An open .docx: its main document element, and its related parts parsed on demand."""

    def __init__(self, data: bytes) -> None:
        self._archive = zipfile.ZipFile(io.BytesIO(data))
        self._names = set(self._archive.namelist())
        main = next((rel for rel in self._relationships("") if rel.reltype == OFFICE_DOCUMENT), None)
        if main is None or main.external:
            raise PackageError("the package has no officeDocument relationship (no main document part)")
        content_type = self._content_type(main.target)
        if content_type != WORD_MAIN:
            raise PackageError(f"not a Word file, content type is {content_type!r}")
        self.main_part = main.target
        self.document = self.parse(main.target)
        self.relationships = list(self._relationships(main.target))
        self._by_id = {rel.rid: rel for rel in self.relationships}

    @classmethod
    def open(cls, path: Path) -> WordPackage:
        return cls(Path(path).read_bytes())

    def __enter__(self) -> WordPackage:
        return self

    def __exit__(self, *_: object) -> None:
        self._archive.close()

    def parse(self, name: str) -> etree._Element:
        return etree.fromstring(self._archive.read(name), XML_PARSER)

    def related(self, rid: str) -> etree._Element | None:
        """The part the main document names by relationship id, parsed; None for an external or missing one."""
        rel = self._by_id.get(rid)
        if rel is None or rel.external:
            return None
        return self.parse(rel.target)

    def styles_key(self) -> tuple[int, int, int] | None:
        """The styles part's ZIP directory entry (CRC-32, sizes): equal for documents made from one template."""
        rel = self._styles_relationship()
        if rel is None:
            return None
        info = self._archive.getinfo(rel.target)
        return info.CRC, info.file_size, info.compress_size

    def styles(self, matters: Callable[[bytes], bool] = lambda data: True) -> etree._Element | None:
        """The styles part parsed, or None when there is none or `matters(its bytes)` says reading needs none of it.

        A styles part runs to hundreds of kilobytes (every latent style of Word's template), thirty times
        the body of a short letter; a cheap look at its bytes can tell that no style in it changes a run.
        """
        # -- python-docx gives a package without a styles part its default styles, whose fonts are theme
        #    fonts and whose styles set no All Caps: for reading, the same as no styles at all
        rel = self._styles_relationship()
        if rel is None:
            return None
        data = self._archive.read(rel.target)
        return etree.fromstring(data, XML_PARSER) if matters(data) else None

    def _styles_relationship(self) -> Relationship | None:
        return next((rel for rel in self.relationships if rel.reltype == STYLES and not rel.external), None)

    def app_pages(self) -> int | None:
        """The page count Word saved in docProps/app.xml, None when the writer left none.

        A count beside `<Words>0</Words>` is a template's, never updated (python-docx's says 1 page).
        """
        if APP_PROPERTIES not in self._names:
            return None
        counts = dict(APP_COUNT_RE.findall(self._archive.read(APP_PROPERTIES).decode("utf-8", "replace")))
        pages, words = int(counts.get("Pages", 0)), int(counts.get("Words", 0))
        return pages if pages > 0 and words > 0 else None

    def _relationships(self, source: str) -> Iterator[Relationship]:
        directory, name = posixpath.split(source)
        rels_name = posixpath.join(directory, "_rels", name + ".rels")
        if rels_name not in self._names:
            return
        for element in self.parse(rels_name).iterchildren(RELS_NS + "Relationship"):
            external = element.get("TargetMode") == "External"
            target = element.get("Target", "")
            yield Relationship(
                rid=element.get("Id", ""),
                reltype=element.get("Type", ""),
                target=target if external else _part_name(directory, target),
                external=external,
            )

    def _content_type(self, name: str) -> str | None:
        if CONTENT_TYPES not in self._names:
            raise PackageError(f"the package has no {CONTENT_TYPES}")
        types = self.parse(CONTENT_TYPES)
        for override in types.iterchildren(CT_NS + "Override"):
            if override.get("PartName", "").lower() == "/" + name.lower():
                return override.get("ContentType")
        extension = posixpath.splitext(name)[1][1:].lower()
        for default in types.iterchildren(CT_NS + "Default"):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType")
        return None


def _part_name(base: str, target: str) -> str:
    """A relationship's target as a ZIP member name: relative to the source's folder unless absolute."""
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(joined).lstrip("/")
