import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml

from vanban.extractors.readers.docx import read_docx, styles_matter
from vanban.extractors.readers.docx_package import WORD_MAIN, WordPackage
from vanban.models.errors import PackageError, UnreadableDocument

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rewritten(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The package with some members replaced (None: left out)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = replace.get(info.filename, source.read(info))
            if member is not None:
                target.writestr(info.filename, member)
    return buffer.getvalue()


def _one_paragraph(text: str = "Quyết định số 15-QĐ/HU") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    return _saved(document)


def test_word_package_finds_the_main_part_by_its_relationship():
    with WordPackage(_one_paragraph()) as package:
        assert package.main_part == "word/document.xml"
        assert package.document.tag.endswith("}document")
        assert any(rel.reltype.endswith("/styles") for rel in package.relationships)


def test_word_package_refuses_a_main_part_of_another_type():
    data = _one_paragraph()
    types = (
        zipfile.ZipFile(io.BytesIO(data))
        .read("[Content_Types].xml")
        .replace(WORD_MAIN.encode(), TEMPLATE_MAIN.encode())
    )
    with pytest.raises(PackageError, match="not a Word file, content type is.*template"):
        WordPackage(_rewritten(data, {"[Content_Types].xml": types}))


@pytest.mark.parametrize(
    "missing", ["_rels/.rels", "[Content_Types].xml"], ids=["no-package-relationships", "no-content-types"]
)
def test_read_docx_refuses_a_package_without_its_index_parts(tmp_path, missing):
    path = tmp_path / "thieu.docx"
    path.write_bytes(_rewritten(_one_paragraph(), {missing: None}))
    with pytest.raises(UnreadableDocument, match="cannot be read as .docx: PackageError"):
        read_docx(path)


def test_read_docx_reads_a_package_without_a_styles_part(tmp_path):
    data = _one_paragraph("Đảng bộ huyện")
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    rels = "".join(part for part in rels.split("<Relationship ") if "/styles" not in part.split("/>")[0])
    path = tmp_path / "khong-kieu.docx"
    path.write_bytes(_rewritten(data, {"word/styles.xml": None, "word/_rels/document.xml.rels": rels.encode()}))
    assert read_docx(path).text == "Đảng bộ huyện"


@pytest.mark.parametrize(
    ("styles", "expected"),
    [
        (b'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>', False),
        (b'<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:smallCaps/>', False),
        (b'<w:rFonts w:ascii=".VnTime"/>', True),
        (b"<w:rFonts w:hAnsi = 'VNI-Times'/>", True),
        (b'<x:rFonts x:ascii=".VnTimeH"/>', True),
        (b"<w:caps/>", True),
        (b'<w:caps w:val="0"/>', True),
        (b'<w:rFonts w:ascii="A&amp;B"/>', True),
        ("<w:caps/>".encode("utf-16"), True),
    ],
    ids=[
        "unicode-font",
        "theme-and-small-caps",
        "tcvn3",
        "vni-single-quotes",
        "other-prefix",
        "caps",
        "caps-off",
        "escaped-name",
        "utf-16",
    ],
)
def test_styles_matter_only_when_a_legacy_font_or_all_caps_is_named(styles, expected):
    assert styles_matter(styles) is expected


def _legacy_normal_style(text: str) -> bytes:
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    document.element.body.insert(0, parse_xml(f"<w:p {W_NS}><w:r><w:t>{text}</w:t></w:r></w:p>"))
    return _saved(document)


def test_read_docx_converts_by_the_style_after_reading_plain_styles(tmp_path):
    # -- a styles part found not to matter is remembered; another package's legacy styles still count
    plain, legacy = tmp_path / "moi.docx", tmp_path / "cu.docx"
    plain.write_bytes(_one_paragraph("Đảng bộ huyện"))
    legacy.write_bytes(_legacy_normal_style("§¶ng bé huyÖn"))
    for _ in range(2):
        assert read_docx(plain).legacy_encoding is None
        document = read_docx(legacy)
        assert (document.text, document.legacy_encoding) == ("Đảng bộ huyện", "tcvn3")


def test_read_docx_shares_a_template_s_styles_but_not_its_legacy_fonts(tmp_path):
    # -- two documents from one legacy template: the second's runs are all in a Unicode font
    first, second = tmp_path / "mot.docx", tmp_path / "hai.docx"
    first.write_bytes(_legacy_normal_style("§¶ng bé huyÖn"))
    second.write_bytes(
        _legacy_normal_style(
            '</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr><w:t>Đảng bộ huyện'
        )
    )
    styles = [zipfile.ZipFile(path).read("word/styles.xml") for path in (first, second)]
    assert styles[0] == styles[1]
    assert (read_docx(first).text, read_docx(first).legacy_fonts) == ("Đảng bộ huyện", [".VnTime"])
    document = read_docx(second)
    assert (document.text, document.legacy_fonts, document.legacy_encoding) == ("Đảng bộ huyện", [], None)
