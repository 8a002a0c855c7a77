// GSM-7 alphabet membership, septet/UCS-2 lengths, SMS part counts, and reference tokens.
#include "codebooks/gsm7.hpp"
#include "codebooks/reference.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

using namespace smsgw;

namespace {

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

TEST_CASE("the alphabet has exactly 127 one-septet characters and 10 extension characters") {
    // 128 table positions minus ESC (0x1B); the extension table: FF ^ { } \ [ ~ ] | €.
    int basic = 0;
    int extension = 0;
    std::u32string ext;
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        const int w = gsm7_septets(cp);
        if (w == 1) ++basic;
        if (w == 2) {
            ++extension;
            ext += cp;
        }
        CHECK((w >= 0 && w <= 2));
    }
    CHECK(basic == 127);
    CHECK(extension == 10);
    CHECK(ext == U"\f[\\]^{|}~\u20AC");
}

TEST_CASE("printable ASCII: only the backquote is missing, eight characters need the escape") {
    std::string missing;
    std::string escaped;
    for (char c = 0x20; c < 0x7F; ++c) {
        const int w = gsm7_septets(static_cast<char32_t>(c));
        if (w == 0) missing += c;
        if (w == 2) escaped += c;
    }
    CHECK(missing == "`");
    CHECK(escaped == "[\\]^{|}~");
    CHECK(gsm7_septets(U'\n') == 1);
    CHECK(gsm7_septets(U'\r') == 1);
    CHECK(gsm7_septets(U'\t') == 0);
    CHECK(gsm7_septets(0) == 0);  // GSM 0x00 is '@', not NUL
    CHECK(gsm7_septets(0x7F) == 0);
    CHECK(gsm7_septets(0x1B) == 0);  // ESC is not a character of its own
}

TEST_CASE("lookalikes that are not in the alphabet") {
    CHECK(gsm7_septets(U'Ç') == 1);
    CHECK(gsm7_septets(U'ç') == 0);
    CHECK(gsm7_septets(U'É') == 1);
    CHECK(gsm7_septets(U'é') == 1);
    CHECK(gsm7_septets(U'è') == 1);
    CHECK(gsm7_septets(U'È') == 0);
    CHECK(gsm7_septets(U'à') == 1);
    CHECK(gsm7_septets(U'À') == 0);
    CHECK(gsm7_septets(U'á') == 0);
    CHECK(gsm7_septets(U'ù') == 1);
    CHECK(gsm7_septets(U'ú') == 0);
    CHECK(gsm7_septets(U'ß') == 1);
    CHECK(gsm7_septets(U'¤') == 1);
    CHECK(gsm7_septets(U'$') == 1);
    CHECK(gsm7_septets(U'¢') == 0);
    CHECK(gsm7_septets(U'°') == 0);
    CHECK(gsm7_septets(U'«') == 0);
    CHECK(gsm7_septets(U'\u2026') == 0);  // … : replies use ".." to stay GSM-7
    CHECK(gsm7_septets(U'\u2019') == 0);  // typographic apostrophe
    CHECK(gsm7_septets(U'\u00A0') == 0);  // no-break space
    // Greek: the ten capitals without a Latin twin are in, the twins are not.
    for (char32_t g : std::u32string(U"ΔΦΓΛΩΠΨΣΘΞ")) CHECK(gsm7_septets(g) == 1);
    for (char32_t g : std::u32string(U"ΑΒΕΖΗΙΚΜΝΟΡΤΥΧδω")) CHECK(gsm7_septets(g) == 0);
    // Cyrillic and Kazakh never, lookalikes included.
    for (char32_t c = 0x0400; c <= 0x04FF; ++c) CHECK(gsm7_septets(c) == 0);
    CHECK(gsm7_septets(U'€') == 2);
    CHECK(gsm7_septets(U'£') == 1);
    CHECK(gsm7_septets(U'¥') == 1);
    CHECK(gsm7_septets(U'\U0001F600') == 0);
}

TEST_CASE("string lengths") {
    CHECK(gsm7_length("") == 0u);
    CHECK(gsm7_length("OK R 01234 A312 #4F2A") == 21u);
    CHECK(gsm7_length("[x]") == 5u);
    CHECK(gsm7_length("5€") == 3u);
    CHECK(gsm7_length("Ça ira, à Müller @ £5 ¿Qué?") == 27u);
    CHECK_FALSE(gsm7_length("ça").has_value());
    CHECK_FALSE(gsm7_length("a`b").has_value());
    CHECK_FALSE(gsm7_length("ПРИНЯТО").has_value());
    CHECK_FALSE(gsm7_length("R 01234 А312").has_value());  // one Cyrillic А
    CHECK(is_gsm7("R 01234 A312"));
    CHECK_FALSE(is_gsm7("R 01234 А312"));
    CHECK(ucs2_length("ПРИНЯТО") == 7u);
    CHECK(ucs2_length("ҚАБЫЛДАНДЫ") == 10u);
    CHECK(ucs2_length("a€") == 2u);             // UCS-2 counts the euro once
    CHECK(ucs2_length("\U0001F600") == 2u);     // surrogate pair
    CHECK(ucs2_length("x\U0001F600y") == 4u);
    CHECK(ucs2_length("") == 0u);
}

