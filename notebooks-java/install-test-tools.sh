#!/usr/bin/env bash
# Installs what the notebook tests run besides Java — Jupyter's nbconvert with a kernel client, and
# Chromium for the HTML report — as Debian packages. Does nothing when both are there. Called by
# .ci/run and by NotebooksExecuteTest, so `./mvnw verify` works on a fresh machine too.
set -euo pipefail

PACKAGES=(jupyter-nbconvert jupyter-client python3-ipykernel chromium)

if command -v jupyter-nbconvert >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: no apt-get on this machine; install Jupyter (pip install jupyter) and Chromium" >&2
  exit 1
fi
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo)
  else
    echo "install-test-tools: not root; run: sudo apt-get install ${PACKAGES[*]}" >&2
    exit 1
  fi
fi
echo "installing ${PACKAGES[*]} (Debian packages)"
# Quiet unless apt fails, then its output is shown.
log="$(mktemp)"
if ! { "${SUDO[@]}" apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"; \
    } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-test-tools: apt-get failed" >&2
  exit 1
fi
rm -f "$log"
