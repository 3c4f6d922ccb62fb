// GrantsRecords: the grants resources (programmes to reports, voucher schemes and vouchers)
// wired to one DocumentStore and the registry and accreditation clients: each resource's rules
// and its RecordService (libs/records), and the use cases over them. Owns the rules, services
// and use cases. Members are declared in the order they are built.
#pragma once

#include "libs/records/record_service.h"
#include "services/grants/app/application_decisions.h"
#include "services/grants/app/application_rules.h"
#include "services/grants/app/application_submission.h"
#include "services/grants/app/call_publication.h"
#include "services/grants/app/call_rules.h"
#include "services/grants/app/cascade_reader.h"
#include "services/grants/app/grant_payments.h"
#include "services/grants/app/grant_rules.h"
#include "services/grants/app/grants_at_risk.h"
#include "services/grants/app/programme_rules.h"
#include "services/grants/app/report_rules.h"
#include "services/grants/app/report_workflow.h"
#include "services/grants/app/review_rules.h"
#include "services/grants/app/review_workflow.h"
#include "services/grants/app/voucher_desk.h"
#include "services/grants/app/voucher_expiry.h"
#include "services/grants/app/voucher_rules.h"
#include "services/grants/app/voucher_scheme_rules.h"

namespace civitas::grants {

class GrantsRecords {
 public:
  GrantsRecords(DocumentStore* store, clients::RegistryClient* registry,
                clients::AccreditationClient* accreditation, const Clock* clock, IdGenerator* ids)
      : programme_rules_(registry),
        application_rules_(registry),
        voucher_scheme_rules_(registry),
        voucher_rules_(clock),
        programmes(store, &programme_rules_, clock, ids),
        calls(store, &call_rules_, clock, ids),
        applications(store, &application_rules_, clock, ids),
        grants(store, &grant_rules_, clock, ids),
        reports(store, &report_rules_, clock, ids),
        voucher_schemes(store, &voucher_scheme_rules_, clock, ids),
        vouchers(store, &voucher_rules_, clock, ids),
        review_rules_(&applications),
        reviews(store, &review_rules_, clock, ids),
        publication(store, &programmes, &calls),
        submission(store, registry, accreditation, &applications, clock),
        decisions(store, accreditation, &applications, &grants, clock),
        review_workflow(store, &reviews, &applications, clock, ids),
        payments(store, &grants, clock),
        report_workflow(store, &reports, &grants, clock),
        cascade(store, &programmes, &grants),
        at_risk(store, accreditation),
        voucher_desk(store, registry, accreditation, &voucher_schemes, &vouchers, clock),
        voucher_expiry(store, &vouchers, clock) {}

 private:
  ProgrammeRules programme_rules_;
  CallRules call_rules_;
  ApplicationRules application_rules_;
  GrantRules grant_rules_;
  ReportRules report_rules_;
  VoucherSchemeRules voucher_scheme_rules_;
  VoucherRules voucher_rules_;

 public:
  records::RecordService<v1::Programme> programmes;
  records::RecordService<v1::Call> calls;
  records::RecordService<v1::Application> applications;
  records::RecordService<v1::Grant> grants;
  records::RecordService<v1::Report> reports;
  records::RecordService<v1::VoucherScheme> voucher_schemes;
  records::RecordService<v1::Voucher> vouchers;

 private:
  ReviewRules review_rules_;

 public:
  records::RecordService<v1::Review> reviews;
  CallPublication publication;
  ApplicationSubmission submission;
  ApplicationDecisions decisions;
  ReviewWorkflow review_workflow;
  GrantPayments payments;
  ReportWorkflow report_workflow;
  CascadeReader cascade;
  GrantsAtRisk at_risk;
  VoucherDesk voucher_desk;
  VoucherExpiry voucher_expiry;
};

}  // namespace civitas::grants
