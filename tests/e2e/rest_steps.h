// Steps of end-to-end tests over REST: send a request to the stack's gateway, expect a status,
// read fields of the JSON reply by dotted path. Each e2e binary's test environment sets
// rest_stack once its CivitasStack is up.
#pragma once

#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/testing/redis_server.h"
#include "tests/e2e/civitas_stack.h"

namespace civitas::testing {

inline CivitasStack* rest_stack = nullptr;
// The Redis of the stack's country gr-md's figures, when the stack places it on one of its own.
inline RedisServer* country_redis = nullptr;

inline google::protobuf::Struct Json(const std::string& text) {
  google::protobuf::Struct out;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text, &out).ok()) << text;
  return out;
}

// The value at a dotted path (`amount.amountMinor`, `items.0.name` for a list's first entry) as
// text; "" when missing.
inline std::string At(const google::protobuf::Struct& s, const std::string& path) {
  const google::protobuf::Value* value = nullptr;
  const google::protobuf::Struct* node = &s;
  std::string rest = path;
  for (;;) {
    const size_t dot = rest.find('.');
    const std::string key = rest.substr(0, dot);
    if (value != nullptr && value->has_list_value()) {
      size_t index = 0;
      if (!absl::SimpleAtoi(key, &index) || index >= value->list_value().values().size()) {
        return "";
      }
      value = &value->list_value().values(index);
    } else {
      auto it = node->fields().find(key);
      if (it == node->fields().end()) return "";
      value = &it->second;
    }
    if (dot == std::string::npos) {
      if (value->has_number_value()) return absl::StrCat(value->number_value());
      if (value->has_bool_value()) return value->bool_value() ? "true" : "false";
      return value->string_value();
    }
    node = &value->struct_value();
    rest = rest.substr(dot + 1);
  }
}

struct Reply {
  int status = 0;
  google::protobuf::Struct body;
  std::string text;
};

inline Reply Send(const std::string& method, const std::string& target,
                  const std::string& token = "", const std::string& body = "") {
  auto r = rest_stack->Call(method, target, token, body);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return {};
  Reply out{r->status, {}, r->body};
  if (!r->body.empty() && r->body[0] == '{') out.body = Json(r->body);
  return out;
}

// Sends and expects `status`; the reply's body for the next step.
inline google::protobuf::Struct Must(int status, const std::string& method,
                                     const std::string& target, const std::string& token,
                                     const std::string& body = "{}") {
  Reply r = Send(method, target, token, body);
  EXPECT_EQ(r.status, status) << method << " " << target << ": " << r.text;
  return r.body;
}

}  // namespace civitas::testing
