#include "libs/common/service_list.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace civitas {
namespace {

struct Row {
  const char* name;
  const char* grpc_services;
  int grpc_port;
  int metrics_port;
};

constexpr Row kRows[] = {
#include "civitas/service_list.inc"
};

std::vector<DeclaredService> BuildServices() {
  std::vector<DeclaredService> out;
  for (const Row& row : kRows) {
    out.push_back({row.name, absl::StrSplit(row.grpc_services, ',', absl::SkipEmpty()),
                   row.grpc_port, row.metrics_port});
  }
  return out;
}

// `host:port` or `[ipv6]:port`, the port 1-65535 in digits only.
bool IsHostPort(absl::string_view address) {
  size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos || colon == 0) return false;
  absl::string_view host = address.substr(0, colon);
  absl::string_view port_text = address.substr(colon + 1);
  if (host.find(':') != absl::string_view::npos &&
      !(host.size() > 2 && host.front() == '[' && host.back() == ']')) {
    return false;  // an IPv6 address needs its brackets
  }
  if (port_text.empty() || port_text.size() > 5 ||
      !std::all_of(port_text.begin(), port_text.end(), absl::ascii_isdigit)) {
    return false;
  }
  int port = 0;
  return absl::SimpleAtoi(port_text, &port) && port > 0 && port < 65536;
}

}  // namespace

const std::vector<DeclaredService>& DeclaredServices() {
  // Built once from the compiled-in rows and never changed: a constant table, not state.
  static const std::vector<DeclaredService>* const services =
      new std::vector<DeclaredService>(BuildServices());
  return *services;
}

const DeclaredService* FindDeclaredService(absl::string_view name) {
  for (const DeclaredService& s : DeclaredServices()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string LocalServiceAddresses() {
  return absl::StrJoin(DeclaredServices(), ",", [](std::string* out, const DeclaredService& s) {
    absl::StrAppend(out, s.name, "=127.0.0.1:", s.grpc_port);
  });
}

absl::StatusOr<std::map<std::string, std::string>> ParseServiceAddresses(absl::string_view spec) {
  std::map<std::string, std::string> out;
  std::vector<std::string> problems;
  for (absl::string_view entry : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    std::vector<absl::string_view> kv = absl::StrSplit(entry, '=');
    std::string name(absl::StripAsciiWhitespace(kv.front()));
    std::string address(kv.size() == 2 ? absl::StripAsciiWhitespace(kv[1]) : "");
    if (kv.size() != 2 || name.empty() || !IsHostPort(address)) {
      problems.push_back(absl::StrCat("'", entry, "' is not name=host:port"));
    } else if (FindDeclaredService(name) == nullptr) {
      problems.push_back(absl::StrCat(
          "'", name, "' is not a service of services/services.list (",
          absl::StrJoin(DeclaredServices(), ", ",
                        [](std::string* o, const DeclaredService& s) { o->append(s.name); }),
          ")"));
    } else if (!out.emplace(name, address).second) {
      problems.push_back(absl::StrCat("'", name, "' is given twice"));
    }
  }
  if (!problems.empty()) return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
  return out;
}

}  // namespace civitas
