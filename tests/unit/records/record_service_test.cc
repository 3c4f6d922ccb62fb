// RecordService over the in-memory store with rules written here: the lifecycle as a library,
// knowing no service. The registry's Network message serves as a sample resource; its state enum
// is mapped by the test's own StateModel.
#include "libs/records/record_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/resource_spec.h"
#include "libs/records/read_record.h"
#include "libs/records/record_pull.h"
#include "libs/store/in_memory_document_store.h"
#include "libs/testing/counting_document_store.h"

namespace civitas::records {
namespace {

using Sample = registry::v1::Network;
namespace v1 = registry::v1;
using ::testing::HasSubstr;

const aip::ResourceSpec& SampleSpec() {
  // A collection of its own, so the test reads as the generic code it checks.
  static const aip::ResourceSpec* const kSpec = [] {
    auto* spec = new aip::ResourceSpec(
        aip::MakeResourceSpec(Sample::descriptor(), {{"state", "state", true, false}}));
    spec->collection = "samples";
    spec->singular = spec->event_prefix = "sample";
    return spec;
  }();
  return *kSpec;
}

// Anyone with a subject may create and update; only "owner" may archive; drafts are readable
// by their creator only (the test's subject "owner").
class SampleRules final : public RecordRules<Sample> {
 public:
  const aip::ResourceSpec& spec() const override { return SampleSpec(); }
  const StateModel<Sample>& states() const override {
    static const StateModel<Sample> kStates{v1::DRAFT, {v1::DRAFT, v1::ACTIVE}, v1::ARCHIVED};
    return kStates;
  }
  bool CanRead(const RuleContext& ctx, const Sample& s) const override {
    return s.state() != v1::DRAFT || ctx.caller.subject == "owner";
  }
  absl::Status Authorize(const ChangeContext<Sample>& ctx, const Sample&) const override {
    changes_seen.push_back(ctx.change);
    if (ctx.change == Change::kArchive && ctx.caller.subject != "owner") {
      return absl::PermissionDeniedError("only the owner archives");
    }
    return absl::OkStatus();
  }
  void Validate(const Sample* before, const Sample& after, Violations* v) const override {
    ++validations;
    if (after.display_name().empty()) v->Add("sample.display_name", "is required");
    if (before != nullptr) last_before_state = before->state();
  }
  absl::Status LoadReferences(const ChangeContext<Sample>& ctx, Sample*, Violations*,
                              std::vector<Reference>* refs) override {
    correlation_ids_seen.push_back(ctx.call.correlation_id);
    *refs = references;
    return absl::OkStatus();
  }
  // With `live_limit` set, live (non-archived) samples are counted in the bounded counter
  // `samples/live`: the write plan refuses the one too many.
  absl::Status ExtendPlan(const ChangeContext<Sample>& ctx, const Sample& after,
                          WritePlan* plan) override {
    if (live_limit == 0) return absl::OkStatus();
    const Sample* before = ctx.before;
    const bool was_live = before != nullptr && before->state() != v1::ARCHIVED;
    const bool is_live = after.state() != v1::ARCHIVED;
    if (was_live != is_live) {
      // Without `what`: a refusal names the counter itself.
      CounterChange live;
      live.name = "samples/live";
      live.delta = is_live ? 1 : -1;
      live.max = live_limit;
      plan->counters.push_back(std::move(live));
    }
    return absl::OkStatus();
  }

  // With `shows_figure` set, a sample shows the total `figure` of `shown/<name>` (kept beside
  // its document) as its description "figure".
  absl::Status CompleteForRead(const RuleContext& ctx, absl::Span<Sample> samples) const override {
    if (!shows_figure) return absl::OkStatus();
    ++completions;
    std::vector<std::string> keys;
    for (const Sample& s : samples) keys.push_back("shown/" + s.name());
    ASSIGN_OR_RETURN(std::vector<Totals> totals, ctx.reads->GetTotals(keys));
    for (size_t i = 0; i < samples.size(); ++i) {
      const std::string figure = std::to_string(totals[i]["figure"]);
      (*samples[i].mutable_description())["figure"] = figure;
      samples[i].set_etag(DerivedEtag(StoredEtag(samples[i].etag()), figure));
    }
    return absl::OkStatus();
  }

