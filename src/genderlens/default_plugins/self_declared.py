"""Resolve gender from a self-declared answer, in the many ways registration forms spell it."""

from __future__ import annotations

import re
import unicodedata

from genderlens.hookspecs import hookimpl
from genderlens.model import Event, Gender, GenderDecision, GenderSource, Person

_ANSWERS: dict[Gender, tuple[str, ...]] = {
    Gender.WOMAN: (
        "f",
        "w",
        "female",
        "woman",
        "women",
        "feminine",
        "femme",
        "feminin",
        "femenino",
        "femenina",
        "mujer",
        "feminino",
        "mulher",
        "donna",
        "femmina",
        "frau",
        "weiblich",
        "vrouw",
        "kobieta",
        "zhenshchina",
        "женщина",
        "женский",
        "ж",
        "女",
        "女性",
        "أنثى",
        "انثى",
        "امرأة",
        "cis woman",
        "trans woman",
        "transgender woman",
    ),
    Gender.MAN: (
        "m",
        "male",
        "man",
        "men",
        "masculine",
        "homme",
        "masculin",
        "hombre",
        "masculino",
        "homem",
        "uomo",
        "maschio",
        "mann",
        "mannlich",
        "man",
        "mezczyzna",
        "мужчина",
        "мужской",
        "м",
        "男",
        "男性",
        "ذكر",
        "رجل",
        "cis man",
        "trans man",
        "transgender man",
    ),
    Gender.NONBINARY: (
        "x",
        "nb",
        "enby",
        "non-binary",
        "nonbinary",
        "non binary",
        "genderqueer",
        "gender queer",
        "agender",
        "genderfluid",
        "gender fluid",
        "divers",
        "diverse",
        "other",
        "another",
        "another gender",
        "another identity",
        "self-describe",
        "self describe",
        "autre",
        "non-binaire",
        "non binaire",
        "otro",
        "otra",
        "no binario",
        "no binaria",
        "nao binario",
        "другое",
        "другой",
        "其他",
        "آخر",
    ),
    Gender.UNDISCLOSED: (
        "prefer not to say",
        "prefer not to answer",
        "prefer not to disclose",
        "rather not say",
        "i prefer not to say",
        "undisclosed",
        "not disclosed",
        "declined",
        "decline to answer",
        "decline to state",
        "je prefere ne pas repondre",
        "ne souhaite pas repondre",
        "prefiero no decirlo",
        "prefiero no decir",
        "prefiero no responder",
        "keine angabe",
        "предпочитаю не указывать",
        "不愿透露",
        "أفضل عدم الإفصاح",
    ),
}

_PUNCT = re.compile(r"[\s._/]+")


def normalise(answer: str) -> str:
    """Case-fold, strip accents, punctuation and extra spaces: ``" Féminin."`` -> ``"feminin"``."""
    text = unicodedata.normalize("NFKD", answer.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _PUNCT.sub(" ", text).strip(" -:;,")


LOOKUP: dict[str, Gender] = {normalise(a): g for g, answers in _ANSWERS.items() for a in answers}


def parse_declared(answer: str | None) -> Gender | None:
    """The gender a declared answer states, or ``None`` for blanks and answers we do not recognise."""
    if answer is None:
        return None
    return LOOKUP.get(normalise(answer))


@hookimpl(tryfirst=True)
def resolve_gender(person: Person, event: Event) -> GenderDecision | None:
    gender = parse_declared(person.declared_gender)
    if gender is None:
        return None
    return GenderDecision(gender=gender, source=GenderSource.DECLARED, detail=person.declared_gender)
