#include "services/registry/domain/organization_csv.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/csv_cell.h"
#include "libs/common/utc_timestamp.h"

namespace civitas::registry {
namespace {

// The languages of the name columns, in order.
constexpr const char* kLanguages[] = {"en", "hy", "ro", "ru", "uk", "ka"};

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
  AppendCsvCell(o.name(), false, out);
  AppendCsvCell(v1::OrganizationType_Name(o.type()), false, out);
  AppendCsvCell(v1::RecordState_Name(o.state()), false, out);
  for (const char* language : kLanguages) {
    auto it = o.display_name().find(language);
    AppendCsvCell(it == o.display_name().end() ? "" : it->second, false, out);
  }
  AppendCsvCell(o.legal_form(), false, out);
  AppendCsvCell(absl::StrJoin(o.territories(), ";"), false, out);
  std::vector<std::string> groups;
  for (int g : o.target_groups()) groups.push_back(v1::TargetGroup_Name(g));
  AppendCsvCell(absl::StrJoin(groups, ";"), false, out);
  std::vector<std::string> ids;
  for (const auto& id : o.external_ids()) ids.push_back(absl::StrCat(id.scheme(), "|", id.value()));
  AppendCsvCell(absl::StrJoin(ids, ";"), false, out);
  AppendCsvCell(Timestamp(o.create_time()), false, out);
  AppendCsvCell(Timestamp(o.update_time()), true, out);
}

}  // namespace civitas::registry
