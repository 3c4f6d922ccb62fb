#include "services/grants/domain/eligibility.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace civitas::grants {
namespace {

namespace rv1 = registry::v1;

class Findings {
 public:
  void Add(std::string rule, std::string field, std::string description) {
    v1::EligibilityFailure& f = failures_.emplace_back();
    f.set_rule(std::move(rule));
    f.set_field(std::move(field));
    f.set_description(std::move(description));
  }
  std::vector<v1::EligibilityFailure> Take() { return std::move(failures_); }

 private:
  std::vector<v1::EligibilityFailure> failures_;
};

bool Within(const std::vector<std::string>& path, const std::string& area) {
  return std::find(path.begin(), path.end(), area) != path.end();
}

const std::vector<std::string>* PathOf(const RegistryFacts& facts, const std::string& territory) {
  auto it = facts.territory_paths.find(territory);
  return it == facts.territory_paths.end() ? nullptr : &it->second;
}

void CheckOrganizations(const v1::Application& a, const v1::Call& call, const RegistryFacts& f,
                        Findings* out) {
  const auto& admitted = call.eligibility().applicant_types();
  if (!admitted.empty() &&
      std::find(admitted.begin(), admitted.end(), f.applicant.type()) == admitted.end()) {
    std::vector<std::string> names;
    for (int t : admitted) names.push_back(rv1::OrganizationType_Name(t));
    out->Add("applicant_type", "application.applicant",
             absl::StrCat(a.applicant(), " is ", rv1::OrganizationType_Name(f.applicant.type()),
                          "; the call admits ", absl::StrJoin(names, ", ")));
  }
  if (f.applicant.state() == rv1::ARCHIVED) {
    out->Add("applicant_state", "application.applicant",
             absl::StrCat(a.applicant(), " is archived in the registry"));
  }
  for (int i = 0; i < a.partners_size(); ++i) {
    auto it = f.partners.find(a.partners(i));
    if (it == f.partners.end()) {
      out->Add("applicant_state", absl::StrCat("application.partners[", i, "]"),
               absl::StrCat(a.partners(i), " is not in the registry"));
    } else if (it->second.state() == rv1::ARCHIVED) {
      out->Add("applicant_state", absl::StrCat("application.partners[", i, "]"),
               absl::StrCat(a.partners(i), " is archived in the registry"));
    }
  }
}

void CheckPlaces(const v1::Application& a, const v1::Call& call, const RegistryFacts& f,
                 Findings* out) {
  const auto& areas = call.eligibility().territories();
  if (a.territories().empty() &&
      (!areas.empty() || call.eligibility().requires_authority_partnership())) {
    out->Add("territory", "application.territories", "name where the project works");
    return;
  }
  for (int i = 0; i < a.territories_size(); ++i) {
    if (areas.empty()) break;
    const std::vector<std::string>* path = PathOf(f, a.territories(i));
    bool inside = path != nullptr && std::any_of(areas.begin(), areas.end(), [&](const auto& area) {
                    return Within(*path, area);
                  });
    if (!inside) {
      out->Add("territory", absl::StrCat("application.territories[", i, "]"),
               absl::StrCat(a.territories(i), " is outside the call's territories (",
                            absl::StrJoin(areas, ", "), ")"));
    }
  }
  if (!call.eligibility().requires_authority_partnership()) return;
  // A partner authority qualifies when one of the territories it is responsible for contains
  // (or is) a territory of the project: the municipality, or the region above it.
  for (const auto& [name, partner] : f.partners) {
    if (partner.type() != rv1::PUBLIC_AUTHORITY || partner.state() == rv1::ARCHIVED) continue;
    if (std::find(a.partners().begin(), a.partners().end(), name) == a.partners().end()) continue;
    for (const std::string& project_territory : a.territories()) {
      const std::vector<std::string>* path = PathOf(f, project_territory);
      if (path == nullptr) continue;
      for (const std::string& responsible : partner.territories()) {
        if (Within(*path, responsible)) return;
      }
    }
  }
  out->Add("authority_partnership", "application.partners",
           "the call requires a partner that is a public authority of the project's territory");
}

template <typename Repeated>
bool Intersects(const Repeated& a, const Repeated& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](const auto& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

void CheckScope(const v1::Application& a, const v1::Call& call, Findings* out) {
  const auto& groups = call.eligibility().target_groups();
  if (!groups.empty() && !Intersects(a.target_groups(), groups)) {
    std::vector<std::string> names;
    for (int g : groups) names.push_back(rv1::TargetGroup_Name(g));
    out->Add(
        "target_group", "application.target_groups",
        absl::StrCat("must include one of the call's target groups: ", absl::StrJoin(names, ", ")));
  }
  const auto& types = call.eligibility().service_types();
  if (!types.empty() && !Intersects(a.service_types(), types)) {
    out->Add(
        "service_type", "application.service_types",
        absl::StrCat("must include one of the call's service types: ", absl::StrJoin(types, ", ")));
  }
}

void CheckMoney(const v1::Application& a, const v1::Call& call, Findings* out) {
  const int64_t requested = a.requested_amount().amount_minor();
  const int64_t cofinancing = a.cofinancing().amount_minor();
  if (requested < call.min_award().amount_minor() || requested > call.max_award().amount_minor()) {
    out->Add("award_range", "application.requested_amount",
             absl::StrCat("must be within the call's awards: ", call.min_award().amount_minor(),
                          " to ", call.max_award().amount_minor(), " ",
                          call.envelope().currency_code(), " minor units"));
  }
  // cofinancing / (requested + cofinancing) >= bp / 10000, in integers (no rounding): amounts
  // are below 2^53 and basis points below 2^14, so the products fit in 128 bits easily.
  const __int128 total = static_cast<__int128>(requested) + cofinancing;
  if (static_cast<__int128>(cofinancing) * 10000 <
      static_cast<__int128>(call.min_cofinancing_bp()) * total) {
    out->Add("cofinancing", "application.cofinancing",
             absl::StrCat("must be at least ", call.min_cofinancing_bp() / 100.0,
                          "% of the project's cost (requested amount plus co-financing)"));
  }
  __int128 budget = 0;
  for (const v1::BudgetLine& line : a.budget_lines()) budget += line.amount().amount_minor();
  if (budget != total) {
    out->Add("budget", "application.budget_lines",
             absl::StrCat("must sum to the requested amount plus co-financing (",
                          static_cast<int64_t>(total), "), not ", static_cast<int64_t>(budget)));
  }
}

}  // namespace

std::string AccreditationShortfall(const std::string& applicant, const std::string& service_type,
                                   const AccreditationFact& fact, const std::string& required_by) {
  if (fact.accredited) return "";
  return absl::StrCat(applicant, " is not accredited for ", service_type, " on ", fact.date,
                      fact.certificate.empty() ? std::string(" (no certificate)")
                                               : absl::StrCat(" (certificate ", fact.certificate,
                                                              " is ", fact.state, ")"),
                      "; ", required_by, " requires it");
}

absl::Status CheckAccredited(const std::string& applicant, const std::string& service_type,
                             const AccreditationFact& fact, const std::string& required_by) {
  const std::string shortfall = AccreditationShortfall(applicant, service_type, fact, required_by);
  if (shortfall.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("accreditation: ", shortfall));
}

registry::v1::Organization GoneFromRegistry(const std::string& name) {
  registry::v1::Organization org;
  org.set_name(name);
  org.set_state(registry::v1::ARCHIVED);
  return org;
}

std::vector<v1::EligibilityFailure> CheckEligibility(const v1::Application& application,
                                                     const v1::Call& call,
                                                     const RegistryFacts& facts) {
  Findings out;
  CheckOrganizations(application, call, facts, &out);
  CheckPlaces(application, call, facts, &out);
  CheckScope(application, call, &out);
  CheckMoney(application, call, &out);
  for (const std::string& type : call.eligibility().required_accreditations()) {
    auto it = facts.accreditations.find(type);
    const AccreditationFact missing;
    const std::string shortfall = AccreditationShortfall(
        application.applicant(), type, it == facts.accreditations.end() ? missing : it->second);
    if (!shortfall.empty()) out.Add("accreditation", "application.applicant", shortfall);
  }
  return out.Take();
}

}  // namespace civitas::grants
