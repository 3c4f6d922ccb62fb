// A resource's pull (libs/records/record_pull.h) served as a server-streaming export: the
// caller authenticated, the cursors checked against the store's, then the pages of the change
// feed written as gRPC's flow control allows (ExportReactor), as the records themselves (NDJSON
// over HTTP) or as CSV (libs/common/proto_csv.h, a header row first).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "google/api/httpbody.pb.h"
#include "libs/common/grpc_status.h"
#include "libs/common/proto_csv.h"
#include "libs/records/record_pull.h"
#include "libs/server/correlation_id.h"
#include "libs/server/export_reactor.h"
#include "libs/server/http_body_chunks.h"
#include "libs/server/unary_calls.h"

namespace civitas {

// What reads a pull's pages: the resource's own change feed (records::PullPages), or a use case
// whose pull carries more (a campaign whose reach moved with its activities).
template <records::Record T>
using PullPageMaker =
    std::function<std::function<absl::StatusOr<records::ListResult<T>>(const records::ListQuery&)>(
        Principal caller, clients::CallContext call, records::PullQuery query)>;

namespace pull_export_internal {

// The pull's page reader, or why the pull is refused.
template <records::Record T>
absl::StatusOr<typename ExportReactor<T, T>::PageReader> Pages(
    const UnaryCalls& calls, const grpc::CallbackServerContext& ctx,
    records::RecordService<T>* service, const std::string& since, const std::string& until,
    const PullPageMaker<T>& make) {
  ASSIGN_OR_RETURN(Principal caller, calls.Authenticate(ctx));
  ASSIGN_OR_RETURN(int64_t current, service->Cursor());
  ASSIGN_OR_RETURN(records::PullQuery query, records::ParsePullQuery(since, until, current));
  if (make) return make(std::move(caller), CallContextOf(ctx), query);
  return records::PullPages(service, std::move(caller), CallContextOf(ctx), query);
}

}  // namespace pull_export_internal

// `make` (when set) reads the pages instead of `service`'s own change feed.
template <records::Record T>
grpc::ServerWriteReactor<T>* PullExport(const UnaryCalls& calls, grpc::CallbackServerContext* ctx,
                                        records::RecordService<T>* service,
                                        const std::string& since, const std::string& until,
                                        PullPageMaker<T> make = {}) {
  auto pages = pull_export_internal::Pages(calls, *ctx, service, since, until, make);
  if (!pages.ok()) return new FailedExport<T>(ToGrpcStatus(pages.status()));
  return new ExportReactor<T, T>(
      [pages = *std::move(pages)](const records::ListQuery& q) { return pages(q); },
      [](std::vector<T> page, bool) { return page; }, records::ListQuery{}, calls.logger());
}

template <records::Record T>
grpc::ServerWriteReactor<google::api::HttpBody>* PullCsvExport(
    const UnaryCalls& calls, grpc::CallbackServerContext* ctx, records::RecordService<T>* service,
    const std::string& since, const std::string& until, PullPageMaker<T> make = {}) {
  auto pages = pull_export_internal::Pages(calls, *ctx, service, since, until, make);
  if (!pages.ok()) return new FailedExport<google::api::HttpBody>(ToGrpcStatus(pages.status()));
  auto to_csv = [](std::vector<T> page, bool first) {
    std::string data = first ? ProtoCsvHeader(T::descriptor()) : "";
    for (const T& record : page) AppendProtoCsvRow(record, &data);
    return HttpBodyChunks("text/csv; charset=utf-8", data);
  };
  return new ExportReactor<T, google::api::HttpBody>(*std::move(pages), to_csv,
                                                     records::ListQuery{}, calls.logger());
}

}  // namespace civitas
