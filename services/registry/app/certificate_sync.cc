#include "services/registry/app/certificate_sync.h"

#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/certificates/certificate_standing.h"
#include "libs/common/backoff.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/registry/app/certificate_copies.h"
#include "services/registry/domain/accreditation_status.h"

namespace civitas::registry {
namespace {

using accreditation::v1::Certificate;

// Attempts of one event's write when other events for the same services get in first.
constexpr int kMaxAttempts = 5;

}  // namespace

absl::Status CertificateSync::Handle(const events::DeliveredEvent& delivered) {
  // The accreditation service's other events (cases, standards) are not the registry's.
  if (delivered.event.collection != aip::CollectionOf<Certificate>()) return absl::OkStatus();
  Certificate certificate;
  int64_t version = 0;
  if (!certificate.ParseFromString(delivered.event.payload) ||
      aip::IdIn<accreditation::v1::Certificate>(certificate.name()).empty() ||
      !absl::SimpleAtoi(certificate.etag(), &version) || version <= 0) {
    return absl::DataLossError(absl::StrCat(delivered.event.resource_name, " (event ", delivered.id,
                                            ") is not a certificate at a version"));
  }
  Backoff backoff({.initial = absl::Milliseconds(1), .max = absl::Milliseconds(20)});
  for (int attempt = 1;; ++attempt) {
    absl::Status applied = Apply(delivered, certificate, version);
    if (applied.code() != absl::StatusCode::kAborted || attempt >= kMaxAttempts) return applied;
    absl::SleepFor(backoff.Next());
  }
}

absl::Status CertificateSync::Apply(const events::DeliveredEvent& delivered,
                                    const Certificate& certificate, int64_t version) {
  const std::string id = aip::IdIn<accreditation::v1::Certificate>(certificate.name());
  ASSIGN_OR_RETURN(auto copy, records::ReadRecord<Certificate>(store_, kCertificateCopies, id));
  if (copy.has_value()) {
    int64_t held = 0;
    // The copy already says this, or something later: a redelivered or late event.
    if (absl::SimpleAtoi(copy->record.etag(), &held) && held >= version) return absl::OkStatus();
  }
  WritePlan plan;
  plan.actor = "services/registry/certificate-sync";
  plan.correlation_id = delivered.event.correlation_id;
  DocumentChange& doc = plan.documents.emplace_back();
  doc.kind = copy.has_value() ? DocumentChange::Kind::kUpdate : DocumentChange::Kind::kCreate;
  doc.collection = kCertificateCopies;
  doc.id = id;
  doc.expected_version = copy.has_value() ? copy->version : 0;
  doc.payload = certificate.SerializeAsString();
  doc.state = accreditation::v1::CertificateState_Name(certificate.state());
  const std::vector<std::string> indexes = CopyIndexes(certificate);
  doc.index_add = indexes;
  if (copy.has_value()) {
    for (const std::string& old : CopyIndexes(copy->record)) {
      if (std::find(indexes.begin(), indexes.end(), old) == indexes.end()) {
        doc.index_remove.push_back(old);
      }
    }
  }
  doc.event_type = "accreditation_certificate.copied";
  doc.resource_name = absl::StrCat(kCertificateCopies, "/", id);

  // Every service the certificate lists now or listed before: what all its certificates say.
  const std::set<std::string> services =
      ServicesOfCertificateEvent(certificate, copy.has_value() ? &copy->record : nullptr);
  const absl::CivilDay today = DayOf(clock_->Now());
  for (const std::string& service : services) {
    const std::string service_id = aip::IdIn<v1::SocialService>(service);
    if (service_id.empty()) continue;
    ASSIGN_OR_RETURN(auto stored, records::ReadRecord<v1::SocialService>(store_, service_id));
    // A service gone from the registry has nothing left to keep in step.
    if (!stored.has_value()) continue;
    ASSIGN_OR_RETURN(std::vector<Certificate> held, CertificatesOfService(store_, service));
    const std::vector<Certificate> of_service =
        CertificatesOfServiceAfter(service, std::move(held), certificate);
    // Events for one service apply one at a time: each write moves the service's count of
    // applied certificate events from the value read, so two events computed from the same
    // copies cannot both apply (the second is ABORTED and computed again, seeing the first's
    // copy), whether or not either changes what the service shows.
    const std::string applied = absl::StrCat(service, "/certificate_events");
    ASSIGN_OR_RETURN(const int64_t applied_before, store_->GetCounter(applied));
    plan.counters.push_back({.name = applied,
                             .delta = 1,
                             .expected = applied_before,
                             .what = absl::StrCat("certificate events applied to ", service)});
    const certificates::RegistryStatus status = certificates::StatusInRegistry(of_service, today);
    const v1::SocialService& before = stored->record;
    v1::SocialService after = before;
    if (!ShowAccreditationStatus(status, &after)) continue;
    ASSIGN_OR_RETURN(
        plan.documents.emplace_back(),
        services_->PlanUpdate(before, stored->version, &after, "accreditation_changed"));
  }
  absl::Status written = store_->Write(plan).status();
  // Another delivery of a first event for this certificate made the copy first: computed again,
  // it finds the copy at that version.
  if (written == refusal::AlreadyExists(plan.documents[0])) {
    return absl::AbortedError(written.message());
  }
  return written;
}

}  // namespace civitas::registry
