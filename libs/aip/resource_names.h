// Typed resource names: the collection of a resource message comes from its google.api.resource
// annotation (AIP-123, protos/google/api/resource.proto), so code names a collection by the type
// it holds (`CollectionOf<v1::Call>()`) and a renamed or missing collection fails at the first
// call of any test, never by a write that silently refers to nothing.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "google/api/resource.pb.h"
#include "google/protobuf/descriptor.h"
#include "libs/aip/field_checks.h"

namespace civitas::aip {

// A message that is a resource: it declares google.api.resource with a plural.
template <typename T>
concept AnnotatedResource = requires {
  T::descriptor();
};

// The resource descriptor of `message`; aborts when the message declares none: a resource type
// without its annotation is a programming error every test that touches it finds.
const google::api::ResourceDescriptor& ResourceDescriptorOf(
    const google::protobuf::Descriptor* message);

// `organizations` for civitas.registry.v1.Organization.
template <AnnotatedResource T>
const std::string& CollectionOf() {
  static const std::string* const kCollection =
      new std::string(ResourceDescriptorOf(T::descriptor()).plural());
  return *kCollection;
}

// `organizations/{id}`.
template <AnnotatedResource T>
std::string NameOf(std::string_view id) {
  std::string name = CollectionOf<T>();
  name += '/';
  name += id;
  return name;
}

// The id part of `name` when it names a T (`organizations/o1` -> `o1`); empty otherwise.
template <AnnotatedResource T>
std::string IdIn(const std::string& name) {
  return IdOf(name, CollectionOf<T>());
}

// The ids of those of `names` that name a T, each once, in first-seen order.
template <AnnotatedResource T>
std::vector<std::string> IdsIn(const std::vector<std::string>& names) {
  std::vector<std::string> ids;
  for (const std::string& name : names) {
    if (std::string id = IdIn<T>(name);
        !id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.push_back(std::move(id));
    }
  }
  return ids;
}

// `name` is a well-formed T name.
template <AnnotatedResource T>
bool IsNameOf(const std::string& name) {
  return IsResourceName(name, CollectionOf<T>());
}

// Adds a violation for `field` unless `name` is a well-formed T name (or empty and not required).
template <AnnotatedResource T>
void CheckNameOf(const std::string& name, const std::string& field, bool required, Violations* v) {
  CheckResourceName(name, CollectionOf<T>(), field, required, v);
}

}  // namespace civitas::aip
