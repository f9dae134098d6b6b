"""The quote suggester on hand-written sentences: the quotes, speakers and cues a user sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import Origin, Span
from annotator.core.schema import LabelSchema
from annotator.core.suggestions import Proposal
from annotator.nlp.loading import Pipeline
from annotator.nlp.suggest.quote_marks import find_quotes
from annotator.nlp.suggest.quotes import suggest_quotes
from tests.conftest import SAMPLE_DOCS


class Suggested:
    """A proposal read back as text: what the user would see highlighted and linked."""

    def __init__(self, model: Pipeline, text: str) -> None:
        self.text = text
        self.proposal: Proposal = suggest_quotes(model.nlp(text))

    def texts(self, label: str) -> list[str]:
        return [s.text_in(self.text) for s in self.proposal.spans if s.label == label]

    def quotes(self, kind: str | None = None) -> list[str]:
        return [
            s.text_in(self.text)
            for s in self.proposal.spans
            if s.label == "QUOTE" and (kind is None or s.attrs["type"] == kind)
        ]

    def index(self, label: str, text: str) -> int:
        found = [
            i
            for i, s in enumerate(self.proposal.spans)
            if s.label == label and s.text_in(self.text) == text
        ]
        assert len(found) == 1, (label, text, self.texts(label))
        return found[0]

    def span(self, label: str, text: str) -> Span:
        return self.proposal.spans[self.index(label, text)]

    def linked(self, quote: str, relation: str) -> list[int]:
        head = self.index("QUOTE", quote)
        return [r.child for r in self.proposal.relations if r.head == head and r.label == relation]

    def source(self, quote: str) -> list[str]:
        return [
            self.proposal.spans[i].text_in(self.text) for i in self.linked(quote, "ATTRIBUTED_TO")
        ]

    def cue(self, quote: str) -> list[str]:
        return [self.proposal.spans[i].text_in(self.text) for i in self.linked(quote, "HAS_CUE")]


def test_curly_quote_with_inverted_speaker_keeps_the_title(model: Pipeline) -> None:
    got = Suggested(model, "“We will not retreat,” said Gen. Ahmed Zubaïr, the rebel commander.")
    assert got.quotes("direct") == ["“We will not retreat,”"]
    assert got.source("“We will not retreat,”") == ["Gen. Ahmed Zubaïr"]  # no apposition
    assert got.cue("“We will not retreat,”") == ["said"]
    assert got.span("SOURCE", "Gen. Ahmed Zubaïr").attrs == {"kind": "person"}


def test_straight_quotes_and_told_without_its_object(model: Pipeline) -> None:
    got = Suggested(model, '"The bridge is closed," the mayor told reporters on Monday.')
    assert got.quotes() == ['"The bridge is closed,"']
    assert got.source('"The bridge is closed,"') == ["the mayor"]
    assert got.cue('"The bridge is closed,"') == ["told"]


def test_curly_and_straight_single_quotes(model: Pipeline) -> None:
    got = Suggested(
        model, "‘We have nothing left,’ she said. 'Nothing at all,' her neighbour added."
    )
    assert got.quotes("direct") == ["‘We have nothing left,’", "'Nothing at all,'"]
    assert got.source("‘We have nothing left,’") == ["she"]
    assert got.source("'Nothing at all,'") == ["her neighbour"]
    assert got.cue("'Nothing at all,'") == ["added"]


def test_apostrophes_neither_open_nor_close_a_quote(model: Pipeline) -> None:
    text = "“Kestria’s army won’t leave the rebels’ villages,” the governor said."
    got = Suggested(model, text)
    assert got.quotes() == ["“Kestria’s army won’t leave the rebels’ villages,”"]
    assert [(q.start, q.end) for q in find_quotes(text)] == [(0, 50)]


def test_nested_single_quote_stays_inside_the_double_quote(model: Pipeline) -> None:
    got = Suggested(
        model, "“He told me, ‘Everyone made a choice.’ We had nowhere to go,” the farmer said."
    )
    assert got.quotes() == ["“He told me, ‘Everyone made a choice.’ We had nowhere to go,”"]
    assert got.source("“He told me, ‘Everyone made a choice.’ We had nowhere to go,”") == [
        "the farmer"
    ]


def test_split_quote_is_two_quotes_with_one_source_and_one_cue(model: Pipeline) -> None:
    got = Suggested(
        model,
        "“There will be no preconditions,” she told a news conference, "
        "“and no rewards for those who broke the truce.”",
    )
    first, second = (
        "“There will be no preconditions,”",
        "“and no rewards for those who broke the truce.”",
    )
    assert got.quotes("direct") == [first, second]
    assert got.linked(first, "ATTRIBUTED_TO") == got.linked(second, "ATTRIBUTED_TO")
    assert got.linked(first, "HAS_CUE") == got.linked(second, "HAS_CUE")
    assert got.source(first) == ["she"]
    assert got.cue(second) == ["told"]


def test_quote_running_over_paragraphs_is_one_span(model: Pipeline) -> None:
    text = (
        "Dr. Lena Hart described the scene at the clinic.\n\n"
        "“We are receiving wounded every hour. The beds are full.\n\n"
        "“I ask where it hurts,” she said."
    )
    got = Suggested(model, text)
    whole = text[text.index("“We") : text.index("hurts,”") + len("hurts,”")]
    assert got.quotes() == [whole]
    assert got.source(whole) == ["she"]
    assert got.cue(whole) == ["said"]


def test_according_to_before_and_after_the_content(model: Pipeline) -> None:
    got = Suggested(
        model,
        "According to the United Nations, nearly 18,000 people have been displaced. "
        "The conflict has killed 9,000 people, according to the Institute for Conflict Studies.",
    )
    assert got.quotes("indirect") == [
        "nearly 18,000 people have been displaced",
        "The conflict has killed 9,000 people",
    ]
    assert got.source("nearly 18,000 people have been displaced") == ["the United Nations"]
    assert got.cue("nearly 18,000 people have been displaced") == ["According to"]
    assert got.source("The conflict has killed 9,000 people") == [
        "the Institute for Conflict Studies"
    ]
    assert got.span("SOURCE", "the United Nations").attrs == {"kind": "NGO-UN"}


def test_reported_speech_with_and_without_that(model: Pipeline) -> None:
    got = Suggested(
        model,
        "The rebels said that the army had moved armoured vehicles into the zone. "
        "A local official said two civilians were wounded when a shell struck a house.",
    )
    with_that = "the army had moved armoured vehicles into the zone"
    without = "two civilians were wounded when a shell struck a house"
    assert got.quotes("indirect") == [with_that, without]
    assert got.source(with_that) == ["The rebels"]
    assert got.source(without) == ["A local official"]
    assert got.cue(without) == ["said"]


def test_attribution_after_the_content_and_datelines(model: Pipeline) -> None:
    got = Suggested(
        model,
        "NOVA BRESKA, Valdoria (Wire) — Rebels have seized the town, officials said on Tuesday. "
        "Three soldiers were killed and 11 wounded, he said.",
    )
    assert got.quotes("indirect") == [
        "Rebels have seized the town",
        "Three soldiers were killed and 11 wounded",
    ]
    assert got.source("Rebels have seized the town") == ["officials"]
    assert got.source("Three soldiers were killed and 11 wounded") == ["he"]


def test_negated_or_non_speech_uses_of_reporting_verbs_are_not_quotes(model: Pipeline) -> None:
    got = Suggested(
        model,
        "He did not say how the army had identified the dead. "
        "Residents told a different story. The minister rejected that condition.",
    )
    assert got.proposal.spans == []


def test_accused_of_keeps_only_the_accusation(model: Pipeline) -> None:
    got = Suggested(model, "The government accused the rebels of violating the truce.")
    assert got.quotes() == ["violating the truce"]
    assert got.source("violating the truce") == ["The government"]
    assert got.cue("violating the truce") == ["accused"]


def test_denials(model: Pipeline) -> None:
    got = Suggested(
        model,
        "The Defence Ministry denied that its aircraft had targeted civilians. "
        "The rebels deny that they fired first and say the army had moved tanks into the zone.",
    )
    assert got.quotes("indirect") == [
        "its aircraft had targeted civilians",
        "they fired first",
        "the army had moved tanks into the zone",
    ]
    assert got.cue("its aircraft had targeted civilians") == ["denied"]
    assert got.cue("they fired first") == ["deny"]
    # The second verb of "deny … and say …" keeps the subject of the first.
    assert got.source("the army had moved tanks into the zone") == ["The rebels"]
    assert got.cue("the army had moved tanks into the zone") == ["say"]


def test_colon_and_comma_introduce_quotes(model: Pipeline) -> None:
    got = Suggested(model, "He said: “We are ready to talk.” She told reporters, “Leave first.”")
    assert got.source("“We are ready to talk.”") == ["He"]
    assert got.source("“Leave first.”") == ["She"]
    assert got.span("SOURCE", "She").attrs == {"kind": "person"}


def test_question_quote_is_attributed_by_the_verb_after_it(model: Pipeline) -> None:
    got = Suggested(model, "“Where would I go?” the shepherd asked.")
    assert got.source("“Where would I go?”") == ["the shepherd"]
    assert got.cue("“Where would I go?”") == ["asked"]


def test_quote_without_attribution_in_the_next_paragraph_keeps_the_speaker(
    model: Pipeline,
) -> None:
    got = Suggested(
        model,
        "“The market was a logistics hub,” the spokesman said.\n\n"
        "“We will not apologise for defending our citizens.”",
    )
    first, second = (
        "“The market was a logistics hub,”",
        "“We will not apologise for defending our citizens.”",
    )
    assert got.linked(second, "ATTRIBUTED_TO") == got.linked(first, "ATTRIBUTED_TO")
    assert got.source(second) == ["the spokesman"]
    assert got.cue(second) == []  # the verb belongs to the other paragraph


def test_quote_without_attribution_in_the_same_paragraph_keeps_speaker_and_cue(
    model: Pipeline,
) -> None:
    got = Suggested(
        model,
        "“We are going in good faith,” Zubaïr said in a statement. "
        "“But good faith is not naivety.”",
    )
    assert got.source("“But good faith is not naivety.”") == ["Zubaïr"]
    assert got.cue("“But good faith is not naivety.”") == ["said"]


def test_scare_quotes_are_not_quotes(model: Pipeline) -> None:
    got = Suggested(
        model,
        "State media described the campaign as the so-called “liberation” of the province. "
        "The army’s “limited operations” continued for a week.",
    )
    assert got.proposal.spans == []


def test_quoted_fragment_makes_reported_speech_mixed(model: Pipeline) -> None:
    got = Suggested(
        model,
        "A senior military official, who spoke on condition of anonymity, said that the army "
        "had “lost patience” with the rebels.",
    )
    assert got.quotes() == ["the army had “lost patience” with the rebels"]
    assert got.quotes("mixed") == got.quotes()
    assert got.source(got.quotes()[0]) == ["A senior military official"]
    assert got.span("SOURCE", "A senior military official").attrs == {"kind": "anonymous official"}


def test_emoji_before_a_quote_keeps_code_point_offsets(model: Pipeline) -> None:
    text = (
        "Her daughter posted a photograph 🙏 with the words: "
        "“Dad is home. Thank you all 🙏” Then she wept."
    )
    got = Suggested(model, text)
    quote = got.span("QUOTE", "“Dad is home. Thank you all 🙏”")
    assert (quote.start, quote.end) == (text.index("“"), text.index("”") + 1)
    assert got.source("“Dad is home. Thank you all 🙏”") == ["Her daughter"]
    assert got.cue("“Dad is home. Thank you all 🙏”") == ["posted"]


@pytest.mark.parametrize(
    ("sentence", "source", "kind"),
    [
        (
            "The Valdorian Health Ministry said 63 people were killed.",
            "The Valdorian Health Ministry",
            "government",
        ),
        ("The army said 145 militants were killed.", "The army", "military"),
        ("The rebels said the convoy was hit.", "The rebels", "armed group"),
        ("The Red Cross said the road was closed.", "The Red Cross", "NGO-UN"),
        ("Doctors at the city hospital said 52 people had died.", "Doctors", "medical"),
        ("Witnesses said two missiles struck the market.", "Witnesses", "witness"),
        ("The Kestria Times said the vote was delayed.", "The Kestria Times", "media"),
        ("Sources said the talks had stalled.", "Sources", "anonymous official"),
    ],
)
def test_source_kind_from_the_speakers_words(
    model: Pipeline, sentence: str, source: str, kind: str
) -> None:
    got = Suggested(model, sentence)
    assert got.texts("SOURCE") == [source]
    assert got.span("SOURCE", source).attrs == {"kind": kind}


def assert_fits_schema(proposal: Proposal, text: str, schema: LabelSchema, layer: str) -> None:
    """Every span is trimmed, in the schema with valid attributes; every relation allowed."""
    for span in proposal.spans:
        words = span.text_in(text)
        assert words, span
        assert words == words.strip(), span
        assert span.origin is Origin.RULES
        label = schema.label(span.label)
        assert label is not None
        assert label.layer == span.layer
        for name, value in span.attrs.items():
            attribute = label.attribute(name)
            assert attribute is not None, (span, name)
            assert attribute.check(value) is None, (span, name)
    assert {s.layer for s in proposal.spans if s.label != "SOURCE"} <= {layer}
    for relation in proposal.relations:
        head, child = proposal.spans[relation.head], proposal.spans[relation.child]
        allowed = {r.name for r in schema.relations_between(head.label, child.label)}
        assert relation.label in allowed, (relation, head, child)


@pytest.mark.parametrize("path", SAMPLE_DOCS, ids=lambda p: p.stem)
def test_sample_articles_give_well_formed_suggestions(
    model: Pipeline, schema: LabelSchema, path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    proposal = suggest_quotes(model.nlp(text))
    assert_fits_schema(proposal, text, schema, "attribution")
    direct = {i for i, s in enumerate(proposal.spans) if s.attrs.get("type") == "direct"}
    attributed = {r.head for r in proposal.relations if r.label == "ATTRIBUTED_TO"}
    assert len(direct) >= 3
    assert len(attributed & direct) >= len(direct) / 2


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        (
            "Army says 30 fighters killed in raid; villagers say dead were farmers",
            {
                "30 fighters killed in raid": ("Army", "says"),
                "dead were farmers": ("villagers", "say"),
            },
        ),
        (
            "Suicide bomber kills 9 at checkpoint, police say",
            {"Suicide bomber kills 9 at checkpoint": ("police", "say")},
        ),
    ],
)
def test_a_headline_reports_speech_too(
    model: Pipeline, text: str, quotes: dict[str, tuple[str, str]]
) -> None:
    """The headline is the text's first paragraph; 'X says Y' there is reported speech."""
    found = Suggested(model, text + "\n\nCITY, Country (Wire) — Text.")
    assert found.quotes("indirect") == list(quotes)
    for quote, (source, cue) in quotes.items():
        assert (found.source(quote), found.cue(quote)) == ([source], [cue])


def test_what_is_denied_is_reported_but_not_what_is_blamed_as_a_noun(model: Pipeline) -> None:
    found = Suggested(
        model,
        "The ministry denied shelling the village. The government blamed the Front for the attack.",
    )
    assert found.quotes() == ["shelling the village"]
    assert found.cue("shelling the village") == ["denied"]
