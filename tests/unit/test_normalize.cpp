// Normalization rules of SPEC.md section 3: comment split, strict UTF-8, folding, separators, tokens.
#include "parsers/char_class.hpp"
#include "parsers/normalizer.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

using namespace smsgw;

namespace {

struct Normalized {
    std::unique_ptr<NormalizedMessage> m = std::make_unique<NormalizedMessage>();
    std::vector<Issue> errors;
    std::vector<std::string> tokens;  // letters/digits as folded, bad tokens as "?"

    explicit Normalized(std::string_view text) {
        m->normalize(text, errors);
        for (std::size_t i = 0; i < m->token_count; ++i) {
            const Token& t = m->token(i);
            tokens.push_back(t.kind == TokenKind::bad ? std::string("?") : std::string(m->text(t)));
        }
    }
    const Token& token(std::size_t i) const { return m->token(i); }
};

using Tokens = std::vector<std::string>;

}  // namespace

TEST_CASE("the comment starts at the first @ and is kept verbatim, trimmed") {
    Normalized n("R 01234 A1 @  Жалоба: A=5 @ again  ");
    CHECK(n.m->has_comment);
    CHECK(n.m->comment == "Жалоба: A=5 @ again");
    CHECK(n.m->body == "R 01234 A1 ");
    CHECK(n.tokens == Tokens{"R", "01234", "A", "1"});
    CHECK(n.errors.empty());

    Normalized none("R 01234");
    CHECK_FALSE(none.m->has_comment);
    CHECK(none.m->comment.empty());

    Normalized empty_comment("R 01234@");
    CHECK(empty_comment.m->has_comment);
    CHECK(empty_comment.m->comment.empty());

    Normalized full_width_at("R 01234 \xEF\xBC\xA0 note");  // U+FF20
    CHECK(full_width_at.m->has_comment);
    CHECK(full_width_at.m->comment == "note");
    CHECK(full_width_at.tokens == Tokens{"R", "01234"});
}

TEST_CASE("every Cyrillic and Kazakh lookalike folds by shape, upper and lower case") {
    const struct {
        const char* upper;
        const char* lower;
        char latin;
    } table[] = {
        {"А", "а", 'A'}, {"В", "в", 'B'}, {"С", "с", 'C'}, {"Е", "е", 'E'}, {"Н", "н", 'H'}, {"К", "к", 'K'},
        {"М", "м", 'M'}, {"О", "о", 'O'}, {"Р", "р", 'P'}, {"Т", "т", 'T'}, {"Х", "х", 'X'}, {"У", "у", 'Y'},
        {"Ү", "ү", 'Y'}, {"І", "і", 'I'}, {"Ѕ", "ѕ", 'S'}, {"Ј", "ј", 'J'},
    };
    for (const auto& row : table) {
        for (const char* s : {row.upper, row.lower}) {
            CAPTURE(s);
            Normalized n(s);
            REQUIRE(n.tokens.size() == 1);
            CHECK(n.tokens[0] == std::string(1, row.latin));
            CHECK(n.token(0).kind == TokenKind::letters);
            CHECK(n.errors.empty());
        }
    }
}

TEST_CASE("other Cyrillic and Kazakh letters are errors naming them (no phonetic transliteration)") {
    for (const char* s : {"Д", "Ж", "И", "Л", "П", "Ф", "Ц", "Ч", "Ш", "Я", "Б", "Г", "З", "Ё", "ж", "я", "Ә", "Ғ",
                          "Қ", "Ң", "Ө", "Ұ", "Һ", "ә", "ө"}) {
        CAPTURE(s);
        Normalized n(s);
        REQUIRE(n.errors.size() == 1);
        CHECK(n.errors[0].code == Code::UNKNOWN_CHAR);
        CHECK(n.errors[0].text == s);
        CHECK(n.errors[0].detail == std::string(s) + " at position 1");
        CHECK(n.errors[0].token == 0);
    }
    // В is B, never V: the Latin V is not produced by any Cyrillic letter
    CHECK(Normalized("В").tokens == Tokens{"B"});
}

TEST_CASE("full-width digits, letters and separators fold to ASCII; case folds to upper") {
    Normalized digits("０１２３４５６７８９");
    CHECK(digits.tokens == Tokens{"0123456789"});
    Normalized upper("ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ");
    CHECK(upper.tokens == Tokens{"ABCDEFGHIJKLMNOPQRSTUVWXYZ"});
    Normalized lower("ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ");
    CHECK(lower.tokens == Tokens{"ABCDEFGHIJKLMNOPQRSTUVWXYZ"});
    CHECK(Normalized("abcxyz").tokens == Tokens{"ABCXYZ"});
    Normalized seps("Ｒ，０１２３４：Ａ＝３");  // full-width comma, colon, equals
    CHECK(seps.tokens == Tokens{"R", "01234", "A", "3"});
    CHECK(seps.token(2).sep_char == ':');
    CHECK(Normalized("Ｒ　０１").tokens == Tokens{"R", "01"});  // U+3000 ideographic space
}

