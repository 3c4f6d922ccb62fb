#include "libs/common/parse_without_fields.h"

#include <algorithm>
#include <limits>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"

namespace civitas {

using google::protobuf::internal::WireFormatLite;

bool ParseWithoutFields(absl::string_view bytes, std::initializer_list<int> skipped,
                        google::protobuf::Message* message) {
  message->Clear();
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  google::protobuf::io::CodedInputStream in(data, static_cast<int>(bytes.size()));
  // A message's wire form is a concatenation of fields, and parsing a concatenation merges its
  // parts: the kept runs are merged in the order they come, so a singular field given twice
  // (last wins) and repeated fields (appended in order) end as a whole parse leaves them.
  int run_start = 0;
  auto merge_run = [&](int end) {
    if (end <= run_start) return true;
    google::protobuf::io::ArrayInputStream run(data + run_start, end - run_start);
    return message->MergePartialFromBoundedZeroCopyStream(&run, end - run_start);
  };
  while (true) {
    const int field_start = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      // The end, or a tag no parser accepts (0, or past the end): a whole parse decides which.
      if (!merge_run(static_cast<int>(bytes.size()))) return false;
      break;
    }
    const int number = static_cast<int>(WireFormatLite::GetTagFieldNumber(tag));
    if (std::find(skipped.begin(), skipped.end(), number) == skipped.end()) {
      // Kept: the parser reads it again with the rest of its run, and judges it then.
      if (!WireFormatLite::SkipField(&in, tag)) return false;
      continue;
    }
    // Skipped: its framing is refused where the parser would refuse it (CodedInputStream reads
    // tags and lengths of up to 10 bytes, the parser of up to 5).
    if (in.CurrentPosition() - field_start > 5) return false;
    if (WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      const int length_start = in.CurrentPosition();
      uint32_t length = 0;
      if (!in.ReadVarint32(&length) || in.CurrentPosition() - length_start > 5 ||
          length > static_cast<uint32_t>(std::numeric_limits<int32_t>::max()) ||
          !in.Skip(static_cast<int>(length))) {
        return false;
      }
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
    if (!merge_run(field_start)) return false;
    run_start = in.CurrentPosition();
  }
  return message->IsInitialized();
}

}  // namespace civitas
