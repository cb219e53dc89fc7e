#!/usr/bin/env bash
# Provisions one device with nothing but bash, openssl, xxd, base64 and curl, the way the Azure
# docs do it ("Derive a device key" with openssl; the SAS token signed with openssl's HMAC; the
# register/poll calls with curl). Works against the DPS emulator (--cacert ca.pem) and, with the
# system roots, against the real service. It shares no code with the emulator or the device.
#
#   bash dps-curl-flow.sh --endpoint 127.0.0.1:8443 --cacert .dps-emulator/ca.pem \
#        --id-scope 0ne0001A2B3 --registration-id my-device-1 --group-key '<base64 group key>'
#
# Options:
#   --endpoint HOST[:PORT]     DPS endpoint (global.azure-devices-provisioning.net for the service)
#   --cacert FILE              CA file for curl (the emulator's ca.pem)
#   --id-scope SCOPE           id scope
#   --registration-id ID       registration id
#   --group-key KEY            enrollment group key: the device key is derived from it
#   --device-key KEY           or the device key itself (individual enrollment, or already derived)
#   --api-version V            default 2021-06-01
#   --payload JSON             custom payload object sent with the registration
#   --lowercase-escapes        send sr with lower-case escapes (%2f) instead of %2F
#   --send-message TEXT        afterwards, send TEXT to the assigned hub (device-to-cloud over HTTPS)
#   --hub-address IP           connect to the hub name at this address (curl --resolve), e.g. 127.0.0.1
#   --max-polls N              give up after N polls (default 20)
# Prints the final operation answer (JSON) on stdout; exits 0 only when the status is "assigned".
set -euo pipefail

ENDPOINT="" CACERT="" ID_SCOPE="" REG_ID="" GROUP_KEY="" DEVICE_KEY="" API_VERSION="2021-06-01"
PAYLOAD="" LOWERCASE=0 MESSAGE="" HUB_ADDRESS="" MAX_POLLS=20
while [ $# -gt 0 ]; do
  case "$1" in
    --endpoint) ENDPOINT=$2; shift 2 ;;
    --cacert) CACERT=$2; shift 2 ;;
    --id-scope) ID_SCOPE=$2; shift 2 ;;
    --registration-id) REG_ID=$2; shift 2 ;;
    --group-key) GROUP_KEY=$2; shift 2 ;;
    --device-key) DEVICE_KEY=$2; shift 2 ;;
    --api-version) API_VERSION=$2; shift 2 ;;
    --payload) PAYLOAD=$2; shift 2 ;;
    --lowercase-escapes) LOWERCASE=1; shift ;;
    --send-message) MESSAGE=$2; shift 2 ;;
    --hub-address) HUB_ADDRESS=$2; shift 2 ;;
    --max-polls) MAX_POLLS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$ENDPOINT" ] || [ -z "$ID_SCOPE" ] || [ -z "$REG_ID" ] || { [ -z "$GROUP_KEY" ] && [ -z "$DEVICE_KEY" ]; }; then
  echo "need --endpoint, --id-scope, --registration-id and --group-key or --device-key" >&2
  exit 2
fi
CURL=(curl -sS --max-time 30)
if [ -n "$CACERT" ]; then CURL+=(--cacert "$CACERT"); fi

