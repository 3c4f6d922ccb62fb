// The outbox retention settings every service that writes events declares, and the options they
// give (see stream_retention.h for the policy).
#pragma once

#include <string>

#include "libs/common/settings.h"
#include "libs/events/stream_retention.h"

namespace civitas::events {

// outbox_min_age_seconds, outbox_trim_interval_seconds.
void DeclareRetentionSettings(SettingsSchema* schema);
StreamRetentionOptions RetentionOptionsFrom(const Settings& settings, std::string stream);

}  // namespace civitas::events
