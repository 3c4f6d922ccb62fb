// RecordService<T>: the record lifecycle for one resource over a DocumentStore: the standard
// methods (AIP-131..135: Get, List with filters and paging, idempotent Create, Update with
// update_mask and etag, Delete as archive) and custom state transitions (AIP-136, Apply). What a
// resource adds comes from its RecordRules<T>. No transport types.
#pragma once

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/util/time_util.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/filter.h"
#include "libs/aip/list_query.h"
#include "libs/aip/page_token.h"
#include "libs/aip/update_mask.h"
#include "libs/common/backoff.h"
#include "libs/common/clock.h"
#include "libs/common/id_generator.h"
#include "libs/common/request_fingerprint.h"
#include "libs/common/status_macros.h"
#include "libs/records/record_rules.h"
#include "libs/records/request.h"
#include "libs/records/transition.h"
#include "libs/store/document_store.h"

namespace civitas::records {

using aip::ListQuery;

template <typename T>
struct ListResult {
  std::vector<T> items;
  std::string next_page_token;
};

// Most records one List call examines before returning a partial page with a next_page_token.
inline constexpr int kMaxScannedPerList = 5000;
// What one page of records holds at most (stored bytes; the JSON a client receives is a small
// multiple): far below the gateway's 16 MiB per backend message.
inline constexpr size_t kMaxPageBytes = 4 << 20;
// Read-modify-write attempts when a concurrent write got in first (the etag is checked again).
// Attempts back off 1, 2, 4 ... 20 ms apart (jittered): ten cover ~120 ms of a record many
// writers change at once (16 activities recorded at once in one campaign, each moving its
// totals), where five left some of them refused.
inline constexpr int kMaxWriteAttempts = 10;
// Records CreateMany writes in one plan (one script run, one fsync for all of them).
inline constexpr size_t kMaxCreatesPerPlan = 100;

// Thread-safe when the store and rules are; owns nothing.
template <Record T>
class RecordService {
 public:
  using State = StateOf<T>;
  using Done = std::function<void(absl::StatusOr<T>)>;

  RecordService(DocumentStore* store, RecordRules<T>* rules, const Clock* clock, IdGenerator* ids)
      : store_(store), rules_(rules), clock_(clock), ids_(ids) {}

  const aip::ResourceSpec& spec() const { return rules_->spec(); }

  absl::StatusOr<T> Get(const Request& r, const std::string& name) {
    return Get(r.RulesContext(store_), name);
  }

  // Get as the request a rule hook serves reads it (e.g. a review's rules reading its
  // application as the caller may see it).
  absl::StatusOr<T> Get(const RuleContext& ctx, const std::string& name) {
    ASSIGN_OR_RETURN(std::string id, ParseName(name, "name"));
    ASSIGN_OR_RETURN(auto stored, Load(ctx.reads, id));
    if (!stored.has_value() || !rules_->CanRead(ctx, stored->entity)) return NotFound(name);
    return Answer(ctx, std::move(stored->entity));
  }

  // Get without holding the calling thread while the store reads; `done` runs exactly once, on
  // the store's thread or before GetAsync returns. The access check reads in the request's
  // stead (the request may be gone by then): its caller and call context are kept.
  void GetAsync(const Request& r, const std::string& name, Done done) {
    absl::StatusOr<std::string> id = ParseName(name, "name");
    if (!id.ok()) return done(id.status());
    store_->GetAsync(
        spec().collection, *id,
        [this, caller = r.caller(), call = r.call(), name, id = *id,
         done = std::move(done)](absl::StatusOr<std::optional<StoredDocument>> doc) mutable {
          absl::StatusOr<std::optional<Loaded>> stored = Decode(id, std::move(doc));
          if (!stored.ok()) return done(stored.status());
          const Request request(std::move(caller), std::move(call));
          const RuleContext ctx = request.RulesContext(store_);
          if (!stored->has_value() || !rules_->CanRead(ctx, (*stored)->entity)) {
            return done(NotFound(name));
          }
          done(Answer(ctx, std::move((*stored)->entity)));
        });
  }

