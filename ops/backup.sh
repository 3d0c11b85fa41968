#!/usr/bin/env bash
# Nightly backup of the database and the evidence files (see docs/deploy.md). Needs the production
# environment (/etc/pantau-rb.env) for DATABASE_URL and MEDIA_ROOT.
set -euo pipefail
set -a; . /etc/pantau-rb.env; set +a
target=${BACKUP_DIR:-/backup}
stamp=$(date +%F)
pg_dump -Fc "$DATABASE_URL" > "$target/pantau-rb-$stamp.dump"
tar -C "$(dirname "$MEDIA_ROOT")" -czf "$target/pantau-rb-media-$stamp.tar.gz" "$(basename "$MEDIA_ROOT")"
find "$target" -name 'pantau-rb-*' -mtime +30 ! -name '*-01.*' -delete
