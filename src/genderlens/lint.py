"""Flag gender-specific terms in agenda text and suggest gender-neutral ones.

The word list follows the UN and ITU guidance on gender-inclusive language (``chairman`` -> ``chair``,
``manpower`` -> ``workforce``, ``ladies and gentlemen`` -> ``distinguished delegates``...), with a few
French and Spanish terms where the neutral form is uncontroversial. Files are read as text: plain text,
Markdown, CSV cells, and the ``SUMMARY``/``DESCRIPTION`` properties of iCalendar files. Each finding is
reported as ``file:line:col: term -> suggestion``, like a compiler warning.

A line containing ``genderlens: ignore`` is skipped. ``[tool.genderlens.lint]`` adds terms
(``extra = {"cameraman" = "camera operator"}``) or silences built-in ones (``ignore = ["manpower"]``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from genderlens import escape as esc
from genderlens.errors import AdapterError, GenderlensError
from genderlens.files import read_regular

#: Built-in terms and suggestions. In a term, a space matches any whitespace, ``-`` any hyphen or none
#: where written ``-?``, ``'`` a straight or curly apostrophe and ``/`` a slash with optional spaces.
TERMS: tuple[tuple[str, str], ...] = (
    # English: forms of address and titles
    ("madam chairman", "Madam Chair"),
    ("mr chairman", "Mr Chair"),
    ("mr. chairman", "Mr Chair"),
    ("chairman", "chair / chairperson"),
    ("chairmen", "chairs"),
    ("chairwoman", "chair"),
    ("chairwomen", "chairs"),
    ("chairmanship", "chairship / chair"),
    ("ladies and gentlemen", "distinguished delegates / dear colleagues"),
    ("gentlemen's agreement", "unwritten agreement / agreement in good faith"),
    ("gentleman's agreement", "unwritten agreement / agreement in good faith"),
    # English: pronouns
    ("he/she", "they"),
    ("she/he", "they"),
    ("s/he", "they"),
    ("(s)he", "they"),
    ("he or she", "they"),
    ("his/her", "their"),
    ("her/his", "their"),
    ("his or her", "their"),
    ("him/her", "them"),
    ("him or her", "them"),
    ("himself/herself", "themselves"),
    # English: nouns and adjectives
    ("manpower", "workforce / staff / human resources"),
    ("man-made", "artificial / human-made / synthetic"),
    ("manmade", "artificial / human-made / synthetic"),
    ("mankind", "humankind / humanity"),
    ("man-hours", "person-hours / work hours"),
    ("man hours", "person-hours / work hours"),
    ("manhours", "person-hours / work hours"),
    ("man-hour", "person-hour / work hour"),
    ("man-days", "person-days / workdays"),
    ("man-months", "person-months"),
    ("man-years", "person-years"),
    ("manned", "staffed / crewed"),
    ("unmanned", "uncrewed / remotely operated"),
    ("spokesman", "spokesperson"),
    ("spokesmen", "spokespersons / spokespeople"),
    ("businessman", "businessperson / entrepreneur"),
    ("businessmen", "business people / entrepreneurs"),
    ("fireman", "firefighter"),
    ("firemen", "firefighters"),
    ("policeman", "police officer"),
    ("policemen", "police officers"),
    ("statesman", "political leader / stateswoman or statesman"),
    ("statesmen", "political leaders"),
    ("workmanship", "quality of work / craft"),
    ("craftsmanship", "craft / skill"),
    ("layman", "layperson / non-specialist"),
    ("laymen", "laypeople / non-specialists"),
    ("cameraman", "camera operator"),
    ("cameramen", "camera operators"),
    ("salesman", "salesperson / sales representative"),
    ("salesmen", "salespeople / sales representatives"),
    ("middleman", "intermediary"),
    ("middlemen", "intermediaries"),
    ("foreman", "supervisor"),
    ("forefathers", "ancestors / forebears"),
    # French
    ("homme-heure", "heure-personne / heure de travail"),
    ("hommes-heures", "heures-personnes / heures de travail"),
    ("heures-hommes", "heures-personnes / heures de travail"),
    ("homme-jour", "jour-personne"),
    ("hommes-jours", "jours-personnes"),
    ("jours-hommes", "jours-personnes"),
    ("homme politique", "personnalité politique / responsable politique"),
    ("hommes politiques", "responsables politiques / personnalités politiques"),
    ("homme d'affaires", "chef d'entreprise / femme ou homme d'affaires"),
    ("hommes d'affaires", "gens d'affaires / milieux d'affaires"),
    # Spanish
    ("horas-hombre", "horas-persona / horas de trabajo"),
    ("horas hombre", "horas-persona / horas de trabajo"),
    ("hora-hombre", "hora-persona / hora de trabajo"),
    ("derechos del hombre", "derechos humanos"),
    ("hombre de negocios", "persona de negocios / empresaria o empresario"),
    ("hombres de negocios", "personas de negocios / el empresariado"),
    ("hecho por el hombre", "de origen humano / artificial"),
    ("creado por el hombre", "de origen humano / artificial"),
    ("señores delegados", "distinguidas delegaciones"),
)

#: A capitalised single word right after one of these is taken for a surname (``Dr Foreman``).
_HONORIFIC = re.compile(r"(?:\b(?:mr|mrs|ms|mx|dr|prof|m|mme|sr|sra)\.?\s+)$", re.IGNORECASE)
_IGNORE_MARK = "genderlens: ignore"
#: iCalendar properties whose text is linted.
ICS_PROPERTIES = ("SUMMARY", "DESCRIPTION")
ICS_SUFFIXES = frozenset({".ics", ".ical", ".ifb", ".icalendar"})
_ICS_ESCAPE = re.compile(r"\\[nN,;\\]")


class LintError(GenderlensError):
    """A file that ``genderlens lint`` cannot read as text."""


@dataclass(frozen=True)
class Finding:
    """One gender-specific term found in a file."""

    path: str
    line: int
    """1-based line number."""
    col: int
    """1-based column of the first character of the term."""
    found: str
    """The text as written (``Chairman``)."""
    term: str
    """The word-list entry that matched (``chairman``)."""
    suggestion: str

    def __str__(self) -> str:
        """Return ``path:line:col: found -> suggestion``."""
        return f"{self.path}:{self.line}:{self.col}: {self.found} -> {self.suggestion}"


def _term_regex(term: str) -> str:
    out = []
    i = 0
    while i < len(term):
        ch = term[i]
        if term.startswith("-?", i):
            out.append(r"[-‐‑]?")
            i += 2
            continue
        if ch == " ":
            out.append(r"\s+")
        elif ch == "-":
            out.append(r"[-‐‑]")
        elif ch == "'":
            out.append(r"['’]")
        elif ch == "/":
            out.append(r"\s*/\s*")
        else:
            out.append(re.escape(ch))
        i += 1
    return r"(?<!\w)" + "".join(out) + r"(?!\w)"


@dataclass(frozen=True)
class _Rule:
    term: str
    suggestion: str
    regex: re.Pattern[str]
    single_word: bool


def build_rules(extra: Mapping[str, str] | None = None, ignore: Iterable[str] = ()) -> list[_Rule]:
    """Compile the built-in terms plus ``extra``, without the terms in ``ignore`` (case-insensitive).

    Args:
        extra: More terms and their suggestions; a term here overrides a built-in suggestion.
        ignore: Terms not to flag.
    """
    skip = {t.strip().casefold() for t in ignore}
    merged = {t.casefold(): (t, s) for t, s in TERMS}
    merged.update({t.strip().casefold(): (t.strip(), s) for t, s in (extra or {}).items() if t.strip()})
    return [
        _Rule(term, suggestion, re.compile(_term_regex(term), re.IGNORECASE), re.fullmatch(r"\w+", term) is not None)
        for key, (term, suggestion) in merged.items()
        if key not in skip
    ]


def match_case(found: str, suggestion: str) -> str:
    """Give ``suggestion`` the case of ``found``: ``CHAIRMAN`` -> ``CHAIR``, ``Chairman`` -> ``Chair``."""
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return suggestion.upper()
    if letters and letters[0].isupper() and suggestion[:1].islower():
        return suggestion[0].upper() + suggestion[1:]
    return suggestion


def lint_line(text: str, rules: Sequence[_Rule]) -> list[tuple[int, str, _Rule]]:
    """Matches in one line as ``(0-based column, text found, rule)``; overlaps go to the longest match."""
    if _IGNORE_MARK in text:
        return []
    hits: list[tuple[int, int, str, _Rule]] = []
    for rule in rules:
        for m in rule.regex.finditer(text):
            found = m.group(0)
            if rule.single_word and found[:1].isupper() and _HONORIFIC.search(text, 0, m.start()):
                continue  # "Dr Foreman" is a person, not a job title
            hits.append((m.start(), m.end(), found, rule))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, str, _Rule]] = []
    end = -1
    for start, stop, found, rule in hits:
        if start >= end:
            out.append((start, found, rule))
            end = stop
    return out


def _ics_text_lines(lines: Sequence[str]) -> list[str]:
    """Lines with everything but SUMMARY/DESCRIPTION values blanked, escapes turned into spaces.

    Columns stay those of the file, so findings point at the right character.
    """
    out = []
    inside = False
    for line in lines:
        if line[:1] in {" ", "\t"}:
            value_start = 1 if inside else len(line)
        else:
            name = re.split(r"[;:]", line, maxsplit=1)[0].upper()
            inside = name in ICS_PROPERTIES
            value_start = _value_start(line) if inside else len(line)
        masked = " " * value_start + line[value_start:]
        out.append(_ICS_ESCAPE.sub(lambda m: " " + (m.group(0)[1] if m.group(0)[1] in ",;" else " "), masked))
    return out


def _value_start(line: str) -> int:
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return i + 1
    return len(line)


def read_text(path: str | Path) -> str:
    """Read a text file in UTF-8 (with or without BOM), UTF-16 or Windows-1252.

    Raises:
        LintError: The file cannot be read or is not text.
    """
    from genderlens.default_plugins.csv_adapter import detect_encoding

    try:
        data = read_regular(path)  # regular files only, within the file size limit
    except AdapterError as exc:
        raise LintError(str(exc)) from exc
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and data[1:2] != b"\0":
        msg = f"{path}: not a text file"
        raise LintError(msg)
    try:
        return data.decode(detect_encoding(data[:65536]))
    except UnicodeDecodeError as exc:
        msg = f"{path}: not a text file ({exc.reason} at byte {exc.start})"
        raise LintError(msg) from exc


def lint_text(text: str, path: str, rules: Sequence[_Rule], *, ics: bool = False) -> list[Finding]:
    """Findings in ``text`` (the contents of ``path``)."""
    lines = text.splitlines()
    scan = _ics_text_lines(lines) if ics else lines
    return [
        Finding(path, n, col + 1, found, rule.term, match_case(found, rule.suggestion))
        for n, line in enumerate(scan, 1)
        for col, found, rule in lint_line(line, rules)
    ]


def lint_files(
    paths: Sequence[str], *, extra: Mapping[str, str] | None = None, ignore: Iterable[str] = ()
) -> list[Finding]:
    """Lint every file in ``paths``; the first unreadable file raises :class:`LintError`.

    Args:
        paths: Files to read as text.
        extra: More terms to flag, with suggestions.
        ignore: Built-in terms not to flag.
    """
    rules = build_rules(extra, ignore)
    texts = [(p, read_text(p)) for p in paths]  # read everything first: no partial output on error
    return [f for p, text in texts for f in lint_text(text, p, rules, ics=Path(p).suffix.lower() in ICS_SUFFIXES)]


# -- output ---------------------------------------------------------------------------------------------


def format_text(findings: Sequence[Finding], paths: Sequence[str]) -> str:
    """One ``file:line:col: term -> suggestion`` line per finding."""
    return "".join(f"{esc.terminal(str(f))}\n" for f in findings)


def format_json(findings: Sequence[Finding], paths: Sequence[str]) -> str:
    """``{"files": N, "findings": [...]}``."""
    return json.dumps({"files": len(paths), "findings": [asdict(f) for f in findings]}, indent=2) + "\n"


def format_junit(findings: Sequence[Finding], paths: Sequence[str]) -> str:
    """JUnit XML: one test case per file, failing with one ``<failure>`` per finding."""
    cases = []
    failed = 0
    for path in paths:
        mine = [f for f in findings if f.path == path]
        failed += bool(mine)
        body = "".join(
            f"<failure type={quoteattr(esc.xml(f.term))} message={quoteattr(esc.xml(str(f)))}>"
            f"{escape(esc.xml(str(f)))}</failure>"
            for f in mine
        )
        cases.append(f'    <testcase classname="genderlens.lint" name={quoteattr(esc.xml(path))}>{body}</testcase>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="genderlens lint" tests="{len(paths)}" failures="{failed}">\n'
        f'  <testsuite name="gendered language" tests="{len(paths)}" failures="{failed}" errors="0" skipped="0">\n'
        + "".join(c + "\n" for c in cases)
        + "  </testsuite>\n</testsuites>\n"
    )


def format_markdown(findings: Sequence[Finding], paths: Sequence[str]) -> str:
    """A Markdown table for a pull-request comment or ``$GITHUB_STEP_SUMMARY``."""
    if not findings:
        return f"## Gender-neutral language\n\n✅ No gender-specific terms in {len(paths)} file(s).\n"
    out = [
        "## Gender-neutral language",
        "",
        f"⚠️ {len(findings)} gender-specific term(s) in {len({f.path for f in findings})} of {len(paths)} file(s).",
        "",
        "| Where | Found | Suggestion |",
        "|---|---|---|",
    ]
    for f in findings:
        where = esc.markdown_code(f"{f.path}:{f.line}:{f.col}").replace("|", "\\|")
        out.append(f"| `{where}` | {esc.markdown(f.found)} | {esc.markdown(f.suggestion)} |")
    return "\n".join(out) + "\n"


FORMATTERS = {"text": format_text, "json": format_json, "junit": format_junit, "markdown": format_markdown}
