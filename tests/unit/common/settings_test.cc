#include "libs/common/settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

SettingsSchema Schema() {
  SettingsSchema schema("civitas-test");
  schema.String("address", "127.0.0.1:1", "where to listen")
      .Int("threads", 4, "worker threads", 1, 64)
      .Bool("verbose", false, "say more")
      .Choice("level", "info", {"info", "warn"}, "least severe level")
      .Secret("secret", "dev-secret", "signing secret");
  return schema;
}

absl::StatusOr<Settings> Parse(std::vector<const char*> args, std::vector<const char*> env = {}) {
  args.insert(args.begin(), "civitas-test");
  env.push_back(nullptr);
  return Settings::Parse(Schema(), static_cast<int>(args.size()), args.data(), env.data());
}

TEST(SettingsTest, FlagBeatsEnvironmentBeatsDefault) {
  auto s = Parse({"--address=from-flag"},
                 {"CIVITAS_ADDRESS=from-env", "CIVITAS_THREADS=8", "PATH=/bin", "HOME=/root"});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->String("address"), "from-flag");
  EXPECT_EQ(s->Int("threads"), 8);
  EXPECT_FALSE(s->Bool("verbose"));
  EXPECT_EQ(s->String("level"), "info");
  EXPECT_EQ(s->String("secret"), "dev-secret");
}

TEST(SettingsTest, UnknownFlagsAndEnvironmentVariablesStopStartUpNamingEach) {
  auto s = Parse({"--adress=x", "--threads=2"}, {"CIVITAS_THREAD=3", "OTHER_THING=1"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(),
              AllOf(HasSubstr("unknown flag --adress"),
                    HasSubstr("CIVITAS_THREAD is not a setting of civitas-test"),
                    HasSubstr("civitas-test --help"), Not(HasSubstr("OTHER_THING"))));
}

TEST(SettingsTest, MalformedValuesAreRefusedNamingTheirSource) {
  auto s = Parse({"--threads=many", "--verbose=perhaps", "--level=loud"},
                 {"CIVITAS_ADDRESS=ok", "CIVITAS_THREADS=99"});
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(),
              AllOf(HasSubstr("--threads='many' must be an integer"),
                    HasSubstr("--verbose='perhaps' must be true or false"),
                    HasSubstr("--level='loud' must be one of info, warn"),
                    HasSubstr("CIVITAS_THREADS=99 must be between 1 and 64")));
  EXPECT_FALSE(Parse({"--threads=0"}).ok());
  EXPECT_FALSE(Parse({"--threads=9999999999999999999999"}).ok());
}

TEST(SettingsTest, BareFlagIsTrueForBoolsAndNeedsAValueOtherwise) {
  auto s = Parse({"--verbose"});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->Bool("verbose"));
  auto bare = Parse({"--address"});
  ASSERT_FALSE(bare.ok());
  EXPECT_THAT(bare.status().message(), HasSubstr("--address needs a value"));
  EXPECT_TRUE(Parse({"--verbose=no"}).ok());
  EXPECT_FALSE(Parse({"--verbose=no"})->Bool("verbose"));
}

TEST(SettingsTest, PositionalArgumentsAndRepeatedFlagsAreRefused) {
  EXPECT_THAT(Parse({"serve"}).status().message(), HasSubstr("unexpected argument 'serve'"));
  EXPECT_THAT(Parse({"--threads=2", "--threads=3"}).status().message(),
              HasSubstr("--threads is given more than once"));
}

TEST(SettingsTest, HelpListsEverySettingAndHidesSecrets) {
  auto s = Parse({"--help", "--bogus"});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->help_requested());
  const std::string help = Schema().Help();
  EXPECT_THAT(help, AllOf(HasSubstr("--address (string, CIVITAS_ADDRESS)"),
                          HasSubstr("--threads (integer in [1, 64], CIVITAS_THREADS)"),
                          HasSubstr("--level (info|warn, CIVITAS_LEVEL)"),
                          HasSubstr("worker threads"), HasSubstr("default: \"4\""),
                          HasSubstr("--secret"), Not(HasSubstr("dev-secret"))));
}

TEST(SettingsTest, FromMapChecksLikeFlags) {
  auto s = Settings::FromMap(Schema(), {{"threads", "7"}});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->Int("threads"), 7);
  EXPECT_FALSE(Settings::FromMap(Schema(), {{"nope", "1"}}).ok());
}

TEST(SettingsTest, DeclaringANameTwiceIsRefused) {
  SettingsSchema schema("civitas-test");
  schema.String("a", "", "first").Int("a", 1, "second");
  const char* argv[] = {"civitas-test"};
  auto s = Settings::Parse(schema, 1, argv, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("setting a is declared twice"));
}

TEST(SettingsDeathTest, ReadingAnUndeclaredOrMistypedSettingAborts) {
  auto s = Parse({});
  ASSERT_TRUE(s.ok());
  EXPECT_DEATH(s->String("nope"), "setting nope read as string, but it is not declared so");
  EXPECT_DEATH(s->Int("address"), "setting address read as integer");
}

}  // namespace
}  // namespace civitas

namespace civitas {
namespace {

TEST(SettingsTest, HelpJsonListsEverySettingForToolsWithoutSecrets) {
  SettingsSchema schema("civitas-test");
  schema.String("address", "127.0.0.1:1", "where \"to\" listen\\")
      .Int("threads", 4, "worker threads", 1, 64)
      .Secret("secret", "dev-secret", "signing secret");
  const std::string json = schema.HelpJson();
  EXPECT_THAT(json, HasSubstr(R"({"name":"address","environment":"CIVITAS_ADDRESS",)"
                              R"("type":"string","default":"127.0.0.1:1",)"
                              R"("help":"where \"to\" listen\\","secret":false})"));
  EXPECT_THAT(
      json,
      HasSubstr(R"("name":"threads","environment":"CIVITAS_THREADS","type":"integer in [1, 64]")"));
  EXPECT_THAT(json, HasSubstr(R"("name":"secret","environment":"CIVITAS_SECRET","type":"string",)"
                              R"("default":null,"help":"signing secret","secret":true})"));
  EXPECT_THAT(json, Not(HasSubstr("dev-secret")));
  const char* argv[] = {"civitas-test", "--help=json"};
  const char* env[] = {nullptr};
  auto settings = Settings::Parse(schema, 2, argv, env);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_TRUE(settings->help_requested());
  EXPECT_TRUE(settings->help_json_requested());
}

}  // namespace
}  // namespace civitas
