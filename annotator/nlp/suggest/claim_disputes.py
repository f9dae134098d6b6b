"""Which reported statements are claims: the ones the article shows disputed, or that blame.

Most reported speech is ordinary attributed description ('officials said the road was
closed') and no claim. A reported statement is one when the article shows it disputed or
wrong: 'early reports wrongly said …'; two sides contradicting each other ('the army said
…, but villagers said …'); a denial in its sentence ('denied shelling Tarn, where residents
said …'); a later denial aimed back at it ('The Brigade denied the report', 'rejected the
figure', 'disputed that') or echoing its words ('… the powers have been abused. … denied
that the powers had been misused'); a counter-statement joined to such a denial; a
negation answering an accusation ('said none of its fighters had been killed'); or words of
blame ('held X responsible', 'used the riots as a pretext') or of a grave act by someone
('fighters had shot the five men').
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from annotator.core.casualty_words import words
from annotator.nlp.suggest.attribution import Attribution
from annotator.nlp.suggest.claim_acts import WRONGDOING, grave_act, negated
from annotator.nlp.suggest.claim_verbs import ACCUSING, DENYING, VerbClaim, objects_of
from annotator.nlp.suggest.doc_cache import sentence_of
from annotator.nlp.suggest.headline_speech import headline
from annotator.nlp.suggest.quotes import QuoteCandidate

#: Words marking a report the article shows wrong or unconfirmed.
WRONG_MARKERS = words("wrongly falsely erroneously mistakenly incorrectly initially")
_EARLY = words("early initial first unconfirmed")
#: Words of blame inside a reported statement: 'held Ferrula responsible for …'.
BLAME_WORDS = words(
    "responsible responsibility blame culpable pretext deliberately staged fabricated "
    "propaganda lying lies cover-up whitewash"
)
#: Objects of a denial that point back at a statement made before it.
_POINTERS = words("report reports account figure figures toll claim claims loss losses story")
_THAT = words("that this it")
_CONTRASTS = words("but while whereas although")
# How many statements back a denial's words may echo one: 'the powers have been abused …
# (another statement) … denied that the powers had been misused'.
_ECHO_REACH = 4
# Nouns too common in war reporting to tie a denial to a statement by themselves.
_GENERIC = words(
    "people man men woman women official officials government army day year strike attack "
    "raid bombing shelling blast explosion offensive operation"
)
_MODALS = words("will would shall 'll")


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """A claim found among the quotes: where, how it is held, by whom."""

    start: int
    end: int
    modality: str
    attribution: Attribution | None
    verb: str | None = None  # the lemma of the verb of accusing or denying, if any


@dataclass(frozen=True, slots=True)
class _Context:
    """What a statement is judged against: the denials and accusations around it."""

    verbs: Sequence[VerbClaim]
    targeted: set[int]
    wrong: list[Span]
    contrasted: set[int]


def disputed_reports(
    doc: Doc, candidates: Sequence[QuoteCandidate], verbs: Sequence[VerbClaim]
) -> list[ClaimSpan]:
    """The reported statements (indirect and mixed quotes) that are claims."""
    reports = [c for c in candidates if c.type != "direct" and c.attribution is not None]
    wrong = [sentence_of(r.attribution.verb) for r in reports if r.attribution and _wrong(r)]
    context = _Context(
        verbs, _denied_statements(doc, reports, verbs), wrong, _contrasted(doc, reports)
    )
    found = []
    for report in reports:
        # Words inside a claim found through its verb ('…, which it blamed on …') are that
        # claim's, not the statement's.
        tokens = _tokens(doc, report.start, report.end)
        own = [t for t in tokens if not any(v.start <= t.idx < v.end for v in verbs)]
        modality = _modality(report, own, context) if own else None
        if modality is None or report.attribution is None:
            continue
        for start, end in _parts(tokens, modality):
            found.append(ClaimSpan(start, end, modality, report.attribution))
    return found


def _modality(report: QuoteCandidate, tokens: list[Token], context: _Context) -> str | None:
    """How a reported statement is held if it is a claim, or None if it is not one."""
    verb = report.attribution.verb if report.attribution else None
    if verb is None or verb.lemma_.lower() in ACCUSING | DENYING:
        return None  # the verb's own claim is found through the verb
    sentence = sentence_of(verb)
    near = [v for v in context.verbs if _near(sentence_of(v.verb), sentence)]
    factual = not any(t.lower_ in _MODALS for t in tokens)
    disputed = near or any(_near(s, sentence) for s in context.wrong)
    if factual and negated(tokens) and (disputed or _denies_act(tokens)):
        return "denied"
    if _wrong(report) or report.start in context.targeted or report.start in context.contrasted:
        return "asserted"
    if _counter(verb, context.verbs) or _beside_denial(report, verb, near, sentence):
        return "asserted"
    if _blaming(tokens) or grave_act(tokens):
        return "asserted"
    return None


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _previous(sentence: Span) -> Span | None:
    """The sentence before ``sentence``, if any."""
    before = sentence.start - 1
    while before > 0 and sentence.doc[before].is_space:
        before -= 1
    return sentence_of(sentence.doc[before]) if before >= 0 else None


def _near(one: Span, other: Span) -> bool:
    """Whether two sentences are the same or next to each other."""
    if one.start == other.start:
        return True
    first, second = (one, other) if one.start < other.start else (other, one)
    previous = _previous(second)
    return previous is not None and previous.start == first.start


def _wrong(report: QuoteCandidate) -> bool:
    """'wrongly said', 'initially reported', 'Early reports said'."""
    verb = report.attribution.verb if report.attribution else None
    if verb is None:
        return False
    if any(c.dep_ == "advmod" and c.lower_ in WRONG_MARKERS for c in verb.children):
        return True
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        early = any(c.lower_ in _EARLY for c in subject.children)
        if subject.lemma_.lower() in ("report", "rumour", "rumor") and early:
            return True
    return False


def _counter(verb: Token, verbs: Sequence[VerbClaim]) -> bool:
    """'rejected the ministry’s account and said …', 'disputed that, saying …': the answer
    to a statement the denial points back at."""
    head = verb.head
    joined = verb.dep_ in ("conj", "advcl", "ccomp") and head.lemma_.lower() in DENYING
    return joined and any(v.verb.i == head.i and _points_back(v.verb) for v in verbs)


def _beside_denial(
    report: QuoteCandidate, verb: Token, near: Sequence[VerbClaim], sentence: Span
) -> bool:
    """'denied shelling Tarn, where residents said …': someone else's statement in the
    sentence of a denial."""
    for claim in near:
        if claim.modality != "denied" or sentence_of(claim.verb).start != sentence.start:
            continue
        own = (
            verb.i == claim.verb.i
            or any(a.i == claim.verb.i for a in verb.ancestors)
            or (claim.verb.dep_ == "conj" and claim.verb.head.i == verb.i)
        )
        if not own and not claim.start <= report.start < claim.end:
            return True
    return False


def _denies_act(tokens: Sequence[Token]) -> bool:
    """'it has never targeted civilians': a grave act said not to have happened."""
    return any(t.pos_ == "VERB" and t.lemma_.lower() in WRONGDOING for t in tokens)


def _blaming(tokens: Sequence[Token]) -> bool:
    return any(t.lower_ in BLAME_WORDS or t.lemma_.lower() in BLAME_WORDS for t in tokens)


def _parts(tokens: list[Token], modality: str) -> Iterator[tuple[int, int]]:
    """The statement, or the part of it that makes it a claim: in 'it had documented 23
    incidents and that the army bore responsibility', the second."""
    cuts = [
        i
        for i in range(1, len(tokens))
        if tokens[i].lower_ == "that" and tokens[i - 1].lower_ == "and"
    ]
    pieces = []
    start = 0
    for cut in [*cuts, len(tokens)]:
        piece = tokens[start + (start > 0) : cut]
        if any(t.lower_ in _MODALS for t in piece) and len(cuts) > 0:
            piece = []  # 'the talks would "continue as planned"': a forecast, not a fact
        while piece and (piece[-1].is_punct or piece[-1].lower_ == "and"):
            if piece[-1].text in "”’\"'" and any(t.text in "“‘\"'" for t in piece[:-1]):
                break  # the closing mark of a quoted fragment stays
            piece = piece[:-1]
        if piece:
            pieces.append(piece)
        start = cut
    judge = negated if modality == "denied" else _blames_or_accuses
    wanted = [p for p in pieces if judge(p)]
    for piece in wanted or pieces:
        yield piece[0].idx, piece[-1].idx + len(piece[-1].text)


