#!/usr/bin/env bash
# Loads a demo file (METHOD PATH JSON per line) through the gateway. A record that exists already
# (409) counts as loaded, so running it again adds nothing.
set -euo pipefail
base_url=$1
token=$2
file=$3
created=0
existing=0
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  method=${line%% *}
  rest=${line#* }
  path=${rest%% *}
  body=${rest#* }
  status=$(curl -s -o /tmp/civitas-demo-response -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary "$body" "$base_url$path")
  case "$status" in
    200) created=$((created + 1)) ;;
    409) existing=$((existing + 1)) ;;
    *) echo "demo load failed: $method $path -> $status: $(cat /tmp/civitas-demo-response)" >&2; exit 1 ;;
  esac
done < "$file"
echo "demo data: $created created, $existing already present"
