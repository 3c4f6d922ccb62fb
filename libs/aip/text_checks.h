// What every stored text must be, checked on every request before a use case sees it: whatever a
// user stores reaches exports (XML, CSV, JSON) and other users' screens, so it holds characters
// only. Refused, naming the field: control characters (C0, DEL, C1) and Unicode noncharacters
// (U+FFFE, U+FFFF, U+FDD0..U+FDEF and the last two code points of every plane), none of which is
// text and some of which XML 1.0 forbids outright. Prose fields (IsProseField) may also hold
// tab, line feed and carriage return; every other field is a single line.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <string>

#include "absl/strings/string_view.h"
#include "libs/common/field_violations.h"

namespace civitas::aip {

// A field of several lines: its name ends in description, summary, narrative, note(s),
// comment, reason(s), statement or evidence (`description`, `review_comment`,
// `conflict_statement`), or it is a google.protobuf.Value's string (free data).
bool IsProseField(const google::protobuf::FieldDescriptor* field);

// Why `text` cannot be stored ("" when it can): the first offending character, by code point
// and position (in characters, from 1).
std::string TextProblem(absl::string_view text, bool multiline);

// Every string field of `message` that the client may set (not OUTPUT_ONLY), through nested
// messages, repeated fields and map values; violations name each by its path
// (`application.title[en]`, `criteria[2].title[ro]`). Bytes fields are not text and are skipped.
void CheckTextFields(const google::protobuf::Message& message, Violations* v);

}  // namespace civitas::aip
