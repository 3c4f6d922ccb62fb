// A partner system's client generated from /openapi.json (openapi-typescript + openapi-fetch).
// Compiling it checks what the document promises to generated clients (required fields are
// required, output-only fields cannot be sent, errors are typed problems); running it checks that
// the gateway answers as documented.
import createClient from "openapi-fetch";
import type { components, paths } from "./civitas-api.js";

type Organization = components["schemas"]["civitas.registry.v1.Organization"];
type Problem = components["schemas"]["Problem"];
type Voucher = components["schemas"]["civitas.grants.v1.Voucher"];
type DataValueRecord = components["schemas"]["civitas.monitoring.v1.DataValueRecord"];

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

// The ministry's warehouse against make run's demo: a snapshot of Goris's figures, then three
// incremental pulls around a municipality's edits and deletions; its table must end as the
// service's. The warehouse reads with its API key, as a machine client does.
async function warehouse(key: string, gorisToken: string): Promise<void> {
  const asWarehouse = { "X-API-Key": key };
  const dataSetId = "community-services-monthly";
  const orgUnit = "territories/am-su-goris";
  const period = `${new Date().getUTCFullYear() - 1}11`;  // open: Goris's first half is approved
  const filter = { dataSet: `dataSets/${dataSetId}`, orgUnit };
  const probe = await api.GET("/v1/dataValues:cursor", { headers: asWarehouse });
  if (probe.response.status !== 200) return; // not make run's store
  const key3 = (r: DataValueRecord) => `${r.period}|${r.categoryOptionCombo}`;
  const table = new Map<string, string>();
  let cursor = probe.data!.cursor!;
  // The snapshot, as DHIS2 dataValueSets JSON.
  const snapshot = await api.GET("/v1/dataValueSets", {
    params: { query: { ...filter, untilCursor: cursor } },
    headers: asWarehouse,
  });
  const document = snapshot.data as { cursor: string; dataValues: Array<Record<string, string>> };
  check(snapshot.response.status === 200 && document.cursor === cursor,
        "a dataValueSets snapshot carries the cursor it was taken at");
  for (const v of document.dataValues) {
    table.set(`${v.period}|${v.categoryOptionCombo}`, v.value);
  }
  const enter = async (values: Array<Record<string, unknown>>) => {
    const r = await api.POST("/v1/dataSets/{dataSetId}:setValues", {
      params: { path: { dataSetId } },
      headers: { Authorization: `Bearer ${gorisToken}` },
      body: { orgUnit, period, values } as never,
    });
    check(r.response.status === 200, `Goris enters ${values.length} figure(s) for ${period}`);
  };
  const pull = async (what: string) => {
    const next = await api.GET("/v1/dataValues:cursor", { headers: asWarehouse });
    const until = next.data!.cursor!;
    const r = await api.GET("/v1/dataValues:pull", {
      params: { query: { ...filter, sinceCursor: cursor, untilCursor: until } },
      headers: asWarehouse,
      parseAs: "text",
    });
    const lines = (r.data as unknown as string).split("\n").filter((l) => l.length > 0);
    for (const line of lines) {
      const record = JSON.parse(line) as DataValueRecord;
      if (record.deleted) table.delete(key3(record));
      else table.set(key3(record), record.value!);
    }
    check(r.response.status === 200, `an incremental pull after ${what}: ${lines.length} change(s)`);
    cursor = until;
    return lines.length;
  };
  const figure = (sex: string, value: string, remove = false) => ({
    indicator: "indicators/beneficiaries-served",
    categoryOptions: [sex, "AGE_0_17"],
    ...(remove ? { delete: true, reason: "entered twice" } : { value }),
  });
  const stamp = `${Date.now() % 1000}`;
  await enter([figure("FEMALE", stamp), figure("MALE", `1${stamp}`)]);
  check(await pull("an edit") >= 1, "the edit is pulled");
  await enter([figure("MALE", "", true)]);
  check(await pull("a deletion") === 1, "the deletion is pulled once, as a tombstone");
  await enter([figure("MALE", "7")]);
  check(await pull("a re-entry") === 1, "the re-entered figure is pulled once");
  // The service's own figures for the same data set and org unit.
  const service = new Map<string, string>();
  let pageToken: string | undefined;
  do {
    const page = await api.GET("/v1/submissions", {
      params: { query: {
        filter: `data_set="dataSets/${dataSetId}" AND org_unit="${orgUnit}"`,
        pageSize: 500, pageToken } },
      headers: asWarehouse,
    });
    for (const s of page.data?.submissions ?? []) {
      for (const v of s.values ?? []) {
        service.set(`${s.period}|${(v.categoryOptions ?? []).join(".") || "default"}`, v.value!);
      }
    }
    pageToken = page.data?.nextPageToken || undefined;
  } while (pageToken);
  const same = service.size === table.size &&
      [...service].every(([k, v]) => table.get(k) === v);
  check(same, `the warehouse's table is the service's (${table.size} figures)`);

  // Imports, as a municipality's own system sends them: the period's figures as the warehouse
  // exports them (DHIS2 dataValueSets), a dry run first (nothing changes), then one changed.
  const exported = await api.GET("/v1/dataValueSets", {
    params: { query: { ...filter, startPeriod: period, endPeriod: period } },
    headers: asWarehouse,
  });
  const mine = (exported.data as { dataValues: Array<Record<string, unknown>> }).dataValues;
  const file = (values: Array<Record<string, unknown>>) => JSON.stringify({ dataValues: values });
  const importFile = async (body: string, dryRun: boolean) => {
    const r = await api.POST("/v1/dataValueSets", {
      params: { query: { dryRun } },
      headers: { Authorization: `Bearer ${gorisToken}`, "Content-Type": "application/json" },
      body: body as never,
      bodySerializer: (b: unknown) => b as string,
    });
    check(r.response.status === 200 && r.data?.done === true,
          `an import of ${mine.length} figure(s) (dry run: ${dryRun}) is done in the answer` +
              (r.response.status === 200 ? "" : ` (${r.response.status} ${JSON.stringify(r.error)})`));
    return r.data!.response!;
  };
  const dry = await importFile(file(mine), true);
  check(Number(dry.unchanged ?? 0) === mine.length && dry.dryRun === true,
        `a dry run of the table's own figures finds every one unchanged (${JSON.stringify(dry)})`);
  const changed = mine.map((v, i) => (i === 0 ? { ...v, value: `${Number(v.value) + 1}` } : v));
  const real = await importFile(file(changed), false);
  check(Number(real.updated ?? 0) === 1 && Number(real.unchanged ?? 0) === mine.length - 1,
        `an import changing one figure updates exactly that one (${JSON.stringify(real)})`);
  check(await pull("an import") === 1, "the imported change is pulled once");
}

