"""Read declared gender answers, in the many ways forms and files spell them.

The core reads ``Person.declared_gender`` with an :class:`AnswerReader` before any resolver plugin runs
(see :mod:`genderlens.resolve`). Its vocabulary covers the six UN languages (Arabic, Chinese, English,
French, Russian, Spanish) and Portuguese, German, Italian, Japanese, Korean, Turkish, Dutch and Polish:
woman, man, non-binary and prefer-not-to-say forms, matched after :func:`normalise` (case, accents,
punctuation and spacing do not matter). Answers meaning "no answer" (blank, ``n/a``, ``unknown``...)
are :data:`NO_ANSWER`. Anything else is *unrecognised*: it counts as unknown and every report lists it
with its count, so that ``[tool.genderlens.genders]`` can map it (``Varon = "man"``).

One-letter codes
    A lone letter is read only as the answer to a gender question, and only when the set of letters
    used in that column (in practice: in one input file) tells the convention: ``{F, M}`` international
    (female/male), ``{W, M}`` and ``{M, W, D}`` (German, English), ``{H, M}`` Spanish (hombre/mujer:
    **M is a woman**), ``{H, F}`` French (homme/femme), ``{V, M}`` Dutch (vrouw/man), ``{K, E}``
    Turkish (kadın/erkek). ``X`` is non-binary. A letter is read when every convention that fits the
    column's letters gives it the same meaning, so ``F`` alone is a woman and ``H`` alone a man, but a
    column of only ``M`` (man, or Spanish *mujer*?) leaves ``M`` unrecognised: map it in settings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from genderlens.model import Gender

#: Cell values that mean "no value", as written (compared case-insensitively), shared by every reader.
MISSING = frozenset({"na", "n/a", "nan", "null", "none", "-", "--", "?", "#n/a", "tbd", "tba", "tbc"})

#: Built-in answers by language: gender -> spellings. Single Latin letters are not here (see CODE_SETS).
VOCABULARY: dict[str, dict[Gender, tuple[str, ...]]] = {
    "en": {
        Gender.WOMAN: (
            "female",
            "woman",
            "women",
            "feminine",
            "cis woman",
            "cisgender woman",
            "trans woman",
            "transgender woman",
            "trans female",
            "♀",
        ),
        Gender.MAN: (
            "male",
            "man",
            "men",
            "masculine",
            "cis man",
            "cisgender man",
            "trans man",
            "transgender man",
            "trans male",
            "♂",
        ),
        Gender.NONBINARY: (
            "non-binary",
            "nonbinary",
            "non binary",
            "nb",
            "enby",
            "genderqueer",
            "gender queer",
            "agender",
            "genderfluid",
            "gender fluid",
            "gender non-conforming",
            "two-spirit",
            "third gender",
            "other",
            "another",
            "another gender",
            "another identity",
            "diverse",
            "self-describe",
            "prefer to self-describe",
            "self-described",
        ),
        Gender.UNDISCLOSED: (
            "prefer not to say",
            "prefer not to answer",
            "prefer not to disclose",
            "prefer not to state",
            "rather not say",
            "i prefer not to say",
            "i'd rather not say",
            "undisclosed",
            "not disclosed",
            "declined",
            "decline to answer",
            "decline to state",
            "pnts",
        ),
    },
    "fr": {
        Gender.WOMAN: ("femme", "féminin", "féminine", "femmes"),
        Gender.MAN: ("homme", "masculin", "hommes"),
        Gender.NONBINARY: ("non-binaire", "non binaire", "autre", "genre fluide", "agenre"),
        Gender.UNDISCLOSED: (
            "je préfère ne pas répondre",
            "préfère ne pas répondre",
            "ne souhaite pas répondre",
            "je ne souhaite pas répondre",
            "ne se prononce pas",
            "préfère ne pas le dire",
        ),
    },
    "es": {
        Gender.WOMAN: ("mujer", "femenino", "femenina", "mujeres"),
        Gender.MAN: ("hombre", "varón", "masculino", "hombres", "varones"),
        Gender.NONBINARY: ("no binario", "no binaria", "no binarie", "no-binario", "otro", "otra", "género fluido"),
        Gender.UNDISCLOSED: (
            "prefiero no decirlo",
            "prefiero no decir",
            "prefiero no responder",
            "prefiero no contestar",
            "prefiero no especificar",
        ),
    },
    "ar": {
        Gender.WOMAN: ("أنثى", "انثي", "امرأة", "إمرأة", "مؤنث", "نساء"),
        Gender.MAN: ("ذكر", "رجل", "مذكر", "رجال"),
        Gender.NONBINARY: ("غير ثنائي", "غير ثنائي الجنس", "آخر", "أخرى"),
        Gender.UNDISCLOSED: ("أفضل عدم الإفصاح", "أفضل عدم الإجابة", "أفضل عدم القول"),
    },
    "zh": {
        Gender.WOMAN: ("女", "女性", "女士"),
        Gender.MAN: ("男", "男性", "男士"),
        Gender.NONBINARY: ("非二元", "非二元性别", "非二元性別", "其他"),
        Gender.UNDISCLOSED: ("不愿透露", "不願透露", "不愿意透露", "保密", "不想说"),
    },
    "ru": {
        Gender.WOMAN: ("женщина", "женский", "жен", "ж", "zhenshchina"),
        Gender.MAN: ("мужчина", "мужской", "муж", "м", "muzhchina"),
        Gender.NONBINARY: ("небинарный", "небинарная", "небинарный человек", "другое", "другой"),
        Gender.UNDISCLOSED: ("предпочитаю не указывать", "предпочитаю не отвечать", "не хочу указывать"),
    },
    "pt": {
        Gender.WOMAN: ("mulher", "feminino", "feminina"),
        Gender.MAN: ("homem", "masculino"),
        Gender.NONBINARY: ("não binário", "não binária", "não-binário", "não-binária", "outro", "outra"),
        Gender.UNDISCLOSED: ("prefiro não dizer", "prefiro não responder", "prefiro não informar"),
    },
    "de": {
        Gender.WOMAN: ("frau", "weiblich", "frauen"),
        Gender.MAN: ("mann", "männlich", "männer", "maennlich"),
        Gender.NONBINARY: ("divers", "nichtbinär", "nicht-binär", "nicht binär", "nicht binaer", "anderes", "andere"),
        Gender.UNDISCLOSED: ("keine angabe", "möchte ich nicht angeben", "möchte ich nicht sagen", "k a"),
    },
    "it": {
        Gender.WOMAN: ("donna", "femmina", "femminile"),
        Gender.MAN: ("uomo", "maschio", "maschile"),
        Gender.NONBINARY: ("non binario", "non binaria", "non-binario", "altro"),
        Gender.UNDISCLOSED: ("preferisco non dirlo", "preferisco non rispondere", "preferisco non specificare"),
    },
    "ja": {
        Gender.WOMAN: ("女性", "女", "おんな"),
        Gender.MAN: ("男性", "男", "おとこ"),
        Gender.NONBINARY: ("ノンバイナリー", "ノンバイナリ", "Xジェンダー", "その他"),
        Gender.UNDISCLOSED: ("回答しない", "答えたくない", "回答したくない", "無回答"),
    },
    "ko": {
        Gender.WOMAN: ("여성", "여자", "여"),
        Gender.MAN: ("남성", "남자", "남"),
        Gender.NONBINARY: ("논바이너리", "기타"),
        Gender.UNDISCLOSED: ("응답하지 않음", "밝히고 싶지 않음", "답변하지 않음", "응답 거부"),
    },
    "tr": {
        Gender.WOMAN: ("kadın", "kadin", "bayan"),
        Gender.MAN: ("erkek", "bay"),
        Gender.NONBINARY: ("ikili olmayan", "non-binary", "diğer"),
        Gender.UNDISCLOSED: ("belirtmek istemiyorum", "söylemek istemiyorum", "belirtmek istemiyor"),
    },
    "nl": {
        Gender.WOMAN: ("vrouw", "vrouwelijk", "vrouwen"),
        Gender.MAN: ("man", "mannelijk", "mannen"),
        Gender.NONBINARY: ("non-binair", "niet-binair", "anders"),
        Gender.UNDISCLOSED: ("zeg ik liever niet", "wil ik niet zeggen", "liever niet zeggen", "zeg ik niet"),
    },
    "pl": {
        Gender.WOMAN: ("kobieta",),
        Gender.MAN: ("mężczyzna",),
        Gender.NONBINARY: ("niebinarna", "niebinarny", "inna"),
        Gender.UNDISCLOSED: ("wolę nie mówić", "nie chcę podawać"),
    },
}

#: Answers that mean nobody answered (not "prefer not to say", which is an answer): never listed.
NO_ANSWER_WORDS = (
    *MISSING,
    "unknown",
    "not known",
    "unspecified",
    "not specified",
    "not applicable",
    "missing",
    "inconnu",
    "non renseigné",
    "non précisé",
    "desconocido",
    "no especificado",
    "desconhecido",
    "unbekannt",
    "sconosciuto",
    "onbekend",
    "bilinmiyor",
    "неизвестно",
    "не указано",
    "未知",
    "不明",
    "알 수 없음",
    "غير معروف",
)

#: One-letter conventions of gender columns (see the module docstring): letter -> gender.
CODE_SETS: dict[str, dict[str, Gender]] = {
    "F/M": {"f": Gender.WOMAN, "m": Gender.MAN, "x": Gender.NONBINARY},
    "W/M/D": {"w": Gender.WOMAN, "m": Gender.MAN, "d": Gender.NONBINARY, "x": Gender.NONBINARY},
    "H/M (es)": {"h": Gender.MAN, "m": Gender.WOMAN, "x": Gender.NONBINARY},
    "H/F (fr)": {"h": Gender.MAN, "f": Gender.WOMAN, "x": Gender.NONBINARY},
    "V/M (nl)": {"v": Gender.WOMAN, "m": Gender.MAN, "x": Gender.NONBINARY},
    "K/E (tr)": {"k": Gender.WOMAN, "e": Gender.MAN, "x": Gender.NONBINARY},
}
_LETTERS = frozenset(letter for codes in CODE_SETS.values() for letter in codes)


def normalise(answer: str) -> str:
    """Case-fold, strip accents, punctuation and extra spaces: ``" Féminin."`` -> ``"feminin"``."""
    # Case-folded again after NFKD: a compatibility form may decompose to capitals ("🄐" -> "(A)").
    text = unicodedata.normalize("NFKD", answer.casefold()).casefold()
    kept = []
    for c in text:
        if unicodedata.combining(c):
            continue
        kept.append(" " if c.isspace() or unicodedata.category(c).startswith("P") else c)
    return " ".join("".join(kept).split())


#: Normalised built-in answer -> gender.
LOOKUP: dict[str, Gender] = {
    normalise(a): g for forms in VOCABULARY.values() for g, answers in forms.items() for a in answers
}
#: Normalised answers that mean nobody answered.
NO_ANSWER = frozenset(normalise(a) for a in NO_ANSWER_WORDS) | {""}


def letter_codes(answers: Iterable[str | None]) -> dict[str, Gender]:
    """The one-letter codes that ``answers`` (one column's values) can be read with: letter -> gender."""
    used = {key for a in answers if a and (key := normalise(a)) in _LETTERS}
    fitting = [codes for codes in CODE_SETS.values() if used <= codes.keys()] or list(CODE_SETS.values())
    out: dict[str, Gender] = {}
    for letter in used:
        meanings = {codes[letter] for codes in fitting if letter in codes}
        if len(meanings) == 1:
            out[letter] = meanings.pop()
    return out


@dataclass(frozen=True)
class AnswerReader:
    """Reads the declared answers of one column (or file): built-in words, settings, one-letter codes.

    Args:
        mapping: ``[tool.genderlens.genders]``: answer -> gender, consulted first (normalised here);
            ``"unknown"`` marks an answer as meaning nobody answered.
        codes: The column's one-letter codes (:func:`letter_codes`).
    """

    mapping: Mapping[str, Gender] = field(default_factory=dict)
    codes: Mapping[str, Gender] = field(default_factory=dict)

    @classmethod
    def for_answers(cls, answers: Iterable[str | None], mapping: Mapping[str, Gender] | None = None) -> AnswerReader:
        """A reader for one column's ``answers`` (their letters decide the code set)."""
        settings = {normalise(k): v for k, v in (mapping or {}).items()}
        # Each distinct answer once: a large registration export repeats a few dozen answers in every tally.
        own = [a for a in dict.fromkeys(answers) if a is None or normalise(a) not in settings]
        return cls(mapping=settings, codes=letter_codes(own))

    def _read(self, answer: str) -> Gender | None:
        """The gender, ``unknown`` for "no answer", or ``None`` when not recognised."""
        found = self._word(normalise(answer))
        if found is None and _PARTS.search(answer):
            # "Femme / Woman", "Male (M)": bilingual answers whose parts all say the same.
            # A lone letter beside a word ("Male (M)") may stay unread; it never decides on its own.
            read = [(k, self._word(k)) for p in _PARTS.split(answer) if (k := normalise(p))]
            parts = {g for k, g in read if g is not None or len(k) > 1}
            found = parts.pop() if len(parts) == 1 else None
        return found

    def _word(self, key: str) -> Gender | None:
        found = self.mapping.get(key)
        if found is not None:
            return found
        if key in NO_ANSWER:
            return Gender.UNKNOWN
        return LOOKUP.get(key) or self.codes.get(key)

    def read(self, answer: str | None) -> Gender | None:
        """The gender ``answer`` states, or ``None`` for no answer and for an answer not recognised."""
        if answer is None:
            return None
        found = self._read(answer)
        return None if found is Gender.UNKNOWN else found

    def unrecognised(self, answer: str | None) -> bool:
        """True for a non-blank answer that is neither a gender nor a way of saying "no answer"."""
        return answer is not None and self._read(answer) is None


_PARTS = re.compile(r"[()\[\]/|;,]")


def parse_declared(answer: str | None) -> Gender | None:
    """The gender a lone declared answer states, or ``None`` for blanks and answers not recognised.

    With no column around it, a one-letter answer is read by its own letter (so ``"M"`` is ambiguous).
    """
    return AnswerReader.for_answers([answer]).read(answer)
