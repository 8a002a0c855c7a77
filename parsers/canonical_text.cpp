// The canonical text: form, station, values in field order (or sorted incident codes); the folded text on errors.
#include "parsers/canonical_text.hpp"

#include "codebooks/field_value.hpp"

#include <algorithm>
#include <vector>

namespace smsgw {

void write_canonical_text(ParseState& s) {
    Report& r = s.report;
    std::string& out = r.normalized;
    if (!r.errors.empty()) {
        for (std::size_t i = 0; i < s.m.token_count; ++i) {
            const Token& t = s.tok(i);
            if (i > 0 && t.sep_before) out += ' ';
            if (t.kind == TokenKind::bad)
                out += '?';
            else
                out += s.m.text(t);
        }
        return;
    }
    out.reserve(r.form.size() + r.station.size() + 2 + 6 * (r.values.size() + r.incidents.size()));
    out += r.form;
    out += ' ';
    out += r.station;
    if (s.form->kind == FormKind::incident) {
        std::vector<int> codes = r.incidents;
        std::sort(codes.begin(), codes.end());
        for (int c : codes) {
            out += ' ';
            append_value(out, FieldKind::count, c);
        }
        return;
    }
    // values in the form's field order; no tag repeats (duplicates are errors), so a sort is exact
    std::uint16_t order[kMaxMessageBytes];
    const std::size_t n = r.values.size();
    for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<std::uint16_t>(k);
    std::sort(order, order + n,
              [&](std::uint16_t a, std::uint16_t b) { return s.value_field[a] < s.value_field[b]; });
    for (std::size_t k = 0; k < n; ++k) {
        const Field& fd = s.form->fields[s.value_field[order[k]]];
        out += ' ';
        out += fd.tag;
        append_value(out, fd.kind, r.values[order[k]].value);
    }
}

}  // namespace smsgw
