#include "services/grants/app/grant_document.h"

#include <utility>

#include "libs/json/proto_json_writer.h"

namespace civitas::grants {

GrantDocument::GrantDocument(GrantExportFormat format, std::string grant_prefix,
                             absl::Time generated)
    : format_(format), prefix_(std::move(grant_prefix)) {
  // The IATI document is one libxml2 writer's from its declaration to its closing tag.
  if (format_ == GrantExportFormat::kIatiXml) {
    iati_ = std::make_unique<IatiActivitiesWriter>(generated);
  }
}

GrantDocument::~GrantDocument() = default;

const char* GrantDocument::content_type() const {
  switch (format_) {
    case GrantExportFormat::k360GivingJson:
      return "application/json";
    case GrantExportFormat::k360GivingCsv:
      return "text/csv; charset=utf-8";
    case GrantExportFormat::kIatiXml:
      return "application/xml";
  }
  return "application/octet-stream";
}

std::string GrantDocument::Page(const std::vector<ExportedGrant>& page, bool first) {
  std::string data;
  switch (format_) {
    case GrantExportFormat::k360GivingJson:
      if (first) data = "{\"grants\":[";
      for (const ExportedGrant& g : page) {
        if (std::exchange(any_grant_, true)) data.push_back(',');
        json::AppendJson(ThreeSixtyGivingGrant(g, prefix_), &data);
      }
      break;
    case GrantExportFormat::k360GivingCsv:
      if (first) data = ThreeSixtyGivingCsvHeader();
      for (const ExportedGrant& g : page) AppendThreeSixtyGivingCsvRow(g, prefix_, &data);
      break;
    case GrantExportFormat::kIatiXml:
      for (const ExportedGrant& g : page) iati_->Add(g);
      data = iati_->Take();
      break;
  }
  return data;
}

std::string GrantDocument::Finish() {
  switch (format_) {
    case GrantExportFormat::k360GivingJson:
      return "]}\n";
    case GrantExportFormat::kIatiXml:
      iati_->Finish();
      return iati_->Take();
    case GrantExportFormat::k360GivingCsv:
      break;
  }
  return "";
}

}  // namespace civitas::grants
