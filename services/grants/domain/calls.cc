#include "services/grants/domain/calls.h"

#include <google/protobuf/util/message_differencer.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "services/grants/domain/payments.h"

namespace civitas::grants {
namespace {

constexpr int kMaxCriteria = 20;
constexpr int kMaxScore = 1000;
constexpr int kMaxReviewers = 10;

// Money in the programme's currency; positive unless `zero_allowed`.
void CheckAmount(const common::v1::Money& m, const std::string& field, bool required,
                 bool zero_allowed, const std::string& currency, Violations* v) {
  aip::CheckMoney(m, field, required, v);
  if (!m.currency_code().empty() && m.currency_code() != currency) {
    v->Add(absl::StrCat(field, ".currency_code"),
           absl::StrCat("must be the programme's currency (", currency, ")"));
  }
  if (required && !zero_allowed && m.amount_minor() <= 0) {
    v->Add(absl::StrCat(field, ".amount_minor"), "must be positive");
  }
}

void CheckBasisPoints(int32_t value, const std::string& field, int32_t min, Violations* v) {
  if (value < min || value > kBasisPoints) {
    v->Add(field, absl::StrCat("must be within [", min, ", ", kBasisPoints, "] basis points"));
  }
}

bool IsCriterionId(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

void CheckCriteria(const v1::Call& call, Violations* v) {
  if (call.criteria_size() == 0) {
    v->Add("call.criteria", "needs at least one criterion");
    return;
  }
  if (call.criteria_size() > kMaxCriteria) {
    v->Add("call.criteria", absl::StrCat("has more than ", kMaxCriteria, " criteria"));
  }
  std::set<std::string> ids;
  int weights = 0;
  for (int i = 0; i < call.criteria_size(); ++i) {
    const v1::EvaluationCriterion& c = call.criteria(i);
    const std::string field = absl::StrCat("call.criteria[", i, "]");
    if (!IsCriterionId(c.id())) {
      v->Add(field + ".id", "must be 1-40 characters of a-z, 0-9 and -");
    } else if (!ids.insert(c.id()).second) {
      v->Add(field + ".id", absl::StrCat("repeats criterion ", c.id()));
    }
    aip::CheckLocalizedText(c.title(), field + ".title", true, 200, v);
    if (c.max_score() < 1 || c.max_score() > kMaxScore) {
      v->Add(field + ".max_score", absl::StrCat("must be within [1, ", kMaxScore, "]"));
    }
    if (c.weight_percent() < 1 || c.weight_percent() > 100) {
      v->Add(field + ".weight_percent", "must be within [1, 100]");
    }
    weights += c.weight_percent();
  }
  if (weights != 100) {
    v->Add("call.criteria", absl::StrCat("weights must sum to 100, not ", weights));
  }
}

void CheckEligibility(const v1::EligibilityRules& e, Violations* v) {
  aip::CheckEnumList(e.applicant_types(), registry::v1::OrganizationType_descriptor(),
                     "organisation type", "call.eligibility.applicant_types", v);
  for (int i = 0; i < e.territories_size(); ++i) {
    aip::CheckNameOf<registry::v1::Territory>(
        e.territories(i), absl::StrCat("call.eligibility.territories[", i, "]"), true, v);
  }
  aip::CheckEnumList(e.target_groups(), registry::v1::TargetGroup_descriptor(), "target group",
                     "call.eligibility.target_groups", v);
  for (int i = 0; i < e.service_types_size(); ++i) {
    aip::CheckText(e.service_types(i), absl::StrCat("call.eligibility.service_types[", i, "]"),
                   true, 64, v);
  }
  if (e.required_accreditations_size() > 20) {
    v->Add("call.eligibility.required_accreditations", "holds at most 20 service types");
  }
  for (int i = 0; i < e.required_accreditations_size(); ++i) {
    aip::CheckText(e.required_accreditations(i),
                   absl::StrCat("call.eligibility.required_accreditations[", i, "]"), true, 64, v);
  }
}

}  // namespace

void ApplyCallDefaults(v1::Call* call) {
  const std::string& currency = call->envelope().currency_code();
  if (!call->has_third_party_cap() && currency == "EUR") {
    call->mutable_third_party_cap()->set_currency_code("EUR");
    call->mutable_third_party_cap()->set_amount_minor(kEuThirdPartyCapEuroCents);
  }
  if (!call->has_tranche_rules()) {
    call->mutable_tranche_rules()->set_pre_financing_bp(8000);
    call->mutable_tranche_rules()->set_spent_before_next_bp(7000);
  }
  if (call->divergence_gap_centi() == 0) call->set_divergence_gap_centi(2000);
}

void ValidateCall(const v1::Call& call, const std::string& currency, Violations* v) {
  aip::CheckNameOf<v1::Programme>(call.programme(), "call.programme", true, v);
  aip::CheckLocalizedText(call.display_name(), "call.display_name", true, 200, v);
  aip::CheckLocalizedText(call.description(), "call.description", false, 10000, v);
  CheckAmount(call.envelope(), "call.envelope", true, false, currency, v);
  CheckAmount(call.min_award(), "call.min_award", true, false, currency, v);
  CheckAmount(call.max_award(), "call.max_award", true, false, currency, v);
  CheckAmount(call.third_party_cap(), "call.third_party_cap", call.has_third_party_cap(), false,
              currency, v);
  if (!call.has_third_party_cap()) {
    v->Add("call.third_party_cap", "is required outside EUR programmes (no default applies)");
  }
  if (call.min_award().amount_minor() > call.max_award().amount_minor()) {
    v->Add("call.min_award", "must not exceed call.max_award");
  }
  if (call.max_award().amount_minor() > call.envelope().amount_minor()) {
    v->Add("call.max_award", "must not exceed call.envelope");
  }
  if (call.has_third_party_cap() &&
      call.max_award().amount_minor() > call.third_party_cap().amount_minor()) {
    v->Add("call.max_award", "must not exceed call.third_party_cap");
  }
  // 100% co-financing would leave nothing for the grant to pay.
  if (call.min_cofinancing_bp() < 0 || call.min_cofinancing_bp() >= kBasisPoints) {
    v->Add("call.min_cofinancing_bp", "must be within [0, 10000) basis points");
  }
  if (!call.has_open_time()) v->Add("call.open_time", "is required");
  if (!call.has_close_time()) v->Add("call.close_time", "is required");
  if (call.has_open_time() && call.has_close_time() && call.close_time() <= call.open_time()) {
    v->Add("call.close_time", "must be after call.open_time");
  }
  CheckEligibility(call.eligibility(), v);
  CheckCriteria(call, v);
  if (call.reviewers_per_application() < 1 || call.reviewers_per_application() > kMaxReviewers) {
    v->Add("call.reviewers_per_application",
           absl::StrCat("must be within [1, ", kMaxReviewers, "]"));
  }
  if (call.score_threshold_centi() < 0 || call.score_threshold_centi() > 10000) {
    v->Add("call.score_threshold_centi", "must be within [0, 10000] (0.00 to 100.00)");
  }
  if (call.divergence_gap_centi() < 0 || call.divergence_gap_centi() > 10000) {
    v->Add("call.divergence_gap_centi", "must be within [0, 10000] (0.00 to 100.00)");
  }
  CheckBasisPoints(call.tranche_rules().pre_financing_bp(), "call.tranche_rules.pre_financing_bp",
                   1, v);
  CheckBasisPoints(call.tranche_rules().spent_before_next_bp(),
                   "call.tranche_rules.spent_before_next_bp", 0, v);
}

void ValidateCallChange(const v1::Call& before, const v1::Call& after, Violations* v) {
  if (before.state() == v1::CALL_DRAFT) return;
  // The rules: every field but the texts, the state and what the service maintains.
  static constexpr const char* kFrozen[] = {"envelope",
                                            "min_award",
                                            "max_award",
                                            "third_party_cap",
                                            "min_cofinancing_bp",
                                            "open_time",
                                            "close_time",
                                            "eligibility",
                                            "criteria",
                                            "reviewers_per_application",
                                            "score_threshold_centi",
                                            "divergence_gap_centi",
                                            "tranche_rules"};
  const google::protobuf::Descriptor* d = v1::Call::descriptor();
  for (const char* name : kFrozen) {
    const google::protobuf::FieldDescriptor* f = d->FindFieldByName(name);
    google::protobuf::util::MessageDifferencer diff;
    diff.set_scope(google::protobuf::util::MessageDifferencer::FULL);
    std::vector<const google::protobuf::FieldDescriptor*> only = {f};
    if (!diff.CompareWithFields(before, after, only, only)) {
      v->AddPrecondition(absl::StrCat("call.", name), "is frozen once the call is published");
    }
  }
}

void CheckCallProgramme(const v1::Call& call, const v1::Programme& programme, Violations* v) {
  if (programme.state() == v1::PROGRAMME_CLOSED || programme.state() == v1::PROGRAMME_ARCHIVED) {
    v->AddPrecondition(
        "call.programme",
        absl::StrCat(programme.name(), " is ", v1::ProgrammeState_Name(programme.state()),
                     "; calls belong to a draft or open programme"));
  }
  if (call.envelope().currency_code() != programme.envelope().currency_code()) {
    v->Add("call.envelope.currency_code", absl::StrCat("must be the programme's currency (",
                                                       programme.envelope().currency_code(), ")"));
  }
}

int64_t EnvelopeHeldFromProgramme(const v1::Call* call) {
  if (call == nullptr || call->state() == v1::CALL_ARCHIVED) return 0;
  return call->envelope().amount_minor();
}

bool ArchivesCall(const v1::Call* before, const v1::Call& after) {
  return before != nullptr && before->state() != v1::CALL_ARCHIVED &&
         after.state() == v1::CALL_ARCHIVED;
}

}  // namespace civitas::grants
