#!/bin/sh
# One-shot job, run by the temporal-create-namespace service of docker-compose.yml.
# Waits until the Temporal frontend answers, then makes sure TEMPORAL_NAMESPACE exists with
# TEMPORAL_NAMESPACE_RETENTION: created when missing, retention updated when it already exists.
# The temporal CLI itself reads TEMPORAL_ADDRESS (and TEMPORAL_API_KEY / TEMPORAL_TLS* when set).
set -eu

NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-14d}"
ATTEMPTS="${NAMESPACE_JOB_ATTEMPTS:-60}"
DELAY="${NAMESPACE_JOB_DELAY_SECONDS:-2}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"

attempt=1
until temporal operator cluster health >/dev/null 2>&1; do
  if [ "$attempt" -ge "$ATTEMPTS" ]; then
    echo "namespace job: the Temporal frontend at ${TEMPORAL_ADDRESS} did not become healthy after ${ATTEMPTS} attempts" >&2
    exit 1
  fi
  echo "namespace job: waiting for ${TEMPORAL_ADDRESS} (attempt ${attempt}/${ATTEMPTS})"
  attempt=$((attempt + 1))
  sleep "$DELAY"
done

if temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  # The frontend's namespace cache refreshes every few seconds: a namespace created moments ago can be described
  # before it can be updated, so the update is retried.
  attempt=1
  until temporal operator namespace update --namespace "$NAMESPACE" --retention "$RETENTION"; do
    if [ "$attempt" -ge "$ATTEMPTS" ]; then
      echo "namespace job: could not update namespace ${NAMESPACE} after ${ATTEMPTS} attempts" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep "$DELAY"
  done
  echo "namespace job: namespace ${NAMESPACE} exists; retention set to ${RETENTION}"
else
  # Another job may have created it between describe and create: check again before failing.
  if ! temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"; then
    temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null
  fi
  echo "namespace job: namespace ${NAMESPACE} created with retention ${RETENTION}"
fi
