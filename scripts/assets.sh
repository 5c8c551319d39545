#!/usr/bin/env bash
# Front-end libraries from the npm registry (versions pinned in package-lock.json), copied into
# the gitignored static vendor dir so every page loads them locally — never from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=planwatch/web/static/vendor
if ! command -v npm >/dev/null 2>&1; then
    echo "npm 未安装：图表与 HTMX 将不可用 / npm not found: charts and HTMX disabled" >&2
    exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$vendor"
cp node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js "$vendor/"
touch "$vendor/.stamp"
