#include "libs/aip/list_query.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/page_token.h"
#include "libs/common/field_violations.h"
#include "libs/common/status_macros.h"

namespace civitas::aip {

absl::StatusOr<ParsedListQuery> ParseListQuery(const ListQuery& q, const ResourceSpec& spec) {
  ParsedListQuery out;
  Violations v;
  if (q.page_size < 0 || q.page_size > kMaxPageSize) {
    v.Add("page_size", absl::StrCat("must be between 0 and ", kMaxPageSize));
  }
  if (q.order_by == "create_time desc") {
    out.descending = true;
  } else if (!q.order_by.empty() && q.order_by != "create_time" &&
             q.order_by != "create_time asc") {
    v.Add("order_by", "supported: create_time, create_time desc");
  }
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(out.terms, ParseFilter(q.filter, spec));
  out.fingerprint = QueryFingerprint(spec.collection, q.filter, q.order_by, q.show_archived);
  ASSIGN_OR_RETURN(out.cursor, DecodePageToken(q.page_token, out.fingerprint));
  out.page_size = q.page_size == 0 ? kDefaultPageSize : q.page_size;
  out.show_archived = q.show_archived;
  return out;
}

}  // namespace civitas::aip