  absl::StatusOr<ListResult<T>> List(const Request& r, const ListQuery& query) {
    const RuleContext ctx = r.RulesContext(store_);
    ASSIGN_OR_RETURN(aip::ParsedListQuery q, aip::ParseListQuery(query, spec()));
    const std::vector<aip::FilterTerm>& terms = q.terms;
    // Every indexed equality term narrows the scan in Redis (the store walks the smallest of
    // those indexes and keeps entries present in all); the other terms are checked here.
    std::vector<std::string> indexes;
    std::vector<bool> by_index(terms.size(), false);
    for (size_t i = 0; i < terms.size(); ++i) {
      const aip::FilterTerm& t = terms[i];
      if (t.op != aip::FilterTerm::Op::kEquals || !t.field->indexed) continue;
      indexes.push_back(absl::StrCat(t.field->name, "=", t.value));
      by_index[i] = true;
    }
    ListResult<T> result;
    // An equality on a unique field names at most one record: look it up, check the rest.
    for (size_t i = 0; i < terms.size(); ++i) {
      if (terms[i].op != aip::FilterTerm::Op::kEquals || !terms[i].field->unique) continue;
      ASSIGN_OR_RETURN(
          auto id, ctx.reads->FindUnique(spec().collection,
                                         absl::StrCat(terms[i].field->name, "=", terms[i].value)));
      if (!id.has_value() || q.cursor != 0) return result;
      ASSIGN_OR_RETURN(auto stored, Load(ctx.reads, *id));
      if (!stored.has_value()) return result;
      bool match = Listed(ctx, q, stored->entity);
      for (size_t j = 0; j < terms.size() && match; ++j) {
        if (j == i) continue;
        if (terms[j].field->subtree) {
          ASSIGN_OR_RETURN(std::vector<std::string> within, rules_->SubtreeValues(stored->entity));
          match = std::find(within.begin(), within.end(), terms[j].value) != within.end();
        } else {
          match = aip::Matches(stored->entity, terms[j]);
        }
      }
      if (match) result.items.push_back(std::move(stored->entity));
      RETURN_IF_ERROR(rules_->CompleteForRead(ctx, absl::MakeSpan(result.items)));
      return result;
    }
    int examined_budget = kMaxScannedPerList;
    int64_t last_seen = q.cursor;
    bool exhausted = false;
    // A page also ends once its records hold kMaxPageBytes (at least one record): records of
    // many long texts must not make a response no client or gateway takes (AIP-158 lets a page
    // hold fewer than page_size; the token continues after the last record returned).
    size_t page_bytes = 0;
    bool full = false;
    while (static_cast<int>(result.items.size()) < q.page_size && examined_budget > 0 && !full) {
      ScanRequest scan{spec().collection,
                       indexes,
                       last_seen,
                       q.descending,
                       q.page_size - static_cast<int>(result.items.size()),
                       examined_budget};
      ASSIGN_OR_RETURN(ScanPage page, store_->Scan(scan));
      examined_budget -= std::max(page.examined, 1);
      std::vector<T> entities(page.documents.size());
      for (size_t i = 0; i < page.documents.size(); ++i) {
        if (!entities[i].ParseFromString(page.documents[i].payload)) {
          return absl::DataLossError(
              absl::StrCat(spec().collection, "/", page.documents[i].id, " is corrupt"));
        }
      }
      // What the access checks of the whole page read, read together.
      RETURN_IF_ERROR(rules_->PrefetchForRead(ctx, entities));
      for (size_t i = 0; i < page.documents.size(); ++i) {
        const StoredDocument& doc = page.documents[i];
        T& entity = entities[i];
        if (!Listed(ctx, q, entity)) continue;
        bool match = true;
        for (size_t i = 0; i < terms.size() && match; ++i) {
          if (!by_index[i]) match = aip::Matches(entity, terms[i]);
        }
        if (!match) continue;
        result.items.push_back(std::move(entity));
        page_bytes += doc.payload.size();
        if (page_bytes >= kMaxPageBytes) {
          full = true;
          last_seen = doc.sequence;
          // The scan's last document and nothing after it: no next page to announce.
          exhausted = page.exhausted && &doc == &page.documents.back();
          break;
        }
      }
      if (full) break;
      last_seen = page.last_sequence;
      if (page.exhausted) {
        exhausted = true;
        break;
      }
    }
    if (!exhausted && last_seen != 0) {
      result.next_page_token = aip::EncodePageToken(last_seen, q.fingerprint);
    }
    RETURN_IF_ERROR(rules_->CompleteForRead(ctx, absl::MakeSpan(result.items)));
    return result;
  }

  // The store's change cursor: where the next pull of this (or any) collection ends
  // (libs/records/record_pull.h).
  absl::StatusOr<int64_t> Cursor() { return store_->ChangeCursor(); }

  struct PullResult {
    std::vector<T> items;
    // Where the change feed stopped: the next page's start.
    int64_t position = 0;
    bool exhausted = false;
  };

  // A page of the records changed in (since, until] (every record created up to `until` when
  // `since` is 0), in change order, each at most once and as it is now, archived ones included,
  // those the caller may read (completed, as every answer is). A record changed again after
  // `until` is left to the next pull, which has it. `position` is where the previous page
  // stopped (0 first).
  absl::StatusOr<PullResult> Pull(const Request& r, int64_t since, int64_t until, int64_t position,
                                  int limit) {
    const RuleContext ctx = r.RulesContext(store_);
    // Cursor 0 is before the first change: nothing is up to it (a store reads 0 as "now").
    if (until <= 0) return PullResult{{}, 0, true};
    ChangeScan scan;
    scan.collection = spec().collection;
    scan.since = since;
    scan.until = until;
    scan.position = position;
    scan.limit = std::max(1, limit);
    scan.max_bytes = kMaxPageBytes;
    ASSIGN_OR_RETURN(ChangePage page, store_->Changes(scan));
    std::vector<T> entities;
    entities.reserve(page.documents.size());
    for (const ChangedDocument& changed : page.documents) {
      if (changed.change_sequence > page.until) continue;
      T& entity = entities.emplace_back();
      if (!entity.ParseFromString(changed.document.payload)) {
        return absl::DataLossError(
            absl::StrCat(spec().collection, "/", changed.document.id, " is corrupt"));
      }
    }
    RETURN_IF_ERROR(rules_->PrefetchForRead(ctx, entities));
    PullResult out;
    for (T& entity : entities) {
      if (rules_->CanRead(ctx, entity)) out.items.push_back(std::move(entity));
    }
    RETURN_IF_ERROR(rules_->CompleteForRead(ctx, absl::MakeSpan(out.items)));
    out.position = page.position;
    out.exhausted = page.exhausted;
    return out;
  }

