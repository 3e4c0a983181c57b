"""Spreadsheet headers: camel and snake case, numbered person columns, role codes, ignored and duplicate columns."""

from __future__ import annotations

import pytest

from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import CsvAdapter
from genderlens.errors import AdapterError
from genderlens.model import Role
from genderlens.tabular import resolve_layout
from genderlens.tabular.vocabulary import header_key


def load(tmp_path, text: str, config: Config | None = None, name: str = "in.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return CsvAdapter().load(str(path), config or Config())


def people(event):
    return [(s.title, p.person.name, p.role, p.person.affiliation) for s in event.sessions for p in s.participants]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("SessionId", "session id"),
        ("StartTime", "start time"),
        ("session_title", "session title"),
        ("Presenter2", "presenter 2"),
        ("Speaker1Headshot", "speaker 1 headshot"),
        ("SessionID", "session id"),
        ("E-Mail", "e mail"),
        ("Co-presenter", "co presenter"),
    ],
)
def test_header_key_splits_camel_snake_and_numbers(header, key):
    assert header_key(header) == key


def test_camel_and_snake_case_headers_are_matched():
    layout = resolve_layout(["SessionId", "StartTime", "end_time", "session_title", "FullName"], [], Config(), "x")
    assert {f: c.header for f, c in layout.fields.items()} == {
        "session": "SessionId",
        "start": "StartTime",
        "end": "end_time",
        "session_title": "session_title",
        "name": "FullName",
    }


def test_numbered_presenters_with_company_and_position(tmp_path):
    # The couchbase-connect agenda's shape: "Name" is the session title, people are in numbered columns.
    text = (
        "SessionId,Date,StartTime,EndTime,Name,Abstract,Track,Presenter1,Company1,Position1,Speaker1Headshot,"
        "Presenter2,Company2,Position2\n"
        "1001,2014-10-06,08:00,09:00,Registration,,,,,,,,,\n"
        "1004,2014-10-06,09:00,10:00,Opening Keynote,Hello,Main,Ann Lee,Acme,CEO,http://x/a.png,Bo Chen,,CTO\n"
    )
    [event] = load(tmp_path, text)
    assert event.registration_tallies == ()
    assert [s.title for s in event.sessions] == ["Registration", "Opening Keynote"]
    assert people(event) == [
        ("Opening Keynote", "Ann Lee", Role.SPEAKER, "Acme"),
        ("Opening Keynote", "Bo Chen", Role.SPEAKER, None),  # a position is not an affiliation
    ]
    assert event.sessions[1].minutes == 60
    assert event.people_fields == ("Presenter1", "Presenter2")


def test_numbered_panelists_and_speaker_gender(tmp_path):
    text = "Session,Speaker 1,Speaker 1 Gender,Panelist 2,Panelist 2 Gender,Panelist3\nP,Ann Lee,F,Bo Chen,M,Cy Diaz\n"
    [event] = load(tmp_path, text)
    assert [(p.person.name, p.role, p.person.declared_gender) for p in event.sessions[0].participants] == [
        ("Ann Lee", Role.SPEAKER, "F"),
        ("Bo Chen", Role.PANELIST, "M"),
        ("Cy Diaz", Role.PANELIST, None),
    ]


def test_numbered_names_without_a_role_word_are_speakers(tmp_path):
    [event] = load(tmp_path, "Session,Name1,Gender1,Name2,Gender2\nS,Ann Lee,F,Bo Chen,M\n")
    assert [(p.person.name, p.role, p.person.declared_gender) for p in event.sessions[0].participants] == [
        ("Ann Lee", Role.SPEAKER, "F"),
        ("Bo Chen", Role.SPEAKER, "M"),
    ]


def test_presenters_and_co_presenter_columns(tmp_path):
    text = "Talk,Presenters,Co-presenter\nT1,Ann Lee,Bo Chen\n"
    [event] = load(tmp_path, text)
    assert [(p.person.name, p.role) for p in event.sessions[0].participants] == [
        ("Ann Lee", Role.SPEAKER),
        ("Bo Chen", Role.SPEAKER),
    ]


def test_authors_are_speakers_when_no_column_names_speakers(tmp_path):
    [event] = load(tmp_path, "Talk,Authors\nT1,Cy Diaz; Di Eng\n")
    assert [(p.person.name, p.role) for p in event.sessions[0].participants] == [
        ("Cy Diaz", Role.SPEAKER),
        ("Di Eng", Role.SPEAKER),
    ]


@pytest.mark.parametrize("people", ["Speakers", "Panelists", "Authors"])
def test_a_name_column_beside_a_speakers_column_is_the_title(tmp_path, people):
    [event] = load(tmp_path, f"Name,{people},Start\nOpening Panel,Ann Lee; Bo Chen,09:00\n")
    assert [s.title for s in event.sessions] == ["Opening Panel"]
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee", "Bo Chen"]


def test_authors_beside_speakers_are_not_counted_twice(tmp_path):
    # Indico's contribution export: every author, and the speakers among them again.
    text = "Id,Title,Speakers,Authors,Co-Authors\n1,Talk,Ann Lee,Ann Lee; Bo Chen,Cy Diaz\n"
    [event] = load(tmp_path, text)
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee"]


def test_a_name_column_beside_a_moderator_column_is_still_a_person(tmp_path):
    # Without numbered speakers, "Name" keeps naming the row's person.
    text = "Session,Name,Moderator\nS,Ann Lee,Bo Chen\n"
    [event] = load(tmp_path, text)
    assert [(p.person.name, p.role) for p in event.sessions[0].participants] == [
        ("Ann Lee", Role.SPEAKER),
        ("Bo Chen", Role.MODERATOR),
    ]


