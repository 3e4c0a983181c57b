"""Write a deterministic registration export like an ITU/WSIS one, for benchmarks.

Usage::

    python benchmarks/generate.py [OUT.csv] [--rows 1000000] [--seed 2025]

OUT defaults to ``benchmarks/out/registrations-ROWS-SEED.csv`` (git-ignored), where
``bench_registrations.py`` looks for it.

Columns: ``ID,Name,Email Address,Title,Gender,Affiliation,Country,Region,Registration state,
Participation,Fellowship``. Gender is self-declared in the spellings registration forms collect
(``F``, ``Female``, ``Woman``, ``Femme``, ``M``, ``Male``, ``Homme``, ``Non-binary``, ``Prefer not to
say``, blank, with stray spaces), titles agree with it most of the time, ~190 member states map to the
six ITU regions, and a few hundred affiliations follow a long-tailed distribution: each member state's
administration and regulator, plus international organisations, companies and universities.
The same seed and row count always give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
from pathlib import Path

HEADER = (
    "ID",
    "Name",
    "Email Address",
    "Title",
    "Gender",
    "Affiliation",
    "Country",
    "Region",
    "Registration state",
    "Participation",
    "Fellowship",
)

#: ITU-D regions and their member states (193 in all).
REGIONS: dict[str, tuple[str, ...]] = {
    "Africa": (
        "Algeria Angola Benin Botswana Burkina-Faso Burundi Cabo-Verde Cameroon Central-African-Republic Chad "
        "Comoros Congo Côte-d'Ivoire Democratic-Republic-of-the-Congo Equatorial-Guinea Eritrea Eswatini Ethiopia "
        "Gabon Gambia Ghana Guinea Guinea-Bissau Kenya Lesotho Liberia Madagascar Malawi Mali Mauritius "
        "Mozambique Namibia Niger Nigeria Rwanda Sao-Tome-and-Principe Senegal Seychelles Sierra-Leone "
        "South-Africa South-Sudan Tanzania Togo Uganda Zambia Zimbabwe"
    ),
    "Americas": (
        "Antigua-and-Barbuda Argentina Bahamas Barbados Belize Bolivia Brazil Canada Chile Colombia Costa-Rica "
        "Cuba Dominica Dominican-Republic Ecuador El-Salvador Grenada Guatemala Guyana Haiti Honduras Jamaica "
        "Mexico Nicaragua Panama Paraguay Peru Saint-Kitts-and-Nevis Saint-Lucia "
        "Saint-Vincent-and-the-Grenadines Suriname Trinidad-and-Tobago United-States Uruguay Venezuela"
    ),
    "Arab States": (
        "Bahrain Djibouti Egypt Iraq Jordan Kuwait Lebanon Libya Mauritania Morocco Oman Palestine Qatar "
        "Saudi-Arabia Somalia Sudan Syrian-Arab-Republic Tunisia United-Arab-Emirates Yemen"
    ),
    "Asia & Pacific": (
        "Afghanistan Australia Bangladesh Bhutan Brunei-Darussalam Cambodia China Fiji India Indonesia Iran "
        "Japan Kiribati Korea Lao-P.D.R. Malaysia Maldives Marshall-Islands Micronesia Mongolia Myanmar Nauru "
        "Nepal New-Zealand Pakistan Papua-New-Guinea Philippines Samoa Singapore Solomon-Islands Sri-Lanka "
        "Thailand Timor-Leste Tonga Tuvalu Vanuatu Viet-Nam"
    ),
    "CIS": "Armenia Azerbaijan Belarus Kazakhstan Kyrgyzstan Russian-Federation Tajikistan Turkmenistan Uzbekistan",
    "Europe": (
        "Albania Andorra Austria Belgium Bosnia-and-Herzegovina Bulgaria Croatia Cyprus Czech-Republic Denmark "
        "Estonia Finland France Georgia Germany Greece Hungary Iceland Ireland Israel Italy Latvia Liechtenstein "
        "Lithuania Luxembourg Malta Moldova Monaco Montenegro Netherlands North-Macedonia Norway Poland "
        "Portugal Romania San-Marino Serbia Slovakia Slovenia Spain Sweden Switzerland Türkiye Ukraine "
        "United-Kingdom Vatican"
    ),
}
STATES: tuple[tuple[str, str], ...] = tuple(
    (name.replace("-", " "), region) for region, names in REGIONS.items() for name in names.split()
)

#: Organisations anyone may come from (sector members, academia, civil society, UN family).
ORGANISATIONS = (
    "ITU",
    "UNESCO",
    "UNDP",
    "UNCTAD",
    "UN DESA",
    "UNICEF",
    "UN Women",
    "World Bank",
    "WIPO",
    "WHO",
    "FAO",
    "ILO",
    "UNHCR",
    "UNEP",
    "OECD",
    "European Commission",
    "African Union Commission",
    "GSMA",
    "Internet Society",
    "ICANN",
    "IEEE",
    "W3C",
    "Internet Governance Forum",
    "Access Now",
    "Article 19",
    "APC",
    "Diplo Foundation",
    "Global Partners Digital",
    "Web Foundation",
    "Wikimedia Foundation",
    "Mozilla Foundation",
    "Microsoft",
    "Google",
    "Meta",
    "Amazon Web Services",
    "Apple",
    "Huawei Technologies",
    "ZTE Corporation",
    "Ericsson",
    "Nokia",
    "Cisco Systems",
    "Intel Corporation",
    "Qualcomm",
    "Samsung Electronics",
    "NTT",
    "KDDI",
    "SoftBank",
    "China Mobile",
    "China Telecom",
    "Orange",
    "Vodafone Group",
    "Deutsche Telekom",
    "Telefónica",
    "BT Group",
    "AT&T",
    "Verizon",
    "MTN Group",
    "Safaricom",
    "Airtel Africa",
    "Etisalat (e&)",
    "Ooredoo",
    "STC",
    "América Movil",
    "Millicom",
    "Digicel",
    "Rostelecom",
    "Kazakhtelecom",
    "Turkcell",
    "SES",
    "Eutelsat",
    "Inmarsat",
    "Intelsat",
    "Starlink (SpaceX)",
    "IBM",
    "Oracle",
    "SAP",
    "Siemens",
    "Thales",
    "Accenture",
    "Deloitte",
    "PwC",
    "KPMG",
    "McKinsey & Company",
    "Boston Consulting Group",
    "Gates Foundation",
    "Ford Foundation",
    "Rockefeller Foundation",
    "Open Society Foundations",
    "Red Cross (ICRC)",
    "IFRC",
    "Plan International",
    "Save the Children",
    "Oxfam",
    "Amnesty International",
    "Human Rights Watch",
    "Electronic Frontier Foundation",
    "Privacy International",
    "Paradigm Initiative",
    "KICTANet",
    "Research ICT Africa",
    "LIRNEasia",
    "Derechos Digitales",
    "Internet Lab",
    "Digital Empowerment Foundation",
    "Smart Africa",
    "African Telecommunications Union",
    "Asia-Pacific Telecommunity",
    "CITEL",
    "CEPT",
    "Arab ICT Organization",
    "Regional Commonwealth in the field of Communications (RCC)",
    "Caribbean Telecommunications Union",
    "Pacific Islands Telecommunications Association",
    "Commonwealth Telecommunications Organisation",
    "Massachusetts Institute of Technology",
    "Stanford University",
    "Harvard University",
    "University of Oxford",
    "University of Cambridge",
    "ETH Zurich",
    "EPFL",
    "University of Geneva",
    "Graduate Institute Geneva",
    "Sorbonne Université",
    "Sciences Po",
    "TU Delft",
    "KTH Royal Institute of Technology",
    "Tsinghua University",
    "Peking University",
    "University of Tokyo",
    "KAIST",
    "National University of Singapore",
    "Indian Institute of Technology Bombay",
    "University of Cape Town",
    "University of Nairobi",
    "Makerere University",
    "American University in Cairo",
    "Universidade de São Paulo",
    "Universidad de Buenos Aires",
    "UNAM",
    "University of the West Indies",
    "University of Melbourne",
    "Moscow State University",
    "Freelance / independent",
    "Student",
    "Self-employed",
)
#: Spellings of the self-declared answer, by what they mean, with weights within that meaning.
GENDER_SPELLINGS = {
    "woman": (
        ("Female", 40),
        ("F", 25),
        ("Woman", 10),
        ("female", 8),
        ("Femme", 6),
        ("Féminin", 2),
        ("Mujer", 2),
        (" Female", 1),
        ("F ", 1),
    ),
    "man": (
        ("Male", 40),
        ("M", 25),
        ("Man", 10),
        ("male", 8),
        ("Homme", 6),
        ("Masculin", 2),
        ("Hombre", 2),
        ("Male ", 1),
        (" M", 1),
    ),
    "nonbinary": (("Non-binary", 60), ("Nonbinary", 20), ("Other", 15), ("X", 5)),
    "undisclosed": (("Prefer not to say", 80), ("Prefer not to answer", 15), ("Rather not say", 5)),
    "blank": (("", 100),),
}
#: Who registers (share of each answer) and how often the answer is left blank.
GENDER_MIX = (("woman", 38), ("man", 48), ("nonbinary", 1), ("undisclosed", 3), ("blank", 10))
TITLES = {
    "woman": (("Ms", 60), ("Mrs", 8), ("Mme", 10), ("Dr", 12), ("Prof.", 2), ("", 8)),
    "man": (("Mr", 70), ("M.", 6), ("Dr", 14), ("Prof.", 3), ("H.E. Mr", 1), ("", 6)),
    "other": (("Mx", 20), ("Dr", 20), ("", 60)),
}
STATUS = (("Completed", 84), ("Pending", 8), ("Withdrawn", 7), ("Rejected", 1))
PARTICIPATION = (("In person", 55), ("Remote", 45))
FELLOWSHIP = (("No", 93), ("Yes", 4), ("", 3))
FIRST = {
    "woman": "Amina Maria Fatima Anna Sofia Li Priya Olga Grace Aisha Elena Chloé Lucía Yuki Nadia Zainab Ingrid Ana",
    "man": "Ahmed John Wei Carlos Ivan Pierre Rajesh Kwame Juan Mohammed David Hiroshi Olumide Luca Pedro Omar Sergei",
}
LAST = [
    "Diallo",
    "Smith",
    "Wang",
    "Garcia",
    "Ivanova",
    "Dubois",
    "Kumar",
    "Mensah",
    "Rodriguez",
    "Hassan",
    "Müller",
    "Tanaka",
    "Okafor",
    "Rossi",
    "Silva",
    "Nguyen",
    "Kowalski",
    "Haddad",
    "Novak",
    "Johansson",
    "Mwangi",
    "Sato",
    "Chen",
    "Martin",
    "Kim",
    "Fernandes",
    "Popescu",
    "Ali",
    "Osei",
    "Lopez",
]


def _weighted(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [v for v, _ in pairs], list(itertools.accumulate(w for _, w in pairs))


def generate(path: Path, rows: int = 1_000_000, seed: int = 2025) -> int:
    """Write ``rows`` registrations to ``path``; returns the file size in bytes."""
    rng = random.Random(seed)
    choices = rng.choices
    path.parent.mkdir(parents=True, exist_ok=True)
    mix_v, mix_w = _weighted(GENDER_MIX)
    spell = {k: _weighted(v) for k, v in GENDER_SPELLINGS.items()}
    titles = {k: _weighted(v) for k, v in TITLES.items()}
    status_v, status_w = _weighted(STATUS)
    part_v, part_w = _weighted(PARTICIPATION)
    fellow_v, fellow_w = _weighted(FELLOWSHIP)
    # Member states: bigger delegations from some (a long tail, shuffled so the tail is not alphabetical).
    states = list(STATES)
    rng.shuffle(states)
    state_w = list(itertools.accumulate(1.0 / (i + 3) ** 0.8 for i in range(len(states))))
    # Affiliations: 60% of registrants come from their own ministry or regulator, the rest from a
    # long-tailed list of organisations (~540 distinct affiliations in all).
    org_w = list(itertools.accumulate(1.0 / (i + 2) for i in range(len(ORGANISATIONS))))
    first = {k: v.split() for k, v in FIRST.items()}
    first["other"] = first["woman"] + first["man"]
    domains = ("gmail.com", "itu.int", "gov", "org", "outlook.com", "yahoo.com", "edu")
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")  # as Excel and Indico write it
        out.writerow(HEADER)
        batch = []
        for n in range(1, rows + 1):
            meaning = choices(mix_v, cum_weights=mix_w)[0]
            gender = choices(*spell[meaning])[0]
            kind = meaning if meaning in ("woman", "man") else "other"
            if meaning == "blank" or meaning == "undisclosed":
                kind = "woman" if rng.random() < 0.45 else "man"
            title = choices(*titles[kind])[0]
            state, region = choices(states, cum_weights=state_w)[0]
            r = rng.random()
            if r < 0.45:
                affiliation = f"Ministry of ICT, {state}"
            elif r < 0.60:
                affiliation = f"{state} National Regulatory Authority"
            else:
                affiliation = choices(ORGANISATIONS, cum_weights=org_w)[0]
            given = rng.choice(first[kind])
            family = rng.choice(LAST)
            email = f"{given.lower()}.{family.lower()}{n % 997}@{rng.choice(domains)}"
            batch.append(
                (
                    f"{100000 + n}",
                    f"{given} {family}",
                    email,
                    title,
                    gender,
                    affiliation,
                    state,
                    region,
                    choices(status_v, cum_weights=status_w)[0],
                    choices(part_v, cum_weights=part_w)[0],
                    choices(fellow_v, cum_weights=fellow_w)[0],
                )
            )
            if len(batch) >= 10000:
                out.writerows(batch)
                batch.clear()
        out.writerows(batch)
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", help="CSV to write (default: benchmarks/out/registrations-ROWS-SEED.csv)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    args.out = args.out or str(Path(__file__).parent / "out" / f"registrations-{args.rows}-{args.seed}.csv")
    size = generate(Path(args.out), args.rows, args.seed)
    print(f"wrote {args.out}: {args.rows:,} rows, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
