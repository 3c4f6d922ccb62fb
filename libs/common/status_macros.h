// Early-return macros for absl::Status and absl::StatusOr (the Abseil in Debian 12 ships none).
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CIVITAS_STATUS_CONCAT_INNER(a, b) a##b
#define CIVITAS_STATUS_CONCAT(a, b) CIVITAS_STATUS_CONCAT_INNER(a, b)

// RETURN_IF_ERROR(expr): returns the status of `expr` from the enclosing function if it is not OK.
#define RETURN_IF_ERROR(expr)                \
  do {                                       \
    ::absl::Status civitas_status_ = (expr); \
    if (!civitas_status_.ok()) {             \
      return civitas_status_;                \
    }                                        \
  } while (false)

// ASSIGN_OR_RETURN(lhs, expr): evaluates the StatusOr `expr`; on error returns its status,
// otherwise moves the value into `lhs` (which may be a declaration, e.g. `auto x`).
#define ASSIGN_OR_RETURN(lhs, expr) \
  CIVITAS_ASSIGN_OR_RETURN_IMPL(CIVITAS_STATUS_CONCAT(civitas_statusor_, __LINE__), lhs, expr)

#define CIVITAS_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) {                                    \
    return std::move(statusor).status();                   \
  }                                                        \
  lhs = std::move(statusor).value()