def test_two_speaker_columns_are_both_read(tmp_path):
    [event] = load(tmp_path, "Session,Speaker,Speaker\nS,Ann Lee,Bo Chen\n")
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee", "Bo Chen"]


def test_duplicate_field_columns_are_rejected_with_their_names(tmp_path):
    with pytest.raises(AdapterError) as info:
        load(tmp_path, "Session,Gender,Name,Gender\nS,F,Ann Lee,M\n")
    assert str(info.value).endswith(
        "in.csv:1: Gender: columns 2 and 4 are both named 'Gender'; rename one, or list it in "
        "[tool.genderlens.columns] ignore"
    )


def test_duplicate_descriptions_are_harmless(tmp_path):
    [event] = load(tmp_path, "Session,Name,Notes,Notes\nS,Ann Lee,a,b\n")
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee"]


def test_ignored_columns_are_not_read(tmp_path):
    config = Config(columns={"ignore": ["Speaker 2"]})
    [event] = load(tmp_path, "Session,Speaker 1,Speaker 2\nS,Ann Lee,Bo Chen\n", config)
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee"]


def test_ignore_must_be_a_list():
    from genderlens.config import validate
    from genderlens.errors import ConfigError

    with pytest.raises(ConfigError, match="a list of headers"):
        validate({"columns": {"ignore": "Speaker 2"}}, where="x.toml")


def test_presenter_flag_column_is_not_a_person(tmp_path):
    text = "session_id,full_name,role,presenter\n10,Ann Lee,p,y\n10,Bo Chen,p,n\n10,Cy Diaz,c,NA\n"
    config = Config(role_codes={"c": "chair", "p": "paper author"})
    [event] = load(tmp_path, text, config)
    assert [(p.person.name, p.role) for p in event.sessions[0].participants] == [
        ("Ann Lee", Role.SPEAKER),
        ("Bo Chen", Role.SPEAKER),
        ("Cy Diaz", Role.CHAIR),
    ]


def test_role_codes_map_and_ignore_rows(tmp_path):
    text = "j,i,role\nP1,ANN LEE,o\nP1,BO CHEN,d\nP1,CY DIAZ,a\nP1,DI ENG,NA\nP1,ED FOX,p\n"
    config = Config(
        columns={"name": "i", "session": "j"},
        role_codes={"o": "organiser", "d": "discussant", "a": "ignore", "NA": "ignore", "p": "presenter"},
    )
    [event] = load(tmp_path, text, config)
    assert [(p.person.name, p.role) for p in event.sessions[0].participants] == [
        ("ANN LEE", Role.CONVENER),
        ("BO CHEN", Role.PANELIST),
        ("ED FOX", Role.SPEAKER),
    ]


def test_unknown_role_code_names_file_line_field_and_setting(tmp_path):
    with pytest.raises(AdapterError) as info:
        load(tmp_path, "Session,Name,Role\nS,Ann Lee,c\n")
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'in.csv'}:2: Role: unknown role 'c'")
    assert '[tool.genderlens.role_codes] "c" = "chair" or "ignore"' in message
    assert "\n" not in message


def test_a_role_code_mapped_to_nothing_known_is_rejected(tmp_path):
    with pytest.raises(AdapterError, match=r"role_codes\.x: unknown role 'dancer'"):
        load(tmp_path, "Session,Name,Role\nS,Ann Lee,x\n", Config(role_codes={"x": "dancer"}))


@pytest.mark.parametrize(
    "text",
    [
        "Speaker,Gender\nAnn Lee,F\nBo Chen,M\n",
        "Talk,Speakers\nHello,Ann Lee\nWorld,Bo Chen\n",
        "Presenter,Affiliation\nAnn Lee,Acme\nBo Chen,Beta\n",
    ],
)
def test_a_list_of_speakers_or_talks_is_a_programme_not_registrations(tmp_path, text):
    [event] = load(tmp_path, text)
    assert event.registration_tallies == ()
    names = [p.person.name for p in event.all_participants()]
    assert names == ["Ann Lee", "Bo Chen"]
    assert {p.role for p in event.all_participants()} == {Role.SPEAKER}


def test_a_list_of_names_and_genders_is_still_registrations(tmp_path):
    [event] = load(tmp_path, "Name,Gender,Country\nAnn Lee,F,FR\nBo Chen,M,CN\n")
    assert event.sessions == ()
    assert sum(t.count for t in event.registration_tallies if t.field is None) == 2


def test_one_session_of_many_rows_is_read_in_linear_time(tmp_path):
    # Each row used to rebuild the set of people already in its session: 20,000 rows took minutes.
    import time

    text = "Session,Name\n" + "".join(f"S,Person {i}\n" for i in range(20_000))
    start = time.perf_counter()
    [event] = load(tmp_path, text)
    assert time.perf_counter() - start < 10
    assert len(event.sessions[0].participants) == 20_000


def test_a_repeated_header_row_is_not_a_person(tmp_path):
    # Two exports pasted together: the second header is not a person called "Speaker" answering "Gender".
    from genderlens.default_plugins.csv_adapter import CsvAdapter

    path = tmp_path / "pasted.csv"
    path.write_text(
        "Session,Speaker,Gender\nS1,Ann Lee,F\nS1,Bo Chen,M\nSession,Speaker,Gender\nS2,Cy Diaz,F\n", encoding="utf-8"
    )
    [event] = CsvAdapter().load(str(path), Config())
    names = sorted(p.person.name or "" for p in event.all_participants())
    assert names == ["Ann Lee", "Bo Chen", "Cy Diaz"]
    assert [s.id for s in event.sessions] == ["S1", "S2"]
