#include "services/monitoring/api/monitoring_grpc_service.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/common/grpc_status.h"
#include "libs/common/status_macros.h"
#include "libs/records/list_messages.h"
#include "libs/server/correlation_id.h"
#include "libs/server/export_reactor.h"
#include "libs/server/http_body_chunks.h"
#include "libs/server/public_status.h"

namespace civitas::monitoring {

grpc::ServerUnaryReactor* MonitoringGrpcService::GetCategory(grpc::CallbackServerContext* ctx,
                                                             const v1::GetCategoryRequest* req,
                                                             v1::Category* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Category> {
                         return records_->categories.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ListCategories(
    grpc::CallbackServerContext* ctx, const v1::ListCategoriesRequest* req,
    v1::ListCategoriesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListCategoriesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->categories.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListCategoriesResponse::mutable_categories);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::CreateCategory(
    grpc::CallbackServerContext* ctx, const v1::CreateCategoryRequest* req, v1::Category* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Category> {
                            return records_->categories.Create(
                                r, req->category(), req->category_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UpdateCategory(
    grpc::CallbackServerContext* ctx, const v1::UpdateCategoryRequest* req, v1::Category* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Category> {
        return records_->categories.Update(r, req->category(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::DeleteCategory(
    grpc::CallbackServerContext* ctx, const v1::DeleteCategoryRequest* req, v1::Category* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Category> {
                            return records_->categories.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetIndicator(grpc::CallbackServerContext* ctx,
                                                              const v1::GetIndicatorRequest* req,
                                                              v1::Indicator* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Indicator> {
                         return records_->indicators.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ListIndicators(
    grpc::CallbackServerContext* ctx, const v1::ListIndicatorsRequest* req,
    v1::ListIndicatorsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListIndicatorsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->indicators.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListIndicatorsResponse::mutable_indicators);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::CreateIndicator(
    grpc::CallbackServerContext* ctx, const v1::CreateIndicatorRequest* req, v1::Indicator* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Indicator> {
                            return records_->indicators.Create(
                                r, req->indicator(), req->indicator_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UpdateIndicator(
    grpc::CallbackServerContext* ctx, const v1::UpdateIndicatorRequest* req, v1::Indicator* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Indicator> {
        return records_->indicators.Update(r, req->indicator(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::DeleteIndicator(
    grpc::CallbackServerContext* ctx, const v1::DeleteIndicatorRequest* req, v1::Indicator* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Indicator> {
                            return records_->indicators.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetDataSet(grpc::CallbackServerContext* ctx,
                                                            const v1::GetDataSetRequest* req,
                                                            v1::DataSet* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::DataSet> {
                         return records_->data_sets.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ListDataSets(grpc::CallbackServerContext* ctx,
                                                              const v1::ListDataSetsRequest* req,
                                                              v1::ListDataSetsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListDataSetsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->data_sets.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListDataSetsResponse::mutable_data_sets);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::CreateDataSet(grpc::CallbackServerContext* ctx,
                                                               const v1::CreateDataSetRequest* req,
                                                               v1::DataSet* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::DataSet> {
                            return records_->data_sets.Create(
                                r, req->data_set(), req->data_set_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UpdateDataSet(grpc::CallbackServerContext* ctx,
                                                               const v1::UpdateDataSetRequest* req,
                                                               v1::DataSet* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::DataSet> {
        return records_->data_sets.Update(r, req->data_set(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::DeleteDataSet(grpc::CallbackServerContext* ctx,
                                                               const v1::DeleteDataSetRequest* req,
                                                               v1::DataSet* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::DataSet> {
                            return records_->data_sets.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetTarget(grpc::CallbackServerContext* ctx,
                                                           const v1::GetTargetRequest* req,
                                                           v1::Target* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Target> {
                         return records_->targets.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ListTargets(grpc::CallbackServerContext* ctx,
                                                             const v1::ListTargetsRequest* req,
                                                             v1::ListTargetsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListTargetsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->targets.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page), &v1::ListTargetsResponse::mutable_targets);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::CreateTarget(grpc::CallbackServerContext* ctx,
                                                              const v1::CreateTargetRequest* req,
                                                              v1::Target* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Target> {
        return records_->targets.Create(r, req->target(), req->target_id(), req->request_id());
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UpdateTarget(grpc::CallbackServerContext* ctx,
                                                              const v1::UpdateTargetRequest* req,
                                                              v1::Target* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Target> {
                            return records_->targets.Update(r, req->target(), req->update_mask());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::DeleteTarget(grpc::CallbackServerContext* ctx,
                                                              const v1::DeleteTargetRequest* req,
                                                              v1::Target* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Target> {
                            return records_->targets.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::SetDataValues(grpc::CallbackServerContext* ctx,
                                                               const v1::SetDataValuesRequest* req,
                                                               v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.SetValues(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetSubmission(grpc::CallbackServerContext* ctx,
                                                               const v1::GetSubmissionRequest* req,
                                                               v1::Submission* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                         return records_->submissions.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ListSubmissions(
    grpc::CallbackServerContext* ctx, const v1::ListSubmissionsRequest* req,
    v1::ListSubmissionsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListSubmissionsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->submissions.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListSubmissionsResponse::mutable_submissions);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ApproveSubmission(
    grpc::CallbackServerContext* ctx, const v1::SubmissionActionRequest* req,
    v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.Approve(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::AcceptSubmission(
    grpc::CallbackServerContext* ctx, const v1::SubmissionActionRequest* req,
    v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.Accept(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UnapproveSubmission(
    grpc::CallbackServerContext* ctx, const v1::SubmissionActionRequest* req,
    v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.Unapprove(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UnacceptSubmission(
    grpc::CallbackServerContext* ctx, const v1::SubmissionActionRequest* req,
    v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.Unaccept(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::DecideApproval(
    grpc::CallbackServerContext* ctx, const v1::DecideApprovalRequest* req, v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.DecideApproval(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetCompleteness(
    grpc::CallbackServerContext* ctx, const v1::GetCompletenessRequest* req,
    v1::Completeness* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Completeness> {
                         return records_->entry.Completeness(r, *req);
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetAnalytics(grpc::CallbackServerContext* ctx,
                                                              const v1::GetAnalyticsRequest* req,
                                                              v1::Analytics* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Analytics> {
                         return records_->analytics.Answer(r, *req);
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::BatchGetResults(
    grpc::CallbackServerContext* ctx, const v1::BatchGetResultsRequest* req,
    v1::BatchGetResultsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::BatchGetResultsResponse> {
        return records_->results.BatchGet(r, *req);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetDataValueCursor(
    grpc::CallbackServerContext* ctx, const v1::GetDataValueCursorRequest* req,
    v1::DataValueCursor* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this](const records::Request& r) -> absl::StatusOr<v1::DataValueCursor> {
                         ASSIGN_OR_RETURN(PullCursor cursor, records_->pull.Cursor(r));
                         v1::DataValueCursor out;
                         out.set_cursor(FormatPullCursor(cursor));
                         return out;
                       });
}

namespace {

// The state a pull carries from page to page, as the export's page token:
// `<until>/<keyspace>/<position>` (the keyspace empty for home).
std::string PullToken(const PullPage& page) {
  if (page.done) return "";
  return absl::StrCat(FormatPullCursor(page.at.until), "/", page.at.keyspace, "/",
                      page.at.position);
}

// The tokens are the service's own, from page to page of one stream: one it cannot read starts
// the pull over (never reached).
PullAt ReadPullToken(const std::string& token) {
  PullAt at;
  const std::vector<std::string> parts = absl::StrSplit(token, '/');
  if (parts.size() != 3) return at;
  std::optional<PullCursor> until = ParsePullCursor(parts[0]);
  if (!until.has_value() || !absl::SimpleAtoi(parts[2], &at.position)) return PullAt{};
  at.started = true;
  at.until = *std::move(until);
  at.keyspace = parts[1];
  return at;
}

}  // namespace

template <typename Message>
grpc::ServerWriteReactor<Message>* MonitoringGrpcService::Pull(grpc::CallbackServerContext* ctx,
                                                               const v1::PullDataValuesRequest& req,
                                                               PullFormat format) {
  absl::StatusOr<Principal> principal = calls_.Authenticate(*ctx);
  if (!principal.ok()) return new FailedExport<Message>(ToGrpcStatus(principal.status()));
  if (absl::Status allowed = AuthorizePull(*principal); !allowed.ok()) {
    return new FailedExport<Message>(ToGrpcStatus(allowed));
  }
  absl::StatusOr<PullRequest> pull =
      ParsePullRequest(req, /*cursor_in_output=*/format == PullFormat::kDataValueSetsJson);
  if (!pull.ok()) return new FailedExport<Message>(ToGrpcStatus(pull.status()));
  struct State {
    State(PullRequest p, BlockingExecutor* fetchers) : pull(std::move(p)), ahead(fetchers) {}
    PullRequest pull;
    PullNames names;
    PullCursor until;
    int64_t records_written = 0;
    // The store's part of the next page, read while this one renders.
    PullFetchAhead ahead;
  };
  auto state = std::make_shared<State>(*std::move(pull), pull_fetchers_);
  // Typed messages carry the page's records; bodies render each page as it is read (one record
  // reused for every figure) straight into the messages that carry its text.
  constexpr bool kTyped = std::is_same_v<Message, v1::DataValueRecord>;
  using Item = std::conditional_t<kTyped, v1::DataValueRecord, google::api::HttpBody>;
  const char* const media_type = format == PullFormat::kLines               ? "application/x-ndjson"
                                 : format == PullFormat::kDataValueSetsJson ? "application/json"
                                                                            : "text/csv";
  auto read = [this, state, format, media_type, p = *principal, call = CallContextOf(*ctx)](
                  const records::ListQuery& q) -> absl::StatusOr<records::ListResult<Item>> {
    const PullAt at = q.page_token.empty() ? PullAt{} : ReadPullToken(q.page_token);
    // Each page is a request of its own: what it read is not kept for the next.
    const records::Request request(p, call);
    records::ListResult<Item> out;
    PullPage page;
    if constexpr (kTyped) {
      ASSIGN_OR_RETURN(page, records_->pull.Page(request, state->pull, at, &state->names));
      out.items = std::move(page.records);
    } else {
      // Messages end where a record ends (for NDJSON, at a line break).
      HttpBodyWriter text(media_type);
      auto render = [&](const v1::DataValueRecord& record) {
        switch (format) {
          case PullFormat::kLines:
            AppendDataValueRecordLine(record, text.Item());
            break;
          case PullFormat::kDataValueSetsJson:
            AppendDataValueSetsRecord(record, state->records_written++ == 0, text.Item());
            break;
          default:
            AppendDataValuesCsvRow(record, text.Item());
        }
      };
      ASSIGN_OR_RETURN(page, records_->pull.VisitPage(request, state->pull, at, &state->names,
                                                      render, &state->ahead));
      out.items = text.Take();
    }
    state->until = page.at.until;
    out.next_page_token = PullToken(page);
    return out;
  };
  using Converter = typename ExportReactor<Item, Message>::Converter;
  using Trailer = typename ExportReactor<Item, Message>::Trailer;
  Converter convert;
  Trailer trailer;
  if constexpr (kTyped) {
    convert = [](std::vector<v1::DataValueRecord> page, bool) { return page; };
  } else {
    // The page's messages after what opens the document (the pull's cursor needs the first
    // page).
    convert = [state, format, media_type](std::vector<google::api::HttpBody> page, bool first) {
      std::string opening;
      if (first && format == PullFormat::kDataValueSetsJson) {
        opening = DataValueSetsOpening(FormatPullCursor(state->until));
      } else if (first && format == PullFormat::kCsv) {
        opening = DataValuesCsvHeader();
      }
      if (opening.empty()) return page;
      std::vector<google::api::HttpBody> out = HttpBodyChunks(media_type, opening);
      out.insert(out.end(), std::make_move_iterator(page.begin()),
                 std::make_move_iterator(page.end()));
      return out;
    };
    if (format == PullFormat::kDataValueSetsJson) {
      trailer = [media_type] { return HttpBodyChunks(media_type, DataValueSetsClosing()); };
    }
  }
  return new ExportReactor<Item, Message>(read, convert, records::ListQuery{}, calls_.logger(),
                                          trailer, pull_readers_);
}

grpc::ServerWriteReactor<v1::DataValueRecord>* MonitoringGrpcService::PullDataValues(
    grpc::CallbackServerContext* ctx, const v1::PullDataValuesRequest* req) {
  return Pull<v1::DataValueRecord>(ctx, *req, PullFormat::kRecords);
}

grpc::ServerWriteReactor<google::api::HttpBody>* MonitoringGrpcService::PullDataValueLines(
    grpc::CallbackServerContext* ctx, const v1::PullDataValuesRequest* req) {
  return Pull<google::api::HttpBody>(ctx, *req, PullFormat::kLines);
}

grpc::ServerWriteReactor<google::api::HttpBody>* MonitoringGrpcService::PullDataValueSets(
    grpc::CallbackServerContext* ctx, const v1::PullDataValuesRequest* req) {
  return Pull<google::api::HttpBody>(ctx, *req, PullFormat::kDataValueSetsJson);
}

grpc::ServerWriteReactor<google::api::HttpBody>* MonitoringGrpcService::PullDataValuesCsv(
    grpc::CallbackServerContext* ctx, const v1::PullDataValuesRequest* req) {
  return Pull<google::api::HttpBody>(ctx, *req, PullFormat::kCsv);
}

}  // namespace civitas::monitoring

namespace civitas::monitoring {
namespace {

// Most bytes an import's file may have: a million DHIS2 JSON values are about 200 MB.
constexpr size_t kMaxImportBytes = size_t{1} << 30;

// Reads an import's pieces (the options come with the first), then starts it on the writers.
class ImportReactor final : public grpc::ServerReadReactor<v1::ImportDataValuesRequest> {
 public:
  ImportReactor(grpc::CallbackServerContext* ctx, DataImport* imports, const UnaryCalls* calls,
                google::longrunning::Operation* resp)
      : ctx_(ctx), imports_(imports), calls_(calls), resp_(resp) {
    absl::StatusOr<Principal> principal = calls_->Authenticate(*ctx);
    if (principal.ok()) {
      // Refused before the file is read: whoever may enter no figures imports none.
      if (absl::Status may = DataImport::Authorize(*principal); !may.ok()) principal = may;
    }
    if (!principal.ok()) {
      Finish(ToGrpcStatus(principal.status()));
      return;
    }
    principal_ = *std::move(principal);
    StartRead(&piece_);
  }

  void OnReadDone(bool ok) override {
    if (ok) {
      if (first_) {
        first_ = false;
        options_ = piece_;
        options_.clear_body();
        content_type_ = piece_.body().content_type();
        // Refused before the rest of the file is read.
        if (absl::Status media = DataImport::CheckContentType(content_type_); !media.ok()) {
          Finish(ToGrpcStatus(media));
          return;
        }
      }
      if (body_.size() + piece_.body().data().size() > kMaxImportBytes) {
        Finish(ToGrpcStatus(absl::InvalidArgumentError(
            absl::StrCat("body: larger than ", kMaxImportBytes, " bytes; split the file"))));
        return;
      }
      body_.append(piece_.body().data());
      piece_.Clear();
      StartRead(&piece_);
      return;
    }
    // The stream ended: the whole file is here, unless the call was cancelled (the client went
    // away, the gateway's deadline passed), which leaves a file cut anywhere: nothing is imported.
    if (ctx_->IsCancelled()) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the upload did not end: nothing imported"));
      return;
    }
    imports_->StartAsync(principal_, CallContextOf(*ctx_), std::move(options_),
                         std::move(content_type_), std::move(body_),
                         [this](absl::StatusOr<google::longrunning::Operation> op) {
                           if (!op.ok()) {
                             Finish(ToGrpcStatus(PublicStatus(op.status(), calls_->logger())));
                             return;
                           }
                           *resp_ = *std::move(op);
                           Finish(grpc::Status::OK);
                         });
  }

  void OnDone() override { delete this; }

 private:
  grpc::CallbackServerContext* const ctx_;
  DataImport* const imports_;
  const UnaryCalls* const calls_;
  google::longrunning::Operation* const resp_;
  Principal principal_;
  v1::ImportDataValuesRequest piece_;
  v1::ImportDataValuesRequest options_;
  std::string content_type_;
  std::string body_;
  bool first_ = true;
};

}  // namespace

grpc::ServerReadReactor<v1::ImportDataValuesRequest>* MonitoringGrpcService::ImportDataValues(
    grpc::CallbackServerContext* ctx, google::longrunning::Operation* resp) {
  return new ImportReactor(ctx, &records_->imports, &calls_, resp);
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetOperation(
    grpc::CallbackServerContext* ctx, const google::longrunning::GetOperationRequest* req,
    google::longrunning::Operation* resp) {
  return operation_calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<google::longrunning::Operation> {
        return records_->imports.Get(r, req->name());
      });
}

}  // namespace civitas::monitoring
