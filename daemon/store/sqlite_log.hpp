// Routes SQLite's own error log (SQLITE_CONFIG_LOG) and the store's notices to a sink the daemon supplies.
#pragma once

#include <functional>
#include <string_view>

namespace smsgw::store {

// `code` is an SQLite extended result code (SQLITE_WARNING / SQLITE_NOTICE for advisories), or 0
// for the store's own informational notices (e.g. a migration). Called on whichever thread used
// SQLite; it must not call SQLite itself.
using LogSink = std::function<void(int code, std::string_view message)>;

// Replaces the process-wide sink (empty: discard). Safe to call at any time and from any thread.
// Call it first thing at start-up: SQLite's hook can only be installed before SQLite initialises
// (reported to the new sink if that is too late).
void set_log_sink(LogSink sink);

// Installs the SQLITE_CONFIG_LOG hook once per process. SQLite accepts it only before it is
// initialised, so every connection the store opens calls this first. Returns false if SQLite was
// already initialised by someone else (the sink then still receives the store's own notices).
bool install_sqlite_log();

// Sends one message to the current sink.
void log_to_sink(int code, std::string_view message) noexcept;

// "SQLITE_IOERR_FSYNC" for an extended code; the primary code's name for ones not listed.
std::string_view result_code_name(int code);

}  // namespace smsgw::store
