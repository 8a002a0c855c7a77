// The multipart linker: completion, interleaved senders sharing references, one sender reusing a reference, timeouts, restore, bad headers.
#include "daemon/ingest/multipart_linker.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace smsgw::ingest;
using smsgw::SystemTime;
using namespace std::chrono_literals;

namespace {

struct FakeClock {
    SystemTime now = SystemTime(std::chrono::hours(24 * 365 * 54));
    smsgw::WallClock fn() {
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

TEST_CASE("a repeated part number with the same text is ignored but its id still travels with the message") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    CHECK_FALSE(linker.add(make("+77011111111", 9, 1, 2, "first ", clock.now)));
    CHECK_FALSE(linker.add(make("+77011111111", 9, 1, 2, "first ", clock.now)));
    CHECK(linker.pending_groups() == 1);
    auto m = linker.add(make("+77011111111", 9, 2, 2, "second", clock.now));
    REQUIRE(m);
    CHECK(m->text == "first second");
    CHECK(m->part_ids == std::vector<std::int64_t>{1, 2, 3});
    CHECK(linker.pending_parts() == 0);
}

TEST_CASE("a repeated part number with another text is another message, which times out on its own") {
    FakeClock clock;
    MultipartLinker linker(clock.fn(), {.timeout = 60s});
    PartMaker make;
    CHECK_FALSE(linker.add(make("+77011111111", 9, 1, 2, "first ", clock.now)));
    CHECK_FALSE(linker.add(make("+77011111111", 9, 1, 2, "FIRST AGAIN ", clock.now)));
    CHECK(linker.pending_groups() == 2);
    auto m = linker.add(make("+77011111111", 9, 2, 2, "second", clock.now));
    REQUIRE(m);
    CHECK(m->text == "first second");
    CHECK(m->part_ids == std::vector<std::int64_t>{1, 3});
    clock.now += 60s;
    auto out = linker.expire();
    REQUIRE(out.size() == 1);
    CHECK(out[0].text == "FIRST AGAIN [...]");
    CHECK(out[0].assembly == Assembly::timed_out);
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
    for (auto header : std::initializer_list<std::pair<int, int>>{{0, 3}, {4, 3}, {1, 0}, {-1, 2}}) {
        // Named, not a structured binding: Clang 14 cannot capture a binding (CAPTURE is a lambda).
        const int part = header.first;
        const int total = header.second;
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

namespace {

// One sender's part as a phone sends it: `sent` is its SMSC time stamp (TP-SCTS), which the SMSC
// gives each part when it takes it, so the parts of one message carry times seconds apart.
StoredPart sent_part(PartMaker& make, int ref, int part, int total, std::string text, SystemTime received,
                     std::string sent, std::string coding = "gsm7") {
    StoredPart sp = make("+77011111111", ref, part, total, std::move(text), received);
    sp.part.smsc_time = std::move(sent);
    sp.part.coding = std::move(coding);
    return sp;
}

}  // namespace

TEST_CASE("one sender reusing a reference: two interleaved 2-part messages both come out whole") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    const SystemTime t = clock.now;
    // The issue's case: message 1 part 1, message 2 part 1, then both second parts, one reference.
    CHECK_FALSE(linker.add(sent_part(make, 0x42, 1, 2, "R 01234 A312 ", t, "2026-11-29T20:10:00+06:00")));
    CHECK_FALSE(linker.add(sent_part(make, 0x42, 1, 2, "R 05678 A100 ", t + 40s, "2026-11-29T20:10:40+06:00")));
    CHECK(linker.pending_groups() == 2);
    auto first = linker.add(sent_part(make, 0x42, 2, 2, "B148 C57", t + 41s, "2026-11-29T20:10:01+06:00"));
    REQUIRE(first);
    CHECK(first->assembly == Assembly::complete);
    CHECK(first->text == "R 01234 A312 B148 C57");
    CHECK(first->part_ids == std::vector<std::int64_t>{1, 3});
    auto second = linker.add(sent_part(make, 0x42, 2, 2, "B90 C50", t + 42s, "2026-11-29T20:10:41+06:00"));
    REQUIRE(second);
    CHECK(second->assembly == Assembly::complete);
    CHECK(second->text == "R 05678 A100 B90 C50");
    CHECK(second->part_ids == std::vector<std::int64_t>{2, 4});
    CHECK(linker.pending_groups() == 0);
    CHECK(linker.pending_parts() == 0);
}

TEST_CASE("same reference, same SMSC second, no other clue: the older message takes the next part") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;  // every part "2024-03-01T08:00:00", one receive time
    CHECK_FALSE(linker.add(make("+77011111111", 7, 1, 2, "first-1 ", clock.now)));
    CHECK_FALSE(linker.add(make("+77011111111", 7, 1, 2, "second-1 ", clock.now)));
    auto a = linker.add(make("+77011111111", 7, 2, 2, "first-2", clock.now));
    auto b = linker.add(make("+77011111111", 7, 2, 2, "second-2", clock.now));
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->text == "first-1 first-2");
    CHECK(b->text == "second-1 second-2");
}

TEST_CASE("same reference, the later message overtaking the earlier one: told apart by SMSC time") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    const SystemTime t = clock.now;
    // Message 1 sent 20:10, message 2 sent 20:20; the network delivers 1.1, 2.2, 2.1, 1.3, 2.3, 1.2.
    CHECK_FALSE(linker.add(sent_part(make, 3, 1, 3, "a1 ", t, "2026-11-29T20:10:00Z")));
    CHECK_FALSE(linker.add(sent_part(make, 3, 2, 3, "b2 ", t + 1s, "2026-11-29T20:20:01Z")));
    CHECK_FALSE(linker.add(sent_part(make, 3, 1, 3, "b1 ", t + 2s, "2026-11-29T20:20:00Z")));
    CHECK_FALSE(linker.add(sent_part(make, 3, 3, 3, "a3", t + 3s, "2026-11-29T20:10:02Z")));
    auto b = linker.add(sent_part(make, 3, 3, 3, "b3", t + 4s, "2026-11-29T20:20:02Z"));
    REQUIRE(b);
    CHECK(b->text == "b1 b2 b3");
    auto a = linker.add(sent_part(make, 3, 2, 3, "a2 ", t + 5s, "2026-11-29T20:10:01Z"));
    REQUIRE(a);
    CHECK(a->text == "a1 a2 a3");
}

