#include "services/accreditation/app/standard_catalogue.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/accreditation/domain/access_policy.h"
#include "services/accreditation/domain/standards.h"

namespace civitas::accreditation {

absl::StatusOr<v1::QualityStandard> StandardCatalogue::Publish(const records::Request& r,
                                                               const std::string& name,
                                                               const std::string& etag) {
  return standards_->Apply(
      r, name, etag,
      PublishStandardTransition(absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone())));
}

absl::StatusOr<v1::QualityStandard> StandardCatalogue::InForce(const std::string& country,
                                                               const std::string& service_type,
                                                               const std::string& date) {
  Violations v;
  absl::CivilDay day = absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone());
  CheckInForceQuestion(country, service_type, date, &day, &v);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(
      std::vector<v1::QualityStandard> versions,
      records::ScanAll<v1::QualityStandard>(store_, {absl::StrCat("country=", country),
                                                     absl::StrCat("service_type=", service_type)}));
  auto found = StandardInForce(versions, day);
  if (!found.has_value()) {
    return absl::NotFoundError(absl::StrCat("no published quality standard for ", country, " / ",
                                            service_type, " is in force on ", FormatDay(day)));
  }
  return *std::move(found);
}

absl::StatusOr<PinnedStandards> StandardCatalogue::InForceToday(
    const std::string& country, const google::protobuf::RepeatedPtrField<std::string>& types) {
  PinnedStandards out;
  for (const std::string& type : types) {
    auto found = InForce(country, type, "");
    if (found.ok()) {
      out.emplace(type, *std::move(found));
    } else if (found.status().code() != absl::StatusCode::kNotFound) {
      return found.status();
    }
  }
  return out;
}

absl::StatusOr<PinnedStandards> StandardCatalogue::PinnedBy(const v1::AccreditationCase& c) {
  PinnedStandards out;
  for (const v1::StandardScores& s : c.self_assessment()) {
    if (s.standard().empty()) continue;
    ASSIGN_OR_RETURN(auto standard,
                     records::ReadExisting<v1::QualityStandard>(store_, s.standard()));
    out.emplace(s.service_type(), std::move(standard.record));
  }
  return out;
}

}  // namespace civitas::accreditation
