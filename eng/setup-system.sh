#!/usr/bin/env bash
# Installs the Debian packages the kit's commands need, when they are missing and we may (root with apt-get).
#   run:  g++ and patchelf (only to patch TorchSharp where libstdc++ lacks GLIBCXX_3.4.32)
#   test: the above + PostgreSQL 15 with HypoPG (store tests, schema what-if), Jupyter's nbconvert/nbclient/jupyter_client/nbformat (kernel tests),
#         python3-scipy (reference checks), chromium (headless: the report's charts must render in a real browser)
#   bench: the R references the benchmarks run beside the kit (r-base-core, r-cran-forecast, r-cran-prophet for ForecastAccuracy)
# Without root or apt-get it only reports what is missing: the tests that need those packages skip with a clear message,
# except the browser test, which fails without chromium unless KIT_NO_BROWSER=1 declares a machine without a browser.
set -uo pipefail
MODE="${1:-test}"
need=()
have() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
want() { for p in "$@"; do have "$p" || need+=("$p"); done; }
if ! grep -qs GLIBCXX_3.4.32 /usr/lib/x86_64-linux-gnu/libstdc++.so.6; then want g++ patchelf; fi
if [ "$MODE" = test ]; then
  want postgresql-15 postgresql-15-hypopg python3-scipy python3-nbformat python3-nbclient python3-jupyter-client jupyter-nbconvert chromium
fi
if [ "$MODE" = bench ]; then want r-base-core r-cran-forecast r-cran-prophet; fi
[ ${#need[@]} -eq 0 ] && { echo "[setup] system packages present"; exit 0; }
if ! command -v apt-get >/dev/null; then echo "[setup] apt-get not available; missing: ${need[*]} (dependent tests will skip)"; exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "[setup] not root; missing: ${need[*]} (install them with sudo apt-get install, or dependent tests skip)"; exit 0; fi
echo "[setup] apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || echo "[setup] apt-get update failed"
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || echo "[setup] apt-get install failed; dependent tests will skip"
exit 0
