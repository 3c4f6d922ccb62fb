// CascadeReader: the cascade below a programme or a grant in one answer (issue 10, point 8):
// a programme's grants, each grant's sub-programmes, their grants, and so on, with the amounts
// committed, disbursed and spent at every level. Reads only; what a caller may not see (a draft
// programme of others) is left out. Thread-safe.
#pragma once

#include <string>

#include "civitas/grants/v1/grants_service.pb.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class CascadeReader {
 public:
  // Levels below the root the answer goes down (a programme and its grants are two).
  static constexpr int kMaxDepth = 12;

  CascadeReader(DocumentStore* store, records::RecordService<v1::Programme>* programmes,
                records::RecordService<v1::Grant>* grants)
      : store_(store), programmes_(programmes), grants_(grants) {}

  // `name` is `programmes/{id}` or `grants/{id}`; NOT_FOUND when the caller cannot see it.
  absl::StatusOr<v1::Cascade> Cascade(const records::Request& r, const std::string& name);

 private:
  absl::StatusOr<v1::CascadeNode> ProgrammeNode(const records::Request& r,
                                                const v1::Programme& programme, int depth);
  absl::StatusOr<v1::CascadeNode> GrantNode(const records::Request& r, const v1::Grant& grant,
                                            int depth);

  DocumentStore* const store_;
  records::RecordService<v1::Programme>* const programmes_;
  records::RecordService<v1::Grant>* const grants_;
};

}  // namespace civitas::grants
