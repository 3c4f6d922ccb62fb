// AccreditationRecords: the accreditation resources wired to one DocumentStore and the registry
// client: each resource's rules and RecordService (libs/records), and the use cases over them.
// Owns the rules, services and use cases; members are declared in the order they are built.
#pragma once

#include "libs/records/record_service.h"
#include "services/accreditation/app/case_procedure.h"
#include "services/accreditation/app/case_rules.h"
#include "services/accreditation/app/certificate_register.h"
#include "services/accreditation/app/certificate_rules.h"
#include "services/accreditation/app/policy_rules.h"
#include "services/accreditation/app/standard_catalogue.h"
#include "services/accreditation/app/standard_rules.h"

namespace civitas::accreditation {

class AccreditationRecords {
 public:
  AccreditationRecords(DocumentStore* store, clients::RegistryClient* registry, const Clock* clock,
                       IdGenerator* ids)
      : standard_rules_(registry),
        case_rules_(registry),
        certificate_rules_(registry),
        policies(store, &policy_rules_, clock, ids),
        standards(store, &standard_rules_, clock, ids),
        cases(store, &case_rules_, clock, ids),
        certificates(store, &certificate_rules_, clock, ids),
        catalogue(store, &standards, clock),
        procedure(store, registry, &cases, &certificates, &catalogue, clock),
        register_(store, &certificates, clock) {}

 private:
  PolicyRules policy_rules_;
  StandardRules standard_rules_;
  CaseRules case_rules_;
  CertificateRules certificate_rules_;

 public:
  records::RecordService<v1::CountryPolicy> policies;
  records::RecordService<v1::QualityStandard> standards;
  records::RecordService<v1::AccreditationCase> cases;
  records::RecordService<v1::Certificate> certificates;
  StandardCatalogue catalogue;
  CaseProcedure procedure;
  CertificateRegister register_;
};

}  // namespace civitas::accreditation
