// Phone normalization to E.164 under country rules, and which senders may get a reply.
#include "codebooks/phone.hpp"

#include <doctest/doctest.h>

using namespace smsgw;

TEST_CASE("Kazakh numbers in the forms people write them") {
    PhoneRules kz;  // +7, trunk 8, 10 national digits
    const std::string e164 = "+77011234567";
    for (std::string_view raw : {"+77011234567", "87011234567", "77011234567", "7011234567", "+7 701 123 45 67",
                                 "8 (701) 123-45-67", "+7(701)123-45-67", "8-701-123-4567", " +7 701 123 45 67 ",
                                 "+7\xC2\xA0" "701\xC2\xA0" "1234567", "8.701.123.45.67"}) {
        CAPTURE(raw);
        CHECK(normalize_phone(raw, kz) == e164);
    }
}

TEST_CASE("not phone numbers") {
    PhoneRules kz;
    for (std::string_view raw : {"", "+", "Beeline", "8701123456a", "870112345", "8701123456789",
                                 "+7 701 123 45 6",  // +7 with 9 national digits
                                 "7.70123E+10", "++77011234567", "7701+1234567", "123", "+77011234567x"}) {
        CAPTURE(raw);
        CHECK_FALSE(normalize_phone(raw, kz).has_value());
    }
}

TEST_CASE("foreign numbers in international form are kept") {
    PhoneRules kz;
    CHECK(normalize_phone("+49 30 1234567", kz) == "+49301234567");
    CHECK(normalize_phone("+998 90 123 45 67", kz) == "+998901234567");
    CHECK_FALSE(normalize_phone("+4912345", kz).has_value());             // 7 digits: too short
    CHECK_FALSE(normalize_phone("+4912345678901234", kz).has_value());    // 16 digits: too long
    CHECK_FALSE(normalize_phone("+0123456789", kz).has_value());          // no country code starts with 0
}

TEST_CASE("other country rules") {
    PhoneRules uz{"998", "", 9};  // no trunk prefix
    CHECK(normalize_phone("90 123 45 67", uz) == "+998901234567");
    CHECK(normalize_phone("998901234567", uz) == "+998901234567");
    CHECK(normalize_phone("+998 90 123 45 67", uz) == "+998901234567");
    CHECK_FALSE(normalize_phone("8901234567", uz).has_value());
    PhoneRules kg{"996", "0", 9};
    CHECK(normalize_phone("0 555 123 456", kg) == "+996555123456");
    CHECK(normalize_phone("555123456", kg) == "+996555123456");
}

TEST_CASE("replyable senders: phone numbers with at least 7 digits") {
    CHECK(is_replyable_sender("+77011234567"));
    CHECK(is_replyable_sender("87011234567"));
    CHECK(is_replyable_sender("+7 701 123 45 67"));
    CHECK(is_replyable_sender("1234567"));
    CHECK_FALSE(is_replyable_sender("123456"));  // short code
    CHECK_FALSE(is_replyable_sender("1414"));
    CHECK_FALSE(is_replyable_sender("Beeline"));
    CHECK_FALSE(is_replyable_sender("INFO"));
    CHECK_FALSE(is_replyable_sender("Kcell2024"));
    CHECK_FALSE(is_replyable_sender(""));
    CHECK_FALSE(is_replyable_sender("1234567890123456"));  // longer than E.164 allows
}

TEST_CASE("in the election's country: +country code and the national length, whatever way it was dialled") {
    PhoneRules kz;
    CHECK(in_country(*normalize_phone("8 701 123 45 67", kz), kz));
    CHECK(in_country("+77011234567", kz));
    for (const char* abroad : {"+919876543210", "+358401234567", "+32470123456", "+6281234567890", "+380501234567",
                               "+447700900123"}) {
        CAPTURE(abroad);
        CHECK_FALSE(in_country(*normalize_phone(abroad, kz), kz));
    }
    CHECK_FALSE(in_country("+7701123456", kz));  // one digit short: not a number of the country
    CHECK_FALSE(in_country("77011234567", kz));   // not normalized
    PhoneRules uz{"998", "", 9};
    CHECK(in_country("+998901234567", uz));
    CHECK_FALSE(in_country("+77011234567", uz));
}
