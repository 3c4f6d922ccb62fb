// How the registry's RecordState plays the record lifecycle's parts (libs/records): every
// registry resource starts ACTIVE unless created as a DRAFT or SUSPENDED, and Delete archives.
#pragma once

#include "civitas/registry/v1/resources.pb.h"
#include "libs/records/record.h"

namespace civitas::registry {

template <records::Record T>
const records::StateModel<T>& RegistryStates() {
  static const records::StateModel<T> kStates{
      registry::v1::ACTIVE,
      {registry::v1::DRAFT, registry::v1::ACTIVE, registry::v1::SUSPENDED},
      registry::v1::ARCHIVED};
  return kStates;
}

}  // namespace civitas::registry
