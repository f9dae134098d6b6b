"""One casualty figure as the casualty suggester reads it, before it becomes a span."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from annotator.nlp.suggest.casualty_patterns import NumberExpr


@dataclass(eq=False)
class Figure:
    """A number expression that may count casualties, and what is known about it so far."""

    expr: NumberExpr
    end: int  # token index after the span: the number with its victim noun phrase
    anchor: Token  # the token that carries the figure's role in the clause
    noun: Token | None  # the victim noun ('militants', or 'people' in 'dozens of people')
    paragraph: int
    outcome: str | None = None
    clause: Token | None = None  # the verb (or copula) whose clause the figure is in
    anaphoric: bool = False
    subset: bool = False
    total: Figure | None = None
    victims: str = "unknown"
    scope: str = "incident"
    #: 'N of them', 'N of the dead': counts part of a group named after 'of'.
    partitive: bool = False
    #: Read from a headline or a tracker line by pattern: the parse is not consulted.
    fixed: bool = False
    #: For fixed figures: who gave it (token range of the source), when the line says.
    source: tuple[int, int] | None = None

    @property
    def start(self) -> int:
        """The figure's first token (its qualifier's, if it has one)."""
        return self.expr.start

    def owns(self, token: Token) -> bool:
        """Whether ``token`` is part of the figure: its number, qualifier or victim noun."""
        return self.expr.start <= token.i < self.end or (
            self.noun is not None and token.i == self.noun.i
        )