TEST_CASE("invalid UTF-8 is never GSM-7 and counts one unit per bad byte") {
    const std::vector<std::string> bad = {
        "\xFF", "\x80", "\xC3", "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
    };
    for (const std::string& s : bad) {
        CAPTURE(s.size());
        CHECK_FALSE(is_gsm7(s));
        CHECK(ucs2_length(s) == s.size());
        CHECK(sms_size(s).coding == SmsCoding::ucs2);
    }
    CHECK(ucs2_length("ab\xE2\x82") == 4u);  // truncated euro: two bad bytes
    const Utf8Char ok = decode_utf8("\xE2\x82\xAC", 0);
    CHECK(ok.valid);
    CHECK(ok.cp == U'€');
    CHECK(ok.len == 3);
    const Utf8Char four = decode_utf8("\xF0\x9F\x98\x80", 0);
    CHECK(four.valid);
    CHECK(four.cp == U'\U0001F600');
    CHECK(four.len == 4);
    const Utf8Char cut = decode_utf8("\xF0\x9F\x98", 0);
    CHECK_FALSE(cut.valid);
    CHECK(cut.len == 1);
}

TEST_CASE("single and concatenated part counts") {
    CHECK(sms_size("").parts == 1);
    CHECK(sms_size("").units == 0);
    CHECK(sms_size(repeat("a", 160)).parts == 1);
    CHECK(sms_size(repeat("a", 161)).parts == 2);
    CHECK(sms_size(repeat("a", 306)).parts == 2);
    CHECK(sms_size(repeat("a", 307)).parts == 3);
    CHECK(sms_size(repeat("a", 459)).parts == 3);
    CHECK(sms_size(repeat("a", 460)).parts == 4);
    CHECK(sms_size(repeat("[", 80)).units == 160);
    CHECK(sms_size(repeat("[", 80)).parts == 1);
    CHECK(sms_size(repeat("[", 80) + "a").parts == 2);
    CHECK(sms_size(repeat("Ж", 70)).coding == SmsCoding::ucs2);
    CHECK(sms_size(repeat("Ж", 70)).parts == 1);
    CHECK(sms_size(repeat("Ж", 71)).parts == 2);
    CHECK(sms_size(repeat("Ж", 134)).parts == 2);
    CHECK(sms_size(repeat("Ж", 135)).parts == 3);
    // One non-GSM character turns 100 septets into 100 UCS-2 units: two parts.
    const SmsSize mixed = sms_size(repeat("a", 99) + "ç");
    CHECK(mixed.coding == SmsCoding::ucs2);
    CHECK(mixed.units == 100);
    CHECK(mixed.parts == 2);
    // In UCS-2 the euro is one unit, in GSM-7 two septets.
    CHECK(sms_size(repeat("€", 80)).units == 160);
    CHECK(sms_size(repeat("€", 80)).parts == 1);
    CHECK(sms_size(repeat("€", 70) + "Ж").parts == 2);
    CHECK(sms_size(repeat("€", 69) + "Ж").parts == 1);
}

TEST_CASE("an escape pair or a surrogate pair is never split across parts") {
    // 152 + 2 + 152 = 306 septets: units/153 says 2 parts, but the euro cannot straddle.
    const std::string euro = repeat("a", 152) + "€" + repeat("a", 152);
    CHECK(sms_size(euro).units == 306);
    CHECK(sms_size(euro).parts == 3);
    CHECK(sms_parts(SmsCoding::gsm7, 306) == 2);
    const std::string emoji = repeat("Ж", 66) + "\U0001F600" + repeat("Ж", 66);
    CHECK(sms_size(emoji).units == 134);
    CHECK(sms_size(emoji).parts == 3);
    CHECK(sms_size(repeat("Ж", 68) + "\U0001F600").parts == 1);  // 70 units
    CHECK(sms_size(repeat("Ж", 69) + "\U0001F600").parts == 2);  // 71 units
    CHECK(sms_parts(SmsCoding::ucs2, 70) == 1);
    CHECK(sms_parts(SmsCoding::ucs2, 71) == 2);
    CHECK(sms_parts(SmsCoding::ucs2, 0) == 1);
}

