// CSV rows of any resource message (RFC 4180 cells, AppendCsvCell), by reflection, for exports
// whose columns follow the message: one column per field in declaration order, so that a field
// added to a resource reaches its CSV export without another layout to keep in step.
//   string, number, bool       as text (bool: true/false; 64-bit integers exactly)
//   enum                       its value's name
//   map<string, string>        one column per language, `<field>_<lang>` (en hy ro ru uk ka)
//   Timestamp                  RFC 3339, UTC; empty when unset
//   other message              one column per field of it, `<field>_<subfield>` (a Money:
//                              `<field>_currency_code`, `<field>_amount_minor`); its own
//                              message subfields as proto3 JSON
//   repeated scalar or enum    values joined with `;`
//   repeated message, map      proto3 JSON (an array or an object)
#pragma once

#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace civitas {

// The header row (with its CRLF).
std::string ProtoCsvHeader(const google::protobuf::Descriptor* type);

// One row of `message` (with its CRLF), the columns of ProtoCsvHeader(message's type).
void AppendProtoCsvRow(const google::protobuf::Message& message, std::string* out);

}  // namespace civitas
