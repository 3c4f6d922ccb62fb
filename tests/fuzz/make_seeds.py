#!/usr/bin/env python3
"""Writes the seed corpus of each fuzzer into corpus/<fuzzer>/ (committed; rerun after changing
what a harness reads). FuzzedDataProvider takes integers and booleans from the END of the input
and strings from the front; ConsumeRandomLengthString ends at a backslash followed by any other
character. The seeds follow that layout."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(fuzzer, name, data):
    d = os.path.join(HERE, "corpus", fuzzer)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def s(text):
    """One ConsumeRandomLengthString field: the text, then the terminator."""
    return text.encode().replace(b"\\", b"\\\\") + b"\\x"


# json_parser_fuzzer: <json><prototype index>
JSON = [
    (0, '{"name":"organizations/a","displayName":{"en":"Keystone","ro":"Keystone Moldova"},'
        '"type":"CSO","legalForm":"public association","externalIds":[{"scheme":"md-idno",'
        '"value":"1003600012345"}],"territories":["territories/md"],"targetGroups":'
        '["ELDERLY","YOUTH"],"contacts":[{"kind":"EMAIL","value":"a@b.md","label":"director"}],'
        '"capacityAssessments":[{"assessmentDate":"2026-01-31","phase":"BASELINE","scores":'
        '{"governance":70}}],"createTime":"2026-11-23T11:19:10.695057177Z","etag":"1"}'),
    (1, '{"displayName":{"hy":"\\u0540\\u0531"},"serviceType":"day-care","provider":'
        '"organizations/a","territory":"territories/am-su","capacityPlaces":25,'
        '"fundingSources":[{"kind":"GRANT","annualAmount":{"currencyCode":"EUR",'
        '"amountMinor":"1500000"},"startDate":"2026-01-01"}]}'),
    (2, '{"kind":"SERVICE_CONTRACT","cso":"organizations/a","authority":"organizations/b",'
        '"volume":"120","volumeUnit":"beneficiary-months","unitCost":{"currencyCode":"MDL",'
        '"amountMinor":"250000"},"startDate":"2026-01-01","endDate":"2026-12-31"}'),
    (3, '{"code":"AM-SU","level":"REGION","parent":"territories/am","display_name":'
        '{"en":"Syunik"},"tags":["partnerships-for-syunik-target"],"state":2}'),
    (4, '{"organization":{"name":"organizations/a","legalForm":"foundation"},'
        '"updateMask":"legalForm,displayName"}'),
    (5, '{"name":"socialServices/x","accreditationStatus":"PROVISIONAL",'
        '"accreditationCertificate":"C-1","accreditationValidUntil":"2027-01-01"}'),
    (6, '{"a":[1,2.5,-3e10,true,false,null,"s\\n\\"q\\"\\ud83d\\ude00"],"b":{"c":{}}}'),
]
for i, (proto, text) in enumerate(JSON):
    write("json_parser_fuzzer", f"seed-{i}", text.encode() + bytes([proto]))

# router_fuzzer: <template>\x<path><method index>
ROUTES = [
    ("/v1/{name=organizations/*}", "/v1/organizations/keystone-md", 0),
    ("/v1/{territory.name=territories/*}", "/v1/territories/am-su", 3),
    ("/v1/{name=calls/*/applications/*}:submit", "/v1/calls/c1/applications/a%2F1:submit", 2),
    ("/v1/{name=files/**}", "/v1/files/a/b/c", 1),
    ("/v1/organizations:export", "/v1/organizations:export", 0),
    ("/v1/{name=socialServices/*}:setAccreditation", "/v1/socialServices/ab%FF", 2),
]
for i, (template, path, method) in enumerate(ROUTES):
    write("router_fuzzer", f"seed-{i}", s(template) + path.encode() + bytes([method]))

# request_binding_fuzzer: <variables...><query><if-match><idempotency key><content type?><body>
#   ... <json bool><route index> (the last two bytes, read from the end)
BODY = b'{"displayName":{"en":"x"},"type":"CSO","territories":["territories/md"]}'
for route in range(30):
    data = (s("organization-1") + s("pageSize=10&filter=type%3D%22CSO%22&updateMask=legalForm")
            + s('W/"3"') + s("key-1") + BODY + bytes([1, route]))
    write("request_binding_fuzzer", f"seed-{route}", data)


# backend_response_fuzzer: <server bytes after its SETTINGS><pause bool><streaming bool>
def frame(kind, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def literal(name, value):
    """HPACK literal header field without indexing, new name, no Huffman (RFC 7541 6.2.2)."""
    n, v = name.encode(), value.encode()
    assert len(n) < 127 and len(v) < 127
    return b"\x00" + bytes([len(n)]) + n + bytes([len(v)]) + v


def message(payload):
    return b"\x00" + struct.pack(">I", len(payload)) + payload


SETTINGS_ACK = frame(4, 1, 0, b"")
HEADERS = frame(1, 4, 1, literal(":status", "200") + literal("content-type", "application/grpc"))
OK = frame(1, 5, 1, literal("grpc-status", "0"))
seeds = {
    "unary-ok": SETTINGS_ACK + HEADERS + frame(0, 0, 1, message(b"\x0a\x03abc")) + OK,
    "stream-ok": SETTINGS_ACK + HEADERS + b"".join(
        frame(0, 0, 1, message(b"\x0a\x01" + bytes([65 + i]))) for i in range(5)) + OK,
    "trailers-only": SETTINGS_ACK + frame(1, 5, 1, literal(":status", "200") + literal(
        "content-type", "application/grpc") + literal("grpc-status", "5") + literal(
        "grpc-message", "not%20found")),
    "details": SETTINGS_ACK + HEADERS + frame(1, 5, 1, literal("grpc-status", "3") + literal(
        "grpc-message", "bad") + literal("grpc-status-details-bin", "CAMSA2JhZA")),
    "split-message": SETTINGS_ACK + HEADERS + frame(0, 0, 1, message(b"0123456789")[:7])
    + frame(0, 0, 1, message(b"0123456789")[7:]) + OK,
    "goaway": SETTINGS_ACK + frame(7, 0, 0, struct.pack(">II", 0, 0)),
    "rst-refused": SETTINGS_ACK + frame(3, 0, 1, struct.pack(">I", 7)),
    "http-503": SETTINGS_ACK + frame(1, 5, 1, literal(":status", "503")),
}
for i, (name, data) in enumerate(seeds.items()):
    write("backend_response_fuzzer", name, data + bytes([i % 2, 1 if "stream" in name else 0]))
