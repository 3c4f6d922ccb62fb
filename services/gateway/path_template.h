// PathTemplate: the URL templates of google.api.http rules, e.g.
// `/v1/{name=organizations/*}`, `/v1/{organization.name=organizations/*}`,
// `/v1/{name=socialServices/*}:setAccreditation`. Grammar (google/api/http.proto):
//   Template = "/" Segments [ Verb ] ;  Segments = Segment { "/" Segment } ;
//   Segment  = "*" | "**" | LITERAL | Variable ;  Variable = "{" FieldPath [ "=" Segments ] "}" ;
//   Verb     = ":" LITERAL ;
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace civitas::gateway {

class PathTemplate {
 public:
  struct Variable {
    // Request field path, e.g. `organization.name`.
    std::string field_path;
    // Half-open range of segments the variable binds.
    size_t begin = 0;
    size_t end = 0;
    // True when the variable ends in `**` (binds the rest of the path).
    bool open_ended = false;
  };

  static absl::StatusOr<PathTemplate> Parse(const std::string& text);

  // Variable bindings (field path -> value, percent-decoded) when `path` matches.
  bool Match(const std::string& path,
             std::vector<std::pair<std::string, std::string>>* bindings) const;

  const std::string& text() const { return text_; }
  const std::string& verb() const { return verb_; }
  const std::vector<Variable>& variables() const { return variables_; }
  // Number of literal segments: more literal routes win over more general ones.
  int literal_count() const;

 private:
  std::string text_;
  // Literal segment text, or "*" / "**".
  std::vector<std::string> segments_;
  std::vector<Variable> variables_;
  std::string verb_;
};

// Percent-decodes `s`; false when an escape is malformed.
bool PercentDecode(const std::string& s, std::string* out);

}  // namespace civitas::gateway
