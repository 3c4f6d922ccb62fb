#include "services/monitoring/app/analytics.h"

#include <future>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/field_violations.h"
#include "libs/common/status_macros.h"
#include "services/monitoring/app/org_unit_path.h"
#include "services/monitoring/domain/analytics.h"

namespace civitas::monitoring {

absl::StatusOr<std::map<std::string, Totals>> ReadTotals(
    const records::Request& r, SubmissionStores* submissions,
    const std::map<std::string, std::vector<std::string>>& keyspaces) {
  // Home's (targets', and every figure's when not split by country) and each keyspace's, read at
  // once: under an import each read waits behind the import's writes on Redis, and reads made
  // one after another would wait once each.
  std::map<std::string, std::vector<std::string>> by_keyspace;
  for (const auto& [key, of] : keyspaces) {
    by_keyspace[""].push_back(key);
    for (const std::string& keyspace : of) {
      if (!keyspace.empty()) by_keyspace[keyspace].push_back(key);
    }
  }
  struct Read {
    const std::vector<std::string>* keys;
    DocumentStore* store;
    std::future<absl::StatusOr<std::vector<Totals>>> totals;
  };
  std::vector<Read> reads;
  for (const auto& [keyspace, keys] : by_keyspace) {
    absl::StatusOr<DocumentStore*> store = submissions->partitioned()->OfRecorded(keyspace);
    if (absl::IsNotFound(store.status())) continue;  // no figures of that country yet
    if (!store.ok()) return store.status();
    reads.push_back({&keys, r.reads(*store), {}});
  }
  // All but the first on threads of their own; the first on this one.
  for (size_t i = 1; i < reads.size(); ++i) {
    reads[i].totals = std::async(std::launch::async,
                                 [&read = reads[i]] { return read.store->GetTotals(*read.keys); });
  }
  std::map<std::string, Totals> totals;
  absl::Status failed = absl::OkStatus();
  for (size_t i = 0; i < reads.size(); ++i) {
    absl::StatusOr<std::vector<Totals>> read =
        i == 0 ? reads[0].store->GetTotals(*reads[0].keys) : reads[i].totals.get();
    if (!read.ok()) {
      if (failed.ok()) failed = read.status();
      continue;  // the others are still waited for
    }
    const std::vector<std::string>& keys = *reads[i].keys;
    for (size_t k = 0; k < keys.size(); ++k) {
      Totals& into = totals[keys[k]];
      if (into.empty()) {
        into = std::move((*read)[k]);
        continue;
      }
      for (auto& [field, value] : (*read)[k]) into[field] += value;
    }
  }
  if (!failed.ok()) return failed;
  return totals;
}
namespace {

// Most hashes of totals one question reads (one pipelined round trip of small hashes).
constexpr size_t kMaxTotalsRead = 2000;

}  // namespace

absl::StatusOr<bool> Analytics::FundsAttribution(const records::Request& r,
                                                 const std::string& attribution) {
  if (attribution.empty() || r.caller().organization.empty()) return false;
  absl::StatusOr<std::string> funder = clients::FunderOf(grants_, r.call(), attribution);
  if (funder.status().code() == absl::StatusCode::kNotFound) return false;
  if (!funder.ok()) return funder.status();
  return ReadsAsFunder(r.caller(), *funder);
}

absl::StatusOr<v1::Analytics> Analytics::Answer(const records::Request& r,
                                                const v1::GetAnalyticsRequest& request) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(AnalyticsQuestion question, ParseAnalyticsQuestion(request));
  if (p.anonymous()) {
    question.accepted_only = true;
    RETURN_IF_ERROR(AuthorizePublicOrgUnits(question));
  }
  std::optional<bool> funds;  // asked of grants when first needed
  // The first org unit the caller reads only as anyone does (a territory outside its own): the
  // question is then answered as the public's, or refused with this.
  absl::Status public_only;
  for (size_t i = 0; !p.anonymous() && i < question.org_units.size(); ++i) {
    const std::string& org_unit = question.org_units[i];
    std::vector<std::string> path;
    if (NeedsPath(p, org_unit)) {
      absl::StatusOr<std::vector<std::string>> found = OrgUnitPath(registry_, org_unit, r.call());
      if (found.status().code() == absl::StatusCode::kInvalidArgument) {
        Violations v;
        v.Add(absl::StrCat("org_units[", i, "]"),
              absl::StrCat(org_unit, " is not in the registry"));
        return v.ToStatus();
      }
      if (!found.ok()) return found.status();
      path = *std::move(found);
      submissions_->Remember(org_unit, path);
    }
    absl::Status allowed = AuthorizeAnalytics(p, org_unit, path);
    if (allowed.code() == absl::StatusCode::kPermissionDenied) {
      if (!funds.has_value()) {
        ASSIGN_OR_RETURN(funds, FundsAttribution(r, question.attribution));
      }
      if (*funds) continue;
      if (IsPublicOrgUnit(org_unit)) {
        if (public_only.ok()) public_only = allowed;
        continue;
      }
    }
    RETURN_IF_ERROR(allowed);
  }
  if (!public_only.ok()) {
    // Published aggregates, as an anonymous caller reads them; else the refusal.
    question.accepted_only = true;
    absl::StatusOr<std::vector<v1::AnalyticsRow>> rows =
        Compute(r, question, /*published_only=*/true);
    if (rows.status().code() == absl::StatusCode::kUnauthenticated) return public_only;
    if (!rows.ok()) return rows.status();
    v1::Analytics out;
    for (v1::AnalyticsRow& row : *rows) *out.add_rows() = std::move(row);
    return out;
  }
  ASSIGN_OR_RETURN(std::vector<v1::AnalyticsRow> rows, Compute(r, question, p.anonymous()));
  v1::Analytics out;
  for (v1::AnalyticsRow& row : rows) *out.add_rows() = std::move(row);
  return out;
}