  // Of `records` (read by a use case, e.g. a pull's related records), those the caller may
  // read, completed as every answer is; their access checks read together.
  absl::StatusOr<std::vector<T>> Readable(const Request& r, std::vector<T> records) {
    const RuleContext ctx = r.RulesContext(store_);
    RETURN_IF_ERROR(rules_->PrefetchForRead(ctx, records));
    std::vector<T> out;
    for (T& record : records) {
      if (rules_->CanRead(ctx, record)) out.push_back(std::move(record));
    }
    RETURN_IF_ERROR(rules_->CompleteForRead(ctx, absl::MakeSpan(out)));
    return out;
  }

  // `request_id` is AIP-155's (a retried create returns the first one's record); the outbox
  // event carries the served request's correlation id (the request_id when it has none).
  // A plan that changes another record at the version it read (an activity moving its
  // campaign's totals) is refused when that record changed first: it is planned again on fresh
  // reads, as an update is (a new id is generated each time when none was given; the refused
  // write wrote nothing).
  absl::StatusOr<T> Create(const Request& r, T entity, const std::string& requested_id,
                           const std::string& request_id) {
    Backoff backoff({.initial = absl::Milliseconds(1), .max = absl::Milliseconds(20)});
    for (int attempt = 1;; ++attempt) {
      ASSIGN_OR_RETURN(PlannedCreate prepared, PlanCreate(r, entity, requested_id, request_id));
      absl::StatusOr<WriteOutcome> out = r.reads(store_)->Write(prepared.plan);
      if (out.ok() || out.status().code() != absl::StatusCode::kAborted ||
          attempt >= kMaxWriteAttempts) {
        ASSIGN_OR_RETURN(T created, FinishCreate(r, std::move(prepared.entity), std::move(out)));
        return Answer(r.RulesContext(store_), std::move(created));
      }
      absl::SleepFor(backoff.Next());
      r.ForgetReads(store_);
    }
  }

  // One item of CreateMany: the record, its id (generated when empty), its AIP-155 request id.
  struct NewRecord {
    T entity;
    std::string id;
    std::string request_id;
  };
  // What CreateMany did with one item, in the request's order.
  struct CreateOutcome {
    enum class Result { kCreated, kAlreadyPresent, kRefused };
    Result result = Result::kRefused;
    // The record as created, or as stored when already present and the caller may read it.
    std::optional<T> record;
    // The item's resource name, when it has one (an id given or generated).
    std::string name;
    // Why it was refused: the status a Create of the item alone would have answered.
    absl::Status reason;
  };

  // Creates many records (a registry import, the demo data), each checked and authorized as
  // Create checks it, with an outcome per item: created; already present (an item whose id
  // exists: nothing is written, so a retried batch with ids creates nothing twice); or refused,
  // with the reason. Items are written in chunks of kMaxCreatesPerPlan, one write plan each;
  // items a plan cannot share (a bounded counter, a request id, a unique value another item
  // claims) and the items of a chunk its store refused are written one by one, so one item's
  // refusal never refuses another.
  std::vector<CreateOutcome> CreateMany(const Request& r, std::vector<NewRecord> items) {
    std::vector<CreateOutcome> out(items.size());
    for (size_t start = 0; start < items.size(); start += kMaxCreatesPerPlan) {
      const size_t end = std::min(items.size(), start + kMaxCreatesPerPlan);
      CreateChunk(r, items, start, end, &out);
    }
    // What the records show beside their documents, read for all of them together.
    std::vector<T> answered;
    for (const CreateOutcome& o : out) {
      if (o.record.has_value()) answered.push_back(*o.record);
    }
    const absl::Status completed =
        rules_->CompleteForRead(r.RulesContext(store_), absl::MakeSpan(answered));
    for (size_t i = 0, next = 0; i < out.size(); ++i) {
      if (!out[i].record.has_value()) continue;
      if (completed.ok()) {
        out[i].record = std::move(answered[next++]);
      } else if (out[i].result == CreateOutcome::Result::kAlreadyPresent) {
        // Present, but not readable as a whole now: its create is answered with the reason.
        out[i].result = CreateOutcome::Result::kRefused;
        out[i].record.reset();
        out[i].reason = completed;
      }
    }
    return out;
  }

