#!/usr/bin/env bash
# Rerunnable benchmark of docs/performance.md: builds in Release, starts the portal on 127.0.0.1 over a fresh SQLite
# folder with the bench floor endpoint on, measures every figure against its floor and prints a markdown table
# (also written to bench/results/last-run-{quick,full}.md). --quick: shorter runs and 10k/50k students (~3 min).
# --db postgres: the same figures on a fresh database of the local PostgreSQL cluster (the role test.sh creates;
# BENCH_POSTGRES=<Npgsql connection string> for another), plus the deadline day with two portal instances; results in
# bench/results/last-run-{quick,full}-postgres.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/RegistryCheck.Web -c Release -v q -nologo
dotnet build bench/RegistryCheck.Bench -c Release -v q -nologo
exec dotnet bench/RegistryCheck.Bench/bin/Release/net10.0/RegistryCheck.Bench.dll "$@"