  std::vector<Reference> references;
  bool shows_figure = false;
  mutable int completions = 0;
  int64_t live_limit = 0;
  mutable int validations = 0;
  // What Authorize was asked, and the request ids LoadReferences saw, in order.
  mutable std::vector<Change> changes_seen;
  std::vector<std::string> correlation_ids_seen;
  mutable v1::RecordState last_before_state = v1::RECORD_STATE_UNSPECIFIED;
};

Principal User(const std::string& subject) {
  Principal p;
  p.subject = subject;
  return p;
}

class RecordServiceTest : public ::testing::Test {
 protected:
  Sample Make(const std::string& title, v1::RecordState state = v1::RECORD_STATE_UNSPECIFIED) {
    Sample s;
    (*s.mutable_display_name())["en"] = title;
    s.set_state(state);
    return s;
  }
  Sample Created(v1::RecordState state = v1::ACTIVE) {
    auto out = service_.Create(records::Request(User("owner")), Make("first", state), "s1", "");
    EXPECT_TRUE(out.ok()) << out.status();
    return out.value_or(Sample());
  }
  // Publishing: DRAFT -> ACTIVE, by the owner only, stamping a description.
  Transition<Sample> Publish() {
    Transition<Sample> t;
    t.event = "published";
    t.from = {v1::DRAFT};
    t.to = v1::ACTIVE;
    t.authorize = [](const Principal& p, const Sample&) {
      return p.subject == "owner" ? absl::OkStatus()
                                  : absl::PermissionDeniedError("only the owner publishes");
    };
    t.effect = [](Sample& s) {
      (*s.mutable_description())["en"] = "published";
      return absl::OkStatus();
    };
    return t;
  }

  InMemoryDocumentStore store_;
  SampleRules rules_;
  FakeClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  SequentialIdGenerator ids_{"id"};
  RecordService<Sample> service_{&store_, &rules_, &clock_, &ids_};
};

TEST_F(RecordServiceTest, CreateUsesTheInitialStateAndStoresItBesideTheDocument) {
  auto created = service_.Create(records::Request(User("owner")), Make("first"), "s1", "req-1");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->state(), v1::DRAFT);
  EXPECT_EQ(created->etag(), "1");
  auto doc = store_.Get("samples", "s1");
  ASSERT_TRUE(doc.ok() && doc->has_value());
  EXPECT_EQ((*doc)->state, "DRAFT");
  ASSERT_EQ(store_.events().size(), 1u);
  EXPECT_EQ(store_.events()[0].type, "sample.created");
  EXPECT_EQ(store_.events()[0].correlation_id, "req-1");
}

TEST_F(RecordServiceTest, StateIndexFindsTheRecordsInAState) {
  EXPECT_EQ(StateIndex<Sample>(v1::ACTIVE), "state=ACTIVE");
  ASSERT_TRUE(
      service_.Create(records::Request(User("owner")), Make("a", v1::ACTIVE), "s1", "").ok());
  ASSERT_TRUE(
      service_.Create(records::Request(User("owner")), Make("b", v1::DRAFT), "s2", "").ok());
  ASSERT_TRUE(
      service_.Create(records::Request(User("owner")), Make("c", v1::ACTIVE), "s3", "").ok());
  auto active = ScanAll<Sample>(&store_, "samples", {StateIndex<Sample>(v1::ACTIVE)});
  ASSERT_TRUE(active.ok()) << active.status();
  ASSERT_EQ(active->size(), 2u);
  EXPECT_EQ((*active)[0].name(), "samples/s1");
  EXPECT_EQ((*active)[1].name(), "samples/s3");
}

TEST_F(RecordServiceTest, CreateRefusesStatesTheModelDoesNotCreate) {
  auto archived = service_.Create(records::Request(User("owner")), Make("x", v1::ARCHIVED), "", "");
  EXPECT_EQ(archived.status().code(), absl::StatusCode::kInvalidArgument);
  auto suspended =
      service_.Create(records::Request(User("owner")), Make("x", v1::SUSPENDED), "", "");
  EXPECT_EQ(suspended.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(suspended.status().message()), HasSubstr("DRAFT or ACTIVE"));
  EXPECT_TRUE(store_.events().empty());
}

TEST_F(RecordServiceTest, TransitionMovesFromItsStatesWithItsEffect) {
  Created(v1::DRAFT);
  auto published = service_.Apply(records::Request(User("owner")), "samples/s1", "", Publish());
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->state(), v1::ACTIVE);
  EXPECT_EQ(published->description().at("en"), "published");
  EXPECT_EQ(published->etag(), "2");
  EXPECT_EQ(rules_.last_before_state, v1::DRAFT);  // validated knowing the record as it was
  EXPECT_EQ(store_.events().back().type, "sample.published");
  EXPECT_EQ((*store_.Get("samples", "s1"))->state, "ACTIVE");
}

