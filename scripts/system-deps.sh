#!/usr/bin/env bash
# Install the system packages Avance needs on Debian or Ubuntu, only when something is missing.
set -euo pipefail
need=()
# grep reads the whole list (no -q): an early exit would kill the writer with SIGPIPE, which
# pipefail turns into "missing".
have_lib() { ldconfig -p 2>/dev/null | grep -F "$1" >/dev/null; }
have_font() { fc-list 2>/dev/null | grep -F "$1" >/dev/null; }
have_lib libpango-1.0.so.0 || need+=(libpango-1.0-0)
have_lib libpangoft2-1.0.so.0 || need+=(libpangoft2-1.0-0)
have_lib libharfbuzz-subset.so.0 || need+=(libharfbuzz-subset0)
have_font DejaVuSans.ttf || need+=(fonts-dejavu-core)
# Noto Sans, the documents' typeface, and Noto Sans Symbols2 for ❖ and ➤.
have_font NotoSansSymbols2-Regular.ttf || need+=(fonts-noto-core)
command -v fc-list >/dev/null || need+=(fontconfig)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v xgettext >/dev/null || need+=(gettext)  # the catalog test (scripts/messages.sh)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)  # the DOCX read by LibreOffice
if [ "${AVANCE_SKIP_BROWSER:-}" != "1" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "Faltan paquetes del sistema (${need[*]}) y no hay apt-get: instálelos a mano." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Instalando paquetes del sistema: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
