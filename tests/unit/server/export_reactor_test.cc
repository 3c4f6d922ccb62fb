// ExportReactor over a real in-process gRPC server: pages arrive whole and in order whether read
// on gRPC's thread or ahead on an executor, a failing page ends the stream with its status after
// the pages before it, and a client that goes away mid-export leaves nothing running.
#include "libs/server/export_reactor.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "libs/common/json_log.h"

namespace civitas {
namespace {

using registry::v1::ExportRequest;
using registry::v1::Organization;

// Serves ExportOrganizations as `pages` pages of `per_page` organisations named `o-<n>`, page
// `fail_at` (if any) failing; counts reads and reactors alive.
class PagedExports final : public registry::v1::RegistryService::CallbackService {
 public:
  PagedExports(BlockingExecutor* read_ahead, int pages, int per_page, int fail_at = -1)
      : read_ahead_(read_ahead), pages_(pages), per_page_(per_page), fail_at_(fail_at) {}

  // Items of `bytes` each (gRPC's flow control then holds writes back), and a read of page 1
  // that tells `second_page_started` and waits for `release_second_page`.
  void set_item_bytes(size_t bytes) { item_bytes_ = bytes; }
  void GateSecondPage() { gate_ = true; }
  absl::Notification second_page_started;
  absl::Notification release_second_page;

  grpc::ServerWriteReactor<Organization>* ExportOrganizations(grpc::CallbackServerContext* ctx,
                                                              const ExportRequest*) override {
    auto read =
        [this](const records::ListQuery& q) -> absl::StatusOr<records::ListResult<Organization>> {
      reads.fetch_add(1);
      const int page = q.page_token.empty() ? 0 : std::stoi(q.page_token);
      if (page == fail_at_) return absl::UnavailableError(absl::StrCat("page ", page));
      if (page == 1 && gate_) {
        second_page_started.Notify();
        release_second_page.WaitForNotification();
      }
      records::ListResult<Organization> out;
      for (int i = 0; i < per_page_; ++i) {
        Organization& o = out.items.emplace_back();
        o.set_name(absl::StrCat("o-", page * per_page_ + i));
        if (item_bytes_ > 0) o.set_etag(std::string(item_bytes_, 'x'));
      }
      if (page + 1 < pages_) out.next_page_token = absl::StrCat(page + 1);
      return out;
    };
    auto convert = [](std::vector<Organization> page, bool) { return page; };
    return new Counted(this, read, convert, read_ahead_);
  }

  std::atomic<int> reads{0};
  std::atomic<int> alive{0};

 private:
  class Counted final : public ExportReactor<Organization, Organization> {
   public:
    Counted(PagedExports* owner, PageReader read, Converter convert, BlockingExecutor* ahead)
        : ExportReactor(std::move(read), std::move(convert), records::ListQuery{}, &logger_,
                        Trailer{}, ahead),
          owner_(owner) {
      owner_->alive.fetch_add(1);
    }
    ~Counted() override { owner_->alive.fetch_sub(1); }

   private:
    PagedExports* owner_;
    static inline JsonLogger logger_{"test", stderr};
  };

  BlockingExecutor* read_ahead_;
  const int pages_;
  const int per_page_;
  const int fail_at_;
  size_t item_bytes_ = 0;
  bool gate_ = false;
};

struct Served {
  explicit Served(PagedExports* service) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service);
    server = builder.BuildAndStart();
    stub = registry::v1::RegistryService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  ~Served() { server->Shutdown(); }
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<registry::v1::RegistryService::Stub> stub;
};

std::vector<std::string> ReadAll(Served& s, grpc::Status* status) {
  grpc::ClientContext ctx;
  auto reader = s.stub->ExportOrganizations(&ctx, ExportRequest());
  std::vector<std::string> names;
  Organization o;
  while (reader->Read(&o)) names.push_back(o.name());
  *status = reader->Finish();
  return names;
}

std::vector<std::string> Expected(int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(absl::StrCat("o-", i));
  return out;
}

TEST(ExportReactorTest, EveryPageArrivesOnceAndInOrderReadAheadOrNot) {
  BlockingExecutor ahead(2);
  for (BlockingExecutor* executor : {static_cast<BlockingExecutor*>(nullptr), &ahead}) {
    PagedExports service(executor, /*pages=*/40, /*per_page=*/7);
    {
      Served s(&service);
      for (int round = 0; round < 3; ++round) {
        grpc::Status status;
        EXPECT_EQ(ReadAll(s, &status), Expected(40 * 7));
        EXPECT_TRUE(status.ok()) << status.error_message();
      }
    }
    EXPECT_EQ(service.reads.load(), 3 * 40);
    EXPECT_EQ(service.alive.load(), 0);
  }
}

TEST(ExportReactorTest, AFailingPageEndsTheStreamAfterThePagesBefore) {
  BlockingExecutor ahead(1);
  for (BlockingExecutor* executor : {static_cast<BlockingExecutor*>(nullptr), &ahead}) {
    PagedExports service(executor, /*pages=*/10, /*per_page=*/3, /*fail_at=*/4);
    {
      Served s(&service);
      grpc::Status status;
      EXPECT_EQ(ReadAll(s, &status), Expected(4 * 3));
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
      EXPECT_EQ(service.reads.load(), 5);  // nothing is read past the failure
    }
    EXPECT_EQ(service.alive.load(), 0);
  }
}

TEST(ExportReactorTest, AClientGoingAwayMidExportLeavesNoReactorBehind) {
  auto ahead = std::make_unique<BlockingExecutor>(2);
  PagedExports service(ahead.get(), /*pages=*/100000, /*per_page=*/50);
  {
    Served s(&service);
    for (int round = 0; round < 20; ++round) {
      grpc::ClientContext ctx;
      auto reader = s.stub->ExportOrganizations(&ctx, ExportRequest());
      Organization o;
      for (int i = 0; i < 10 * round + 1 && reader->Read(&o); ++i) {
      }
      ctx.TryCancel();
      while (reader->Read(&o)) {
      }
      EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
    }
  }  // the server's shutdown waits for every reactor's OnDone
  // A page being read ahead when its export ended deletes the reactor when it is done; the
  // executor's end runs what is queued and joins its threads.
  ahead.reset();
  EXPECT_EQ(service.alive.load(), 0);
}

TEST(ExportReactorTest, AnExportEndingWhileItsNextPageIsReadIsDeletedByThatRead) {
  // Page 0's writes are held back by flow control (64 x 256 KiB) when the client goes away, and
  // page 1's read is under way: gRPC ends the export (OnDone) first, the read last.
  auto ahead = std::make_unique<BlockingExecutor>(1);
  PagedExports service(ahead.get(), /*pages=*/5, /*per_page=*/64);
  service.set_item_bytes(256 << 10);
  service.GateSecondPage();
  {
    Served s(&service);
    grpc::ClientContext ctx;
    auto reader = s.stub->ExportOrganizations(&ctx, ExportRequest());
    Organization o;
    ASSERT_TRUE(reader->Read(&o));
    service.second_page_started.WaitForNotification();
    ctx.TryCancel();
    while (reader->Read(&o)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }  // the server's shutdown returns once OnDone ran: the reactor is still held by the read
  EXPECT_EQ(service.alive.load(), 1);
  service.release_second_page.Notify();
  ahead.reset();
  EXPECT_EQ(service.alive.load(), 0);
  EXPECT_EQ(service.reads.load(), 2);  // nothing read after the export ended
}

}  // namespace
}  // namespace civitas
