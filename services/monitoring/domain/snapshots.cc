#include "services/monitoring/domain/snapshots.h"

#include <utility>

#include "libs/common/calendar.h"

namespace civitas::monitoring {

v1::OrgUnitSnapshot SnapshotOf(const std::string& org_unit,
                               const registry::v1::Organization* organization,
                               const registry::v1::Territory* territory,
                               std::vector<std::string> path,
                               const std::vector<registry::v1::SocialService>& services,
                               absl::Time now) {
  v1::OrgUnitSnapshot out;
  *out.mutable_capture_time() = ToTimestamp(now);
  if (organization != nullptr) {
    *out.mutable_display_name() = organization->display_name();
    *out.mutable_territories() = organization->territories();
    for (const registry::v1::SocialService& service : services) {
      if (service.provider() != org_unit) continue;
      v1::ServiceSnapshot* s = out.add_social_services();
      s->set_name(service.name());
      *s->mutable_display_name() = service.display_name();
      s->set_service_type(service.service_type());
      s->set_provider(service.provider());
      s->set_territory(service.territory());
      s->set_capacity_places(service.capacity_places());
    }
  } else if (territory != nullptr) {
    *out.mutable_display_name() = territory->display_name();
  }
  for (std::string& t : path) out.add_path(std::move(t));
  return out;
}

bool FollowsOrgUnitMoves(const v1::Submission& submission) {
  return submission.state() == v1::SUBMISSION_OPEN;
}

}  // namespace civitas::monitoring
