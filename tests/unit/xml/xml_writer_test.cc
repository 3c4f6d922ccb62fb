#include "libs/xml/xml_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <optional>
#include <string>

namespace civitas::xml {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// What a strict XML 1.0 parser (libxml2, no recovery) reads back: the text inside the root
// element, or nullopt when the document is not well-formed.
std::optional<std::string> ParsedText(const std::string& document) {
  xmlDocPtr doc = xmlReadMemory(document.data(), static_cast<int>(document.size()), "t.xml",
                                nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return std::nullopt;
  xmlChar* content = xmlNodeGetContent(xmlDocGetRootElement(doc));
  std::string out = content == nullptr ? "" : reinterpret_cast<const char*>(content);
  xmlFree(content);
  xmlFreeDoc(doc);
  return out;
}

TEST(XmlWriterTest, WhateverWasStoredTheDocumentIsWellFormed) {
  // Markup characters, a control, a NUL, a noncharacter, a lone surrogate's bytes, a truncated
  // sequence, and three scripts.
  const std::string stored = std::string("a<b>&\"c\" \x01 d", 11) + std::string(1, '\0') +
                             "e\xEF\xBF\xBE"
                             "f\xED\xA0\x80"
                             "g\xC3"
                             " Գորիս денний îngrijire";
  XmlWriter w;
  w.Start("root");
  w.WithText("item", {{"note", stored}}, stored);
  w.Finish();
  const std::string document = w.Take();
  EXPECT_THAT(document, HasSubstr("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  EXPECT_THAT(document, HasSubstr("a&lt;b&gt;&amp;"));
  EXPECT_THAT(document, Not(HasSubstr("\x01")));
  const std::optional<std::string> parsed = ParsedText(document);
  ASSERT_TRUE(parsed.has_value()) << "not well-formed: " << document;
  const std::string& text = *parsed;
  EXPECT_THAT(text, HasSubstr("a<b>&\"c\""));
  EXPECT_THAT(text, HasSubstr("Գորիս денний îngrijire"));
  EXPECT_THAT(text, HasSubstr("\xEF\xBF\xBD")) << "malformed UTF-8 becomes U+FFFD";
}

TEST(XmlWriterTest, PiecesTakenAsWrittenMakeTheWholeDocument) {
  XmlWriter w(/*indent=*/false);
  w.Start("root");
  std::string document = w.Take();
  for (int i = 0; i < 1000; ++i) {
    w.Empty("item", {{"n", std::to_string(i)}});
    if (i % 100 == 99) document += w.Take();
  }
  w.Finish();
  document += w.Take();
  EXPECT_THAT(document, HasSubstr("<item n=\"999\"/></root>"));
  xmlDocPtr doc = xmlReadMemory(document.data(), static_cast<int>(document.size()), "t.xml",
                                nullptr, XML_PARSE_NONET);
  ASSERT_NE(doc, nullptr);
  int items = 0;
  for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n != nullptr; n = n->next) ++items;
  xmlFreeDoc(doc);
  EXPECT_EQ(items, 1000);
  EXPECT_EQ(w.Take(), "") << "nothing left after the document was taken";
}

}  // namespace
}  // namespace civitas::xml
