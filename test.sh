#!/usr/bin/env bash
# Runs every test of RegistryCheck:
#   1. unit, integration (over migrated SQLite) and browser tests (Debian's Chromium) — dotnet test RegistryCheck.sln;
#   2. the integration tests again on PostgreSQL, including the two-instance test.
# Installs and starts what the tests need when it is missing, so it works on a fresh machine of this kind (as root).
set -euo pipefail
cd "$(dirname "$0")"

as_root() { [ "$(id -u)" = "0" ]; }

need_apt=()
# Browser tests drive Debian's Chromium; Chinese text needs a CJK font or it renders as boxes.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || need_apt+=(fonts-wqy-microhei)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
# The evidence packet's PDFs use DroidSansFallbackFull.ttf (CJK) and DejaVuSans.ttf (digits, Latin: Droid's fallback font has none); the tests read their text with poppler's pdftotext.
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || need_apt+=(fonts-droid-fallback)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
# The e-mail tests start a real SMTP server (Debian python3-aiosmtpd, run by /usr/bin/python3).
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || need_apt+=(python3-aiosmtpd)
if [ ${#need_apt[@]} -gt 0 ]; then
    if as_root; then
        echo "Installing ${need_apt[*]} with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "Missing ${need_apt[*]}: install them with apt-get as root (browser and PostgreSQL tests need them)." >&2
    fi
fi

dotnet tool restore >/dev/null
dotnet test RegistryCheck.sln --nologo "$@"

# PostgreSQL: Debian creates the cluster but does not start it. A dedicated role may create the test databases.
pg_password="registrycheck-test"
if command -v pg_ctlcluster >/dev/null 2>&1 && as_root; then
    cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
    # shellcheck disable=SC2086
    pg_ctlcluster $cluster start 2>/dev/null || true
    for _ in $(seq 1 30); do su postgres -c "pg_isready -q" && break; sleep 1; done
    su postgres -c "psql -q -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'registrycheck_test') THEN
    CREATE ROLE registrycheck_test LOGIN CREATEDB CREATEROLE PASSWORD '$pg_password';
  END IF;
END \$\$;
-- DatabaseRoleTests create the portal's migration and app roles (deploy/postgresql-roles.sql).
ALTER ROLE registrycheck_test CREATEROLE;
-- DROP DATABASE ... WITH (FORCE) must also end an autovacuum worker that happens to be in a test database.
GRANT pg_signal_backend TO registrycheck_test;
SQL
    export REGISTRYCHECK_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=registrycheck_test;Password=$pg_password"
fi

if [ -n "${REGISTRYCHECK_TEST_POSTGRES:-}" ]; then
    echo "Integration tests on PostgreSQL"
    dotnet test tests/RegistryCheck.IntegrationTests --nologo --no-build "$@"
else
    echo "PostgreSQL is not available (run as root, or set REGISTRYCHECK_TEST_POSTGRES): the PostgreSQL run was not done." >&2
    exit 1
fi
