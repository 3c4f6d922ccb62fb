#include "libs/store/outbox_event.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace civitas {

StreamFields ToStreamFields(const OutboxEvent& e) {
  return {{"type", e.type},
          {"name", e.resource_name},
          {"collection", e.collection},
          {"id", e.id},
          {"version", absl::StrCat(e.version)},
          {"actor", e.actor},
          {"correlation", e.correlation_id},
          {"payload", e.payload}};
}

absl::StatusOr<OutboxEvent> OutboxEventFromStreamFields(const StreamFields& fields) {
  absl::flat_hash_map<std::string, const std::string*> by_name;
  for (const auto& [name, value] : fields) by_name[name] = &value;
  OutboxEvent e;
  for (auto [name, out] : {std::pair<const char*, std::string*>{"type", &e.type},
                           {"name", &e.resource_name},
                           {"collection", &e.collection},
                           {"id", &e.id},
                           {"actor", &e.actor},
                           {"correlation", &e.correlation_id},
                           {"payload", &e.payload}}) {
    auto it = by_name.find(name);
    if (it == by_name.end()) {
      return absl::InvalidArgumentError(absl::StrCat("outbox event has no field ", name));
    }
    *out = *it->second;
  }
  auto version = by_name.find("version");
  if (version == by_name.end() || !absl::SimpleAtoi(*version->second, &e.version)) {
    return absl::InvalidArgumentError("outbox event has no integer field version");
  }
  return e;
}

}  // namespace civitas
