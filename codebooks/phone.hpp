// Phone numbers to E.164 by the codebook's country rules, and the sender classes replies must avoid.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smsgw {

struct PhoneRules {
    std::string country_code = "7";  // digits, no '+'
    std::string trunk_prefix = "8";  // national prefix replaced by +country_code
    int national_length = 10;        // digits after the country code
};

// "+7 701 123 45 67", "87011234567", "77011234567", "7011234567" -> "+77011234567".
// Foreign numbers in international form (+XX...) are kept if they have 8..15 digits.
// nullopt for anything that is not a phone number (letters, too short, too long).
std::optional<std::string> normalize_phone(std::string_view raw, const PhoneRules& rules);

// Alphanumeric sender ids ("Beeline", "INFO") and short codes (< 7 digits) are never replied to.
bool is_replyable_sender(std::string_view raw);

// A normalized number inside the election's country: +COUNTRY_CODE and the national length
// (normalize_phone already refuses a +COUNTRY_CODE number of another length).
bool in_country(std::string_view e164, const PhoneRules& rules);

}  // namespace smsgw
