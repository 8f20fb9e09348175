#!/usr/bin/env bash
# What the page tests need besides the Python packages: Debian's chromium (playwright never
# downloads a browser here) and axe-core from npm. Run by `make test` once; safe to re-run,
# and a no-op taking milliseconds when both are already in place.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "setup.sh: need root (or sudo) to run: $*" >&2
        exit 1
    fi
}

apt_install() {
    # Try without `apt-get update` first: it is slow, and the package lists are usually fresh.
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
        as_root apt-get update -qq
        as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    fi
}

if [ ! -x /usr/bin/chromium ]; then
    echo "setup.sh: installing Debian's chromium for the page tests"
    apt_install chromium
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "setup.sh: installing npm for axe-core"
    apt_install npm
fi

wanted="$(sed -n 's/.*"axe-core": *"\([^"]*\)".*/\1/p' "$here/package.json")"
installed=""
if [ -f "$here/node_modules/axe-core/package.json" ]; then
    installed="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
        "$here/node_modules/axe-core/package.json" | head -n 1)"
fi
if [ "$installed" != "$wanted" ] || [ ! -f "$here/node_modules/axe-core/axe.min.js" ]; then
    echo "setup.sh: installing axe-core $wanted"
    cd "$here"
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    else
        npm install --no-audit --no-fund --loglevel=error
    fi
fi
