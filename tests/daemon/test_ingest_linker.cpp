// The multipart linker: completion, interleaved senders sharing references, timeouts, restore, bad headers.
#include "daemon/ingest/multipart_linker.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace smsgw::ingest;
using namespace std::chrono_literals;

namespace {

struct FakeClock {
    SystemTime now = SystemTime(std::chrono::hours(24 * 365 * 54));
    MultipartLinker::Clock fn() {
        return [this] { return now; };
    }
};

struct PartMaker {
    std::int64_t next_id = 1;
    StoredPart operator()(std::string sender, int ref, int part, int total, std::string text, SystemTime at,
                          std::string modem = "m1") {
        StoredPart sp;
        sp.id = next_id++;
        sp.part.modem = std::move(modem);
        sp.part.imei = "356938035643809";
        sp.part.sender = std::move(sender);
        sp.part.smsc_time = "2024-03-01T08:00:00";
        sp.part.received_at = at;
        sp.part.concat_ref = ref;
        sp.part.concat_part = part;
        sp.part.concat_total = total;
        sp.part.text = std::move(text);
        sp.part.coding = "gsm7";
        return sp;
    }
};

}  // namespace

TEST_CASE("a single SMS is complete at once") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    auto m = linker.add(make("+77011111111", -1, 0, 0, "R 01234 A312", clock.now));
    REQUIRE(m);
    CHECK(m->assembly == Assembly::complete);
    CHECK(m->text == "R 01234 A312");
    CHECK(m->part_ids == std::vector<std::int64_t>{1});
    CHECK(m->missing.empty());
    CHECK(linker.pending_groups() == 0);
}

TEST_CASE("parts arriving in any order complete on the last one, in part order") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    CHECK_FALSE(linker.add(make("+77011111111", 7, 3, 3, "C57", clock.now)));
    CHECK_FALSE(linker.add(make("+77011111111", 7, 1, 3, "R 01234 ", clock.now)));
    CHECK(linker.pending_groups() == 1);
    auto m = linker.add(make("+77011111111", 7, 2, 3, "A312 B148 ", clock.now));
    REQUIRE(m);
    CHECK(m->text == "R 01234 A312 B148 C57");
    CHECK(m->assembly == Assembly::complete);
    CHECK(m->concat_ref == 7);
    CHECK(m->concat_total == 3);
    CHECK(m->part_ids == std::vector<std::int64_t>{1, 2, 3});
    CHECK(linker.pending_groups() == 0);
}

TEST_CASE("a repeated part number is ignored but its id still travels with the message") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    CHECK_FALSE(linker.add(make("+77011111111", 9, 1, 2, "first ", clock.now)));
    CHECK_FALSE(linker.add(make("+77011111111", 9, 1, 2, "FIRST AGAIN ", clock.now)));
    auto m = linker.add(make("+77011111111", 9, 2, 2, "second", clock.now));
    REQUIRE(m);
    CHECK(m->text == "first second");
    CHECK(m->part_ids == std::vector<std::int64_t>{1, 2, 3});
}

TEST_CASE("two senders with the same reference, interleaved, are never mixed") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    const std::string a = "+77011111111", b = "+77022222222";
    CHECK_FALSE(linker.add(make(a, 0x42, 1, 2, "A1 ", clock.now)));
    CHECK_FALSE(linker.add(make(b, 0x42, 2, 2, "B2", clock.now)));
    CHECK(linker.pending_groups() == 2);
    auto ma = linker.add(make(a, 0x42, 2, 2, "A2", clock.now));
    REQUIRE(ma);
    CHECK(ma->sender == a);
    CHECK(ma->text == "A1 A2");
    auto mb = linker.add(make(b, 0x42, 1, 2, "B1 ", clock.now));
    REQUIRE(mb);
    CHECK(mb->sender == b);
    CHECK(mb->text == "B1 B2");
}

TEST_CASE("the same sender and reference on two modems are two messages") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    CHECK_FALSE(linker.add(make("+77011111111", 5, 1, 2, "x1 ", clock.now, "m1")));
    CHECK_FALSE(linker.add(make("+77011111111", 5, 2, 2, "y2", clock.now, "m2")));
    CHECK(linker.pending_groups() == 2);
}

TEST_CASE("many senders sharing a few references, shuffled, all come out whole and unmixed") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    std::vector<StoredPart> parts;
    for (int s = 0; s < 60; ++s) {
        std::string sender = "+7701" + std::to_string(1000000 + s);
        int ref = s % 3;  // heavy reference sharing
        int total = 1 + s % 4;
        for (int p = 1; p <= total; ++p)
            parts.push_back(make(sender, ref, p, total, sender + "#" + std::to_string(p) + ";", clock.now));
    }
    std::mt19937 rng(42);
    std::shuffle(parts.begin(), parts.end(), rng);
    std::vector<AssembledMessage> out;
    for (const auto& p : parts)
        if (auto m = linker.add(p)) out.push_back(*m);
    CHECK(out.size() == 60);
    CHECK(linker.pending_groups() == 0);
    for (const auto& m : out) {
        std::string expected;
        for (int p = 1; p <= m.concat_total; ++p) expected += m.sender + "#" + std::to_string(p) + ";";
        CHECK(m.text == expected);
        CHECK(m.assembly == Assembly::complete);
    }
}

