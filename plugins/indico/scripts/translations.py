"""Extract the plugin's strings, update the French and Spanish catalogues, and compile them.

    python plugins/indico/scripts/translations.py          # in the Indico venv (needs babel and jinja2)

Strings are marked the Indico way: ``_()`` from ``indico_genderlens`` (``make_bound_gettext("genderlens")``) in
Python, ``{% trans %}`` in the templates. Catalogues live in ``indico_genderlens/translations/<locale>/LC_MESSAGES/``
(``messages.po``, compiled to ``messages.mo``), where Indico looks for a plugin's translations.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "indico_genderlens"
LOCALES = ("fr_FR", "es_ES")


def extract() -> Catalog:
    template = Catalog(project="indico-plugin-genderlens")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, [("**.py", "python")], keywords={"_": None}
    ):
        template.add(
            message, None, [(f"indico_genderlens/{filename}", lineno)], auto_comments=comments, context=context
        )
    for path in sorted((PACKAGE / "templates").glob("*.html")):
        with path.open("rb") as f:
            for lineno, _func, message, _comments in babel_extract(f, ("_", "gettext"), [], {}):
                template.add(message, None, [(f"indico_genderlens/templates/{path.name}", lineno)])
    return template


def main() -> int:
    template = extract()
    for locale in LOCALES:
        folder = PACKAGE / "translations" / locale / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        po = folder / "messages.po"
        if po.exists():
            with po.open("rb") as f:
                catalog = read_po(f, locale=locale)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            catalog = Catalog(locale=locale, project="indico-plugin-genderlens")
            catalog.update(template)
        with po.open("wb") as f:
            write_po(f, catalog, width=120, omit_header=False, ignore_obsolete=True)
        with (folder / "messages.mo").open("wb") as f:
            write_mo(f, catalog)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{locale}: {len(catalog) - 1} strings, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
