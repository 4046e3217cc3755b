#!/usr/bin/env bash
# The dashboard test drives a real headless Chromium from Debian's packages
# (test tools may not download browsers of their own). Installs it when missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if ! command -v apt-get > /dev/null; then
  echo "ensure-browser: /usr/bin/chromium is missing and apt-get is not available; install Chromium to run the dashboard test" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "ensure-browser: installing chromium from Debian's packages"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium > /dev/null