def _blames_or_accuses(tokens: Sequence[Token]) -> bool:
    return _blaming(tokens) or grave_act(tokens)


def _points_back(verb: Token) -> bool:
    """'denied the report', 'rejected the figure', 'disputed that', 'a figure … rejected'."""
    objects = objects_of(verb) + [c for c in verb.children if c.dep_ == "xcomp"]
    nouns = {o.lemma_.lower() for o in objects} | {o.lower_ for o in objects}
    if verb.dep_ == "relcl":
        nouns.add(verb.head.lemma_.lower())
    doc = verb.doc
    after = doc[verb.i + 1 : verb.i + 3]
    pronoun = len(after) == 2 and after[0].lower_ in _THAT and after[1].text in ",;."
    that = bool(nouns & _THAT) and objects[0].dep_ != "mark"
    return bool(nouns & _POINTERS) or pronoun or that


def _denied_statements(
    doc: Doc, reports: Sequence[QuoteCandidate], verbs: Sequence[VerbClaim]
) -> set[int]:
    """Starts of the statements denials aim at: the last one before a denial that points
    back ('The Brigade denied the report', 'a claim the government denies'), and earlier
    ones whose words a denial's own clause echoes ('denied that the powers had been
    misused' after 'the powers have been abused')."""
    targeted: set[int] = set()
    for verb in (t for t in doc if t.pos_ == "VERB" and t.lemma_.lower() in DENYING):
        if _points_back(verb):
            target = _pointed_at(verb, _before(reports, verb))
            if target is not None:
                targeted.add(target.start)
    for claim in verbs:
        if claim.modality != "denied" or _points_back(claim.verb):
            continue
        echoed = _content_words(_tokens(doc, claim.start, claim.end))
        for report in _before(reports, claim.verb)[-_ECHO_REACH:]:
            if echoed & _content_words(_tokens(doc, report.start, report.end)):
                targeted.add(report.start)
    return targeted


