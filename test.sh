#!/usr/bin/env bash
# Runs every test of RegistryCheck: unit, integration (over migrated SQLite) and, once present, browser tests.
# Installs what the tests need when it is missing, so it works on a fresh machine of this kind.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
# Browser tests drive Debian's Chromium; Chinese text needs a CJK font or it renders as boxes.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
        echo "Installing ${need_apt[*]} with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "Missing ${need_apt[*]}: install them with apt-get (as root) for the browser tests." >&2
    fi
fi

dotnet tool restore >/dev/null
dotnet test RegistryCheck.sln --nologo "$@"
