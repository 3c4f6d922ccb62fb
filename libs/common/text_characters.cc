#include "libs/common/text_characters.h"

namespace civitas {

int32_t NextCodePoint(absl::string_view text, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t lead = byte(*i);
  int length = 0;
  int32_t cp = 0;
  if (lead < 0x80) {
    ++*i;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    ++*i;
    return -1;
  }
  for (int k = 1; k < length; ++k) {
    if (*i + k >= text.size() || (byte(*i + k) & 0xC0) != 0x80) {
      *i += k;
      return -1;
    }
    cp = (cp << 6) | (byte(*i + k) & 0x3F);
  }
  *i += length;
  static constexpr int32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  return cp;
}

std::string ExportableText(absl::string_view text) {
  std::string out;
  AssignExportableText(text, &out);
  return out;
}

void AssignExportableText(absl::string_view text, std::string* out) {
  // Printable ASCII (and tabs and line breaks), most of what is stored, is exportable as it is.
  bool ascii = true;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte >= 0x7F) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    out->assign(text.data(), text.size());
    return;
  }
  out->clear();
  out->reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    const int32_t cp = NextCodePoint(text, &i);
    if (cp < 0) {
      out->append("\xEF\xBF\xBD");  // U+FFFD
    } else if ((IsControlCharacter(cp) && !IsLineBreakOrTab(cp)) || IsNoncharacter(cp)) {
      continue;
    } else {
      out->append(text.data() + start, i - start);
    }
  }
}

}  // namespace civitas
