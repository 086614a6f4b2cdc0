#!/bin/sh
# One-shot schema job, run by the temporal-admin-tools service of docker-compose.yml.
# Creates the `temporal` and `temporal_visibility` databases when missing and applies every versioned
# migration shipped in this admin-tools image. Every step is idempotent, so it runs on each `docker compose up`
# and is also how an image upgrade migrates an existing database.
# Needs DB (postgres12), POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, POSTGRES_PWD: the same values the server gets.
set -eu

: "${DB:?DB must be set (postgres12)}"
: "${POSTGRES_SEEDS:?POSTGRES_SEEDS must be set (the Postgres host)}"
: "${POSTGRES_USER:?POSTGRES_USER must be set}"
: "${POSTGRES_PWD:?POSTGRES_PWD must be set}"
SCHEMA_ROOT="${TEMPORAL_SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"

# temporal-sql-tool reads its connection from SQL_* variables: the password never shows up in `ps`.
export SQL_PLUGIN="$DB"
export SQL_HOST="$POSTGRES_SEEDS"
export SQL_PORT="${DB_PORT:-5432}"
export SQL_USER="$POSTGRES_USER"
export SQL_PASSWORD="$POSTGRES_PWD"

migrate() {
  database="$1"
  versioned_dir="$2"
  echo "schema job: database ${database}"
  # `create` succeeds when the database already exists; `setup-schema -v 0.0` only creates the version tables
  # and leaves a newer recorded version alone; `update-schema` applies the migrations not applied yet.
  temporal-sql-tool --db "$database" create
  temporal-sql-tool --db "$database" setup-schema -v 0.0
  temporal-sql-tool --db "$database" update-schema -d "$versioned_dir"
}

migrate "${DBNAME:-temporal}" "${SCHEMA_ROOT}/temporal/versioned"
migrate "${VISIBILITY_DBNAME:-temporal_visibility}" "${SCHEMA_ROOT}/visibility/versioned"
echo "schema job: done"
