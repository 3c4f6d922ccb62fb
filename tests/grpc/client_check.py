"""Calls the accreditation and grants services over gRPC with stubs generated from protos/ alone,
against make run's demo data, and checks what a partner system relies on. Exits 1 if anything
surprised it."""
import sys

import grpc

sys.path.insert(0, sys.argv[1])
from civitas.accreditation.v1 import accreditation_service_pb2 as pb  # noqa: E402
from civitas.accreditation.v1 import accreditation_service_pb2_grpc as rpc  # noqa: E402
from civitas.accreditation.v1 import resources_pb2 as resources  # noqa: E402
from civitas.grants.v1 import grants_service_pb2_grpc as grants_rpc  # noqa: E402
from civitas.grants.v1 import vouchers_pb2 as vouchers  # noqa: E402
from civitas.advocacy.v1 import advocacy_service_pb2_grpc as advocacy_rpc  # noqa: E402
from civitas.advocacy.v1 import planning_service_pb2 as planning  # noqa: E402
from civitas.advocacy.v1 import planning_pb2 as planning_resources  # noqa: E402
from civitas.advocacy.v1 import pull_pb2 as pulls  # noqa: E402

address, provider_token = sys.argv[2], sys.argv[3]
grants_address, city_token, daycare_token = sys.argv[4], sys.argv[5], sys.argv[6]
advocacy_address, voter_token = sys.argv[7], sys.argv[8]
stub = rpc.AccreditationServiceStub(grpc.insecure_channel(address))
failures = 0


def check(what, ok, detail=""):
    global failures
    print(("ok  " if ok else "FAIL ") + what + (f": {detail}" if detail and not ok else ""))
    failures += 0 if ok else 1


def code_of(call):
    try:
        call()
        return grpc.StatusCode.OK
    except grpc.RpcError as e:
        return e.code()


today = stub.CheckAccreditation(pb.CheckAccreditationRequest(
    provider="organizations/keystone-md", service_type="day-care"))
check("Keystone is accredited for day care today, anonymously", today.accredited,
      str(today))
check("the answer names the certificate", today.certificate.number.startswith("MD-"))
past = stub.CheckAccreditation(pb.CheckAccreditationRequest(
    provider="organizations/keystone-md", service_type="day-care", date="2020-01-01"))
check("not accredited in 2020, and the field says so (presence kept)",
      past.HasField("accredited") and not past.accredited)
page = stub.ListCertificates(pb.ListCertificatesRequest(page_size=2))
check("the register pages", len(page.certificates) == 2 and page.next_page_token != "")
auth = [("authorization", "Bearer " + provider_token)]
own = stub.GetCase(pb.GetCaseRequest(name="cases/keystone-day-care-initial"), metadata=auth)
check("a provider reads its own case", own.decision.certificate.startswith("certificates/"))
check("a provider cannot decide", code_of(lambda: stub.DecideCase(
    pb.DecideCaseRequest(name="cases/keystone-day-care-initial", outcome=resources.ACCREDIT),
    metadata=auth)) == grpc.StatusCode.PERMISSION_DENIED)
check("another provider's case is not found", code_of(lambda: stub.GetCase(
    pb.GetCaseRequest(name="cases/aopd-home-care-initial"), metadata=auth))
    == grpc.StatusCode.NOT_FOUND)
check("a malformed date is INVALID_ARGUMENT", code_of(lambda: stub.CheckAccreditation(
    pb.CheckAccreditationRequest(provider="organizations/keystone-md", service_type="day-care",
                                 date="99999-01-01"))) == grpc.StatusCode.INVALID_ARGUMENT)

# Vouchers (grants): the Tbilisi demo scheme, as the city hall's and the provider's systems.
grants = grants_rpc.GrantsServiceStub(grpc.insecure_channel(grants_address))
city = [("authorization", "Bearer " + city_token)]
daycare = [("authorization", "Bearer " + daycare_token)]
scheme = grants.GetVoucherScheme(vouchers.GetVoucherSchemeRequest(
    name="voucherSchemes/tbilisi-day-care"))
check("the demo's voucher scheme is public", scheme.state == vouchers.VOUCHER_SCHEME_OPEN)
check("vouchers are not public: UNAUTHENTICATED without a token, as through the gateway",
      code_of(lambda: grants.ListVouchers(vouchers.ListVouchersRequest()))
      == grpc.StatusCode.UNAUTHENTICATED)
