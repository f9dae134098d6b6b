"""Rule-based suggesters over the spaCy parse: quotes, casualty figures and claims.

They need no training and no network; their output is kept apart from annotations
until a person accepts it. What each proposes is declared in
:mod:`annotator.core.suggesters`, which tells a project whose schema cannot hold it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from spacy.tokens import Doc

from annotator.core.suggesters import SUGGESTERS
from annotator.core.suggestions import Proposal


def runners() -> Mapping[str, Callable[[Doc], Proposal]]:
    """The function of each suggester, by its name in the registry (``SUGGESTERS``)."""
    # Imported on first use, as before: importing the package alone stays cheap.
    from annotator.nlp.suggest.casualty import suggest_casualties
    from annotator.nlp.suggest.claims import suggest_claims
    from annotator.nlp.suggest.quotes import suggest_quotes

    return {"quote": suggest_quotes, "casualty": suggest_casualties, "claim": suggest_claims}


def suggest(doc: Doc) -> Proposal:
    """Everything the suggesters propose for one parsed document, in the registry's order."""
    by_name = runners()
    proposal = Proposal()
    for suggester in SUGGESTERS:
        proposal.extend(by_name[suggester.name](doc))
    return proposal