TEST_CASE("reference_for_id: 4 characters, distinct and reversible for the first 2^20 ids") {
    const std::int64_t n = std::int64_t{1} << 20;
    std::vector<bool> seen(static_cast<std::size_t>(n));
    for (std::int64_t id = 0; id < n; ++id) {
        const std::string ref = reference_for_id(id);
        REQUIRE(ref.size() == 5);
        REQUIRE(ref[0] == '#');
        const auto back = id_for_reference(ref);
        REQUIRE(back.has_value());
        REQUIRE(*back == id);
        std::uint32_t key = 0;
        for (std::size_t i = 1; i < 5; ++i) {
            const auto pos = reference_alphabet.find(ref[i]);
            REQUIRE(pos != std::string_view::npos);
            key = key * 32 + static_cast<std::uint32_t>(pos);
        }
        REQUIRE_FALSE(seen[key]);
        seen[key] = true;
    }
    for (char c : std::string_view("ILOU")) CHECK(reference_alphabet.find(c) == std::string_view::npos);
}

TEST_CASE("reference_for_id grows with the id and stays reversible") {
    CHECK(reference_for_id((1 << 20) - 1).size() == 5);
    CHECK(reference_for_id(1 << 20).size() == 6);
    CHECK(reference_for_id((std::int64_t{1} << 25) - 1).size() == 6);
    CHECK(reference_for_id(std::int64_t{1} << 25).size() == 7);
    CHECK(reference_for_id(std::numeric_limits<std::int64_t>::max()).size() == 14);
    for (std::int64_t id : {std::int64_t{1} << 20, (std::int64_t{1} << 25) + 12345, std::int64_t{123456789012},
                            std::numeric_limits<std::int64_t>::max(), std::int64_t{-1},
                            std::numeric_limits<std::int64_t>::min()}) {
        CAPTURE(id);
        CHECK(id_for_reference(reference_for_id(id)) == id);
    }
    std::set<std::string> refs;
    for (std::int64_t id = (1 << 20) - 5000; id < (1 << 20) + 5000; ++id) refs.insert(reference_for_id(id));
    CHECK(refs.size() == 10000);
}

TEST_CASE("consecutive ids get tokens that do not look alike") {
    int close = 0;
    for (std::int64_t id = 1; id <= 10000; ++id) {
        const std::string a = reference_for_id(id);
        const std::string b = reference_for_id(id + 1);
        int same = 0;
        for (std::size_t i = 1; i < a.size(); ++i) same += a[i] == b[i];
        close += same >= 3;
    }
    CHECK(close < 100);  // a plain counter would have 9,700 such pairs
}

TEST_CASE("id_for_reference reads what people type and rejects the rest") {
    const std::string ref = reference_for_id(4242);
    std::string lower = ref;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(id_for_reference(lower) == 4242);
    CHECK(id_for_reference(ref.substr(1)) == 4242);
    // A token with 0 and 1 in it, typed with O and I/L.
    std::int64_t id = 0;
    for (; id < 100000; ++id) {
        const std::string r = reference_for_id(id);
        if (r.find('0') != std::string::npos && r.find('1') != std::string::npos) break;
    }
    std::string typed = reference_for_id(id);
    for (char& c : typed) c = c == '0' ? 'O' : c == '1' ? 'l' : c;
    CHECK(id_for_reference(typed) == id);
    CHECK_FALSE(id_for_reference("").has_value());
    CHECK_FALSE(id_for_reference("#").has_value());
    CHECK_FALSE(id_for_reference("#4F2").has_value());
    CHECK_FALSE(id_for_reference("#4F2U").has_value());
    CHECK_FALSE(id_for_reference("#4F-A").has_value());
    CHECK_FALSE(id_for_reference("#4F2AAAAAAAAAAA").has_value());
    CHECK_FALSE(id_for_reference("#ZZZZZZZZZZZZZ").has_value());  // 65 bits
    // A five-character token whose id would take four is not canonical.
    CHECK(reference_for_id(0) == "#0000");
    CHECK_FALSE(id_for_reference("#00000").has_value());
}

TEST_CASE("reference_for_text is a stable 4-character hash of the input") {
    const std::string a = reference_for_text("R 01234 A312 B148 C57 X9 T526");
    CHECK(a.size() == 5);
    CHECK(a == reference_for_text("R 01234 A312 B148 C57 X9 T526"));
    CHECK(a != reference_for_text("R 01234 A312 B148 C57 X9 T527"));
    // Pinned values: the help desk may be handed a token from an older build.
    CHECK(reference_for_text("") == "#F6FQ");
    CHECK(reference_for_text("r01234a312b148c57x9t526") == "#DAQ4");
    std::set<std::string> refs;
    for (int i = 0; i < 2000; ++i) {
        const std::string r = reference_for_text("R 0" + std::to_string(1000 + i) + " A312");
        for (std::size_t k = 1; k < r.size(); ++k) REQUIRE(reference_alphabet.find(r[k]) != std::string_view::npos);
        refs.insert(r);
    }
    CHECK(refs.size() >= 1990);  // 2000 draws from 2^20: about 2 collisions expected
}
