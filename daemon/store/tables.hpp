// The store's tables on one connection, each with its statements prepared once when the store opens.
#pragma once

#include "daemon/store/audit_table.hpp"
#include "daemon/store/codebooks_table.hpp"
#include "daemon/store/deliveries_table.hpp"
#include "daemon/store/events_table.hpp"
#include "daemon/store/exports_table.hpp"
#include "daemon/store/hq_link_table.hpp"
#include "daemon/store/hq_outbox_table.hpp"
#include "daemon/store/messages_table.hpp"
#include "daemon/store/modems_table.hpp"
#include "daemon/store/official_table.hpp"
#include "daemon/store/outbox_table.hpp"
#include "daemon/store/parts_table.hpp"
#include "daemon/store/quarantine_table.hpp"
#include "daemon/store/reminders_table.hpp"
#include "daemon/store/reports_table.hpp"
#include "daemon/store/takes_table.hpp"

namespace smsgw::store {

struct Tables {
    explicit Tables(Database& db)
        : parts(db), messages(db), reports(db), outbox(db), modems(db), exports(db), events(db), codebooks(db), reminders(db), hq_link(db),
          quarantine(db), official(db), takes(db), deliveries(db), audit(db), hq_outbox(db) {}

    PartsTable parts;
    MessagesTable messages;
    ReportsTable reports;
    OutboxTable outbox;
    ModemsTable modems;
    ExportsTable exports;
    EventsTable events;
    CodebooksTable codebooks;
    RemindersTable reminders;
    HqLinkTable hq_link;
    QuarantineTable quarantine;
    OfficialTable official;
    TakesTable takes;
    DeliveriesTable deliveries;
    AuditTable audit;
    HqOutboxTable hq_outbox;
};

}  // namespace smsgw::store