TEST_F(RecordServiceTest, TransitionFromAnotherStateIsFailedPreconditionNamingIt) {
  Created(v1::ACTIVE);
  auto again = service_.Apply(records::Request(User("owner")), "samples/s1", "", Publish());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(again.status().message()), HasSubstr("is ACTIVE"));
  EXPECT_THAT(std::string(again.status().message()), HasSubstr("DRAFT"));
  EXPECT_EQ((*store_.Get("samples", "s1"))->version, 1);
}

TEST_F(RecordServiceTest, TransitionUsesItsOwnAuthorizationRule) {
  Created(v1::DRAFT);
  rules_.validations = 0;
  // "owner" reads the draft, but "someone" cannot even see it: NOT_FOUND, nothing validated.
  EXPECT_EQ(service_.Apply(records::Request(User("someone")), "samples/s1", "", Publish())
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  // A transition whose rule refuses a reader who could update: PERMISSION_DENIED.
  Transition<Sample> refuse = Publish();
  refuse.authorize = [](const Principal&, const Sample&) {
    return absl::PermissionDeniedError("nobody");
  };
  EXPECT_EQ(
      service_.Apply(records::Request(User("owner")), "samples/s1", "", refuse).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(rules_.validations, 0);
  // A transition without a rule is a bug, not an open door.
  Transition<Sample> open = Publish();
  open.authorize = nullptr;
  EXPECT_EQ(service_.Apply(records::Request(User("owner")), "samples/s1", "", open).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ((*store_.Get("samples", "s1"))->version, 1);
}

TEST_F(RecordServiceTest, TransitionValidatesTheRecordAsItWasAndAsItWillBe) {
  Created(v1::DRAFT);
  Transition<Sample> t = Publish();
  t.validate = [](const Sample& before, const Sample& after, Violations* v) {
    if (before.state() == v1::DRAFT && after.description().at("en") == "published") {
      v->Add("sample.description", "seen before and after");
    }
  };
  auto out = service_.Apply(records::Request(User("owner")), "samples/s1", "", t);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(out.status().message()), HasSubstr("seen before and after"));
  EXPECT_EQ((*store_.Get("samples", "s1"))->state, "DRAFT");
}

TEST_F(RecordServiceTest, DeleteArchivesOnceAndUpdateNeitherArchivesNorRestores) {
  Created(v1::ACTIVE);
  EXPECT_EQ(service_.Delete(records::Request(User("someone")), "samples/s1", "").status().code(),
            absl::StatusCode::kPermissionDenied);
  auto archived = service_.Delete(records::Request(User("owner")), "samples/s1", "");
  ASSERT_TRUE(archived.ok()) << archived.status();
  EXPECT_EQ(archived->state(), v1::ARCHIVED);
  auto again = service_.Delete(records::Request(User("owner")), "samples/s1", "");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->etag(), archived->etag());

  Sample patch;
  patch.set_name("samples/s1");
  patch.set_state(v1::ACTIVE);
  google::protobuf::FieldMask mask;
  mask.add_paths("state");
  auto restore = service_.Update(records::Request(User("owner")), patch, mask);
  EXPECT_EQ(restore.status().code(), absl::StatusCode::kFailedPrecondition) << restore.status();
  EXPECT_EQ((*store_.Get("samples", "s1"))->state, "ARCHIVED");
}

TEST_F(RecordServiceTest, ListHidesArchivedRecordsAndDraftsOthersCannotRead) {
  ASSERT_TRUE(service_.Create(records::Request(User("owner")), Make("draft"), "d", "").ok());
  ASSERT_TRUE(
      service_.Create(records::Request(User("owner")), Make("live", v1::ACTIVE), "a", "").ok());
  ASSERT_TRUE(
      service_.Create(records::Request(User("owner")), Make("gone", v1::ACTIVE), "g", "").ok());
  ASSERT_TRUE(service_.Delete(records::Request(User("owner")), "samples/g", "").ok());
  auto names = [&](const Principal& p, bool show_archived) {
    ListQuery q;
    q.show_archived = show_archived;
    std::vector<std::string> out;
    auto listed = service_.List(records::Request(p), q);
    EXPECT_TRUE(listed.ok()) << listed.status();
    if (!listed.ok()) return out;
    for (const auto& s : listed->items) out.push_back(s.name());
    return out;
  };
  EXPECT_THAT(names(User("owner"), false), ::testing::ElementsAre("samples/d", "samples/a"));
  EXPECT_THAT(names(User("someone"), false), ::testing::ElementsAre("samples/a"));
  EXPECT_THAT(names(User("someone"), true), ::testing::ElementsAre("samples/a", "samples/g"));
}

TEST_F(RecordServiceTest, APageEndsOnceItsRecordsHoldFourMebibytesAndTheNextGoesOn) {
  // Twelve records of 1 MiB each: a page of 50 would be a 12 MiB message.
  for (int i = 0; i < 12; ++i) {
    Sample s = Make(absl::StrCat("big-", i), v1::ACTIVE);
    (*s.mutable_description())["en"] = std::string(1 << 20, static_cast<char>('a' + i));
    ASSERT_TRUE(service_.Create(records::Request(User("owner")), s, absl::StrCat("b", i), "").ok());
  }
  std::vector<std::string> seen;
  ListQuery q;
  q.page_size = 50;
  int pages = 0;
  do {
    auto page = service_.List(records::Request(User("owner")), q);
    ASSERT_TRUE(page.ok()) << page.status();
    size_t bytes = 0;
    for (const auto& s : page->items) bytes += s.ByteSizeLong();
    EXPECT_LE(page->items.size(), 4u);
    EXPECT_LT(bytes, size_t{5} << 20);
    for (const auto& s : page->items) seen.push_back(s.name());
    q.page_token = page->next_page_token;
    ++pages;
  } while (!q.page_token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 12u);
  EXPECT_EQ(seen.front(), "samples/b0");
  EXPECT_EQ(seen.back(), "samples/b11");
}

TEST_F(RecordServiceTest, ReferencesTravelWithTheWriteAndAreCheckedWhenItApplies) {
  rules_.references = {{{"parents", "p1"}, {"OPEN"}}};
  auto refused = service_.Create(records::Request(User("owner")), Make("child"), "c1", "");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("parents/p1"));
  EXPECT_FALSE(store_.Get("samples", "c1")->has_value());
}

