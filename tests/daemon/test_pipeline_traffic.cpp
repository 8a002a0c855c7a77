// Random election-night traffic against a plain model of the policies: the live count, and the count rebuilt at every restart.
#include "pipeline_rig.hpp"

#include "daemon/quickcount/estimates_json.hpp"
#include "parsers/parser.hpp"

#include <map>
#include <random>

using namespace smsgw;
using namespace smsgw::test;

namespace {

// Who may report for each sampled station of the tiny codebook, the assigned monitor first ("" when
// only a mobile team and the coordinator cover it: only an operator can settle its conflicts).
const std::map<std::string, std::vector<std::string>> reporters = {
    {"01001", {"+77010000001", "+77010000005"}},
    {"01004", {"+77010000003", "+77010000004", "+77010000005"}},
    {"01005", {"", "+77010000004", "+77010000005"}},
    {"02001", {"77010000006", "+77010000005"}},
    {"02002", {"+77010000007", "+77010000005"}},
};

// Three valid results per station, so that resends and disagreements are frequent.
std::string results(const std::string& station, int variant) {
    const int a = 40 + 10 * variant, b = 60 - 5 * variant, c = 20 + variant, x = 2;
    return "R " + station + " A" + std::to_string(a) + " B" + std::to_string(b) + " C" + std::to_string(c) + " X" +
           std::to_string(x) + " T" + std::to_string(a + b + c + x);
}

// The policy, written as the state of each station: its current versions (phone, variant).
struct Model {
    struct Version {
        std::string phone;
        int variant;
    };
    std::map<std::string, std::vector<Version>> current;

    void report(const std::string& station, const std::string& phone, int variant) {
        auto& cur = current[station];
        const bool assigned = reporters.at(station)[0] == phone;
        if (cur.empty()) {
            cur = {{phone, variant}};
        } else if (cur.size() == 1) {
            if (cur[0].variant == variant) return;  // duplicate
            if (cur[0].phone == phone) cur = {{phone, variant}};
            else cur.push_back({phone, variant});
        } else if (assigned) {
            cur = {{phone, variant}};
        } else {
            auto own = std::find_if(cur.begin(), cur.end(), [&](const Version& v) { return v.phone == phone; });
            if (own != cur.end() && own->variant == variant) return;
            if (own != cur.end()) cur.erase(own);
            cur.push_back({phone, variant});
        }
    }

    std::string estimates(const CodebookPtr& cb) const {
        QuickCount qc(cb);
        for (const auto& [station, cur] : current) {
            if (cur.size() != 1) continue;
            Report r = parse_message(results(station, cur[0].variant), *cb);
            REQUIRE(r.errors.empty());
            qc.set_result(cb->find_station(station)->index, "R", r.values);
        }
        return estimates_json(qc.estimate());
    }
};

// The same text as a monitor might type it.
std::string typed(std::string text, std::mt19937& rng) {
    switch (rng() % 3) {
        case 0: return text;
        case 1:
            std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
            return text;
        default: std::erase(text, ' '); return text.substr(0, 1) + " " + text.substr(1);
    }
}

}  // namespace

TEST_CASE("random traffic with resends, corrections, conflicts, multipart, operator resolutions and restarts") {
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        std::mt19937 rng(seed);
        Rig rig;
        rig.open();
        Model model;
        int messages = 0, stored_messages = 0, resolutions = 0, restarts = 0;
        std::vector<std::string> stations;
        for (const auto& [s, _] : reporters) stations.push_back(s);

        for (int round = 0; round < 60; ++round) {
            std::vector<ReceivedPart> parts;
            std::vector<std::tuple<std::string, std::string, int>> counted_order;  // station, phone, variant
            const int n = 1 + static_cast<int>(rng() % 5);
            for (int i = 0; i < n; ++i) {
                const std::string& station = stations[rng() % stations.size()];
                const auto& who = reporters.at(station);
                std::string phone = who[rng() % who.size()];
                if (phone.empty()) phone = who[1];
                const int variant = static_cast<int>(rng() % 3);
                const int kind = static_cast<int>(rng() % 10);
                if (kind == 0) {
                    parts.push_back(rig.sms("Kcell", "Your bonus: 100 MB"));
                    ++messages;
                } else if (kind == 1) {
                    parts.push_back(rig.sms(phone, "R " + station + " A1 B2"));  // rejected: missing tags
                    ++messages;
                } else if (kind == 2) {
                    // Two parts with a reference other senders use too, both in this batch.
                    const std::string text = results(station, variant);
                    const int ref = static_cast<int>(rng() % 3);
                    parts.push_back(rig.sms(phone, text.substr(0, 9), ref, 1, 2));
                    parts.push_back(rig.sms(phone, text.substr(9), ref, 2, 2));
                    counted_order.emplace_back(station, phone, variant);
                    ++messages;
                } else {
                    parts.push_back(rig.sms(phone, typed(results(station, variant), rng)));
                    counted_order.emplace_back(station, phone, variant);
                    ++messages;
                }
            }
            auto r = rig.feed(parts);
            REQUIRE(r.ack.committed);
            stored_messages += static_cast<int>(r.outcomes.size());
            for (const auto& [station, phone, variant] : counted_order) model.report(station, phone, variant);
            CHECK(estimates_json(rig.qc->estimate()) == model.estimates(rig.codebook.codebook));

            if (rng() % 8 == 0) {
                // An operator settles one station in conflict, choosing one of its versions.
                for (auto& station_versions : model.current) {
                    // Named, not a structured binding: Clang 14 cannot capture a binding in a lambda.
                    const auto& station = station_versions.first;
                    auto& cur = station_versions.second;
                    if (cur.size() < 2) continue;
                    auto stored = rig.store->write([&](store::Transaction& tx) { return tx.current_reports("R", station); });
                    REQUIRE(stored.ok());
                    REQUIRE(stored->size() == cur.size());
                    const std::size_t k = rng() % cur.size();
                    REQUIRE(rig.pipeline->resolve((*stored)[k].id).ok());
                    cur = {cur[k]};
                    ++resolutions;
                    break;
                }
            }
            if (rng() % 10 == 0) {
                const std::string live = estimates_json(rig.qc->estimate());
                rig.close();
                CHECK(rig.open().empty());
                CHECK(estimates_json(rig.qc->estimate()) == live);
                ++restarts;
            }
        }
        CHECK(stored_messages == messages);
        CHECK(estimates_json(rig.qc->estimate()) == model.estimates(rig.codebook.codebook));
        MESSAGE("seed " << seed << ": " << messages << " messages, " << resolutions << " operator resolutions, "
                        << restarts << " restarts");
    }
}
