// The `modem` table: the latest health and SMS storage of each modem, for the status command and the console.
#include "daemon/store/modems_table.hpp"

#include <sqlite3.h>

namespace smsgw::store {

ModemsTable::ModemsTable(Database& db)
    : db_(db),
      upsert_(db.prepare(
          "INSERT INTO modem (name, imei, imsi, operator, signal_percent, battery_percent, network_state, state, "
          "last_error, last_seen, sim_used, sim_size, phone_used, phone_size, device, delete_failures, undeletable, "
          "last_delete_error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
          "ON CONFLICT (name) DO UPDATE SET imei = excluded.imei, "
          "imsi = excluded.imsi, operator = excluded.operator, signal_percent = excluded.signal_percent, "
          "battery_percent = excluded.battery_percent, network_state = excluded.network_state, state = "
          "excluded.state, last_error = excluded.last_error, last_seen = excluded.last_seen, sim_used = "
          "excluded.sim_used, sim_size = excluded.sim_size, phone_used = excluded.phone_used, phone_size = "
          "excluded.phone_size, device = excluded.device, delete_failures = excluded.delete_failures, undeletable = "
          "excluded.undeletable, last_delete_error = excluded.last_delete_error")),
      all_(db.prepare("SELECT name, imei, imsi, operator, signal_percent, battery_percent, network_state, state, "
                      "last_error, last_seen, sim_used, sim_size, phone_used, phone_size, device, delete_failures, "
                      "undeletable, last_delete_error FROM modem "
                      "ORDER BY name")) {}

Result<void> ModemsTable::upsert(const ModemHealthRecord& m) {
    StatementUse s(upsert_);
    int rc = s->bind_all(m.name, m.imei, m.imsi, m.operator_name, m.signal_percent, m.battery_percent, m.network_state,
                         m.state, m.last_error, to_millis(m.last_seen), m.sim_used, m.sim_size, m.phone_used,
                         m.phone_size, m.device, m.delete_failures, m.undeletable, m.last_delete_error);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("record modem health", rc);
    return {};
}

Result<std::vector<ModemHealthRecord>> ModemsTable::all() {
    StatementUse s(all_);
    std::vector<ModemHealthRecord> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) {
        ModemHealthRecord m;
        m.name = s->text(0);
        m.imei = s->text(1);
        m.imsi = s->text(2);
        m.operator_name = s->text(3);
        if (!s->is_null(4)) m.signal_percent = s->integer(4);
        if (!s->is_null(5)) m.battery_percent = s->integer(5);
        m.network_state = s->text(6);
        m.state = s->text(7);
        m.last_error = s->text(8);
        m.last_seen = from_millis(s->int64(9));
        std::optional<int>* storage[] = {&m.sim_used, &m.sim_size, &m.phone_used, &m.phone_size};
        for (int i = 0; i < 4; ++i)
            if (!s->is_null(10 + i)) *storage[i] = s->integer(10 + i);
        m.device = s->text(14);
        m.delete_failures = s->int64(15);
        m.undeletable = s->integer(16);
        m.last_delete_error = s->text(17);
        out.push_back(std::move(m));
    }
    if (rc != SQLITE_DONE) return db_.error("load modems", rc);
    return out;
}

}  // namespace smsgw::store