TEST_F(RecordServiceTest, EveryWriteCarriesTheRequestsCorrelationIdAndActorOnItsEvent) {
  ASSERT_TRUE(service_
                  .Create(records::Request(User("owner"), {.correlation_id = "req-create"}),
                          Make("first", v1::DRAFT), "s1", "idem-1")
                  .ok());
  ASSERT_TRUE(
      service_.Create(records::Request(User("owner")), Make("second"), "s2", "idem-2").ok());
  Sample patch;
  patch.set_name("samples/s1");
  (*patch.mutable_display_name())["en"] = "renamed";
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  auto published =
      service_.Apply(records::Request(User("owner"), {.correlation_id = "req-publish"}),
                     "samples/s1", "", Publish());
  ASSERT_TRUE(published.ok()) << published.status();
  auto updated = service_.Update(records::Request(User("editor"), {.correlation_id = "req-update"}),
                                 patch, mask);
  ASSERT_TRUE(updated.ok()) << updated.status();
  ASSERT_TRUE(service_
                  .Delete(records::Request(User("owner"), {.correlation_id = "req-delete"}),
                          "samples/s1", "")
                  .ok());

  std::vector<OutboxEvent> events = store_.events();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].correlation_id, "req-create");
  EXPECT_EQ(events[1].correlation_id, "idem-2") << "the AIP-155 request id when there is no other";
  EXPECT_EQ(events[2].correlation_id, "req-publish");
  EXPECT_EQ(events[2].actor, "owner");
  EXPECT_EQ(events[3].correlation_id, "req-update");
  EXPECT_EQ(events[3].actor, "editor");
  EXPECT_EQ(events[4].correlation_id, "req-delete");
  EXPECT_EQ(events[4].type, "sample.archived");
}

