from __future__ import annotations

import codecs

import pytest

from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import CsvAdapter, detect_delimiter, detect_encoding
from genderlens.errors import AdapterError
from genderlens.model import Role
from genderlens.tabular import parse_duration, parse_time, split_people

PROGRAMME = (
    "Session,Type,Date,Start,End,Role,Title,Name,Gender\n"
    "Opening,Plenary,2026-07-06,09:00,10:00,Chair,Ms,Ana Ruiz,\n"
    "Opening,Plenary,2026-07-06,09:00,10:00,Keynote,,Bo Chen,M\n"
    "Panel A,Panel,2026-07-06,10:30,12:00,Moderator,Mr,Carl Berg,\n"
    "Panel A,Panel,2026-07-06,10:30,12:00,Panelist,Mme,Dina Haddad,\n"
    "Panel A,Panel,2026-07-06,10:30,12:00,Panelist,Dr,Eli Novak,\n"
)


def load(tmp_path, text: str | bytes, name: str = "in.csv", config: Config | None = None, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return CsvAdapter().load(str(path), config or Config())


def test_programme_rows_become_sessions_and_roles(tmp_path):
    [event] = load(tmp_path, PROGRAMME)
    assert [s.title for s in event.sessions] == ["Opening", "Panel A"]
    opening, panel = event.sessions
    assert [(p.person.name, p.role) for p in opening.participants] == [
        ("Ana Ruiz", Role.CHAIR),
        ("Bo Chen", Role.KEYNOTE),
    ]
    assert opening.minutes == 60
    assert panel.minutes == 90
    assert panel.is_panel
    assert [p.person.title for p in panel.participants] == ["Mr", "Mme", "Dr"]
    assert panel.participants[0].role is Role.MODERATOR


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [
        ("utf-8", codecs.BOM_UTF8, ","),  # Indico, Excel "CSV UTF-8"
        ("utf-16-le", codecs.BOM_UTF16_LE, "\t"),  # Excel "Unicode text"
        ("utf-16-be", codecs.BOM_UTF16_BE, ";"),
        ("cp1252", b"", ";"),  # Excel in a French or German locale
        ("utf-8", b"", "|"),
    ],
)
def test_encodings_and_delimiters(tmp_path, encoding, bom, delimiter):
    text = PROGRAMME.replace(",", delimiter).replace("Dina Haddad", "Hélène Dubois")
    [event] = load(tmp_path, bom + text.encode(encoding))
    names = [p.person.name for s in event.sessions for p in s.participants]
    assert "Hélène Dubois" in names
    assert len(names) == 5


