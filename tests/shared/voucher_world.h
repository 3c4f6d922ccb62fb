// The world the voucher tests share: Tbilisi City Hall running a day care voucher scheme in lari,
// a provider accredited for day care (and its day care service), one that is not, as the fake
// registry and fake accreditation service see them; and the scheme opened through GrantsRecords.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "libs/clients/fake_accreditation_client.h"
#include "libs/clients/fake_registry_client.h"
#include "services/grants/app/grants_records.h"
#include "services/grants/domain/vouchers.h"

namespace civitas::grants::voucher_world {

inline constexpr char kCityHall[] = "organizations/tbilisi-city-hall";
inline constexpr char kProvider[] = "organizations/first-step-ge";
inline constexpr char kUnaccredited[] = "organizations/new-provider-ge";
inline constexpr char kProviderDayCare[] = "socialServices/first-step-day-care";
inline constexpr char kProviderHomeCare[] = "socialServices/first-step-home-care";
inline constexpr char kCertificate[] = "GE-2026-000001";
// Accredited for day care too, in Moldova: its centre is outside a Tbilisi scheme's territory.
inline constexpr char kMoldovan[] = "organizations/keystone-md";
inline constexpr char kMoldovanDayCare[] = "socialServices/keystone-day-care";

inline Principal Person(const std::string& role, const std::string& organization,
                        const std::string& subject) {
  Principal p;
  p.subject = subject;
  p.roles = {role};
  p.organization = organization;
  return p;
}

inline Principal CityHall() { return Person(kRoleMunicipality, kCityHall, "clerk@tbilisi"); }
inline Principal ProviderStaff() { return Person(kRoleCso, kProvider, "staff@first-step"); }

inline common::v1::Money Gel(int64_t tetri) {
  common::v1::Money m;
  m.set_currency_code("GEL");
  m.set_amount_minor(tetri);
  return m;
}

// The organisations, service types and social services, and the provider's certificate (valid
// all of 2026).
inline void Populate(clients::FakeRegistryClient* registry,
                     clients::FakeAccreditationClient* accreditation) {
  for (const char* name : {kCityHall, kProvider, kUnaccredited, kMoldovan}) {
    registry::v1::Organization org;
    org.set_name(name);
    org.set_state(registry::v1::ACTIVE);
    registry->Add(org);
  }
  for (const char* code : {"day-care", "home-care"}) {
    registry::v1::ServiceType type;
    type.set_code(code);
    registry->Add(type);
  }
  for (const auto& [name, parent] :
       {std::pair{"territories/ge", ""}, std::pair{"territories/ge-tb", "territories/ge"},
        std::pair{"territories/md", ""}}) {
    registry::v1::Territory territory;
    territory.set_name(name);
    if (*parent != '\0') territory.add_ancestors(parent);
    registry->Add(territory);
  }
  struct Service {
    const char *name, *provider, *type, *territory;
  };
  for (const Service& s : {Service{kProviderDayCare, kProvider, "day-care", "territories/ge-tb"},
                           Service{kProviderHomeCare, kProvider, "home-care", "territories/ge-tb"},
                           Service{kMoldovanDayCare, kMoldovan, "day-care", "territories/md"}}) {
    registry::v1::SocialService service;
    service.set_name(s.name);
    service.set_provider(s.provider);
    service.set_service_type(s.type);
    service.set_territory(s.territory);
    registry->Add(service);
  }
  accreditation->Accredit(kProvider, "day-care", kCertificate, "2026-01-01", "2026-12-31");
  accreditation->Accredit(kMoldovan, "day-care", "MD-2026-000001", "2026-01-01", "2026-12-31");
}

inline v1::VoucherScheme Scheme(int64_t envelope_tetri, int64_t value_tetri) {
  v1::VoucherScheme s;
  (*s.mutable_display_name())["en"] = "Day care vouchers, Tbilisi";
  (*s.mutable_display_name())["ka"] = "დღის ცენტრის ვაუჩერები";
  s.set_administrator(kCityHall);
  s.set_service_type("day-care");
  *s.mutable_envelope() = Gel(envelope_tetri);
  *s.mutable_voucher_value() = Gel(value_tetri);
  s.set_validity_days(90);
  s.set_start_date("2026-01-01");
  s.set_end_date("2026-12-31");
  return s;
}

// Creates and opens `voucherSchemes/<id>` as the city hall.
inline void OpenScheme(GrantsRecords* records, const std::string& id, int64_t envelope_tetri,
                       int64_t value_tetri) {
  auto created = records->voucher_schemes.Create(records::Request(CityHall()),
                                                 Scheme(envelope_tetri, value_tetri), id, "");
  ASSERT_TRUE(created.ok()) << created.status();
  auto opened = records->voucher_schemes.Apply(records::Request(CityHall()), created->name(), "",
                                               OpenVoucherSchemeTransition());
  ASSERT_TRUE(opened.ok()) << opened.status();
}

inline v1::Voucher For(const std::string& scheme_id, const std::string& beneficiary_ref) {
  v1::Voucher v;
  v.set_scheme("voucherSchemes/" + scheme_id);
  v.set_beneficiary_ref(beneficiary_ref);
  return v;
}

inline v1::RedeemVoucherRequest RedeemRequest(const std::string& voucher,
                                              const std::string& beneficiary_ref,
                                              const std::string& provider = kProvider) {
  v1::RedeemVoucherRequest r;
  r.set_name(voucher);
  r.set_provider(provider);
  r.set_beneficiary_ref(beneficiary_ref);
  return r;
}

}  // namespace civitas::grants::voucher_world
