#include "libs/store/in_memory_document_store.h"

#include "tests/shared/document_store_contract.h"

namespace civitas::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(InMemory, DocumentStoreContractTest,
                         ::testing::Values([]() -> StoreUnderTest {
                           auto store = std::make_unique<InMemoryDocumentStore>();
                           auto* raw = store.get();
                           return {std::move(store), [raw] { return raw->events(); }};
                         }));

TEST(InMemoryDocumentStoreTest, EveryAppliedWriteEmitsOneEvent) {
  InMemoryDocumentStore store;
  WritePlan p;
  DocumentChange& doc = p.documents.emplace_back();
  doc.collection = "things";
  doc.id = "a";
  doc.event_type = "thing.created";
  doc.resource_name = "things/a";
  ASSERT_TRUE(store.Write(p).ok());
  EXPECT_FALSE(store.Write(p).ok());
  ASSERT_EQ(store.events().size(), 1u);
  EXPECT_EQ(store.events()[0].type, "thing.created");
}

}  // namespace
}  // namespace civitas::testing
