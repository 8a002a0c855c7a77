// Facts of a failed check for replies: sides read from the explanation, values as understood, the message filled.
#include "codebooks/check_facts.hpp"

#include "codebooks/field_value.hpp"

namespace smsgw {

IssueFacts check_facts(const Check& check, std::string_view explained) {
    IssueFacts f;
    f.set(Fact::check, check.id);
    constexpr std::string_view but = " but ";
    const auto at = explained.find(but);
    if (at == std::string_view::npos || explained.find(but, at + 1) != std::string_view::npos ||
        explained.find("; ") != std::string_view::npos)
        return f;
    const auto value = [](std::string_view side) {
        const auto eq = side.rfind('=');
        return std::string(eq == std::string_view::npos ? side : side.substr(eq + 1));
    };
    f.set(Fact::lhs, value(explained.substr(0, at)));
    f.set(Fact::rhs, value(explained.substr(at + but.size())));
    return f;
}

void used_values(const Expr& expr, const Form& form, std::span<const std::int64_t> values,
                 std::span<const bool> present, const Station* station, IssueFacts& f) {
    std::string used;
    for (const std::uint16_t i : expr.tag_refs()) {
        if (i >= form.fields.size() || i >= present.size() || !present[i]) continue;
        if (!used.empty()) used += ", ";
        used += form.fields[i].tag;
        used += '=';
        append_value(used, form.fields[i].kind, values[i]);
    }
    if (!used.empty()) f.set(Fact::values, used);
    if (expr.uses_registered() && station) f.set(Fact::registered, std::to_string(station->registered));
}

std::string fill_check_message(std::string_view message, const IssueFacts& f) {
    std::string out;
    for (std::size_t i = 0; i < message.size();) {
        const auto close = message[i] == '{' ? message.find('}', i) : std::string_view::npos;
        if (close == std::string_view::npos) {
            out += message[i++];
            continue;
        }
        const std::string_view name = message.substr(i + 1, close - i - 1);
        if (name == "lhs") out += f.get(Fact::lhs);
        else if (name == "rhs") out += f.get(Fact::rhs);
        else if (name == "check") out += f.get(Fact::check);
        else if (name == "values") out += f.get(Fact::values);
        else if (name == "registered") out += f.get(Fact::registered);
        else out += message.substr(i, close + 1 - i);
        i = close + 1;
    }
    return out;
}

}  // namespace smsgw
