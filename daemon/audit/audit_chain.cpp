// The audit trail's hash chain over store rows, with the exports' SHA-256.
#include "daemon/audit/audit_chain.hpp"

#include "daemon/export/sha256.hpp"
#include "daemon/store/transaction.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <map>

namespace smsgw::audit {

namespace {

void field(exports::Sha256& h, std::string_view name, std::string_view value) {
    h.update(fmt::format("{}={}:", name, value.size()));
    h.update(value);
    h.update("\n");
}

}  // namespace

std::string row_hash(const store::StoredAudit& row) {
    exports::Sha256 h;
    const store::AuditEntry& e = row.entry;
    field(h, "id", std::to_string(row.id));
    field(h, "at", std::to_string(store::to_millis(row.at)));
    field(h, "operator", e.operator_name);
    field(h, "action", e.action);
    field(h, "verb", e.verb);
    field(h, "report", e.report_id ? std::to_string(*e.report_id) : "");
    field(h, "station", e.station);
    field(h, "before", e.before);
    field(h, "after", e.after);
    field(h, "reason", e.reason);
    field(h, "prev", row.prev_hash);
    return h.hex();
}

store::Result<store::StoredAudit> append(store::Transaction& tx, const store::AuditEntry& entry) {
    return tx.append_audit(entry, &row_hash);
}

ChainCheck verify_chain(const std::vector<store::StoredAudit>& rows, const store::AuditHead& head) {
    ChainCheck c;
    c.rows = static_cast<std::int64_t>(rows.size());
    c.head = head.hash;
    std::map<std::string, std::int64_t> id_of_hash;  // the row a stored hash belongs to
    for (const auto& r : rows) id_of_hash.emplace(r.hash, r.id);
    std::int64_t prev_id = 0;
    std::string prev_hash;
    for (const auto& r : rows) {
        auto fail = [&](std::string what) {
            c.first_bad = r.id;
            c.problem = fmt::format("row {}: {}", r.id, what);
            return c;
        };
        if (r.id != prev_id + 1)
            return fail(r.id - 1 == prev_id + 1
                            ? fmt::format("row {} before it was deleted", prev_id + 1)
                            : fmt::format("rows {} to {} before it were deleted", prev_id + 1, r.id - 1));
        if (r.prev_hash != prev_hash) {
            auto it = id_of_hash.find(r.prev_hash);
            if (it != id_of_hash.end())
                return fail(fmt::format("it was chained after row {}, not after row {}: the rows were reordered",
                                        it->second, prev_id));
            return fail(prev_id == 0 ? std::string("the first row does not start the chain (rows before it were deleted)")
                                     : fmt::format("its link to row {} is broken (row {} or this row's link was changed)",
                                                   prev_id, prev_id));
        }
        if (row_hash(r) != r.hash)
            return fail(fmt::format("edited after it was written: its content no longer matches its hash "
                                    "({} by {} at {})",
                                    r.entry.action + " " + r.entry.verb, r.entry.operator_name,
                                    store::to_millis(r.at)));
        prev_id = r.id;
        prev_hash = r.hash;
    }
    if (head.highest_ever > prev_id) {
        c.first_bad = prev_id + 1;
        c.problem = head.highest_ever == prev_id + 1
                        ? fmt::format("row {}: deleted (it was the newest row; the trail had reached id {})", prev_id + 1,
                                      head.highest_ever)
                        : fmt::format("rows {} to {}: deleted (the newest rows)", prev_id + 1, head.highest_ever);
    }
    return c;
}

std::string default_operator() {
    // `sudo -u smsgw smsgw review ...` (the database is the smsgw user's): the person is SUDO_USER.
    if (const char* s = std::getenv("SUDO_USER"); s && *s) return s;
    if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
    if (const char* u = std::getenv("USER"); u && *u) return u;
    return "uid " + std::to_string(geteuid());
}

}  // namespace smsgw::audit
