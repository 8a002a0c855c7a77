// HQ's PostgreSQL schema (schema smsgw): created and migrated by smsgw itself, from the row kinds the gateways push.
#pragma once

#include "daemon/hq/pg_connection.hpp"

#include <string>

namespace smsgw::hq {

// The schema's version this smsgw writes and reads.
inline constexpr int hq_schema_version = 1;

// Creates or migrates the schema in one transaction under an advisory lock (several gateways may
// connect at once). Empty when done, else the error.
std::string ensure_hq_schema(PgConnection& pg);

// For readers (estimate --pg): empty when the schema is there at this version, else what is wrong.
std::string check_hq_schema(PgConnection& pg);

}  // namespace smsgw::hq
