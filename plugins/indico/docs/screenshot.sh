#!/usr/bin/env bash
# Take docs/dashboard.png: a real Indico dev server (Indico 3.3.14, PostgreSQL, redis) serving a demo event,
# captured with headless Chromium. Needs the venv built by .ci/indico-tests.sh. Usage: docs/screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
VENV=$ROOT/.tox/indico-venv
WORK=$(mktemp -d /tmp/genderlens-demo.XXXXXX)
chmod 0755 "$WORK"  # the postgres user must reach its data dir inside
PG_DIR=$WORK/pg
PORT=${PORT:-8765}
REDIS_PORT=${REDIS_PORT:-6399}
cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  "$ROOT/.ci/start-test-pg.sh" --stop "$PG_DIR"
  rm -rf "$WORK"
}
trap cleanup EXIT

PG_ENV=$("$ROOT/.ci/start-test-pg.sh" "$PG_DIR")  # a fresh DB named indicotest
eval "$PG_ENV"
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes >/dev/null
mkdir -p "$WORK"/{etc,cache,tmp,log,archive}
cat > "$WORK/etc/indico.conf" <<CONF
SQLALCHEMY_DATABASE_URI = 'postgresql:///indicotest?host=$PG_DIR&user=postgres'
SECRET_KEY = 'demo-only-$(date +%s%N)'
BASE_URL = 'http://127.0.0.1:$PORT'
CELERY_BROKER = 'redis://127.0.0.1:$REDIS_PORT/0'
REDIS_CACHE_URL = 'redis://127.0.0.1:$REDIS_PORT/1'
DEFAULT_TIMEZONE = 'UTC'
DEFAULT_LOCALE = 'en_GB'
ENABLE_ROOMBOOKING = False
CACHE_DIR = '$WORK/cache'
TEMP_DIR = '$WORK/tmp'
LOG_DIR = '$WORK/log'
STORAGE_BACKENDS = {'default': 'fs:$WORK/archive'}
ATTACHMENT_STORAGE = 'default'
SMTP_SERVER = ('localhost', 8025)
SUPPORT_EMAIL = 'root@localhost'
PUBLIC_SUPPORT_EMAIL = 'root@localhost'
NO_REPLY_EMAIL = 'noreply@localhost'
PLUGINS = {'genderlens'}
DEBUG = True
CONF
export INDICO_CONFIG=$WORK/etc/indico.conf
"$VENV/bin/indico" setup create-logging-config "$WORK/etc" >/dev/null
"$VENV/bin/indico" db prepare >/dev/null
"$VENV/bin/python" plugins/indico/docs/demo_server.py 127.0.0.1 "$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
  sleep 0.5
done
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$WORK/chromium" --window-size=1400,2000 \
  --virtual-time-budget=8000 --screenshot="$ROOT/plugins/indico/docs/dashboard.png" \
  "http://127.0.0.1:$PORT/_demo_login" 2>"$WORK/chromium.log" || { cat "$WORK/chromium.log" "$WORK/server.log" >&2; exit 1; }
grep -q "GET /event/[0-9]*/manage/gender-balance/ .* 200" "$WORK/server.log" || { cat "$WORK/server.log" >&2; exit 1; }
echo "wrote plugins/indico/docs/dashboard.png"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$WORK/chromium2" --window-size=1400,2000 \
  --virtual-time-budget=8000 --screenshot="$ROOT/plugins/indico/docs/category.png" \
  "http://127.0.0.1:$PORT/_demo_category" 2>"$WORK/chromium.log" || { cat "$WORK/chromium.log" "$WORK/server.log" >&2; exit 1; }
grep -q "GET /category/[0-9]*/manage/gender-balance/.* 200" "$WORK/server.log" || { cat "$WORK/server.log" >&2; exit 1; }
echo "wrote plugins/indico/docs/category.png"
