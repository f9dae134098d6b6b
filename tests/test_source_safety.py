"""The source never builds SQL from user values, nor deserialises user files unsafely.

SQL: every ``execute``/``executemany``/``executescript``/``query`` call whose statement is
built at run time (an f-string, ``%``, ``.format``, ``+`` of non-constants, or a variable
holding one) must be on the reviewed list below, which names each interpolated
expression and says why it cannot carry user text. A new call site, or a new
expression interpolated at a reviewed one, fails until someone has looked at it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import annotator

PACKAGE = Path(annotator.__file__).parent
_EXECUTES = {"execute", "executemany", "executescript", "query"}

_MARKS = "'?,?,...': one ? mark per value"
_COLUMN_LIST = "a column list in the code"
_PRAGMA_NUMBER = "a PRAGMA takes no ? parameters: a number the code computed"
_CATALOGUE = "table and column names from SQLite's foreign_key_check/_list, bracket-quoted"
_CASE = "CASE column WHEN ? THEN ? ... END from _case: marks and a column name in the code"

# (file, function, interpolated expressions) -> why none of them can carry user text.
# Values always go in as ? parameters; what is interpolated is a placeholder list, a
# column list or table name from the code, or a number the code computed.
REVIEWED: dict[tuple[str, str, tuple[str, ...]], str] = {
    ("review/gold.py", "_humans_with", ("marks",)): _MARKS,
    ("review/merge.py", "_copy_document", ("_DOC_COLUMNS",)): _COLUMN_LIST,
    ("review/merge.py", "_copy_layers", ("marks",)): _MARKS,
    ("review/merge.py", "_copy_layers", ("table",)): "a loop over four table names in the code",
    ("store/annotations.py", "get_span", ("_SPAN_COLUMNS",)): _COLUMN_LIST,
    ("store/annotations.py", "spans_of", ("_SPAN_COLUMNS",)): _COLUMN_LIST,
    ("store/annotations.py", "model_spans", ("_SPAN_COLUMNS",)): _COLUMN_LIST,
    ("store/relations.py", "get_relation", ("_COLUMNS",)): _COLUMN_LIST,
    ("store/relations.py", "relations_of", ("_COLUMNS",)): _COLUMN_LIST,
    ("store/relations.py", "relations_touching", ("_COLUMNS",)): _COLUMN_LIST,
    ("store/documents.py", "get_analysis", ("', syntax' if syntax else ''",)): (
        "one of two column lists in the code"
    ),
    ("store/documents.py", "docs_without_analysis", ("condition",)): (
        "one of two WHERE clauses in the code"
    ),
    ("store/export.py", "export_ids", ("marks",)): _MARKS,
    ("store/listing.py", "doc_rows", ("marks",)): _MARKS,
    ("store/team_link.py", "read_link", ("_LINK_COLUMNS",)): _COLUMN_LIST,
    ("store/team_link.py", "read_layers", ("where",)): (
        "'WHERE annotator_id = ? AND doc_id IN (?,?,...)': marks only"
    ),
    (
        "store/team_link.py",
        "replace_layers",
        ("table",),
    ): "a loop over four table names in the code",
    ("store/team_link.py", "hashes", ("_in(doc_ids)",)): _MARKS,
    ("team/hub.py", "_ensure_database", (".format(sql.Identifier(name))",)): (
        "psycopg's sql.Identifier quotes the database name as an identifier"
    ),
    ("team/hub.py", "create_hub", ("the variable DDL",)): "the hub's tables, team/hub_tables.py",
    ("team/pull.py", "_layer_rows.read", ("columns", "table", "pairs")): (
        "column lists and table names from the four calls below it; pairs is a constant "
        "query with %s parameters"
    ),
    ("ledger/proposals.py", "_profiles", ("where",)): (
        "'' or ' AND s.doc_id IN (?,?,...)': marks only"
    ),
    (
        "ledger/reading.py",
        "read_entries",
        (
            ".format(people=','.join('?' * len(people)))",
            ".format(documents=_OF_DOCUMENTS if some else '')",
        ),
    ): _MARKS + "; and a constant clause or none",
    (
        "ledger/reading.py",
        "choose_layers",
        ("','.join('?' * len(chosen))", "','.join('?' * len(chosen))"),
    ): _MARKS,
    ("store/db.py", "_configure", ("int(busy_timeout_ms)",)): _PRAGMA_NUMBER,
    ("store/db.py", "_open_existing", ("int(busy_timeout_ms)",)): _PRAGMA_NUMBER,
    ("store/db.py", "_upgrade", ("target",)): _PRAGMA_NUMBER + " (a migration's version)",
    ("store/db.py", "_upgrade", ("the variable statement",)): (
        "the statements of the migration scripts in store/migrations.py"
    ),
    ("store/backup.py", "integrity", ("pragma",)): (
        "callers pass 'integrity_check' or 'quick_check'"
    ),
    ("store/check.py", "_row_name", ("columns", "table")): (
        "_ROW_NAMES's column lists; the table name from SQLite's foreign_key_check, "
        "bracket-quoted: names of the file's own tables, never of its rows"
    ),
    ("store/check.py", "orphans", ("table",)): _CATALOGUE,
    ("store/check.py", "orphans", ("column", "table")): _CATALOGUE,
    ("store/repair.py", "_delete", ("problem.table",)): (
        "a table name the check found (its fixed set or SQLite's catalogue), bracket-quoted"
    ),
    ("store/schema_change.py", "_used", ("table",)): "callers pass 'spans' or 'relations'",
    ("store/annotations.py", "add_span_rows", ("_bulk_insert(count, ids)",)): (
        "an INSERT of a row count the code chooses (16 to 128), with or without the id column"
    ),
    ("training/corpus.py", "training_docs", ("','.join('?' * len(chosen))",)): _MARKS,
    (
        "store/schema_change.py",
        "plan_change",
        ("spans_of", "spans_of", "','.join('?' * len(gone))"),
    ): (_MARKS + ", inside a subquery made of marks too"),
    ("store/schema_change.py", "plan_change", ("label_case",)): _CASE,
    ("store/schema_change.py", "plan_change", ("link_case",)): _CASE,
    ("store/schema_change.py", "_rename_links", ("case", "marks")): _CASE + "; " + _MARKS,
    ("store/schema_change.py", "apply_change", ("case", "marks")): _CASE + "; " + _MARKS,
    ("store/schema_change.py", "apply_change", ("table", "marks")): (
        "a loop over 'spans' and 'relations'; " + _MARKS
    ),
}


@dataclass(frozen=True)
class Site:
    path: str  # relative to the package
    function: str
    line: int
    interpolated: tuple[str, ...]  # the expressions put into the SQL text
    how: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function}(): {self.how} {self.interpolated}"


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """(qualified name, node) of every function, and the module itself as ''."""
    yield "", tree
    stack: list[tuple[str, ast.AST]] = [("", tree)]
    while stack:
        prefix, node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}.{child.name}" if prefix else child.name
                if not isinstance(child, ast.ClassDef):
                    yield name, child
                stack.append((name, child))
            else:
                stack.append((prefix, child))


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``function`` outside any function nested in it."""
    for child in ast.iter_child_nodes(function):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        yield child
        yield from _own_nodes(child)