// A participant's system voting in make run's demo round (Kapan's, open): the vote moves the
// tally at once, each person counted once, and a withdrawn vote no longer counts.
async function planning(voterToken: string): Promise<void> {
  const path = { prioritisationRoundId: "kapan-round-1" };
  const asVoter = { Authorization: `Bearer ${voterToken}` };
  const need = "needs/kapan-foster-care";
  const tally = async () => {
    const round = await api.GET("/v1/prioritisationRounds/{prioritisationRoundId}",
                                { params: { path } });
    if (round.response.status === 404) return undefined;
    const t = round.data?.tallies?.find((x) => x.need === need);
    return { votes: Number(t?.votes ?? 0), score: Number(t?.scoreTotal ?? 0) };
  };
  // From a known start whatever an earlier run left: this voter's vote withdrawn.
  await api.POST("/v1/prioritisationRounds/{prioritisationRoundId}:withdrawVote",
                 { params: { path }, headers: asVoter, body: { need } });
  const start = await tally();
  if (start === undefined) return;  // not the demo store
  const cast = await api.POST("/v1/prioritisationRounds/{prioritisationRoundId}:vote", {
    params: { path }, headers: asVoter, body: { need, score: 4 },
  });
  check(cast.response.status === 200 && cast.data?.state === "VOTE_CAST" &&
            cast.data?.group === "GROUP_RESIDENTS",
        "a participant votes with the generated client");
  const counted = await tally();
  check(counted?.votes === start.votes + 1 && counted?.score === start.score + 4,
        "the round's tally counts the vote once, at once");
  const changed = await api.POST("/v1/prioritisationRounds/{prioritisationRoundId}:vote", {
    params: { path }, headers: asVoter, body: { need, score: 2 },
  });
  check(changed.data?.name === cast.data?.name &&
            changed.data?.changes === (cast.data?.changes ?? 0) + 1,
        "a changed vote is the same vote");
  const recounted = await tally();
  check(recounted?.votes === start.votes + 1 && recounted?.score === start.score + 2,
        "the tally follows the change");
  const refused = await api.POST("/v1/prioritisationRounds/{prioritisationRoundId}:vote", {
    params: { path }, headers: asVoter, body: { need, score: 9 },
  });
  check(refused.response.status === 400 &&
            (refused.error?.violations ?? []).some((v) => v.field === "score"),
        "an out-of-range score is 400 naming the field");
  await api.POST("/v1/prioritisationRounds/{prioritisationRoundId}:withdrawVote",
                 { params: { path }, headers: asVoter, body: { need } });
  const back = await tally();
  check(back?.votes === start.votes && back?.score === start.score,
        "a withdrawn vote no longer counts");
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
  if (process.env.CHECK_KAPAN_VOTER_TOKEN) await planning(process.env.CHECK_KAPAN_VOTER_TOKEN);
  if (process.env.CHECK_WAREHOUSE_KEY && process.env.CHECK_GORIS_TOKEN) {
    await warehouse(process.env.CHECK_WAREHOUSE_KEY, process.env.CHECK_GORIS_TOKEN);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
