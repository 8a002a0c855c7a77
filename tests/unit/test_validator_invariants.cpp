// Validator invariants over random reports, the allocation-free accepted path, and the loaded tiny codebook.
#include "codebooks/codebook_loader.hpp"
#include "codebooks/validator.hpp"
#include "validator_test_codebook.hpp"
#include "tests/support/files.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <new>
#include <random>

// Counting allocator: the accepted path must not allocate (it runs ~1M times a second).
namespace {
std::atomic<long> allocations{0};
std::atomic<bool> counting{false};
}  // namespace

void* operator new(std::size_t n) {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
// The nothrow forms too (std::stable_sort's temporary buffer uses them): otherwise the library's
// allocates and ours below frees, which ASan rightly reports as a mismatch.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept { return ::operator new(n, tag); }
// g++ 12 sees free() on memory from operator new once these are inlined; here that is the point.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#pragma GCC diagnostic pop

using namespace smsgw;
using namespace smsgw::test;

TEST_CASE("invariant: accepted and warning reports have values in range and pass every error check") {
    const Codebook& cb = tiny();
    std::mt19937 rng(20260301);
    const char* stations[] = {"01001", "01002", "01004", "01005", "02001", "02002", "01999", "0100"};
    const char* phones[] = {"+77010000001", "+77010000002", "+77010000004", "+77010000005", "+77019999999"};
    const char* tags[] = {"A", "B", "C", "D", "E", "X", "T", "Q"};
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    int accepted = 0, warned = 0, rejected = 0;
    for (int i = 0; i < 20000; ++i) {
        const Form& form = cb.forms[static_cast<std::size_t>(pick(3))];  // S, R, D
        Report r = report(form.code, stations[pick(8)], {});
        const int items = pick(7);
        for (int k = 0; k < items; ++k) {
            std::int64_t value = pick(4) == 0 ? pick(3000) - 5 : pick(400);
            r.values.push_back(TagValue{tags[pick(8)], value, k + 2});
        }
        // Make some reports consistent so that the accepted path is exercised.
        if (form.kind == FormKind::results && pick(2) == 0) {
            r.values.clear();
            std::int64_t t = 0;
            for (const char* tag : {"A", "B", "C", "X"}) {
                const std::int64_t value = pick(120);
                t += value;
                r.values.push_back(TagValue{tag, value, static_cast<int>(r.values.size()) + 2});
            }
            r.values.push_back(TagValue{"T", t + (pick(4) == 0 ? 1 : 0), 6});
        }
        const Sender sender = pick(3) == 0 ? anyone() : from(phones[pick(5)]);
        const Verdict v = validate(r, cb, sender);
        REQUIRE((v.status == Status::rejected) == !v.errors.empty());
        if (v.status == Status::rejected) {
            ++rejected;
            continue;
        }
        v.status == Status::accepted ? ++accepted : ++warned;
        REQUIRE(v.form == &form);
        REQUIRE(v.station != nullptr);
        std::vector<std::int64_t> values(form.fields.size());
        std::vector<char> present(form.fields.size());
        for (const TagValue& tv : r.values) {
            const int fi = form.field_index(tv.tag);
            REQUIRE(fi >= 0);
            const Field& f = form.fields[static_cast<std::size_t>(fi)];
            REQUIRE_FALSE(present[static_cast<std::size_t>(fi)]);
            present[static_cast<std::size_t>(fi)] = 1;
            values[static_cast<std::size_t>(fi)] = tv.value;
            switch (f.kind) {
                case FieldKind::count: CHECK((tv.value >= f.min && tv.value <= f.max)); break;
                case FieldKind::yesno: CHECK((tv.value == 1 || tv.value == 2)); break;
                case FieldKind::choice:
                    CHECK(std::find(f.choices.begin(), f.choices.end(), tv.value) != f.choices.end());
                    break;
                case FieldKind::multi:
                    for (std::int64_t d = tv.value; d > 0; d /= 10)
                        CHECK(std::find(f.choices.begin(), f.choices.end(), d % 10) != f.choices.end());
                    break;
                case FieldKind::time: CHECK((tv.value / 100 < 24 && tv.value % 100 < 60)); break;
            }
        }
        std::unique_ptr<bool[]> flags(new bool[present.size()]);
        for (std::size_t k = 0; k < present.size(); ++k) flags[k] = present[k] != 0;
        std::vector<std::uint16_t> options;
        if (form.options_from_candidates) {
            for (const Candidate& c : cb.candidates_in(v.station->district))
                options.push_back(static_cast<std::uint16_t>(form.field_index(c.tag)));
        } else {
            for (const std::string& t : form.option_tags) options.push_back(static_cast<std::uint16_t>(form.field_index(t)));
        }
        ExprEnv env;
        env.values = values;
        env.present = std::span<const bool>(flags.get(), present.size());
        env.option_fields = options;
        env.station = v.station;
        for (const Check& c : form.checks) {
            if (c.severity != Severity::error) continue;
            const EvalResult res = c.expr.evaluate(env);
            CAPTURE(c.id);
            CHECK(res.status != EvalStatus::overflow);
            if (res.status == EvalStatus::ok) CHECK(res.value != 0);
        }
    }
    // The generator must reach every outcome, or the invariant is checked on nothing.
    CHECK(accepted > 500);
    CHECK(warned > 10);
    CHECK(rejected > 500);
}

TEST_CASE("the accepted path allocates nothing") {
    const Codebook& cb = tiny();
    const Report r = good_r();
    const Report d = report("D", "02001", {{"A", 100}, {"B", 50}, {"C", 1}, {"X", 5}, {"T", 156}});
    const Report s = report("S", "01001", {{"A", 730}, {"B", 1}, {"C", 2}, {"D", 135}, {"E", 3}});
    Report incident = report("N", "01001", {});
    incident.incidents = {1, 12};
    const Report& n = incident;
    const Sender monitor = from("+77010000005");
    long before = allocations.load();
    counting = true;
    int ok = 0;
    for (int i = 0; i < 100; ++i)
        for (const Report* x : {&r, &d, &s, &n}) ok += validate(*x, cb, monitor).status == Status::accepted;
    counting = false;
    CHECK(ok == 400);
    CHECK(allocations.load() - before == 0);

    // And the counter does count: a rejection allocates its issue.
    before = allocations.load();
    counting = true;
    const Verdict v = validate(good_r("01999"), cb, monitor);
    counting = false;
    CHECK(v.status == Status::rejected);
    CHECK(allocations.load() - before > 0);
}

namespace {

using smsgw::test::read_file;

}  // namespace

TEST_CASE("the loaded tiny codebook validates like the one built in code") {
    const std::string dir = std::string(SMSGW_TEST_DATA) + "/codebooks/tiny/";
    CodebookSources src = smsgw::test::codebook_sources(dir);
    const LoadResult loaded = load_codebook(src);
    for (const Diagnostic& d : loaded.diagnostics) MESSAGE(d.file << ":" << d.line << ": " << d.message);
    REQUIRE(loaded.ok());
    const Codebook& cb = *loaded.codebook;

    CHECK(validate(good_r(), cb, from("+77010000001")).status == Status::accepted);
    Verdict v = validate(report("R", "01001", {{"A", 312}, {"B", 148}, {"C", 55}, {"X", 9}, {"T", 526}}), cb,
                         from("+77010000001"));
    REQUIRE(codes(v.errors) == std::vector{Code::CHECK_FAILED});
    CHECK(v.errors[0].detail == "sum_cast: A+B+C+X=524 but T=526");
    v = validate(report("R", "01004", {{"A", 200}, {"B", 50}, {"C", 30}, {"X", 10}, {"T", 290}}), cb,
                 from("+77010000003"));
    CHECK(v.status == Status::warning);
    REQUIRE(codes(v.warnings) == std::vector{Code::CHECK_WARNING});
    CHECK(v.warnings[0].detail == "high_turnout: T*100=29000 but station.registered*95=28500");
    // Mobile team district:2, and the * coordinator.
    v = validate(report("D", "01005", {{"A", 100}, {"B", 50}, {"X", 5}, {"T", 155}}), cb, from("+77010000004"));
    CHECK(v.status == Status::accepted);
    v = validate(report("D", "01005", {{"A", 100}, {"B", 50}, {"C", 1}, {"X", 5}, {"T", 156}}), cb,
                 from("+77010000005"));
    REQUIRE(codes(v.errors) == std::vector{Code::UNKNOWN_TAG});
    CHECK(v.errors[0].detail == "C (not a candidate in district 2)");
    v = validate(report("S", "02001", {{"A", 2575}, {"B", 1}, {"C", 2}, {"E", 3}}), cb, from("+77010000006"));
    REQUIRE(codes(v.errors) == std::vector{Code::BAD_VALUE});
    CHECK(v.errors[0].detail == "A=2575 (not a time HHMM)");
    Report n = report("N", "02002", {});
    n.incidents = {3, 12};
    CHECK(validate(n, cb, from("+77010000007")).status == Status::accepted);
    CHECK(codes(validate(n, cb, from("+77010000001")).errors) == std::vector{Code::NOT_ASSIGNED});
}
