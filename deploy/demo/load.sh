#!/usr/bin/env bash
# Loads a demo file ([@caller] METHOD PATH JSON per line) through the gateway. A record that
# exists already (409) counts as loaded, so running it again adds nothing. Usage:
#   load.sh BASE_URL TOKEN FILE [caller=TOKEN ...]
# A line starting with @caller is sent with that caller's token, others with TOKEN. {{today}},
# {{today+N}} (days) and {{year}} are replaced by the UTC date and year.
set -euo pipefail
base_url=$1
token=$2
file=$3
shift 3
declare -A callers=()
for pair in "$@"; do callers[${pair%%=*}]=${pair#*=}; done
created=0
existing=0
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  bearer=$token
  if [[ "$line" == @* ]]; then
    caller=${line%% *}
    caller=${caller#@}
    bearer=${callers[$caller]:?"$file: unknown caller @$caller"}
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
  status=$(curl -s -o /tmp/civitas-demo-response -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer $bearer" -H 'Content-Type: application/json' \
    --data-binary "$body" "$base_url$path")
  case "$status" in
    200) created=$((created + 1)) ;;
    409) existing=$((existing + 1)) ;;
    *) echo "demo load failed: $method $path -> $status: $(cat /tmp/civitas-demo-response)" >&2; exit 1 ;;
  esac
done < "$file"
echo "demo data: $created created, $existing already present"
