// How each monitoring resource's state enum plays the record lifecycle's parts (libs/records):
// created active, archived by Delete (kept, with what refers to it).
#pragma once

#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/records/record.h"

namespace civitas::monitoring {

const records::StateModel<v1::Category>& CategoryStates();
const records::StateModel<v1::Indicator>& IndicatorStates();
const records::StateModel<v1::DataSet>& DataSetStates();
const records::StateModel<v1::Target>& TargetStates();
// Created open; never deleted (figures are kept; an approval undo reopens them).
const records::StateModel<v1::Submission>& SubmissionStates();

}  // namespace civitas::monitoring
