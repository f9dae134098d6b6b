"""A small real spaCy pipeline for tests that need entities but not the trained model.

``spacy.blank("en")`` with the rule-based sentence splitter and an entity ruler that
knows the people, organisations and places of the sample articles (sample_docs/*.txt):
it builds in milliseconds and needs no download, where en_core_web_sm takes seconds to
load and seconds more to parse the articles. It has no tagger and no parser, so it
makes no suggestions (annotator.jobs.preannotate runs the suggesters only over a parse):
tests of suggestions use the real model.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from annotator.nlp.loading import Pipeline

#: The name stored with its analyses, as a model's name is: a project shows what analysed it.
FAKE = "fake:en"

#: The named entities of the sample articles, by label. The ruler prefers the longest
#: match, so "Kandar Liberation Front" is one ORG, not a GPE inside one.
ENTITIES: dict[str, tuple[str, ...]] = {
    "PERSON": (
        "Søren Åberg",
        "Åberg",
        "Léa Moreau-Dąbrowska",
        "Moreau-Dąbrowska",
        "Ahmed Zubaïr",
        "Zubaïr",
        "Nguyễn Thị Hà",
        "José Núñez",
        "Mehmet Yılmaz",
        "Renée Fàbregas",
        "Fàbregas",
        "Hanife Dursun",
        "Emre Şahin",
        "Björn Ståhl",
        "Ferenc Dobrev",
        "Edvard Halloran",
        "Halloran",
        "Zofia Kłosowska-Reyes",
        "Ana Łukasik",
        "Radomir Vuković",
        "Vuković",
        "Yusuf Karaağaç",
        "Karaağaç",
        "Dariusz Żuławski",
        "Żuławski",
        "Agnieszka Wróbel",
        "Sorina Ilieș",
        "Dragoș Pîrvu",
        "Andrei Voss",
        "Anton Brek",
        "Arvid Strand",
        "Halvard Mose",
        "Hana Vrabcová",
        "Ilinca Sorescu",
        "Ioana Mărgineanu",
        "Iulian Sărățeanu",
        "Jonas Merkys",
        "Merkys",
        "Kasimir Olbrecht",
        "Olbrecht",
        "Marguerite Øberg",
        "Marta Ilić",
        "Nadia Ferhat",
        "Oksana Várady",
        "Pavel Dušek",
        "Raúl Ibáñez",
        "Tomáš Křižan",
        "Viktor Halász",
        "Zoë Ćosić",
    ),
    "ORG": (
        "Wire",
        "Kandar Liberation Front",
        "KLF",
        "Valdorian Health Ministry",
        "Caravel Humanitarian Alliance",
        "United Nations",
        "Ostmark Defence Ministry",
        "Black Pine Movement",
        "Kestrian Office for Refugee Affairs",
        "Helvan Aid Coalition",
        "Saldera People's Army",
        "Saldera People’s Army",
        "Tyrenian Interior Ministry",
        "Red Hawk Brigades",
        "Kestrian Health Watch",
        "Sarnavian Interior Ministry",
        "Sarnavian Centre for Human Rights",
        "National Assembly",
        "Civic Union",
        "Democratic Renewal party",
        "Constitutional Court",
        "Tavrin Mountain Front",
        "Kestrian Health Ministry",
        "Morvanian Health Ministry",
        "Tyrenian Energy Ministry",
        "Valdorian Defence Ministry",
        "Defence Ministry",
        "Energy Ministry",
        "Castellane General Hospital",
        "Nova Breska University",
        "Nova Breska Legal Aid Centre",
        "Orbis Institute",
        "Valdorian Institute for Conflict Studies",
        "Institute for the Laws of Armed Conflict",
        "Kelvarra Civil Defence",
    ),
    "GPE": (
        "Valdoria",
        "Kandar",
        "Nova Breska",
        "Kestria",
        "Orlavik",
        "Dravec",
        "Kelvarra",
        "Ostmark Republic",
        "Ostmark",
        "Velmar",
        "Dunmere",
        "Tyrenia",
        "Saldera",
        "Varnos",
        "Sarnavia",
        "Liranda",
        "Oskel",
        "Terebin",
        "Morvania",
        "Solvar",
        "Ardash",
        "Castellane",
        "Grenhald",
        "Kerev",
        "Tessel",
    ),
    "LOC": ("Tavrin Highlands", "Korvash"),
    "NORP": ("Valdorian", "Valdorians", "Kestrian", "Tyrenian", "Sarnavian", "Morvanian"),
    "FAC": ("Hadrel thermal power station", "Hadrel power station"),
}


def _patterns() -> list[dict[str, object]]:
    """Each name as written, and the GPEs in capitals too, as datelines print them."""
    patterns: list[dict[str, object]] = []
    for label, names in ENTITIES.items():
        for name in names:
            patterns.append({"label": label, "pattern": name})
            if label == "GPE" and name.upper() != name:
                patterns.append({"label": label, "pattern": name.upper()})
    return patterns


def fake_nlp() -> Language:
    """Tokenizer, sentencizer and the sample articles' entities; no tagger, no parser."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # Named "ner": a Pipeline has entities when a pipe of that name is there, as the
    # trained models' entity recogniser is called.
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns(_patterns())  # type: ignore[attr-defined]
    return nlp


def fake_pipeline() -> Pipeline:
    """The fake pipeline as the importer and pre-annotation take it, named ``fake:en``."""
    return Pipeline(fake_nlp(), FAKE)
