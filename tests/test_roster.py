from __future__ import annotations

import json

import pytest

from genderlens.cli import main
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Gender, GenderSource, Person
from genderlens.report import build_report
from genderlens.roster import Roster, name_keys

from .conftest import EXAMPLES


def roster_file(tmp_path, text, name="roster.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lovelace, Ada", "Ada Lovelace"),
        ("Dr. Ada Lovelace (Analytical Engines Ltd)", "ada lovelace"),
        ("H.E. Ms Amina Okafor", "Amina OKAFOR"),
        ("Hélène Dubois", "Helene Dubois"),
    ],
)
def test_names_match_in_either_order_and_case(a, b):
    assert name_keys(a) & name_keys(b)


def test_lookup_by_email_then_name(tmp_path):
    roster = Roster()
    roster.read(roster_file(tmp_path, 'Name,Email,Gender\n"Lovelace, Ada",ada@x.org,Woman\nAlan Turing,,Male\n'))
    assert roster.lookup(Person(key="email:ada@x.org")).gender is Gender.WOMAN
    assert roster.lookup(Person(key="k", name="Turing, Alan")).gender is Gender.MAN
    decision = roster.decide(Person(key="k", name="Ada Lovelace"))
    assert decision is not None
    assert decision.source is GenderSource.ROSTER
    assert decision.detail == f"{tmp_path / 'roster.csv'}:2"
    assert roster.lookup(Person(key="k", name="Grace Hopper")) is None


def test_contradicting_rows_are_ambiguous(tmp_path):
    roster = Roster()
    roster.read(roster_file(tmp_path, 'Name,Gender\nSam Lee,F\n"Lee, Sam",M\nJo Kim,F\nJo Kim,woman\n'))
    assert roster.lookup(Person(key="k", name="Sam Lee")) is None
    assert roster.lookup(Person(key="k", name="Jo Kim")).gender is Gender.WOMAN


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Name,Gender\nAda,F\nBob,banana\n", 3, "Gender: cannot read 'banana' as a gender"),
        ("Name,Country\nAda,Kenya\n", 1, "a roster needs a gender column"),
    ],
)
def test_bad_rosters_name_file_and_line(tmp_path, text, line, message):
    path = roster_file(tmp_path, text)
    with pytest.raises(AdapterError) as info:
        Roster().read(path)
    assert str(info.value).startswith(f"{path}:{line}: {message}")


def test_order_programme_answer_then_roster_then_title(tmp_path, genderlens_pm):
    programme = tmp_path / "p.csv"
    programme.write_text(
        "Session,Role,Title,Name,Gender\nS,Panelist,Mr,Ann Lee,Woman\nS,Panelist,Mr,Bo Chen,\n"
        "S,Panelist,Ms,Cy Diaz,\nS,Panelist,,Di Eng,\n",
        encoding="utf-8",
    )
    # The roster contradicts Ann Lee's own answer (ignored), and says Bo Chen is non-binary (beats "Mr").
    path = roster_file(tmp_path, "Name,Gender\nAnn Lee,man\nBo Chen,non-binary\n")
    config = Config(roster=[str(path)])
    from genderlens.default_plugins.csv_adapter import CsvAdapter

    report = build_report(CsvAdapter().load(str(programme), config), genderlens_pm, config)
    speakers = report.events[0].result("speakers")
    assert speakers is not None
    c = speakers.counts
    assert (c.woman, c.man, c.nonbinary, c.unknown) == (2, 0, 1, 1)


def test_config_paths_are_relative_to_the_settings_file(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    roster_file(tmp_path / "data", "Name,Gender\nRahul Mehta,M\nElena Rossi,F\nAlex Kim,Non-binary\n")
    settings = tmp_path / "genderlens.toml"
    settings.write_text('roster = ["data/roster.csv"]\n', encoding="utf-8")
    code = main(["check", str(EXAMPLES / "wsis-forum-2026-programme.csv"), "--config", str(settings), "-f", "json"])
    assert code == 0
    [event] = json.loads(capsys.readouterr().out)["events"]
    speakers = next(r for r in event["results"] if r["metric"] == "speakers")
    # the example's three speakers with no answer and no telling title are now known
    assert speakers["counts"] == {"woman": 12, "man": 13, "nonbinary": 1, "undisclosed": 1, "unknown": 0}


def test_cli_roster_flag(tmp_path, capsys):
    path = roster_file(tmp_path, "Name,Gender\nRahul Mehta,Man\n")
    code = main(["check", str(EXAMPLES / "wsis-forum-2026-programme.csv"), "--roster", str(path), "-f", "json"])
    assert code == 0
    [event] = json.loads(capsys.readouterr().out)["events"]
    speakers = next(r for r in event["results"] if r["metric"] == "speakers")
    assert (speakers["counts"]["man"], speakers["counts"]["unknown"]) == (13, 2)
    code = main(["check", str(EXAMPLES / "wsis-forum-2026-programme.csv"), "--roster", str(tmp_path / "none.csv")])
    assert code == 2


def test_sysconf_panelists_with_the_verified_mapping(realdata, genderlens_pm):
    """SC17 panelists joined with sysconf's verified name-gender table: 13 women, 58 men, nobody unknown
    (the same numbers adapters/schedules/tests/test_sysconf.py gets with its own join)."""
    from genderlens.plugins import make_plugin_manager
    from genderlens.report import load_sources

    pm = make_plugin_manager()
    config = Config(roster=[str(realdata / "sysconf" / "verified_gender_mapping.csv")])
    events = load_sources([str(realdata / "sysconf" / "SC.json")], pm, config)
    panelists = build_report(events, pm, config).events[0].result("role_panelist")
    assert panelists is not None
    assert (panelists.counts.woman, panelists.counts.man, panelists.counts.unknown) == (13, 58, 0)
