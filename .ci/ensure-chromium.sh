#!/usr/bin/env bash
# Make sure headless Chromium is installed for the `chromium` tests (tests/test_html_report.py).
# Idempotent: does nothing when `chromium` is already on PATH. Debian/Ubuntu only; needs root or sudo.
# With CI set, the chromium tests fail instead of skipping when the browser is missing, so call this first.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y chromium
command -v chromium
