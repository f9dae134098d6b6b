"""Saved web pages (.html, .htm, .mhtml, .mht): the article's own text and its metadata.

A saved news page is mostly furniture: navigation, cookie banners, advertisements,
related links, newsletter boxes, comments and footers around a few paragraphs of article.
trafilatura finds the article (``favor_precision``, no comments, no formatting) and the
metadata (title, date, author, site name, URL, description: meta tags, JSON-LD, byline).
Three things are done before it sees the page:

* The bytes are decoded as the page declares (a byte order mark, then the MHTML part's
  charset, then ``<meta charset>`` or the ``http-equiv`` Content-Type), as a browser
  does; only an undeclared (or wrongly declared) page has its encoding guessed, by
  :func:`decode_text`. trafilatura itself ignores the declaration and guesses.
* Elements that never hold article text (scripts other than JSON-LD, styles, SVG, form
  controls, navigation) are dropped: trafilatura drops them too, but only after running
  its regular expressions over every element, which is what makes a large page slow.
  Small advertisement slots go too (``class="advert"``: trafilatura's rules miss it).
* Layout tables (a table whose cells hold paragraphs, headings or tables: the whole page
  of many older sites) become plain blocks; with tables left out of the text, the
  article would otherwise go with them. Data tables are still left out: flattened into
  lines of cells they are no sentence anyone would annotate.

trafilatura runs in its fast mode (no second opinion from readability and jusText),
except on a page with several ``<article>`` elements side by side, a live blog: the fast
mode takes the first ``<article>`` for the story and would keep only the latest post.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.formats.encoding import DecodeError, decode_text
from annotator.formats.foreign.options import ReadOptions, annotator_of
from annotator.formats.import_record import (
    MAX_TEXT_LENGTH,
    ImportRecord,
    Rejection,
    clean_title,
    title_from_text,
)

if TYPE_CHECKING:
    from trafilatura.settings import Document

# lxml (trafilatura's parser) has no type hints.
HtmlElement = Any

SUFFIXES = (".html", ".htm", ".mhtml", ".mht")
_MHTML_SUFFIXES = (".mhtml", ".mht")
_HTML_TYPES = ("text/html", "application/xhtml+xml")

# A browser looks for the declaration in the first 1,024 bytes; old pages put comments and
# scripts before it, so a little more is searched.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:+-]+)""", re.I)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# What the HTML standard decodes these labels as: a page that says Latin-1 or ASCII is
# Windows-1252 (curly quotes, euro signs); a UTF-16 label found by reading the bytes as
# ASCII cannot be true.
_LABEL_OVERRIDES = {"latin_1": "cp1252", "ascii": "cp1252", "utf_16": "utf-8"}
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # an invalid byte, as decode_text leaves it

# Elements trafilatura deletes anyway (its MANUALLY_CLEANED list); deleting them first, in
# C, keeps a large page fast. Scripts are handled apart: JSON-LD ones hold the metadata.
_NEVER_TEXT = (
    "style", "noscript", "svg", "template", "iframe", "object", "embed", "canvas",
    "video", "audio", "picture", "button", "select", "textarea", "input", "nav",
)  # fmt: skip
_AD_SLOTS = (
    "//*[contains(@class, 'advert') or contains(@id, 'advert') or contains(@class, 'sponsor')]"
)
# An advertisement slot holds a label and a picture; a longer element that matched is the
# page's wrapper (``<body class="has-adverts">``), which must stay.
_AD_SLOT_MAX_TEXT = 300
# The labels advertisements leave behind as a paragraph of their own.
_AD_LABELS = frozenset(
    {
        "advertisement", "advertisements", "advert", "ad", "sponsored", "sponsored content",
        "paid content", "paid post", "partner content", "skip advertisement",
        "story continues below advertisement", "article continues below advertisement",
        "continue reading below", "publicité", "anzeige", "werbung", "publicidad",
        "pubblicità", "reclame", "advertentie", "annons", "reklame", "mainos",
    }
)  # fmt: skip
_LAYOUT_CONTENT = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "article")


class PageError(ValueError):
    """The file is not a readable web page; the message says why."""


@dataclass(frozen=True)
class _Page:
    """The HTML of a saved page and what its container said about it."""

    html: bytes
    charset: str | None = None  # the MHTML part's charset, which outranks the page's own
    url: str | None = None  # where the MHTML snapshot was taken


def read_web_page(path: Path, options: ReadOptions) -> Iterator[ImportRecord | Rejection]:
    """Yield the article of the saved page ``path`` as one record, or a rejection saying why."""
    source = str(path)
    try:
        data = path.read_bytes()
        if not data.strip():
            raise PageError("empty file")
        page = _mhtml_page(data) if path.suffix.lower() in _MHTML_SUFFIXES else _Page(data)
        tree = _parse(page)
    except OSError as exc:
        yield Rejection(source, None, f"cannot read: {exc.strerror or exc}")
        return
    except PageError as exc:
        yield Rejection(source, None, str(exc))
        return
    document = _extract(tree, page.url)
    text = _article_text(document)
    reason = _text_problem(text)
    if document is None or reason is not None:
        yield Rejection(source, None, reason or _NO_TEXT)
        return
    yield ImportRecord(
        text=text,
        title=clean_title(_field(document, "title")) or title_from_text(text),
        meta=_meta(document, path, page.url),
        source=source,
        line=None,
        annotator=annotator_of(path, options),
    )


_NO_TEXT = (
    "no article text found: the page holds only navigation, links or forms "
    "(save the article's own page, not a front or section page)"
)


