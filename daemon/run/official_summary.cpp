// Counts verify's verdicts into a few console lines; the details stay with `smsgw verify`.
#include "daemon/run/official_summary.hpp"

#include "daemon/official/verify.hpp"
#include "daemon/store/store_reader.hpp"

#include <fmt/format.h>

#include <exception>
#include <map>
#include <optional>

namespace smsgw {

OfficialSummary official_summary(const std::string& database, const CodebookPtr& codebook) {
    OfficialSummary out;
    try {
        store::StoreReader reader(database);
        std::optional<official::VerifyResult> result;
        std::map<std::string, std::size_t> per_form;
        auto r = reader.snapshot([&](store::StoreReader& rd) -> store::Result<bool> {
            auto rows = rd.official_rows();
            if (!rows) return rows.error();
            for (const auto& row : *rows) ++per_form[row.form];
            if (!rows->empty()) result.emplace(official::verify_in_snapshot(rd, codebook));
            return true;
        });
        if (!r) throw std::runtime_error(r.error().message);
        if (!result) return out;
        std::string forms;
        std::size_t total = 0;
        for (const auto& [form, n] : per_form) {
            forms += fmt::format("{}form {}: {}", forms.empty() ? "" : ", ", form, n);
            total += n;
        }
        out.lines.push_back(fmt::format("official results: {} station rows ({})", total, forms));
        for (const auto& c : result->contests) {
            std::size_t in95 = 0, in99 = 0, outside = 0;
            auto tally = [&](const std::vector<official::MeasureVerdict>& ms) {
                for (const auto& m : ms) {
                    in95 += m.verdict == official::Verdict::inside95;
                    in99 += m.verdict == official::Verdict::inside99;
                    outside += m.verdict == official::Verdict::outside;
                }
            };
            tally(c.measures);
            for (const auto& g : c.regions) tally(g.measures);
            out.lines.push_back(fmt::format("verify {}{}: coverage {:.1f}%, {} inside 95%, {} inside 99% only, {} OUTSIDE; "
                                            "call official {} / quick count {}{}",
                                            c.contest, c.district ? fmt::format(" district {}", c.district) : "",
                                            100 * c.official_coverage, in95, in99, outside, c.official_call, c.pvt_call,
                                            c.calls_agree ? "" : " (DIFFER)"));
        }
        std::size_t differs = 0, missing = 0;
        for (const auto& s : result->stations) {
            differs += s.status == official::StationStatus::differs;
            missing += s.status == official::StationStatus::official_missing;
        }
        out.lines.push_back(fmt::format("verify: {} stations differ from the monitors' reports, {} missing from the official "
                                        "table, {} on the call list (smsgw verify for details)",
                                        differs, missing, result->anomalies.size()));
    } catch (const std::exception& e) {
        out.ok = false;
        out.lines = {std::string("official results could not be read: ") + e.what()};
    }
    return out;
}

}  // namespace smsgw
