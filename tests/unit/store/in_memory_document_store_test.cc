#include "libs/store/in_memory_document_store.h"

#include "tests/shared/document_store_contract.h"

namespace civitas::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(InMemory, DocumentStoreContractTest,
                         ::testing::Values([]() -> std::unique_ptr<DocumentStore> {
                           return std::make_unique<InMemoryDocumentStore>();
                         }));

TEST(InMemoryDocumentStoreTest, EveryAppliedWriteEmitsOneEvent) {
  InMemoryDocumentStore store;
  WritePlan p;
  p.collection = "things";
  p.id = "a";
  p.event_type = "thing.created";
  p.resource_name = "things/a";
  ASSERT_TRUE(store.Write(p).ok());
  EXPECT_FALSE(store.Write(p).ok());
  ASSERT_EQ(store.events().size(), 1u);
  EXPECT_EQ(store.events()[0].type, "thing.created");
}

}  // namespace
}  // namespace civitas::testing