TEST_CASE("an incomplete group is released after the timeout, missing parts marked") {
    FakeClock clock;
    MultipartLinker linker(clock.fn(), {.timeout = 120s, .placeholder = "<?>"});
    PartMaker make;
    SystemTime start = clock.now;
    CHECK_FALSE(linker.add(make("+77011111111", 3, 1, 3, "R 01234 ", start)));
    clock.now = start + 30s;
    CHECK_FALSE(linker.add(make("+77011111111", 3, 3, 3, " C57", clock.now)));
    REQUIRE(linker.next_deadline());
    CHECK(*linker.next_deadline() == start + 120s);  // from the group's first part

    clock.now = start + 119s;
    CHECK(linker.expire().empty());
    clock.now = start + 120s;
    auto out = linker.expire();
    REQUIRE(out.size() == 1);
    CHECK(out[0].assembly == Assembly::timed_out);
    CHECK(out[0].text == "R 01234 <?> C57");
    CHECK(out[0].missing == std::vector<int>{2});
    CHECK(out[0].part_ids == std::vector<std::int64_t>{1, 2});
    CHECK(out[0].received_at == start);
    CHECK(linker.pending_groups() == 0);
    CHECK_FALSE(linker.next_deadline());
}

TEST_CASE("the default timeout is ten minutes") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    SystemTime start = clock.now;
    CHECK_FALSE(linker.add(make("+77011111111", 3, 1, 2, "a", start)));
    clock.now = start + 599s;
    CHECK(linker.expire().empty());
    clock.now = start + 600s;
    CHECK(linker.expire().size() == 1);
}

TEST_CASE("only the groups past their deadline expire") {
    FakeClock clock;
    MultipartLinker linker(clock.fn(), {.timeout = 60s});
    PartMaker make;
    SystemTime start = clock.now;
    CHECK_FALSE(linker.add(make("+77011111111", 1, 1, 2, "old", start)));
    CHECK_FALSE(linker.add(make("+77022222222", 1, 1, 2, "new", start + 50s)));
    clock.now = start + 70s;
    auto out = linker.expire();
    REQUIRE(out.size() == 1);
    CHECK(out[0].sender == "+77011111111");
    CHECK(linker.pending_groups() == 1);
    REQUIRE(linker.next_deadline());
    CHECK(*linker.next_deadline() == start + 110s);
}

TEST_CASE("bad concatenation headers are released alone, flagged, never lost") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    for (auto [part, total] : std::initializer_list<std::pair<int, int>>{{0, 3}, {4, 3}, {1, 0}, {-1, 2}}) {
        CAPTURE(part);
        CAPTURE(total);
        auto m = linker.add(make("+77011111111", 8, part, total, "text", clock.now));
        REQUIRE(m);
        CHECK(m->assembly == Assembly::malformed);
        CHECK(m->text == "text");
    }
    CHECK(linker.pending_groups() == 0);
    auto one = linker.add(make("+77011111111", 8, 1, 1, "whole", clock.now));
    REQUIRE(one);
    CHECK(one->assembly == Assembly::complete);
}

TEST_CASE("parts that disagree about the total are different groups, each timing out") {
    FakeClock clock;
    MultipartLinker linker(clock.fn(), {.timeout = 60s});
    PartMaker make;
    CHECK_FALSE(linker.add(make("+77011111111", 4, 1, 2, "a", clock.now)));
    CHECK_FALSE(linker.add(make("+77011111111", 4, 2, 3, "b", clock.now)));
    CHECK(linker.pending_groups() == 2);
    clock.now += 60s;
    auto out = linker.expire();
    REQUIRE(out.size() == 2);
    for (const auto& m : out) CHECK(m.assembly == Assembly::timed_out);
}

TEST_CASE("restore rebuilds the groups from stored parts and releases what is already complete") {
    FakeClock clock;
    PartMaker make;
    SystemTime start = clock.now;
    std::vector<StoredPart> unlinked = {
        make("+77011111111", 1, 1, 2, "done-1 ", start),
        make("+77022222222", 1, 1, 3, "wait-1 ", start),
        make("+77011111111", 1, 2, 2, "done-2", start),  // the process stopped before linking this
        make("+77033333333", -1, 0, 0, "single", start),
    };
    MultipartLinker linker(clock.fn(), {.timeout = 60s});
    CHECK_FALSE(linker.add(make("+77099999999", 1, 1, 2, "stale state", start)));
    auto ready = linker.restore(unlinked);
    REQUIRE(ready.size() == 2);
    CHECK(ready[0].text == "done-1 done-2");
    CHECK(ready[1].text == "single");
    CHECK(linker.pending_groups() == 1);  // the stale group is gone, the waiting one is back
    CHECK(linker.pending_parts() == 1);

    auto last = linker.add(make("+77022222222", 1, 3, 3, "wait-3", start + 10s));
    CHECK_FALSE(last);
    clock.now = start + 60s;  // the deadline counts from the stored receive time, not the restart
    auto out = linker.expire();
    REQUIRE(out.size() == 1);
    CHECK(out[0].text == "wait-1 [...]wait-3");
    CHECK(out[0].missing == std::vector<int>{2});
}
