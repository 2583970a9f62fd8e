#!/usr/bin/env bash
# The kit's two set-up commands (see README.md):
#   ./build.sh run    restore, build, pack, then the end-to-end batch run on the embedded defaults (HTML report under work/)
#   ./build.sh test   restore, build, pack, then the whole test suite
# Both install what the machine lacks (Debian packages when run as root) and patch TorchSharp's native library where the
# system libstdc++ is too old (eng/patch-torchsharp.sh). Extra arguments after `run` go to `kit run`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
MODE="${1:-}"; shift || true
CONFIG="${CONFIG:-Debug}"            # configuration of the build the tests and `kit run` use
PACK_CONFIG="${PACK_CONFIG:-Release}" # configuration of the packages in artifacts/packages (what notebooks and scripts load): Release, so users get the kit's speed; PACK_CONFIG=Debug packs the test build
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

case "$MODE" in
  run|test) ;;
  *) echo "usage: ./build.sh run [kit run options] | ./build.sh test [dotnet test options]" >&2; exit 2;;
esac

command -v dotnet >/dev/null || { echo "build.sh: the .NET 10 SDK (dotnet) is required: https://dot.net" >&2; exit 1; }

bash eng/setup-system.sh "$MODE"

step() { echo; echo "==> $*"; }
step "restore"
dotnet restore AdaptiveEtl.Kit.sln -v q
step "patch TorchSharp native library if needed"
bash eng/patch-torchsharp.sh
step "build ($CONFIG)"
dotnet build AdaptiveEtl.Kit.sln -c "$CONFIG" --no-restore -v q -nologo
step "pack ($PACK_CONFIG) into artifacts/packages"
rm -f artifacts/packages/AdaptiveEtl.Kit*.nupkg
# Exported .cs scripts restore the kit into artifacts/script-packages; NuGet never re-extracts a version it has, so drop it.
rm -rf artifacts/script-packages
if [ "$PACK_CONFIG" = "$CONFIG" ]; then
  dotnet pack AdaptiveEtl.Kit.sln -c "$CONFIG" --no-build -v q -nologo -o artifacts/packages
else
  # Only the packable library projects are built in $PACK_CONFIG (tests stay in $CONFIG), one after the other so shared
  # dependencies compile once.
  for proj in $(grep -l '<IsPackable>true</IsPackable>' src/*/*.csproj | sort); do
    dotnet pack "$proj" -c "$PACK_CONFIG" --no-restore -v q -nologo -o artifacts/packages
  done
fi
ls artifacts/packages

if [ "$MODE" = run ]; then
  step "kit run"
  exec dotnet "src/AdaptiveEtl.Kit.Cli/bin/$CONFIG/net10.0/kit.dll" run "$@"
fi

step "test"
LOG="$(mktemp)"
set +e
dotnet test AdaptiveEtl.Kit.sln -c "$CONFIG" --no-build -nologo "$@" 2>&1 | tee "$LOG"
STATUS=${PIPESTATUS[0]}
set -e
# One summary line over all test assemblies, in the plain "N passed, N failed, N skipped" form.
awk '/(Passed|Failed)!  *- *Failed: / {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$LOG"
rm -f "$LOG"
exit "$STATUS"