  // Create with the write handed to the store without holding the calling thread where the
  // store can (concurrent creates then share a round trip and an fsync). Checks and reference
  // reads run before CreateAsync returns; `done` runs exactly once, on the store's thread or
  // before CreateAsync returns.
  void CreateAsync(const Request& r, T entity, const std::string& requested_id,
                   const std::string& request_id, Done done) {
    absl::StatusOr<PlannedCreate> prepared =
        PlanCreate(r, std::move(entity), requested_id, request_id);
    if (!prepared.ok()) return done(prepared.status());
    WritePlan plan = std::move(prepared->plan);
    store_->WriteAsync(
        std::move(plan),
        [this, caller = r.caller(), call = r.call(), entity = std::move(prepared->entity),
         done = std::move(done)](absl::StatusOr<WriteOutcome> out) mutable {
          const Request request(std::move(caller), std::move(call));
          absl::StatusOr<T> created = FinishCreate(request, std::move(entity), std::move(out));
          if (!created.ok()) return done(created.status());
          done(Answer(request.RulesContext(store_), *std::move(created)));
        });
  }

  // AIP-134: the fields in `mask` (every populated field when empty) copied from `patch`. An
  // update never changes the state to or from archived: that is Delete's, and transitions'.
  // The outbox event carries the request's correlation id.
  absl::StatusOr<T> Update(const Request& r, const T& patch,
                           const google::protobuf::FieldMask& mask) {
    const std::string field = absl::StrCat(spec().singular, ".name");
    ASSIGN_OR_RETURN(std::string id, ParseName(patch.name(), field));
    const std::optional<State> archived = rules_->states().archived;
    Step update{
        "updated", [&](const ChangeContext<T>& ctx) { return rules_->Authorize(ctx, *ctx.before); },
        [&](const ChangeContext<T>& ctx, T& after) -> absl::Status {
          const T& before = *ctx.before;
          if (archived.has_value() && before.state() == *archived) {
            // The record's state, not the request, refuses it.
            return absl::FailedPreconditionError(absl::StrCat(
                before.name(), " is archived; an archived record is not changed or restored"));
          }
          RETURN_IF_ERROR(aip::ApplyUpdate(patch, mask, spec(), &after));
          if (after.state() == archived) {
            return InvalidArgumentError(
                {{absl::StrCat(spec().singular, ".state"), "records are archived with Delete"}});
          }
          rules_->OnUpdate(ctx, &after, clock_->Now());
          return absl::OkStatus();
        },
        [&](const ChangeContext<T>& ctx, const T& after) { return rules_->Authorize(ctx, after); },
        nullptr};
    update.change_kind = Change::kUpdate;
    return Mutate(r, id, patch.etag(), update);
  }

  // AIP-164 soft delete: the record moves to the archived state. Deleting an archived record
  // answers with it unchanged.
  absl::StatusOr<T> Delete(const Request& r, const std::string& name, const std::string& etag) {
    Transition<T> archive;
    archive.event = "archived";
    if (!rules_->states().archived.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(spec().collection, " are never deleted"));
    }
    archive.to = rules_->states().archived;
    archive.repeat_is_noop = true;
    return ApplyTransition(r, name, etag, archive, Change::kArchive);
  }

  // A custom method: `transition` applied to the named record, through the same checks and write
  // path as an update, with the transition's authorization instead of the update's.
  absl::StatusOr<T> Apply(const Request& r, const std::string& name, const std::string& etag,
                          const Transition<T>& transition) {
    if (!transition.authorize) {
      return absl::InternalError(
          absl::StrCat("transition ", transition.event, " has no authorization rule"));
    }
    return ApplyTransition(r, name, etag, transition, Change::kTransition);
  }

  // Who wrote a record's fields: a client (output-only fields are cleared) or this service.
  enum class Origin { kClient, kServer };

  struct PlannedCreate {
    T entity;
    WritePlan plan;
  };

  // A create of a record this service made from a request (its output-only fields kept), e.g.
  // the submission that monitoring's first figures for a period make.
  absl::StatusOr<T> CreateMade(const Request& r, T entity, const std::string& requested_id,
                               const std::string& request_id) {
    ASSIGN_OR_RETURN(PlannedCreate prepared,
                     PlanCreate(r, std::move(entity), requested_id, request_id, Origin::kServer));
    ASSIGN_OR_RETURN(T created, FinishCreate(r, std::move(prepared.entity),
                                             r.reads(store_)->Write(prepared.plan)));
    return Answer(r.RulesContext(store_), std::move(created));
  }

