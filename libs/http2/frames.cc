#include "libs/http2/frames.h"

namespace civitas::http2 {
namespace {

void AppendUint32(uint32_t v, std::string* out) {
  out->push_back(static_cast<char>(v >> 24));
  out->push_back(static_cast<char>(v >> 16));
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

}  // namespace

uint32_t ReadUint32(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

uint16_t ReadUint16(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return static_cast<uint16_t>((u[0] << 8) | u[1]);
}

std::optional<FrameHeader> ParseFrameHeader(absl::string_view data) {
  if (data.size() < kFrameHeaderSize) return std::nullopt;
  const auto* u = reinterpret_cast<const uint8_t*>(data.data());
  FrameHeader h;
  h.length = (uint32_t{u[0]} << 16) | (uint32_t{u[1]} << 8) | u[2];
  h.type = static_cast<FrameType>(u[3]);
  h.flags = u[4];
  h.stream_id = ReadUint32(data.data() + 5) & 0x7fffffff;
  return h;
}

void AppendFrameHeader(const FrameHeader& h, std::string* out) {
  out->push_back(static_cast<char>(h.length >> 16));
  out->push_back(static_cast<char>(h.length >> 8));
  out->push_back(static_cast<char>(h.length));
  out->push_back(static_cast<char>(h.type));
  out->push_back(static_cast<char>(h.flags));
  AppendUint32(h.stream_id & 0x7fffffff, out);
}

void AppendSettings(std::initializer_list<std::pair<SettingId, uint32_t>> settings,
                    std::string* out) {
  AppendFrameHeader({static_cast<uint32_t>(6 * settings.size()), FrameType::kSettings, 0, 0}, out);
  for (const auto& [id, value] : settings) {
    out->push_back(static_cast<char>(static_cast<uint16_t>(id) >> 8));
    out->push_back(static_cast<char>(static_cast<uint16_t>(id)));
    AppendUint32(value, out);
  }
}

void AppendSettingsAck(std::string* out) {
  AppendFrameHeader({0, FrameType::kSettings, flags::kAck, 0}, out);
}

void AppendPing(bool ack, absl::string_view opaque8, std::string* out) {
  AppendFrameHeader({8, FrameType::kPing, ack ? flags::kAck : uint8_t{0}, 0}, out);
  out->append(opaque8.data(), 8);
}

void AppendWindowUpdate(uint32_t stream_id, uint32_t increment, std::string* out) {
  AppendFrameHeader({4, FrameType::kWindowUpdate, 0, stream_id}, out);
  AppendUint32(increment & 0x7fffffff, out);
}

void AppendRstStream(uint32_t stream_id, ErrorCode code, std::string* out) {
  AppendFrameHeader({4, FrameType::kRstStream, 0, stream_id}, out);
  AppendUint32(static_cast<uint32_t>(code), out);
}

void AppendGoAway(uint32_t last_stream_id, ErrorCode code, std::string* out) {
  AppendFrameHeader({8, FrameType::kGoAway, 0, 0}, out);
  AppendUint32(last_stream_id & 0x7fffffff, out);
  AppendUint32(static_cast<uint32_t>(code), out);
}

}  // namespace civitas::http2
