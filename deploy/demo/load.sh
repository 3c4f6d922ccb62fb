#!/usr/bin/env bash
# Loads a demo file through the gateway. Usage: load.sh BASE_URL TOKEN_TOOL FILE
#
# One request a line: [@caller] METHOD PATH JSON. A line without @caller is sent as admin. A
# record that exists already (409) counts as loaded, so running a file again adds nothing.
# Consecutive creates `POST /v1/<collection>?<x>Id=<id> JSON` of one caller, into a collection
# the file declares with `#! batch <collection>`, go as one `POST /v1/<collection>:batchCreate`
# (up to 1000 items): created, already present and refused are counted per item, and any
# refusal stops the load.
# {{today}}, {{today+N}} and {{today-N}} (days), {{year}}, {{year+N}} and {{year-N}} are replaced
# by the UTC date and year.
# Directives (lines starting with `#!`), before the requests:
#   #! caller NAME FLAGS...        @NAME's token: civitas-token FLAGS (--role=, --org=, --subject=)
#   #! batch COLLECTION            creates into COLLECTION go in batches (its :batchCreate)
#   #! only-if-absent PATH         load the file only while GET PATH (as admin) answers 404,
#                                  skip it when 200; anything else stops (files with custom
#                                  methods, which cannot be replayed, load into an empty store)
set -euo pipefail
base_url=$1
token_tool=$2
file=$3
token() { "$token_tool" --development_mode "$@"; }
declare -A callers=()
declare -A batched=()
callers[admin]=$(token --role=admin)
while IFS= read -r line; do
  [[ "$line" == '#! '* ]] || continue
  read -r -a words <<<"${line#'#! '}"
  case "${words[0]}" in
    caller) callers[${words[1]}]=$(token "${words[@]:2}") ;;
    batch) batched[${words[1]}]=1 ;;
    only-if-absent)
      status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${callers[admin]}" \
        "$base_url${words[1]}")
      case "$status" in
        404) ;;
        200) echo "demo data: $file already loaded (${words[1]} exists)"; exit 0 ;;
        *) echo "$file: GET ${words[1]} answered $status; cannot tell whether it is loaded" >&2
           exit 1 ;;
      esac
      ;;
    *) echo "$file: unknown directive '${words[0]}'" >&2; exit 2 ;;
  esac
done < "$file"
response=$(mktemp)
trap 'rm -f "$response"' EXIT
created=0
existing=0
# The batch being gathered: its collection, caller's bearer and items.
batch_collection=""
batch_bearer=""
batch_items=()
# How often `pattern` occurs in the last response (0 when never: grep's failure is no error here).
count() {
  local n
  n=$(grep -o "$1" "$response" | wc -l) || true
  echo "$n"
}
send_batch() {
  ((${#batch_items[@]} > 0)) || return 0
  local body
  body=$(IFS=,; echo "{\"requests\":[${batch_items[*]}]}")
  local status
  # On stdin: a batch of 1000 records is more than one command-line argument may hold.
  status=$(curl -s -o "$response" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $batch_bearer" -H 'Content-Type: application/json' \
    --data-binary @- "$base_url/v1/$batch_collection:batchCreate" <<<"$body")
  if [[ "$status" != 200 ]]; then
    echo "demo load failed: POST /v1/$batch_collection:batchCreate -> $status: $(cat "$response")" >&2
    exit 1
  fi
  # Refused as already existing (a record it may not read, a unique value taken) counts as
  # loaded, as a single create's 409 does; any other refusal stops the load.
  local refused taken
  refused=$(count '"result":"REFUSED"')
  taken=$(count '"code":"ALREADY_EXISTS"')
  if ((refused > taken)); then
    echo "demo load failed: /v1/$batch_collection:batchCreate refused items: $(cat "$response")" >&2
    exit 1
  fi
  created=$((created + $(count '"result":"CREATED"')))
  existing=$((existing + $(count '"result":"ALREADY_PRESENT"') + taken))
  batch_items=()
}
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  bearer=${callers[admin]}
  if [[ "$line" == @* ]]; then
    caller=${line%% *}
    caller=${caller#@}
    bearer=${callers[$caller]:?"$file: unknown caller @$caller (declare it: #! caller $caller ...)"}
    line=${line#* }
  fi
  # {{today}}, {{today+N}}, {{today-N}}, {{year}}, {{year+N}} and {{year-N}}: UTC dates for records
  # that must be current.
  while [[ "$line" =~ \{\{today\+([0-9]+)\}\} ]]; do
    line=${line//"${BASH_REMATCH[0]}"/$(date -u -d "+${BASH_REMATCH[1]} days" +%F)}
  done
  while [[ "$line" =~ \{\{today-([0-9]+)\}\} ]]; do
    line=${line//"${BASH_REMATCH[0]}"/$(date -u -d "-${BASH_REMATCH[1]} days" +%F)}
  done
  line=${line//'{{today}}'/$(date -u +%F)}
  line=${line//'{{year}}'/$(date -u +%Y)}
  while [[ "$line" =~ \{\{year-([0-9]+)\}\} ]]; do
    line=${line//"${BASH_REMATCH[0]}"/$(($(date -u +%Y) - BASH_REMATCH[1]))}
  done
  while [[ "$line" =~ \{\{year\+([0-9]+)\}\} ]]; do
    line=${line//"${BASH_REMATCH[0]}"/$(($(date -u +%Y) + BASH_REMATCH[1]))}
  done
  method=${line%% *}
  rest=${line#* }
  path=${rest%% *}
  body=${rest#* }
  # A create into a batched collection: `?<x>Id=<id>` names the item's id field and its record's.
  if [[ "$method" == POST && "$path" =~ ^/v1/([A-Za-z]+)\?([a-z][A-Za-z]*)Id=([a-z0-9-]+)$ &&
        -n "${batched[${BASH_REMATCH[1]}]:-}" ]]; then
    collection=${BASH_REMATCH[1]}
    id_field=${BASH_REMATCH[2]}
    id=${BASH_REMATCH[3]}
    if [[ "$collection" != "$batch_collection" || "$bearer" != "$batch_bearer" ||
          ${#batch_items[@]} -ge 1000 ]]; then
      send_batch
      batch_collection=$collection
      batch_bearer=$bearer
    fi
    batch_items+=("{\"${id_field}Id\":\"$id\",\"$id_field\":$body}")
    continue
  fi
  send_batch
  status=$(curl -s -o "$response" -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer $bearer" -H 'Content-Type: application/json' \
    --data-binary "$body" "$base_url$path")
  case "$status" in
    200) created=$((created + 1)) ;;
    409) existing=$((existing + 1)) ;;
    *) echo "demo load failed: $method $path -> $status: $(cat "$response")" >&2; exit 1 ;;
  esac
done < "$file"
send_batch
echo "demo data ($file): $created created, $existing already present"
