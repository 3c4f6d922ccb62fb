#include "libs/aip/text_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "civitas/accreditation/v1/resources.pb.h"
#include "civitas/grants/v1/grants_service.pb.h"
#include "civitas/registry/v1/registry_service.pb.h"
#include "google/protobuf/struct.pb.h"

namespace civitas::aip {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::map<std::string, std::string> ByField(const Violations& v) {
  std::map<std::string, std::string> out;
  for (const auto& item : v.items()) out[item.field] = item.description;
  return out;
}

TEST(TextProblemTest, RefusesControlsAndNoncharactersNamingTheCharacter) {
  EXPECT_EQ(TextProblem("Goris day care, Գորիս ☀ 𝄞", false), "");
  EXPECT_THAT(TextProblem(std::string("a\0b", 3), false),
              HasSubstr("control character U+0000 (at character 2)"));
  EXPECT_THAT(TextProblem("a\x7F", false), HasSubstr("U+007F"));
  EXPECT_THAT(TextProblem("a\xC2\x85", false), HasSubstr("U+0085"));  // C1 next line
  EXPECT_THAT(TextProblem("Day care \xEF\xBF\xBE", false), HasSubstr("U+FFFE (at character 10)"));
  EXPECT_THAT(TextProblem("\xEF\xBF\xBF", true), HasSubstr("U+FFFF"));
  EXPECT_THAT(TextProblem("\xEF\xB7\x90", true), HasSubstr("U+FDD0"));
  EXPECT_THAT(TextProblem("\xF0\x9F\xBF\xBE", true), HasSubstr("U+1FFFE"));
  EXPECT_THAT(TextProblem("\xC3(", true), HasSubstr("not valid UTF-8"));
  // Prose keeps tab and line breaks; a single-line field does not.
  EXPECT_EQ(TextProblem("line one\r\n\tline two", true), "");
  EXPECT_THAT(TextProblem("title\nsecond line", false),
              HasSubstr("must be a single line: U+000A (line feed) at character 6"));
}

TEST(CheckTextFieldsTest, NamesEveryBadFieldByItsPathThroughMapsAndLists) {
  grants::v1::CreateApplicationRequest request;
  grants::v1::Application& a = *request.mutable_application();
  (*a.mutable_title())["en"] = "Day care \xEF\xBF\xBE\xEF\xBF\xBF";
  (*a.mutable_summary())["ro"] = "Several\nlines\tare fine here";
  a.set_call("calls/c1\x01");
  a.add_partners("organizations/ok");
  a.add_partners("organizations/\x1F");
  a.add_budget_lines()->set_category("staff\ncosts");
  Violations v;
  CheckTextFields(request, &v);
  const auto fields = ByField(v);
  EXPECT_EQ(fields.size(), 4u) << ::testing::PrintToString(fields);
  EXPECT_THAT(fields.at("application.title[en]"), HasSubstr("U+FFFE"));
  EXPECT_THAT(fields.at("application.call"), HasSubstr("U+0001"));
  EXPECT_THAT(fields.at("application.partners[1]"), HasSubstr("U+001F"));
  EXPECT_THAT(fields.at("application.budget_lines[0].category"), HasSubstr("single line"));
}

TEST(CheckTextFieldsTest, ProseFieldsAreKnownByName) {
  const auto* application = grants::v1::Application::descriptor();
  EXPECT_TRUE(IsProseField(application->FindFieldByName("summary")));
  EXPECT_FALSE(IsProseField(application->FindFieldByName("title")));
  const auto* review = grants::v1::Review::descriptor();
  EXPECT_TRUE(IsProseField(review->FindFieldByName("conflict_statement")));
  EXPECT_TRUE(IsProseField(review->FindFieldByName("comment")));
  EXPECT_TRUE(IsProseField(
      accreditation::v1::ConditionEvidence::descriptor()->FindFieldByName("evidence")));
  EXPECT_TRUE(IsProseField(google::protobuf::Value::descriptor()->FindFieldByName("string_value")));
  registry::v1::CreateOrganizationRequest clean;
  (*clean.mutable_organization()->mutable_display_name())["hy"] = "Գորիսի կանանց ռեսուրս կենտրոն";
  Violations v;
  CheckTextFields(clean, &v);
  EXPECT_THAT(v.items(), IsEmpty());
}

}  // namespace
}  // namespace civitas::aip
