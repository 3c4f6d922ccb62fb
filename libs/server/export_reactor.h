// ExportReactor: a server-streaming export over the pages of a List use case. Pages are read one
// at a time (up to the maximum page size) and each item is written once gRPC's flow control lets
// the previous write complete, so a slow reader holds the export back instead of the service
// buffering it. A cancelled call stops at the next write. Deletes itself when done.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/common/grpc_status.h"
#include "libs/common/json_log.h"
#include "libs/records/record_service.h"
#include "libs/server/public_status.h"

namespace civitas {

// Records read at a time by an export: enough to keep the store's round trips few, few enough
// that a hundred concurrent exports of long records hold megabytes, not gigabytes.
inline constexpr int kExportPageSize = 100;

// `Item` is what a page holds; `Message` what goes on the wire (`convert` batches a page into
// messages: one per item, or one per page for CSV).
template <typename Item, typename Message>
class ExportReactor : public grpc::ServerWriteReactor<Message> {
 public:
  using PageReader =
      std::function<absl::StatusOr<records::ListResult<Item>>(const records::ListQuery&)>;
  using Converter = std::function<std::vector<Message>(std::vector<Item> page, bool first)>;
  // What follows the last page (a document's closing bracket or tag); may be empty.
  using Trailer = std::function<std::vector<Message>()>;

  ExportReactor(PageReader read_page, Converter convert, records::ListQuery query,
                JsonLogger* logger, Trailer trailer = {})
      : read_page_(std::move(read_page)),
        convert_(std::move(convert)),
        trailer_(std::move(trailer)),
        query_(std::move(query)),
        logger_(logger) {
    query_.page_size = kExportPageSize;
    WriteNext();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "export cancelled"));
    WriteNext();
  }
  void OnDone() override { delete this; }

 private:
  void WriteNext() {
    // Pages may be empty and still have a successor: read until there is something to write.
    while (next_ == messages_.size()) {
      if (last_page_read_ && trailer_) {
        messages_ = std::exchange(trailer_, nullptr)();
        next_ = 0;
        continue;
      }
      if (last_page_read_) return this->Finish(grpc::Status::OK);
      absl::StatusOr<records::ListResult<Item>> page = read_page_(query_);
      if (!page.ok()) return this->Finish(ToGrpcStatus(PublicStatus(page.status(), logger_)));
      query_.page_token = page->next_page_token;
      last_page_read_ = query_.page_token.empty();
      messages_ = convert_(std::move(page->items), first_page_);
      first_page_ = false;
      next_ = 0;
    }
    this->StartWrite(&messages_[next_++]);
  }

  PageReader read_page_;
  Converter convert_;
  Trailer trailer_;
  records::ListQuery query_;
  JsonLogger* const logger_;
  std::vector<Message> messages_;
  size_t next_ = 0;
  bool first_page_ = true;
  bool last_page_read_ = false;
};

// A reactor that only reports a failure (the export never started).
template <typename Message>
class FailedExport : public grpc::ServerWriteReactor<Message> {
 public:
  explicit FailedExport(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace civitas
