// BatchCreate: how a service's api/ answers a batch create (AIP-233, an outcome per item) over
// RecordService::CreateMany: the request's items as CreateMany takes them, and the response's
// outcomes and records, each refusal worded as the item's own create would answer it.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "civitas/common/v1/batch.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "libs/common/field_violations.h"
#include "libs/common/json_log.h"
#include "libs/records/record_service.h"
#include "libs/server/public_status.h"

namespace civitas {

// Most items one batch create takes.
inline constexpr int kMaxBatchCreateItems = 1000;

// The items of `requests` (Create<Resource>Request messages): each one's record (`record`), id
// (`id`) and request id. INVALID_ARGUMENT naming `requests` when there are none or too many.
template <typename T, typename CreateRequest>
absl::StatusOr<std::vector<typename records::RecordService<T>::NewRecord>> BatchItemsOf(
    const google::protobuf::RepeatedPtrField<CreateRequest>& requests,
    const T& (CreateRequest::*record)() const, const std::string& (CreateRequest::*id)() const) {
  if (requests.empty() || requests.size() > kMaxBatchCreateItems) {
    return InvalidArgumentError({{"requests", absl::StrCat("must hold 1 to ", kMaxBatchCreateItems,
                                                           " items, not ", requests.size())}});
  }
  std::vector<typename records::RecordService<T>::NewRecord> items;
  items.reserve(requests.size());
  for (const CreateRequest& r : requests) {
    items.push_back({(r.*record)(), (r.*id)(), r.request_id()});
  }
  return items;
}

// The response: an outcome per item, and the records created or present that the caller may
// read (added through `records`, e.g. &BatchCreateOrganizationsResponse::mutable_organizations).
template <typename T, typename Response>
Response BatchResponseOf(std::vector<typename records::RecordService<T>::CreateOutcome> outcomes,
                         google::protobuf::RepeatedPtrField<T>* (Response::*records)(),
                         JsonLogger* logger) {
  using Result = typename records::RecordService<T>::CreateOutcome::Result;
  Response out;
  for (auto& o : outcomes) {
    common::v1::BatchCreateOutcome* item = out.add_outcomes();
    item->set_name(o.name);
    switch (o.result) {
      case Result::kCreated:
        item->set_result(common::v1::BatchCreateOutcome::CREATED);
        break;
      case Result::kAlreadyPresent:
        item->set_result(common::v1::BatchCreateOutcome::ALREADY_PRESENT);
        break;
      case Result::kRefused: {
        item->set_result(common::v1::BatchCreateOutcome::REFUSED);
        const absl::Status reason = PublicStatus(o.reason, logger);
        item->set_code(absl::StatusCodeToString(reason.code()));
        item->set_reason(std::string(reason.message()));
        break;
      }
    }
    if (o.record.has_value()) *(out.*records)()->Add() = *std::move(o.record);
  }
  return out;
}

}  // namespace civitas
