"""Rule-based suggesters over the spaCy parse: quotes, casualty figures and claims.

They need no training and no network; their output is kept apart from annotations
until a person accepts it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from annotator.core.suggestions import Proposal


def suggest(doc: Doc) -> Proposal:
    """Everything the suggesters propose for one parsed document."""
    from annotator.nlp.suggest.casualty import suggest_casualties
    from annotator.nlp.suggest.claims import suggest_claims
    from annotator.nlp.suggest.quotes import suggest_quotes

    proposal = Proposal()
    for part in (suggest_quotes(doc), suggest_casualties(doc), suggest_claims(doc)):
        proposal.extend(part)
    return proposal
