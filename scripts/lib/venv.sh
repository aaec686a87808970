# shellcheck shell=bash
# python_venv DIR REQUIREMENTS CHECK: a virtual environment of its own at DIR with REQUIREMENTS (PyPI, separated
# by spaces) installed, made on first use: when running CHECK (a shell command) fails. Debian ships venv (and
# ensurepip) separately from python3, so python3-venv is installed when venv can't be made.
python_venv() {
    local dir=$1 check=$3 requirements sudo=()
    read -ra requirements <<<"$2"
    eval "$check" >/dev/null 2>&1 && return 0
    mkdir -p "$(dirname "$dir")"
    rm -rf "$dir"
    if ! python3 -m venv "$dir" 2>/dev/null; then
        rm -rf "$dir"
        [[ $EUID -eq 0 ]] || sudo=(sudo)
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-venv
        python3 -m venv "$dir"
    fi
    "$dir/bin/pip" install --quiet --disable-pip-version-check "${requirements[@]}"
}
