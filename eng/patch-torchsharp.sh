#!/usr/bin/env bash
# Makes TorchSharp 0.107's native library load on systems whose libstdc++ lacks GLIBCXX_3.4.32 (GCC < 13: Debian 12,
# Ubuntu 22.04). libLibTorchSharp.so needs that version for one symbol only, std::ios_base_library_init(); this script
#   1. builds a tiny shim library defining it (eng/torchsharp/ios_base_init_shim.cpp),
#   2. adds the shim to libLibTorchSharp.so as a needed library (patchelf --add-needed, absolute path),
#   3. marks the GLIBCXX_3.4.32 requirement weak (eng/torchsharp/elf_weaken_version.cpp) so the loader accepts it.
# It runs only where needed (system libstdc++ without GLIBCXX_3.4.32), is idempotent, and patches every TorchSharp
# package in the NuGet packages folders given as arguments (default: $NUGET_PACKAGES or ~/.nuget/packages).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { echo "[patch-torchsharp] $*"; }

# (no early exit in the pipelines below: with pipefail, a reader that stops early fails the writer with SIGPIPE)
LIBSTDCXX="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found {print $NF; found = 1}')"
LIBSTDCXX="${LIBSTDCXX:-/usr/lib/x86_64-linux-gnu/libstdc++.so.6}"
if [ -f "$LIBSTDCXX" ] && grep -q "GLIBCXX_3.4.32" "$LIBSTDCXX"; then
  log "system libstdc++ provides GLIBCXX_3.4.32: nothing to do"; exit 0
fi

FOLDERS=("$@")
[ ${#FOLDERS[@]} -eq 0 ] && FOLDERS=("${NUGET_PACKAGES:-$HOME/.nuget/packages}")
LIBS=()
for d in "${FOLDERS[@]}"; do
  [ -d "$d/torchsharp" ] || continue
  while IFS= read -r f; do LIBS+=("$f"); done < <(find "$d/torchsharp" -path '*/runtimes/linux-x64/native/libLibTorchSharp.so' 2>/dev/null)
done
if [ ${#LIBS[@]} -eq 0 ]; then log "no TorchSharp native library found under ${FOLDERS[*]} (restore first)"; exit 0; fi

need_tools=()
command -v patchelf >/dev/null || need_tools+=(patchelf)
command -v g++ >/dev/null || need_tools+=(g++)
if [ ${#need_tools[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${need_tools[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_tools[@]}" >/dev/null
  else
    log "ERROR: ${need_tools[*]} missing; install them (apt-get install ${need_tools[*]}) and run again"; exit 1
  fi
fi

TOOLDIR="${XDG_CACHE_HOME:-$HOME/.cache}/adaptive-etl-kit/torchsharp-patch"
mkdir -p "$TOOLDIR"
if [ ! -x "$TOOLDIR/elf_weaken_version" ] || [ "$HERE/torchsharp/elf_weaken_version.cpp" -nt "$TOOLDIR/elf_weaken_version" ]; then
  g++ -O2 -o "$TOOLDIR/elf_weaken_version" "$HERE/torchsharp/elf_weaken_version.cpp"
fi

for lib in "${LIBS[@]}"; do
  dir="$(dirname "$lib")"
  shim="$dir/libadaptiveetlkit_iosinit.so"
  if [ "$(readelf -d "$lib" | grep -c "libadaptiveetlkit_iosinit.so")" != 0 ]; then
    log "already patched: $lib"; continue
  fi
  g++ -shared -fPIC -O2 -o "$shim.tmp" "$HERE/torchsharp/ios_base_init_shim.cpp" && mv -f "$shim.tmp" "$shim"
  cp -p "$lib" "$lib.patching"
  patchelf --add-needed "$shim" "$lib.patching"
  "$TOOLDIR/elf_weaken_version" "$lib.patching" GLIBCXX_3.4.32
  mv -f "$lib.patching" "$lib"
  log "patched: $lib"
done
