// What a valid application is, field by field, as its applicant writes it. Pure; eligibility to
// its call is eligibility.h's.
#pragma once

#include "civitas/grants/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::grants {

// The call an application (a draft) is made to, as read: published (else a precondition
// violation under application.call), in the call's currency.
void CheckApplicationCall(const v1::Application& application, const v1::Call& call, Violations* v);

void ValidateApplication(const v1::Application& a, Violations* v);

}  // namespace civitas::grants
