#!/usr/bin/env bash
# 字体：从 Debian 的 texlive-lang-chinese 包中取出 Fandol 字体（只解包，不安装 TeX），缓存到 .cache/fonts。
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/fonts/fandol
if ls "$dest"/FandolFang-Regular.otf >/dev/null 2>&1; then
  exit 0
fi
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
