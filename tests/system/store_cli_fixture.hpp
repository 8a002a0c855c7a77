// Shared by the store-reading CLI tests (estimate, status, callback, verify, watch): a database built with the store as the daemon leaves it.
#pragma once

#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/store/store.hpp"
#include "tests/support/files.hpp"
#include "tests/support/run_smsgw.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <string>

namespace store_cli {

namespace fs = std::filesystem;
using namespace smsgw;

inline const fs::path tiny_dir = fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny";

using test::Run;
using test::run_program;
using test::run_smsgw;
using test::slurp;
using test::TempDir;

// A database as the daemon leaves it: the tiny codebook saved as the one in use, and reports
// recorded the way the pipeline records them (each with its own message).
struct Db {
    std::string path;
    CodebookSources sources = read_codebook_dir(tiny_dir);
    std::string version = codebook_version(sources);
    store::Store store;
    int next_part = 0;

    explicit Db(std::string p, bool with_codebook = true) : path(std::move(p)), store(path) {
        if (with_codebook) REQUIRE(store.save_codebook(version, sources).ok());
    }

    std::int64_t message(const std::string& sender, const std::string& text) {
        ingest::Part part;
        part.modem = "m1";
        part.imei = "356938035643809";
        part.location = ++next_part;
        part.sender = sender;
        part.smsc_time = "2026-03-01T20:00:" + std::to_string(10 + next_part % 50);
        part.received_at = smsgw::SystemTime(std::chrono::seconds(1772395200 + next_part));
        part.text = text;
        part.coding = "gsm7";
        auto r = store.write([&](store::Transaction& tx) -> store::Result<std::int64_t> {
            auto b = tx.store_parts(std::span(&part, 1));
            if (!b) return b.error();
            ingest::AssembledMessage m;
            m.modem = part.modem;
            m.imei = part.imei;
            m.sender = sender;
            m.smsc_time = part.smsc_time;
            m.coding = part.coding;
            m.text = text;
            m.received_at = part.received_at;
            m.part_ids = {b->stored.at(0).id};
            auto id = tx.record_message(m);
            if (!id) return id;
            if (auto p = tx.mark_processed(*id); !p) return p.error();
            return id;
        });
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return *r;
    }

    // One report version; returns its id.
    std::int64_t report(const std::string& form, const std::string& station, const std::string& values_json,
                        Status status = Status::accepted, const std::string& disposition = "new", bool current = true,
                        bool conflict = false, const std::string& sender = "+77010000005") {
        const std::int64_t m = message(sender, form + " " + station + " " + values_json);
        store::ReportRecord rec;
        rec.message_id = m;
        rec.form = form;
        rec.station = station;
        rec.sender = sender;
        rec.status = status;
        rec.disposition = disposition;
        rec.values_json = values_json;
        rec.normalized = form + " " + station + " " + values_json;
        rec.codebook_version = version;
        rec.reference = "R" + std::to_string(m);
        rec.current = current;
        rec.conflict = conflict;
        auto r = store.write([&](store::Transaction& tx) { return tx.record_report(rec); });
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return r->id;
    }

    // A correction: `old_id` stops counting, the new version does.
    std::int64_t correct(std::int64_t old_id, const std::string& form, const std::string& station,
                         const std::string& values_json) {
        std::int64_t id = report(form, station, values_json, Status::accepted, "correction");
        auto r = store.write([&](store::Transaction& tx) { return tx.supersede_report(old_id, id); });
        REQUIRE(r.ok());
        return id;
    }
};

}  // namespace store_cli
