#!/usr/bin/env bash
# Loads a demo file through the gateway. Usage: load.sh BASE_URL TOKEN_TOOL FILE
#
# One request a line: [@caller] METHOD PATH JSON. A line without @caller is sent as admin. A
# record that exists already (409) counts as loaded, so running a file again adds nothing.
# {{today}}, {{today+N}} (days) and {{year}} are replaced by the UTC date and year.
# Directives (lines starting with `#!`), before the requests:
#   #! caller NAME FLAGS...        @NAME's token: civitas-token FLAGS (--role=, --org=, --subject=)
#   #! only-if-absent PATH         load the file only while GET PATH (as admin) answers 404,
#                                  skip it when 200; anything else stops (files with custom
#                                  methods, which cannot be replayed, load into an empty store)
set -euo pipefail
base_url=$1
token_tool=$2
file=$3
token() { "$token_tool" --development_mode "$@"; }
declare -A callers=()
callers[admin]=$(token --role=admin)
while IFS= read -r line; do
  [[ "$line" == '#! '* ]] || continue
  read -r -a words <<<"${line#'#! '}"
  case "${words[0]}" in
    caller) callers[${words[1]}]=$(token "${words[@]:2}") ;;
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
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  bearer=${callers[admin]}
  if [[ "$line" == @* ]]; then
    caller=${line%% *}
    caller=${caller#@}
    bearer=${callers[$caller]:?"$file: unknown caller @$caller (declare it: #! caller $caller ...)"}
    line=${line#* }
  fi
  # {{today}}, {{today+N}} and {{year}}: UTC dates for records that must be current.
  while [[ "$line" =~ \{\{today\+([0-9]+)\}\} ]]; do
    line=${line//"${BASH_REMATCH[0]}"/$(date -u -d "+${BASH_REMATCH[1]} days" +%F)}
  done
  line=${line//'{{today}}'/$(date -u +%F)}
  line=${line//'{{year}}'/$(date -u +%Y)}
  method=${line%% *}
  rest=${line#* }
  path=${rest%% *}
  body=${rest#* }
  status=$(curl -s -o "$response" -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer $bearer" -H 'Content-Type: application/json' \
    --data-binary "$body" "$base_url$path")
  case "$status" in
    200) created=$((created + 1)) ;;
    409) existing=$((existing + 1)) ;;
    *) echo "demo load failed: $method $path -> $status: $(cat "$response")" >&2; exit 1 ;;
  esac
done < "$file"
echo "demo data ($file): $created created, $existing already present"