  // Everything a create decides before it writes: id, defaults, validation, references,
  // authorization, and the write plan, for a use case that writes it together with other
  // changes in one plan (MergePlan). A kServer record keeps its output-only fields: this service
  // made it (a grant agreement made by an award).
  absl::StatusOr<PlannedCreate> PlanCreate(const Request& r, T entity,
                                           const std::string& requested_id,
                                           const std::string& request_id,
                                           Origin origin = Origin::kClient) {
    const Principal& p = r.caller();
    if (p.anonymous()) {
      return absl::UnauthenticatedError(
          absl::StrCat("creating ", spec().collection, " needs a bearer token"));
    }
    // The request as the client sent it: a retry with the same request id must repeat it.
    const std::string fingerprint =
        request_id.empty() ? ""
                           : RequestFingerprint({spec().collection, "create", requested_id,
                                                 DeterministicBytes(entity)});
    Violations v;
    std::string id = requested_id;
    if (!id.empty() && !IsValidResourceId(id)) {
      v.Add(absl::StrCat(spec().singular, "_id"),
            "must match [a-z0-9][a-z0-9-]{0,62} (lower-case letters, digits, hyphens)");
    }
    if (request_id.size() > 128) v.Add("request_id", "must be at most 128 bytes");
    if (id.empty()) id = ids_->NewId();
    entity.set_name(absl::StrCat(spec().collection, "/", id));
    if (origin == Origin::kClient) ClearOutputOnly(&entity);
    const StateModel<T>& states = rules_->states();
    if (static_cast<int>(entity.state()) == 0) entity.set_state(states.initial);
    if (std::find(states.creatable.begin(), states.creatable.end(), entity.state()) ==
        states.creatable.end()) {
      v.Add(absl::StrCat(spec().singular, ".state"),
            entity.state() == states.archived
                ? std::string("a record cannot be created archived")
                : absl::StrCat("a record is created ", StatesText(states.creatable)));
    }
    // Field checks and reference checks together, so a client fixes every field in one round.
    rules_->Validate(nullptr, entity, &v);
    const ChangeContext<T> ctx{r.RulesContext(store_), Change::kCreate, nullptr};
    std::vector<Reference> references;
    RETURN_IF_ERROR(rules_->LoadReferences(ctx, &entity, &v, &references));
    RETURN_IF_ERROR(v.ToStatus());
    RETURN_IF_ERROR(rules_->Authorize(ctx, entity));
    *entity.mutable_create_time() = Now();
    *entity.mutable_update_time() = entity.create_time();
    entity.set_etag("1");

    PlannedCreate out;
    WritePlan& plan = out.plan;
    DocumentChange& doc = plan.documents.emplace_back();
    doc.kind = DocumentChange::Kind::kCreate;
    doc.collection = spec().collection;
    doc.id = id;
    doc.payload = entity.SerializeAsString();
    doc.state = StateName<T>(entity.state());
    ASSIGN_OR_RETURN(doc.index_add, Indexes(entity));
    doc.unique_claim = rules_->UniqueValues(entity);
    doc.event_type = absl::StrCat(spec().event_prefix, ".created");
    doc.resource_name = entity.name();
    plan.references = std::move(references);
    if (!request_id.empty()) {
      plan.idempotency_key = absl::StrCat(p.subject, "/", request_id);
      plan.idempotency_fingerprint = fingerprint;
    }
    plan.correlation_id = r.correlation_id().empty() ? request_id : r.correlation_id();
    plan.actor = p.subject;
    RETURN_IF_ERROR(rules_->ExtendPlan(ctx, entity, &plan));
    out.entity = std::move(entity);
    return out;
  }

  // The document change that moves `before` (read at `version`) to `*after`, for a use case
  // whose plan also changes this record: sets the etag and update time, and carries the index
  // and unique-value changes and the event `<prefix>.<event>`.
  absl::StatusOr<DocumentChange> PlanUpdate(const T& before, int64_t version, T* after,
                                            const std::string& event) {
    after->set_etag(std::to_string(version + 1));
    *after->mutable_update_time() = Now();
    DocumentChange doc;
    doc.kind = DocumentChange::Kind::kUpdate;
    doc.collection = spec().collection;
    doc.id = aip::IdOf(before.name(), spec().collection);
    doc.expected_version = version;
    doc.payload = after->SerializeAsString();
    doc.state = StateName<T>(after->state());
    ASSIGN_OR_RETURN(std::vector<std::string> old_indexes, Indexes(before));
    ASSIGN_OR_RETURN(std::vector<std::string> new_indexes, Indexes(*after));
    Diff(old_indexes, new_indexes, &doc.index_remove, &doc.index_add);
    Diff(rules_->UniqueValues(before), rules_->UniqueValues(*after), &doc.unique_release,
         &doc.unique_claim);
    doc.event_type = absl::StrCat(spec().event_prefix, ".", event);
    doc.resource_name = before.name();
    return doc;
  }

 private:
  struct Loaded {
    T entity;
    int64_t version;
  };

