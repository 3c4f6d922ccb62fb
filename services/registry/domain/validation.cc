#include "services/registry/domain/validation.h"

#include <limits>
#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/capacity.pb.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "services/registry/domain/service_catalogue.h"

namespace civitas::registry {
namespace {

constexpr size_t kNameLen = 300;
constexpr size_t kDescriptionLen = 5000;
constexpr int kMaxRepeated = 200;

std::string F(const std::string& base, const std::string& child) {
  return absl::StrCat(base, ".", child);
}
std::string At(const std::string& base, int i) { return absl::StrCat(base, "[", i, "]"); }

template <typename Enum>
void CheckEnum(Enum value, bool (*is_valid)(int), const std::string& field, bool required,
               Violations* v) {
  if (!is_valid(static_cast<int>(value))) {
    v->Add(field, "is not a known value");
  } else if (required && static_cast<int>(value) == 0) {
    v->Add(field, "is required");
  }
}

void CheckState(v1::RecordState state, const std::string& field, Violations* v) {
  CheckEnum(state, v1::RecordState_IsValid, field, false, v);
}

void CheckTargetGroups(const google::protobuf::RepeatedField<int>& groups, const std::string& field,
                       Violations* v) {
  aip::CheckEnumList(groups, v1::TargetGroup_descriptor(), "target group", field, v);
}

template <typename T>
void CheckNameList(const google::protobuf::RepeatedPtrField<std::string>& names,
                   const std::string& field, Violations* v) {
  if (names.size() > kMaxRepeated) {
    v->Add(field, absl::StrCat("must have at most ", kMaxRepeated, " entries"));
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < names.size(); ++i) {
    aip::CheckNameOf<T>(names[i], At(field, i), true, v);
    if (!seen.insert(names[i]).second) v->Add(At(field, i), "is listed twice");
  }
}

}  // namespace

void ValidateTerritory(const v1::Territory& t, const std::string& field, Violations* v) {
  aip::CheckText(t.code(), F(field, "code"), true, 32, v);
  CheckEnum(t.level(), v1::TerritoryLevel_IsValid, F(field, "level"), true, v);
  aip::CheckNameOf<v1::Territory>(t.parent(), F(field, "parent"), false, v);
  if (t.level() == v1::COUNTRY && !t.parent().empty()) {
    v->Add(F(field, "parent"), "must be empty for a country");
  }
  if (t.level() != v1::COUNTRY && t.level() != v1::TERRITORY_LEVEL_UNSPECIFIED &&
      t.parent().empty()) {
    v->Add(F(field, "parent"), "is required below country level");
  }
  aip::CheckLocalizedText(t.display_name(), F(field, "display_name"), true, kNameLen, v);
  for (int i = 0; i < t.tags_size(); ++i) {
    aip::CheckText(t.tags(i), At(F(field, "tags"), i), true, 64, v);
  }
  CheckState(t.state(), F(field, "state"), v);
}

void ValidateOrganization(const v1::Organization& o, const std::string& field, Violations* v) {
  aip::CheckLocalizedText(o.display_name(), F(field, "display_name"), true, kNameLen, v);
  CheckEnum(o.type(), v1::OrganizationType_IsValid, F(field, "type"), true, v);
  aip::CheckText(o.legal_form(), F(field, "legal_form"), false, 100, v);
  std::set<std::string> schemes;
  for (int i = 0; i < o.external_ids_size(); ++i) {
    const auto& id = o.external_ids(i);
    std::string f = At(F(field, "external_ids"), i);
    aip::CheckText(id.scheme(), F(f, "scheme"), true, 32, v);
    aip::CheckText(id.value(), F(f, "value"), true, 100, v);
    if (id.scheme().find('|') != std::string::npos) v->Add(F(f, "scheme"), "must not contain '|'");
    if (!id.scheme().empty() && !schemes.insert(id.scheme()).second) {
      v->Add(F(f, "scheme"), "an organisation has one id per scheme");
    }
  }
  CheckNameList<v1::Territory>(o.territories(), F(field, "territories"), v);  // field name
  CheckTargetGroups(o.target_groups(), F(field, "target_groups"), v);
  for (int i = 0; i < o.contacts_size(); ++i) {
    std::string f = At(F(field, "contacts"), i);
    CheckEnum(o.contacts(i).kind(), v1::Contact::Kind_IsValid, F(f, "kind"), true, v);
    aip::CheckText(o.contacts(i).value(), F(f, "value"), true, 300, v);
    if (o.contacts(i).kind() == v1::Contact::EMAIL &&
        o.contacts(i).value().find('@') == std::string::npos) {
      v->Add(F(f, "value"), "must be an email address");
    }
  }
  aip::CheckLocalizedText(o.description(), F(field, "description"), false, kDescriptionLen, v);
  CheckState(o.state(), F(field, "state"), v);
  for (int i = 0; i < o.capacity_assessments_size(); ++i) {
    const auto& a = o.capacity_assessments(i);
    std::string f = At(F(field, "capacity_assessments"), i);
    aip::CheckDate(a.assessment_date(), F(f, "assessment_date"), true, v);
    CheckEnum(a.phase(), v1::CapacityAssessment::Phase_IsValid, F(f, "phase"), true, v);
    aip::CheckNameOf<v1::TrainingProgramme>(a.programme(), F(f, "programme"), false, v);
    if (a.scores().empty()) v->Add(F(f, "scores"), "must score at least one dimension");
    for (const auto& [dim, score] : a.scores()) {
      if (dim.empty() || dim.size() > 64) v->Add(F(f, "scores"), "dimension names are 1-64 bytes");
      if (score < 0 || score > 100) {
        v->Add(absl::StrCat(F(f, "scores"), "[", dim, "]"), "must be between 0 and 100");
      }
    }
  }
  for (int i = 0; i < o.trainings_size(); ++i) {
    const auto& t = o.trainings(i);
    std::string f = At(F(field, "trainings"), i);
    aip::CheckText(t.title(), F(f, "title"), true, kNameLen, v);
    aip::CheckDate(t.start_date(), F(f, "start_date"), true, v);
    aip::CheckDate(t.end_date(), F(f, "end_date"), false, v);
    aip::CheckDateRange(t.start_date(), t.end_date(), F(f, "start_date"), F(f, "end_date"), v);
    if (t.participants() < 0) v->Add(F(f, "participants"), "must not be negative");
  }
}

void ValidateSocialService(const v1::SocialService& s, const std::string& field, Violations* v) {
  aip::CheckLocalizedText(s.display_name(), F(field, "display_name"), true, kNameLen, v);
  if (s.service_type().empty()) {
    v->Add(F(field, "service_type"), "is required (see GET /v1/serviceTypes)");
  } else if (!IsKnownServiceType(s.service_type())) {
    v->Add(F(field, "service_type"), "is not in the service type catalogue (GET /v1/serviceTypes)");
  }
  aip::CheckNameOf<v1::Organization>(s.provider(), F(field, "provider"), true, v);
  aip::CheckNameOf<v1::Territory>(s.territory(), F(field, "territory"), true, v);
  CheckTargetGroups(s.target_groups(), F(field, "target_groups"), v);
  if (s.capacity_places() < 0) v->Add(F(field, "capacity_places"), "must not be negative");
  CheckState(s.state(), F(field, "state"), v);
  for (int i = 0; i < s.funding_sources_size(); ++i) {
    const auto& fs = s.funding_sources(i);
    std::string f = At(F(field, "funding_sources"), i);
    CheckEnum(fs.kind(), v1::FundingSource::Kind_IsValid, F(f, "kind"), true, v);
    aip::CheckNameOf<v1::Organization>(fs.funder(), F(f, "funder"), false, v);
    aip::CheckText(fs.description(), F(f, "description"), false, 500, v);
    aip::CheckMoney(fs.annual_amount(), F(f, "annual_amount"), false, v);
    aip::CheckDate(fs.start_date(), F(f, "start_date"), false, v);
    aip::CheckDate(fs.end_date(), F(f, "end_date"), false, v);
    aip::CheckDateRange(fs.start_date(), fs.end_date(), F(f, "start_date"), F(f, "end_date"), v);
  }
  aip::CheckLocalizedText(s.description(), F(field, "description"), false, kDescriptionLen, v);
}

void ValidatePartnership(const v1::Partnership& p, const std::string& field, Violations* v) {
  CheckEnum(p.kind(), v1::Partnership::Kind_IsValid, F(field, "kind"), true, v);
  aip::CheckText(p.title(), F(field, "title"), false, kNameLen, v);
  aip::CheckNameOf<v1::Organization>(p.cso(), F(field, "cso"), true, v);
  aip::CheckNameOf<v1::Organization>(p.authority(), F(field, "authority"), true, v);
  if (!p.cso().empty() && p.cso() == p.authority()) {
    v->Add(F(field, "authority"), "must be a different organisation from cso");
  }
  aip::CheckNameOf<v1::SocialService>(p.social_service(), F(field, "social_service"), false, v);
  aip::CheckDate(p.start_date(), F(field, "start_date"), true, v);
  aip::CheckDate(p.end_date(), F(field, "end_date"), false, v);
  aip::CheckDateRange(p.start_date(), p.end_date(), F(field, "start_date"), F(field, "end_date"),
                      v);
  CheckState(p.state(), F(field, "state"), v);
  if (p.volume() < 0) v->Add(F(field, "volume"), "must not be negative");
  aip::CheckText(p.volume_unit(), F(field, "volume_unit"), false, 64, v);
  if (p.kind() == v1::Partnership::SERVICE_CONTRACT) {
    if (p.volume() <= 0) v->Add(F(field, "volume"), "a service contract needs a volume > 0");
    aip::CheckText(p.volume_unit(), F(field, "volume_unit"), true, 64, v);
    aip::CheckMoney(p.unit_cost(), F(field, "unit_cost"), true, v);
    if (p.end_date().empty()) v->Add(F(field, "end_date"), "a service contract needs an end date");
  } else {
    aip::CheckMoney(p.unit_cost(), F(field, "unit_cost"), false, v);
  }
}

void ValidateNetwork(const v1::Network& n, const std::string& field, Violations* v) {
  aip::CheckLocalizedText(n.display_name(), F(field, "display_name"), true, kNameLen, v);
  aip::CheckLocalizedText(n.description(), F(field, "description"), false, kDescriptionLen, v);
  aip::CheckNameOf<v1::Organization>(n.coordinator(), F(field, "coordinator"), false, v);
  CheckNameList<v1::Organization>(n.members(), F(field, "members"), v);
  CheckNameList<v1::Territory>(n.territories(), F(field, "territories"), v);  // field name
  CheckState(n.state(), F(field, "state"), v);
}

bool NeedsLiveParent(const v1::Territory& t) { return t.state() != v1::ARCHIVED; }

void ValidateTerritoryParent(const v1::Territory& child, const v1::Territory* parent,
                             const std::string& field, Violations* v) {
  if (parent == nullptr) return;
  if (parent->state() == v1::ARCHIVED) {
    v->AddPrecondition(F(field, "parent"), "is archived");
  }
  if (child.level() <= parent->level()) {
    v->Add(F(field, "level"), absl::StrCat("must be below the parent's level (",
                                           v1::TerritoryLevel_Name(parent->level()), ")"));
  }
}

void ValidatePartnershipParties(const v1::Organization& cso, const v1::Organization& authority,
                                const std::string& field, Violations* v) {
  if (cso.type() != v1::CSO) v->Add(F(field, "cso"), "must be an organisation of type CSO");
  if (authority.type() != v1::PUBLIC_AUTHORITY && authority.type() != v1::MINISTRY) {
    v->Add(F(field, "authority"), "must be a PUBLIC_AUTHORITY or MINISTRY organisation");
  }
}

absl::StatusOr<civitas::common::v1::Money> PartnershipTotalValue(const v1::Partnership& p) {
  civitas::common::v1::Money total;
  if (p.unit_cost().currency_code().empty()) return total;
  total.set_currency_code(p.unit_cost().currency_code());
  int64_t result = 0;
  if (__builtin_mul_overflow(p.volume(), p.unit_cost().amount_minor(), &result)) {
    return InvalidArgumentError({{"partnership.volume", "volume x unit_cost is too large"}});
  }
  total.set_amount_minor(result);
  return total;
}

}  // namespace civitas::registry
