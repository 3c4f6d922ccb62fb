// GrantDocument: one export of grants as a document in the format asked for (360Giving JSON or
// CSV, IATI activity XML), written a page of grants at a time so that an export streams whatever
// its size: the opening leads the first page, the closing comes from Finish. The formats are
// domain/ rules (grant_exports); this assembles them for api/.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/grants/domain/grant_exports.h"

namespace civitas::grants {

enum class GrantExportFormat { k360GivingJson, k360GivingCsv, kIatiXml };

// Not thread-safe: one per export.
class GrantDocument {
 public:
  // `grant_prefix`: the publisher's prefix of grant identifiers; `generated`: the IATI
  // document's generated-datetime.
  GrantDocument(GrantExportFormat format, std::string grant_prefix, absl::Time generated);
  ~GrantDocument();

  // `application/json`, `text/csv; charset=utf-8` or `application/xml`.
  const char* content_type() const;
  // The document's bytes for `page`; `first` for the first page.
  std::string Page(const std::vector<ExportedGrant>& page, bool first);
  // The document's closing bytes (empty for CSV).
  std::string Finish();

 private:
  const GrantExportFormat format_;
  const std::string prefix_;
  bool any_grant_ = false;  // a JSON grant is out: the next needs a comma
  std::unique_ptr<IatiActivitiesWriter> iati_;
};

}  // namespace civitas::grants