TEST_F(RecordServiceTest, RulesExtendThePlanWithBoundedCountersWrittenAtomically) {
  rules_.live_limit = 2;
  ASSERT_TRUE(service_.Create(records::Request(User("owner")), Make("one"), "s1", "").ok());
  ASSERT_TRUE(service_.Create(records::Request(User("owner")), Make("two"), "s2", "").ok());
  auto third = service_.Create(records::Request(User("owner")), Make("three"), "s3", "");
  EXPECT_EQ(third.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(third.status().message(), HasSubstr("samples/live"));
  EXPECT_FALSE((*store_.Get("samples", "s3")).has_value()) << "the record is not written either";

  // Archiving one frees its place in the same write.
  ASSERT_TRUE(service_.Delete(records::Request(User("owner")), "samples/s1", "").ok());
  EXPECT_EQ(*store_.GetCounter("samples/live"), 1);
  EXPECT_TRUE(service_.Create(records::Request(User("owner")), Make("three"), "s3", "").ok());
  EXPECT_EQ(*store_.GetCounter("samples/live"), 2);
}

// Moves the total `figure` shown beside `sample` by `delta`, in a write of another document.
void MoveFigure(DocumentStore* store, const std::string& sample, int64_t delta, int n) {
  WritePlan plan;
  DocumentChange& doc = plan.documents.emplace_back();
  doc.collection = "others";
  doc.id = absl::StrCat("o", n);
  doc.payload = "x";
  plan.totals.push_back(TotalChange{"shown/" + sample, "figure", delta});
  ASSERT_TRUE(store->Write(plan).ok());
}

TEST_F(RecordServiceTest, FiguresKeptBesideARecordAreShownAndMoveItsEtagButNotItsIfMatch) {
  rules_.shows_figure = true;
  const Sample created = Created();
  EXPECT_EQ(created.description().at("figure"), "0");
  EXPECT_THAT(created.etag(), ::testing::StartsWith("1-"));
  MoveFigure(&store_, "samples/s1", 7, 1);
  auto read = service_.Get(records::Request(User("owner")), "samples/s1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->description().at("figure"), "7");
  EXPECT_NE(read->etag(), created.etag()) << "a conditional GET must see the figure move";
  // The record itself did not change: the etag read before the figure moved still writes.
  Sample patch = Make("renamed");
  patch.set_name("samples/s1");
  patch.set_etag(created.etag());
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  auto updated = service_.Update(records::Request(User("owner")), patch, mask);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->description().at("figure"), "7") << "the answer shows the figure too";
  EXPECT_THAT(updated->etag(), ::testing::StartsWith("2-"));
  EXPECT_FALSE((*store_.Get("samples", "s1"))->payload.empty());
  // ... but once the record changed, that etag is stale.
  auto stale = service_.Update(records::Request(User("owner")), patch, mask);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(stale.status().message(), HasSubstr(created.etag()));
  // A List page is completed in one go.
  ASSERT_TRUE(
      service_.Create(records::Request(User("owner")), Make("two", v1::ACTIVE), "s2", "").ok());
  MoveFigure(&store_, "samples/s2", 3, 2);
  const int before = rules_.completions;
  auto page = service_.List(records::Request(User("owner")), ListQuery{});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(rules_.completions, before + 1);
  std::set<std::string> figures;
  for (const Sample& s : page->items) figures.insert(s.description().at("figure"));
  EXPECT_EQ(figures, (std::set<std::string>{"7", "3"}));
}

// Names of a whole pull of (since, until], page by page (`limit` entries each), as `who` reads it.
std::vector<std::string> Pulled(RecordService<Sample>* service, const Principal& who, int64_t since,
                                int64_t until, int limit) {
  std::vector<std::string> out;
  int64_t position = 0;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = service->Pull(records::Request(who), since, until, position, limit);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) break;
    for (const Sample& s : page->items) out.push_back(s.name());
    if (page->exhausted) break;
    position = page->position;
  }
  return out;
}

