#include "services/monitoring/app/indicator_definitions.h"

#include "absl/strings/str_cat.h"
#include "libs/records/read_record.h"
#include "services/monitoring/domain/analytics.h"

namespace civitas::monitoring {
namespace {

// The indicators named in `names` that are stored, by name.
absl::Status ReadInto(DocumentStore* store, const std::vector<std::string>& names,
                      IndicatorsByName* into) {
  absl::StatusOr<std::vector<records::StoredRecord<v1::Indicator>>> read =
      records::ReadNamedManyStored<v1::Indicator>(store, names);
  if (!read.ok()) return read.status();
  for (records::StoredRecord<v1::Indicator>& indicator : *read) {
    const std::string name = indicator.record.name();
    (*into)[name] = {indicator.version, std::move(indicator.record)};
  }
  return absl::OkStatus();
}

std::vector<v1::Indicator> AskedOf(const IndicatorsByName& known,
                                   const std::vector<std::string>& asked) {
  std::vector<v1::Indicator> out;
  for (const std::string& name : asked) {
    auto it = known.find(name);
    if (it != known.end()) out.push_back(it->second.indicator);
  }
  return out;
}

}  // namespace

absl::StatusOr<IndicatorsByName> ReadIndicators(DocumentStore* store,
                                                const std::vector<std::string>& asked) {
  IndicatorsByName out;
  if (absl::Status read = ReadInto(store, asked, &out); !read.ok()) return read;
  for (const std::string& name : asked) {
    if (!out.contains(name)) return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  std::vector<std::string> terms;
  for (std::string& term : MeasuredBehind(AskedOf(out, asked))) {
    if (!out.contains(term)) terms.push_back(std::move(term));
  }
  if (absl::Status read = ReadInto(store, terms, &out); !read.ok()) return read;
  return out;
}

bool SameVersions(const IndicatorsByName& guessed, const IndicatorsByName& read) {
  if (guessed.size() != read.size()) return false;
  for (const auto& [name, indicator] : read) {
    auto it = guessed.find(name);
    if (it == guessed.end() || it->second.version != indicator.version) return false;
  }
  return true;
}

std::optional<IndicatorsByName> IndicatorDefinitions::Find(
    const std::vector<std::string>& asked) const {
  absl::MutexLock lock(&mu_);
  IndicatorsByName out;
  for (const std::string& name : asked) {
    auto it = remembered_.find(name);
    if (it == remembered_.end()) return std::nullopt;
    out[name] = it->second;
  }
  for (const std::string& term : MeasuredBehind(AskedOf(out, asked))) {
    if (out.contains(term)) continue;
    auto it = remembered_.find(term);
    if (it == remembered_.end()) return std::nullopt;
    out[term] = it->second;
  }
  return out;
}

void IndicatorDefinitions::Remember(const IndicatorsByName& read) {
  absl::MutexLock lock(&mu_);
  if (remembered_.size() + read.size() > kMaxRemembered) remembered_.clear();
  for (const auto& [name, indicator] : read) {
    auto& known = remembered_[name];
    // Never back to an older version (a slower question finishing after a newer one).
    if (indicator.version >= known.version) known = indicator;
  }
}

}  // namespace civitas::monitoring
