"""What an analyst would write in pandas to get genderlens's registration counts; the benchmark's baseline.

Usage::

    python benchmarks/pandas_registrations.py FILE.csv > counts.json

Same semantics as genderlens: the self-declared answer first, then the title, else unknown;
undisclosed answers are their own category; withdrawn/rejected/cancelled registrations are dropped,
except from the breakdown by status. Prints ``{metric: counts}`` and ``{metric: {group: counts}}`` as JSON.
It deliberately does not import genderlens, so that its start-up cost is pandas's alone.
"""

from __future__ import annotations

import json
import sys

import pandas as pd

GENDERS = ("woman", "man", "nonbinary", "undisclosed", "unknown")
#: Self-declared answers, lower-cased and without accents or trailing dots.
ANSWERS = {
    **dict.fromkeys(("f", "w", "female", "woman", "women", "femme", "feminin", "femenino", "mujer", "frau"), "woman"),
    **dict.fromkeys(("m", "male", "man", "men", "homme", "masculin", "masculino", "hombre", "mann"), "man"),
    **dict.fromkeys(("x", "nb", "non-binary", "nonbinary", "non binary", "other", "divers", "autre"), "nonbinary"),
    **dict.fromkeys(
        ("prefer not to say", "prefer not to answer", "rather not say", "undisclosed", "declined"), "undisclosed"
    ),
}
TITLES = {
    **dict.fromkeys(("ms", "mrs", "miss", "mme", "mlle", "madame", "sra", "srta", "frau"), "woman"),
    **dict.fromkeys(("mr", "m", "monsieur", "sr", "herr", "sir"), "man"),
    **dict.fromkeys(("mx",), "nonbinary"),
}
YES = {"yes", "y", "true", "1", "x", "oui", "si", "ja", "fellow"}
INACTIVE = {"withdrawn", "rejected", "cancelled", "canceled", "deleted", "declined"}
COLUMNS = {
    "Gender": "gender",
    "Title": "title",
    "Affiliation": "affiliation",
    "Country": "member_state",
    "Region": "region",
    "Registration state": "status",
    "Participation": "participation",
    "Fellowship": "fellowship",
}


def fold(s: pd.Series) -> pd.Series:
    """Strip, case-fold, drop accents and trailing dots: ``" Féminin."`` -> ``"feminin"``."""
    s = s.str.strip().str.casefold()
    s = s.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return s.str.strip(" .")


def title_gender(title: pd.Series) -> pd.Series:
    """The gender a title implies, scanning words so that ``"H.E. Mr"`` gives man."""
    whole = fold(title).map(TITLES)
    words = fold(title).str.replace(".", " ", regex=False).str.split()
    first_hit = words.map(lambda ws: next((TITLES[w] for w in ws if w in TITLES), None), na_action="ignore")
    return whole.fillna(first_hit)


def counts(frame: pd.DataFrame) -> dict[str, int]:
    """Head counts by gender."""
    vc = frame["resolved"].value_counts()
    return {g: int(vc.get(g, 0)) for g in GENDERS}


def main(path: str) -> dict[str, object]:
    """Read ``path`` and return counts overall, for fellows, and by each breakdown field."""
    df = pd.read_csv(path, usecols=list(COLUMNS), dtype=str, keep_default_na=False).rename(columns=COLUMNS)
    for col in COLUMNS.values():
        df[col] = df[col].str.strip()
    # Map each distinct answer once (a few dozen), not each row.
    answers = df["gender"].drop_duplicates()
    declared = dict(zip(answers, fold(answers).map(ANSWERS), strict=True))
    titles = df["title"].drop_duplicates()
    by_title = dict(zip(titles, title_gender(titles), strict=True))
    resolved = df["gender"].map(declared).fillna(df["title"].map(by_title)).fillna("unknown")
    df["resolved"] = resolved
    active = df[~df["status"].str.casefold().isin(INACTIVE)]
    out: dict[str, object] = {
        "registrations": counts(active),
        "fellowships": counts(active[active["fellowship"].str.casefold().isin(YES)]),
    }
    for field in ("member_state", "region", "affiliation", "status", "participation"):
        frame = df if field == "status" else active
        frame = frame[frame[field] != ""]
        table = frame.groupby(field)["resolved"].value_counts().unstack(fill_value=0)
        table = table.reindex(columns=list(GENDERS), fill_value=0)
        out[f"registrations_by_{field}"] = {
            str(label): dict(zip(GENDERS, map(int, row), strict=True)) for label, *row in table.itertuples()
        }
    return out


if __name__ == "__main__":
    json.dump(main(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")
