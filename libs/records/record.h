// What the record lifecycle (libs/records) needs of a resource message: a name, an etag, a state
// enum and create/update times (AIP-122, AIP-154, AIP-164). Each resource maps its own state
// enum onto the lifecycle with a StateModel; the library knows no service's enum.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/common/request_fingerprint.h"
#include "libs/store/write_plan.h"

namespace civitas::records {

template <typename T>
using StateOf = std::remove_cvref_t<decltype(std::declval<const T&>().state())>;

template <typename T>
concept Record = std::derived_from<T, google::protobuf::Message> && std::is_enum_v<StateOf<T>> &&
    requires(T r, const T& c, StateOf<T> s) {
  { c.name() } -> std::convertible_to<std::string>;
  r.set_name(std::string());
  { c.etag() } -> std::convertible_to<std::string>;
  r.set_etag(std::string());
  r.set_state(s);
  { r.mutable_create_time() } -> std::same_as<google::protobuf::Timestamp*>;
  { r.mutable_update_time() } -> std::same_as<google::protobuf::Timestamp*>;
};

// The etag of a record that shows figures kept beside its document (RecordRules::CompleteForRead:
// totals many writers move at once): the stored etag, a hyphen, and 12 hexadecimal digits of the
// figures' digest. A conditional GET (If-None-Match) sees the figures change; a write's If-Match
// is checked against the stored part only (StoredEtag), since no client writes those figures.
inline std::string DerivedEtag(absl::string_view stored, absl::string_view figures) {
  return absl::StrCat(stored, "-", RequestFingerprint({figures}).substr(0, 12));
}

// The part of `etag` a write checks: the stored etag, without DerivedEtag's digest.
inline absl::string_view StoredEtag(absl::string_view etag) {
  return etag.substr(0, etag.find('-'));
}

// What a change is. Rules authorize the standard ones (create, update, archive); a custom method
// is a Transition that carries its own authorization, and hooks see it as kTransition.
enum class Change { kCreate, kUpdate, kArchive, kTransition };

// How a resource's state enum plays the lifecycle's parts.
template <Record T>
struct StateModel {
  using State = StateOf<T>;
  // Given to a record created without a state (the enum's 0 value means "not given").
  State initial;
  // States a record may be created in.
  std::vector<State> creatable;
  // Delete's state (soft delete): hidden from List unless show_archived, never un-archived by
  // Update. nullopt: records of this kind are never deleted (e.g. grant agreements).
  std::optional<State> archived;
};

// The enum value's name (`ACTIVE`), as stored beside the document for state-checked references.
template <Record T>
std::string StateName(StateOf<T> state) {
  const auto* value =
      google::protobuf::GetEnumDescriptor<StateOf<T>>()->FindValueByNumber(static_cast<int>(state));
  return value == nullptr ? std::to_string(static_cast<int>(state)) : value->name();
}

// The index entry of the records in `state` (`state=ACTIVE`), e.g. for ScanAll: typed, so that a
// renamed state fails to compile instead of matching nothing.
template <Record T>
std::string StateIndex(StateOf<T> state) {
  return "state=" + StateName<T>(state);
}

// A plan's reference to the T with `id`: it must exist, be in one of `states` (none: any) and,
// when `version` is set, still be at that version when the plan applies. Typed, so that a renamed
// state or collection fails to compile instead of the store refusing every such write.
template <Record T>
Reference RefTo(std::string id, std::initializer_list<StateOf<T>> states = {},
                int64_t version = 0) {
  Reference ref{{aip::CollectionOf<T>(), std::move(id)}, {}, version};
  for (StateOf<T> state : states) ref.states.push_back(StateName<T>(state));
  return ref;
}

// True when `ref` refers to a record of T.
template <Record T>
bool RefersTo(const Reference& ref) {
  return ref.document.collection == aip::CollectionOf<T>();
}

}  // namespace civitas::records
