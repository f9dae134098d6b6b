"""The document list model: ids for the whole list, rows fetched a page at a time."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from sqlite_utils import Database

from annotator.core.model import Status
from annotator.store.annotations import set_status
from annotator.store.annotators import ensure_annotator
from annotator.store.documents import NewDocument, insert_documents
from annotator.ui.panels.document_list import PAGE, DocListModel

COUNT = 1_050  # five full pages and a part


def _fill(db: Database) -> list[int]:
    with db.conn:
        ids = insert_documents(
            db,
            [
                NewDocument(
                    f"Report {i}",
                    f"Report {i}: talks in {'Kandar' if i % 3 else 'Orlavik'} went on.",
                    {},
                )
                for i in range(COUNT)
            ],
        )
    return [i for i in ids if i is not None]


def test_the_model_passes_qts_model_checks_while_filtering(
    db: Database, qtmodeltester: ModelTester
) -> None:
    _fill(db)
    model = DocListModel(db, ensure_annotator(db, "alice"))
    model.reload()
    qtmodeltester.check(model, force_py=True)
    model.set_filter("orlavik")
    model.set_filter("")


def test_rows_are_read_a_page_at_a_time_only_when_shown(db: Database) -> None:
    ids = _fill(db)
    model = DocListModel(db, ensure_annotator(db, "alice"))
    model.reload()
    assert model.rowCount() == COUNT
    assert model._rows == {}  # nothing read but the ids
    assert model.data(model.index(COUNT - 1, 0)) == f"Report {COUNT - 1}"
    assert len(model._rows) == COUNT - (COUNT // PAGE) * PAGE  # the last, partial page
    assert model.data(model.index(3 * PAGE + 5, 0)) == f"Report {3 * PAGE + 5}"
    assert len(model._rows) == COUNT - (COUNT // PAGE) * PAGE + PAGE
    assert model.doc_id(COUNT - 1) == ids[-1]
    assert model.row_of(ids[-1]) == COUNT - 1


def test_a_status_change_shows_in_its_row_without_rereading_the_rest(db: Database) -> None:
    ids = _fill(db)
    alice = ensure_annotator(db, "alice")
    model = DocListModel(db, alice)
    model.reload()
    row = 2 * PAGE + 7
    assert model.data(model.index(row, 1)) == "todo"
    set_status(db, ids[row], alice, Status.DONE)
    model.refresh_doc(ids[row])
    assert model.data(model.index(row, 1)) == "done"
    assert model.status(row) is Status.DONE


def test_filtering_keeps_only_matching_documents_in_order(db: Database) -> None:
    ids = _fill(db)
    model = DocListModel(db, ensure_annotator(db, "alice"))
    model.set_filter("orlavik")
    expected = [doc_id for i, doc_id in enumerate(ids) if i % 3 == 0]
    assert [model.doc_id(r) for r in range(model.rowCount())] == expected
    model.set_filter("report 1049")
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["Report 1049"]
