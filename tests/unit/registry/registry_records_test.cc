// RegistryRecords over the in-memory store: the record lifecycle without I/O.
#include "services/registry/app/registry_records.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/request_fingerprint.h"
#include "libs/store/in_memory_document_store.h"

namespace civitas::registry {
namespace {

using records::ListQuery;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Principal Admin() {
  Principal p;
  p.subject = "admin";
  p.roles = {kRoleAdmin};
  return p;
}

Principal Cso(const std::string& org) {
  Principal p;
  p.subject = "cso@" + org;
  p.roles = {kRoleCso};
  p.organization = "organizations/" + org;
  return p;
}

std::vector<std::string> FieldsOf(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolationsOf(s)) out.push_back(v.field);
  return out;
}

class RegistryRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Territory("am", v1::COUNTRY, "");
    Territory("am-su", v1::REGION, "territories/am");
    Territory("am-su-goris", v1::MUNICIPALITY, "territories/am-su");
    Territory("md", v1::COUNTRY, "");
  }

  void Territory(const std::string& id, v1::TerritoryLevel level, const std::string& parent) {
    v1::Territory t;
    t.set_code(id);
    t.set_level(level);
    t.set_parent(parent);
    (*t.mutable_display_name())["en"] = id;
    auto out = records_.territories.Create(records::Request(Admin()), t, id, "");
    ASSERT_TRUE(out.ok()) << out.status();
  }

  v1::Organization Org(const std::string& name, v1::OrganizationType type,
                       std::vector<std::string> territories) {
    v1::Organization o;
    (*o.mutable_display_name())["en"] = name;
    o.set_type(type);
    for (auto& t : territories) o.add_territories("territories/" + t);
    return o;
  }

  absl::StatusOr<v1::Organization> CreateOrg(const std::string& id, v1::OrganizationType type,
                                             std::vector<std::string> territories,
                                             const Principal& p = Admin()) {
    return records_.organizations.Create(records::Request(p), Org(id, type, std::move(territories)),
                                         id, "");
  }

  std::vector<std::string> ListNames(const Principal& p, ListQuery q) {
    std::vector<std::string> names;
    while (true) {
      auto page = records_.organizations.List(records::Request(p), q);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) return names;
      for (const auto& o : page->items) names.push_back(o.name());
      if (page->next_page_token.empty()) return names;
      q.page_token = page->next_page_token;
    }
  }

  InMemoryDocumentStore store_;
  FakeClock clock_{absl::FromUnixSeconds(1'790'000'000)};
  SequentialIdGenerator ids_{"id"};
  RegistryRecords records_{&store_, &clock_, &ids_};
};

TEST_F(RegistryRecordsTest, CreateSetsServerFieldsAndGetReturnsIt) {
  v1::Organization o = Org("Keystone", v1::CSO, {"am-su-goris"});
  o.set_etag("forged");
  auto created = records_.organizations.Create(records::Request(Admin()), o, "", "");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->name(), "organizations/id1");
  EXPECT_EQ(created->etag(), "1");
  EXPECT_EQ(created->state(), v1::ACTIVE);
  EXPECT_EQ(created->create_time().seconds(), 1'790'000'000);
  auto got =
      records_.organizations.Get(records::Request(Principal::Anonymous()), "organizations/id1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->display_name().at("en"), "Keystone");
  ASSERT_EQ(store_.events().size(), 5u);  // four territories and the organisation
  EXPECT_EQ(store_.events().back().type, "organization.created");
  EXPECT_EQ(store_.events().back().actor, "admin");
}

TEST_F(RegistryRecordsTest, RetriedCreateWithSameRequestIdReturnsFirstResult) {
  auto first =
      records_.organizations.Create(records::Request(Admin()), Org("A", v1::CSO, {}), "", "req-1");
  auto again =
      records_.organizations.Create(records::Request(Admin()), Org("A", v1::CSO, {}), "", "req-1");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->name(), first->name());
  EXPECT_EQ(again->display_name().at("en"), "A");
  // The same key with another request is refused, and writes nothing.
  auto other =
      records_.organizations.Create(records::Request(Admin()), Org("B", v1::CSO, {}), "", "req-1");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(IsIdempotencyKeyReused(other.status())) << other.status();
  auto other_id = records_.organizations.Create(records::Request(Admin()), Org("A", v1::CSO, {}),
                                                "a-2", "req-1");
  EXPECT_TRUE(IsIdempotencyKeyReused(other_id.status())) << other_id.status();
  EXPECT_EQ(ListNames(Admin(), {}).size(), 1u);
}

TEST_F(RegistryRecordsTest, AnOwnerEditsItsRecordWhateverDraftsItNamesAndOthersSeeNoDraft) {
  v1::Territory draft;
  draft.set_code("new-district");
  draft.set_level(v1::MUNICIPALITY);
  draft.set_parent("territories/am-su");
  draft.set_state(v1::DRAFT);
  (*draft.mutable_display_name())["en"] = "New district";
  ASSERT_TRUE(
      records_.territories.Create(records::Request(Admin()), draft, "new-district", "").ok());
  // Staff place the organisation in the draft territory; its own people still edit it.
  ASSERT_TRUE(CreateOrg("own", v1::CSO, {"new-district"}).ok());
  v1::Organization patch;
  patch.set_name("organizations/own");
  (*patch.mutable_display_name())["en"] = "Own, renamed";
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  auto renamed = records_.organizations.Update(records::Request(Cso("own")), patch, mask);
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  // Naming the draft in a new record is answered as for a territory that does not exist.
  auto outsider = records_.social_services.Create(
      records::Request(Cso("own")),
      [] {
        v1::SocialService s;
        (*s.mutable_display_name())["en"] = "Day care";
        s.set_service_type("day-care");
        s.set_provider("organizations/own");
        s.set_territory("territories/new-district");
        return s;
      }(),
      "svc", "");
  EXPECT_EQ(outsider.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(outsider.status().message(),
              ::testing::HasSubstr("territories/new-district does not exist"));
}

TEST_F(RegistryRecordsTest, BadClientIdAndMissingTerritoryNameTheirFields) {
  auto bad_id = records_.organizations.Create(records::Request(Admin()), Org("A", v1::CSO, {}),
                                              "Not Valid", "");
  EXPECT_THAT(FieldsOf(bad_id.status()), ElementsAre("organization_id"));
  auto missing = CreateOrg("a", v1::CSO, {"nowhere"});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(missing.status()), ElementsAre("organization.territories[0]"));
  EXPECT_TRUE(ListNames(Admin(), {}).empty());
}

TEST_F(RegistryRecordsTest, ExternalIdsAreUniquePerScheme) {
  v1::Organization a = Org("A", v1::CSO, {});
  auto* id = a.add_external_ids();
  id->set_scheme("md-idno");
  id->set_value("100");
  ASSERT_TRUE(records_.organizations.Create(records::Request(Admin()), a, "a", "").ok());
  auto b = records_.organizations.Create(records::Request(Admin()), a, "b", "");
  EXPECT_EQ(b.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(b.status().message()), HasSubstr("md-idno|100"));
}

TEST_F(RegistryRecordsTest, ExternalIdFilterFindsTheOneRecordAndHonoursOtherTerms) {
  for (int i = 0; i < 3; ++i) {
    v1::Organization o = Org("Org", v1::CSO, {i == 0 ? "am-su-goris" : "md"});
    auto* id = o.add_external_ids();
    id->set_scheme("md-idno");
    id->set_value(std::to_string(100 + i));
    ASSERT_TRUE(
        records_.organizations.Create(records::Request(Admin()), o, "x" + std::to_string(i), "")
            .ok());
  }
  ListQuery q;
  q.filter = "external_id = \"md-idno|100\"";
  EXPECT_THAT(ListNames(Principal::Anonymous(), q), ElementsAre("organizations/x0"));
  q.filter = "external_id = \"md-idno|100\" AND territory = \"territories/am\"";
  EXPECT_THAT(ListNames(Principal::Anonymous(), q), ElementsAre("organizations/x0"));
  q.filter = "external_id = \"md-idno|100\" AND territory = \"territories/md\"";
  EXPECT_TRUE(ListNames(Principal::Anonymous(), q).empty());
  q.filter = "external_id = \"md-idno|100\" AND type = DONOR";
  EXPECT_TRUE(ListNames(Principal::Anonymous(), q).empty());
  q.filter = "external_id = \"md-idno|999\"";
  EXPECT_TRUE(ListNames(Principal::Anonymous(), q).empty());
}

TEST_F(RegistryRecordsTest, ListPagesThroughSubtreeFilterInOrder) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(CreateOrg("goris-" + std::to_string(i), v1::CSO, {"am-su-goris"}).ok());
    ASSERT_TRUE(CreateOrg("md-" + std::to_string(i), v1::CSO, {"md"}).ok());
  }
  ListQuery q;
  q.page_size = 3;
  q.filter = "territory = \"territories/am\"";
  auto names = ListNames(Principal::Anonymous(), q);
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names.front(), "organizations/goris-0");
  EXPECT_EQ(names.back(), "organizations/goris-6");
  q.order_by = "create_time desc";
  auto reversed = ListNames(Principal::Anonymous(), q);
  ASSERT_EQ(reversed.size(), 7u);
  EXPECT_EQ(reversed.front(), "organizations/goris-6");

  ListQuery bad;
  bad.page_size = 3;
  bad.filter = "territory = \"territories/am\"";
  auto page = records_.organizations.List(records::Request(Admin()), bad);
  bad.page_token = page->next_page_token;
  bad.filter = "territory = \"territories/md\"";
  EXPECT_THAT(FieldsOf(records_.organizations.List(records::Request(Admin()), bad).status()),
              ElementsAre("page_token"));
}

