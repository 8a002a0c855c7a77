// Kills the ingesting process at every kind of moment (forked children, real files) and checks each message counts once.
#include "crash_vfs.hpp"
#include "pipeline_rig.hpp"

#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/store/store_reader.hpp"

#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <sstream>

using namespace smsgw;
using namespace smsgw::test;

namespace {

const auto night = std::chrono::sys_days{std::chrono::year{2026} / 11 / 29} + std::chrono::hours(21);

// Election-night traffic for the tiny codebook as one modem's successive polls: new reports, a
// correction, a duplicate, a conflict and its resolution, multipart messages split over polls,
// incidents, rejections, an unregistered phone and an operator's SMS.
std::vector<ReceivedBatch> script() {
    int location = 0, second = 0;
    auto sms = [&](const std::string& sender, const std::string& text, int ref = -1, int part = 0, int total = 0) {
        ReceivedPart p;
        p.modem = "sim1";
        p.imei = "356938035643809";
        p.location = ++location;
        p.sender = sender;
        p.smsc_time = fmt::format("2026-11-29T20:{:02}:{:02}", 10 + second / 60, second % 60);
        ++second;
        p.received_at = night;
        p.concat_ref = ref;
        p.concat_part = part;
        p.concat_total = total;
        p.text = text;
        p.coding = "gsm7";
        return p;
    };
    std::vector<std::vector<ReceivedPart>> polls = {
        {sms("+77010000001", "R 01001 A100 B200 C300 X5 T605"), sms("77010000006", "R 02001 A10 B20 C30 X1 T61")},
        {sms("+77010000007", "R 02002 A1 B2 ", 5, 1, 2), sms("87010000002", "R 01002 A300 B300 C100 X10 T710")},
        {sms("+77010000004", "R 01004 A100 B100 C50 X5 T255"), sms("Beeline", "Balance 12 KZT")},
        {sms("+77010000007", "C3 X0 T6", 5, 2, 2), sms("+77010000001", "R 01001 A300 B200 C100 X5 T605")},
        {sms("+77010000005", "R 01004 A90 B110 C50 X5 T255"), sms("+77010000006", "r02001a10b20c30x1t61")},
        {sms("+77010000001", "N 01001 1 2 @ box opened"), sms("+77010000001", "N 01001 2 1 @ box opened"),
         sms("87010000002", "R 01002 A1")},
        {sms("+77010000003", "R 01004 A90 B110 C50 X5 T255"), sms("+77010000004", "R 01005 A50 B50 C50 X0 T150")},
        {sms("+77010000005", "R 02006 A500 B400 C300 X0 T1200"), sms("77010000006", "S 02001 A07", 9, 1, 3)},
        {sms("77010000006", "E3", 9, 3, 3), sms("+77010000007", "S 02002 A0730 B1 C1 E3")},
        {sms("77010000006", "30 B1 C2 ", 9, 2, 3), sms("+77010000001", "R 01001 A300 B200 C100 X5 T605")},
        {sms("+77015550000", "R 01001 A1 B2 C3 X0 T6"), sms("87010000002", "R 01002 A310 B290 C100 X10 T710")},
        {sms("+77010000005", "R 02002 A2 B1 C3 X0 T6"), sms("+77010000001", "D 01001 A300 B290 X10 T600")},
    };
    std::vector<ReceivedBatch> out;
    std::uint64_t id = 0;
    for (auto& parts : polls) out.push_back({"sim1", ++id, std::move(parts), {}});
    return out;
}

struct Opened {
    std::unique_ptr<store::Store> store;
    std::unique_ptr<QuickCount> qc;
    std::unique_ptr<Pipeline> pipeline;
};

Opened open(const std::filesystem::path& db, const CodebookInUse& cb, const char* vfs) {
    Opened o;
    store::StoreOptions so;
    so.clock = [] { return night; };
    if (vfs) so.vfs = vfs;
    o.store = std::make_unique<store::Store>(db.string(), so);
    o.qc = std::make_unique<QuickCount>(cb.codebook);
    PipelineOptions po;
    po.own_numbers = {"+77019999999"};
    o.pipeline = std::make_unique<Pipeline>(*o.store, *o.qc, cb, po, [] { return night; });
    return o;
}

// Runs the daemon's part in a child process that is killed before its `crash_at`-th write or sync
// (-1: never): start (resume), then each batch, reporting the acknowledged ones through a pipe.
// Returns the acknowledged batch ids, and whether the child was killed.
std::pair<std::vector<std::uint64_t>, bool> run_child(const std::filesystem::path& db, const CodebookInUse& cb,
                                                      const std::vector<ReceivedBatch>& deliveries, long crash_at) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        CrashVfs::events = 0;
        CrashVfs::crash_at = crash_at;
        int code = 0;
        try {
            Opened o = open(db, cb, CrashVfs::name());
            if (!o.pipeline->resume()) _exit(3);
            for (const auto& b : deliveries) {
                auto r = o.pipeline->ingest(b);
                if (!r.ack.committed) _exit(4);
                if (::write(fds[1], &b.batch_id, sizeof b.batch_id) != sizeof b.batch_id) _exit(5);
            }
        } catch (const std::exception& e) {
            std::fprintf(stderr, "child: %s\n", e.what());
            code = 6;
        } catch (...) {
            code = 6;
        }
        _exit(code);
    }
    ::close(fds[1]);
    std::vector<std::uint64_t> acked;
    std::uint64_t id;
    while (::read(fds[0], &id, sizeof id) == sizeof id) acked.push_back(id);
    ::close(fds[0]);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    const int code = WEXITSTATUS(status);
    INFO("child exit code " << code << " (crash point " << crash_at << ")");
    REQUIRE((code == 0 || code == CrashVfs::exit_code));
    return {acked, code == CrashVfs::exit_code};
}

