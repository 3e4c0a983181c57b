#!/usr/bin/env bash
# Step 1 of the composite action (action.yml): install genderlens and every adapter from the action's
# own checkout, so the files it reads (.csv .tsv .xlsx .ics .json, Indico URLs) work out of the box.
set -euo pipefail
cd "${GENDERLENS_ACTION_PATH:?set by action.yml}"
python -m pip install --disable-pip-version-check --quiet -r requirements-all.txt
genderlens --version
