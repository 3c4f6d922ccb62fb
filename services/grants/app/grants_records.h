// GrantsRecords: the grants resources wired to one DocumentStore and the registry client: each
// resource's rules and its RecordService (libs/records). Owns the rules and services.
#pragma once

#include "libs/records/record_service.h"
#include "services/grants/app/application_submission.h"
#include "services/grants/app/grants_rules.h"

namespace civitas::grants {

class GrantsRecords {
 public:
  GrantsRecords(DocumentStore* store, clients::RegistryClient* registry, const Clock* clock,
                IdGenerator* ids)
      : programme_rules_(store, registry),
        call_rules_(store),
        application_rules_(store, registry),
        programmes(store, &programme_rules_, clock, ids),
        calls(store, &call_rules_, clock, ids),
        applications(store, &application_rules_, clock, ids),
        submission(store, registry, &applications, clock) {}

 private:
  ProgrammeRecordRules programme_rules_;
  CallRecordRules call_rules_;
  ApplicationRecordRules application_rules_;

 public:
  records::RecordService<v1::Programme> programmes;
  records::RecordService<v1::Call> calls;
  records::RecordService<v1::Application> applications;
  ApplicationSubmission submission;
};

}  // namespace civitas::grants
