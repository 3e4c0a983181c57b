"""Several people in one cell: the same splitting for CSV and XLSX, and names that must stay whole."""

from __future__ import annotations

import pytest

from genderlens.tabular import split_people
from genderlens.tabular.cells import is_nobody


def names(cell: str) -> list[str]:
    return [n for n, _ in split_people(cell) if not is_nobody(n)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Ann Lee and Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee und Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee et Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Иван Петров и Анна Иванова", ["Иван Петров", "Анна Иванова"]),
        ("Ana Ruiz y Bo Chen", ["Ana Ruiz", "Bo Chen"]),
        ("Maria Silva e João Costa", ["Maria Silva", "João Costa"]),
        ("Ann Lee, Bo Chen and Cy Diaz", ["Ann Lee", "Bo Chen", "Cy Diaz"]),
        ("E. Musk and Y. Chen", ["E. Musk", "Y. Chen"]),
        ("张三,李四,王五", ["张三", "李四", "王五"]),
        ("张三，李四", ["张三", "李四"]),
        ("张三和李四", ["张三", "李四"]),
        ("山田太郎、鈴木花子", ["山田太郎", "鈴木花子"]),
        ("Hugh Daniel, Ian Goldberg, et. al.", ["Hugh Daniel", "Ian Goldberg"]),
        ("Ann Lee et al.", ["Ann Lee"]),
        ("Ann Lee, Bo Chen u.a.", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee and others", ["Ann Lee"]),
        ("Ann Lee; TBA", ["Ann Lee"]),
    ],
)
def test_people_are_split(cell, expected):
    assert names(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [
        "Y. Chen",
        "E. Musk",
        "Ana e Silva",  # a Portuguese surname joined by "e"
        "José Ortega y Gasset",  # a Spanish double surname joined by "y"
        "Lovelace, Ada",
        "AT&T Labs",
        "和珅",  # 和 is also a surname
        "李和平",  # ... and a character in given names
        "Anderson Sandy",  # "and" inside a word
        "Ettore Sottsass",
    ],
)
def test_one_person_stays_whole(cell):
    assert names(cell) == [cell]


@pytest.mark.parametrize("cell", ["et al.", "et. al.", "and others", "u.a.", "TBA", "t.b.a.", "N.N.", "tbd", "?"])
def test_nobody(cell):
    assert names(cell) == []


def test_affiliation_commas_split_names_before_the_comma_only():
    assert split_people("Dr. Elke Löffler, Geschäftsführerin und Vorstand", commas="affiliation") == [
        ("Dr. Elke Löffler", "Geschäftsführerin und Vorstand")
    ]


def test_csv_and_xlsx_split_alike(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from genderlens_xlsx.adapter import XlsxAdapter

    from genderlens.config import Config
    from genderlens.default_plugins.csv_adapter import CsvAdapter

    rows = [["Session", "Speakers"], ["S", "Ann Lee and Bo Chen, Cy Diaz et al."], ["T", "张三,李四"]]
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    xlsx_path = tmp_path / "a.xlsx"
    wb.save(xlsx_path)
    [from_csv] = CsvAdapter().load(str(csv_path), Config())
    [from_xlsx] = XlsxAdapter().load(str(xlsx_path), Config())
    expected = ["Ann Lee", "Bo Chen", "Cy Diaz", "张三", "李四"]
    assert [p.person.name for p in from_csv.all_participants()] == expected
    assert [p.person.name for p in from_xlsx.all_participants()] == expected
