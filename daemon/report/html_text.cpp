// Escaping for HTML content and attributes, and fmt-based number formats for people.
#include "daemon/report/html_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace smsgw::report {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') break;
                if (c == 0x7f) break;
                out += c;
        }
    }
    return out;
}

std::string percent(double fraction, int decimals) {
    if (!std::isfinite(fraction)) return "–";
    const double v = 100 * fraction;
    return fmt::format("{:.{}f}%", v == 0 || std::fabs(v) < 0.5 * std::pow(10.0, -decimals) ? 0.0 : v, decimals);
}

std::string points(double fraction, int decimals) {
    if (!std::isfinite(fraction)) return "–";
    // A margin under a tenth of a point would read "±0.0": it gets the decimals it needs.
    if (decimals < 2 && std::fabs(fraction) < 0.001) decimals = 2;
    return fmt::format("±{:.{}f}", 100 * std::fabs(fraction), decimals);
}

std::string count(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string anchor(std::string_view text) {
    std::string out;
    for (char c : text)
        out += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ? c : '_';
    return out;
}

}  // namespace smsgw::report
