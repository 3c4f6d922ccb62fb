// RedisReply: an owned copy of a hiredis reply, so callers never touch hiredis memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace civitas {

struct RedisReply {
  enum class Type { kNil, kString, kStatus, kInteger, kArray, kError };
  Type type = Type::kNil;
  // Bulk string, status text or error text.
  std::string str;
  int64_t integer = 0;
  std::vector<RedisReply> elements;

  bool is_nil() const { return type == Type::kNil; }
  bool is_error() const { return type == Type::kError; }
};

}  // namespace civitas
