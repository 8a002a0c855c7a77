// Raw SMS-DELIVER PDUs through libgammu's decoder and sms_to_part: known PDUs give the expected parts,
// and 100,000 seeded random and mutated PDUs keep fuzz_pdu's invariants, deterministic and without clang.
#include "daemon/modem/sms_to_part.hpp"
#include "tests/fuzz/mutate.hpp"
#include "tests/fuzz/pdu_check.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace smsgw;
using namespace smsgw::fuzz;

namespace {

const std::string corpus_dir = SMSGW_SOURCE_DIR "/tests/fuzz/corpus/pdu/";

Bytes seed(const std::string& name) {
    std::ifstream in(corpus_dir + name, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), name);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

ReceivedPart decode(const std::string& name) {
    const Bytes b = seed(name);
    const PduResult r = check_pdu(b.data(), b.size());
    REQUIRE(r.verdict == PduVerdict::checked);
    REQUIRE(r.error == ERR_NONE);
    REQUIRE_FALSE(r.failure);
    return r.part;
}

std::string hex(const Bytes& b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (auto x : b) (s += digits[x >> 4]) += digits[x & 15];
    return s;
}

struct Locales {
    Locales() { GSM_InitLocales(nullptr); }
} const locales;

}  // namespace

TEST_CASE("known PDUs convert to the parts a modem user expects") {
    SUBCASE("GSM-7 with an international sender and the SMSC time") {
        const ReceivedPart p = decode("gsm7_report");
        CHECK(p.sender == "+77011234567");
        CHECK(p.text == "R 0123 A312 B45 C12 D7");
        CHECK(p.coding == "gsm7");
        CHECK(p.smsc_time == "2024-09-20T20:15:00+06:00");
        CHECK(p.concat_ref == -1);
    }
    SUBCASE("UCS-2 beyond the BMP") {
        CHECK(decode("ucs2_emoji").text == "ok \U0001F44D\U0001F3FD \U0001D11E");
        CHECK(decode("ucs2_cyrillic").coding == "ucs2");
    }
    SUBCASE("lone surrogates become U+FFFD instead of invalid UTF-8") {
        CHECK(decode("ucs2_lone_high").text == "\xEF\xBF\xBD" "B");
        CHECK(decode("ucs2_lone_low").text == "A\xEF\xBF\xBD");
    }
    SUBCASE("8-bit data as hex, every octet") {
        const ReceivedPart p = decode("eight_bit");
        CHECK(p.coding == "8bit");
        CHECK(p.text == "414200FF");
    }
    SUBCASE("alphanumeric sender") { CHECK(decode("alnum_sender").sender == "Beeline"); }
    SUBCASE("8-bit and 16-bit concatenation references") {
        const ReceivedPart a = decode("concat8_1of2");
        CHECK(a.concat_ref == 0xA7);
        CHECK(a.concat_part == 1);
        CHECK(a.concat_total == 2);
        CHECK(a.text == "R 0123 A312 B45 ");
        const ReceivedPart b = decode("concat16_3of3");
        CHECK(b.concat_ref == 0x1234);
        CHECK(b.concat_part == 3);
        CHECK(b.concat_total == 3);
        CHECK(b.text == "три");
    }
    SUBCASE("a concatenation element after other elements still links the part") {
        const ReceivedPart p = decode("concat_after_port_8bit");
        CHECK(p.concat_ref == 0x42);
        CHECK(p.concat_part == 1);
        CHECK(p.concat_total == 2);
        CHECK(p.text == "30313233343536373839");
        const ReceivedPart q = decode("concat16_after_shift_8bit");
        CHECK(q.concat_ref == 0x0102);
        CHECK(q.concat_part == 1);
        CHECK(q.concat_total == 3);
    }
    SUBCASE("absurd part numbers are passed on for the linker to call malformed") {
        CHECK(decode("concat8_part0").concat_part == 0);
        CHECK(decode("concat8_part_gt_total").concat_part == 5);
        const ReceivedPart p = decode("concat8_total255");
        CHECK(p.concat_total == 255);
        CHECK(p.concat_part == 255);
    }
}

TEST_CASE("PDUs on which libgammu 1.42 overflows its own buffers are recognised") {
    for (const char* name : {"gammu_overflow_gsm7_udl255", "gammu_overflow_oa_digits", "gammu_overflow_smsc_digits"}) {
        const Bytes b = seed(name);
        CHECK_MESSAGE(check_pdu(b.data(), b.size()).verdict == PduVerdict::gammu_overflow, name);
    }
    // The longest legal GSM-7 text is not one of them.
    CHECK(check_pdu(seed("gsm7_160").data(), seed("gsm7_160").size()).verdict == PduVerdict::checked);
}

TEST_CASE("100,000 random and mutated PDUs keep the conversion's invariants") {
    const auto start = std::chrono::steady_clock::now();
    Mutator gen(0x5EED'9DD0ull, read_corpus(corpus_dir));
    std::size_t decoded = 0, concatenated = 0, not_deliver = 0, overflow = 0, failures = 0;
    for (int i = 0; i < 100'000; ++i) {
        const Bytes b = gen.next(max_pdu_bytes);
        const PduResult r = check_pdu(b.data(), b.size());
        if (r.failure && ++failures <= 5) FAIL_CHECK("input ", hex(b), ": ", *r.failure);
        if (r.verdict == PduVerdict::not_deliver) ++not_deliver;
        else if (r.verdict == PduVerdict::gammu_overflow) ++overflow;
        else if (r.error == ERR_NONE) ++decoded;
        if (r.part.concat_ref >= 0) ++concatenated;
    }
    CHECK(failures == 0);
    // Not vacuous: most inputs reach our conversion as real decoded messages, some linked.
    CHECK(decoded > 15'000);
    CHECK(concatenated > 1'000);
    const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE("decoded ", decoded, ", concatenated ", concatenated, ", not SMS-DELIVER ", not_deliver, ", libgammu would overflow ", overflow, ", ", secs, " s");
}