absl::StatusOr<std::map<std::string, std::vector<std::string>>> Analytics::TotalsKeys(
    const AnalyticsQuestion& question, const IndicatorsByName& indicators,
    const std::vector<std::vector<std::string>>& keyspace_of) {
  std::map<std::string, std::vector<std::string>> keys;
  // Every indicator read: the measured ones' figures, the asked ones' targets.
  for (const auto& [name, indicator] : indicators) {
    for (size_t i = 0; i < question.org_units.size(); ++i) {
      for (const Period& period : question.periods) {
        for (std::string& key : TotalsKeysFor(indicator.indicator, question.org_units[i], period)) {
          keys.emplace(std::move(key), keyspace_of[i]);
        }
      }
    }
  }
  // A ratio's terms count: 20 ratios of 40 terms over 50 org units would be 40000 reads.
  if (keys.size() > kMaxTotalsRead) {
    return absl::InvalidArgumentError(
        absl::StrCat("the question needs ", keys.size(),
                     " hashes of totals (indicators and their ratio terms x "
                     "org units x years, two a year for days, weeks, MIN, MAX and LAST); at most ",
                     kMaxTotalsRead, ": ask for fewer"));
  }
  return keys;
}

absl::StatusOr<std::vector<v1::AnalyticsRow>> Analytics::Compute(const records::Request& r,
                                                                 const AnalyticsQuestion& question,
                                                                 bool published_only) {
  // Each org unit's figures are in its country's keyspace.
  std::vector<std::vector<std::string>> keyspace_of(question.org_units.size());
  for (size_t i = 0; i < question.org_units.size(); ++i) {
    absl::StatusOr<std::vector<std::string>> keyspace =
        submissions_->KeyspacesOfTotals(question.org_units[i], r.call());
    // In no territory: no country, no figures.
    if (keyspace.status().code() == absl::StatusCode::kFailedPrecondition) {
      keyspace = std::vector<std::string>();
    }
    if (keyspace.status().code() == absl::StatusCode::kInvalidArgument) {
      Violations v;
      v.Add(absl::StrCat("org_units[", i, "]"),
            absl::StrCat(question.org_units[i], " is not in the registry"));
      return v.ToStatus();
    }
    if (!keyspace.ok()) return keyspace.status();
    keyspace_of[i] = *std::move(keyspace);
  }
  // The indicators as last read give the totals' keys: those are read while the indicators are
  // read again, and used only if the indicators have not changed since (else read once more).
  std::optional<IndicatorsByName> guessed = definitions_.Find(question.indicators);
  std::map<std::string, std::vector<std::string>> guessed_keys;
  std::future<absl::StatusOr<std::map<std::string, Totals>>> early;
  // Not for a public caller asking about indicators not published: refused below, read for
  // nothing.
  if (guessed.has_value() && published_only) {
    std::vector<v1::Indicator> asked;
    for (const std::string& name : question.indicators)
      asked.push_back(guessed->at(name).indicator);
    if (!AuthorizePublicIndicators(asked).ok()) guessed.reset();
  }
  if (guessed.has_value()) {
    absl::StatusOr<std::map<std::string, std::vector<std::string>>> keys =
        TotalsKeys(question, *guessed, keyspace_of);
    if (keys.ok()) {
      guessed_keys = *std::move(keys);
      early = std::async(std::launch::async, [this, &r, &guessed_keys] {
        return ReadTotals(r, submissions_, guessed_keys);
      });
    }
  }
  ASSIGN_OR_RETURN(IndicatorsByName read, ReadIndicators(r.reads(store_), question.indicators));
  definitions_.Remember(read);
  std::vector<v1::Indicator> asked;
  for (const std::string& name : question.indicators) asked.push_back(read.at(name).indicator);
  if (published_only) RETURN_IF_ERROR(AuthorizePublicIndicators(asked));
  std::map<std::string, v1::Indicator> indicators;
  for (const auto& [name, indicator] : read) indicators[name] = indicator.indicator;
  if (early.valid() && SameVersions(*guessed, read)) {
    ASSIGN_OR_RETURN(const auto totals, early.get());
    return AnswerQuestion(question, indicators, totals);
  }
  ASSIGN_OR_RETURN(const auto keys, TotalsKeys(question, read, keyspace_of));
  ASSIGN_OR_RETURN(const auto totals, ReadTotals(r, submissions_, keys));
  return AnswerQuestion(question, indicators, totals);
}

}  // namespace civitas::monitoring
