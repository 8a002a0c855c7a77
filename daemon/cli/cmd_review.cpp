// smsgw review, smsgw call: an operator's decision on a report or station, and a call attempt, as the daemon runs.
#include "daemon/audit/audit_chain.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/options.hpp"
#include "daemon/cli/review_decision.hpp"


#include <charconv>
#include <iostream>

namespace smsgw {

namespace {

std::pair<std::string, std::int64_t> tag_value(const std::string& text) {
    const auto eq = text.find('=');
    std::int64_t v = 0;
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw std::runtime_error("--set '" + text + "': give TAG=VALUE, e.g. --set A=312");
    const char* b = text.data() + eq + 1;
    const char* e = text.data() + text.size();
    if (auto [p, ec] = std::from_chars(b, e, v); ec != std::errc() || p != e || v < 0)
        throw std::runtime_error("--set '" + text + "': the value must be a whole number (as the monitor would text it)");
    return {text.substr(0, eq), v};
}

void print(const DecisionResult& r) {
    std::cout << r.message;
    if (r.audit) std::cout << " [audit row " << *r.audit << "]";
    std::cout << "\n";
}

}  // namespace

int cmd_review(const Args& args) {
    std::string db;
    ReviewRequest req;
    std::vector<std::string> sets;
    cli::Options opts("review",
        "smsgw review --db FILE ITEM verify|reject|quarantine|release|note|confirm|escalate [--by NAME]\n"
        "             [--reason TEXT] [--set TAG=VALUE...]\n\n"
        "An operator's decision. ITEM is a report id (smsgw queue, reports.csv), the #REF a monitor\n"
        "quotes (#1A02), or station:CODE for quarantine, release and note.\n"
        "  verify      the report is right as it stands (a conflict version: it counts, the conflict is settled;\n"
        "              a report that did not count, e.g. from an unregistered phone: entered again by phone);\n"
        "              with --set, the corrected values read over the phone become a new version (channel phone)\n"
        "  reject      the report no longer counts (verify lifts it)\n"
        "  quarantine  withhold the report's station from the count until release\n"
        "  note        keep a note (--reason) on the report or station; it stays in the queue\n"
        "  confirm, escalate   an incident report (reject: it was not one)\n"
        "The running daemon applies it within a second. The same decision twice changes nothing.");
    opts.positional("item", req.item, "ITEM", "report id, #REF or station:CODE").required();
    opts.positional("verb", req.verb, "VERB", "the decision").required();
    opts.text("db", db, "FILE", "the smsgw database").required();
    opts.text("by", req.by, "NAME", "the operator (default: your Unix user)");
    opts.text("reason", req.reason, "TEXT", "why, or the note's text");
    opts.texts("set", sets, "TAG=VALUE", "a value read over the phone (with verify); repeat");
    if (auto exit = opts.parse(args)) return *exit;
    if (req.by.empty()) req.by = audit::default_operator();
    for (const auto& s : sets) req.set.push_back(tag_value(s));
    print(apply_review(db, req));
    return 0;
}

int cmd_call(const Args& args) {
    std::string db;
    CallRequest req;
    cli::Options opts("call",
        "smsgw call --db FILE --station CODE --outcome OUTCOME [--by NAME] [--note TEXT]\n\n"
        "Logs one attempt to phone a station's monitor. OUTCOME: reached, no-answer, busy, switched-off,\n"
        "wrong-number, left-message. smsgw queue and smsgw callback show the last attempt per station.");
    opts.text("db", db, "FILE", "the smsgw database").required();
    opts.text("station", req.station, "CODE", "the station whose monitor was called").required();
    opts.text("outcome", req.outcome, "OUTCOME", "what came of the call").required();
    opts.text("by", req.by, "NAME", "the operator (default: your Unix user)");
    opts.text("note", req.note, "TEXT", "what was said");
    if (auto exit = opts.parse(args)) return *exit;
    if (req.by.empty()) req.by = audit::default_operator();
    print(record_call(db, req));
    return 0;
}

}  // namespace smsgw
