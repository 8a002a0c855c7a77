// Facts of a failed check for replies: its sides and arithmetic, values as understood, the message filled.
#include "codebooks/check_facts.hpp"

#include "codebooks/field_value.hpp"

namespace smsgw {

IssueFacts check_facts(const Check& check, const Explanation& why, bool overflow) {
    IssueFacts f;
    f.set(Fact::check, check.id);
    if (const Explanation::Clause* c = why.single_comparison()) {
        f.set(Fact::lhs, c->lhs.value_text());
        f.set(Fact::rhs, c->rhs->value_text());
    }
    f.set(Fact::arithmetic, why.text() + (overflow ? " (overflow)" : ""));
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