TEST_F(RecordServiceTest, PullsGiveASnapshotThenEachChangedRecordOnceAsItIsNow) {
  const Principal owner = User("owner"), other = User("other");
  ASSERT_TRUE(service_.Create(records::Request(owner), Make("a", v1::ACTIVE), "a", "").ok());
  ASSERT_TRUE(service_.Create(records::Request(owner), Make("b", v1::ACTIVE), "b", "").ok());
  ASSERT_TRUE(service_.Create(records::Request(owner), Make("draft"), "d", "").ok());
  const int64_t first = *service_.Cursor();
  EXPECT_THAT(Pulled(&service_, owner, 0, first, 1),
              ::testing::ElementsAre("samples/a", "samples/b", "samples/d"));
  // A draft only its creator reads is not in another caller's pull.
  EXPECT_THAT(Pulled(&service_, other, 0, first, 2),
              ::testing::ElementsAre("samples/a", "samples/b"));
  // Changes: b renamed twice, a archived, c created.
  Sample patch = Make("b2");
  patch.set_name("samples/b");
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  ASSERT_TRUE(service_.Update(records::Request(owner), patch, mask).ok());
  (*patch.mutable_display_name())["en"] = "b3";
  ASSERT_TRUE(service_.Update(records::Request(owner), patch, mask).ok());
  ASSERT_TRUE(service_.Delete(records::Request(owner), "samples/a", "").ok());
  ASSERT_TRUE(service_.Create(records::Request(owner), Make("c", v1::ACTIVE), "c", "").ok());
  const int64_t second = *service_.Cursor();
  // A change after the pull's end is the next pull's.
  ASSERT_TRUE(service_.Create(records::Request(owner), Make("late", v1::ACTIVE), "late", "").ok());
  auto pulled = service_.Pull(records::Request(owner), first, second, 0, 100);
  ASSERT_TRUE(pulled.ok()) << pulled.status();
  std::vector<std::string> names;
  for (const Sample& s : pulled->items) names.push_back(s.name());
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("samples/b", "samples/a", "samples/c"));
  for (const Sample& s : pulled->items) {
    if (s.name() == "samples/a") EXPECT_EQ(s.state(), v1::ARCHIVED) << "an archive is a change";
  }
  EXPECT_THAT(Pulled(&service_, owner, second, *service_.Cursor(), 10),
              ::testing::ElementsAre("samples/late"));
  EXPECT_TRUE(Pulled(&service_, owner, *service_.Cursor(), *service_.Cursor(), 10).empty());
  // Cursor 0 is before every change: nothing is up to it.
  EXPECT_TRUE(Pulled(&service_, owner, 0, 0, 10).empty());
}

TEST(PullQuery, CursorsAreCheckedNamingTheField) {
  EXPECT_EQ(ParsePullQuery("", "7", 9)->until, 7);
  EXPECT_EQ(ParsePullQuery("3", "7", 9)->since, 3);
  for (const auto& [since, until, field] : {std::tuple{"", "", "until_cursor"},
                                            {"x", "7", "since_cursor"},
                                            {"", "-1", "until_cursor"},
                                            {"", "10", "until_cursor"},
                                            {"8", "7", "until_cursor"},
                                            {"", "7x", "until_cursor"}}) {
    const absl::Status s = ParsePullQuery(since, until, 9).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << since << " " << until;
    EXPECT_THAT(s.message(), HasSubstr(field)) << since << " " << until;
  }
}

TEST_F(RecordServiceTest, ATransitionExtendsThePlanWithOtherDocuments) {
  Created(v1::DRAFT);
  Transition<Sample> publish = Publish();
  publish.extend = [](const Sample& before, const Sample& after, WritePlan* plan) {
    DocumentChange& notice = plan->documents.emplace_back();
    notice.collection = "notices";
    notice.id = "published-s1";
    notice.payload = after.name();
    notice.event_type = "notice.created";
    notice.resource_name = "notices/published-s1";
    return absl::OkStatus();
  };
  ASSERT_TRUE(service_
                  .Apply(records::Request(User("owner"), {.correlation_id = "req-9"}), "samples/s1",
                         "", publish)
                  .ok());
  auto notice = store_.Get("notices", "published-s1");
  ASSERT_TRUE(notice.ok() && notice->has_value());
  EXPECT_EQ((*notice)->payload, "samples/s1");
  std::vector<OutboxEvent> events = store_.events();
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.back().type, "notice.created");
  EXPECT_EQ(events.back().correlation_id, "req-9") << "one plan, one correlation";

  // A refused extension writes nothing at all.
  Transition<Sample> archive_noted = Publish();
  archive_noted.from = {v1::ACTIVE};
  archive_noted.to = v1::SUSPENDED;
  archive_noted.extend = [](const Sample&, const Sample&, WritePlan* plan) {
    DocumentChange& again = plan->documents.emplace_back();
    again.collection = "notices";
    again.id = "published-s1";  // exists: the plan is refused
    again.payload = "x";
    again.event_type = "notice.created";
    again.resource_name = "notices/published-s1";
    return absl::OkStatus();
  };
  EXPECT_EQ(service_.Apply(records::Request(User("owner")), "samples/s1", "", archive_noted)
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ((*store_.Get("samples", "s1"))->state, "ACTIVE");
}

