// Generators of resource ids. Injected so that tests can make ids predictable.
#pragma once

#include <atomic>
#include <string>

#include "absl/random/random.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace civitas {

// IdGenerator is an interface; implementations are thread-safe.
class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // A new id matching `[a-z0-9][a-z0-9-]{0,62}`.
  virtual std::string NewId() = 0;
};

// RandomIdGenerator makes 20-character base32 ids (100 bits of randomness).
class RandomIdGenerator final : public IdGenerator {
 public:
  std::string NewId() override;

 private:
  absl::Mutex mu_;
  absl::BitGen gen_;
};

// SequentialIdGenerator makes `prefix1`, `prefix2`, ... for tests.
class SequentialIdGenerator final : public IdGenerator {
 public:
  explicit SequentialIdGenerator(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string NewId() override { return prefix_ + std::to_string(++next_); }

 private:
  std::string prefix_;
  std::atomic<int> next_{0};
};

// True when `id` is a valid client-chosen resource id.
bool IsValidResourceId(absl::string_view id);

}  // namespace civitas
