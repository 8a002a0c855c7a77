// Field values by kind: the only place that turns digits into numbers, so overflow is handled once.
#include "codebooks/field_value.hpp"

namespace smsgw {

namespace {

// Caller guarantees at most 18 digits, so this cannot overflow int64.
std::int64_t to_int(std::string_view digits) {
    std::int64_t v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

}  // namespace

ValueRead read_value(FieldKind kind, std::string_view digits) {
    switch (kind) {
        case FieldKind::count: {
            const auto nz = digits.find_first_not_of('0');
            const std::string_view significant = nz == std::string_view::npos ? std::string_view{} : digits.substr(nz);
            if (significant.size() > 18) return {false, 0, "too many digits", "too_many_digits"};
            return {true, to_int(significant), {}};
        }
        case FieldKind::yesno:
            if (digits == "1" || digits == "2") return {true, digits[0] - '0', {}};
            return {false, 0, "yes/no is 1, 2, Y or N", "yesno"};
        case FieldKind::choice:
            if (digits.size() != 1) return {false, 0, "one digit expected", "one_digit"};
            return {true, digits[0] - '0', {}};
        case FieldKind::multi: {
            if (digits.size() > 10) return {false, 0, "too many digits", "too_many_digits"};
            bool seen[10] = {};
            for (char c : digits) seen[c - '0'] = true;
            // The answer is kept as its digits in one number, where a 0 would vanish (D105 = D15);
            // codebooks never offer 0 in a multi field, so a typed 0 is a mistake to report.
            if (seen[0] && digits.size() > 1) return {false, 0, "0 is not an option", "multi_zero"};
            std::int64_t v = 0;
            for (int d = 0; d < 10; ++d)
                if (seen[d]) v = v * 10 + d;
            return {true, v, {}};
        }
        case FieldKind::time: {
            if (digits.size() != 3 && digits.size() != 4) return {false, 0, "time is HHMM", "time"};
            const std::int64_t v = to_int(digits);
            if (v / 100 > 23 || v % 100 > 59) return {false, 0, "no such time", "time"};
            return {true, v, {}};
        }
    }
    return {false, 0, "unknown field kind"};
}

ValueRead read_yes_no(char letter) {
    if (letter == 'Y') return {true, 1, {}};
    if (letter == 'N') return {true, 2, {}};
    return {false, 0, "yes/no is 1, 2, Y or N", "yesno"};
}

void append_value(std::string& out, FieldKind kind, std::int64_t value) {
    if (kind == FieldKind::time) {
        char buf[4] = {static_cast<char>('0' + value / 1000 % 10), static_cast<char>('0' + value / 100 % 10),
                       static_cast<char>('0' + value / 10 % 10), static_cast<char>('0' + value % 10)};
        out.append(buf, 4);
        return;
    }
    char buf[20];  // values are non-negative and below 10^19
    std::size_t n = 0;
    do {
        buf[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (n > 0) out += buf[--n];
}

}  // namespace smsgw