TEST_F(RegistryRecordsTest, DraftsAreHiddenFromOthersAndArchivedFromDefaultLists) {
  v1::Organization draft = Org("Draft", v1::CSO, {});
  draft.set_state(v1::DRAFT);
  ASSERT_TRUE(records_.organizations.Create(records::Request(Admin()), draft, "draft", "").ok());
  ASSERT_TRUE(CreateOrg("live", v1::CSO, {}).ok());
  EXPECT_EQ(
      records_.organizations.Get(records::Request(Principal::Anonymous()), "organizations/draft")
          .status()
          .code(),
      absl::StatusCode::kNotFound);
  EXPECT_TRUE(
      records_.organizations.Get(records::Request(Cso("draft")), "organizations/draft").ok());
  EXPECT_THAT(ListNames(Principal::Anonymous(), {}), ElementsAre("organizations/live"));

  auto archived =
      records_.organizations.Delete(records::Request(Admin()), "organizations/live", "");
  ASSERT_TRUE(archived.ok());
  EXPECT_EQ(archived->state(), v1::ARCHIVED);
  EXPECT_TRUE(ListNames(Principal::Anonymous(), {}).empty());
  ListQuery with_archived;
  with_archived.show_archived = true;
  EXPECT_THAT(ListNames(Principal::Anonymous(), with_archived), ElementsAre("organizations/live"));
  EXPECT_EQ(store_.events().back().type, "organization.archived");
}

