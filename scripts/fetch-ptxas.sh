#!/usr/bin/env bash
# Fetches NVIDIA's PTX assembler (ptxas) without installing anything system-wide, so the tests can
# assemble the generated PTX for sm_80 and sm_90 on a machine without a GPU or CUDA toolkit.
#
# ptxas ships in Debian's non-free nvidia-cuda-toolkit package. The archive address is taken from
# the machine's own apt sources (nothing is hard-coded here); a private source list adds the
# non-free component for this one download only, with private package lists, so the system's apt
# configuration is untouched. The package is unpacked with dpkg -x into .cache/ptxas (gitignored).
#
# Prints the path of the ptxas executable on success (and nothing else on stdout).
# Set PTXAS to an existing ptxas to skip the download.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "fetch-ptxas: $*" >&2; }

if [ -n "${PTXAS:-}" ] && [ -x "${PTXAS}" ]; then echo "$PTXAS"; exit 0; fi

cache="$PWD/.cache/ptxas"
existing=$(find "$cache/root" -type f -name ptxas -perm -u+x 2>/dev/null | head -1 || true)
if [ -n "$existing" ]; then echo "$existing"; exit 0; fi

# The first Debian archive (not the security mirror) among the enabled sources, comments ignored:
# deb822 files (URIs:/Suites:) and one-line lists (deb URI SUITE ...).
sources=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null | sed -E 's/#.*//' || true)
archive=$(echo "$sources" | sed -nE 's/^URIs: *([^ ]+).*/\1/p; s/^deb +(\[[^]]*\] +)?([^ ]+) .*/\2/p' | grep -v -- '-security' | head -1 || true)
suite=$(echo "$sources" | sed -nE 's/^Suites: *([^ ]+).*/\1/p; s/^deb +(\[[^]]*\] +)?[^ ]+ +([^ ]+).*/\2/p' | grep -v -- '-security' | head -1 || true)
if [ -z "$archive" ] || [ -z "$suite" ]; then
  log "cannot find a Debian archive address and suite in /etc/apt/sources.list(.d)"; exit 1
fi
log "archive $archive, suite $suite"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/cache" "$cache"
# Verify the download with the key the machine already trusts for that archive.
keyring=$(echo "$sources" | sed -nE 's/^Signed-By: *([^ ]+).*/\1/p; s/^deb +\[[^]]*signed-by=([^] ]+).*/\1/p' | head -1 || true)
options=""
[ -n "$keyring" ] && [ -f "$keyring" ] && options="[signed-by=$keyring] "
echo "deb $options$archive $suite main contrib non-free" >"$work/sources.list"
apt_options=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Dir::Cache::archives=$work/archives"
  -o "APT::Get::List-Cleanup=0" -o "Debug::NoLocking=1")

apt-get "${apt_options[@]}" update -qq >&2 || { log "apt-get update failed (no network?)"; exit 1; }
# ptxas is in nvidia-cuda-toolkit itself (CUDA 11.8 in bookworm); check rather than assume.
package=nvidia-cuda-toolkit
apt-cache "${apt_options[@]}" show "$package" >/dev/null 2>&1 || { log "no package $package in $archive $suite non-free"; exit 1; }
(cd "$work" && apt-get "${apt_options[@]}" download "$package" >&2) || { log "apt-get download $package failed"; exit 1; }
deb=$(ls "$work"/"$package"_*.deb | head -1)
if ! dpkg -c "$deb" | grep -E "/ptxas$" >/dev/null; then log "$deb does not contain ptxas"; exit 1; fi
dpkg -x "$deb" "$cache/root"

found=$(find "$cache/root" -type f -name ptxas -perm -u+x | head -1)
if [ -z "$found" ]; then log "ptxas not found after unpacking $deb"; exit 1; fi
"$found" --version >&2 || { log "$found does not run"; exit 1; }
echo "$found"