def _text_problem(text: str) -> str | None:
    if not text:
        return _NO_TEXT
    if "\ufffd" in text:
        return (
            "the article holds bytes that are not text in the page's encoding (shown as �): "
            "save the page again from the browser"
        )
    if len(text) > MAX_TEXT_LENGTH:
        return (
            f"the article is {len(text):,} characters long; "
            f"an article can have at most {MAX_TEXT_LENGTH:,}"
        )
    return None


def _mhtml_page(data: bytes) -> _Page:
    """The first HTML part of an MHTML snapshot (a browser's "save as single file")."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if message.get("Content-Type") is None and data.lstrip()[:1] == b"<":
        return _Page(data)  # a plain HTML page saved under an .mhtml name
    part = next((p for p in message.walk() if p.get_content_type() in _HTML_TYPES), None)
    if part is None:
        raise PageError("no web page in this MHTML file (it has no text/html part)")
    html = part.get_payload(decode=True)  # undoes quoted-printable and base64
    if not isinstance(html, bytes) or not html.strip():
        raise PageError("the web page in this MHTML file is empty")
    url = message.get("Snapshot-Content-Location") or part.get("Content-Location")
    return _Page(html, part.get_content_charset(), str(url).strip() if url else None)


def _parse(page: _Page) -> HtmlElement:
    """The page's element tree, decoded as it declares, without what is never article text."""
    from lxml import etree, html  # type: ignore[import-untyped]

    text = _decode(page)
    try:
        # Re-encoded because lxml refuses a str that carries an XML encoding declaration.
        tree = html.document_fromstring(
            text.encode("utf-8"), parser=html.HTMLParser(encoding="utf-8")
        )
    except (etree.ParserError, ValueError) as exc:
        raise PageError(f"not a readable web page ({exc})") from None
    _drop_non_text(tree)
    _unwrap_layout_tables(tree)
    return tree


def _decode(page: _Page) -> str:
    """The page's text in its declared encoding, else in the one :func:`decode_text` finds."""
    data = page.html
    if not data.startswith(_BOMS):
        for label in (page.charset, _declared_charset(data)):
            codec = _codec(label)
            if codec is None:
                continue
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break  # declared wrongly: what the bytes look like decides
    try:
        decoded = decode_text(data)
    except DecodeError as exc:
        raise PageError(str(exc)) from None
    # Bytes that are not UTF-8 in an otherwise UTF-8 page stand in the text as lone
    # surrogates: they become U+FFFD here and turn the page down only if they are in the
    # article, not in (say) a footer that is not imported.
    return _ESCAPED_BYTE.sub("\ufffd", decoded.text) if decoded.invalid else decoded.text


def _declared_charset(data: bytes) -> str | None:
    head = data[:_PRESCAN_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    """Python's codec for a declared charset label, read as the HTML standard reads it."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None  # an unknown label is no declaration at all
    return _LABEL_OVERRIDES.get(name.replace("-", "_"), name)


def _drop_non_text(tree: HtmlElement) -> None:
    from lxml import etree

    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    for script in list(tree.iter("script")):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            script.drop_tree()
    for slot in tree.xpath(_AD_SLOTS):
        if slot.getparent() is not None and len(slot.text_content()) <= _AD_SLOT_MAX_TEXT:
            slot.drop_tree()


def _unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn the tables that lay out the page into blocks; data tables stay tables."""
    for table in list(tree.iter("table")):
        if next(table.iterdescendants(*_LAYOUT_CONTENT), None) is None:
            continue
        for element in list(table.iter("tr", "td", "th", "tbody", "thead", "tfoot")):
            if next(element.iterancestors("table"), None) is not table:
                continue  # a nested table's own rows: that table is judged on its own
            if element.tag in ("tbody", "thead", "tfoot"):
                element.drop_tag()
            else:
                element.tag = "div"
        table.tag = "div"


def _extract(tree: HtmlElement, url: str | None) -> Document | None:
    """trafilatura's findings on the page, ``None`` if it found no main text."""
    import trafilatura  # 0.4 s to import: only once a page is read

    _quiet_loggers()
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=not _is_live_blog(tree),
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_formatting=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
    )
    return None if isinstance(document, dict) else document


def _is_live_blog(tree: HtmlElement) -> bool:
    """Whether the page holds several ``<article>``s side by side, as a live blog's posts."""
    outer = (a for a in tree.iter("article") if next(a.iterancestors("article"), None) is None)
    return next(outer, None) is not None and next(outer, None) is not None


def _quiet_loggers() -> None:
    # trafilatura logs each page it gives up on as a warning: the rejection says so already,
    # and with no handler configured Python would print every one on the terminal.
    for name in ("trafilatura", "htmldate", "courlan"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


def _article_text(document: Document | None) -> str:
    """The article's paragraphs, a blank line between them, without advertisement labels."""
    if document is None:
        return ""
    paragraphs = (" ".join(line.split()) for line in _field(document, "text").split("\n"))
    return "\n\n".join(p for p in paragraphs if p and p.lower().strip(" .:") not in _AD_LABELS)


def _field(document: Document, name: str) -> str:
    value = getattr(document, name, None)
    return value.strip() if isinstance(value, str) else ""


def _meta(document: Document, path: Path, snapshot_url: str | None) -> dict[str, object]:
    meta: dict[str, object] = {"source_file": path.name}
    found = {
        "url": snapshot_url or _field(document, "url"),
        "date": _field(document, "date"),
        "author": _field(document, "author"),
        "site_name": _field(document, "sitename"),
        "description": _field(document, "description"),
    }
    meta.update((key, value) for key, value in found.items() if value)
    return meta
