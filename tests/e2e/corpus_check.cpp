// The end-to-end tests' main assertion: the store holds the corpus exactly once, with parse's verdicts.
#include "corpus_check.hpp"

#include "tests/support/wait.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

namespace smsgw::e2e {

using namespace smsgw::test;

namespace {

void problem(CorpusCheck& c, std::string text) {
    ++c.problem_count;
    if (c.problems.size() < 30) c.problems.push_back(std::move(text));
}

}  // namespace

std::string CorpusCheck::text() const {
    std::string s = fmt::format("{} problems:\n", problem_count);
    for (const auto& p : problems) s += "  " + p + "\n";
    return s;
}

CorpusCheck check_store(const StoreProbe& store, const Corpus& corpus, int parts) {
    CorpusCheck c;
    auto counts = store.counts();
    if (!counts) {
        problem(c, "the store cannot be read");
        return c;
    }
    const auto n = static_cast<std::int64_t>(corpus.size());
    if (counts->messages_processed != n) problem(c, fmt::format("{} messages processed, {} injected", counts->messages_processed, n));
    if (counts->messages_pending != 0) problem(c, fmt::format("{} messages pending", counts->messages_pending));
    if (counts->messages_incomplete != 0) problem(c, fmt::format("{} messages incomplete", counts->messages_incomplete));
    if (parts >= 0 && counts->parts != parts) problem(c, fmt::format("{} parts stored, {} written", counts->parts, parts));
    if (counts->unlinked_parts != 0) problem(c, fmt::format("{} parts unlinked", counts->unlinked_parts));
    if (counts->replies_failed != 0) problem(c, fmt::format("{} replies failed", counts->replies_failed));

    // Expected messages per (sender, text): resends make a group of several.
    std::map<std::pair<std::string, std::string>, std::vector<const CorpusMessage*>> expected;
    for (const auto& m : corpus.messages()) expected[{m.sender, m.text}].push_back(&m);
    std::map<std::pair<std::string, std::string>, std::vector<MessageRow>> stored;
    for (auto& row : store.messages()) stored[{row.sender, row.text}].push_back(std::move(row));

    for (const auto& [key, rows] : stored) {
        auto it = expected.find(key);
        if (it == expected.end()) {
            problem(c, fmt::format("stored but never sent: message {} from {}: \"{}\"", rows.front().id, key.first, key.second));
            continue;
        }
        if (rows.size() != it->second.size())
            problem(c, fmt::format("{} stored {} times, sent {} times: \"{}\"", key.first, rows.size(), it->second.size(), key.second));
        std::set<std::string> times;
        for (const auto& r : rows) times.insert(r.smsc_time);
        if (times.size() != rows.size()) problem(c, fmt::format("{}: one SMS stored twice (same SMSC time): \"{}\"", key.first, key.second));
        const ParseVerdict& want = it->second.front()->expected;
        for (const auto& r : rows) {
            const auto what = fmt::format("message {} from {} \"{}\"", r.id, r.sender, r.text.substr(0, 60));
            if (r.state != "processed" || r.assembly != "complete")
                problem(c, fmt::format("{}: state {} assembly {}", what, r.state, r.assembly));
            if (r.reports != 1) problem(c, fmt::format("{}: {} reports", what, r.reports));
            if (r.status != want.status || r.form != want.form || r.station != want.station)
                problem(c, fmt::format("{}: stored {} {} {}, parse says {} {} {}", what, r.status, r.form, r.station,
                                       want.status, want.form, want.station));
            const int replies = want.replyable ? 1 : 0;
            if (r.replies != replies) problem(c, fmt::format("{}: {} replies, expected {}", what, r.replies, replies));
            if (r.replies > 0) {
                ++c.replies;
                c.replies_sent += r.reply_status == "sent" ? 1 : 0;
                const std::string want_reply = reply_without_reference(want.reply) + r.reference;
                if (r.reply_text != want_reply)
                    problem(c, fmt::format("{}: reply \"{}\", parse says \"{}\"", what, r.reply_text, want_reply));
                if (r.reply_status == "failed") problem(c, fmt::format("{}: reply failed", what));
            }
        }
    }
    for (const auto& [key, msgs] : expected)
        if (!stored.count(key)) problem(c, fmt::format("lost: {} \"{}\" ({} times)", key.first, key.second, msgs.size()));
    c.multipart = static_cast<int>(store.scalar("SELECT count(*) FROM message WHERE concat_total > 1"));
    return c;
}

int inbox_files(const std::filesystem::path& device) {
    return count_files(device / "sms" / "1") + count_files(device / "sms" / "3");
}

bool wait_processed(const StoreProbe& store, std::int64_t messages, std::chrono::milliseconds timeout) {
    return wait_until(
        timeout,
        [&] {
            auto c = store.counts();
            return c && c->messages_processed >= messages && c->messages_pending == 0 && c->unlinked_parts == 0;
        },
        std::chrono::milliseconds(200));
}

}  // namespace smsgw::e2e
