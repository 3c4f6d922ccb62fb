#include "services/grants/app/cascade_reader.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/access_policy.h"
#include "services/grants/domain/grant_exports.h"
#include "services/grants/domain/payments.h"

namespace civitas::grants {
namespace {

common::v1::Money Amount(const std::string& currency, int64_t minor) {
  common::v1::Money m;
  m.set_currency_code(currency);
  m.set_amount_minor(minor);
  return m;
}

}  // namespace

absl::StatusOr<v1::Cascade> CascadeReader::Cascade(const records::Request& r,
                                                   const std::string& name) {
  v1::Cascade out;
  if (absl::StartsWith(name, aip::NameOf<v1::Grant>(""))) {
    ASSIGN_OR_RETURN(v1::Grant grant, grants_->Get(r, name));
    ASSIGN_OR_RETURN(*out.mutable_root(), GrantNode(r, grant, 0));
    return out;
  }
  ASSIGN_OR_RETURN(v1::Programme programme, programmes_->Get(r, name));
  ASSIGN_OR_RETURN(*out.mutable_root(), ProgrammeNode(r, programme, 0));
  return out;
}

absl::StatusOr<v1::CascadeNode> CascadeReader::ProgrammeNode(const records::Request& r,
                                                             const v1::Programme& programme,
                                                             int depth) {
  v1::CascadeNode node;
  node.set_name(programme.name());
  *node.mutable_title() = programme.display_name();
  node.set_funder(programme.funder());
  node.set_recipient(programme.lead_organization());
  *node.mutable_amount() = programme.envelope();
  node.set_parent_iati_activity(programme.parent_iati_activity());
  const std::string& currency = programme.envelope().currency_code();
  int64_t committed = 0, disbursed = 0, spent = 0;
  ASSIGN_OR_RETURN(
      std::vector<v1::Grant> grants,
      ScanAll<v1::Grant>(r.reads(store_), {absl::StrCat("programme=", programme.name())}));
  for (const v1::Grant& g : grants) {
    committed += g.amount().amount_minor();
    disbursed += NetPaid(g);
    spent += g.spent().amount_minor();
    if (depth + 1 <= kMaxDepth) {
      ASSIGN_OR_RETURN(*node.add_children(), GrantNode(r, g, depth + 1));
    }
  }
  *node.mutable_committed() = Amount(currency, committed);
  *node.mutable_disbursed() = Amount(currency, disbursed);
  *node.mutable_spent() = Amount(currency, spent);
  return node;
}

absl::StatusOr<v1::CascadeNode> CascadeReader::GrantNode(const records::Request& r,
                                                         const v1::Grant& grant, int depth) {
  const Principal& p = r.caller();
  v1::CascadeNode node;
  node.set_name(grant.name());
  *node.mutable_title() = grant.title();
  node.set_funder(grant.grantor());
  node.set_recipient(grant.recipient());
  *node.mutable_amount() = grant.amount();
  *node.mutable_committed() = grant.amount();
  *node.mutable_disbursed() = Amount(grant.amount().currency_code(), NetPaid(grant));
  *node.mutable_spent() = grant.spent();
  if (depth + 1 > kMaxDepth) return node;
  ASSIGN_OR_RETURN(
      std::vector<v1::Programme> programmes,
      ScanAll<v1::Programme>(r.reads(store_), {absl::StrCat("parent_grant=", grant.name())}));
  for (const v1::Programme& sub : programmes) {
    if (!RegrantsThrough(sub) || !CanReadProgramme(p, sub)) continue;
    ASSIGN_OR_RETURN(*node.add_children(), ProgrammeNode(r, sub, depth + 1));
  }
  return node;
}

}  // namespace civitas::grants
