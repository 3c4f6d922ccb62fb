// What every List RPC does around RecordService::List, whatever its resource: the request's
// paging, filter and ordering as a ListQuery, and a page of records as the response message.
#pragma once

#include <utility>

#include "google/protobuf/repeated_ptr_field.h"
#include "libs/records/record_service.h"

namespace civitas::records {

// From any AIP-132 List request (page_size, page_token, filter, order_by, and show_archived when
// the request has it).
template <typename Request>
ListQuery ListQueryOf(const Request& request) {
  ListQuery query{request.page_size(), request.page_token(), request.filter(), request.order_by()};
  if constexpr (requires { request.show_archived(); }) {
    query.show_archived = request.show_archived();
  }
  return query;
}

// The response holding `page`, e.g. ListResponseOf(page, &v1::ListCallsResponse::mutable_calls).
template <typename Response, typename T>
Response ListResponseOf(ListResult<T> page,
                        google::protobuf::RepeatedPtrField<T>* (Response::*items)()) {
  Response response;
  google::protobuf::RepeatedPtrField<T>* out = (response.*items)();
  out->Reserve(static_cast<int>(page.items.size()));
  for (T& item : page.items) *out->Add() = std::move(item);
  response.set_next_page_token(std::move(page.next_page_token));
  return response;
}

}  // namespace civitas::records
