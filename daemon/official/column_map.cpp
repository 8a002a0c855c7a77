// Reads the --map file: NAME = TAG lines, plain or as TOML key/value pairs with quoted keys.
#include "daemon/official/column_map.hpp"

#include "codebooks/csv.hpp"

#include <optional>

namespace smsgw::official {

namespace {

// A TOML basic string ("...", with \" and \\ escapes) or a bare word; the rest of the text after it.
std::optional<std::string> token(std::string_view& s) {
    s = trim(s);
    if (s.empty()) return std::nullopt;
    std::string out;
    if (s.front() == '"') {
        for (std::size_t i = 1; i < s.size(); ++i) {
            if (s[i] == '\\' && i + 1 < s.size()) {
                out += s[++i];
            } else if (s[i] == '"') {
                s.remove_prefix(i + 1);
                return out;
            } else {
                out += s[i];
            }
        }
        return std::nullopt;  // unterminated
    }
    std::size_t end = s.find_first_of("=#");
    out = std::string(trim(s.substr(0, end)));
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
    return out;
}

}  // namespace

ColumnMap parse_column_map(std::string_view text, std::string_view file) {
    ColumnMap out;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    int line = 0;
    while (!text.empty()) {
        ++line;
        std::size_t nl = text.find('\n');
        std::string_view l = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        l = trim(l);
        if (l.empty() || l.front() == '#' || l.front() == '[') continue;
        auto fail = [&](const std::string& why) {
            out.errors.push_back(std::string(file) + ":" + std::to_string(line) + ": " + why + ": " + std::string(l));
        };
        std::string_view rest = l;
        auto name = token(rest);
        rest = trim(rest);
        if (!name || name->empty() || rest.empty() || rest.front() != '=') {
            fail("expected NAME = TAG");
            continue;
        }
        rest.remove_prefix(1);
        auto tag = token(rest);
        if (std::size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
        if (!tag || !trim(rest).empty()) {
            fail("expected NAME = TAG");
            continue;
        }
        if (*tag == "-") tag->clear();
        if (!out.names.emplace(*name, *tag).second) fail("column \"" + *name + "\" is mapped twice");
    }
    return out;
}

}  // namespace smsgw::official
