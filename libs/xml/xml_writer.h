// XmlWriter: an XML document written element by element through libxml2's xmlTextWriter into
// memory and taken in pieces, so that an export streams whatever its size. libxml2 escapes
// markup (<, &, quotes) but passes on bytes that are not UTF-8 and code points XML 1.0 forbids
// (controls, noncharacters); every name, attribute value and text therefore goes through
// ExportableText first, and the document is well-formed whatever was stored. Shared by the
// services' XML exports (grants' IATI activities).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace civitas::xml {

// Not thread-safe: one per document.
class XmlWriter {
 public:
  using Attributes = std::initializer_list<std::pair<absl::string_view, absl::string_view>>;

  // Starts the document: `<?xml version="1.0" encoding="UTF-8"?>`, indented when asked.
  explicit XmlWriter(bool indent = true);
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  void Start(absl::string_view element);
  void Attribute(absl::string_view name, absl::string_view value);
  void Text(absl::string_view text);
  void End();
  // <element a="..." b="..."/>.
  void Empty(absl::string_view element, Attributes attributes);
  // <element a="...">text</element>.
  void WithText(absl::string_view element, Attributes attributes, absl::string_view text);
  // Closes every open element and the document; Take then returns its end.
  void Finish();
  // The document's bytes written since the last Take.
  std::string Take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace civitas::xml
