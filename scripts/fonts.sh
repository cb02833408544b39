#!/usr/bin/env bash
# 字体：从 Debian 的 texlive-lang-chinese 包中取出 Fandol 字体（只解包，不安装 TeX），缓存到 .cache/fonts；
# 再为 templates/fonts.conf（官方字体名 → 开源字体，供 LibreOffice 使用）建立 fontconfig 缓存。
# 重复运行很快：已完成的步骤会跳过。
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/fonts/fandol
if ! ls "$dest"/FandolFang-Regular.otf >/dev/null 2>&1; then
  echo "==> 准备 Fandol 字体（只需一次）"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  ( cd "$work" && apt-get download texlive-lang-chinese >/dev/null 2>&1 ) || {
    apt-get update -qq && ( cd "$work" && apt-get download texlive-lang-chinese >/dev/null )
  }
  dpkg-deb -x "$work"/texlive-lang-chinese_*.deb "$work/x"
  mkdir -p "$dest"
  find "$work/x" -path '*fandol*' -name '*.otf' -exec cp {} "$dest"/ \;
  ls "$dest"/FandolFang-Regular.otf >/dev/null
fi
if command -v fc-cache >/dev/null 2>&1; then
  FONTCONFIG_FILE="$PWD/templates/fonts.conf" fc-cache "$dest" >/dev/null 2>&1 || true
fi
