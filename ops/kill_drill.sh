#!/usr/bin/env bash
# Killed-upload drill, run by CI: a gunicorn worker is killed (SIGKILL) while an operator's evidence
# upload is streaming in; what it leaves in MEDIA_ROOT must be reported by `orphan_files` (exit 1),
# removed by `orphan_files --delete`, and a second report must then be clean (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
WORK=$(mktemp -d)
SERVER=""
trap '[ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

export DEBUG=1 DATABASE_URL="sqlite:///$WORK/db.sqlite3" MEDIA_ROOT="$WORK/media"
export ORPHAN_GRACE_MINUTES=0  # the drill does not wait an hour: everything left now counts
echo "-- a database as make run leaves it"
$PY manage.py migrate --noinput -v0
$PY manage.py load_perbup >/dev/null
$PY manage.py create_periods >/dev/null
$PY manage.py setup_demo >/dev/null
read -r SESSION ROW < <($PY manage.py shell -v0 -c "
from django.contrib.auth import get_user_model
from django.test import Client
from monev.models import Period
from monev.periods import default_period
from monev.tasks import task_rows
user = get_user_model().objects.get(username='operator.hukum')
client = Client()
client.force_login(user)
opd = user.membership.opd
row = next(r for r in task_rows(opd, default_period(Period.objects.all())) if r.kind == 'kegiatan')
print(client.cookies['sessionid'].value, row.url)
")
PORT=$($PY -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
.venv/bin/gunicorn roadmap_site.wsgi --bind "127.0.0.1:$PORT" --workers 1 --timeout 120 2>"$WORK/gunicorn.log" &
SERVER=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/akun/masuk/" && break; sleep 0.2; done

echo "-- an 8 MB evidence upload, the worker killed when half of it has arrived"
$PY - "$PORT" "$SESSION" "$ROW" "$SERVER" <<'CLIENT'
import os, signal, socket, subprocess, sys, time
port, session, row, master = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
token = "k" * 32  # an unmasked CSRF secret, sent as cookie and field
boundary = "drillboundary"
fields = {"csrfmiddlewaretoken": token, "progress": "50", "narrative": "Uji putus", "version": "0"}
head = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items())
head += f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="bukti.pdf"\r\n'
head += "Content-Type: application/pdf\r\n\r\n"
body = head.encode() + b"%PDF-1.4\n" + b"0" * (8 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
request = (f"POST {row} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(body)}\r\n"
           f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
           f"Cookie: sessionid={session}; csrftoken={token}\r\nConnection: close\r\n\r\n").encode()
sock = socket.create_connection(("127.0.0.1", int(port)))
sock.sendall(request + body[: len(body) // 2])
time.sleep(2)  # the worker spools what has arrived
workers = subprocess.run(["ps", "-o", "pid=", "--ppid", master], capture_output=True, text=True).stdout.split()
for pid in workers:
    os.kill(int(pid), signal.SIGKILL)
print(f"killed worker {' '.join(workers)} mid-upload")
sock.close()
CLIENT
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""

echo "-- orphan_files reports what the killed worker left"
set +e
$PY manage.py orphan_files; first=$?
set -e
if [ "$first" -eq 0 ]; then
  echo "kill drill: FAILED, orphan_files found nothing after a killed upload"; exit 1
fi
$PY manage.py orphan_files --delete
$PY manage.py orphan_files
echo "kill drill: OK (left-overs of a killed upload reported, removed, and the report is clean)"
