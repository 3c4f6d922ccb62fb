#include "services/registry/domain/service_catalogue.h"

namespace civitas::registry {
namespace {

struct Entry {
  const char* code;
  const char* en;
  const char* ro;
  const char* hy;
};

constexpr Entry kEntries[] = {
    {"day-care", "Day care centre", "Centru de zi", "Ցերեկային խնամքի կենտրոն"},
    {"home-care", "Home care", "Îngrijire la domiciliu", "Տնային խնամք"},
    {"family-support", "Family support", "Sprijin familial", "Ընտանիքի աջակցություն"},
    {"personal-assistance", "Personal assistance", "Asistență personală", "Անձնական օգնական"},
    {"respite", "Respite care", "Servicii de respiro", "Հանգստի ծառայություն"},
    {"mobile-team", "Mobile team", "Echipă mobilă", "Շարժական թիմ"},
    {"foster-care", "Foster care", "Asistență parentală profesionistă", "Խնամատար ընտանիք"},
    {"community-home", "Community home", "Casă comunitară", "Համայնքային տուն"},
    {"supported-living", "Supported living", "Locuință protejată", "Աջակցվող բնակություն"},
    {"social-canteen", "Social canteen", "Cantină de ajutor social", "Սոցիալական ճաշարան"},
    {"rehabilitation", "Rehabilitation", "Reabilitare", "Վերականգնողական ծառայություն"},
    {"counselling", "Counselling", "Consiliere", "Խորհրդատվություն"},
};

}  // namespace

const std::vector<civitas::registry::v1::ServiceType>& ServiceTypeCatalogue() {
  static const auto* const kCatalogue = [] {
    auto* out = new std::vector<civitas::registry::v1::ServiceType>();
    for (const Entry& e : kEntries) {
      civitas::registry::v1::ServiceType t;
      t.set_code(e.code);
      (*t.mutable_display_name())["en"] = e.en;
      (*t.mutable_display_name())["ro"] = e.ro;
      (*t.mutable_display_name())["hy"] = e.hy;
      out->push_back(std::move(t));
    }
    return out;
  }();
  return *kCatalogue;
}

bool IsKnownServiceType(const std::string& code) {
  for (const Entry& e : kEntries) {
    if (code == e.code) return true;
  }
  return false;
}

}  // namespace civitas::registry