  // CreateMany's items [start, end): those with ids already stored are present (one read), the
  // rest are planned; plans that can share a write go in one, the others alone. An item refused
  // while others wait to be written is planned again once they are (it may refer to one of them:
  // a territory to its parent in the same batch).
  void CreateChunk(const Request& r, std::vector<NewRecord>& items, size_t start, size_t end,
                   std::vector<CreateOutcome>* out) {
    using Result = typename CreateOutcome::Result;
    std::vector<std::string> given;
    for (size_t i = start; i < end; ++i) {
      if (IsValidResourceId(items[i].id)) given.push_back(items[i].id);
    }
    DocumentStore* reads = r.reads(store_);
    const RuleContext ctx = r.RulesContext(store_);
    if (!given.empty()) {
      absl::StatusOr<std::vector<std::optional<StoredDocument>>> present =
          reads->GetMany(spec().collection, given);
      if (!present.ok()) {
        for (size_t i = start; i < end; ++i) (*out)[i].reason = present.status();
        return;
      }
    }
    struct Planned {
      size_t item;
      PlannedCreate created;
    };
    std::vector<Planned> shared;
    std::set<std::string> claimed;
    // Writes one plan alone and records its outcome.
    auto write_alone = [&](Planned& p) {
      CreateOutcome& o = (*out)[p.item];
      const DocumentChange doc = p.created.plan.documents[0];
      absl::StatusOr<T> created =
          FinishCreate(r, std::move(p.created.entity), reads->Write(p.created.plan));
      if (created.status().code() == absl::StatusCode::kAborted) {
        // A record the plan read changed since (a versioned reference): read again, once.
        r.ForgetReads(store_);
        const NewRecord& item = items[p.item];
        absl::StatusOr<PlannedCreate> again = PlanCreate(r, item.entity, item.id, item.request_id);
        created = again.ok() ? FinishCreate(r, std::move(again->entity), reads->Write(again->plan))
                             : absl::StatusOr<T>(again.status());
      }
      if (created.ok()) {
        o.result = Result::kCreated;
        o.record = *std::move(created);
        // An AIP-155 replay answers with the record the first request made, under its name.
        o.name = o.record->name();
        return;
      }
      if (created.status() == refusal::AlreadyExists(doc)) {
        // Made meanwhile (an earlier item with the same id, another batch): present to a caller
        // who may read it; to anyone else, ALREADY_EXISTS, as its own create answers.
        absl::StatusOr<std::optional<Loaded>> stored =
            Decode(doc.id, reads->Get(spec().collection, doc.id));
        if (stored.ok() && stored->has_value() && rules_->CanRead(ctx, (*stored)->entity)) {
          o.result = Result::kAlreadyPresent;
          o.record = std::move((*stored)->entity);
          return;
        }
      }
      o.reason = created.status();
    };
    // Writes what waits to be shared: in one plan, or, when the store refuses it, one by one
    // (which item it refused is that item's own answer).
    auto flush = [&] {
      if (shared.size() > 1) {
        WritePlan plan;
        plan.actor = shared[0].created.plan.actor;
        plan.correlation_id = shared[0].created.plan.correlation_id;
        for (const Planned& p : shared) MergePlan(p.created.plan, &plan);
        if (reads->Write(plan).ok()) {
          for (Planned& p : shared) {
            (*out)[p.item].result = Result::kCreated;
            (*out)[p.item].record = std::move(p.created.entity);
          }
          shared.clear();
        }
      }
      for (Planned& p : shared) write_alone(p);
      shared.clear();
      claimed.clear();
    };
    for (size_t i = start; i < end; ++i) {
      CreateOutcome& o = (*out)[i];
      if (IsValidResourceId(items[i].id)) {
        o.name = absl::StrCat(spec().collection, "/", items[i].id);
        absl::StatusOr<std::optional<Loaded>> stored =
            Decode(items[i].id, reads->Get(spec().collection, items[i].id));
        if (!stored.ok()) {
          o.reason = stored.status();
          continue;
        }
        // Present, to a caller who may see it; anyone else learns of it only as its own create
        // would (refused first by who may create, else ALREADY_EXISTS when it writes).
        if (stored->has_value() && rules_->CanRead(ctx, (*stored)->entity)) {
          o.result = Result::kAlreadyPresent;
          o.record = std::move((*stored)->entity);
          continue;
        }
      }
      absl::StatusOr<PlannedCreate> planned =
          PlanCreate(r, items[i].entity, items[i].id, items[i].request_id);
      if (!planned.ok() && !shared.empty()) {
        flush();
        planned = PlanCreate(r, items[i].entity, items[i].id, items[i].request_id);
      }
      if (!planned.ok()) {
        o.reason = planned.status();
        continue;
      }
      o.name = planned->entity.name();
      bool can_share = planned->plan.counters.empty() && planned->plan.idempotency_key.empty() &&
                       planned->plan.documents.size() == 1;
      for (const std::string& value : planned->plan.documents[0].unique_claim) {
        if (claimed.contains(value)) can_share = false;
      }
      Planned p{i, *std::move(planned)};
      if (!can_share) {
        // In order: what waits is written first (this item may refer to it).
        flush();
        write_alone(p);
        continue;
      }
      for (const std::string& value : p.created.plan.documents[0].unique_claim) {
        claimed.insert(value);
      }
      shared.push_back(std::move(p));
    }
    flush();
  }

  // One read-modify-write: who may start it, what it changes, who may make that change, and its
  // own checks besides the resource's.
  struct Step {
    std::string event;
    std::function<absl::Status(const ChangeContext<T>& ctx)> authorize_start;
    std::function<absl::Status(const ChangeContext<T>& ctx, T& after)> change;
    std::function<absl::Status(const ChangeContext<T>& ctx, const T& after)> authorize_result;
    std::function<void(const T& before, const T& after, Violations*)> validate;
    std::function<absl::Status(const T& before, const T& after, WritePlan* plan)> extend = {};
    // When the record is already in this state, the step answers with it unchanged.
    const State* noop_in = nullptr;
    // When the change leaves the record byte for byte as it was, the step answers with it
    // unwritten.
    bool unchanged_is_noop = false;
    // Who may find the record for this step besides its readers (Transition::visible_to).
    std::function<bool(const Principal&, const T& before)> visible_to = {};
    int max_attempts = kMaxWriteAttempts;
    Change change_kind = Change::kUpdate;
  };

