// The questions asked of the accreditation register besides Get and List: is a provider
// accredited on a date, which certificates expire soon, which corrective actions are overdue.
// What each accepts (its parameters and filter fields) and what each row answers. Pure: app/
// scans the store and hands the records in.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "civitas/accreditation/v1/accreditation_service.pb.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/aip/filter.h"
#include "libs/common/field_violations.h"

namespace civitas::accreditation {

// CheckAccreditation's question: a provider's organisation name, a service type code, and an
// optional date (`YYYY-MM-DD`) that, when given, replaces `*day` (today).
void CheckAccreditationQuestion(const std::string& provider, const std::string& service_type,
                                const std::string& date, absl::CivilDay* day, Violations* v);

// ListCertificates' optional `valid_on` date, which replaces `*day` when given.
void CheckValidOn(const std::string& valid_on, absl::CivilDay* day, Violations* v);

// The states of a certificate that can still expire: the stored states the expiring list scans,
// and the standings on the day a listed certificate must be in.
inline constexpr std::array<v1::CertificateState, 2> kStatesThatCanExpire = {v1::ACTIVE,
                                                                             v1::SUSPENDED};

// ListExpiringCertificates: `within_days` in 0..3650, filters on country, provider and
// service_type only.
void CheckExpiringQuery(int within_days, const std::vector<aip::FilterTerm>& terms, Violations* v);

// The row for `c` when it stands active or suspended on `today` and ends within `within_days`
// (its days left, its standing today shown); nothing otherwise.
std::optional<v1::ExpiringCertificate> ExpiringRowOf(v1::Certificate c, absl::CivilDay today,
                                                     int within_days);

// Soonest first, then by name: the order the list answers in.
void SortExpiring(std::vector<v1::ExpiringCertificate>* rows);

// ListOverdueCorrectiveActions: an optional `as_of` date that replaces `*day` (today), filters on
// country and provider only.
void CheckOverdueQuery(const std::string& as_of, const std::vector<aip::FilterTerm>& terms,
                       absl::CivilDay* day, Violations* v);

// A row per open corrective action of decided case `c` whose deadline is before `day`: the case,
// provider, certificate, the action and the days it is overdue (0 when its stored deadline does
// not parse, which the decision's checks prevent).
std::vector<v1::OverdueCorrectiveAction> OverdueRowsOf(const v1::AccreditationCase& c,
                                                       absl::CivilDay day);

}  // namespace civitas::accreditation
