// Values the grants tests share: euro amounts, the fields a Violations names, and callers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "civitas/common/v1/types.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"

namespace civitas::grants {

inline common::v1::Money Eur(int64_t cents) {
  common::v1::Money m;
  m.set_currency_code("EUR");
  m.set_amount_minor(cents);
  return m;
}

inline std::vector<std::string> FieldsOf(const Violations& v) {
  std::vector<std::string> fields;
  for (const auto& item : v.items()) fields.push_back(item.field);
  return fields;
}

// A caller with one role, acting for `organization` (may be empty).
inline Principal Acting(const std::string& role, const std::string& organization = "") {
  Principal p;
  p.subject = role + "-user";
  p.roles = {role};
  p.organization = organization;
  return p;
}

}  // namespace civitas::grants
