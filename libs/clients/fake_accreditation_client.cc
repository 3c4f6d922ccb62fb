#include "libs/clients/fake_accreditation_client.h"

namespace civitas::clients {
namespace accreditation_v1 = accreditation::v1;

void FakeAccreditationClient::Accredit(const std::string& provider, const std::string& service_type,
                                       const std::string& number, const std::string& from,
                                       const std::string& to) {
  absl::MutexLock lock(&mu_);
  certificates_[{provider, service_type}] = {number, from, to};
}

void FakeAccreditationClient::FailNext(absl::Status error) {
  absl::MutexLock lock(&mu_);
  next_failure_ = std::move(error);
}

int FakeAccreditationClient::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

absl::StatusOr<accreditation_v1::CheckAccreditationResponse>
FakeAccreditationClient::CheckAccreditation(const CallContext&, const std::string& provider,
                                            const std::string& service_type,
                                            const std::string& date) {
  absl::MutexLock lock(&mu_);
  ++calls_;
  if (!next_failure_.ok()) return std::exchange(next_failure_, absl::OkStatus());
  accreditation_v1::CheckAccreditationResponse answer;
  answer.set_date(date);
  answer.set_accredited(false);
  auto it = certificates_.find({provider, service_type});
  if (it == certificates_.end()) return answer;
  const Validity& v = it->second;
  // `YYYY-MM-DD` strings compare as the dates they are.
  const bool in_force = v.from <= date && date <= v.to;
  answer.set_accredited(in_force);
  answer.mutable_certificate()->set_number(v.number);
  answer.mutable_certificate()->set_valid_to(v.to);
  answer.set_state_on_date(in_force
                               ? accreditation_v1::ACTIVE
                               : (date > v.to ? accreditation_v1::EXPIRED
                                              : accreditation_v1::CERTIFICATE_STATE_UNSPECIFIED));
  return answer;
}

}  // namespace civitas::clients
