#!/usr/bin/env bash
# Makes sure a Chromium the dApp's browser tests and benchmark can drive is installed (they launch it with
# playwright-core, which downloads nothing): $CHROMIUM_PATH if set, else /usr/bin/chromium, installed with Debian's
# apt when missing (as root, or through passwordless sudo). Exits 1 with the command to run when it cannot install it.
set -euo pipefail

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$chromium" ]; then
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2
  exit 1
fi

echo "Chromium missing at $chromium: installing it with apt-get (Debian package 'chromium')"
if [ "$(id -u)" = "0" ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "cannot install Chromium without root: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH)" >&2
  exit 1
fi
if ! { "${as_root[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium >/dev/null; }; then
  echo "apt-get could not install chromium; install it by hand or set CHROMIUM_PATH" >&2
  exit 1
fi
if [ ! -x "$chromium" ]; then
  echo "apt-get installed chromium but $chromium does not exist; set CHROMIUM_PATH to its executable" >&2
  exit 1
fi
echo "Chromium installed: $chromium"
