// Use case of a policy item's pipeline: advancing it a stage, authorized by its campaign as read.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::advocacy {

class PolicyPipeline {
 public:
  PolicyPipeline(DocumentStore* store, records::RecordService<v1::PolicyItem>* items,
                 const Clock* clock)
      : store_(store), items_(items), clock_(clock) {}

  absl::StatusOr<v1::PolicyItem> Advance(const records::Request& r, const std::string& name,
                                         const std::string& etag, v1::PolicyStage stage,
                                         const v1::PolicyStep& step);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::PolicyItem>* const items_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
