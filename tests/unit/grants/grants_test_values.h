// Values the grants domain tests share: euro amounts and the fields a Violations names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "civitas/common/v1/types.pb.h"
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

}  // namespace civitas::grants
