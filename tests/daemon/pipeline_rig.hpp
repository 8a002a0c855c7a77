// A real pipeline on a real SQLite file with the tiny codebook and an injected clock, for pipeline tests.
#pragma once

#include "codebooks/codebook_loader.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/store/fault_vfs.hpp"
#include "tests/support/codebook_files.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <sstream>

namespace smsgw::test {

inline CodebookInUse tiny_codebook() {
    CodebookSources s = codebook_sources(tiny_codebook_dir());
    LoadResult r = load_codebook(s);
    REQUIRE(r.ok());
    return {r.codebook, "tiny@test"};
}

struct Rig {
    TempDir tmp{"pipeline"};
    std::filesystem::path dir = tmp.path;
    std::chrono::system_clock::time_point now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 29} + std::chrono::hours(20);
    CodebookInUse codebook = tiny_codebook();
    PipelineOptions options;
    bool faulty = false;  // open the store through the fault VFS
    int busy_timeout_ms = 5000;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<QuickCount> qc;
    std::unique_ptr<Pipeline> pipeline;
    int next_location = 1;
    std::uint64_t next_batch = 1;
    int smsc_second = 0;

    Rig() { options.own_numbers = {"+77019999999"}; }
    ~Rig() { close(); }  // before tmp removes the database

    std::vector<MessageOutcome> open() {
        store::StoreOptions so;
        so.clock = [this] { return now; };
        so.busy_timeout_ms = busy_timeout_ms;
        if (faulty) so.vfs = store::register_fault_vfs();
        store = std::make_unique<store::Store>((dir / "smsgw.db").string(), so);
        qc = std::make_unique<QuickCount>(codebook.codebook);
        pipeline = std::make_unique<Pipeline>(*store, *qc, codebook, options, [this] { return now; });
        auto r = pipeline->resume();
        REQUIRE(r.ok());
        return *r;
    }
    // A crash: the objects go away without any shutdown step.
    void close() {
        pipeline.reset();
        qc.reset();
        store.reset();
    }

    // A new SMS as the network delivers it: each gets its own SMSC second unless told otherwise.
    ReceivedPart sms(const std::string& sender, const std::string& text, int ref = -1, int part = 0, int total = 0) {
        ReceivedPart p;
        p.modem = "sim1";
        p.imei = "999999999999999";
        p.location = next_location++;
        p.sender = sender;
        const int minute = 10 + smsc_second / 60, second = smsc_second % 60;  // distinct for 50 hours
        p.smsc_time = "2026-11-29T" + std::to_string(20 + minute / 60) + ":" + (minute % 60 < 10 ? "0" : "") +
                      std::to_string(minute % 60) + ":" + (second < 10 ? "0" : "") + std::to_string(second);
        ++smsc_second;
        p.received_at = now;
        p.concat_ref = ref;
        p.concat_part = part;
        p.concat_total = total;
        p.text = text;
        p.coding = "gsm7";
        return p;
    }

    ReceivedBatch batch(std::vector<ReceivedPart> parts) {
        return {"sim1", next_batch++, std::move(parts), {}};
    }

    Pipeline::IngestResult feed(std::vector<ReceivedPart> parts) { return pipeline->ingest(batch(std::move(parts))); }

    MessageOutcome one(const std::string& sender, const std::string& text) {
        auto r = feed({sms(sender, text)});
        REQUIRE(r.ack.committed);
        REQUIRE(r.outcomes.size() == 1);
        return r.outcomes[0];
    }

    // The national party list estimate (first contest).
    const ContestEstimate pl() const {
        Estimates e = qc->estimate();
        REQUIRE(!e.contests.empty());
        return e.contests[0];
    }
};

// A modem as the outbox sees it, recording what it was handed.
struct FakeModem {
    std::string name;
    bool up = true;
    std::size_t queue = 0;
    std::vector<SendRequest> sent{};
    bool counts_handed = false;  // as a real worker: what it was handed is in its queue at once
};

// The outbox's modems: the fakes listed, asked at every dispatch as the daemon's fleet is.
struct FakeModems final : Outbox::Modems {
    std::vector<FakeModem*> list;

    std::vector<Port> ports() const override {
        std::vector<Port> out;
        for (const FakeModem* m : list) out.push_back({m->name, m->up, m->queue + (m->counts_handed ? m->sent.size() : 0)});
        return out;
    }
    void send(const std::string& modem, SendRequest request) override {
        for (FakeModem* m : list)
            if (m->name == modem) return m->sent.push_back(std::move(request));
    }
};

}  // namespace smsgw::test
