"""CSV input that used to give wrong counts silently: legacy encodings, stray quotes, giant cells, lone CRs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import CsvAdapter
from genderlens.errors import AdapterError
from genderlens.tabular.encodings import detect_encoding

ZH = "会议,姓名,性别,单位\n开幕式,张伟,男,北京大学\n开幕式,王芳,女,清华大学\n分论坛,李娜,女,复旦大学\n分论坛,刘洋,男,中国科学院\n"
ZH_HANT = "會議,姓名,性別,單位\n開幕式,張偉,男,台灣大學\n開幕式,王芳,女,清華大學\n分論壇,李娜,女,政治大學\n"
JA = "セッション,氏名,性別,所属\n基調講演,佐藤花子,女性,東京大学\n基調講演,鈴木一郎,男性,京都大学\nパネル,高橋美咲,女性,大阪大学\n"
KO = "세션,이름,성별,소속\n개회식,김민준,남성,서울대학교\n개회식,이서연,여성,연세대학교\n토론,박지현,여,고려대학교\n"
RU = "Сессия,Имя,Пол,Организация\nОткрытие,Иван Петров,мужской,МГУ\nОткрытие,Анна Смирнова,женский,СПбГУ\n"
FR = "Session;Nom;Genre\nOuverture;François Müller;Féminin\nAtelier;Zoë Sánchez;femme\nAtelier;José García;homme\n"


def load(tmp_path, data: bytes, config: Config | None = None):
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    return CsvAdapter().load(str(path), config or Config())


def genders(events) -> list[str | None]:
    return sorted(p.person.declared_gender or "" for e in events for p in e.all_participants())


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (ZH, "gbk", ["女", "女", "男", "男"]),
        (ZH, "gb18030", ["女", "女", "男", "男"]),
        (ZH_HANT, "big5", ["女", "女", "男"]),
        (JA, "shift_jis", ["女性", "女性", "男性"]),
        (JA, "cp932", ["女性", "女性", "男性"]),
        (KO, "cp949", ["남성", "여", "여성"]),
        (KO, "euc-kr", ["남성", "여", "여성"]),
        (RU, "cp1251", ["женский", "мужской"]),
        (FR, "cp1252", ["Féminin", "femme", "homme"]),
        (ZH, "utf-16", ["女", "女", "男", "男"]),
    ],
)
def test_excel_code_pages_are_decoded(tmp_path, text, encoding, expected):
    events = load(tmp_path, text.encode(encoding))
    assert genders(events) == expected
    names = {p.person.name for e in events for p in e.all_participants()}
    assert names <= set(text.replace("\n", ",").replace(";", ",").split(","))


@pytest.mark.parametrize("encoding", ["gbk", "big5", "shift_jis", "utf-8"])
@pytest.mark.parametrize("answers", [["女"], ["女", "男"], ["男性", "女性"]])
def test_a_lone_gender_answer_is_enough_to_tell_the_code_page(tmp_path, encoding, answers):
    # GBK's 女 (C5 AE) is also valid UTF-8 ("Ů"): the UTF-8 reading must not win.
    text = "Speaker,Gender\n" + "".join(f"Person {i},{a}\n" for i, a in enumerate(answers))
    assert genders(load(tmp_path, text.encode(encoding))) == sorted(answers)


@pytest.mark.parametrize("encoding", ["cp949", "utf-8"])
@pytest.mark.parametrize("answers", [["여"], ["여", "남"], ["남성", "여성"]])
def test_a_lone_korean_gender_answer_is_enough_to_tell_the_code_page(tmp_path, encoding, answers):
    text = "Speaker,Gender\n" + "".join(f"Person {i},{a}\n" for i, a in enumerate(answers))
    assert genders(load(tmp_path, text.encode(encoding))) == sorted(answers)


@pytest.mark.parametrize("text", ["Name\nMüller\n", "Nom;Genre\nHélène;F\nÉlise;F\n", "Name\nΝίκος Παπάς\n"])
def test_western_and_greek_utf8_stay_utf8(text):
    assert detect_encoding(text.encode()) == "utf-8"


def test_a_chinese_file_never_becomes_unknown_silently(tmp_path, genderlens_pm):
    from genderlens.report import build_report

    report = build_report(load(tmp_path, ZH.encode("gbk")), genderlens_pm, Config())
    speakers = report.events[0].result("speakers")
    assert speakers is not None
    assert (speakers.counts.woman, speakers.counts.man, speakers.counts.unknown) == (2, 2, 0)


def test_unreadable_bytes_are_rejected_in_one_line(tmp_path):
    with pytest.raises(AdapterError) as info:
        load(tmp_path, b"Session,Name\nS,\x81\x8d\x8f\x90\x9d\xff\xfe\x00\x01\n")
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'in.csv'}:2: unknown text encoding (not UTF-8")
    assert "set [tool.genderlens] encoding" in message
    assert "\n" not in message


def test_the_encoding_setting_wins(tmp_path):
    # Short Chinese text is ambiguous; the setting says what it is.
    events = load(tmp_path, "Session,Name,Gender\nS,Ann,女\n".encode("big5"), Config(encoding="big5"))
    assert genders(events) == ["女"]


def test_a_wrong_encoding_setting_is_one_line(tmp_path):
    with pytest.raises(AdapterError) as info:
        load(tmp_path, ZH.encode("gbk"), Config(encoding="utf-8"))
    assert ":1: not valid utf-8 text;" in str(info.value)


def test_an_unknown_encoding_setting_is_a_config_error():
    from genderlens.config import validate
    from genderlens.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown encoding 'klingon'"):
        validate({"encoding": "klingon"}, where="x.toml")


def test_legacy_text_after_64_kib_of_ascii(tmp_path):
    data = b"Session,Name,Gender\n" + b"S,Ann Lee,F\n" * 7000 + "S,Hélène Dubois,F\n".encode("cp1252")
    [event] = load(tmp_path, data)
    assert "Hélène Dubois" in {p.person.name for p in event.all_participants()}


def _rows(n: int) -> list[str]:
    return ["Session,Name,Gender"] + [f"S{i},Person {i},{'F' if i % 2 else 'M'}" for i in range(n)]


def test_a_stray_quote_that_swallows_the_rest_is_rejected(tmp_path):
    rows = _rows(200)
    rows[3] = 'S2,"Person 2,F'
    with pytest.raises(AdapterError) as info:
        load(tmp_path, ("\n".join(rows) + "\n").encode())
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'in.csv'}:4: Name: a quote opened on this line is closed only on line 201")
    assert "\n" not in message


def test_a_stray_quote_in_a_two_column_registration_list_is_rejected(tmp_path):
    rows = ["Name,Gender"] + [f"Person {i},{'F' if i % 2 else 'M'}" for i in range(50)]
    rows[5] = '"Person 4,F'
    with pytest.raises(AdapterError, match=r":6: Name: a quote opened on this line is closed only on line 51"):
        load(tmp_path, ("\n".join(rows) + "\n").encode())


def test_a_stray_quote_closed_later_is_rejected(tmp_path):
    rows = _rows(20)
    rows[3] = 'S2,"Person 2,F'
    rows[10] = 'S9,Person 9",F'
    with pytest.raises(AdapterError, match=r":4: Name: a quote opened on this line is closed only on line 11"):
        load(tmp_path, ("\n".join(rows) + "\n").encode())


def test_a_real_multiline_description_is_fine(tmp_path):
    text = 'Session,Name,Abstract\nS,Ann Lee,"Line one, with a comma\nline two\n\nline four, and more"\n'
    [event] = load(tmp_path, text.encode())
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee"]


def test_cells_are_capped(tmp_path):
    data = b'Session,Name\nS,Ann Lee\nT,"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(AdapterError) as info:
        load(tmp_path, data)
    assert str(info.value).startswith(f"{tmp_path / 'in.csv'}:3: a cell longer than 100 KiB starts here")
    [event] = load(tmp_path, data, Config(max_cell_kb=300))
    assert len(event.sessions) == 2


def test_a_lone_cr_inside_a_line_is_text(tmp_path):
    # epsa2020-program.tsv has four titles with a bare CR in them.
    data = b"session\tname\ttitle\n1\tAnn Lee\tFROM A:\r THE B\n1\tBo Chen\tC\n"
    [event] = load(tmp_path, data)
    assert [s.title for s in event.sessions] == ["1"]
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee", "Bo Chen"]


def test_old_mac_line_endings_still_work(tmp_path):
    [event] = load(tmp_path, b"Session,Name\rS,Ann Lee\rS,Bo Chen\r")
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee", "Bo Chen"]


PROGRAMME_HEADER = "Session,Role,Name,Gender,Affiliation"
LATIN = ["Hélène Dubois", "Zoë Müller", "José García", "Ann Lee", "Bo Chen", "François Œuvre", "Ægir Søn"]
CJK = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "黄敏"]
GENDERS = ["F", "M", "", "female", "male"]
CJK_GENDERS = ["女", "男", ""]


def _counts(events) -> tuple:
    people = sorted(
        (s.id, p.role.value, p.person.name or "", p.person.declared_gender or "")
        for e in events
        for s in e.sessions
        for p in s.participants
    )
    return tuple(people)


@settings(max_examples=25, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(["Speaker", "Moderator", "Chair"]), st.integers(0, 6)),
        min_size=1,
        max_size=30,
    ),
    cjk=st.booleans(),
    data=st.data(),
)
def test_counts_do_not_change_when_rows_are_shuffled_or_re_encoded(tmp_path_factory, rows, cjk, data):
    names, answers = (CJK, CJK_GENDERS) if cjk else (LATIN, GENDERS)
    lines = [f"S{s},{role},{names[n]},{answers[n % len(answers)]},Org {n}" for s, role, n in rows]
    shuffled = data.draw(st.permutations(lines))
    encodings = ("gbk", "gb18030", "shift_jis", "utf-16", "utf-8") if cjk else ("utf-8", "utf-16", "cp1252")
    tmp = tmp_path_factory.mktemp("prop")
    results = set()
    for order in (lines, shuffled):
        text = "\n".join([PROGRAMME_HEADER, *order]) + "\n"
        for encoding in encodings:
            if encoding == "shift_jis" and any(c in text for c in "张刘陈杨黄"):
                continue  # simplified-only characters: Shift-JIS cannot write them
            path = tmp / f"{encoding}.csv"
            path.write_bytes(text.encode(encoding))
            results.add(_counts(CsvAdapter().load(str(path), Config())))
    assert len(results) == 1


def test_detection_on_ascii_and_boms():
    assert detect_encoding(b"Name,Gender\nAnn,F\n") == "utf-8"
    assert detect_encoding("\ufeffName".encode()) == "utf-8-sig"
    assert detect_encoding("Name".encode("utf-16")) == "utf-16"


def _tallies(events) -> tuple:
    return tuple(
        sorted(
            (t.person.declared_gender or "", t.field or "", t.value or "", t.fellowship is True, t.count)
            for e in events
            for t in e.registration_tallies
        )
    )


@settings(max_examples=25, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 6), st.sampled_from(["FR", "CN", "Côte d'Ivoire", ""])), max_size=40),
    cjk=st.booleans(),
    data=st.data(),
)
def test_registration_counts_do_not_change_when_shuffled_or_re_encoded(tmp_path_factory, rows, cjk, data):
    names, answers = (CJK, CJK_GENDERS) if cjk else (LATIN, GENDERS)
    lines = [f"{names[n]},{answers[n % len(answers)]},{country}" for n, country in rows]
    if not lines:
        lines = [f"{names[0]},{answers[0]},FR"]
    shuffled = data.draw(st.permutations(lines))
    encodings = ("gbk", "big5", "utf-16", "utf-8") if cjk else ("utf-8", "utf-16", "cp1252")
    tmp = tmp_path_factory.mktemp("reg")
    results = set()
    for order in (lines, shuffled):
        text = "\n".join(["Name,Gender,Country", *order]) + "\n"
        for encoding in encodings:
            try:
                raw = text.encode(encoding)
            except UnicodeEncodeError:
                continue  # Big5 has no simplified characters
            path = tmp / f"{encoding}.csv"
            path.write_bytes(raw)
            results.add(_tallies(CsvAdapter().load(str(path), Config())))
    assert len(results) == 1
