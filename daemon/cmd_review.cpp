// smsgw review, smsgw call: an operator's decision on a report or station, and a call attempt, as the daemon runs.
#include "daemon/audit/audit_chain.hpp"
#include "daemon/commands.hpp"
#include "daemon/review_decision.hpp"

#include <boost/program_options.hpp>

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
    namespace po = boost::program_options;
    std::string db;
    ReviewRequest req;
    std::vector<std::string> sets;
    po::options_description opts(
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
        "The running daemon applies it within a second. The same decision twice changes nothing.\n\noptions");
    opts.add_options()("help,h", "show this help")("db", po::value(&db)->required(), "the smsgw database")(
        "by", po::value(&req.by), "the operator (default: your Unix user)")(
        "reason", po::value(&req.reason), "why, or the note's text")(
        "set", po::value(&sets)->composing(), "TAG=VALUE read over the phone (with verify)")(
        "item", po::value(&req.item)->required(), "report id, #REF or station:CODE")(
        "verb", po::value(&req.verb)->required(), "the decision");
    po::positional_options_description pos;
    pos.add("item", 1).add("verb", 1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    po::notify(vm);
    if (req.by.empty()) req.by = audit::default_operator();
    for (const auto& s : sets) req.set.push_back(tag_value(s));
    print(apply_review(db, req));
    return 0;
}

int cmd_call(const Args& args) {
    namespace po = boost::program_options;
    std::string db;
    CallRequest req;
    po::options_description opts(
        "smsgw call --db FILE --station CODE --outcome OUTCOME [--by NAME] [--note TEXT]\n\n"
        "Logs one attempt to phone a station's monitor. OUTCOME: reached, no-answer, busy, switched-off,\n"
        "wrong-number, left-message. smsgw queue and smsgw callback show the last attempt per station.\n\noptions");
    opts.add_options()("help,h", "show this help")("db", po::value(&db)->required(), "the smsgw database")(
        "station", po::value(&req.station)->required(), "the station whose monitor was called")(
        "outcome", po::value(&req.outcome)->required(), "what came of the call")(
        "by", po::value(&req.by), "the operator (default: your Unix user)")("note", po::value(&req.note), "what was said");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(opts).run(), vm);
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    po::notify(vm);
    if (req.by.empty()) req.by = audit::default_operator();
    print(record_call(db, req));
    return 0;
}

}  // namespace smsgw
