#include "libs/xml/xml_writer.h"

#include <libxml/xmlwriter.h>

#include "libs/common/text_characters.h"

namespace civitas::xml {
namespace {

// libxml2 takes NUL-terminated strings: a NUL inside is dropped by ExportableText (a control).
std::string Clean(absl::string_view text) { return ExportableText(text); }

const xmlChar* X(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

}  // namespace

struct XmlWriter::Impl {
  xmlBufferPtr buffer = xmlBufferCreate();
  xmlTextWriterPtr writer = xmlNewTextWriterMemory(buffer, 0);

  ~Impl() {
    xmlFreeTextWriter(writer);
    xmlBufferFree(buffer);
  }
};

XmlWriter::XmlWriter(bool indent) : impl_(std::make_unique<Impl>()) {
  if (indent) xmlTextWriterSetIndent(impl_->writer, 1);
  xmlTextWriterStartDocument(impl_->writer, "1.0", "UTF-8", nullptr);
}

XmlWriter::~XmlWriter() = default;

void XmlWriter::Start(absl::string_view element) {
  xmlTextWriterStartElement(impl_->writer, X(Clean(element)));
}

void XmlWriter::Attribute(absl::string_view name, absl::string_view value) {
  xmlTextWriterWriteAttribute(impl_->writer, X(Clean(name)), X(Clean(value)));
}

void XmlWriter::Text(absl::string_view text) {
  xmlTextWriterWriteString(impl_->writer, X(Clean(text)));
}

void XmlWriter::End() { xmlTextWriterEndElement(impl_->writer); }

void XmlWriter::Empty(absl::string_view element, Attributes attributes) {
  Start(element);
  for (const auto& [name, value] : attributes) Attribute(name, value);
  End();
}

void XmlWriter::WithText(absl::string_view element, Attributes attributes, absl::string_view text) {
  Start(element);
  for (const auto& [name, value] : attributes) Attribute(name, value);
  Text(text);
  End();
}

void XmlWriter::Finish() { xmlTextWriterEndDocument(impl_->writer); }

std::string XmlWriter::Take() {
  xmlTextWriterFlush(impl_->writer);
  std::string out(reinterpret_cast<const char*>(xmlBufferContent(impl_->buffer)),
                  static_cast<size_t>(xmlBufferLength(impl_->buffer)));
  xmlBufferEmpty(impl_->buffer);
  return out;
}

}  // namespace civitas::xml
