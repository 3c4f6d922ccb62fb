#include "services/accreditation/domain/access_policy.h"

#include "absl/strings/str_cat.h"

namespace civitas::accreditation {
namespace {

absl::Status Anonymous(const std::string& what) {
  return absl::UnauthenticatedError(absl::StrCat(what, " needs a bearer token"));
}

}  // namespace

bool IsAccreditingBody(const Principal& p) {
  return !p.anonymous() && (p.HasRole(kRoleAdmin) || p.HasRole(kRoleMinistry));
}

absl::Status AuthorizeAccreditingBody(const Principal& p, const std::string& what) {
  if (p.anonymous()) return Anonymous(what);
  if (IsAccreditingBody(p)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(what, " is reserved to the accrediting body (role ministry or admin)"));
}

bool ActsForProvider(const Principal& p, const v1::AccreditationCase& c) {
  return !p.anonymous() && !c.provider().empty() && p.organization == c.provider();
}

bool IsAssignedAssessor(const Principal& p, const v1::AccreditationCase& c) {
  return !p.anonymous() && p.HasRole(kRoleAssessor) && !c.evaluation().assessor().empty() &&
         p.subject == c.evaluation().assessor();
}

bool CanReadCase(const Principal& p, const v1::AccreditationCase& c) {
  return IsAccreditingBody(p) || ActsForProvider(p, c) || IsAssignedAssessor(p, c);
}

absl::Status AuthorizeCaseCreate(const Principal& p, const v1::AccreditationCase& c) {
  if (p.anonymous()) return Anonymous("opening an accreditation case");
  if (IsAccreditingBody(p) || ActsForProvider(p, c)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("only ", c.provider().empty() ? "the provider" : c.provider(),
                   "'s people or the accrediting body open its accreditation cases"));
}

absl::Status AuthorizeCaseEdit(const Principal& p, const v1::AccreditationCase& c) {
  if (p.anonymous()) return Anonymous("editing an accreditation case");
  // The provider documents; the body judges (RecordEligibilityVerdicts) and never rewrites the
  // provider's evidence.
  if (!ActsForProvider(p, c)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "only ", c.provider(), "'s people edit ", c.name(),
        " (its evidence, service types and services); the accrediting body records verdicts"));
  }
  if (c.state() != v1::CASE_INITIATION) {
    return absl::FailedPreconditionError(
        absl::StrCat(c.name(), " is in ", v1::CaseState_Name(c.state()),
                     "; a case is edited only in CASE_INITIATION"));
  }
  return absl::OkStatus();
}

absl::Status AuthorizeProvider(const Principal& p, const v1::AccreditationCase& c,
                               const std::string& what) {
  if (p.anonymous()) return Anonymous(what);
  if (ActsForProvider(p, c)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(what, " is reserved to ", c.provider(), "'s people"));
}

absl::Status AuthorizeAssignedAssessor(const Principal& p, const v1::AccreditationCase& c) {
  if (p.anonymous()) return Anonymous("submitting an external evaluation");
  if (IsAssignedAssessor(p, c)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      c.evaluation().assessor().empty()
          ? absl::StrCat(c.name(), " has no assessor yet; the accrediting body assigns one")
          : absl::StrCat(c.name(), " is assigned to another assessor"));
}

bool CanReadStandard(const Principal& p, const v1::QualityStandard& standard) {
  // Published versions are public; drafts, and drafts archived unpublished, are the body's.
  return standard.state() == v1::STANDARD_PUBLISHED || IsAccreditingBody(p);
}

absl::Status AuthorizeCaseChange(const Principal& p, records::Change change,
                                 const v1::AccreditationCase* before,
                                 const v1::AccreditationCase& after) {
  if (change == records::Change::kCreate) return AuthorizeCaseCreate(p, after);
  // Every other change is of a stored case; without it nothing is allowed.
  if (before == nullptr) return absl::InternalError("a change of a case needs the case as stored");
  if (change == records::Change::kArchive) {
    if (absl::Status body = AuthorizeAccreditingBody(p, "archiving cases"); !body.ok()) {
      return body;
    }
    if (before->state() != v1::CASE_DECIDED && before->state() != v1::CASE_WITHDRAWN) {
      return absl::FailedPreconditionError(
          absl::StrCat(before->name(), " is in ", v1::CaseState_Name(before->state()),
                       "; only decided or withdrawn cases are archived"));
    }
    return absl::OkStatus();
  }
  return AuthorizeCaseEdit(p, *before);
}

absl::Status AuthorizeCertificateChange(const Principal& p, records::Change change) {
  if (change != records::Change::kCreate) {
    return absl::PermissionDeniedError(
        "certificates change only through :suspend, :reinstate, :withdraw and renewals");
  }
  return AuthorizeAccreditingBody(p, "issuing certificates");
}

absl::Status AuthorizeStandardChange(const Principal& p, records::Change change,
                                     const v1::QualityStandard* before) {
  if (absl::Status body = AuthorizeAccreditingBody(p, "writing quality standards"); !body.ok()) {
    return body;
  }
  if (before != nullptr && before->state() != v1::STANDARD_DRAFT) {
    return absl::FailedPreconditionError(
        absl::StrCat(before->name(), " is ", v1::StandardState_Name(before->state()),
                     change == records::Change::kArchive
                         ? "; a published version stays: evaluations refer to it"
                         : "; a published version is frozen: create the next version instead"));
  }
  return absl::OkStatus();
}

}  // namespace civitas::accreditation
