#include "services/registry/domain/organization_csv.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/utc_timestamp.h"

namespace civitas::registry {
namespace {

// The languages of the name columns, in order.
constexpr const char* kLanguages[] = {"en", "hy", "ro", "ru", "uk", "ka"};

// Quotes a cell when it holds a separator, a quote or a line break (RFC 4180 section 2).
void AppendCell(const std::string& value, bool last, std::string* out) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    out->append(value);
  } else {
    out->push_back('"');
    for (char c : value) {
      if (c == '"') out->push_back('"');
      out->push_back(c);
    }
    out->push_back('"');
  }
  out->append(last ? "\r\n" : ",");
}

std::string Timestamp(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  std::string out;
  AppendUtcTimestamp(t.seconds(), t.nanos(), -1, &out);
  return out;
}

}  // namespace

std::string OrganizationCsvHeader() {
  std::string out = "name,type,state,";
  for (const char* language : kLanguages) absl::StrAppend(&out, "display_name_", language, ",");
  out += "legal_form,territories,target_groups,external_ids,create_time,update_time\r\n";
  return out;
}

void AppendOrganizationCsvRow(const v1::Organization& o, std::string* out) {
  AppendCell(o.name(), false, out);
  AppendCell(v1::OrganizationType_Name(o.type()), false, out);
  AppendCell(v1::RecordState_Name(o.state()), false, out);
  for (const char* language : kLanguages) {
    auto it = o.display_name().find(language);
    AppendCell(it == o.display_name().end() ? "" : it->second, false, out);
  }
  AppendCell(o.legal_form(), false, out);
  AppendCell(absl::StrJoin(o.territories(), ";"), false, out);
  std::vector<std::string> groups;
  for (int g : o.target_groups()) groups.push_back(v1::TargetGroup_Name(g));
  AppendCell(absl::StrJoin(groups, ";"), false, out);
  std::vector<std::string> ids;
  for (const auto& id : o.external_ids()) ids.push_back(absl::StrCat(id.scheme(), "|", id.value()));
  AppendCell(absl::StrJoin(ids, ";"), false, out);
  AppendCell(Timestamp(o.create_time()), false, out);
  AppendCell(Timestamp(o.update_time()), true, out);
}

}  // namespace civitas::registry