def _before(reports: Sequence[QuoteCandidate], verb: Token) -> list[QuoteCandidate]:
    """The statements made before ``verb``, by other verbs."""
    return [
        r
        for r in reports
        if r.start < verb.idx and r.attribution is not None and r.attribution.verb.i != verb.i
    ]


def _pointed_at(verb: Token, earlier: Sequence[QuoteCandidate]) -> QuoteCandidate | None:
    """The statement 'denied the report' answers: the last one in the three sentences before
    (by whoever the object names: 'rejected the observatory’s figures')."""
    sentence = sentence_of(verb)
    reach = [sentence.start]
    for _ in range(3):
        previous = _previous(sentence)
        if previous is None or previous.start == sentence.start:
            break
        sentence = previous
        reach.append(sentence.start)
    recent = [
        r
        for r in earlier
        if r.attribution
        and r.attribution.lemma not in ACCUSING | DENYING
        and sentence_of(r.attribution.verb).start in reach
        and not any(t.lower_ in _MODALS for t in _tokens(verb.doc, r.start, r.end))
    ]
    owners = [c for o in verb.children if o.dep_ == "dobj" for c in o.children if c.dep_ == "poss"]
    named = [r for r in recent if owners and owners[0].lower_ in _source_text(r)]
    found = named or recent
    return found[-1] if found else None


def _source_text(report: QuoteCandidate) -> str:
    source = report.attribution.source if report.attribution else None
    if source is None or report.attribution is None:
        return ""
    return report.attribution.verb.doc.text[source[0] : source[1]].lower()


def _content_words(tokens: Sequence[Token]) -> set[str]:
    return {
        t.lemma_.lower()
        for t in tokens
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() not in _GENERIC
    }


def _contrasted(doc: Doc, reports: Sequence[QuoteCandidate]) -> set[int]:
    """'The army said X, but villagers said Y'; in a headline 'Army says X; villagers say Y'."""
    found: set[int] = set()
    head = headline(doc)
    for one, two in pairwise(reports):
        a, b = one.attribution, two.attribution
        if a is None or b is None or a.source is None or b.source is None:
            continue
        if a.source == b.source or {a.lemma, b.lemma} & (ACCUSING | DENYING):
            continue
        between = doc[min(a.verb.i, b.verb.i) : max(a.verb.i, b.verb.i)]
        same = sentence_of(a.verb).start == sentence_of(b.verb).start
        contrast = same and any(t.lower_ in _CONTRASTS for t in between)
        in_head = head is not None and a.verb.i < head.end and b.verb.i < head.end
        if contrast or (in_head and any(t.text == ";" for t in between)):
            found |= {one.start, two.start}
    return found