  // The record a create answers with: the one written, or the one an earlier create with the
  // same request id made.
  absl::StatusOr<T> FinishCreate(const Request& r, T entity, absl::StatusOr<WriteOutcome> out) {
    if (!out.ok()) return out.status();
    if (out->replayed) {
      ASSIGN_OR_RETURN(auto stored, Load(r.reads(store_), out->id));
      if (!stored.has_value()) return NotFound(absl::StrCat(spec().collection, "/", out->id));
      return std::move(stored->entity);
    }
    return entity;
  }

  // `transition` as a step of Mutate: its checks, its effect, its plan. An archive (Delete) is
  // authorized by the resource's rules, any other transition by its own rule.
  absl::StatusOr<T> ApplyTransition(const Request& r, const std::string& name,
                                    const std::string& etag, const Transition<T>& transition,
                                    Change kind) {
    ASSIGN_OR_RETURN(std::string id, ParseName(name, "name"));
    Step step{
        transition.event,
        [&](const ChangeContext<T>& ctx) {
          if (kind == Change::kArchive) return rules_->Authorize(ctx, *ctx.before);
          return transition.authorize(ctx.caller, *ctx.before);
        },
        [&](const ChangeContext<T>& ctx, T& after) -> absl::Status {
          const T& before = *ctx.before;
          if (!transition.from.empty() && std::find(transition.from.begin(), transition.from.end(),
                                                    before.state()) == transition.from.end()) {
            return absl::FailedPreconditionError(absl::StrCat(
                before.name(), " is ", StateName<T>(before.state()), "; ", spec().event_prefix, ".",
                transition.event, " needs it to be ", StatesText(transition.from)));
          }
          if (transition.prepare) RETURN_IF_ERROR(transition.prepare(before));
          if (transition.effect) RETURN_IF_ERROR(transition.effect(after));
          if (transition.to.has_value()) after.set_state(*transition.to);
          return absl::OkStatus();
        },
        nullptr,
        [&](const T& before, const T& after, Violations* v) {
          if (transition.validate) transition.validate(before, after, v);
        }};
    step.extend = transition.extend;
    step.visible_to = transition.visible_to;
    step.change_kind = kind;
    if (transition.repeat_is_noop && transition.to.has_value()) step.noop_in = &*transition.to;
    if (transition.max_attempts > 0) step.max_attempts = transition.max_attempts;
    step.unchanged_is_noop = transition.unchanged_is_noop;
    return Mutate(r, id, etag, step);
  }

  absl::StatusOr<T> Mutate(const Request& r, const std::string& id, const std::string& etag,
                           const Step& step) {
    const Principal& p = r.caller();
    if (p.anonymous()) {
      return absl::UnauthenticatedError(
          absl::StrCat("changing ", spec().collection, " needs a bearer token"));
    }
    const std::string name = absl::StrCat(spec().collection, "/", id);
    const RuleContext request = r.RulesContext(store_);
    // Writers that lost a race to the same record spread out before reading it again.
    Backoff backoff({.initial = absl::Milliseconds(1), .max = absl::Milliseconds(20)});
    for (int attempt = 1;; ++attempt) {
      if (attempt > 1) {
        absl::SleepFor(backoff.Next());
        // The record, or one the plan read, changed: every read of the request is stale.
        r.ForgetReads(store_);
      }
      ASSIGN_OR_RETURN(auto stored, Load(request.reads, id));
      // A background job of this service sees its records (what it may change is the step's
      // own authorization).
      if (!stored.has_value() || (!p.background_job && !rules_->CanRead(request, stored->entity) &&
                                  !(step.visible_to && step.visible_to(p, stored->entity)))) {
        return NotFound(name);
      }
      const T& before = stored->entity;
      const ChangeContext<T> ctx{request, step.change_kind, &before};
      // Figures shown beside the document (DerivedEtag) are no client's to write: If-Match
      // checks the document's own etag.
      if (!etag.empty() && StoredEtag(etag) != before.etag()) {
        return absl::AbortedError(absl::StrCat(name, " has changed since etag ", etag,
                                               " was read; read it again and retry"));
      }
      // May the caller change this record at all? Asked before looking at the request, so
      // another organisation's record is 403 whatever the request holds.
      RETURN_IF_ERROR(step.authorize_start(ctx));
      if (step.noop_in != nullptr && before.state() == *step.noop_in) {
        return Answer(request, before);
      }
      T after = before;
      RETURN_IF_ERROR(step.change(ctx, after));
      if (step.unchanged_is_noop && after.SerializeAsString() == before.SerializeAsString()) {
        return Answer(request, before);
      }
      Violations v;
      rules_->Validate(&before, after, &v);
      if (step.validate) step.validate(before, after, &v);
      std::vector<Reference> references;
      RETURN_IF_ERROR(rules_->LoadReferences(ctx, &after, &v, &references));
      RETURN_IF_ERROR(v.ToStatus());
      if (step.authorize_result) RETURN_IF_ERROR(step.authorize_result(ctx, after));
      WritePlan plan;
      ASSIGN_OR_RETURN(plan.documents.emplace_back(),
                       PlanUpdate(before, stored->version, &after, step.event));
      plan.references = std::move(references);
      plan.actor = p.subject;
      plan.correlation_id = r.correlation_id();
      RETURN_IF_ERROR(rules_->ExtendPlan(ctx, after, &plan));
      if (step.extend) RETURN_IF_ERROR(step.extend(before, after, &plan));
      auto out = request.reads->Write(plan);
      if (out.ok() && out->replayed) {
        // An earlier request with the same idempotency key wrote it: answer with what is stored.
        ASSIGN_OR_RETURN(auto current, Load(request.reads, id));
        if (!current.has_value()) return NotFound(name);
        return Answer(request, std::move(current->entity));
      }
      if (out.ok()) return Answer(request, std::move(after));
      // Another write got in first (to this record, or to one the plan read). Re-read and retry:
      // the caller's etag, when given, is checked again against the record as it now is.
      if (out.status().code() != absl::StatusCode::kAborted || attempt >= step.max_attempts) {
        return out.status();
      }
    }
  }

