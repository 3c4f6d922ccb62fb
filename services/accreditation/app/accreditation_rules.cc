#include "services/accreditation/app/accreditation_rules.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/accreditation/domain/access_policy.h"
#include "services/accreditation/domain/case_rules.h"
#include "services/accreditation/domain/resource_spec.h"
#include "services/accreditation/domain/standards.h"

namespace civitas::accreditation {

using records::Change;

absl::Status CheckServiceTypes(clients::RegistryClient* registry,
                               const std::vector<std::string>& codes, const std::string& field,
                               bool indexed, Violations* v, const clients::CallContext& ctx) {
  if (codes.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<registry::v1::ServiceType> types, registry->ListServiceTypes(ctx));
  std::set<std::string> known;
  for (const auto& t : types) known.insert(t.code());
  for (size_t i = 0; i < codes.size(); ++i) {
    // A malformed code is the field checks' to name.
    if (!IsServiceTypeCode(codes[i]) || known.contains(codes[i])) continue;
    v->Add(indexed ? absl::StrCat(field, "[", i, "]") : field,
           absl::StrCat("'", codes[i], "' is not in the registry's service type catalogue"));
  }
  return absl::OkStatus();
}

namespace {

// The country's policy, as a reference the write re-checks: it must exist and be active.
void RequirePolicy(const std::string& country, std::vector<Reference>* references) {
  if (!IsCountryCode(country)) return;
  references->push_back(records::RefTo<v1::CountryPolicy>(PolicyId(country), {v1::POLICY_ACTIVE}));
}

}  // namespace

// --- Country policies ---

const aip::ResourceSpec& PolicyRecordRules::spec() const { return CountryPolicySpec(); }

const records::StateModel<v1::CountryPolicy>& PolicyRecordRules::states() const {
  static const records::StateModel<v1::CountryPolicy> kStates{
      v1::POLICY_ACTIVE, {v1::POLICY_ACTIVE}, v1::POLICY_ARCHIVED};
  return kStates;
}

bool PolicyRecordRules::CanRead(const records::RuleContext&, const v1::CountryPolicy&) const {
  return true;
}

absl::Status PolicyRecordRules::Authorize(const records::ChangeContext<v1::CountryPolicy>& ctx,
                                          const v1::CountryPolicy&) const {
  return AuthorizeAccreditingBody(ctx.caller, "setting country policies");
}

void PolicyRecordRules::Validate(const v1::CountryPolicy*, const v1::CountryPolicy& after,
                                 Violations* v) const {
  const std::string id = aip::IdIn<v1::CountryPolicy>(after.name());
  if (!IsCountryCode(absl::AsciiStrToUpper(id)) || PolicyId(absl::AsciiStrToUpper(id)) != id) {
    v->Add("policy_id", "must be the country's ISO 3166-1 alpha-2 code in lower case, e.g. md");
  }
  ValidateCountryPolicy(after, v);
}

absl::Status PolicyRecordRules::LoadReferences(const records::ChangeContext<v1::CountryPolicy>&,
                                               v1::CountryPolicy*, Violations*,
                                               std::vector<Reference>*) {
  return absl::OkStatus();
}

// --- Standards ---

const aip::ResourceSpec& StandardRecordRules::spec() const { return StandardSpec(); }

const records::StateModel<v1::QualityStandard>& StandardRecordRules::states() const {
  static const records::StateModel<v1::QualityStandard> kStates{
      v1::STANDARD_DRAFT, {v1::STANDARD_DRAFT}, v1::STANDARD_ARCHIVED};
  return kStates;
}

bool StandardRecordRules::CanRead(const records::RuleContext& ctx,
                                  const v1::QualityStandard& s) const {
  return CanReadStandard(ctx.caller, s);
}

absl::Status StandardRecordRules::Authorize(const records::ChangeContext<v1::QualityStandard>& ctx,
                                            const v1::QualityStandard&) const {
  const v1::QualityStandard* before = ctx.before;
  RETURN_IF_ERROR(AuthorizeAccreditingBody(ctx.caller, "writing quality standards"));
  if (before != nullptr && before->state() != v1::STANDARD_DRAFT) {
    return absl::FailedPreconditionError(
        absl::StrCat(before->name(), " is ", v1::StandardState_Name(before->state()),
                     ctx.change == Change::kArchive
                         ? "; a published version stays: evaluations refer to it"
                         : "; a published version is frozen: create the next version instead"));
  }
  return absl::OkStatus();
}

void StandardRecordRules::Validate(const v1::QualityStandard*, const v1::QualityStandard& after,
                                   Violations* v) const {
  ValidateStandard(after, v);
}

absl::Status StandardRecordRules::LoadReferences(
    const records::ChangeContext<v1::QualityStandard>& ctx, v1::QualityStandard* s, Violations* v,
    std::vector<Reference>* references) {
  RequirePolicy(s->country(), references);
  return CheckServiceTypes(registry_, {s->service_type()}, "standard.service_type", false, v,
                           ctx.call);
}

std::vector<std::string> StandardRecordRules::UniqueValues(const v1::QualityStandard& s) const {
  return {absl::StrCat("version=", s.country(), "|", s.service_type(), "|", s.version())};
}

// --- Cases ---

const aip::ResourceSpec& CaseRecordRules::spec() const { return CaseSpec(); }

const records::StateModel<v1::AccreditationCase>& CaseRecordRules::states() const {
  static const records::StateModel<v1::AccreditationCase> kStates{
      v1::CASE_INITIATION, {v1::CASE_INITIATION}, v1::CASE_ARCHIVED};
  return kStates;
}

bool CaseRecordRules::CanRead(const records::RuleContext& ctx,
                              const v1::AccreditationCase& c) const {
  return CanReadCase(ctx.caller, c);
}

absl::Status CaseRecordRules::Authorize(const records::ChangeContext<v1::AccreditationCase>& ctx,
                                        const v1::AccreditationCase& after) const {
  const Principal& p = ctx.caller;
  const v1::AccreditationCase* before = ctx.before;
  if (ctx.change == Change::kCreate) return AuthorizeCaseCreate(p, after);
  if (ctx.change == Change::kArchive) {
    RETURN_IF_ERROR(AuthorizeAccreditingBody(p, "archiving cases"));
    if (before->state() != v1::CASE_DECIDED && before->state() != v1::CASE_WITHDRAWN) {
      return absl::FailedPreconditionError(
          absl::StrCat(before->name(), " is in ", v1::CaseState_Name(before->state()),
                       "; only decided or withdrawn cases are archived"));
    }
    return absl::OkStatus();
  }
  return AuthorizeCaseEdit(p, *before);
}

void CaseRecordRules::Validate(const v1::AccreditationCase*, const v1::AccreditationCase& after,
                               Violations* v) const {
  ValidateCase(after, v);
}

void CaseRecordRules::OnUpdate(const records::ChangeContext<v1::AccreditationCase>& ctx,
                               v1::AccreditationCase* after, absl::Time now) {
  RecordCaseEdit(*ctx.before, after, ctx.caller.subject, now);
}

absl::Status CaseRecordRules::LoadReferences(
    const records::ChangeContext<v1::AccreditationCase>& ctx, v1::AccreditationCase* c,
    Violations* v, std::vector<Reference>* references) {
  RETURN_IF_ERROR(
      clients::CheckOrganizationRegistered(registry_, c->provider(), "case.provider", v, ctx.call));
  RETURN_IF_ERROR(CheckServiceTypes(registry_,
                                    {c->service_types().begin(), c->service_types().end()},
                                    "case.service_types", true, v, ctx.call));
  for (int i = 0; i < c->social_services_size(); ++i) {
    const std::string field = absl::StrCat("case.social_services[", i, "]");
    if (!aip::IsNameOf<registry::v1::SocialService>(c->social_services(i))) continue;
    ASSIGN_OR_RETURN(auto service, clients::FindSocialService(registry_, c->social_services(i),
                                                              field, v, ctx.call));
    if (!service.has_value()) continue;
    if (service->provider() != c->provider()) {
      v->Add(field, absl::StrCat(c->social_services(i), " is provided by ", service->provider(),
                                 ", not ", c->provider()));
    }
    if (std::find(c->service_types().begin(), c->service_types().end(), service->service_type()) ==
        c->service_types().end()) {
      v->Add(field, absl::StrCat(c->social_services(i), " is of service type '",
                                 service->service_type(), "', not one of the case's"));
    }
  }
  RequirePolicy(c->country(), references);
  if (const std::string id = aip::IdIn<v1::Certificate>(c->renews()); !id.empty()) {
    ASSIGN_OR_RETURN(auto renewed, records::ReadRecord<v1::Certificate>(
                                       ctx.reads, CertificateSpec().collection, id));
    if (!renewed.has_value()) {
      v->Add("case.renews", absl::StrCat(c->renews(), " does not exist"));
    } else if (renewed->record.provider() != c->provider()) {
      v->Add("case.renews", absl::StrCat(c->renews(), " is ", renewed->record.provider(),
                                         "'s, not ", c->provider(), "'s"));
    }
  }
  return absl::OkStatus();
}

// --- Certificates ---

const aip::ResourceSpec& CertificateRecordRules::spec() const { return CertificateSpec(); }

const records::StateModel<v1::Certificate>& CertificateRecordRules::states() const {
  static const records::StateModel<v1::Certificate> kStates{v1::ACTIVE, {v1::ACTIVE}, std::nullopt};
  return kStates;
}

bool CertificateRecordRules::CanRead(const records::RuleContext&, const v1::Certificate&) const {
  return true;
}

absl::Status CertificateRecordRules::Authorize(const records::ChangeContext<v1::Certificate>& ctx,
                                               const v1::Certificate&) const {
  if (ctx.change != Change::kCreate) {
    return absl::PermissionDeniedError(
        "certificates change only through :suspend, :reinstate, :withdraw and renewals");
  }
  return AuthorizeAccreditingBody(ctx.caller, "issuing certificates");
}

void CertificateRecordRules::Validate(const v1::Certificate*, const v1::Certificate& after,
                                      Violations* v) const {
  aip::CheckDate(after.valid_from(), "certificate.valid_from", true, v);
  aip::CheckDate(after.valid_to(), "certificate.valid_to", true, v);
}

absl::Status CertificateRecordRules::LoadReferences(const records::ChangeContext<v1::Certificate>&,
                                                    v1::Certificate*, Violations*,
                                                    std::vector<Reference>*) {
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> CertificateRecordRules::SubtreeValues(
    const v1::Certificate& certificate) {
  std::set<std::string> out;
  for (const std::string& territory : certificate.territories()) {
    ASSIGN_OR_RETURN(clients::TerritoryAncestry ancestry,
                     registry_->GetTerritoryAncestry({}, territory));
    out.insert(ancestry.path.begin(), ancestry.path.end());
  }
  return std::vector<std::string>(out.begin(), out.end());
}

}  // namespace civitas::accreditation