// Everything that must come out the same: every report version, every reply, the counts, and the
// aggregator both as rebuilt at start-up and after the redelivered batches went through it.
std::string snapshot(const std::filesystem::path& db, const CodebookInUse& cb) {
    std::ostringstream out;
    {
        store::StoreReader reader(db.string());
        auto reports = reader.reports();
        REQUIRE(reports.ok());
        for (const auto& r : *reports) {
            const auto& x = r.record;
            out << r.id << ' ' << x.message_id << ' ' << x.form << ' ' << x.station << ' ' << x.sender << " v" << r.version
                << ' ' << to_string(x.status) << ' ' << x.disposition << (x.current ? " current" : "")
                << (x.conflict ? " conflict" : "") << " by=" << r.superseded_by.value_or(0) << " [" << x.normalized
                << "] " << x.values_json << x.incidents_json << x.errors_json << x.warnings_json << x.reference << '\n';
        }
        auto c = reader.counts();
        REQUIRE(c.ok());
        out << "parts " << c->parts << " unlinked " << c->unlinked_parts << " pending " << c->messages_pending
            << " processed " << c->messages_processed << " replies " << c->replies_queued << '\n';
    }
    Opened o = open(db, cb, nullptr);
    REQUIRE(o.pipeline->resume().ok());
    for (std::int64_t id = 1;; ++id) {
        auto reply = o.store->write([&](store::Transaction& tx) { return tx.reply(id); });
        REQUIRE(reply.ok());
        if (!*reply) break;
        out << "reply " << (*reply)->record.destination << ' ' << (*reply)->record.text << '\n';
    }
    out << estimates_json(o.qc->estimate()) << '\n';
    return out.str();
}

}  // namespace

TEST_CASE("killed at any write or sync during ingest, then restarted and redelivered: every message counts once") {
    const CodebookInUse cb = tiny_codebook();
    const std::vector<ReceivedBatch> batches = script();
    Rig scratch;  // for its temporary directory
    const auto dir = scratch.dir;

    // The clean run, counting the writes and syncs a whole night takes.
    const auto clean_db = dir / "clean.db";
    std::string live_clean;
    CrashVfs::events = 0;
    {
        Opened o = open(clean_db, cb, CrashVfs::name());
        REQUIRE(o.pipeline->resume().ok());
        for (const auto& b : batches) REQUIRE(o.pipeline->ingest(b).ack.committed);
        live_clean = estimates_json(o.qc->estimate());
    }
    const long events = CrashVfs::events;
    REQUIRE(events > 3 * static_cast<long>(batches.size()));  // at least a write and a sync per commit
    const std::string clean = snapshot(clean_db, cb);
    CHECK(clean.find(live_clean) != std::string::npos);  // the rebuilt aggregator equals the live one
    for (const char* d : {"new", "duplicate", "correction", "conflict", "resolution", "incident", "rejected", "unregistered"})
        CHECK_MESSAGE(clean.find(std::string(" ") + d) != std::string::npos, "the script exercises " << d);

    std::mt19937 rng(20261129);
    int killed = 0, runs = 0;
    // Every crash point up to the end of the night, then random ones; some runs crash again while
    // recovering.
    std::vector<long> points;
    for (long e = 1; e <= events + 1; e += std::max(1L, events / 40)) points.push_back(e);
    for (int i = 0; i < 10; ++i) points.push_back(1 + static_cast<long>(rng() % static_cast<unsigned long>(events)));

    for (long first : points) {
        ++runs;
        const auto db = dir / ("crash-" + std::to_string(runs) + ".db");
        // The modem: a batch leaves the SIM once acknowledged, except that a crash between the ack
        // and the delete leaves the last acknowledged one there too.
        std::vector<ReceivedBatch> sim = batches;
        long crash_at = first;
        for (int attempt = 0;; ++attempt) {
            auto [acked, crashed] = run_child(db, cb, sim, crash_at);
            killed += crashed;
            std::set<std::uint64_t> gone(acked.begin(), acked.end());
            if (crashed && !acked.empty() && rng() % 2 == 0) gone.erase(acked.back());
            std::erase_if(sim, [&](const ReceivedBatch& b) { return gone.count(b.batch_id) > 0; });
            if (!crashed) break;
            // A second crash while recovering in one run in three; the last attempt never crashes.
            crash_at = attempt < 2 && rng() % 3 == 0 ? 1 + static_cast<long>(rng() % 40) : -1;
        }
        CHECK(sim.empty());
        INFO("first crash before I/O event " << first << " of " << events);
        CHECK(snapshot(db, cb) == clean);
    }
    MESSAGE(runs << " runs, " << killed << " kills, over " << events << " writes and syncs");
    CHECK(killed >= static_cast<int>(points.size()) - 2);  // nearly every run was really killed
}
