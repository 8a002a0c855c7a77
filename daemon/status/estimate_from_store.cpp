// The quick count rebuilt from the store outside the daemon: for estimate, status, exports and the console.
#include "daemon/status/estimate_from_store.hpp"

#include "daemon/review/decisions.hpp"
#include "daemon/store/access_check.hpp"
#include "daemon/store/result_codes.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>

namespace smsgw {

std::unique_ptr<store::StoreReader> open_store_reader(const std::string& path) {
    // Permission first: exists() is false for a file in a directory this user may not enter.
    if (auto denied = store::read_permission_problem(path)) throw std::runtime_error(*denied);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw std::runtime_error(path + ": no such database (give the daemon's, [gateway] database in its config)");
    if (std::filesystem::is_directory(path, ec))
        throw std::runtime_error(path + ": is a directory, not a database file");
    try {
        return std::make_unique<store::StoreReader>(path);
    } catch (const store::StoreOpenError& e) {
        if (store::is_shm_not_creatable(e.code())) throw std::runtime_error(store::missing_shm_advice(path));
        if (store::is_damage(e.code()))
            throw std::runtime_error(std::string(e.what()) +
                                     ": not a database, or a damaged one (give the daemon's, [gateway] database in its "
                                     "config; if it is that one, smsgw recover: README \"When the database is in trouble\")");
        throw;
    }
}

StoreCount count_in_snapshot(store::StoreReader& reader) {
    CodebookInUse codebook = codebook_from_reader(reader);
    auto current = reader.current_reports();
    if (!current) throw std::runtime_error("cannot read the current reports: " + current.error().message);
    auto audit = reader.audit_since(0);
    if (!audit) throw std::runtime_error("cannot read the audit trail: " + audit.error().message);
    StoreCount out{codebook, QuickCount(codebook.codebook), {}};
    out.tally = count_current_reports(out.quick_count, *current, review::replay(*audit).count);
    return out;
}

StoreCount count_from_store(store::StoreReader& reader) {
    std::optional<StoreCount> out;
    auto r = reader.snapshot([&](store::StoreReader& rd) -> store::Result<bool> {
        out.emplace(count_in_snapshot(rd));
        return true;
    });
    if (!r) throw std::runtime_error("cannot read the database: " + r.error().message);
    return std::move(*out);
}

}  // namespace smsgw
