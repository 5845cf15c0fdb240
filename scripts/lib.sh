# shellcheck shell=bash
# Shared helpers for the scripts in this folder. Source it; do not run it.

MKTOWS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages the toolkit needs to build, test and run.
MKTOWS_BUILD_PACKAGES="build-essential cmake pkg-config gsoap libgsoap-dev libssl-dev libcunit1-dev libsqlite3-dev zlib1g-dev"
# Extra packages for the test suite: clients we did not write (PHP's SoapClient, zeep; node-soap
# comes from npm, see mktows_node_packages and scripts/node-soap), the test runners the guide's
# examples use (pytest, PHPUnit), and tools the tests call.
MKTOWS_TEST_PACKAGES="php8.2-cli php8.2-soap python3 python3-zeep python3-pytest phpunit openssl clang-14 libclang-rt-14-dev"
# The libFuzzer harnesses (scripts/fuzz, and the sanitizer build's `fuzz` tests): clang and its runtimes.
MKTOWS_FUZZ_PACKAGES="clang-14 libclang-rt-14-dev python3"

# mktows_node_packages: the Debian packages node-soap needs that are missing: nodejs when there is
# no `node`, npm when there is no `npm` (a Node.js from elsewhere, such as NodeSource's, brings its
# own npm: it is left alone).
mktows_node_packages() {
    command -v node >/dev/null 2>&1 || printf 'nodejs\n'
    command -v npm >/dev/null 2>&1 || printf 'npm\n'
    return 0
}

# ensure_packages PKG...: install the Debian packages that are missing (apt-get update first).
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && { say "Debian packages already installed: $*"; return 0; }
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${missing[*]}"
        sudo="sudo"
    fi
    say "Installing Debian packages: ${missing[*]}"
    say "apt-get update"
    $sudo apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        || die "apt-get install failed for: ${missing[*]}"
}

# build_tree DIR [CMAKE_ARGS...]: configure (once) and build the project in DIR.
build_tree() {
    local dir=$1; shift
    local jobs
    jobs=$(nproc 2>/dev/null || echo 2)
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        say "Configuring $dir"
        mkdir -p "$dir"
        if ! cmake -S "$MKTOWS_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >"$dir/configure.log" 2>&1; then
            cat "$dir/configure.log" >&2
            rm -f "$dir/CMakeCache.txt"
            die "cmake configure failed"
        fi
    fi
    say "Building $dir (compiler output in $dir/build.log)"
    if ! cmake --build "$dir" -j "$jobs" >"$dir/build.log" 2>&1; then
        tail -n 40 "$dir/build.log" >&2
        die "build failed (full output in $dir/build.log)"
    fi
}
