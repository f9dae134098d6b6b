"""Saved web pages: the article's text without the page's furniture, and its metadata.

The pages in tests/fixtures/web are written for these tests in the shape of real news
sites; expected.json lists, for each, the article's paragraphs, words of its furniture
(navigation, cookie banner, advertisements, related links, newsletter box, comments,
footer) that must not be imported, its title and metadata.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.formats.foreign.options import ReadOptions
from annotator.formats.foreign.web_page import SUFFIXES, read_web_page
from annotator.formats.import_record import ImportRecord, Rejection

FIXTURES = Path(__file__).parents[2] / "fixtures" / "web"
EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (FIXTURES / "expected.json").read_text(encoding="utf-8")
)
PAGES = sorted(EXPECTED)


def read_one(path: Path, options: ReadOptions | None = None) -> ImportRecord:
    results = list(read_web_page(path, options or ReadOptions()))
    assert len(results) == 1
    record = results[0]
    assert isinstance(record, ImportRecord), record
    return record


def rejection(path: Path) -> Rejection:
    results = list(read_web_page(path, ReadOptions()))
    assert len(results) == 1
    found = results[0]
    assert isinstance(found, Rejection), found
    assert found.source == str(path)
    assert found.line is None
    return found


def page(tmp_path: Path, body: str, name: str = "page.html", head: str = "") -> Path:
    path = tmp_path / name
    path.write_text(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
    return path


ARTICLE = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "The regional parliament passed the budget on Thursday after a debate of nine hours.",
        "Opposition parties said the spending plans relied on tax income that would not come.",
        "The finance minister said the figures had been checked by the independent audit office.",
    )
)


def test_the_suffixes_are_saved_pages_and_browser_snapshots() -> None:
    assert SUFFIXES == (".html", ".htm", ".mhtml", ".mht")


@pytest.mark.parametrize("name", PAGES)
def test_every_paragraph_of_the_article_is_imported_as_a_paragraph(name: str) -> None:
    record = read_one(FIXTURES / name)
    paragraphs = record.text.split("\n\n")
    for expected in EXPECTED[name]["paragraphs"]:
        assert expected in paragraphs
    assert "\n" not in record.text.replace("\n\n", "")
    assert record.spans == ()


@pytest.mark.parametrize("name", PAGES)
def test_none_of_the_page_furniture_is_imported(name: str) -> None:
    text = read_one(FIXTURES / name).text
    leaked = [words for words in EXPECTED[name]["furniture"] if words in text]
    assert leaked == []


@pytest.mark.parametrize("name", PAGES)
def test_title_and_metadata_come_from_the_page(name: str) -> None:
    record = read_one(FIXTURES / name)
    assert record.title == EXPECTED[name]["title"]
    assert record.meta == {"source_file": name, **EXPECTED[name]["meta"]}
    assert record.source == str(FIXTURES / name)
    assert record.annotator is None


def test_a_live_blog_keeps_every_post_not_only_the_latest() -> None:
    text = read_one(FIXTURES / "live-blog.html").text
    assert text.index("Power company says") < text.index("Good morning and welcome")


def test_the_declared_encoding_decides_how_the_bytes_are_read() -> None:
    # ISO-8859-15: byte A4 is the euro sign and BD is œ, where Latin-1 has ¤ and ½.
    text = read_one(FIXTURES / "regional-paper-latin9.html").text
    assert "15 millions d'€." in text
    assert "au cœur de l'économie" in text


def test_a_page_laid_out_in_tables_keeps_its_article_and_drops_its_data_table() -> None:
    text = read_one(FIXTURES / "regional-paper-latin9.html").text
    assert text.startswith("Par Élodie Marchand")  # the byline paragraph, then the story
    assert "610" not in text


def test_a_wrong_declaration_gives_way_to_what_the_bytes_are(tmp_path: Path) -> None:
    html = f"<html><head><meta charset='utf-8'></head><body>{ARTICLE}<p>“Café prices”</p>"
    path = tmp_path / "old.html"
    path.write_bytes(html.encode("cp1252"))
    assert "<p>" not in read_one(path).text
    assert "“Café prices”" in read_one(path).text


def test_an_undeclared_page_is_read_as_what_its_bytes_are(tmp_path: Path) -> None:
    path = tmp_path / "plain.html"
    path.write_bytes(f"<html><body>{ARTICLE}<p>Zürich’s mayor agreed.</p>".encode())
    assert "Zürich’s mayor agreed." in read_one(path).text


def utf8_page_with_a_bad_byte(tmp_path: Path, where: str) -> Path:
    """A UTF-8 page (its title says so: é) with one byte that is not UTF-8 in ``where``."""
    html = f"<html><head><title>Budget débat</title></head><body><main>{ARTICLE}</main>"
    html += "<footer>© Regional Post 2024</footer></body></html>"
    path = tmp_path / "broken.html"
    path.write_bytes(html.encode().replace(where.encode(), where.encode() + b"\xff", 1))
    return path


def test_a_bad_byte_in_the_article_turns_the_page_down(tmp_path: Path) -> None:
    path = utf8_page_with_a_bad_byte(tmp_path, "nine")
    assert "not text in the page's encoding" in rejection(path).reason


def test_a_bad_byte_outside_the_article_does_not_matter(tmp_path: Path) -> None:
    path = utf8_page_with_a_bad_byte(tmp_path, "Regional Post")
    assert "nine hours" in read_one(path).text


def test_the_snapshot_location_of_an_mhtml_file_is_its_url() -> None:
    record = read_one(FIXTURES / "techledger-saved.mhtml")
    assert record.meta["url"] == "https://techledger.example/industry/veltrion-dresden-plant"


def test_the_charset_of_an_mhtml_part_outranks_the_page_s_own(tmp_path: Path) -> None:
    # Byte A4 is € in ISO-8859-15, the part's charset, and ¤ in Windows-1252, the page's.
    html = f"<html><head><meta charset='windows-1252'></head><body>{ARTICLE}"
    html += "<p>Tickets for the Ærø ferry cost 5 € again.</p>"
    path = tmp_path / "saved.mht"
    path.write_bytes(
        b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/a\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; '
        b'boundary="XX"\r\n\r\n--XX\r\nContent-Type: text/html; charset=iso-8859-15\r\n'
        b"Content-Transfer-Encoding: binary\r\n\r\n"
        + html.encode("iso-8859-15")
        + b"\r\n--XX--\r\n"
    )
    record = read_one(path)
    assert "Tickets for the Ærø ferry cost 5 € again." in record.text.split("\n\n")
    assert record.meta["url"] == "https://news.example/a"


def test_an_mhtml_file_without_a_web_page_is_turned_down(tmp_path: Path) -> None:
    path = tmp_path / "images.mhtml"
    path.write_bytes(
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"iVBORw0KGgo=\r\n--XX--\r\n"
    )
    assert "no text/html part" in rejection(path).reason


def test_a_page_saved_under_an_mhtml_name_is_read_as_html(tmp_path: Path) -> None:
    path = page(tmp_path, ARTICLE, name="misnamed.mhtml")
    assert "nine hours" in read_one(path).text


def test_a_front_page_of_links_has_no_article(tmp_path: Path) -> None:
    links = "".join(
        f"<li><a href='/story/{i}'>Story number {i} of today</a></li>" for i in range(40)
    )
    path = page(tmp_path, f"<nav><a href='/'>Home</a></nav><ul>{links}</ul>")
    assert "no article text found" in rejection(path).reason


PDF = b"%PDF-1.7\x00\x01\x02\x00" * 50


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("page.html", b"", "empty file"),
        ("page.html", b"  \n ", "empty file"),
        ("page.mhtml", b"", "empty file"),
        ("page.html", PDF, "binary"),
        ("page.mhtml", PDF, "no web page in this MHTML file"),
    ],
)
def test_what_is_no_web_page_is_turned_down(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert reason in rejection(path).reason


def test_a_missing_file_is_turned_down(tmp_path: Path) -> None:
    assert "cannot read" in rejection(tmp_path / "gone.html").reason


def test_the_annotator_is_the_folder_when_asked(tmp_path: Path) -> None:
    (tmp_path / "amira").mkdir()
    path = page(tmp_path / "amira", ARTICLE)
    options = ReadOptions(annotator_from="folder", root=tmp_path)
    assert read_one(path, options).annotator == "amira"
    assert read_one(path, ReadOptions(annotator="lee")).annotator == "lee"


def test_a_page_without_metadata_is_titled_by_its_first_line(tmp_path: Path) -> None:
    record = read_one(page(tmp_path, f"<main>{ARTICLE}</main>"))
    assert record.title.startswith("The regional parliament passed the budget")
    assert record.meta == {"source_file": "page.html"}
