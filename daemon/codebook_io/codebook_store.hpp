// The codebook the daemon runs with, as saved in the store: its version and how commands load it back.
#pragma once

#include "codebooks/codebook_loader.hpp"
#include "daemon/codebook_io/codebook_in_use.hpp"
#include "daemon/store/store_reader.hpp"

#include <string>

namespace smsgw {

// "<election id>@<16 hex digits>": the election id from election.toml (for people; "unknown" when
// it cannot be read) and the 64-bit FNV-1a hash of election.toml, stations.csv, monitors.csv and
// candidates.csv, in that order. Equal files give equal versions, so the daemon saves a codebook
// once however often it restarts with it, and every report names the codebook it was checked with.
std::string codebook_version(const CodebookSources& sources);

// Loads the codebook the database says is in use (saved by `smsgw run`). Throws std::runtime_error:
// "the database has no codebook yet: start smsgw run once", or the saved files' FILE:LINE errors,
// or a store error. The version is the saved one.
CodebookInUse codebook_from_reader(store::StoreReader& reader);

}  // namespace smsgw