TEST_F(RegistryRecordsTest, StaleEtagIsAbortedAndChangesNothing) {
  ASSERT_TRUE(CreateOrg("a", v1::CSO, {}).ok());
  v1::Organization patch;
  patch.set_name("organizations/a");
  patch.set_legal_form("foundation");
  patch.set_etag("1");
  google::protobuf::FieldMask mask;
  mask.add_paths("legal_form");
  auto first = records_.organizations.Update(records::Request(Admin()), patch, mask);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->etag(), "2");
  patch.set_legal_form("association");
  auto stale = records_.organizations.Update(records::Request(Admin()), patch, mask);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(records_.organizations.Get(records::Request(Admin()), "organizations/a")->legal_form(),
            "foundation");
}

TEST_F(RegistryRecordsTest, CsoChangesOwnOrganizationButNotItsTypeOrAnother) {
  ASSERT_TRUE(CreateOrg("mine", v1::CSO, {}).ok());
  ASSERT_TRUE(CreateOrg("theirs", v1::CSO, {}).ok());
  v1::Organization patch;
  patch.set_name("organizations/mine");
  patch.set_legal_form("association");
  EXPECT_TRUE(records_.organizations.Update(records::Request(Cso("mine")), patch, {}).ok());
  patch.set_name("organizations/theirs");
  EXPECT_EQ(records_.organizations.Update(records::Request(Cso("mine")), patch, {}).status().code(),
            absl::StatusCode::kPermissionDenied);
  v1::Organization retype;
  retype.set_name("organizations/mine");
  retype.set_type(v1::DONOR);
  EXPECT_EQ(
      records_.organizations.Update(records::Request(Cso("mine")), retype, {}).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CreateOrg("new", v1::CSO, {}, Cso("mine")).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CreateOrg("new", v1::CSO, {}, Principal::Anonymous()).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(RegistryRecordsTest, ServiceBelongsToItsProviderAndIndexesItsTerritorySubtree) {
  ASSERT_TRUE(CreateOrg("keystone", v1::CSO, {"am-su-goris"}).ok());
  ASSERT_TRUE(CreateOrg("other", v1::CSO, {}).ok());
  v1::SocialService s;
  (*s.mutable_display_name())["en"] = "Day care Goris";
  s.set_service_type("day-care");
  s.set_provider("organizations/keystone");
  s.set_territory("territories/am-su-goris");
  auto created = records_.social_services.Create(records::Request(Cso("keystone")), s, "dc", "");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->accreditation_status(), v1::NOT_ACCREDITED);
  EXPECT_EQ(
      records_.social_services.Create(records::Request(Cso("other")), s, "dc2", "").status().code(),
      absl::StatusCode::kPermissionDenied);
  ListQuery q;
  q.filter = "territory = \"territories/am-su\" AND service_type = day-care";
  auto page = records_.social_services.List(records::Request(Principal::Anonymous()), q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->items.size(), 1u);
  q.filter = "territory = \"territories/md\"";
  EXPECT_TRUE(
      records_.social_services.List(records::Request(Principal::Anonymous()), q)->items.empty());
}

TEST_F(RegistryRecordsTest, PartnershipPartiesMustHaveTheRightTypes) {
  ASSERT_TRUE(CreateOrg("cso", v1::CSO, {}).ok());
  ASSERT_TRUE(CreateOrg("goris", v1::PUBLIC_AUTHORITY, {"am-su-goris"}).ok());
  v1::Partnership p;
  p.set_kind(v1::Partnership::MEMORANDUM);
  p.set_cso("organizations/goris");
  p.set_authority("organizations/cso");
  p.set_start_date("2024-01-01");
  auto wrong = records_.partnerships.Create(records::Request(Admin()), p, "", "");
  EXPECT_THAT(FieldsOf(wrong.status()), ElementsAre("partnership.cso", "partnership.authority"));
  p.set_cso("organizations/cso");
  p.set_authority("organizations/goris");
  EXPECT_TRUE(records_.partnerships.Create(records::Request(Cso("cso")), p, "", "").ok());
}

TEST_F(RegistryRecordsTest, TerritoryParentIsImmutableAndAncestorsAreDerived) {
  auto goris =
      records_.territories.Get(records::Request(Principal::Anonymous()), "territories/am-su-goris");
  ASSERT_TRUE(goris.ok());
  EXPECT_THAT(goris->ancestors(), ElementsAre("territories/am", "territories/am-su"));
  v1::Territory patch;
  patch.set_name("territories/am-su-goris");
  patch.set_parent("territories/md");
  google::protobuf::FieldMask mask;
  mask.add_paths("parent");
  EXPECT_THAT(
      FieldsOf(records_.territories.Update(records::Request(Admin()), patch, mask).status()),
      ElementsAre("update_mask"));
}

}  // namespace
}  // namespace civitas::registry
