// HTTP/2 framing (RFC 9113 section 4 and 6): frame header layout, frame types, flags, settings
// and error codes, and writers that append frames to an output buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace civitas::http2 {

inline constexpr absl::string_view kClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
inline constexpr size_t kFrameHeaderSize = 9;
inline constexpr uint32_t kDefaultMaxFrameSize = 16384;
inline constexpr int64_t kDefaultWindow = 65535;
inline constexpr int64_t kMaxWindow = 0x7fffffff;

enum class FrameType : uint8_t {
  kData = 0x0,
  kHeaders = 0x1,
  kPriority = 0x2,
  kRstStream = 0x3,
  kSettings = 0x4,
  kPushPromise = 0x5,
  kPing = 0x6,
  kGoAway = 0x7,
  kWindowUpdate = 0x8,
  kContinuation = 0x9,
};

namespace flags {
inline constexpr uint8_t kEndStream = 0x1;
inline constexpr uint8_t kAck = 0x1;
inline constexpr uint8_t kEndHeaders = 0x4;
inline constexpr uint8_t kPadded = 0x8;
inline constexpr uint8_t kPriority = 0x20;
}  // namespace flags

enum class SettingId : uint16_t {
  kHeaderTableSize = 0x1,
  kEnablePush = 0x2,
  kMaxConcurrentStreams = 0x3,
  kInitialWindowSize = 0x4,
  kMaxFrameSize = 0x5,
  kMaxHeaderListSize = 0x6,
};

enum class ErrorCode : uint32_t {
  kNoError = 0x0,
  kProtocolError = 0x1,
  kInternalError = 0x2,
  kFlowControlError = 0x3,
  kSettingsTimeout = 0x4,
  kStreamClosed = 0x5,
  kFrameSizeError = 0x6,
  kRefusedStream = 0x7,
  kCancel = 0x8,
  kCompressionError = 0x9,
  kConnectError = 0xa,
  kEnhanceYourCalm = 0xb,
  kInadequateSecurity = 0xc,
  kHttp11Required = 0xd,
};

struct FrameHeader {
  uint32_t length = 0;
  FrameType type = FrameType::kData;
  uint8_t flags = 0;
  uint32_t stream_id = 0;
};

// Reads the 9-byte header at the start of `data`; nullopt when fewer bytes are there.
std::optional<FrameHeader> ParseFrameHeader(absl::string_view data);

uint32_t ReadUint32(const char* p);
uint16_t ReadUint16(const char* p);

void AppendFrameHeader(const FrameHeader& header, std::string* out);
void AppendSettings(std::initializer_list<std::pair<SettingId, uint32_t>> settings,
                    std::string* out);
void AppendSettingsAck(std::string* out);
void AppendPing(bool ack, absl::string_view opaque8, std::string* out);
void AppendWindowUpdate(uint32_t stream_id, uint32_t increment, std::string* out);
void AppendRstStream(uint32_t stream_id, ErrorCode code, std::string* out);
void AppendGoAway(uint32_t last_stream_id, ErrorCode code, std::string* out);

}  // namespace civitas::http2
