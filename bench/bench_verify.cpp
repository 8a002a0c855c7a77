// Times the morning after on the reference election: importing 9,600 official rows and verifying them against 1,000 observer reports.
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/official/verify.hpp"
#include "daemon/cli/official_import.hpp"
#include "daemon/pipeline/report_json.hpp"
#include "daemon/simulate/true_results.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace smsgw;
namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// One report as the pipeline stores it: a part, its message, the report.
void record(store::Store& db, const std::string& version, const Station& s, const std::string& values, int n) {
    auto r = db.write([&](store::Transaction& tx) -> store::Result<bool> {
        ingest::Part part;
        part.modem = "m1";
        part.imei = "356938035643809";
        part.location = n;
        part.sender = "+77010000005";
        part.smsc_time = "2026-03-01T20:00:00+" + std::to_string(n);
        part.received_at = smsgw::SystemTime(std::chrono::seconds(1772395200 + n));
        part.text = "R " + s.code;
        part.coding = "gsm7";
        auto b = tx.store_parts(std::span(&part, 1));
        if (!b) return b.error();
        ingest::AssembledMessage m;
        m.modem = part.modem;
        m.imei = part.imei;
        m.sender = part.sender;
        m.smsc_time = part.smsc_time;
        m.coding = part.coding;
        m.text = part.text;
        m.received_at = part.received_at;
        m.part_ids = {b->stored.at(0).id};
        auto id = tx.record_message(m);
        if (!id) return id.error();
        store::ReportRecord rec;
        rec.message_id = *id;
        rec.form = "R";
        rec.station = s.code;
        rec.sender = part.sender;
        rec.status = Status::accepted;
        rec.disposition = "new";
        rec.values_json = values;
        rec.codebook_version = version;
        rec.reference = "B" + std::to_string(n);
        rec.current = true;
        if (auto rr = tx.record_report(rec); !rr) return rr.error();
        return true;
    });
    if (!r) throw std::runtime_error(r.error().message);
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / "smsgw-bench-verify";
    const std::uint64_t seed = argc > 2 ? std::stoull(argv[2]) : 1;
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string db_path = (dir / "smsgw.db").string();
    CodebookSources sources = read_codebook_dir(fs::path(SMSGW_SOURCE_DIR) / "codebooks" / "example");
    const std::string version = codebook_version(sources);
    LoadResult loaded = load_codebook(sources);
    if (!loaded.ok()) return 1;
    const Codebook& cb = *loaded.codebook;
    sim::TrueResults truth(cb, seed);
    const Form& form = *cb.find_form("R");

    std::string clean = "station", shifted = "station";
    for (const auto& f : form.fields) clean += "," + f.tag;
    shifted = clean += "\n";
    int n = 0, moved_stations = 0;
    {
        store::Store db(db_path);
        if (!db.save_codebook(version, sources)) return 1;
        for (const Station& s : cb.stations) {
            const sim::StationResult* r = truth.find("R", s.index);
            std::vector<TagValue> values;
            for (std::size_t k = 0; k < form.option_tags.size(); ++k) values.push_back({form.option_tags[k], r->votes[k], -1});
            values.push_back({"X", r->invalid, -1});
            values.push_back({"T", r->cast, -1});
            if (s.sampled) record(db, version, s, values_to_json(values), ++n);
            std::string line = s.code;
            for (const auto& v : values) line += "," + std::to_string(v.value);
            clean += line + "\n";
            // 10% of B's votes to A at every station of region 03 (the planted manipulation).
            if (s.region == "03") {
                auto m = static_cast<std::int64_t>(std::llround(0.10 * static_cast<double>(values[1].value)));
                values[0].value += m;
                values[1].value -= m;
                ++moved_stations;
                line = s.code;
                for (const auto& v : values) line += "," + std::to_string(v.value);
            }
            shifted += line + "\n";
        }
    }
    std::ofstream(dir / "official-clean.csv", std::ios::binary) << clean;
    std::ofstream(dir / "official-shifted.csv", std::ios::binary) << shifted;
    std::printf("%s: example codebook, %d observer reports (sampled stations, true result of seed %llu)\n", db_path.c_str(), n,
                static_cast<unsigned long long>(seed));
    std::printf("official-shifted.csv: 10%% of B to A at the %d stations of region 03\n", moved_stations);

    auto t0 = std::chrono::steady_clock::now();
    OfficialImportReport rep = import_official_file({db_path, "R", (dir / "official-clean.csv").string()});
    std::printf("import %zu rows: %.3f s (%s)\n", rep.rows, seconds_since(t0), rep.ok ? "stored" : "refused");
    t0 = std::chrono::steady_clock::now();
    rep = import_official_file({db_path, "R", (dir / "official-shifted.csv").string()});
    std::printf("re-import %zu rows, %zu changed: %.3f s\n", rep.rows, rep.outcome.changed, seconds_since(t0));

    t0 = std::chrono::steady_clock::now();
    store::StoreReader reader(db_path);
    CodebookInUse in_use = codebook_from_reader(reader);
    const double load = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    official::VerifyResult result = official::verify_in_snapshot(reader, in_use.codebook);
    std::printf("verify: %.3f s (+ %.3f s loading the codebook): %zu contests, %zu stations compared, %zu on the call list\n",
                seconds_since(t0), load, result.contests.size(), result.stations.size(), result.anomalies.size());
    return 0;
}
