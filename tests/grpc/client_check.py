"""Calls the accreditation service over gRPC with stubs generated from protos/ alone, against
make run's demo data, and checks what a partner system relies on. Exits 1 on the first surprise."""
import sys

import grpc

sys.path.insert(0, sys.argv[1])
from civitas.accreditation.v1 import accreditation_service_pb2 as pb  # noqa: E402
from civitas.accreditation.v1 import accreditation_service_pb2_grpc as rpc  # noqa: E402
from civitas.accreditation.v1 import resources_pb2 as resources  # noqa: E402

address, provider_token = sys.argv[2], sys.argv[3]
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
sys.exit(1 if failures else 0)
