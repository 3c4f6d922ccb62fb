#include "services/gateway/path_template.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace civitas::gateway {
namespace {

absl::Status Bad(const std::string& text, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("bad path template '", text, "': ", why));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A literal segment, `*` or `**`: no template syntax inside a literal.
bool IsSegment(absl::string_view seg) {
  if (seg.empty()) return false;
  if (seg == "*" || seg == "**") return true;
  return seg.find_first_of("{}=*/:") == absl::string_view::npos;
}

// `a.b_c`: dot-separated proto field names.
bool IsFieldPath(absl::string_view path) {
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (part.empty() || absl::ascii_isdigit(static_cast<unsigned char>(part[0]))) return false;
    for (char c : part) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    }
  }
  return true;
}

}  // namespace

bool PercentDecode(const std::string& s, std::string* out) {
  out->clear();
  out->reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return false;
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out->push_back(s[i]);
    }
  }
  return true;
}

absl::StatusOr<PathTemplate> PathTemplate::Parse(const std::string& text) {
  PathTemplate t;
  t.text_ = text;
  if (text.empty() || text[0] != '/') return Bad(text, "must start with /");
  std::string body = text.substr(1);
  // The verb follows the last ':' outside braces.
  int depth = 0;
  size_t verb_pos = std::string::npos;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '{') ++depth;
    if (body[i] == '}') --depth;
    if (body[i] == ':' && depth == 0) verb_pos = i;
  }
  if (verb_pos != std::string::npos) {
    t.verb_ = body.substr(verb_pos + 1);
    body = body.substr(0, verb_pos);
    if (t.verb_.empty()) return Bad(text, "empty verb");
    if (t.verb_.find_first_of("{}=*/:") != std::string::npos) return Bad(text, "malformed verb");
  }
  size_t i = 0;
  while (i <= body.size()) {
    if (i < body.size() && body[i] == '{') {
      size_t close = body.find('}', i);
      if (close == std::string::npos) return Bad(text, "unclosed {");
      std::string inner = body.substr(i + 1, close - i - 1);
      std::vector<std::string> kv = absl::StrSplit(inner, absl::MaxSplits('=', 1));
      Variable var;
      var.field_path = kv[0];
      if (!IsFieldPath(var.field_path)) return Bad(text, "variable without a field path");
      var.begin = t.segments_.size();
      std::string pattern = kv.size() == 2 ? kv[1] : "*";
      for (absl::string_view seg : absl::StrSplit(pattern, '/')) {
        if (!IsSegment(seg)) return Bad(text, "malformed segment in variable");
        t.segments_.push_back(std::string(seg));
        if (seg == "**") var.open_ended = true;
      }
      var.end = t.segments_.size();
      t.variables_.push_back(var);
      i = close + 1;
    } else {
      size_t slash = body.find('/', i);
      size_t end = slash == std::string::npos ? body.size() : slash;
      std::string seg = body.substr(i, end - i);
      if (!IsSegment(seg)) return Bad(text, "empty or malformed segment");
      t.segments_.push_back(seg);
      i = end;
    }
    if (i >= body.size()) break;
    if (body[i] != '/') return Bad(text, "expected / after a segment");
    ++i;
  }
  for (size_t s = 0; s < t.segments_.size(); ++s) {
    if (t.segments_[s] == "**" && s + 1 != t.segments_.size()) {
      return Bad(text, "** must be the last segment");
    }
  }
  return t;
}

std::vector<absl::string_view> PathTemplate::Split(absl::string_view path) {
  if (path.empty() || path[0] != '/') return {};
  return absl::StrSplit(path.substr(1), '/');
}

bool PathTemplate::Match(const std::string& path,
                         std::vector<std::pair<std::string, std::string>>* bindings) const {
  const std::vector<absl::string_view> parts = Split(path);
  if (parts.empty()) return false;
  return Match(parts, bindings);
}

bool PathTemplate::Match(absl::Span<const absl::string_view> parts,
                         std::vector<std::pair<std::string, std::string>>* bindings) const {
  if (parts.empty()) return false;
  // With a verb, the last segment ends in `:<verb>`, which is not part of what it binds.
  absl::string_view last = parts.back();
  if (!verb_.empty()) {
    if (last.size() <= verb_.size() + 1 || !absl::EndsWith(last, verb_) ||
        last[last.size() - verb_.size() - 1] != ':') {
      return false;
    }
    last.remove_suffix(verb_.size() + 1);
  }
  const size_t n = parts.size();
  auto part = [&](size_t s) { return s + 1 == n ? last : parts[s]; };
  const bool open = !segments_.empty() && segments_.back() == "**";
  if (open ? n < segments_.size() : n != segments_.size()) return false;
  for (size_t s = 0; s < segments_.size(); ++s) {
    const std::string& seg = segments_[s];
    if (seg == "**") break;
    const absl::string_view p = part(s);
    if (p.empty()) return false;
    if (seg == "*") {
      // A verb-less template must not swallow another route's `:verb`.
      if (verb_.empty() && p.find(':') != absl::string_view::npos) return false;
      continue;
    }
    if (p != seg) return false;
  }
  bindings->clear();
  for (const Variable& v : variables_) {
    const size_t end = v.open_ended ? n : v.end;
    std::string value;
    for (size_t s = v.begin; s < end; ++s) {
      std::string decoded;
      if (!PercentDecode(std::string(part(s)), &decoded)) return false;
      if (s > v.begin) value += '/';
      value += decoded;
    }
    bindings->emplace_back(v.field_path, std::move(value));
  }
  return true;
}

int PathTemplate::literal_count() const {
  int n = 0;
  for (const auto& s : segments_) {
    if (s != "*" && s != "**") ++n;
  }
  return n;
}

}  // namespace civitas::gateway