TEST_CASE("SMSC times in different zones are compared as instants") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    const SystemTime t = clock.now;
    CHECK_FALSE(linker.add(sent_part(make, 3, 1, 2, "a1 ", t, "2026-11-29T20:10:00+06:00")));
    CHECK_FALSE(linker.add(sent_part(make, 3, 1, 2, "b1 ", t, "2026-11-29T14:20:00+00:00")));
    // 14:10:05 UTC is 20:10:05 at +06:00: five seconds after a1, ten minutes before b1.
    auto a = linker.add(sent_part(make, 3, 2, 2, "a2", t, "2026-11-29T14:10:05+00:00"));
    REQUIRE(a);
    CHECK(a->text == "a1 a2");
}

TEST_CASE("a redelivered part (same number, text and SMSC time) is still ignored, with a second message pending") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    const SystemTime t = clock.now;
    CHECK_FALSE(linker.add(sent_part(make, 9, 1, 2, "a1 ", t, "2026-11-29T20:10:00Z")));
    CHECK_FALSE(linker.add(sent_part(make, 9, 1, 2, "b1 ", t + 1s, "2026-11-29T20:15:00Z")));
    CHECK_FALSE(linker.add(sent_part(make, 9, 1, 2, "a1 ", t + 2s, "2026-11-29T20:10:00Z")));  // id 3: a copy
    CHECK(linker.pending_groups() == 2);
    auto a = linker.add(sent_part(make, 9, 2, 2, "a2", t + 3s, "2026-11-29T20:10:01Z"));
    REQUIRE(a);
    CHECK(a->text == "a1 a2");
    CHECK(a->part_ids == std::vector<std::int64_t>{1, 3, 4});
    auto b = linker.add(sent_part(make, 9, 2, 2, "b2", t + 4s, "2026-11-29T20:15:01Z"));
    REQUIRE(b);
    CHECK(b->text == "b1 b2");
    CHECK(b->part_ids == std::vector<std::int64_t>{2, 5});
}

