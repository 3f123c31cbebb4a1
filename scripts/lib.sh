# Shared by scripts/run, scripts/test and scripts/bench: installs what is missing, once.
# The binary runs from the repository root and finds its site in target/site by itself.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Builds live outside the checkout so fresh clones (CI) reuse them; override at will.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/takeone/target}
# Tools build apart, so installing one never locks (or invalidates) the product's build: their
# own target dir, and their own cargo home (`cargo install` holds the package cache lock for its
# whole build, which would stop every other cargo command for twenty minutes).
TOOLS_TARGET_DIR=${TOOLS_TARGET_DIR:-$HOME/.cache/takeone/tools-target2}
TOOLS_CARGO_HOME=${TOOLS_CARGO_HOME:-$HOME/.cache/takeone/cargo-home-tools}
tool_install() { CARGO_HOME="$TOOLS_CARGO_HOME" CARGO_TARGET_DIR="$TOOLS_TARGET_DIR" cargo install --root "$HOME/.cargo" "$@"; }
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}

say() { printf '\033[1;33m==>\033[0m %s\n' "$*"; }

lock_version() { # the version of crate $1 in Cargo.lock
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_rust_tools() {
  local component
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      say "adding the $component component"
      rustup component add "$component"
    fi
  done
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! command -v cargo-leptos >/dev/null || ! cargo-leptos --version | grep -q '0\.3\.10'; then
    say "installing cargo-leptos 0.3.10 (once; about 20 minutes on 2 cores)"
    tool_install cargo-leptos@0.3.10 --locked
  fi
  local want
  want=$(lock_version wasm-bindgen)
  if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (it must match Cargo.lock)"
    tool_install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node_tools() {
  # binaryen's wasm-opt (never Debian's: it breaks hydration) and Playwright, from npm.
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    say "installing end2end npm packages"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
  fi
}

ensure_vendor_assets() {
  # hls.js from npm into public/vendor (served as /vendor/...), before the site is built.
  local assets="$ROOT/assets" vendor="$ROOT/public/vendor"
  # The hidden lockfile npm ci writes is older than package-lock.json once the pin changes.
  if [ ! -f "$assets/node_modules/hls.js/package.json" ] || [ "$assets/package-lock.json" -nt "$assets/node_modules/.package-lock.json" ]; then
    say "installing the site's browser libraries from npm"
    (cd "$assets" && npm ci --no-audit --no-fund)
  fi
  # Compared, not dated: npm keeps the tarball's file times, so an upgrade can look older.
  local src="$assets/node_modules/hls.js/dist/hls.light.min.js" dst="$vendor/hls.light.min.js"
  if ! cmp -s "$src" "$dst"; then
    say "copying hls.js into public/vendor"
    mkdir -p "$vendor" && cp "$src" "$dst"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  fi
}

# What media processing runs: the virus scanner (clamd; its signatures come from scripts/clamav
# here, from freshclam in production), ffmpeg/ffprobe, and the watermark's font.
ensure_media_tools() {
  local missing=()
  command -v clamd >/dev/null || missing+=(clamav-daemon)
  command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
  command -v heif-convert >/dev/null || missing+=(libheif-examples)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian's ${missing[*]}"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# What the tests read PDFs back with (the invoices' text, shaped and in reading order).
ensure_test_tools() {
  if ! command -v pdftotext >/dev/null; then
    say "installing Debian's poppler-utils"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends poppler-utils
  fi
}

# Starts clamd on 127.0.0.1:${TAKEONE_CLAMD_PORT:-3310} with the signature file the project
# ships (production runs clamd as its own service with freshclam's databases), and points
# TAKEONE_CLAMD_ADDR at it. A clamd already answering there is used as it is.
start_clamd() {
  local port="${TAKEONE_CLAMD_PORT:-3310}" dir="$ROOT/data/clamav"
  export TAKEONE_CLAMD_ADDR="127.0.0.1:$port"
  if printf 'zPING\0' | timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; cat >&3; head -c 4 <&3" 2>/dev/null | grep -q PONG; then
    return
  fi
  mkdir -p "$dir"
  cp "$ROOT/scripts/clamav/takeone.ndb" "$dir/takeone.ndb"
  printf 'Foreground yes\nDatabaseDirectory %s\nTCPSocket %s\nTCPAddr 127.0.0.1\nLogFile %s/clamd.log\nStreamMaxLength 1100M\n' \
    "$dir" "$port" "$dir" >"$dir/clamd.conf"
  say "starting clamd on $TAKEONE_CLAMD_ADDR"
  clamd --config-file="$dir/clamd.conf" >/dev/null 2>&1 &
  for _ in $(seq 100); do
    printf 'zPING\0' | timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; cat >&3; head -c 4 <&3" 2>/dev/null | grep -q PONG && return
    sleep 0.2
  done
  say "clamd did not answer on $TAKEONE_CLAMD_ADDR; uploads stay unscanned (see $dir/clamd.log)"
}

ensure_postgres() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
    for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
}

build_site() {
  say "building the site (server + hydrated wasm)"
  (cd "$ROOT" && cargo leptos build "$@")
  # The server sends these copies as they are instead of compressing per request.
  local profile=debug effort=--fast arg
  for arg in "$@"; do
    case "$arg" in --release | -r) profile=release effort= ;; esac
  done
  say "precompressing the site's static files (brotli, gzip)"
  (cd "$ROOT" && "$CARGO_TARGET_DIR/$profile/takeone" assets compress ${effort:+"$effort"} "${LEPTOS_SITE_ROOT:-target/site}")
}

wait_healthy() { # url, seconds
  for _ in $(seq "$2"); do
    curl -fsS "$1/health" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "the server at $1 did not become healthy" >&2
  return 1
}
