// A partner system's client generated from /openapi.json (openapi-typescript + openapi-fetch).
// Compiling it checks what the document promises to generated clients (required fields are
// required, output-only fields cannot be sent, errors are typed problems); running it checks that
// the gateway answers as documented.
import createClient from "openapi-fetch";
import type { components, paths } from "./civitas-api.js";

type Organization = components["schemas"]["civitas.registry.v1.Organization"];
type Problem = components["schemas"]["Problem"];
type Voucher = components["schemas"]["civitas.grants.v1.Voucher"];

const base = process.env.CIVITAS_URL ?? "http://localhost:8080";
const token = process.env.CIVITAS_ADMIN_TOKEN ?? "";
const viaProxy = process.env.CIVITAS_VIA_PROXY === "1";
const api = createClient<paths>({ baseUrl: base });
const auth = { Authorization: `Bearer ${token}` };

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`client check failed: ${what}`);
  console.log(`ok  ${what}`);
}

// Compile-time promises; `tsc` fails if the document stops keeping them.
export function compileTimeChecks(): void {
  // @ts-expect-error displayName and type are REQUIRED
  const missing: Organization = {};
  void missing;
  void api.POST("/v1/organizations", {
    // @ts-expect-error createTime is OUTPUT_ONLY: it cannot be sent
    body: { displayName: { en: "x" }, type: "CSO", createTime: "2026-01-01T00:00:00Z" },
  });
  void api.PATCH("/v1/organizations/{organizationId}", {
    params: { path: { organizationId: "x" } },
    body: { legalForm: "association" }, // an update requires nothing
  });
  // @ts-expect-error a voucher names its scheme and a beneficiary reference
  const bare: Voucher = { scheme: "voucherSchemes/x" };
  void bare;
  void api.POST("/v1/vouchers", {
    // @ts-expect-error a voucher's state is OUTPUT_ONLY: redeeming is :redeem's
    body: { scheme: "voucherSchemes/x", beneficiaryRef: "TB-1", state: "VOUCHER_REDEEMED" },
  });
}

// Vouchers against make run's demo (Tbilisi's day care scheme and its accredited provider), as
// a municipality's and a provider's systems would use them.
async function vouchers(cityToken: string, providerToken: string): Promise<void> {
  const scheme = await api.GET("/v1/voucherSchemes/{voucherSchemeId}", {
    params: { path: { voucherSchemeId: "tbilisi-day-care" } },
  });
  if (scheme.response.status === 404) return; // not the demo store
  check(scheme.data?.state === "VOUCHER_SCHEME_OPEN", "a voucher scheme is public once open");
  const ref = `TB-TS-${Date.now()}`;
  const issued = await api.POST("/v1/vouchers", {
    headers: { Authorization: `Bearer ${cityToken}` },
    body: { scheme: "voucherSchemes/tbilisi-day-care", beneficiaryRef: ref },
  });
  check(issued.response.status === 200 && issued.data?.state === "VOUCHER_ISSUED",
        "the city hall issues a voucher");
  const voucherId = issued.data!.name!.split("/")[1];
  const redeemed = await api.POST("/v1/vouchers/{voucherId}:redeem", {
    params: { path: { voucherId } },
    headers: { Authorization: `Bearer ${providerToken}` },
    body: {
      provider: "organizations/tbilisi-daycare-assoc",
      beneficiaryRef: ref,
      socialService: "socialServices/tbilisi-daycare-centre",
    },
  });
  check(redeemed.data?.state === "VOUCHER_REDEEMED" && redeemed.data?.certificate !== undefined,
        "the accredited provider redeems it");
  const again = await api.POST("/v1/vouchers/{voucherId}:redeem", {
    params: { path: { voucherId } },
    headers: { Authorization: `Bearer ${providerToken}` },
    body: { provider: "organizations/tbilisi-daycare-assoc", beneficiaryRef: ref,
            socialService: "socialServices/tbilisi-daycare-centre" },
  });
  check(again.response.status === 400 && again.error?.code === "FAILED_PRECONDITION",
        "a second redemption is a typed 400 problem");
}

async function main(): Promise<void> {
  const id = `ts-client-${Date.now()}`;
  const created = await api.POST("/v1/organizations", {
    params: { query: { organizationId: id }, header: { "Idempotency-Key": id } },
    headers: auth,
    body: { displayName: { en: "Generated client CSO" }, type: "CSO", legalForm: "foundation" },
  });
  check(created.response.status === 200 && created.data?.name === `organizations/${id}`,
        "create with the generated client");
  const etag = created.response.headers.get("ETag");
  check(etag !== null && etag.length > 0, "the ETag header is documented and sent");

  const read = await api.GET("/v1/organizations/{organizationId}", {
    params: { path: { organizationId: id } },
  });
  check(read.data?.displayName?.en === "Generated client CSO", "anonymous read of a record");

  const stale = await api.PATCH("/v1/organizations/{organizationId}", {
    params: { path: { organizationId: id }, header: { "If-Match": '"0"' } },
    headers: auth,
    body: { legalForm: "association" },
  });
  const staleProblem: Problem | undefined = stale.error;
  check(stale.response.status === 412 && staleProblem?.code === "ABORTED",
        "a stale If-Match is 412 with a typed problem");

  const updated = await api.PATCH("/v1/organizations/{organizationId}", {
    params: { path: { organizationId: id }, header: { "If-Match": etag! } },
    headers: auth,
    body: { legalForm: "association" },
  });
  check(updated.data?.legalForm === "association", "update with If-Match");

  const anonymous = await api.POST("/v1/organizations", {
    body: { displayName: { en: "nobody" }, type: "CSO" },
  });
  // Through a validating proxy the proxy itself refuses it (the operation declares security).
  check(anonymous.response.status === 401 &&
            (viaProxy || anonymous.error?.correlationId !== undefined),
        "anonymous create is 401 with a request id");

  const invalid = await api.POST("/v1/organizations", {
    headers: auth,
    body: { displayName: { en: "" }, type: "CSO" },
  });
  check(invalid.response.status === 400 &&
            (invalid.error?.violations ?? []).some((v) => v.field.startsWith("organization.")),
        "invalid input is 400 naming the field");

  const missing = await api.GET("/v1/organizations/{organizationId}", {
    params: { path: { organizationId: "no-such-organization" } },
  });
  check(missing.response.status === 404 && missing.error?.code === "NOT_FOUND",
        "unknown record is 404");

  await vouchers(process.env.CHECK_CITY_TOKEN ?? "", process.env.CHECK_PROVIDER_TOKEN ?? "");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
