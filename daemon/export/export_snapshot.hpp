// Everything one export reads from the store, taken in one read transaction so its files agree.
#pragma once

#include "daemon/store/official_records.hpp"
#include "daemon/store/records.hpp"
#include "daemon/store/result.hpp"
#include "daemon/store/store_reader.hpp"

#include <cstdint>
#include <map>
#include <vector>

namespace smsgw::exports {

struct ExportSnapshot {
    std::vector<store::StoredReport> current;   // is_current, by id
    std::vector<store::StoredReport> versions;  // every report version, by id
    std::vector<store::StoredMessage> messages;  // every message, by id
    std::vector<store::OutgoingSms> outgoing;    // every reply, reminder and HQ summary, by id
    store::Counts counts{};
    std::vector<store::QuarantineRecord> quarantined;  // SIM records the modems could not read, oldest first
    std::vector<store::StoredOfficial> official;       // current official rows (schema 7), by form, station
    std::vector<store::Take> takes;                    // the estimate's takes, oldest first
    std::vector<store::StoredAudit> audit;             // the operators' audit trail (schema 10), by id
    store::AuditHead audit_head{};
    std::vector<std::pair<std::string, SystemTime>> reminded;  // per station, its first reminder

    // The latest report of each message (a message normally has exactly one).
    std::map<std::int64_t, const store::StoredReport*> report_of_message() const;
    const store::StoredMessage* message(std::int64_t id) const;  // null if unknown
    // The latest reply to each message (one normally; a requeued duplicate would be a second).
    std::map<std::int64_t, const store::OutgoingSms*> reply_of_message() const;
};

// One consistent read. StoreReader has no "all messages" query, so messages are read one id at a
// time: SQLite assigns message ids densely (INTEGER PRIMARY KEY, rows never deleted), and the
// count in the same snapshot says when all were found.
store::Result<ExportSnapshot> read_export_snapshot(store::StoreReader& reader);

}  // namespace smsgw::exports
