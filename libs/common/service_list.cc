#include "libs/common/service_list.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

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

namespace {

// `a.b.c.d:port` or `[v6]:port`.
bool IsIpLiteral(absl::string_view host_port) {
  absl::string_view host = host_port.substr(0, host_port.rfind(':'));
  if (absl::ConsumePrefix(&host, "[")) {
    return absl::ConsumeSuffix(&host, "]") && !host.empty() &&
           std::all_of(host.begin(), host.end(),
                       [](char c) { return absl::ascii_isxdigit(c) || c == ':' || c == '.'; });
  }
  std::vector<absl::string_view> octets = absl::StrSplit(host, '.');
  return octets.size() == 4 && std::all_of(octets.begin(), octets.end(), [](absl::string_view o) {
           int v = -1;
           return !o.empty() && o.size() <= 3 && absl::SimpleAtoi(o, &v) && v >= 0 && v <= 255;
         });
}

}  // namespace

std::vector<std::string> ServiceReplicas(absl::string_view address) {
  std::vector<std::string> out;
  for (absl::string_view replica : absl::StrSplit(address, '|')) {
    out.emplace_back(absl::StripAsciiWhitespace(replica));
  }
  return out;
}

absl::StatusOr<std::map<std::string, std::string>> ParseServiceAddresses(absl::string_view spec) {
  std::map<std::string, std::string> out;
  std::vector<std::string> problems;
  for (absl::string_view entry : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    std::vector<absl::string_view> kv = absl::StrSplit(entry, '=');
    std::string name(absl::StripAsciiWhitespace(kv.front()));
    std::string address(kv.size() == 2 ? absl::StripAsciiWhitespace(kv[1]) : "");
    const std::vector<std::string> replicas = ServiceReplicas(address);
    if (kv.size() != 2 || name.empty() || replicas.empty() ||
        !std::all_of(replicas.begin(), replicas.end(),
                     [](const std::string& r) { return IsHostPort(r); })) {
      problems.push_back(absl::StrCat("'", entry, "' is not name=host:port[|host:port...]"));
    } else if (replicas.size() > 1 &&
               !std::all_of(replicas.begin(), replicas.end(), [&](const std::string& r) {
                 const bool v6 = absl::StartsWith(r, "[");
                 return v6 == absl::StartsWith(replicas[0], "[") && IsIpLiteral(r);
               })) {
      problems.push_back(absl::StrCat(
          "'", entry,
          "': several replicas are given as IP addresses of one family (a name that "
          "resolves to several, such as a Kubernetes headless Service, is given alone)"));
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
