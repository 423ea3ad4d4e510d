#!/usr/bin/env bash
# install.sh: puts a gdlint binary in the runner's tool cache for the
# action, and prints bin=PATH and version=VERSION for GITHUB_OUTPUT. It
# changes nothing on the caller's PATH.
#
# INPUT_VERSION: a release tag (v1.2.3), latest, source, or empty: the
#   action's own ref when that is a release tag, else the version file
#   beside this script (written at release), else source.
# GDLINT_RELEASES_URL: where releases are (default GitHub's); the test
#   points it at a local server.
# A release archive is verified against the release's checksums.txt; a
# mismatch or a missing asset fails the step. "source" builds the action's
# checkout with the Go on PATH (the action sets it up only then).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
action_path=$(cd "$here/../.." && pwd)
releases=${GDLINT_RELEASES_URL:-https://github.com/gdlint/gdlint/releases}
version=${INPUT_VERSION:-}

is_release() { [[ $1 =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; }

if [ -z "$version" ]; then
  if is_release "${ACTION_REF:-}"; then
    version=$ACTION_REF
  else
    version=$(tr -d ' \n' < "$here/version")
    is_release "$version" || version=source
  fi
fi
if [ "${1:-}" = resolve ]; then # only say which version the step will install
  echo "version=$version"
  exit 0
fi

if [ "$version" = source ]; then
  bin="$RUNNER_TEMP/gdlint-source/gdlint"
  (cd "$action_path" && go build -trimpath -o "$bin" ./cmd/gdlint)
  echo "bin=$bin"
  echo "version=source"
  exit 0
fi

if [ "$version" = latest ]; then
  # GitHub answers /releases/latest with a redirect to /releases/tag/vX.Y.Z.
  location=$(curl -fsSI "$releases/latest" | tr -d '\r' | sed -n 's/^[Ll]ocation: *//p' | tail -n 1)
  version=${location##*/}
  if ! is_release "$version"; then
    echo "::error title=gdlint::cannot tell the latest release from $releases/latest" >&2
    exit 1
  fi
fi
if ! is_release "$version"; then
  echo "::error title=gdlint::version \"$version\" is not a release tag (vX.Y.Z), latest or source" >&2
  exit 1
fi

case "${RUNNER_OS:-Linux}" in
  Linux) os=linux ;; macOS) os=darwin ;; Windows) os=windows ;;
  *) echo "::error title=gdlint::no gdlint release for runner OS $RUNNER_OS" >&2; exit 1 ;;
esac
case "${RUNNER_ARCH:-X64}" in
  X64) arch=amd64 ;; ARM64) arch=arm64 ;;
  *) echo "::error title=gdlint::no gdlint release for runner architecture $RUNNER_ARCH" >&2; exit 1 ;;
esac
exe=gdlint
ext=tar.gz
if [ "$os" = windows ]; then exe=gdlint.exe ext=zip; fi
name="gdlint_${version}_${os}_${arch}"

# The tool cache layout of actions/tool-cache: TOOL/VERSION/ARCH, and
# ARCH.complete once the directory is whole.
cache="${RUNNER_TOOL_CACHE:?}/gdlint/${version#v}/$arch"
if [ -f "$cache.complete" ] && [ -x "$cache/$exe" ]; then
  echo "bin=$cache/$exe"
  echo "version=$version"
  exit 0
fi

work=$(mktemp -d "${RUNNER_TEMP:?}/gdlint-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fetch() {
  if ! curl -fsSL --retry 3 -o "$work/$1" "$releases/download/$version/$1"; then
    echo "::error title=gdlint::cannot download $1 of gdlint $version from $releases" >&2
    exit 1
  fi
}
fetch checksums.txt
fetch "$name.$ext"
want=$(awk -v f="$name.$ext" '$2 == f || $2 == "*" f { print $1 }' "$work/checksums.txt")
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$work/$name.$ext" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "$work/$name.$ext" | awk '{ print $1 }')
fi
if [ -z "$want" ] || [ "$want" != "$got" ]; then
  echo "::error title=gdlint::checksum mismatch for $name.$ext: checksums.txt says ${want:-nothing}, the download is $got" >&2
  exit 1
fi
if [ "$ext" = zip ]; then
  unzip -q "$work/$name.$ext" -d "$work"
else
  tar -xzf "$work/$name.$ext" -C "$work"
fi
rm -rf "$cache"
mkdir -p "$cache"
mv "$work/$name/$exe" "$cache/$exe"
touch "$cache.complete"
echo "bin=$cache/$exe"
echo "version=$version"
