#!/usr/bin/env bash
# Run the Indico plugin's tests inside real Indico 3.3.14 with a throwaway PostgreSQL and redis.
#
#   .ci/indico-tests.sh [pytest args...]
#
# Creates (or reuses) a Python 3.12 venv in .tox/indico-venv, installs Indico, the test dependencies, the
# genderlens core and the plugin, starts PostgreSQL as the 'postgres' OS user (initdb refuses root), and
# FAILS when any test is skipped: Indico's fixtures skip every DB test when no database can be started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PYTHON=${INDICO_PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.12 /root/.pyenv/versions/3.12.*/bin/python3.12 /usr/bin/python3.12; do
    # (pyenv shims exist even when they cannot run, so try each one)
    if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
      PYTHON=$candidate
      break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "indico-tests: Python 3.12 not found (set INDICO_PYTHON)" >&2; exit 2; }

VENV=$ROOT/.tox/indico-venv
PG_DIR=$ROOT/.ci/pg
REPORT_DIR=$ROOT/.tox/indico-report
INDICO_VERSION=3.3.14
# Indico's own test dependencies (the indico[dev] pins), without the heavy rest of that extra.
TEST_DEPS=(pytest==9.1.1 pytest-mock==3.15.1 pytest-redis==4.0.0 pytest-localserver==0.10.0
           freezegun==1.5.5 responses==0.26.2 docker==7.2.0)
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)

if ! command -v redis-server >/dev/null; then
  echo "indico-tests: installing redis-server" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server; }
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
  "${PIP[@]}" install -U pip
fi
if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('indico') != '$INDICO_VERSION')" 2>/dev/null; then
  # Every Indico 3.3 release declares Requires-Python >=3.12.2; it runs fine on 3.12.1.
  "${PIP[@]}" install --ignore-requires-python "indico==$INDICO_VERSION" "${TEST_DEPS[@]}"
fi
"${PIP[@]}" install -e . -e plugins/indico
"${PIP[@]}" check

stop_pg() { "$ROOT/.ci/start-test-pg.sh" --stop "$PG_DIR"; }
trap stop_pg EXIT
eval "$("$ROOT/.ci/start-test-pg.sh" "$PG_DIR")"
if [ -z "${INDICO_TEST_DATABASE_URI:-}" ]; then
  echo "indico-tests: INDICO_TEST_DATABASE_URI is not set; the DB tests would be skipped" >&2
  exit 1
fi
export INDICO_TEST_DATABASE_URI

mkdir -p "$REPORT_DIR"
JUNIT=$REPORT_DIR/junit.xml
rm -f "$JUNIT"
cd plugins/indico
status=0
"$VENV/bin/python" -m pytest -rs --junitxml="$JUNIT" "$@" || status=$?
[ "$status" -eq 0 ] || exit "$status"

"$VENV/bin/python" - "$JUNIT" <<'PY'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = sum(int(s.get("tests", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
if tests == 0 or skipped:
    sys.exit(f"indico-tests: {tests} tests ran and {skipped} were skipped; every test must run against PostgreSQL")
print(f"indico-tests: {tests} tests ran against PostgreSQL, none skipped")
PY