TEST_CASE("every separator splits; a single separator is recorded") {
    for (char sep : std::string(" \t\n\r\v\f,;:.=#*-_/+")) {
        CAPTURE(static_cast<int>(sep));
        Normalized n(std::string("12") + sep + "34");
        CHECK(n.tokens == Tokens{"12", "34"});
        CHECK(n.token(1).sep_before);
        const char expected = (sep == ' ' || sep == '\t' || sep == '\n' || sep == '\r' || sep == '\v' || sep == '\f')
                                  ? ' '
                                  : sep;
        CHECK(n.token(1).sep_char == expected);
        CHECK(n.errors.empty());
    }
    Normalized two("12 - 34");
    CHECK(two.token(1).sep_before);
    CHECK(two.token(1).sep_char == 0);  // more than one separator
    CHECK(Normalized("  ,;R;;  ").tokens == Tokens{"R"});
}

TEST_CASE("letter/digit boundaries split without a separator") {
    Normalized n("r01234a312b148c57x9t526");
    CHECK(n.tokens == Tokens{"R", "01234", "A", "312", "B", "148", "C", "57", "X", "9", "T", "526"});
    CHECK(n.token(0).sep_before);  // the start of the message counts as a separator
    for (std::size_t i = 1; i < n.tokens.size(); ++i) CHECK_FALSE(n.token(i).sep_before);
    // O, I and L stay letters here: only the parser knows where digits are expected
    CHECK(Normalized("0l234").tokens == Tokens{"0", "L", "234"});
    CHECK(Normalized("AO").tokens == Tokens{"AO"});
}

TEST_CASE("phone punctuation: unicode spaces, dashes, ellipsis and the numero sign separate") {
    CHECK(Normalized("R\xC2\xA0" "01234").tokens == Tokens{"R", "01234"});  // NBSP
    CHECK(Normalized("R\xE2\x80\x93" "01234").tokens == Tokens{"R", "01234"});  // en dash
    CHECK(Normalized("R\xE2\x80\x94" "01234").tokens == Tokens{"R", "01234"});  // em dash
    CHECK(Normalized("R\xE2\x88\x92" "01234").tokens == Tokens{"R", "01234"});  // minus sign
    CHECK(Normalized("R №01234").tokens == Tokens{"R", "01234"});
    CHECK(Normalized("T526…").tokens == Tokens{"T", "526"});
    // zero-width characters are invisible to the monitor and ignored, not separators
    Normalized zw("A3\xE2\x80\x8B" "12\xEF\xBB\xBF");
    CHECK(zw.tokens == Tokens{"A", "312"});
    CHECK(zw.errors.empty());
}

TEST_CASE("control characters and emoji are UNKNOWN_CHAR named by code point and position") {
    Normalized bell("R\x07" "01234");
    REQUIRE(bell.errors.size() == 1);
    CHECK(bell.errors[0].code == Code::UNKNOWN_CHAR);
    CHECK(bell.errors[0].detail == "U+0007 at position 2");
    CHECK(bell.errors[0].token == 1);
    CHECK(bell.tokens == Tokens{"R", "?", "01234"});

    Normalized nul(std::string_view("A\0B", 3));
    REQUIRE(nul.errors.size() == 1);
    CHECK(nul.errors[0].detail == "U+0000 at position 2");

    Normalized del("A\x7F");
    REQUIRE(del.errors.size() == 1);
    CHECK(del.errors[0].text == "U+007F");

    Normalized emoji("R 01234 😀");
    REQUIRE(emoji.errors.size() == 1);
    CHECK(emoji.errors[0].detail == "U+1F600 at position 9");
    CHECK(emoji.errors[0].text == "U+1F600");
    CHECK(emoji.errors[0].token == 2);

    // a run of unknown characters is one token and one error
    Normalized run("ЖЖ😀 A");
    REQUIRE(run.errors.size() == 1);
    CHECK(run.errors[0].text == "ЖЖU+1F600");
    CHECK(run.tokens == Tokens{"?", "A"});
    Normalized codes("\x01\x02");
    REQUIRE(codes.errors.size() == 1);
    CHECK(codes.errors[0].text == "U+0001 U+0002");

    // separators and letters after unknown characters are not swallowed by them
    Normalized after_bad("Ж,,A1 😀 B!C");
    CHECK(after_bad.tokens == Tokens{"?", "A", "1", "?", "B", "?", "C"});
    CHECK(after_bad.token(1).sep_before);
    CHECK(after_bad.token(4).sep_before);
    CHECK_FALSE(after_bad.token(6).sep_before);

    // ASCII punctuation outside the separator list is named as itself
    Normalized bang("A1!B2");
    REQUIRE(bang.errors.size() == 1);
    CHECK(bang.errors[0].detail == "! at position 3");
    CHECK(bang.errors[0].text == "!");

    // ... except sentence punctuation at the very end, after a letter or digit: dropped
    for (const char* text : {"A1!", "A1?", "A1 ?!", "A1\xEF\xBC\x81", "A1!? ", "Ж!"}) {
        CAPTURE(text);
        Normalized trailing(text);
        const bool cyrillic = std::string_view(text) == "Ж!";  // Ж is still unknown, the '!' is not
        CHECK(trailing.errors.size() == (cyrillic ? 1u : 0u));
        CHECK(trailing.m->body.find('!') == std::string_view::npos);
    }
    Normalized before_comment("A1! @ ok?");
    CHECK(before_comment.errors.empty());
    CHECK(before_comment.m->comment == "ok?");
    // nothing but a mark, or a mark after a separator only, stays an error
    CHECK(Normalized("?").errors.size() == 1);
    CHECK(Normalized("A1 - !").errors.size() == 1);
}

