#!/bin/sh
# Install the Debian packages the placards and tests need, only when missing:
#   chromium-headless-shell  Chromium's headless shell: prints placards to PDF (a third of the full browser's
#                    processor time) and runs the browser tests; where only `chromium` is installed, it prints
#   fonts-wqy-zenhei Chinese font Chromium embeds by name in PDFs (CFF fonts become Type 3)
#   fonts-noto-cjk   Chinese font for pages shown in the browser
#   poppler-utils    pdfinfo, pdffonts and pdftotext, which the tests use to read the PDFs back
#   default-jre-headless  Java for the W3C Nu HTML checker (vnu.jar) the tests run over built pages;
#                    any Java already on the PATH will do
#   libzbar0         zbar, the second QR decoder the tests read printed codes with (through pyzbar)
set -eu
missing=""
for package in chromium-headless-shell fonts-wqy-zenhei fonts-noto-cjk poppler-utils default-jre-headless libzbar0; do
    [ "$package" = default-jre-headless ] && command -v java >/dev/null 2>&1 && continue
    # a Chromium already there (or named by $CHROMIUM) prints too, only slower: not asked for where apt may not reach
    [ "$package" = chromium-headless-shell ] && [ -n "${CHROMIUM:-}" ] && continue
    [ "$package" = chromium-headless-shell ] && command -v chromium >/dev/null 2>&1 && continue
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "缺少软件包：$missing。请用本机的软件包管理器安装后重试 (missing packages:$missing)" >&2
    exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "安装系统软件包 (installing):$missing"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
