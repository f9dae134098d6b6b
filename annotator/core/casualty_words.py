"""The words behind casualty figures: outcomes, victims, running totals.

One set of tables for the spaCy suggester (:mod:`annotator.nlp.suggest`) and for the
plain-text pre-filling of a figure marked by hand (:mod:`annotator.core.prefill`), so
that both read 'killed', 'militants' or 'security personnel' the same way. Entries are
lemmas in lower case; standard library only.
"""

from __future__ import annotations

__all__ = [
    "ARMED_GROUP",
    "CIVILIAN",
    "CUMULATIVE_PERFECT_SUBJECTS",
    "CUMULATIVE_SUBJECTS",
    "CUMULATIVE_WORDS",
    "INTRANSITIVE",
    "OTHER_PEOPLE",
    "OUTCOME_WORDS",
    "PERSON_SUFFIXES",
    "QUANTIFIERS",
    "SECURITY",
    "SECURITY_MODIFIERS",
    "SECURITY_ORG_WORDS",
    "STATE_NOUNS",
    "VICTIM_CLASSES",
    "lemma_class",
    "words",
]


def words(text: str) -> frozenset[str]:
    """A word list written as one string, for lists that read better as prose."""
    return frozenset(text.split())


# --- what happened to the victims -------------------------------------------------------

#: Lemmas (lower-case) that name an outcome on their own.
OUTCOME_WORDS: dict[str, str] = {
    **dict.fromkeys(
        words(
            "kill killing die dead death toll body corpse fatality neutralise neutralize execute "
            "murder massacre slay slaughter perish behead bury martyr martyrdom"
        ),
        "killed",
    ),
    **dict.fromkeys(
        words("wound wounded injure injured injury hurt maim treat hospitalise hospitalize"),
        "injured",
    ),
    **dict.fromkeys(words("missing disappear unaccounted"), "missing"),
    **dict.fromkeys(words("abduct kidnap hostage captive captivity"), "abducted"),
    **dict.fromkeys(
        words("detain arrest jail imprison custody detention detainee capture"), "detained"
    ),
    **dict.fromkeys(words("displace flee uproot"), "displaced"),
}
#: Verbs whose subject suffers the outcome; for the others the active subject did it.
INTRANSITIVE = words("die perish flee disappear missing remain arrive")
#: 'remain in captivity', 'in custody', 'among the dead'.
STATE_NOUNS: dict[str, str] = {
    "captivity": "abducted",
    "custody": "detained",
    "detention": "detained",
    "prison": "detained",
    "jail": "detained",
    "dead": "killed",
    "injured": "injured",
    "wounded": "injured",
    "missing": "missing",
}

# --- who the victims were ---------------------------------------------------------------

CIVILIAN = words(
    "civilian child kid woman girl boy infant baby toddler teenager minor schoolchild "
    "student pupil villager resident shopper worshipper pilgrim refugee migrant worker "
    "journalist reporter doctor nurse medic paramedic patient farmer shepherd trader vendor "
    "merchant passenger protester demonstrator family employee volunteer teacher "
    "neighbour neighbor relative son daughter mother father wife husband cousin nephew "
    "niece brother sister schoolgirl schoolboy household"
)
ARMED_GROUP = words(
    "militant fighter rebel insurgent jihadist gunman terrorist guerrilla extremist "
    "separatist militiaman militia combatant attacker assailant bomber"
)
SECURITY = words(
    "soldier troop police policeman policewoman officer guard serviceman servicemember "
    "personnel peacekeeper gendarme conscript recruit commando marine sailor airman "
    "trooper paratrooper sergeant"
)
OTHER_PEOPLE = words(
    "people person man men individual adult other victim casualty dead wounded injured "
    "body corpse survivor hostage captive prisoner detainee suspect official member "
    "leader commander mourner guest tourist foreigner national citizen inhabitant local "
    "colleague staff crew elder priest imam lawmaker minister youth"
)
PERSON_SUFFIXES = ("ians", "ists", "men")
#: What an armed group's members are called when the group is named ('members of the Front').
SECURITY_ORG_WORDS = words("army police force forces military navy guard")
#: Words before a people noun that make them security forces: 'security officials',
#: 'army officers', 'police personnel'.
SECURITY_MODIFIERS = words("security police army military paramilitary")
#: Words that give a noun a count of its own: in '17 soldiers and several civilians' the
#: civilians are another figure, not part of the soldiers' (whose victims stay security
#: forces, not mixed).
QUANTIFIERS = words("several many few some numerous dozens hundreds thousands scores countless")

#: Each victims value of the schema and the lemmas that name it, in the order they win.
VICTIM_CLASSES: tuple[tuple[str, frozenset[str]], ...] = (
    ("civilian", CIVILIAN),
    ("armed group", ARMED_GROUP),
    ("security forces", SECURITY),
)


def lemma_class(lemma: str, text: str = "") -> str | None:
    """The victims value one word names ('militant' -> 'armed group'), or None."""
    for name, members in VICTIM_CLASSES:
        if lemma in members or text in members:
            return name
    if lemma == "force":
        return "security forces"
    return None


#: Words that make a figure a running total: 'the total toll', 'overall'.
CUMULATIVE_WORDS = words("total overall cumulative combined")
#: Subjects that make a figure a running total: 'the conflict has killed 9,000 people'.
CUMULATIVE_SUBJECTS = words(
    "conflict war insurgency violence fighting crisis unrest uprising occupation"
)
#: These make a running total only in the perfect: 'shelling there has killed hundreds'.
CUMULATIVE_PERFECT_SUBJECTS = words("shell shelling bombardment strike attack siege")
