#!/bin/bash
# Creates the logins docker/sluice.yaml uses and gives each its role from
# 10-sluice-roles.sql (what `sluice clickhouse grants -c docker/sluice.yaml`
# prints). compose runs this on every start (CLICKHOUSE_ALWAYS_RUN_INITDB_SCRIPTS),
# so a new secret file and a restart set the new password. Only the SHA-256 of
# each password reaches ClickHouse. The entrypoint runs this file, or sources it
# where the executable bit was lost, so it defines no short names and never exits.

sluice_password_sha256() {
  # $(...) drops a trailing newline, as Sluice does when it reads a passwordFile.
  printf '%s' "$(cat "$1")" | sha256sum | cut -d ' ' -f 1
}

sluice_writer_sha256="$(sluice_password_sha256 /run/secrets/clickhouse_writer_password)"
sluice_reader_sha256="$(sluice_password_sha256 /run/secrets/clickhouse_reader_password)"

clickhouse-client --host 127.0.0.1 --user "$CLICKHOUSE_USER" --password "$(cat "$CLICKHOUSE_PASSWORD_FILE")" --multiquery <<SQL
CREATE USER IF NOT EXISTS sluice_writer IDENTIFIED WITH sha256_hash BY '${sluice_writer_sha256}';
GRANT sluice_write TO sluice_writer;
ALTER USER sluice_writer IDENTIFIED WITH sha256_hash BY '${sluice_writer_sha256}' DEFAULT ROLE sluice_write;
CREATE USER IF NOT EXISTS sluice_reader IDENTIFIED WITH sha256_hash BY '${sluice_reader_sha256}';
GRANT sluice_read TO sluice_reader;
ALTER USER sluice_reader IDENTIFIED WITH sha256_hash BY '${sluice_reader_sha256}' DEFAULT ROLE sluice_read;
SQL
