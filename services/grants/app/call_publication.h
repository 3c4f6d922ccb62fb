// Programme and call custom methods: open and close a programme, publish and close a call. Each
// loads what its domain/ transition needs (a call's programme) and applies it. Thread-safe.
#pragma once

#include <string>

#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class CallPublication {
 public:
  CallPublication(DocumentStore* store, records::RecordService<v1::Programme>* programmes,
                  records::RecordService<v1::Call>* calls)
      : store_(store), programmes_(programmes), calls_(calls) {}

  absl::StatusOr<v1::Programme> OpenProgramme(const records::Request& r, const std::string& name,
                                              const std::string& etag);
  absl::StatusOr<v1::Programme> CloseProgramme(const records::Request& r, const std::string& name,
                                               const std::string& etag);
  // Under an open programme, the call's rules checked once more and frozen.
  absl::StatusOr<v1::Call> PublishCall(const records::Request& r, const std::string& name,
                                       const std::string& etag);
  absl::StatusOr<v1::Call> CloseCall(const records::Request& r, const std::string& name,
                                     const std::string& etag);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::Programme>* const programmes_;
  records::RecordService<v1::Call>* const calls_;
};

}  // namespace civitas::grants
