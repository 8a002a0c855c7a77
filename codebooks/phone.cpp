// Phone number normalization to E.164 by the codebook's country rules; sender classes never replied to.
#include "codebooks/phone.hpp"

namespace smsgw {

namespace {

// Digits of a phone as people write it: '+' only before the first digit, and spaces, tabs,
// no-break spaces, dashes, dots and parentheses as decoration. nullopt for anything else.
struct PhoneDigits {
    std::string digits;
    bool plus = false;
};

std::optional<PhoneDigits> phone_digits(std::string_view raw) {
    PhoneDigits out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c >= '0' && c <= '9') {
            out.digits += c;
        } else if (c == '+') {
            if (out.plus || !out.digits.empty()) return std::nullopt;
            out.plus = true;
        } else if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')') {
            continue;
        } else if (c == '\xC2' && i + 1 < raw.size() && raw[i + 1] == '\xA0') {
            ++i;  // U+00A0, which spreadsheets put between digit groups
        } else {
            return std::nullopt;
        }
    }
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return !prefix.empty() && s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::optional<std::string> normalize_phone(std::string_view raw, const PhoneRules& rules) {
    auto p = phone_digits(raw);
    if (!p) return std::nullopt;
    const std::string& d = p->digits;
    const std::size_t national = static_cast<std::size_t>(rules.national_length > 0 ? rules.national_length : 0);
    const std::string& cc = rules.country_code;
    if (p->plus) {
        // Country codes are prefix-free, so a +CC number is domestic and must have the national length.
        if (starts_with(d, cc)) return d.size() == cc.size() + national ? std::optional("+" + d) : std::nullopt;
        if (d.size() < 8 || d.size() > 15 || d[0] == '0') return std::nullopt;
        return "+" + d;
    }
    if (national == 0) return std::nullopt;
    if (d.size() == cc.size() + national && starts_with(d, cc)) return "+" + d;
    if (d.size() == rules.trunk_prefix.size() + national && starts_with(d, rules.trunk_prefix))
        return "+" + cc + d.substr(rules.trunk_prefix.size());
    if (d.size() == national) return "+" + cc + d;
    return std::nullopt;
}

bool in_country(std::string_view e164, const PhoneRules& rules) {
    const std::size_t national = static_cast<std::size_t>(rules.national_length > 0 ? rules.national_length : 0);
    return e164.size() == 1 + rules.country_code.size() + national && e164[0] == '+' &&
           starts_with(e164.substr(1), rules.country_code);
}

bool is_replyable_sender(std::string_view raw) {
    auto p = phone_digits(raw);
    return p && p->digits.size() >= 7 && p->digits.size() <= 15;
}

}  // namespace smsgw
