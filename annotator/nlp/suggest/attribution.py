"""Reporting verbs and reported speech: "X said (that) …", "X accused Y of …", "According to X".

Shared by the quote and claim suggesters. Everything here reads spaCy's dependency
parse; offsets handed out are code points into the document text, end exclusive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from annotator.nlp.suggest.doc_cache import text_of
from annotator.nlp.suggest.quote_marks import QuotedStretch
from annotator.nlp.suggest.speakers import speaker

#: Lemmas of verbs that report speech or writing.
REPORTING_LEMMAS = frozenset(
    {
        "say", "tell", "add", "warn", "state", "insist", "deny", "claim", "accuse", "urge",
        "call", "write", "post", "acknowledge", "admit", "announce", "confirm", "report",
        "explain", "note", "argue", "allege", "assert", "reply", "declare",
        "estimate", "predict", "promise", "vow", "threaten", "reiterate", "repeat", "stress",
        "emphasise", "emphasize", "dispute", "reject", "blame", "maintain", "contend",
        "complain", "tweet", "ask", "answer", "recall", "testify", "concede",
        "caution", "describe", "conclude", "counter", "dismiss",
    }
)  # fmt: skip
#: Verbs whose reported content is what the speaker says is untrue.
DENIAL_LEMMAS = frozenset({"deny", "reject", "dispute", "dismiss"})
#: Verbs that take the blamed act after the object: "accused X of …", "blamed X for …".
CHARGE_PREPOSITIONS = {"accuse": "of", "blame": "for"}
#: These introduce direct quotes ("what he called “…”") but never reported speech.
DIRECT_ONLY_LEMMAS = frozenset({"call", "describe", "ask", "answer"})
# "rejected claims that …": the noun that carries a denied clause.
_CLAIM_NOUNS = frozenset({"claim", "allegation", "report", "accusation", "suggestion", "charge"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_TITLES = frozenset(
    {"dr", "gen", "col", "lt", "mr", "mrs", "ms", "sgt", "capt", "maj", "prof", "st", "rev",
     "sen", "rep", "gov", "pres", "brig", "cpl", "adm", "cmdr", "dr.", "gen.", "col.", "lt."}
)  # fmt: skip
_SENTENCE_END = frozenset({".", "!", "?", ";"})
# Parts of a plain speaker noun phrase ("their employer and the government").
_NOUN_PHRASE_TAGS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "PRON", "CCONJ", "PART", "NUM"})
# Objects of "told" that name the audience rather than what was said.
_AUDIENCES = frozenset({"reporters", "journalists", "me", "us", "him", "her", "them", "wire"})
_MAX_CLIMB = 6
# "NOVA BRESKA, Valdoria (Wire) — ": a dateline is nobody's reported speech.
_DATELINE = re.compile(r"[A-ZÀ-Þ][A-ZÀ-Þ .'’-]+,[^—\n]{0,60}?—\s*")


@dataclass(frozen=True, slots=True)
class Attribution:
    """A reporting verb or phrase and, when found, the noun phrase of its speaker."""

    cue: tuple[int, int] | None  # None when inherited from a quote in another paragraph
    source: tuple[int, int] | None
    kind: str | None  # the source's kind, as the schema names it
    verb: Token  # the reporting verb itself ("according" for "according to")

    @property
    def lemma(self) -> str:
        return str(self.verb.lemma_).lower()


@dataclass(frozen=True, slots=True)
class Report:
    """Reported speech: what was said (without "that" and the final stop), and by whom."""

    content: tuple[int, int]
    attribution: Attribution


def is_sentence_end(token: Token) -> bool:
    """A full stop, question or exclamation mark or semicolon, not a title's full stop."""
    if token.text not in _SENTENCE_END:
        return False
    return token.i == 0 or token.doc[token.i - 1].lower_ not in _TITLES


