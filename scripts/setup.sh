#!/usr/bin/env bash
# 一次性准备运行环境：系统软件包（缺什么装什么）、字体、Python 虚拟环境 .venv。
# 重复运行很快：已完成的步骤会跳过。
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 poppler-utils"
if [ "${WITH_OFFICE:-0}" = 1 ]; then
  APT_PACKAGES="$APT_PACKAGES libreoffice-writer-nogui libreoffice-calc-nogui chromium chromium-driver"
fi

missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "==> 安装系统软件包:$missing"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

bash scripts/fonts.sh

if [ ! -x .venv/bin/python ]; then
  echo "==> 创建虚拟环境 .venv"
  python3 -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> 安装 Python 依赖"
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -e ".[test]"
  touch "$stamp"
fi

# Byte-compile our own modules once: with PYTHONDONTWRITEBYTECODE set, every run would
# otherwise recompile them (about 0.1 s of each command's start-up).
.venv/bin/python -m compileall -q authoring >/dev/null
