#!/usr/bin/env bash
# CI check of the Debian package, as a user would meet it: build it (make deb), install it with
# `apt install ./kibridge_*.deb`, verify the systemd units with systemd-analyze, run the
# installed binary as the service user against a database in the unit's state folder
# (/var/lib/kibridge), then remove the package and check the database is kept.
# Needs root or sudo; changes the machine (meant for a CI container).
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
PORT=${KIBRIDGE_CHECK_PORT:-18765}
STATE=/var/lib/kibridge
# A database of its own in the unit's state folder, so a second run (or a real one) is untouched.
DB=$STATE/check-deb-$$.sqlite

fail() { echo "check-deb: $*" >&2; exit 1; }
as_kibridge() { $SUDO setpriv --reuid kibridge --regid kibridge --init-groups env KIBRIDGE_DB="$DB" HOME="$STATE" "$@"; }

make deps-deb deb
debs=(dist/kibridge_*.deb)
[ "${#debs[@]}" = 1 ] && [ -f "${debs[0]}" ] || fail "expected one dist/kibridge_*.deb, found: ${debs[*]}"
deb=${debs[0]}
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"

$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "./$deb"
[ "$(command -v kibridge)" = /usr/bin/kibridge ] || fail "kibridge is not on the PATH as /usr/bin/kibridge"
kibridge --version

# The units: syntax, the binary they name, the user and folders they use.
systemd-analyze verify /usr/lib/systemd/system/kibridge.service
# --user needs a runtime directory, which a CI container's root has none of.
runtime=$(mktemp -d)
XDG_RUNTIME_DIR=$runtime systemd-analyze verify --user /usr/lib/systemd/user/kibridge.service
rm -rf "$runtime"
getent passwd kibridge >/dev/null || fail "the package did not create the kibridge user"
[ "$(stat -c %U:%a "$STATE")" = kibridge:750 ] || fail "$STATE is $(stat -c %U:%a "$STATE"), expected kibridge:750"
[ "$(stat -c %U:%a /etc/kibridge/kibridge.env)" = kibridge:600 ] || \
  fail "/etc/kibridge/kibridge.env is $(stat -c %U:%a /etc/kibridge/kibridge.env), expected kibridge:600"

# The installed binary, as the unit runs it: the service user, the database in the state folder.
as_kibridge kibridge demo-seed --parts 200
token=$(as_kibridge kibridge token create ci --scope read)
# Not through the function: a backgrounded function is a subshell, and $! must be the server.
$SUDO setpriv --reuid kibridge --regid kibridge --init-groups \
  env KIBRIDGE_DB="$DB" HOME="$STATE" KIBRIDGE_LISTEN=127.0.0.1:$PORT kibridge serve &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/api/health"; echo
categories=$(curl -fsS -H "Authorization: Token $token" \
  "http://127.0.0.1:$PORT/plugin/kicad-library-plugin/v1/categories.json")
[ "$categories" != "[]" ] || fail "the installed server serves no categories"
kill "$server"
wait "$server" || true
trap - EXIT
[ "$(stat -c %U "$DB")" = kibridge ] || fail "$DB is not owned by kibridge"

$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q kibridge
[ ! -e /usr/bin/kibridge ] || fail "/usr/bin/kibridge is still there after apt-get remove"
[ -f "$DB" ] || fail "removing the package lost $DB"
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "check-deb: $deb installs, verifies, serves from $DB and removes cleanly"