class _Scope:
    """Resolves names used as SQL: module constants and the function's own assignments."""

    def __init__(self, module: ast.Module, function: ast.AST) -> None:
        self.constants = {
            target.id: node.value
            for node in module.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        self.locals: dict[str, list[ast.expr]] = {}
        for node in _own_nodes(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.locals.setdefault(target.id, []).append(node.value)
            elif (
                isinstance(node, ast.AnnAssign | ast.AugAssign)
                and node.value is not None
                and isinstance(node.target, ast.Name)
            ):
                self.locals.setdefault(node.target.id, []).append(node.value)
        arguments = getattr(function, "args", None)
        self.parameters = (
            {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
            if isinstance(arguments, ast.arguments)
            else set()
        )


def _dynamic(node: ast.expr, scope: _Scope, seen: frozenset[str] = frozenset()) -> list[str]:
    """The expressions interpolated into the SQL ``node`` builds ([] when it is constant)."""
    if isinstance(node, ast.Constant):
        return []
    if isinstance(node, ast.JoinedStr):
        return [
            ast.unparse(part.value) for part in node.values if isinstance(part, ast.FormattedValue)
        ]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _dynamic(node.left, scope, seen) + _dynamic(node.right, scope, seen)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return [f"% {ast.unparse(node.right)}"]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "format":
            return [f".format({ast.unparse(a)})" for a in (*node.args, *node.keywords)]
        if node.func.attr == "join":
            return [f"join({ast.unparse(a)})" for a in node.args]
    if isinstance(node, ast.Name) and node.id not in seen:
        if node.id in scope.locals:
            found = []
            for value in scope.locals[node.id]:
                found += _dynamic(value, scope, seen | {node.id})
            return found
        if node.id in scope.constants and node.id not in scope.parameters:
            return _dynamic(scope.constants[node.id], scope, seen | {node.id})
        return [f"the variable {node.id}"]
    if isinstance(node, ast.IfExp):
        return _dynamic(node.body, scope, seen) + _dynamic(node.orelse, scope, seen)
    return [ast.unparse(node)]


def dynamic_sql_sites() -> list[Site]:
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        relative = path.relative_to(PACKAGE).as_posix()
        for name, function in _functions(module):
            scope = _Scope(module, function)
            for node in _own_nodes(function):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in _EXECUTES
                    and node.args
                ):
                    continue
                interpolated = _dynamic(node.args[0], scope)
                if interpolated:
                    how = type(node.args[0]).__name__
                    sites.append(Site(relative, name, node.lineno, tuple(interpolated), how))
    return sites


def test_sql_is_built_from_user_values_nowhere() -> None:
    unreviewed = [
        str(site)
        for site in dynamic_sql_sites()
        if (site.path, site.function, site.interpolated) not in REVIEWED
    ]
    assert unreviewed == [], "SQL built at run time that nobody has reviewed:\n" + "\n".join(
        unreviewed
    )


def test_the_reviewed_list_has_no_stale_entries() -> None:
    found = {(s.path, s.function, s.interpolated) for s in dynamic_sql_sites()}
    assert [key for key in REVIEWED if key not in found] == []


def test_the_scanner_catches_sql_built_from_values() -> None:
    """The check itself: each way of building SQL from a value is found."""
    source = """
TABLE = "spans"
def f(db, title, ids):
    db.execute(f"SELECT * FROM documents WHERE title = '{title}'")
    db.execute("SELECT * FROM documents WHERE title = '%s'" % title)
    db.execute("SELECT * FROM documents WHERE title = '{}'".format(title))
    db.execute("SELECT * FROM documents WHERE title = '" + title + "'")
    sql = f"DELETE FROM spans WHERE id IN ({ids})"
    db.conn.executemany(sql, [])
    db.execute(title)
    db.execute("SELECT 1 FROM " + TABLE, [title])
    db.execute("SELECT 1 WHERE title = ?", [title])
"""
    module = ast.parse(source)
    function = module.body[1]
    scope = _Scope(module, function)
    calls = [
        n
        for n in _own_nodes(function)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    ]
    found = [_dynamic(call.args[0], scope) for call in calls if call.func.attr in _EXECUTES]
    assert found == [
        ["title"],
        ["% title"],
        [".format(title)"],
        ["the variable title"],
        ["ids"],
        ["the variable title"],
        [],
        [],
    ]


# --- deserialising user files -------------------------------------------------------------

#: Calls that run code, or build arbitrary objects from the data they read.
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__"}
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "marshal", "shelve", "jsonpickle"}
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all"}


def _unsafe_uses(source: str, where: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, f"imports {alias.name}")
                for alias in node.names
                if alias.name.split(".")[0] in UNSAFE_MODULES
            ]
        elif isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            names = {alias.name for alias in node.names}
            if top in UNSAFE_MODULES or (top == "yaml" and names & UNSAFE_YAML):
                found.append((node.lineno, f"imports from {node.module}"))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in UNSAFE_CALLS:
                found.append((node.lineno, f"calls {func.id}()"))
            elif isinstance(func, ast.Attribute):
                owner = ast.unparse(func.value).split(".")[-1]
                if (owner in UNSAFE_MODULES and func.attr in {"load", "loads", "Unpickler"}) or (
                    owner == "yaml" and func.attr in UNSAFE_YAML
                ):
                    found.append((node.lineno, f"calls {owner}.{func.attr}()"))
    return [f"{where}:{line}: {what}" for line, what in sorted(found)]


def test_no_module_evaluates_or_unpickles_what_it_reads() -> None:
    offenders = [
        use
        for path in sorted(PACKAGE.rglob("*.py"))
        for use in _unsafe_uses(path.read_text(encoding="utf-8"), str(path))
    ]
    assert offenders == []


def test_the_unsafe_use_check_finds_each_kind() -> None:
    source = (
        "import pickle\nfrom yaml import load\nimport marshal as m\n"
        "eval('1')\nexec('x = 1')\npickle.loads(b'')\nyaml.load('')\n"
        "yaml.safe_load('')\ndialog.exec()\nre.compile('x')\n"
    )
    assert _unsafe_uses(source, "x.py") == [
        "x.py:1: imports pickle",
        "x.py:2: imports from yaml",
        "x.py:3: imports marshal",
        "x.py:4: calls eval()",
        "x.py:5: calls exec()",
        "x.py:6: calls pickle.loads()",
        "x.py:7: calls yaml.load()",
    ]