def test_bomless_utf16_is_detected():
    assert detect_encoding("Name\tGender\n".encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding("Nom;Genre\nHélène;F\n".encode("cp1252")) == "cp1252"
    assert detect_encoding("Nom;Genre\nHélène;F\n".encode()) == "utf-8"


def test_delimiter_ignores_quoted_commas():
    assert detect_delimiter('"Lovelace, Ada";"Ms"\n') == ";"
    assert detect_delimiter("a\tb\tc\n") == "\t"


def test_excel_sep_line(tmp_path):
    [event] = load(tmp_path, "sep=;\nName;Gender;Country\nA;F;Kenya\nB;M;Kenya\n")
    by_state = {
        (t.person.declared_gender, t.value, t.count) for t in event.registration_tallies if t.field == "member_state"
    }
    assert by_state == {("F", "Kenya", 1), ("M", "Kenya", 1)}


def test_indico_registrations_export(tmp_path):
    text = (
        "\ufeffID,Name,Email Address,Affiliation,Title,Registration date,Registration state,Tags\n"
        "2,Tim Berners,101@example.test,Example Org,Mr,2026-11-22 18:11:46+00:00,Completed,\n"
        "1,Rosa Parks,100@example.test,Example Org,Ms,2026-11-22 18:11:46+00:00,Completed,\n"
        "3,Ada L,102@example.test,Other Org,Ms,2026-11-22 18:11:46+00:00,Withdrawn,\n"
    )
    [event] = load(tmp_path, text)
    assert not event.sessions
    assert not event.registrations  # only tallies are kept
    tallies = event.registration_tallies
    overall = [t for t in tallies if t.field is None]
    assert sum(t.count for t in overall) == 2  # the withdrawn registration is not active
    assert {t.person.title for t in overall} == {"Mr", "Ms"}
    # registrant names are never kept
    assert all(t.person.name is None for t in tallies)
    assert {(t.value, t.count) for t in tallies if t.field == "status"} == {("Completed", 1), ("Withdrawn", 1)}
    assert {(t.value, t.person.title, t.count) for t in tallies if t.field == "affiliation"} == {
        ("Example Org", "Mr", 1),
        ("Example Org", "Ms", 1),
    }


def test_registrations_are_aggregated(tmp_path):
    rows = "".join(f"P{i},{'F' if i % 3 else 'M'},Kenya,Africa,yes\n" for i in range(300))
    [event] = load(tmp_path, "Name,Gender,Country,Region,Fellowship\n" + rows)
    overall = [t for t in event.registration_tallies if t.field is None]
    assert len(overall) == 2
    assert sorted(t.count for t in overall) == [100, 200]
    assert all(t.fellowship is True for t in overall)
    # 300 rows, 2 answers, one country and one region: 6 tallies in all
    assert len(event.registration_tallies) == 6


def test_column_mapping_from_config(tmp_path):
    config = Config(columns={"name": "Intervenant·e", "gender": "Identité", "session": "Atelier"})
    [event] = load(tmp_path, "Atelier,Intervenant·e,Identité\nA1,Léa,femme\nA1,Paul,homme\n", config=config)
    [session] = event.sessions
    assert [p.person.declared_gender for p in session.participants] == ["femme", "homme"]


def test_mapping_to_a_missing_column_names_it(tmp_path):
    with pytest.raises(AdapterError, match=r"in\.csv:1: gender: column 'Sexe' mapped to 'gender' is not in the header"):
        load(tmp_path, "Name,Genre\nA,F\n", config=Config(columns={"gender": "Sexe"}))


def test_role_columns(tmp_path):
    text = 'Session,Speakers,Moderator,Moderator gender\nS1,"Ann Lee; Bo Chen",Cy Diaz,F\n'
    [event] = load(tmp_path, text)
    [session] = event.sessions
    assert [(p.person.name, p.role, p.person.declared_gender) for p in session.participants] == [
        ("Ann Lee", Role.SPEAKER, None),
        ("Bo Chen", Role.SPEAKER, None),
        ("Cy Diaz", Role.MODERATOR, "F"),
    ]


def test_role_prefix_in_a_name_cell(tmp_path):
    [event] = load(tmp_path, 'Session,Speakers\nS1,"Ann Lee, Bo Chen; Moderation: Cy Diaz"\n')
    roles = [(p.person.name, p.role) for p in event.sessions[0].participants]
    assert roles == [("Ann Lee", Role.SPEAKER), ("Bo Chen", Role.SPEAKER), ("Cy Diaz", Role.MODERATOR)]


def test_one_gender_per_person_in_multi_person_cells(tmp_path):
    [event] = load(tmp_path, 'Session,Speakers,Gender\nS1,"Ann Lee; Bo Chen","F; M"\n')
    assert [p.person.declared_gender for p in event.sessions[0].participants] == ["F", "M"]
    with pytest.raises(AdapterError, match=r"in\.csv:2: Gender: 1 gender value\(s\) for 2 people"):
        load(tmp_path, 'Session,Speakers,Gender\nS1,"Ann Lee; Bo Chen",F\n')


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Lovelace, Ada", ["Lovelace, Ada"]),
        ("Ann Lee, Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("A & B", ["A", "B"]),
        ("Ann Lee|Bo Chen", ["Ann Lee", "Bo Chen"]),
    ],
)
def test_split_names(cell, names):
    assert [name for name, _ in split_people(cell)] == names


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("Session,Role,Name\nS,Speaker,A\nS,Dancer,B\n", 3, "Role", "unknown role 'Dancer'"),
        ("Session,Start,Name\nS,yesterday,A\n", 2, "Start", "cannot read 'yesterday' as a date or time"),
        ("Session,Duration,Name\nS,long,A\n", 2, "Duration", "cannot read 'long' as a duration"),
        ("Name,Gender,Fellowship\nA,F,maybe\n", 2, "Fellowship", "cannot read 'maybe' as yes/no"),
        ("Session,Start,End,Name\nS,2026-07-06 10:00,2026-07-05 09:00,A\n", 2, "End", "ends"),
    ],
)
def test_errors_name_file_line_and_field(tmp_path, text, line, field, message):
    with pytest.raises(AdapterError) as info:
        load(tmp_path, text)
    err = info.value
    assert (err.line, err.field) == (line, field)
    assert str(err).startswith(f"{tmp_path / 'in.csv'}:{line}: {field}: {message}")


def test_error_line_counts_multiline_quoted_cells(tmp_path):
    text = 'Session,Description,Role,Name\nS,"two\nlines",Speaker,A\nS,x,Juggler,B\n'
    with pytest.raises(AdapterError) as info:
        load(tmp_path, text)
    assert info.value.line == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty file"), ("Foo,Bar\n1,2\n", "no column names a person, gender or session")],
)
def test_unusable_files(tmp_path, text, message):
    with pytest.raises(AdapterError, match=message):
        load(tmp_path, text)


@pytest.mark.parametrize(
    ("value", "minutes"), [("90", 90), ("1:30", 90), ("01:30:00", 90), ("PT1H30M", 90), ("45,5", 45.5)]
)
def test_durations(value, minutes):
    assert parse_duration(value, source="s", line=1, header="d") == pytest.approx(minutes)


@pytest.mark.parametrize(
    ("value", "hm"), [("14:30", (14, 30)), ("2:00 p.m.", (14, 0)), ("0:00 a.m.", (0, 0)), ("9h30", (9, 30))]
)
def test_times(value, hm):
    t = parse_time(value)
    assert t is not None
    assert (t.hour, t.minute) == hm


def test_title_column_is_told_apart_from_talk_titles(tmp_path):
    [regs] = load(tmp_path, "Name,Title\nA,Ms\nB,Mr\nC,Dr\n")
    assert not regs.sessions
    [prog] = load(tmp_path, "Title,Speaker\nOpening talk,Ann Lee\nClosing talk,Bo Chen\n", name="p.csv")
    assert [s.title for s in prog.sessions] == ["Opening talk", "Closing talk"]


def test_events_column_splits_editions(tmp_path):
    events = load(tmp_path, "Edition,Session,Name,Gender\n2024,S,A,F\n2025,S,B,M\n2025,T,C,F\n")
    assert [(e.title, len(e.sessions)) for e in events] == [("2024", 1), ("2025", 2)]


def test_issue_2_empty_title_column_is_not_a_talk_column(tmp_path):
    # Found by tests/test_tally.py: a blank "Title" column in a registration export made it a programme.
    [event] = load(tmp_path, "Gender,Title,Country\nF,,Kenya\nM,,Peru\n")
    assert not event.sessions
    assert sum(t.count for t in event.registration_tallies if t.field is None) == 2