TEST_CASE("a resend with the same reference after a part was lost: one message, no fragment left to time out") {
    FakeClock clock;
    MultipartLinker linker(clock.fn(), {.timeout = 60s});
    PartMaker make;
    const SystemTime t = clock.now;
    // Part 2 of the first attempt never arrives; the phone sends the whole message again two minutes
    // later with the same reference (new SMSC times, same texts).
    CHECK_FALSE(linker.add(sent_part(make, 4, 1, 2, "R 01234 ", t, "2026-11-29T20:10:00Z")));
    CHECK_FALSE(linker.add(sent_part(make, 4, 1, 2, "R 01234 ", t + 30s, "2026-11-29T20:12:00Z")));
    auto m = linker.add(sent_part(make, 4, 2, 2, "A312", t + 31s, "2026-11-29T20:12:01Z"));
    REQUIRE(m);
    CHECK(m->text == "R 01234 A312");
    CHECK(m->assembly == Assembly::complete);
    CHECK(m->part_ids == std::vector<std::int64_t>{1, 2, 3});  // the first attempt's part travels with it
    CHECK(linker.pending_groups() == 0);
    clock.now = t + 10min;
    CHECK(linker.expire().empty());
}

TEST_CASE("a correction sharing the first part and the reference, interleaved: both reports kept") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    const SystemTime t = clock.now;
    CHECK_FALSE(linker.add(sent_part(make, 4, 1, 2, "R 01234 A312 ", t, "2026-11-29T20:10:00Z")));
    CHECK_FALSE(linker.add(sent_part(make, 4, 1, 2, "R 01234 A312 ", t + 1s, "2026-11-29T20:11:00Z")));
    auto first = linker.add(sent_part(make, 4, 2, 2, "B148", t + 2s, "2026-11-29T20:10:01Z"));
    REQUIRE(first);
    CHECK(first->text == "R 01234 A312 B148");
    CHECK(first->part_ids == std::vector<std::int64_t>{1, 3});
    auto second = linker.add(sent_part(make, 4, 2, 2, "B149", t + 3s, "2026-11-29T20:11:01Z"));
    REQUIRE(second);
    CHECK(second->text == "R 01234 A312 B149");
}

TEST_CASE("parts of one message sent minutes apart without any rival are still joined") {
    FakeClock clock;
    MultipartLinker linker(clock.fn());
    PartMaker make;
    const SystemTime t = clock.now;
    CHECK_FALSE(linker.add(sent_part(make, 5, 1, 2, "slow ", t, "2026-11-29T20:10:00Z")));
    // Too far from part 1 to be sure it is the same message, but there is no other: wait, then join.
    auto m = linker.add(sent_part(make, 5, 2, 2, "network", t + 5min, "2026-11-29T20:15:00Z"));
    if (!m) {
        clock.now = t + 10min;
        auto out = linker.expire();
        REQUIRE(out.size() == 1);
        m = out[0];
    }
    CHECK(m->text == "slow network");
}

TEST_CASE("restore rebuilds two pending messages sharing a reference and completes each with its own part") {
    FakeClock clock;
    PartMaker make;
    const SystemTime t = clock.now;
    std::vector<StoredPart> unlinked = {
        sent_part(make, 0x42, 1, 2, "a1 ", t, "2026-11-29T20:10:00Z"),
        sent_part(make, 0x42, 1, 2, "b1 ", t + 1s, "2026-11-29T20:14:00Z"),
        sent_part(make, 0x42, 1, 2, "a1 ", t + 2s, "2026-11-29T20:10:00Z"),  // a copy of a1
    };
    MultipartLinker linker(clock.fn());
    CHECK(linker.restore(unlinked).empty());
    CHECK(linker.pending_groups() == 2);
    CHECK(linker.pending_parts() == 3);
    auto b = linker.add(sent_part(make, 0x42, 2, 2, "b2", t + 3s, "2026-11-29T20:14:01Z"));
    REQUIRE(b);
    CHECK(b->text == "b1 b2");
    auto a = linker.add(sent_part(make, 0x42, 2, 2, "a2", t + 4s, "2026-11-29T20:10:01Z"));
    REQUIRE(a);
    CHECK(a->text == "a1 a2");
    CHECK(a->part_ids == std::vector<std::int64_t>{1, 3, 5});
}
