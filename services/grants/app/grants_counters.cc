#include "services/grants/app/grants_counters.h"

#include "absl/strings/str_cat.h"

namespace civitas::grants {

std::string AllocatedCounter(const std::string& programme_name) {
  return absl::StrCat(programme_name, "/allocated");
}

std::string AwardedCallCounter(const std::string& call_name) {
  return absl::StrCat(call_name, "/awarded");
}

std::string SubProgrammesCounter(const std::string& grant_name) {
  return absl::StrCat(grant_name, "/sub_programmes");
}

std::string AllocatedWhat(const std::string& programme_name) {
  return absl::StrCat("envelopes of the calls of ", programme_name);
}

std::string IssuedVoucherCounter(const std::string& scheme_name) {
  return absl::StrCat(scheme_name, "/issued");
}

std::string ReimbursedVoucherCounter(const std::string& scheme_name) {
  return absl::StrCat(scheme_name, "/reimbursed");
}

std::string IssuedVoucherWhat(const std::string& scheme_name) {
  return absl::StrCat("value of the vouchers issued under ", scheme_name, " (not cancelled)");
}

}  // namespace civitas::grants
