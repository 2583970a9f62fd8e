#!/usr/bin/env bash
# Runs every notebook of notebooks/ once, headless on the kit's engine, with the small parameters of
# notebooks/ci-parameters.json, and stores the outputs in the notebook itself (kit notebook run --in-place): sources stay
# as written, the injected parameters cell is dropped, inlined plotly.js is removed (each chart keeps its static SVG).
# Needs a build and the packed kit (./build.sh does both; or dotnet build + dotnet pack -o artifacts/packages).
# The test NotebookSuiteTests.Notebook_runs_headless_with_the_kit_engine fails when the committed outputs are missing or
# structurally stale against its own run; re-run this script after changing a notebook.
#   eng/notebook-outputs.sh [NB.ipynb …]     (default: every notebook)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="${CONFIG:-Debug}"
KIT="$ROOT/src/AdaptiveEtl.Kit.Cli/bin/$CONFIG/net10.0/kit.dll"
[ -f "$KIT" ] || { echo "eng/notebook-outputs.sh: $KIT is missing: build first (dotnet build AdaptiveEtl.Kit.sln -c $CONFIG)" >&2; exit 1; }
command -v jq >/dev/null || { echo "eng/notebook-outputs.sh: jq is required" >&2; exit 1; }
PARAMS="$ROOT/notebooks/ci-parameters.json"
cd "$ROOT/notebooks"
if [ $# -gt 0 ]; then NOTEBOOKS=("$@"); else NOTEBOOKS=([0-9]*.ipynb); fi
for nb in "${NOTEBOOKS[@]}"; do
  name="$(basename "$nb")"
  stem="${name%.ipynb}"
  # relative to notebooks/ (the cells' working directory), so the committed outputs name no machine-specific path
  out="../artifacts/notebook-outputs/$stem"
  rm -rf "$out"; mkdir -p "$out"
  args=()
  while IFS= read -r kv; do
    kv="${kv//\{out\}/$out}"; kv="${kv//\{root\}/..}"
    args+=(-p "$kv")
  done < <(jq -r --arg nb "$name" '(.[$nb] // {}) | to_entries[] | "\(.key)=\(.value)"' "$PARAMS")
  echo "==> $name ${args[*]}"
  dotnet "$KIT" notebook run "$name" --in-place --quiet "${args[@]}"
  ls -l "$name"
done
