"""Gender answers: vocabulary, one-letter code sets, settings mapping, unrecognised answers in every
output, one person one gender, honest provenance, and rosters' "no answer" values."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genderlens.answers import (
    LOOKUP,
    NO_ANSWER,
    VOCABULARY,
    AnswerReader,
    letter_codes,
    normalise,
    parse_declared,
)
from genderlens.cli import main
from genderlens.config import Config
from genderlens.model import (
    OTHER_ANSWERS,
    Event,
    Gender,
    GenderSource,
    Participant,
    Person,
    Registration,
    RegistrationTally,
    Role,
    Session,
)
from genderlens.report import MAX_ANSWER_CHARS, MAX_UNRECOGNISED, build_report, report_event
from genderlens.resolve import resolve_event
from genderlens.roster import Roster

W, M, NB, U = Gender.WOMAN, Gender.MAN, Gender.NONBINARY, Gender.UNDISCLOSED

# (language, answer as typed, gender): every language of the vocabulary, in its four categories where
# the language has a common form, with case, accent and punctuation variants.
VOCABULARY_TABLE = [
    ("en", "Female", W),
    ("en", "WOMAN", W),
    ("en", "male", M),
    ("en", "Man.", M),
    ("en", "Non-binary", NB),
    ("en", "nonbinary", NB),
    ("en", "Genderqueer", NB),
    ("en", "Prefer not to say", U),
    ("en", "I'd rather not say", U),
    ("fr", "Femme", W),
    ("fr", "FÉMININ", W),
    ("fr", "Homme", M),
    ("fr", "masculin", M),
    ("fr", "Non binaire", NB),
    ("fr", "non-binaire", NB),
    ("fr", "Je préfère ne pas répondre", U),
    ("es", "Mujer", W),
    ("es", "femenina", W),
    ("es", "Hombre", M),
    ("es", "Varón", M),
    ("es", "varon", M),
    ("es", "VARÓN", M),
    ("es", "No binario", NB),
    ("es", "no binaria", NB),
    ("es", "Prefiero no decirlo", U),
    ("ar", "أنثى", W),
    ("ar", "انثى", W),
    ("ar", "ذكر", M),
    ("ar", "غير ثنائي", NB),
    ("ar", "أفضل عدم الإفصاح", U),
    ("zh", "女", W),
    ("zh", "女性", W),
    ("zh", "男", M),
    ("zh", "非二元", NB),
    ("zh", "不愿透露", U),
    ("ru", "Женщина", W),
    ("ru", "ж", W),
    ("ru", "Мужской", M),
    ("ru", "м", M),
    ("ru", "небинарный", NB),
    ("ru", "Предпочитаю не указывать", U),
    ("pt", "Mulher", W),
    ("pt", "Homem", M),
    ("pt", "Não binário", NB),
    ("pt", "nao-binaria", NB),
    ("pt", "Prefiro não dizer", U),
    ("de", "weiblich", W),
    ("de", "Männlich", M),
    ("de", "maennlich", M),
    ("de", "divers", NB),
    ("de", "Keine Angabe", U),
    ("de", "k.A.", U),
    ("it", "Donna", W),
    ("it", "Uomo", M),
    ("it", "non binario", NB),
    ("it", "Preferisco non rispondere", U),
    ("ja", "女性", W),
    ("ja", "男性", M),
    ("ja", "ノンバイナリー", NB),
    ("ja", "回答しない", U),
    ("ko", "여성", W),
    ("ko", "남성", M),
    ("ko", "논바이너리", NB),
    ("ko", "응답하지 않음", U),
    ("tr", "Kadın", W),
    ("tr", "KADIN", W),
    ("tr", "Erkek", M),
    ("tr", "ikili olmayan", NB),
    ("tr", "Belirtmek istemiyorum", U),
    ("nl", "Vrouw", W),
    ("nl", "Man", M),
    ("nl", "mannelijk", M),
    ("nl", "Non-binair", NB),
    ("nl", "Zeg ik liever niet", U),
    ("pl", "Kobieta", W),
    ("pl", "Mężczyzna", M),
    ("*", "Femme / Woman", W),
    ("*", "Male (M)", M),
    ("*", "  f. ", W),
]


@pytest.mark.parametrize(("language", "answer", "gender"), VOCABULARY_TABLE)
def test_vocabulary(language, answer, gender):
    assert parse_declared(answer) is gender, (language, answer)


def test_every_language_has_woman_and_man_and_the_table_covers_it():
    for language, forms in VOCABULARY.items():
        assert forms[W], language
        assert forms[M], language
    assert {lang for lang, _, _ in VOCABULARY_TABLE} - {"*"} == set(VOCABULARY)


def test_no_spelling_means_two_things():
    meanings: dict[str, set[Gender]] = {}
    for forms in VOCABULARY.values():
        for gender, answers in forms.items():
            for a in answers:
                meanings.setdefault(normalise(a), set()).add(gender)
    assert {k: v for k, v in meanings.items() if len(v) > 1} == {}
    assert not set(LOOKUP) & NO_ANSWER
    # Lone Latin letters are read only through a column's code set, never from the word list.
    assert not [k for k in LOOKUP if re.fullmatch("[a-z]", k)]


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (["F", "M", "M"], {"f": W, "m": M}),
        (["W", "M"], {"w": W, "m": M}),
        (["m", "w", "d"], {"m": M, "w": W, "d": NB}),
        (["H", "M"], {"h": M, "m": W}),  # Spanish: hombre / mujer
        (["H", "F"], {"h": M, "f": W}),  # French: homme / femme
        (["V", "M"], {"v": W, "m": M}),  # Dutch: vrouw / man
        (["K", "E"], {"k": W, "e": M}),  # Turkish: kadın / erkek
        (["F", "M", "X"], {"f": W, "m": M, "x": NB}),
        (["M", "M"], {}),  # man, or Spanish mujer? not read
        (["F"], {"f": W}),  # woman in every convention that has F
        (["H"], {"h": M}),
        (["H", "M", "F"], {"f": W, "h": M}),  # no convention fits: M stays unread
        (["M", "Female", "n/a"], {}),  # words do not decide what a letter means
    ],
)
def test_one_letter_code_sets(column, expected):
    assert letter_codes(column) == expected


def test_a_lone_ambiguous_letter_is_unrecognised_and_listed():
    reader = AnswerReader.for_answers(["M", "M", "Female"])
    assert reader.read("M") is None
    assert reader.unrecognised("M")
    assert reader.read("Female") is W


def test_letters_are_read_only_as_gender_answers(genderlens_pm):
    # A one-letter title or a name is not a gender column: "W" and "F" there tell nothing.
    people = [Person(key="a", title="W"), Person(key="b", name="F"), Person(key="c", declared_gender="F")]
    event = Event(
        id="e",
        title="E",
        source="t",
        sessions=(
            Session(id="s", title="S", participants=tuple(Participant(person=p, role=Role.SPEAKER) for p in people)),
        ),
    )
    resolved = [p.person.gender for p in resolve_event(event, genderlens_pm).all_participants()]
    assert resolved == [Gender.UNKNOWN, Gender.UNKNOWN, W]


@pytest.mark.parametrize("answer", ["", " ", "n/a", "N/A", "NA", "unknown", "Unknown", "-", "?", "none", "inconnu"])
def test_no_answer_is_not_unrecognised(answer):
    reader = AnswerReader.for_answers([answer])
    assert reader.read(answer) is None
    assert not reader.unrecognised(answer)


# -- settings mapping ------------------------------------------------------------------------------


def _csv(tmp_path, text, name="prog.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _toml(tmp_path, text):
    path = tmp_path / "genderlens.toml"
    path.write_text(text, encoding="utf-8")
    return path


PROGRAMME = (
    "Session,Role,Name,Gender\n"
    "P1,Panelist,Ana Ruiz,Mujer\n"
    "P1,Panelist,Juan Pérez,Varón\n"
    "P1,Panelist,Kim Lee,Hombrecito\n"
    "P1,Panelist,Lou Li,Hombrecito\n"
    "P2,Panelist,Max Weber,Divers\n"
    "P2,Panelist,Sam Roe,M\n"
)


def _json(capsys, *args):
    code = main(["check", *map(str, args), "-f", "json"])
    assert code in (0, 1)
    return json.loads(capsys.readouterr().out)


def test_unrecognised_answers_are_listed_then_mapped_in_settings(tmp_path, capsys):
    path = _csv(tmp_path, PROGRAMME)
    [event] = _json(capsys, path)["events"]
    # Two people answered "Hombrecito"; "M" alone is ambiguous in a column without F, W, H...
    assert event["unrecognised_genders"] == {"Hombrecito": 2, "M": 1}
    people = next(r for r in event["results"] if r["metric"] == "people")
    assert people["counts"] == {"woman": 1, "man": 1, "nonbinary": 1, "undisclosed": 0, "unknown": 3}
    config = _toml(tmp_path, '[genders]\nHombrecito = "man"\nm = "woman"\n')
    [event] = _json(capsys, path, "--config", config)["events"]
    assert event["unrecognised_genders"] == {}
    people = next(r for r in event["results"] if r["metric"] == "people")
    assert people["counts"] == {"woman": 2, "man": 3, "nonbinary": 1, "undisclosed": 0, "unknown": 0}


def test_settings_can_say_an_answer_means_nobody_answered(tmp_path, capsys):
    path = _csv(tmp_path, PROGRAMME)
    config = _toml(tmp_path, '[genders]\nHOMBRECITO = "unknown"\n')
    [event] = _json(capsys, path, "--config", config)["events"]
    assert event["unrecognised_genders"] == {"M": 1}


@pytest.mark.parametrize(("table", "where"), [('Varon = "male"', "genders.Varon"), ('"-" = "man"', "genders")])
def test_a_bad_gender_in_settings_is_one_line_exit_2(tmp_path, capsys, table, where):
    config = _toml(tmp_path, f"[genders]\n{table}\n")
    code = main(["check", str(_csv(tmp_path, PROGRAMME)), "--config", str(config)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1
    assert where in err


# -- the listing in every output ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", 'Gender answers not recognised: "Hombrecito" ×2, "M" ×1'),
        ("markdown", 'Gender answers not recognised: "Hombrecito" ×2, "M" ×1'),
        ("html", "Gender answers not recognised: &quot;Hombrecito&quot; ×2, &quot;M&quot; ×1"),
        ("junit", '<system-out>Gender answers not recognised: "Hombrecito" ×2'),
        ("json", '"unrecognised_genders": {\n        "Hombrecito": 2,\n        "M": 1\n      }'),
    ],
)
def test_unrecognised_answers_reach_every_output(tmp_path, capsys, fmt, expected):
    code = main(["check", str(_csv(tmp_path, PROGRAMME)), "-f", fmt])
    assert code in (0, 1)
    out = capsys.readouterr().out
    assert expected in out


def test_junit_listing_is_not_a_test_case(tmp_path, capsys):
    main(["check", str(_csv(tmp_path, PROGRAMME)), "-f", "junit"])
    out = capsys.readouterr().out
    suite = re.search(r'<testsuite [^>]*tests="(\d+)"', out)
    assert suite is not None
    assert int(suite.group(1)) == out.count("<testcase ")


def test_min_cell_hides_rare_answers_and_small_counts(tmp_path, capsys):
    path = _csv(tmp_path, PROGRAMME)
    code = main(["check", str(path), "--min-cell", "4"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "Hombrecito" not in out
    assert "Gender answers not recognised: other answers ×<4" in out
    [event] = _json(capsys, path, "--min-cell", "4")["events"]
    assert event["unrecognised_genders"] == {OTHER_ANSWERS: None}
    # 2 + 1 answers below 3 are not listed; together they are 3, which may be shown.
    [event] = _json(capsys, path, "--min-cell", "3")["events"]
    assert event["unrecognised_genders"] == {OTHER_ANSWERS: 3}
    [event] = _json(capsys, path, "--min-cell", "2")["events"]
    assert event["unrecognised_genders"] == {"Hombrecito": 2, OTHER_ANSWERS: None}


def _tally_event(answers: dict[str, int]) -> Event:
    tallies = tuple(
        RegistrationTally(person=Person(key=f"registrant:{a}", declared_gender=a), count=n) for a, n in answers.items()
    )
    return Event(id="e", title="E", source="t", registration_tallies=tallies)


def test_the_listing_is_capped_in_number_and_length(genderlens_pm):
    answers = {f"answer {i:02d}": 100 - i for i in range(MAX_UNRECOGNISED + 5)}
    answers["x" * 200] = 1000
    answers["two\nlines\x1b[31m"] = 500
    listed = report_event(_tally_event(answers), genderlens_pm, Config()).unrecognised_genders
    assert len(listed) == MAX_UNRECOGNISED + 1
    assert max(len(a) for a in listed) == MAX_ANSWER_CHARS
    assert next(iter(listed)) == "x" * (MAX_ANSWER_CHARS - 1) + "…"
    assert "two lines [31m" in listed
    # The 7 answers beyond the cap (counts 89..83... the smallest ones) are summed, not lost.
    shown = sum(n for a, n in listed.items() if a != OTHER_ANSWERS)
    assert shown + listed[OTHER_ANSWERS] == sum(answers.values())


def test_registration_tallies_and_registrations_are_counted(tmp_path, genderlens_pm):
    # A registration export read into tallies: 62 "Varonil" rows, 3 "Mujer", 2 withdrawn "Varonil".
    rows = ["Gender,Registration state"] + ["Varonil,Complete"] * 62 + ["Mujer,Complete"] * 3
    rows += ["Varonil,Withdrawn"] * 2
    path = _csv(tmp_path, "\n".join(rows) + "\n", "regs.csv")
    config = Config()
    from genderlens.report import load_sources

    [event] = load_sources([str(path)], genderlens_pm, config)
    assert event.registration_tallies
    assert not event.registrations
    [report] = build_report([event], genderlens_pm, config).events
    assert report.unrecognised_genders == {"Varonil": 62}
    # The same answers as individual registrations (as the Indico API gives them).
    regs = tuple(
        Registration(person=Person(key=f"r{i}", declared_gender=g), status=s)
        for i, (g, s) in enumerate([("Varonil", "complete")] * 4 + [("Varonil", "withdrawn"), ("F", "complete")])
    )
    event = Event(id="e", title="E", source="t", registrations=regs)
    assert report_event(event, genderlens_pm, config).unrecognised_genders == {"Varonil": 4}


# -- one person, one gender --------------------------------------------------------------------------


def _sessions(*sessions: list[Person], chairs: tuple[Person, ...] = ()) -> Event:
    return Event(
        id="e",
        title="E",
        source="t",
        participants=tuple(Participant(person=p, role=Role.CHAIR) for p in chairs),
        sessions=tuple(
            Session(id=f"s{i}", title=f"S{i}", participants=tuple(Participant(person=p, role=Role.SPEAKER) for p in ps))
            for i, ps in enumerate(sessions)
        ),
    )


def test_a_title_found_once_applies_to_every_record(genderlens_pm):
    event = _sessions(
        [Person(key="ada", name="Ada Lovelace", title="Ms")],
        [Person(key="ada", name="Ada Lovelace")],
        chairs=(Person(key="ada", name="Ada Lovelace"),),
    )
    resolved = resolve_event(event, genderlens_pm)
    decisions = {p.person.decision for p in resolved.all_participants()}
    assert len(decisions) == 1
    [decision] = decisions
    assert (decision.gender, decision.source) == (W, GenderSource.TITLE)


def test_an_answer_beats_a_title_across_records(genderlens_pm):
    event = _sessions([Person(key="a", title="Mr")], [Person(key="a", declared_gender="Woman")])
    resolved = resolve_event(event, genderlens_pm)
    assert {(p.person.gender, p.person.decision.source) for p in resolved.all_participants()} == {
        (W, GenderSource.DECLARED)
    }


def test_conflicting_answers_are_unknown_and_reported_without_names(genderlens_pm):
    event = _sessions(
        [Person(key="sam", name="Sam Roe", declared_gender="F"), Person(key="jo", name="Jo", declared_gender="F")],
        [Person(key="sam", name="Sam Roe", declared_gender="M"), Person(key="jo", name="Jo", declared_gender="woman")],
    )
    resolved = resolve_event(event, genderlens_pm)
    sam = {p.person.decision for p in resolved.all_participants() if p.person.key == "sam"}
    assert {(d.gender, d.conflicting) for d in sam} == {(Gender.UNKNOWN, (W, M))}
    jo = {p.person.gender for p in resolved.all_participants() if p.person.key == "jo"}
    assert jo == {W}  # "F" and "woman" say the same
    report = report_event(event, genderlens_pm, Config())
    [flag] = [f for f in report.flags if f.rule == "conflicting_genders"]
    assert flag.severity == "warning"
    assert flag.message.startswith("1 person has records giving different genders")
    assert "Sam" not in flag.message
    named = report_event(event, genderlens_pm, Config(), show_names=True)
    assert next(f.message for f in named.flags if f.rule == "conflicting_genders").endswith(": Sam Roe")
    people = report.result("people")
    assert people is not None
    assert (people.counts.woman, people.counts.unknown) == (1, 1)


def test_conflicting_titles_are_reported_too(genderlens_pm):
    event = _sessions([Person(key="a", title="Ms")], [Person(key="a", title="Mr")])
    report = report_event(event, genderlens_pm, Config())
    assert [f.rule for f in report.flags if f.severity == "warning"] == ["conflicting_genders"]


# -- provenance -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "source", "label"),
    [
        ("", "file", "the file's gender column 2"),
        ('gender_collected = "self-declared"\n', "declared", "self-declared 2"),
        ('gender_collected = "organiser"\n', "organiser", "recorded by organiser 2"),
        ('gender_collected = "inferred"\n', "inferred", "name inference 2"),
    ],
)
def test_a_files_gender_column_is_not_called_self_declared(tmp_path, capsys, setting, source, label):
    path = _csv(tmp_path, "Session,Name,Gender,Title\nP,Ada,F,\nP,Bob,M,\nP,Cy,,Ms\n")
    config = _toml(tmp_path, setting + "target = 0.5\n")
    [event] = _json(capsys, path, "--config", config)["events"]
    people = next(r for r in event["results"] if r["metric"] == "people")
    assert people["sources"] == {source: 2, "title": 1}
    main(["check", str(path), "--config", str(config)])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Gender from (people): "))
    assert label in line


def test_form_answers_stay_self_declared(genderlens_pm):
    # Indico registrations and pretalx answers: the adapter leaves declared_source at its default.
    event = Event(
        id="e",
        title="E",
        source="t",
        registrations=(Registration(person=Person(key="r1", declared_gender="Femme")),),
    )
    config = Config(gender_collected="organiser")  # applies to files' columns only
    result = report_event(event, genderlens_pm, config).result("registrations")
    assert result is not None
    assert result.sources == {"declared": 1}


def test_epsa2020_guessed_genders_are_not_self_declared(realdata, genderlens_pm):
    """epsa2020-participants.tsv: genders guessed by a name-inference service (SOURCES.md). Counts
    checked with the csv module: female 116, male 180, unknown 2."""
    from genderlens.report import load_sources

    path = realdata / "epsa2020" / "epsa2020-participants.tsv"
    for setting, source in ((None, "file"), ("inferred", "inferred")):
        config = Config(gender_collected=setting)
        [report] = build_report(load_sources([str(path)], genderlens_pm, config), genderlens_pm, config).events
        # One row per person and no session: read as a registration list.
        people = report.result("registrations")
        assert people is not None
        assert (people.counts.woman, people.counts.man, people.counts.unknown) == (116, 180, 2)
        assert people.sources == {source: 296, "none": 2}
        assert report.unrecognised_genders == {}  # "unknown" means nobody knew: not listed


def test_sibecol_mixed_chair_cells_are_listed(realdata, genderlens_pm):
    """Data_Block2.csv: chair.sex is "W&M" on 6 rows, in sessions TS09 (5 rows) and TS21 (1 row) —
    counted with csv.DictReader. Chairs are anonymous, one per session and answer: 2 people."""
    from genderlens.report import load_sources

    config = Config()
    events = load_sources([str(realdata / "sibecol" / "Data_Block2.csv")], genderlens_pm, config)
    [report] = build_report(events, genderlens_pm, config).events
    assert report.unrecognised_genders == {"W&M": 2}


# -- rosters -----------------------------------------------------------------------------------------


def test_roster_skips_the_values_the_table_reader_skips(tmp_path):
    roster = Roster()
    text = "Name,Gender\nAda,F\nBo,unknown\nCy,n/a\nDi,N/A\nEd,\nFa,-\nGi,NA\nHo,M\n"
    roster.read(_csv(tmp_path, text, "roster.csv"))
    assert roster.lookup(Person(key="k", name="Ada")).gender is W  # type: ignore[union-attr]
    assert roster.lookup(Person(key="k", name="Ho")).gender is M  # type: ignore[union-attr]
    assert all(roster.lookup(Person(key="k", name=n)) is None for n in ("Bo", "Cy", "Di", "Ed", "Fa", "Gi"))


def test_roster_of_lone_ms_is_an_error_naming_the_code(tmp_path):
    from genderlens.errors import AdapterError

    with pytest.raises(AdapterError, match="one-letter code"):
        Roster().read(_csv(tmp_path, "Name,Gender\nAda,M\nBo,M\n", "roster.csv"))
    roster = Roster({"M": M})
    roster.read(_csv(tmp_path, "Name,Gender\nAda,M\nBo,M\n", "roster.csv"))
    assert roster.lookup(Person(key="k", name="Bo")).gender is M  # type: ignore[union-attr]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=6), st.text(max_size=30))
def test_reading_any_text_is_total_and_consistent(column, answer):
    reader = AnswerReader.for_answers([*column, answer])
    found = reader.read(answer)
    assert found is None or found.is_known or found is U
    if reader.unrecognised(answer):
        assert found is None
    assert normalise(normalise(answer)) == normalise(answer)
