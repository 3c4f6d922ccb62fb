#include "libs/aip/update_mask.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/field_mask_util.h"
#include "libs/common/field_violations.h"

namespace civitas::aip {
namespace {

// The field a mask path names: its proto name, or leniently a camelCase spelling of it
// (`legalForm`, or `LegalForm` as grpc-gateway v1 sends).
const google::protobuf::FieldDescriptor* FindMaskField(const google::protobuf::Descriptor* desc,
                                                       const std::string& path) {
  if (const auto* f = desc->FindFieldByName(path)) return f;
  if (path.empty()) return nullptr;
  std::string camel = path;
  camel[0] = absl::ascii_tolower(static_cast<unsigned char>(camel[0]));
  google::protobuf::FieldMask snake;
  if (camel.find(',') != std::string::npos ||
      !google::protobuf::util::FieldMaskUtil::FromJsonString(camel, &snake) ||
      snake.paths_size() != 1) {
    return nullptr;
  }
  return desc->FindFieldByName(snake.paths(0));
}

}  // namespace

absl::Status ApplyUpdate(const google::protobuf::Message& patch,
                         const google::protobuf::FieldMask& mask, const ResourceSpec& spec,
                         google::protobuf::Message* target) {
  const auto* desc = patch.GetDescriptor();
  const auto* refl = patch.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  Violations v;
  if (mask.paths().empty()) {
    std::vector<const google::protobuf::FieldDescriptor*> set;
    refl->ListFields(patch, &set);
    for (const auto* f : set) {
      if (f->name() == "name" || f->name() == "etag") continue;
      if (spec.output_only.contains(f->name())) continue;
      if (spec.immutable.contains(f->name())) {
        v.Add(absl::StrCat(spec.singular, ".", f->name()), "cannot be changed after creation");
        continue;
      }
      fields.push_back(f);
    }
  } else {
    for (const std::string& path : mask.paths()) {
      const auto* f = FindMaskField(desc, path);
      // The name says which record and the etag on which version; neither is a change.
      if (f != nullptr && (f->name() == "name" || f->name() == "etag")) continue;
      if (f == nullptr) {
        v.Add("update_mask", absl::StrCat("unknown field '", path, "'"));
      } else if (spec.output_only.contains(f->name())) {
        v.Add("update_mask", absl::StrCat("'", path, "' is output only"));
      } else if (spec.immutable.contains(f->name())) {
        v.Add("update_mask", absl::StrCat("'", path, "' cannot be changed after creation"));
      } else {
        fields.push_back(f);
      }
    }
  }
  if (!v.empty()) return v.ToStatus();
  // Each named field is replaced whole (AIP-134): a repeated or message field takes the patch's
  // value, not a merge of both; a field the patch leaves unset is cleared.
  google::protobuf::FieldMask resolved;
  for (const auto* f : fields) resolved.add_paths(f->name());
  google::protobuf::util::FieldMaskUtil::MergeOptions replace;
  replace.set_replace_message_fields(true);
  replace.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(patch, resolved, replace, target);
  return absl::OkStatus();
}

}  // namespace civitas::aip
