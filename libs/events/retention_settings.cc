#include "libs/events/retention_settings.h"

#include <utility>

namespace civitas::events {

void DeclareRetentionSettings(SettingsSchema* schema) {
  schema
      ->Int("outbox_min_age_seconds", 24 * 3600,
            "events stay in the outbox stream at least this long; older ones go once every "
            "consumer group has acknowledged them",
            0, 366 * 24 * 3600)
      .Int("outbox_trim_interval_seconds", 60, "how often the outbox stream is trimmed", 1, 86400);
}

StreamRetentionOptions RetentionOptionsFrom(const Settings& settings, std::string stream) {
  StreamRetentionOptions options;
  options.stream = std::move(stream);
  options.min_age = absl::Seconds(settings.Int("outbox_min_age_seconds"));
  options.interval = absl::Seconds(settings.Int("outbox_trim_interval_seconds"));
  return options;
}

}  // namespace civitas::events