TEST_CASE("invalid UTF-8 is UNKNOWN_CHAR naming the byte and its byte position") {
    const struct {
        std::string bytes;
        std::string detail;
    } cases[] = {
        {"A\x80", "invalid UTF-8 byte 0x80 at byte 2"},                       // lone continuation
        {"A\xC3", "invalid UTF-8 byte 0xC3 at byte 2"},                       // truncated at the end
        {"A\xC3" "B", "invalid UTF-8 byte 0xC3 at byte 2"},                   // bad continuation
        {"\xC0\x80", "invalid UTF-8 bytes 0xC0 0x80 at byte 1"},              // overlong NUL
        {"\xE0\x80\x80", "invalid UTF-8 bytes 0xE0 0x80 0x80 at byte 1"},     // overlong
        {"\xED\xA0\x80", "invalid UTF-8 bytes 0xED 0xA0 0x80 at byte 1"},     // surrogate
        {"\xF4\x90\x80\x80", "invalid UTF-8 bytes 0xF4 0x90 0x80 0x80 at byte 1"},  // above U+10FFFF
        {"\xFF", "invalid UTF-8 byte 0xFF at byte 1"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.detail);
        Normalized n(c.bytes);
        REQUIRE(n.errors.size() == 1);
        CHECK(n.errors[0].code == Code::UNKNOWN_CHAR);
        CHECK(n.errors[0].detail == c.detail);
    }
    // decoding resynchronises: the letters after a bad byte are still read
    Normalized after("\xFF" "R 01234");
    CHECK(after.tokens == Tokens{"?", "R", "01234"});
    // invalid bytes and unknown characters are separate runs
    Normalized mixed("\xFF" "Ж");
    CHECK(mixed.errors.size() == 2);
}

TEST_CASE("strict decoder accepts every valid length and rejects what RFC 3629 rejects") {
    CHECK(decode_utf8("\x41", 0).cp == 0x41);
    CHECK(decode_utf8("\xD0\x96", 0).cp == 0x416);  // Ж
    CHECK(decode_utf8("\xEF\xBC\x91", 0).cp == 0xFF11);
    const Utf8Char emoji = decode_utf8("\xF0\x9F\x98\x80", 0);
    CHECK(emoji.valid);
    CHECK(emoji.len == 4);
    CHECK(emoji.cp == 0x1F600);
    CHECK(decode_utf8("\xF4\x8F\xBF\xBF", 0).valid);  // U+10FFFF
    CHECK_FALSE(decode_utf8("\xF0\x8F\xBF\xBF", 0).valid);  // overlong 4-byte
    CHECK_FALSE(decode_utf8("\xC1\xBF", 0).valid);
    CHECK_FALSE(decode_utf8("\xF0\x9F\x98", 0).valid);  // truncated
    CHECK(decode_utf8("\xF0\x9F\x98", 0).len == 1);
}

TEST_CASE("positions count characters, tokens keep their typed bytes") {
    Normalized n("Р 01234 Ж");
    REQUIRE(n.errors.size() == 1);
    CHECK(n.errors[0].detail == "Ж at position 9");
    const Token& p = n.token(0);
    CHECK(n.m->raw(p.raw_begin, p.raw_end) == "Р");
    CHECK(n.m->raw_offset(p.begin + 1, p) == 2);
}

TEST_CASE("absurd input is refused in linear time") {
    Normalized ok(std::string(kMaxMessageBytes, '1'));
    CHECK(ok.m->status == NormalizedMessage::Status::ok);
    CHECK(ok.tokens.size() == 1);

    Normalized too_long(std::string(kMaxMessageBytes + 1, '1'));
    CHECK(too_long.m->status == NormalizedMessage::Status::too_long);
    CHECK(too_long.m->token_count == 0);

    // the comment does not count toward the limit
    Normalized long_comment("R 01234 @" + std::string(100000, 'x'));
    CHECK(long_comment.m->status == NormalizedMessage::Status::ok);
    CHECK(long_comment.m->comment.size() == 100000);

    std::string many;
    for (int i = 0; i < 200; ++i) many += "A1";
    Normalized too_many(many);
    CHECK(too_many.m->status == NormalizedMessage::Status::too_many_tokens);

    std::string garbage;
    for (int i = 0; i < 300; ++i) garbage += "Ж ";  // 900 bytes, 300 tokens
    Normalized bad(garbage);
    CHECK(bad.errors.size() == kMaxErrors);  // capped, not one per character
}