# Percent-encodes everything but unreserved characters (upper-case hex, like the docs' tools).
urlencode() {
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

# The hex form of a base64 key, for openssl's -macopt hexkey: (Azure docs: base64 --decode | xxd -p).
hexkey() { printf '%s' "$1" | base64 --decode | xxd -p -u -c 1000; }

# SAS token: sig = base64(HMAC-SHA256(key, sr + "\n" + se)), sr = urlencode(resource URI).
sas_token() {
  local resource=$1 key=$2 skn=${3:-} expiry sr sig
  expiry=$(( $(date +%s) + 3600 ))
  sr=$(urlencode "$resource")
  if [ "$LOWERCASE" = 1 ]; then sr=$(printf '%s' "$sr" | sed 's/%\(..\)/%\L\1/g'); fi
  sig=$(printf '%s\n%s' "$sr" "$expiry" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(hexkey "$key")" -binary | base64)
  printf 'SharedAccessSignature sr=%s&sig=%s&se=%s%s' "$sr" "$(urlencode "$sig")" "$expiry" "${skn:+&skn=$skn}"
}

json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$2" | head -n 1; }

# 1. Device key: derived from the group key (Azure docs, "Derive a device key", Linux).
if [ -n "$GROUP_KEY" ]; then
  DEVICE_KEY=$(printf '%s' "$REG_ID" | openssl sha256 -mac HMAC -macopt "hexkey:$(hexkey "$GROUP_KEY")" -binary | base64)
fi

# 2. Register.
TOKEN=$(sas_token "$ID_SCOPE/registrations/$REG_ID" "$DEVICE_KEY" registration)
BODY="{\"registrationId\":\"$REG_ID\"${PAYLOAD:+,\"payload\":$PAYLOAD}}"
BASE="https://$ENDPOINT/$ID_SCOPE/registrations/$REG_ID"
HEADERS=$(mktemp)
trap 'rm -f "$HEADERS"' EXIT
ANSWER=$("${CURL[@]}" -D "$HEADERS" -X PUT -H "Content-Type: application/json; charset=utf-8" \
  -H "Authorization: $TOKEN" -d "$BODY" "$BASE/register?api-version=$API_VERSION")
echo "register: $(head -n 1 "$HEADERS" | tr -d '\r')" >&2
OPERATION_ID=$(json_field operationId "$ANSWER")
if [ -z "$OPERATION_ID" ]; then echo "no operationId in: $ANSWER" >&2; exit 1; fi

# 3. Poll, honouring Retry-After, until the operation is no longer "assigning".
STATUS=$(json_field status "$ANSWER")
POLLS=0
while [ "$STATUS" = "assigning" ] && [ "$POLLS" -lt "$MAX_POLLS" ]; do
  POLLS=$((POLLS + 1))
  RETRY_AFTER=$(sed -n 's/^[Rr]etry-[Aa]fter: *\([0-9]*\).*/\1/p' "$HEADERS")
  sleep "${RETRY_AFTER:-2}"
  ANSWER=$("${CURL[@]}" -D "$HEADERS" -H "Authorization: $TOKEN" "$BASE/operations/$OPERATION_ID?api-version=$API_VERSION")
  echo "poll: $(head -n 1 "$HEADERS" | tr -d '\r')" >&2
  STATUS=$(json_field status "$ANSWER")
done
echo "$ANSWER"
if [ "$STATUS" != "assigned" ]; then echo "status: ${STATUS:-none}" >&2; exit 1; fi

# 4. Optionally, prove the assignment: one device-to-cloud message to the assigned hub.
if [ -n "$MESSAGE" ]; then
  HUB=$(json_field assignedHub "$ANSWER")
  DEVICE_ID=$(json_field deviceId "$ANSWER")
  PORT=${ENDPOINT##*:}
  if [ "$PORT" = "$ENDPOINT" ]; then PORT=443; fi
  RESOLVE=()
  if [ -n "$HUB_ADDRESS" ]; then RESOLVE=(--resolve "$HUB:$PORT:$HUB_ADDRESS"); fi
  HUB_TOKEN=$(sas_token "$HUB/devices/$DEVICE_ID" "$DEVICE_KEY")
  CODE=$("${CURL[@]}" "${RESOLVE[@]}" -o /dev/null -w '%{http_code}' -X POST -H "Authorization: $HUB_TOKEN" \
    -H "Content-Type: application/json" -d "$MESSAGE" "https://$HUB:$PORT/devices/$DEVICE_ID/messages/events?api-version=2020-03-13")
  echo "hub message: HTTP $CODE" >&2
  if [ "$CODE" != 204 ] && [ "$CODE" != 200 ]; then exit 1; fi
fi
