// The multipart linker under 100,000 seeded random and mutated part sequences (among them whole
// messages sharing a sender and reference, delivered in any order): fuzz_multipart's invariants,
// deterministic and without clang.
#include "tests/fuzz/multipart_check.hpp"
#include "tests/fuzz/mutate.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace smsgw::fuzz;

namespace {

std::string hex(const Bytes& b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (auto x : b) (s += digits[x >> 4]) += digits[x & 15];
    return s;
}

const std::vector<Bytes>& seeds() {
    static const std::vector<Bytes> s = read_corpus(SMSGW_SOURCE_DIR "/tests/fuzz/corpus/multipart");
    return s;
}

}  // namespace

TEST_CASE("every committed multipart seed keeps the linker's invariants") {
    REQUIRE(seeds().size() >= 10);
    for (const Bytes& b : seeds()) {
        MultipartCheck check;
        const auto failure = check.run(b.data(), b.size());
        CHECK_MESSAGE(!failure, hex(b), ": ", failure.value_or(""));
        CHECK(check.messages() > 0);
    }
}

TEST_CASE("100,000 random and mutated part sequences keep the linker's invariants") {
    const auto start = std::chrono::steady_clock::now();
    Mutator gen(0x5EED'1234'ABCDull, seeds());
    std::size_t messages = 0, failures = 0, origins = 0, beside = 0;
    for (int i = 0; i < 100'000; ++i) {
        const Bytes b = gen.next(160);
        MultipartCheck check;
        if (const auto failure = check.run(b.data(), b.size())) {
            if (++failures <= 5) FAIL_CHECK("input ", hex(b), ": ", *failure);
        }
        messages += check.messages();
        origins += check.origins_checked();
        beside += check.origins_checked_beside_another();
    }
    CHECK(failures == 0);
    // Not vacuous: the sequences really assemble messages (several per input on average), and
    // whole messages sharing a sender and reference, delivered interleaved, were checked.
    CHECK(messages > 200'000);
    CHECK(origins > 5'000);
    CHECK(beside > 2'000);
    const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE("100000 inputs, ", messages, " messages, ", origins, " whole messages checked (", beside,
            " interleaved with another of the same sender and reference), ", secs, " s");
}

TEST_CASE("the model: one sender, one reference, two 2-part messages delivered interleaved, both whole") {
    // Message 1 sent, its part 1 delivered; 200 s later message 2 sent; then 2.1, 1.2, 2.2 (issue 18).
    const Bytes b = {0xE0, 0x00, 0xF0, 0x00, 0x05, 20, 0xE0, 0x00, 0xF0, 0x01, 0xF0, 0x00, 0xF0, 0x00};
    MultipartCheck check;
    const auto failure = check.run(b.data(), b.size());
    CHECK_MESSAGE(!failure, failure.value_or(""));
    CHECK(check.messages() == 2);
    CHECK(check.origins_checked() == 2);
    CHECK(check.origins_checked_beside_another() == 2);
}

TEST_CASE("the model: a later 3-part message overtaking an earlier one with the same reference") {
    // 1.1; 200 s later message 2 sent; then 2.2, 2.1, 1.3, 2.3, 1.2.
    const Bytes b = {0xE0, 0x04, 0xF0, 0x00, 0x05, 20, 0xE0, 0x04, 0xF0, 0x03, 0xF0, 0x02,
                     0xF0, 0x01, 0xF0, 0x01, 0xF0, 0x00};
    MultipartCheck check;
    const auto failure = check.run(b.data(), b.size());
    CHECK_MESSAGE(!failure, failure.value_or(""));
    CHECK(check.messages() == 2);
    CHECK(check.origins_checked() == 2);
}

TEST_CASE("the checker's model agrees with the linker on a known sequence") {
    // Two parts of one message, a duplicate of the first with other text, then a timeout for a lone
    // part: two messages (the duplicate starts a new group, which times out with part 2 missing).
    const Bytes b = {0, 0, 1, 1, 0, 1, 'a', 0, 0, 1, 1, 1, 1, 'b', 4, 0, 1, 5, 61};
    MultipartCheck check;
    CHECK_FALSE(check.run(b.data(), b.size()));
    CHECK(check.messages() == 2);
}
