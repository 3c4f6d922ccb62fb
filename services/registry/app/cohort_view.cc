#include "services/registry/app/cohort_view.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/registry/domain/capacity.h"

namespace civitas::registry {

absl::StatusOr<v1::CohortFigures> CohortView::Of(const records::Request& r,
                                                 const std::string& name) {
  ASSIGN_OR_RETURN(v1::TrainingProgramme programme, programmes_->Get(r, name));
  DocumentStore* reads = r.reads(store_);
  ASSIGN_OR_RETURN(
      std::vector<v1::TrainingEvent> events,
      records::ScanAll<v1::TrainingEvent>(reads, {absl::StrCat("programme=", programme.name())}));
  const std::vector<std::string> trained = AttendingOrganizations(events);
  ASSIGN_OR_RETURN(std::vector<v1::Organization> organizations,
                   records::ReadNamedMany<v1::Organization>(reads, trained));
  std::vector<v1::SocialService> services;
  for (const std::string& organization : trained) {
    ASSIGN_OR_RETURN(
        std::vector<v1::SocialService> provided,
        records::ScanAll<v1::SocialService>(reads, {absl::StrCat("provider=", organization)}));
    for (v1::SocialService& s : provided) services.push_back(std::move(s));
  }
  return CohortFiguresOf(programme, events, organizations, services,
                         absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone()));
}

}  // namespace civitas::registry