  // `record` as a method answers with it: with what it shows beside its document.
  absl::StatusOr<T> Answer(const RuleContext& ctx, T record) const {
    RETURN_IF_ERROR(rules_->CompleteForRead(ctx, absl::MakeSpan(&record, 1)));
    return record;
  }

  // A record List returns: readable, and archived only when asked for.
  bool Listed(const RuleContext& ctx, const aip::ParsedListQuery& q, const T& entity) const {
    return (q.show_archived || entity.state() != rules_->states().archived) &&
           rules_->CanRead(ctx, entity);
  }

  static std::string StatesText(const std::vector<State>& states) {
    std::string out;
    for (size_t i = 0; i < states.size(); ++i) {
      if (i > 0) out += i + 1 == states.size() ? " or " : ", ";
      out += StateName<T>(states[i]);
    }
    return out;
  }

  static void Diff(std::vector<std::string> before, std::vector<std::string> after,
                   std::vector<std::string>* removed, std::vector<std::string>* added) {
    std::set<std::string> b(before.begin(), before.end()), a(after.begin(), after.end());
    for (const auto& x : b) {
      if (!a.contains(x)) removed->push_back(x);
    }
    for (const auto& x : a) {
      if (!b.contains(x)) added->push_back(x);
    }
  }

  absl::StatusOr<std::vector<std::string>> Indexes(const T& entity) {
    std::set<std::string> out;
    for (const aip::FilterField& f : spec().filter_fields) {
      if (!f.indexed) continue;
      std::vector<std::string> values;
      if (f.subtree) {
        ASSIGN_OR_RETURN(values, rules_->SubtreeValues(entity));
      } else {
        values = aip::FieldValues(entity, f.proto_field);
      }
      for (const auto& value : values) out.insert(absl::StrCat(f.name, "=", value));
    }
    return std::vector<std::string>(out.begin(), out.end());
  }

  void ClearOutputOnly(T* entity) const {
    const auto* desc = entity->GetDescriptor();
    for (const std::string& f : spec().output_only) {
      if (f == "name") continue;
      if (const auto* fd = desc->FindFieldByName(f); fd != nullptr) {
        entity->GetReflection()->ClearField(entity, fd);
      }
    }
  }

  absl::StatusOr<std::string> ParseName(const std::string& name, const std::string& field) const {
    std::string id = aip::IdOf(name, spec().collection);
    if (id.empty()) {
      return InvalidArgumentError(
          {{field, absl::StrCat("must be a resource name ", spec().collection, "/{id}")}});
    }
    return id;
  }

  absl::StatusOr<std::optional<Loaded>> Load(DocumentStore* reads, const std::string& id) {
    return Decode(id, reads->Get(spec().collection, id));
  }

  absl::StatusOr<std::optional<Loaded>> Decode(
      const std::string& id, absl::StatusOr<std::optional<StoredDocument>> doc) const {
    if (!doc.ok()) return doc.status();
    if (!doc->has_value()) return std::nullopt;
    Loaded out;
    if (!out.entity.ParseFromString((*doc)->payload)) {
      return absl::DataLossError(absl::StrCat(spec().collection, "/", id, " is corrupt"));
    }
    out.version = (*doc)->version;
    return out;
  }

  absl::Status NotFound(const std::string& name) const {
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  }

  google::protobuf::Timestamp Now() const {
    return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
        absl::ToUnixNanos(clock_->Now()));
  }

  DocumentStore* const store_;
  RecordRules<T>* const rules_;
  const Clock* const clock_;
  IdGenerator* const ids_;
};

}  // namespace civitas::records
