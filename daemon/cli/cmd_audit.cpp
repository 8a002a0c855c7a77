// smsgw audit --db FILE verify|list: recompute the operators' hash chain and name the first tampered row.
#include "daemon/audit/audit_chain.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/options.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/status/status_view.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <iostream>

namespace smsgw {

int cmd_audit(const Args& args) {
    std::string db, what;
    bool json = false;
    cli::Options opts("audit",
                      "smsgw audit --db FILE verify|list [--json]\n\n"
                      "verify: recomputes the SHA-256 chain over every row of the operators' audit trail and names the\n"
                      "first row that was edited, deleted or moved; exit 0 when intact, 1 when not. Compare the head\n"
                      "hash with the one in an export's manifest.json (audit_head) to see that nothing was rewritten.\n"
                      "list: every row, oldest first.");
    opts.positional("what", what, "verify|list", "verify the chain, or list the rows").required().one_of({"verify", "list"});
    opts.text("db", db, "FILE", "the smsgw database").required();
    opts.flag("json", json, "one JSON object");
    if (auto exit = opts.parse(args)) return *exit;
    auto reader = open_store_reader(db);
    std::vector<store::StoredAudit> rows;
    store::AuditHead head;
    auto r = reader->snapshot([&](store::StoreReader& rd) -> store::Result<bool> {
        auto a = rd.audit_since(0);
        if (!a) return a.error();
        auto h = rd.audit_head();
        if (!h) return h.error();
        rows = std::move(*a);
        head = *h;
        return true;
    });
    if (!r) throw std::runtime_error("cannot read the audit trail: " + r.error().message);
    const bool as_json = json > 0;
    if (what == "list") {
        boost::json::array arr;
        for (const auto& a : rows) {
            const auto& e = a.entry;
            if (as_json)
                arr.push_back(boost::json::object{{"id", a.id}, {"at_utc", status_utc(a.at, true)}, {"by", e.operator_name},
                                                  {"action", e.action}, {"verb", e.verb},
                                                  {"report_id", e.report_id ? boost::json::value(*e.report_id) : nullptr},
                                                  {"station", e.station}, {"before", e.before}, {"after", e.after},
                                                  {"reason", e.reason}, {"hash", a.hash}});
            else
                std::cout << fmt::format("{:>5} {} {:<10} {} {} {}{} {} -> {}{}\n", a.id, status_utc(a.at, false),
                                         e.operator_name, e.action, e.verb,
                                         e.report_id ? "report " + std::to_string(*e.report_id) + " " : "",
                                         e.station.empty() ? "" : "station " + e.station, e.before, e.after,
                                         e.reason.empty() ? "" : " (" + e.reason + ")");
        }
        if (as_json) std::cout << boost::json::serialize(boost::json::object{{"rows", std::move(arr)}}) << "\n";
        return 0;
    }
    const audit::ChainCheck c = audit::verify_chain(rows, head);
    if (as_json) {
        boost::json::object o{{"ok", c.ok()},
                               {"rows", c.rows},
                               {"head", c.head},
                               {"first_tampered", c.first_bad ? boost::json::value(*c.first_bad) : nullptr},
                               {"problem", c.problem}};
        std::cout << boost::json::serialize(o) << "\n";
    } else if (c.ok())
        std::cout << fmt::format("audit trail intact: {} row{}, head {}\n", c.rows, c.rows == 1 ? "" : "s",
                                 c.head.empty() ? "(none)" : c.head);
    else
        std::cout << fmt::format("audit trail TAMPERED: {} ({} rows read)\n", c.problem, c.rows);
    return c.ok() ? 0 : 1;
}

}  // namespace smsgw