// Every hook hears which change it serves and the request it serves: the request id passed on to
// peers, and create, update, archive or transition (a rule must not guess from the record).
TEST_F(RecordServiceTest, HooksHearTheKindOfChangeAndTheRequestTheyServe) {
  const Principal owner = User("owner");
  ASSERT_TRUE(
      service_.Create(Request(owner, {.correlation_id = "req-create"}), Make("first"), "s1", "")
          .ok());
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  Sample patch = Make("renamed");
  patch.set_name("samples/s1");
  ASSERT_TRUE(service_.Update(Request(owner, {.correlation_id = "req-update"}), patch, mask).ok());
  ASSERT_TRUE(
      service_.Apply(Request(owner, {.correlation_id = "req-publish"}), "samples/s1", "", Publish())
          .ok());
  ASSERT_TRUE(
      service_.Delete(Request(owner, {.correlation_id = "req-delete"}), "samples/s1", "").ok());
  EXPECT_THAT(rules_.correlation_ids_seen,
              ::testing::ElementsAre("req-create", "req-update", "req-publish", "req-delete"));
  // Authorize: the create; the update before and after its patch; the archive (a transition is
  // authorized by its own rule).
  EXPECT_THAT(rules_.changes_seen, ::testing::ElementsAre(Change::kCreate, Change::kUpdate,
                                                          Change::kUpdate, Change::kArchive));
  auto stored = store_.Get("samples", "s1");
  ASSERT_TRUE(stored.ok() && stored->has_value());
}

// One request reads a record once: a Get and the write that follows share its reads, and a write
// retried after losing a race reads again.
TEST_F(RecordServiceTest, ARequestReadsEachRecordOnceAndARetryReadsAgain) {
  Created(v1::DRAFT);
  testing::CountingDocumentStore counting(&store_);
  RecordService<Sample> counted(&counting, &rules_, &clock_, &ids_);
  const Request request(User("owner"));
  ASSERT_TRUE(counted.Get(request, "samples/s1").ok());
  ASSERT_TRUE(counted.Get(request, "samples/s1").ok());
  EXPECT_EQ(counting.reads(), 1);
  ASSERT_TRUE(counted.Apply(request, "samples/s1", "", Publish()).ok());
  EXPECT_EQ(counting.reads(), 1) << "the write starts from what the request read";
  EXPECT_EQ(counting.writes(), 1);
  // After its own write the request reads the record as written.
  auto after = counted.Get(request, "samples/s1");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->state(), v1::ACTIVE);
  EXPECT_EQ(counting.reads(), 2);

  // Another writer changes the record after this request read it: the first attempt is refused
  // (ABORTED, its version is stale) and the retry reads the record again and succeeds.
  const Request racing(User("owner"));
  ASSERT_TRUE(counted.Get(racing, "samples/s1").ok());
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  Sample patch = Make("changed by another");
  patch.set_name("samples/s1");
  ASSERT_TRUE(service_.Update(Request(User("owner")), patch, mask).ok());
  counting.Reset();
  Sample mine = Make("mine");
  mine.set_name("samples/s1");
  auto updated = counted.Update(racing, mine, mask);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->etag(), "4");
  EXPECT_EQ(counting.writes(), 2) << "refused once on the stale version, then written";
  EXPECT_EQ(counting.reads(), 1) << "the retry read it again";
}

