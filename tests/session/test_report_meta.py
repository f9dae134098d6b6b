"""The report's outlet and date: document metadata, set through the session, undoable,
the rest of the metadata kept."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from annotator.session.document import DocumentSession
from annotator.session.history import Declined
from annotator.store.document_meta import document_meta, set_document_meta


def test_the_outlet_is_set_undone_and_redone_keeping_the_rest(
    db: Database, doc: DocumentSession
) -> None:
    set_document_meta(db, doc.doc_id, "site_name", "Valdoria Times")  # as a web page's import
    doc.editor.refresh()
    changes = doc.set_meta("outlet", "  The   Valdoria Times ")
    assert changes.fields
    assert changes.message == "Saved: Set the report's outlet"
    stored = document_meta(db, doc.doc_id)
    assert stored["outlet"] == "The Valdoria Times"  # spaces as a person means them
    assert stored["site_name"] == "Valdoria Times"
    assert doc.editor.document.meta == stored
    doc.undo()
    assert "outlet" not in document_meta(db, doc.doc_id)
    assert "outlet" not in doc.editor.document.meta
    doc.redo()
    assert document_meta(db, doc.doc_id)["outlet"] == "The Valdoria Times"


def test_a_blank_date_clears_it_and_the_same_value_is_declined(
    db: Database, doc: DocumentSession
) -> None:
    doc.set_meta("date", "2026-03-14")
    with pytest.raises(Declined):
        doc.set_meta("date", "2026-03-14")
    doc.set_meta("date", "   ")
    assert "date" not in document_meta(db, doc.doc_id)
    doc.undo()
    assert document_meta(db, doc.doc_id)["date"] == "2026-03-14"
    assert doc.history.undo_text == "Set the report's date"


def test_another_document_keeps_its_own(db: Database, doc: DocumentSession) -> None:
    doc.set_meta("outlet", "Meridian Wire")
    assert "outlet" not in document_meta(db, 2)
