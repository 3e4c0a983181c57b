"""Real spreadsheets the table reader now reads, with counts checked against independent scripts.

Each expected number was computed by hand with the csv module (or openpyxl), not with genderlens; the
comment above each assertion says how.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from genderlens.config import Config
from genderlens.model import Role
from genderlens.plugins import make_plugin_manager
from genderlens.report import load_sources


def load(path, config: Config | None = None):
    [event] = load_sources([str(path)], make_plugin_manager(), config or Config())
    return event


def slots(event) -> list[tuple[str, str | None, Role]]:
    return [(s.id, p.person.name, p.role) for s in event.sessions for p in s.participants]


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_couchbase_agenda_numbered_presenters(realdata):
    openpyxl = pytest.importorskip("openpyxl")
    path = realdata / "couchbase-connect" / "agenda.xlsx"
    event = load(path)
    # openpyxl, sheet "sessions": 65 rows under the header; 59 non-empty Presenter1/2/3 cells, 3 of them
    # "To be announced" (sessions 1053, 1058, 1059) -> 56 people in sessions, 50 distinct names.
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(wb["sessions"].iter_rows(values_only=True))
    wb.close()
    columns = [i for i, h in enumerate(rows[0]) if h and str(h).startswith("Presenter")]
    raw = [(str(r[0]), str(r[i]).strip()) for r in rows[1:] for i in columns if r[i] and str(r[i]).strip()]
    assert len(rows) - 1 == 65
    assert len(raw) == 59
    assert len(event.sessions) == 65
    assert event.registration_tallies == ()
    found = slots(event)
    assert len(found) == 56
    assert {(s, n) for s, n, _ in found} == {(s, n) for s, n in raw if n != "To be announced"}
    assert len({n for _, n, _ in found}) == 50
    assert {r for *_, r in found} == {Role.SPEAKER}
    # "Name" is the session title, never a person.
    titles = {s.id: s.title for s in event.sessions}
    assert titles["1001"] == "Registration"
    assert titles["1004"].startswith("Opening Keynote")


def test_camp99_comma_lists_and_et_al(realdata):
    path = realdata / "voc-schedule" / "camp99.csv"
    event = load(path)
    # csv module: 32 rows; "persons" split on commas, "et. al." dropped -> 39 people, 31 distinct. Row
    # "Hacker Variety Pack" lists "John Gilmore Lucky Green" without a comma: one name, as written.
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    raw = [(r["title"].strip(), n.strip()) for r in rows for n in r["persons"].split(",") if n.strip()]
    assert ("Hacker Variety Pack", "et. al.") in raw
    raw = [x for x in raw if x[1] != "et. al."]
    assert (len(rows), len(raw), len({n for _, n in raw})) == (32, 39, 31)
    found = slots(event)
    assert len(event.sessions) == 32
    assert len(found) == 39
    assert len({n for _, n, _ in found}) == 31
    assert not any(n and "al." in n for _, n, _ in found)
    # Two-speaker talks are talks; "Hacker Variety Pack" (4 named) and "Nerdbank" (3) are panels.
    panels = sorted(s.title for s in event.sessions if s.is_panel)
    assert panels == ["Hacker Variety Pack", "Nerdbank: Feasability of an open source banking"]


def test_sendezentrum_podcast_stage(realdata):
    path = realdata / "voc-schedule" / "sendezentrum_31C3.csv"
    event = load(path)
    # csv module: 21 rows, 14 distinct "Podcast" values (the sessions; "tbd" is one of them, with no one);
    # "Teilnehmer" split on commas, "tbd" dropped -> 39 people, 29 distinct. A person repeated in one
    # session is a second slot only when the row has its own minutes (speaking time): Ralf Stockmann's two
    # timed "Workshop" rows and the two timed "Community-Event" rows of Das Sendegate stay two slots each;
    # the last row (end "tbd", no minutes) repeats Claudia Krell and Ralf Stockmann in "Die Sondersendung"
    # and adds nothing -> 37 slots. Head counts use distinct people per session (35) and event (29).
    # (Checked independently with the csv module: 35 distinct (session, name) pairs.)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    raw = [(r[4].strip(), n.strip()) for r in rows for n in r[6].split(",") if n.strip() and n.strip() != "tbd"]
    assert (len(rows), len({r[4].strip() for r in rows}), len(raw), len({n for _, n in raw})) == (21, 14, 39, 29)
    found = slots(event)
    assert len(event.sessions) == 14
    assert len(found) == 37
    assert len({n for _, n, _ in found}) == 29
    assert sum(len({p.person.key for p in s.participants}) for s in event.sessions) == 35
    freak = next(s for s in event.sessions if s.id == "Freak Show")
    assert len(freak.participants) == 5
    assert freak.is_panel


EPSA_SETTINGS = Config(role_codes={"c": "chair", "p": "paper author"})


def _epsa_rows(path) -> list[dict[str, str]]:
    # Four abstract titles hold a bare CR: read lines on LF only, as genderlens does.
    text = path.read_bytes().decode("utf-8").replace("\r", " ")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter="\t"))


def test_epsa2020_programme_with_role_codes(realdata):
    path = realdata / "epsa2020" / "epsa2020-program.tsv"
    event = load(path, EPSA_SETTINGS)
    # csv module: 319 rows (33 role c, 286 role p), 32 session ids; distinct (session, name) pairs: 33
    # chairs and 283 paper authors (an author of two papers in one panel is one panelist there).
    rows = _epsa_rows(path)
    assert len(rows) == 319
    assert Counter(r["role"] for r in rows) == {"p": 286, "c": 33}
    chairs = {(r["session_id"], r["full_name"]) for r in rows if r["role"] == "c"}
    authors = {(r["session_id"], r["full_name"]) for r in rows if r["role"] == "p"}
    assert (len(chairs), len(authors)) == (33, 283)
    assert len(event.sessions) == 32
    found = slots(event)
    assert {(s, n) for s, n, r in found if r is Role.CHAIR} == chairs
    assert {(s, n) for s, n, r in found if r is Role.SPEAKER} == authors
    assert len(found) == 33 + 283
    # Sessions are titled by session_title, not by their id.
    assert {s.title for s in event.sessions} == {r["session_title"] for r in rows}


def test_epsa2020_programme_without_settings_names_the_setting(realdata):
    from genderlens.errors import AdapterError

    path = realdata / "epsa2020" / "epsa2020-program.tsv"
    with pytest.raises(AdapterError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith(f"{path}:2: role: unknown role 'c'")
    assert "[tool.genderlens.role_codes]" in message


AFSP_SETTINGS = Config(
    columns={"name": "i", "session": "j"},
    # o = organiser, p = presenter, c = chair, d = discussant (counted as a panelist: a discussant speaks on
    # the panel); a = absent and e = else, and NA, are left out.
    role_codes={"o": "organiser", "p": "presenter", "c": "chair", "d": "discussant", "a": "ignore", "e": "ignore"}
    | {"NA": "ignore"},
)


def test_congres_afsp_participants_with_settings(realdata):
    path = realdata / "congres-afsp" / "participants.tsv"
    event = load(path, AFSP_SETTINGS)
    # csv module: 5559 rows; roles p 4064, o 856, d 378, NA 184, c 33, a 29, e 15; 411 panels ("j").
    # Each (panel, person) pair is unique within a role, so the counts are the row counts.
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert Counter(r["role"] for r in rows) == {"p": 4064, "o": 856, "d": 378, "NA": 184, "c": 33, "a": 29, "e": 15}
    assert len({r["j"] for r in rows}) == 411
    found = Counter(r for *_, r in slots(event))
    assert found == {Role.SPEAKER: 4064, Role.CONVENER: 856, Role.PANELIST: 378, Role.CHAIR: 33}
    assert len(event.sessions) == 411


def test_settings_file_reads_the_afsp_codes_from_the_command_line(realdata, tmp_path, capsys):
    # The same mapping as AFSP_SETTINGS, written as a user would, in a settings file.
    import json

    from genderlens.cli import main

    settings = tmp_path / "genderlens.toml"
    settings.write_text(
        "[tool.genderlens.columns]\n"
        'name = "i"\n'
        'session = "j"\n'
        "[tool.genderlens.role_codes]\n"
        'o = "organiser"\n'
        'p = "presenter"\n'
        'c = "chair"\n'
        'd = "discussant"\n'
        'a = "ignore"\n'
        'e = "ignore"\n'
        'NA = "ignore"\n',
        encoding="utf-8",
    )
    path = realdata / "congres-afsp" / "participants.tsv"
    code = main(["check", str(path), "--config", str(settings), "--format", "json"])
    out, err = capsys.readouterr()
    assert err == ""
    assert code == 0
    [event] = json.loads(out)["events"]
    roles = {r["metric"]: sum(r["counts"].values()) for r in event["results"] if r["metric"].startswith("role_")}
    # Distinct people per role (a person on several panels counts once), by the csv module:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    distinct = {code: len({r["i"] for r in rows if r["role"] == code}) for code in "opcd"}
    assert roles["role_convener"] == distinct["o"]
    assert roles["role_speaker"] == distinct["p"]
    assert roles["role_chair"] == distinct["c"]
    assert roles["role_panelist"] == distinct["d"]
