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
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

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

  // A request path split once for all the templates it is matched against: the segments after
  // the leading '/' (none when the path does not start with one).
  static std::vector<absl::string_view> Split(absl::string_view path);

  // Variable bindings (field path -> value, percent-decoded) when `path` matches.
  bool Match(const std::string& path,
             std::vector<std::pair<std::string, std::string>>* bindings) const;
  // The same for a path already split (Split): compares without copying, and decodes only the
  // bindings of a match.
  bool Match(absl::Span<const absl::string_view> parts,
             std::vector<std::pair<std::string, std::string>>* bindings) const;

  const std::string& text() const { return text_; }
  // Literal segment text, or "*" / "**" (a variable's segments are its pattern's).
  const std::vector<std::string>& segments() const { return segments_; }
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
