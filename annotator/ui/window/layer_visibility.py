"""Which layers of a project's schema, and whether the suggestions, the article paints.

An article with every entity underlined and 89 suggestions on top is hard to read: the
annotator hides what they are not working on (View > Show layers, or a click on the
legend). The choice is remembered per project, under a key made from the project file's
path: another project, with another schema perhaps, starts with everything shown.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

from annotator.core.schema import LabelSchema
from annotator.ui.common.settings import read_str, read_strings

GROUP = "layers"


def project_key(path: Path) -> str:
    """A settings group for the project at ``path``: its resolved path, hashed.

    Hashed because QSettings reads "/" in a key as a subgroup and "\\" as an escape.
    """
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:20]
    return f"{GROUP}/{digest}"


class LayerVisibility:
    """The hidden layers and suggestions of one project; every change is saved at once."""

    def __init__(self, project: Path, schema: LabelSchema) -> None:
        self._key = project_key(project)
        self._schema = schema
        settings = QSettings()
        names = {layer.name for layer in schema.layers}
        # A layer the schema no longer has (changed since) is forgotten, not kept hidden.
        self.hidden: set[str] = set(read_strings(settings, f"{self._key}/hidden")) & names
        flag = read_str(settings, f"{self._key}/suggestions", "shown", ("shown", "hidden"))
        self.suggestions_hidden = flag == "hidden"

    def show_layer(self, name: str, shown: bool) -> None:
        """Paint layer ``name`` again, or stop painting it."""
        if shown:
            self.hidden.discard(name)
        else:
            self.hidden.add(name)
        QSettings().setValue(f"{self._key}/hidden", sorted(self.hidden))

    def show_suggestions(self, shown: bool) -> None:
        """Paint the model's suggestions again, or stop painting them."""
        self.suggestions_hidden = not shown
        QSettings().setValue(f"{self._key}/suggestions", "shown" if shown else "hidden")

    def hidden_labels(self) -> set[str]:
        """The labels of the hidden layers: the article paints none of their spans."""
        return {label.name for label in self._schema.labels if label.layer in self.hidden}
