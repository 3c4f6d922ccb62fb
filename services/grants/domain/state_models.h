// How each grants resource's state enum plays the record lifecycle's parts (libs/records): the
// state a record is created in, the states it may be created in, and Delete's state (none: the
// record is never deleted). The transitions between states are the domain's *_transitions.h and
// certificates.h / vouchers.h.
#pragma once

#include "civitas/grants/v1/resources.pb.h"
#include "civitas/grants/v1/vouchers.pb.h"
#include "libs/records/record.h"

namespace civitas::grants {

const records::StateModel<v1::Application>& ApplicationStates();
const records::StateModel<v1::Call>& CallStates();
const records::StateModel<v1::Grant>& GrantStates();
const records::StateModel<v1::Programme>& ProgrammeStates();
const records::StateModel<v1::Report>& ReportStates();
const records::StateModel<v1::Review>& ReviewStates();
const records::StateModel<v1::Voucher>& VoucherStates();
const records::StateModel<v1::VoucherScheme>& VoucherSchemeStates();

}  // namespace civitas::grants