ref = "TB-GRPC-%d" % __import__("time").time_ns()
issued = grants.IssueVoucher(vouchers.IssueVoucherRequest(
    voucher=vouchers.Voucher(scheme=scheme.name, beneficiary_ref=ref)), metadata=city)
check("the city hall issues a voucher of the scheme's value",
      issued.value.amount_minor == scheme.voucher_value.amount_minor)
check("the provider cannot read it before redeeming", code_of(lambda: grants.GetVoucher(
    vouchers.GetVoucherRequest(name=issued.name), metadata=daycare)) == grpc.StatusCode.NOT_FOUND)
redeem = vouchers.RedeemVoucherRequest(
    name=issued.name, provider="organizations/tbilisi-daycare-assoc", beneficiary_ref=ref,
    social_service="socialServices/tbilisi-daycare-centre")
redeemed = grants.RedeemVoucher(redeem, metadata=daycare)
check("the accredited provider redeems it, naming its certificate",
      redeemed.state == vouchers.VOUCHER_REDEEMED and redeemed.certificate.startswith("GE-"))
check("a second redemption is FAILED_PRECONDITION", code_of(lambda: grants.RedeemVoucher(
    redeem, metadata=daycare)) == grpc.StatusCode.FAILED_PRECONDITION)
check("Keystone (accredited in Moldova) cannot redeem in its name, nor learn the voucher exists",
      code_of(lambda: grants.RedeemVoucher(redeem, metadata=auth)) == grpc.StatusCode.NOT_FOUND)
check("a personal name as beneficiary reference is INVALID_ARGUMENT", code_of(
    lambda: grants.IssueVoucher(vouchers.IssueVoucherRequest(voucher=vouchers.Voucher(
        scheme=scheme.name, beneficiary_ref="Nino Beridze")), metadata=city))
    == grpc.StatusCode.INVALID_ARGUMENT)

# Planning (advocacy): a participant's system votes in the demo's open Kapan round; the
# warehouse pulls the plans' actions up to a cursor, streamed.
advocacy = advocacy_rpc.AdvocacyServiceStub(grpc.insecure_channel(advocacy_address))
voter = [("authorization", "Bearer " + voter_token)]
round_name, need = "prioritisationRounds/kapan-round-1", "needs/kapan-youth"


def tally():
    r = advocacy.GetPrioritisationRound(planning.GetPrioritisationRoundRequest(name=round_name))
    return next((t.votes, t.score_total) for t in r.tallies if t.need == need)


code_of(lambda: advocacy.WithdrawVote(planning.WithdrawVoteRequest(name=round_name, need=need),
                                      metadata=voter))
votes, score = tally()
vote = advocacy.CastVote(planning.CastVoteRequest(name=round_name, need=need, score=5),
                         metadata=voter)
check("a participant votes over gRPC", vote.state == planning_resources.VOTE_CAST)
check("the tally counts it once", tally() == (votes + 1, score + 5), str(tally()))
check("a score out of range is INVALID_ARGUMENT", code_of(lambda: advocacy.CastVote(
    planning.CastVoteRequest(name=round_name, need=need, score=0), metadata=voter))
    == grpc.StatusCode.INVALID_ARGUMENT)
check("someone of no participant organisation is PERMISSION_DENIED", code_of(
    lambda: advocacy.CastVote(planning.CastVoteRequest(name=round_name, need=need, score=3),
                              metadata=auth)) == grpc.StatusCode.PERMISSION_DENIED)
advocacy.WithdrawVote(planning.WithdrawVoteRequest(name=round_name, need=need), metadata=voter)
check("withdrawn, it no longer counts", tally() == (votes, score), str(tally()))
cursor = advocacy.GetAdvocacyCursor(pulls.GetAdvocacyCursorRequest()).cursor
actions = list(advocacy.PullPlanActions(pulls.PullRequest(until_cursor=cursor)))
check("a snapshot pull streams the plans' actions", any(
    a.name == "planActions/goris-day-care-centre" for a in actions), str(len(actions)))
check("a pull without its end is INVALID_ARGUMENT", code_of(
    lambda: list(advocacy.PullPlanActions(pulls.PullRequest())))
    == grpc.StatusCode.INVALID_ARGUMENT)
sys.exit(1 if failures else 0)