// A batch of creates: an outcome per item, in order; written a chunk per plan; what is present
// is not written again; one item's refusal refuses no other.
TEST_F(RecordServiceTest, CreateManyAnswersEachItemAndWritesAChunkPerPlan) {
  Created(v1::ACTIVE);  // samples/s1
  testing::CountingDocumentStore counting(&store_);
  RecordService<Sample> counted(&counting, &rules_, &clock_, &ids_);
  using Outcome = RecordService<Sample>::CreateOutcome;
  std::vector<RecordService<Sample>::NewRecord> items;
  items.push_back({Make("again"), "s1", ""});     // present
  items.push_back({Sample(), "bad", ""});         // refused: display_name
  items.push_back({Make("named"), "s2", ""});     // created
  items.push_back({Make("anonymous"), "", ""});   // created, id generated
  items.push_back({Make("twin"), "s3", ""});      // created
  items.push_back({Make("twin"), "s3", ""});      // present: the item before made it
  items.push_back({Make("x"), "Not An Id", ""});  // refused: sample_id
  for (int i = 0; i < 150; ++i) items.push_back({Make("bulk"), absl::StrCat("b", i), ""});
  std::vector<Outcome> out = counted.CreateMany(Request(User("owner")), std::move(items));
  ASSERT_EQ(out.size(), 157u);
  EXPECT_EQ(out[0].result, Outcome::Result::kAlreadyPresent);
  ASSERT_TRUE(out[0].record.has_value());
  EXPECT_EQ(out[0].record->display_name().at("en"), "first") << "the stored one, unchanged";
  EXPECT_EQ(out[1].result, Outcome::Result::kRefused);
  EXPECT_EQ(out[1].reason.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(out[1].reason.message(), ::testing::HasSubstr("sample.display_name"));
  EXPECT_EQ(out[2].result, Outcome::Result::kCreated);
  EXPECT_EQ(out[2].name, "samples/s2");
  EXPECT_EQ(out[2].record->etag(), "1");
  EXPECT_EQ(out[3].result, Outcome::Result::kCreated);
  EXPECT_FALSE(out[3].name.empty());
  EXPECT_EQ(out[4].result, Outcome::Result::kCreated);
  EXPECT_EQ(out[5].result, Outcome::Result::kAlreadyPresent);
  EXPECT_EQ(out[6].result, Outcome::Result::kRefused);
  EXPECT_THAT(out[6].reason.message(), ::testing::HasSubstr("sample_id"));
  for (size_t i = 7; i < out.size(); ++i) {
    ASSERT_EQ(out[i].result, Outcome::Result::kCreated) << i << ": " << out[i].reason;
  }
  // Each stored as Create stores it.
  auto b149 = service_.Get(Request(User("owner")), "samples/b149");
  ASSERT_TRUE(b149.ok()) << b149.status();
  EXPECT_EQ(b149->display_name().at("en"), "bulk");
  // Two chunks: the first plan refused (s3 twice) and written one by one; the second (the last
  // 57 items) one plan.
  EXPECT_LE(counting.writes(), 100 - 2 + 1 + 1);
  counting.Reset();
  std::vector<RecordService<Sample>::NewRecord> fresh;
  for (int i = 0; i < 250; ++i) fresh.push_back({Make("bulk"), absl::StrCat("c", i), ""});
  out = counted.CreateMany(Request(User("owner")), std::move(fresh));
  EXPECT_EQ(counting.writes(), 3) << "a plan per chunk of " << kMaxCreatesPerPlan;
  EXPECT_EQ(counting.reads(), 3) << "one read per chunk for the ids given";
  // A draft another caller may not read: never reported present to them, nor shown; refused as
  // its own create would be (ALREADY_EXISTS once the write finds it).
  ASSERT_TRUE(service_.Create(Request(User("owner")), Make("hidden", v1::DRAFT), "d1", "").ok());
  std::vector<RecordService<Sample>::NewRecord> probe;
  probe.push_back({Make("mine"), "d1", ""});
  out = counted.CreateMany(Request(User("someone")), std::move(probe));
  EXPECT_EQ(out[0].result, Outcome::Result::kRefused);
  EXPECT_EQ(out[0].reason.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_FALSE(out[0].record.has_value());
  EXPECT_EQ(service_.Get(Request(User("owner")), "samples/d1")->display_name().at("en"), "hidden");
  counting.Reset();
  // A retry of the same batch creates nothing twice.
  std::vector<RecordService<Sample>::NewRecord> retry;
  for (int i = 0; i < 250; ++i) retry.push_back({Make("bulk"), absl::StrCat("c", i), ""});
  out = counted.CreateMany(Request(User("owner")), std::move(retry));
  for (const Outcome& o : out) EXPECT_EQ(o.result, Outcome::Result::kAlreadyPresent);
  EXPECT_EQ(counting.writes(), 0) << "nothing written again";
}

}  // namespace
}  // namespace civitas::records
