// ExportReactor: a server-streaming export over the pages of a List use case. Pages are read one
// at a time (up to the maximum page size) and each item is written once gRPC's flow control lets
// the previous write complete, so a slow reader holds the export back instead of the service
// buffering it. A cancelled call stops at the next write. Deletes itself when done.
//
// Given an executor to read ahead on, the next page is read there while the current one is
// written: a page read (a store round trip, and for pages rendered as they are read, the
// rendering) then overlaps with the transport carrying the page before. At most one page is held
// beyond the one being written.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "libs/common/grpc_status.h"
#include "libs/common/json_log.h"
#include "libs/records/record_service.h"
#include "libs/server/blocking_executor.h"
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

  // `read_ahead` (may be null: pages are then read on gRPC's thread when the last write of the
  // page before completes) must outlive every export given it.
  ExportReactor(PageReader read_page, Converter convert, records::ListQuery query,
                JsonLogger* logger, Trailer trailer = {}, BlockingExecutor* read_ahead = nullptr)
      : read_page_(std::move(read_page)),
        convert_(std::move(convert)),
        trailer_(std::move(trailer)),
        query_(std::move(query)),
        logger_(logger),
        read_ahead_(read_ahead) {
    query_.page_size = kExportPageSize;
    if (read_ahead_ != nullptr) {
      absl::MutexLock lock(&mu_);
      StartReadAhead();
    }
    WriteNext();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "export cancelled"));
    WriteNext();
  }
  void OnDone() override {
    {
      // A page still being read ahead holds this reactor: the read deletes it when it ends.
      absl::MutexLock lock(&mu_);
      done_ = true;
      if (reading_ahead_) return;
    }
    delete this;
  }

 private:
  using Page = absl::StatusOr<records::ListResult<Item>>;

  void WriteNext() {
    // Pages may be empty and still have a successor: read until there is something to write.
    while (next_ == messages_.size()) {
      if (last_page_read_ && trailer_) {
        messages_ = std::exchange(trailer_, nullptr)();
        next_ = 0;
        continue;
      }
      if (last_page_read_) return this->Finish(grpc::Status::OK);
      std::optional<Page> page;
      if (read_ahead_ == nullptr) {
        page = read_page_(query_);
      } else {
        absl::MutexLock lock(&mu_);
        if (!ahead_.has_value()) {
          waiting_ = true;  // the read ahead calls WriteNext when it ends
          return;
        }
        page = std::exchange(ahead_, std::nullopt);
      }
      if (!page->ok()) return this->Finish(ToGrpcStatus(PublicStatus(page->status(), logger_)));
      query_.page_token = (*page)->next_page_token;
      last_page_read_ = query_.page_token.empty();
      messages_ = convert_(std::move((*page)->items), first_page_);
      first_page_ = false;
      next_ = 0;
      if (read_ahead_ != nullptr && !last_page_read_) {
        absl::MutexLock lock(&mu_);
        StartReadAhead();
      }
    }
    this->StartWrite(&messages_[next_++]);
  }

  // Reads the page `query_` asks for on `read_ahead_`. The page reader and `convert_` run one
  // at a time: a read starts after the page before it was converted.
  void StartReadAhead() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    reading_ahead_ = true;
    read_ahead_->Run([this, query = query_] {
      bool ended = false;
      {
        // An export that ended while this read waited in the queue reads nothing.
        absl::MutexLock lock(&mu_);
        if (done_) {
          reading_ahead_ = false;
          ended = true;
        }
      }
      if (ended) {  // OnDone left the reactor to this read
        delete this;
        return;
      }
      Page page = read_page_(query);
      bool resume = false;
      bool orphaned = false;
      {
        absl::MutexLock lock(&mu_);
        reading_ahead_ = false;
        orphaned = done_;
        if (!done_) {
          ahead_ = std::move(page);
          // Waiting means no write is in flight and Finish was not called, so OnDone cannot run
          // before WriteNext does; otherwise this reactor is not touched after the lock.
          resume = std::exchange(waiting_, false);
        }
      }
      if (orphaned) {  // OnDone ran and left the reactor to this read: nothing else holds it
        delete this;
        return;
      }
      if (resume) WriteNext();
    });
  }

  PageReader read_page_;
  Converter convert_;
  Trailer trailer_;
  records::ListQuery query_;
  JsonLogger* const logger_;
  BlockingExecutor* const read_ahead_;
  std::vector<Message> messages_;
  size_t next_ = 0;
  bool first_page_ = true;
  bool last_page_read_ = false;
  absl::Mutex mu_;
  std::optional<Page> ahead_ ABSL_GUARDED_BY(mu_);
  bool reading_ahead_ ABSL_GUARDED_BY(mu_) = false;
  bool waiting_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

// A reactor that only reports a failure (the export never started).
template <typename Message>
class FailedExport : public grpc::ServerWriteReactor<Message> {
 public:
  explicit FailedExport(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace civitas