def is_reporting_verb(token: Token) -> bool:
    """A verb of saying used as a verb: not "a written response", not "did not say"."""
    if token.pos_ not in {"VERB", "AUX"} or token.dep_ in {"amod", "compound"}:
        return False
    if any(child.dep_ == "neg" for child in token.children):
        return False
    return str(token.lemma_).lower() in REPORTING_LEMMAS


def inside(token: Token, quotes: Iterable[QuotedStretch]) -> bool:
    """Whether the token lies within one of ``quotes``, marks included."""
    end = token.idx + len(token.text)
    return any(q.start <= token.idx and end <= q.end for q in quotes)


def subject_of(verb: Token, quotes: list[QuotedStretch]) -> Token | None:
    """The speaker's head word: the verb's subject, inherited through "and" or "saying"."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS and not inside(child, quotes):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head  # "the shepherd, who said …" -> the shepherd
            return child
    if verb.dep_ == "relcl":
        return None  # "a decision he said would …": better no speaker than a wrong one
    if verb.dep_ == "conj":
        # "The rebels deny that they fired and say …": the parser may hang the second verb
        # on the first one's content; its speaker is the reporting verb's above it.
        node = verb.head
        for _ in range(_MAX_CLIMB):
            if is_reporting_verb(node) or node.head is node:
                break
            node = node.head
        return subject_of(node if is_reporting_verb(node) else verb.head, quotes)
    if verb.dep_ in {"advcl", "xcomp", "ccomp"} and verb.head is not verb:
        return subject_of(verb.head, quotes)
    # "…,” said Søren Åberg": the parser sometimes makes the inverted subject an object.
    for child in verb.rights:
        if child.i > verb.i + 3:
            break
        if child.pos_ in {"PROPN", "NOUN", "PRON"} and child.dep_ in {"dobj", "attr", "npadvmod"}:
            return None if inside(child, quotes) else child
    # "…, their employer and the government said.": the noun right before the verb.
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if (
        before is not None
        and before.pos_ in {"NOUN", "PROPN", "PRON"}
        and not inside(before, quotes)
    ):
        return before
    # The parse went astray ("Zubaïr, asked whether …, said"): the sentence's first subject.
    low, _ = _window(verb, quotes)
    for token in verb.doc[low : verb.i]:
        if token.dep_ in _SUBJECTS and not inside(token, quotes):
            return token
    return None


def attribution_of(verb: Token, quotes: list[QuotedStretch]) -> Attribution:
    """The cue (the verb alone) and the speaker of a reporting verb."""
    source, kind = speaker(subject_of(verb, quotes))
    return Attribution((verb.idx, verb.idx + len(verb.text)), source, kind, verb)


def _window(token: Token, quotes: list[QuotedStretch]) -> tuple[int, int]:
    """Token range of the sentence around ``token``, cut at semicolons and paragraphs.

    Counted on full stops outside quotes rather than on the parser's sentences, which
    quotation marks and paragraph breaks can throw off.
    """
    doc = token.doc
    low = token.i
    while low > 0:
        before = doc[low - 1]
        if "\n" in before.text or (is_sentence_end(before) and not inside(before, quotes)):
            break
        low -= 1
    high = token.i
    while high < len(doc):
        here = doc[high]
        if "\n" in here.text or (is_sentence_end(here) and not inside(here, quotes)):
            break
        high += 1
    return low, high


def _trimmed(tokens: list[Token], quotes: list[QuotedStretch]) -> tuple[int, int] | None:
    """Char range of ``tokens`` without a leading "that" and trailing punctuation.

    A range that ends inside a quote is stretched to the quote's closing mark, so a quote
    the parser splits stays whole.
    """

    def loose(token: Token) -> bool:
        return token.is_space or (token.is_punct and not inside(token, quotes))

    # "said (only) that …": the complementiser and what comes before it are not content.
    for index, token in enumerate(tokens[:3]):
        if token.lower_ == "that" and token.dep_ not in {"nsubj", "nsubjpass", "det", "dobj"}:
            if all(t.pos_ in {"ADV", "PUNCT"} for t in tokens[:index]):
                tokens = tokens[index + 1 :]
            break
    while tokens and loose(tokens[0]):
        tokens = tokens[1:]
    while tokens and (loose(tokens[-1]) or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = text_of(tokens[0].doc)
    for quote in quotes:
        if quote.start < end < quote.end and start <= quote.start:
            end = quote.end
        if quote.start < start < quote.end and end >= quote.end:
            start = quote.start
    # "… what he called the rebels’ “so-called ceasefire”": the parser may leave the quote out.
    gap = re.match(r"(?:’s|'s|’|')?[ \t]*", text[end:])
    after = end + (gap.end() if gap else 0)
    for quote in quotes:
        if quote.start == after and quote.depth == 0 and end > start:
            end = quote.end
    match = _DATELINE.match(text, start)
    if match and (start == 0 or text[start - 1] == "\n") and match.end() < end:
        start = match.end()
    return start, end


def _clause_tokens(root: Token, verb: Token, quotes: list[QuotedStretch]) -> list[Token]:
    """The clause under ``root`` as a run of tokens in the verb's sentence.

    It stops before a second reporting verb joined on ("deny that … and say …"): that
    verb reports a content of its own. A clause around the verb itself ("the village,
    which the army said had been used …") is no content.
    """
    low, high = _window(verb, quotes)
    if not low <= root.i < high:
        return []
    if root.dep_ == "mark":
        indices = list(range(root.i, high))
    else:
        indices = [t.i for t in root.subtree if low <= t.i < high]
    if root.i > verb.i:
        for extra in _further_clauses(verb):
            indices += [t.i for t in extra.subtree if low <= t.i < high]
    if min(indices) <= verb.i <= max(indices):
        return []
    tokens = list(root.doc[min(indices) : max(indices) + 1])
    for index, token in enumerate(tokens):
        joined = token.i > root.i and token.dep_ == "conj"
        if joined and is_reporting_verb(token) and not inside(token, quotes):
            return tokens[:index]
    return tokens


def _content_roots(verb: Token) -> Iterator[Token]:
    """Clauses a reporting verb may report: its clausal complements, "accused X of [it]"."""
    lemma = str(verb.lemma_).lower()
    preposition = CHARGE_PREPOSITIONS.get(lemma)
    objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
    if preposition is not None:
        for holder in (verb, *objects):
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ == preposition:
                    yield from (c for c in child.children if _reported_act(c, lemma))
    if lemma in DIRECT_ONLY_LEMMAS:
        return
    if lemma in DENIAL_LEMMAS:
        # "denied shelling the village": the gerund is what is denied ("denies shelling
        # claims" denies claims, a noun phrase).
        for child in verb.children:
            objects = [c for c in child.children if c.dep_ == "dobj"]
            claimed = any(o.lemma_.lower() in _CLAIM_NOUNS for o in objects)
            if child.dep_ == "xcomp" and child.tag_ == "VBG" and not claimed:
                yield child
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if lemma in DENIAL_LEMMAS:
        for noun in objects:
            if str(noun.lemma_).lower() in _CLAIM_NOUNS:
                clauses += [c for c in noun.children if c.dep_ in {"acl", "ccomp", "relcl"}]
    # "said in a written response to questions that …": the parser may hang the clause
    # on a noun in between; the first "that" after the verb still opens it.
    doc = verb.doc
    for token in doc[verb.i + 1 : verb.i + 12]:
        opens = token.i + 1 < len(doc) and not doc[token.i + 1].is_punct  # not "disputed that,"
        if token.lower_ == "that" and token.dep_ == "mark" and token.head.i > token.i and opens:
            clauses.append(token)  # the clause is then the rest of the sentence
            break
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"amod", "acl"}:
            break
    for clause in clauses:
        # A clause without a subject is a fragment ("a decision he said would …").
        subject = any(t.dep_ in _CLAUSE_SUBJECTS and t.i < clause.i for t in clause.subtree)
        if clause.dep_ == "mark" or subject:
            yield clause


def _reported_act(token: Token, lemma: str) -> bool:
    """What "accused X of" or "blamed X for" reports: what follows "of", or the act after
    "for" ("for shelling the market"), not a noun alone ("blamed X for the attack", where
    the attack is the verb's object, not something said)."""
    if token.dep_ == "pcomp" or token.tag_ == "VBG":
        return True
    if token.dep_ != "pobj":
        return False
    return lemma != "blame" or token.left_edge.tag_ == "VBG"


def _further_clauses(verb: Token) -> list[Token]:
    """Second contents joined on: "said that A and that B" parsed as "said … and [B]"."""
    return [
        child
        for child in verb.children
        if child.dep_ == "conj"
        and child.i > verb.i
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
    ]


def _parenthetical(verb: Token, quotes: list[QuotedStretch]) -> list[Token]:
    """The content before "…, officials said" or "…, said the ministry"; [] if none.

    The parser often hangs such a verb beside the clause rather than above it.
    """
    lemma = str(verb.lemma_).lower()
    if lemma in DIRECT_ONLY_LEMMAS or lemma in DENIAL_LEMMAS or lemma in CHARGE_PREPOSITIONS:
        return []
    if any(c.dep_ == "dobj" and c.lower_ not in _AUDIENCES for c in verb.children):
        return []  # "residents told a different story"
    low, high = _window(verb, quotes)
    doc = verb.doc
    for token in doc[verb.i + 1 : high]:
        if token.text == ",":
            break
        if token.pos_ in {"VERB", "AUX"}:
            return []  # "a decision he said would affect …": the verb opens a clause
    first = verb.i  # where the speaker's noun phrase starts, if it comes first
    while first - 1 > low and doc[first - 1].pos_ in _NOUN_PHRASE_TAGS:
        first -= 1
    comma = doc[first - 1]
    if first - 1 <= low or comma.text != "," or inside(comma, quotes):
        return []
    tokens = list(doc[low : first - 1])
    return tokens if any(t.pos_ in {"VERB", "AUX"} for t in tokens) else []


def reported_speech(doc: Doc, quotes: list[QuotedStretch]) -> list[Report]:
    """Every "X said (that) …", "X accused Y of …", "X denied that …", "According to X, …".

    The content is left out when it lies wholly inside one quotation: that is a direct
    quote, and the quote suggester attributes it itself.
    """
    reports: list[Report] = []
    for verb in doc:
        if not is_reporting_verb(verb) or inside(verb, quotes):
            continue
        if any(child.dep_ in {"nsubjpass", "auxpass"} for child in verb.children):
            continue  # "he was accused of …": the speaker is not named
        # The parser's sentences can run over a paragraph break: take the first clause
        # that lies in the verb's own sentence.
        clauses = (_clause_tokens(root, verb, quotes) for root in _content_roots(verb))
        tokens = next((c for c in clauses if c), None)
        content = _trimmed(tokens or _parenthetical(verb, quotes), quotes)
        if content is None or any(q.depth == 0 and q.contains(*content) for q in quotes):
            continue
        reports.append(Report(content, attribution_of(verb, quotes)))
    reports.extend(_according_to(doc, quotes))
    return sorted(reports, key=lambda r: r.content)


def _according_to(doc: Doc, quotes: list[QuotedStretch]) -> Iterator[Report]:
    """ "According to X, Y." and "Y, according to X.": Y is what X reports."""
    for token in doc[:-1]:
        follower = doc[token.i + 1]
        if token.lower_ != "according" or follower.lower_ != "to" or inside(token, quotes):
            continue
        low, high = _window(token, quotes)
        if token.i > low:
            content = list(doc[low : token.i])  # "Y, according to X."
        else:
            phrase_end = max(t.i for t in token.subtree if t.i < high)
            content = list(doc[phrase_end + 1 : high])  # "According to X, Y."
        span = _trimmed(content, quotes)
        if span is None:
            continue
        source, kind = speaker(next((c for c in follower.children if c.dep_ == "pobj"), None))
        cue = (token.idx, follower.idx + len(follower.text))
        yield Report(span, Attribution(cue, source, kind, token))
