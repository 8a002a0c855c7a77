// Reads [[forms]]: the fields, the roles of a results form's tags, compiled checks and incident codes.
#include "codebooks/load_forms.hpp"

#include "codebooks/load_toml.hpp"

#include <algorithm>
#include <variant>

namespace smsgw {

namespace {

constexpr std::int64_t kMaxCount = 999'999'999;

std::optional<FieldKind> field_kind(std::string_view s) {
    if (s == "count") return FieldKind::count;
    if (s == "yesno") return FieldKind::yesno;
    if (s == "choice") return FieldKind::choice;
    if (s == "multi") return FieldKind::multi;
    if (s == "time") return FieldKind::time;
    return std::nullopt;
}

std::optional<FormKind> form_kind(std::string_view s) {
    if (s == "checklist") return FormKind::checklist;
    if (s == "results") return FormKind::results;
    if (s == "incident") return FormKind::incident;
    return std::nullopt;
}

void warn_ambiguous(LoadContext& ctx, TomlTable& r, std::string_view key, std::string_view what, std::string_view s) {
    if (!has_ambiguous_letter(s)) return;
    ctx.warning(kElectionFile, r.line_of(key),
                std::string(what) + " " + quote(s) +
                    " uses I, L or O, which the parser reads as 1 and 0 in numbers; prefer other letters");
}

void read_choices(LoadContext& ctx, TomlTable& r, Field& f) {
    const toml::array* arr = r.array("choices", false);
    bool takes_choices = f.kind == FieldKind::choice || f.kind == FieldKind::multi;
    if (!arr) {
        if (takes_choices) r.missing("choices");
        return;
    }
    if (!takes_choices) {
        r.error("choices", "'choices' applies only to choice and multi fields, not " + std::string(to_string(f.kind)));
        return;
    }
    if (arr->empty()) r.error("choices", "choices of " + r.what() + " is empty");
    for (const auto& el : *arr) {
        const auto* i = el.as_integer();
        if (!i || i->get() < 0 || i->get() > 9) {
            ctx.error(kElectionFile, line_of(el), "choices of " + r.what() + " must be single digits 0-9");
            continue;
        }
        int c = static_cast<int>(i->get());
        // A multi answer is stored as its digits as one number (D135), where a 0 would vanish.
        if (c == 0 && f.kind == FieldKind::multi) {
            ctx.error(kElectionFile, line_of(el), "choices of multi " + r.what() + " must be digits 1-9 (0 cannot be told apart in D105)");
            continue;
        }
        if (std::find(f.choices.begin(), f.choices.end(), c) != f.choices.end()) {
            ctx.error(kElectionFile, line_of(el), "choice " + std::to_string(c) + " is listed twice in " + r.what());
            continue;
        }
        f.choices.push_back(c);
    }
}

void read_range(TomlTable& r, Field& f) {
    bool is_count = f.kind == FieldKind::count;
    auto min = r.integer("min", false, 0, kMaxCount);
    auto max = r.integer("max", false, 0, kMaxCount);
    for (std::string_view key : {"min", "max"})
        if (!is_count && r.get(key))
            r.error(key, quote(key) + " applies only to count fields, not " + std::string(to_string(f.kind)));
    if (!is_count) return;
    if (min) f.min = *min;
    if (max) f.max = *max;
    if ((min || max) && f.min > f.max)
        r.error(min ? "min" : "max", "min " + std::to_string(f.min) + " is greater than max " + std::to_string(f.max) +
                                         " in " + r.what());
}

// Fields of one form; a duplicate tag is reported and not added, so later lookups see the first.
void read_fields(LoadContext& ctx, Form& form, const toml::node* node, std::string_view form_what) {
    for (const toml::table* t : tables_of(ctx, node, "forms.fields")) {
        TomlTable r(ctx, *t, "field of " + std::string(form_what));
        Field f;
        f.line = r.line();
        auto tag = r.string("tag", true);
        if (tag && !is_tag_shape(*tag)) {
            r.error("tag", "tag " + quote(*tag) + " must be 1-3 upper-case letters A-Z");
            tag.reset();
        }
        if (tag) {
            f.tag = *tag;
            r.set_what("field " + quote(*tag) + " of " + std::string(form_what));
            warn_ambiguous(ctx, r, "tag", "tag", *tag);
        }
        if (auto label = r.string("label", true)) f.label = *label;
        bool kind_ok = false;
        if (auto kind = r.string("kind", true)) {
            if (auto k = field_kind(*kind)) {
                f.kind = *k;
                kind_ok = true;
            } else {
                r.error("kind", "field kind " + quote(*kind) + " is not one of count, yesno, choice, multi, time");
            }
        }
        if (auto req = r.boolean("required", false)) f.required = *req;
        if (kind_ok) {
            read_range(r, f);
            read_choices(ctx, r, f);
        } else {
            for (std::string_view key : {"min", "max", "choices"}) r.get(key);  // their meaning depends on the kind
        }
        r.finish();
        if (!tag) continue;
        int first = form.field_index(f.tag);
        if (first >= 0) {
            r.error("tag", "duplicate tag " + quote(f.tag) + " in " + std::string(form_what) + " (first on line " +
                               std::to_string(form.fields[static_cast<std::size_t>(first)].line) + ")");
            continue;
        }
        form.fields.push_back(std::move(f));
    }
}

void read_incidents(LoadContext& ctx, Form& form, const toml::node* node, std::string_view form_what) {
    std::vector<int> lines;
    for (const toml::table* t : tables_of(ctx, node, "forms.incidents")) {
        TomlTable r(ctx, *t, "incident of " + std::string(form_what));
        IncidentCode ic;
        auto code = r.integer("code", true, 1, 999999);
        if (auto label = r.string("label", true)) ic.label = *label;
        r.finish();
        if (!code) continue;
        ic.code = static_cast<int>(*code);
        if (const IncidentCode* first = form.find_incident(ic.code)) {
            auto i = static_cast<std::size_t>(first - form.incidents.data());
            r.error("code", "duplicate incident code " + std::to_string(ic.code) + " in " + std::string(form_what) +
                                " (first on line " + std::to_string(lines[i]) + ")");
            continue;
        }
        lines.push_back(r.line());
        form.incidents.push_back(std::move(ic));
    }
}

// A tag with a results role (option, invalid, cast) must be a count field of the form.
bool check_role_tag(TomlTable& r, std::string_view key, const Form& form, std::string_view role, std::string_view tag) {
    int i = form.field_index(tag);
    if (i < 0) {
        r.error(key, std::string(role) + " " + quote(tag) + " of " + r.what() + " is not a field of the form");
        return false;
    }
    FieldKind k = form.fields[static_cast<std::size_t>(i)].kind;
    if (k != FieldKind::count) {
        r.error(key, std::string(role) + " " + quote(tag) + " of " + r.what() + " must be a count field, not " +
                         std::string(to_string(k)));
        return false;
    }
    return true;
}

void read_options(LoadContext& ctx, TomlTable& r, Form& form, bool results) {
    const toml::node* n = r.get("options");
    if (!n) {
        if (results) r.missing("options");
        return;
    }
    if (!results) {
        r.error("options", "only results forms take 'options'");
        return;
    }
    if (const auto* s = n->as_string()) {
        if (s->get() == "candidates") form.options_from_candidates = true;
        else r.error("options", "options must be a list of tags or \"candidates\", not " + quote(s->get()));
        return;
    }
    const auto* arr = n->as_array();
    if (!arr) {
        r.error("options", "options must be a list of tags or \"candidates\"");
        return;
    }
    if (arr->empty()) r.error("options", "options of " + r.what() + " is empty");
    for (const auto& el : *arr) {
        const auto* s = el.as_string();
        int line = line_of(el);
        if (!s) {
            ctx.error(kElectionFile, line, "options must be tags in double quotes");
            continue;
        }
        const std::string& tag = s->get();
        if (std::find(form.option_tags.begin(), form.option_tags.end(), tag) != form.option_tags.end()) {
            ctx.error(kElectionFile, line, "option " + quote(tag) + " is listed twice in " + r.what());
            continue;
        }
        if (check_role_tag(r, "options", form, "option", tag)) form.option_tags.push_back(tag);
    }
}

void read_results(LoadContext& ctx, TomlTable& r, Form& form, bool results) {
    auto contest = r.string("contest", results);
    read_options(ctx, r, form, results);
    auto invalid = r.string("invalid", results);
    auto cast = r.string("cast", results);
    if (!results) {
        for (std::string_view key : {"contest", "invalid", "cast"})
            if (r.get(key)) r.error(key, "only results forms take " + quote(key));
        return;
    }
    if (invalid && check_role_tag(r, "invalid", form, "invalid", *invalid)) form.invalid_tag = *invalid;
    if (cast && check_role_tag(r, "cast", form, "cast", *cast)) form.cast_tag = *cast;
    if (!form.invalid_tag.empty() && form.invalid_tag == form.cast_tag)
        r.error("cast", "invalid and cast of " + r.what() + " are the same tag " + quote(form.cast_tag));
    for (const std::string& opt : form.option_tags)
        if (opt == form.invalid_tag || opt == form.cast_tag)
            r.error("options", "option " + quote(opt) + " of " + r.what() + " is also its " +
                                   (opt == form.cast_tag ? "cast" : "invalid") + " tag");
    if (!contest) return;
    form.contest = *contest;
    auto it = std::find_if(ctx.cb->contests.begin(), ctx.cb->contests.end(),
                           [&](const Contest& c) { return c.id == *contest; });
    if (it == ctx.cb->contests.end()) {
        r.error("contest", "unknown contest " + quote(*contest) + " in " + r.what());
        return;
    }
    if (!it->form.empty()) {
        r.error("contest", "contest " + quote(*contest) + " is already fed by form " + quote(it->form) +
                               "; each contest has one results form");
        return;
    }
    if (form.options_from_candidates && it->scope != ContestScope::district)
        r.error("options", "options = \"candidates\" needs a district contest, and " + quote(*contest) + " is national");
    if (!form.code.empty()) it->form = form.code;
}

// A check's message reaches monitors' phones, so a misspelt {placeholder} must not.
void check_message_placeholders(TomlTable& r, std::string_view key, std::string_view text) {
    for (std::size_t i = 0; (i = text.find('{', i)) != std::string_view::npos;) {
        const auto close = text.find('}', i + 1);
        if (close == std::string_view::npos) {
            r.error(key, quote(key) + " of " + r.what() + " has a '{' without '}'");
            return;
        }
        const std::string_view name = text.substr(i + 1, close - i - 1);
        if (name != "lhs" && name != "rhs" && name != "check" && name != "values" && name != "registered")
            r.error(key, "unknown placeholder {" + std::string(name) + "} in " + quote(key) + " of " + r.what() +
                             " (known: {lhs} {rhs} {check} {values} {registered})");
        i = close + 1;
    }
}

void read_checks(LoadContext& ctx, Form& form, const toml::node* node, std::string_view form_what) {
    auto tables = tables_of(ctx, node, "forms.checks");
    if (!tables.empty() && form.kind == FormKind::incident) {
        ctx.error(kElectionFile, line_of(*tables.front()), "incident forms take no [[forms.checks]]");
        return;
    }
    ExprNames names{[&form](std::string_view tag) { return form.field_index(tag); }, form.kind == FormKind::results};
    std::vector<std::pair<std::string, int>> ids;  // id -> line of its id key, for duplicates
    for (const toml::table* t : tables) {
        TomlTable r(ctx, *t, "check of " + std::string(form_what));
        Check c;
        c.id = r.string("id", true).value_or("");
        if (r.get("id") && c.id.empty()) r.error("id", "check id is empty");
        const std::string label = c.id.empty() ? "check" : "check " + quote(c.id);
        if (!c.id.empty()) r.set_what(label + " of " + std::string(form_what));
        auto expr = r.string("expr", true);
        if (auto sev = r.string("severity", false)) {
            if (*sev == "error") c.severity = Severity::error;
            else if (*sev == "warning") c.severity = Severity::warning;
            else r.error("severity", "severity " + quote(*sev) + " must be \"error\" or \"warning\"");
        }
        if (auto msg = r.string("message", false)) {
            c.message = *msg;
            check_message_placeholders(r, "message", *msg);
        }
        // string literals: TomlTable remembers the keys it was asked for by view
        constexpr std::pair<std::string_view, std::string_view> keys[] = {
            {"en", "message_en"}, {"ru", "message_ru"}, {"kk", "message_kk"}};
        for (const auto& [lang, key] : keys) {
            auto msg = r.string(key, false);
            if (!msg) continue;
            check_message_placeholders(r, key, *msg);
            if (ctx.languages_known && !ctx.has_language(lang))
                ctx.warning(kElectionFile, r.line_of(key),
                            quote(key) + " of " + r.what() + " is never used: " + quote(lang) +
                                " is not in election.languages");
            c.messages.emplace(std::string(lang), *msg);
        }
        r.finish();
        auto first = std::find_if(ids.begin(), ids.end(), [&](const auto& k) { return k.first == c.id; });
        if (!c.id.empty() && first != ids.end()) {
            r.error("id", "duplicate check id " + quote(c.id) + " in " + std::string(form_what) + " (first on line " +
                              std::to_string(first->second) + ")");
            continue;
        }
        if (!c.id.empty()) ids.emplace_back(c.id, r.line_of("id"));
        if (!expr) continue;
        c.line = r.line_of("expr");
        auto compiled = Expr::compile(*expr, names);
        if (auto* err = std::get_if<ExprError>(&compiled)) {
            ctx.error(kElectionFile, c.line, label + " column " + std::to_string(err->column) + ": " + err->message);
            continue;
        }
        c.expr = std::move(std::get<Expr>(compiled));
        if (!c.expr.is_condition())
            ctx.error(kElectionFile, c.line, label + ": " + quote(*expr) +
                                                 " is not a condition; compare with == != < <= > >=");
        form.checks.push_back(std::move(c));
    }
}

void read_form(LoadContext& ctx, const toml::table& t) {
    TomlTable r(ctx, t, "[[forms]]");
    Form form;
    form.line = r.line();
    auto code = r.string("code", true);
    if (code && !is_tag_shape(*code)) {
        r.error("code", "form code " + quote(*code) + " must be 1-3 upper-case letters A-Z");
        code.reset();
    }
    if (code) {
        if (const Form* first = ctx.cb->find_form(*code)) {
            r.error("code", "duplicate form code " + quote(*code) + " (first on line " + std::to_string(first->line) + ")");
            code.reset();
        } else {
            form.code = *code;
            r.set_what("form " + quote(*code));
            warn_ambiguous(ctx, r, "code", "form code", *code);
        }
    }
    const std::string form_what = r.what();
    if (auto name = r.string("name", false)) form.name = *name;
    std::optional<FormKind> kind;
    if (auto k = r.string("kind", true)) {
        kind = form_kind(*k);
        if (!kind) r.error("kind", "form kind " + quote(*k) + " is not one of checklist, results, incident");
    }
    if (kind) form.kind = *kind;

    const toml::node* fields = r.get("fields");
    const toml::node* incidents = r.get("incidents");
    if (kind == FormKind::incident) {
        if (fields) r.error("fields", "incident forms list [[forms.incidents]], not [[forms.fields]]");
        read_incidents(ctx, form, incidents, form_what);
        if (!incidents) ctx.error(kElectionFile, form.line, "incident " + form_what + " has no [[forms.incidents]]");
    } else {
        read_fields(ctx, form, fields, form_what);
        if (kind && incidents) r.error("incidents", "only incident forms take [[forms.incidents]]");
        if (kind && !fields) ctx.error(kElectionFile, form.line, form_what + " has no [[forms.fields]]");
    }
    if (kind) read_results(ctx, r, form, kind == FormKind::results);
    else
        for (std::string_view key : {"contest", "options", "invalid", "cast"}) r.get(key);
    read_checks(ctx, form, r.get("checks"), form_what);
    r.finish();
    if (code) ctx.cb->forms.push_back(std::move(form));
}

}  // namespace

void load_forms(LoadContext& ctx, const toml::node* forms) {
    ctx.forms_declared = forms != nullptr;
    if (!forms) {
        ctx.error(kElectionFile, 0, "no [[forms]] declared");
        return;
    }
    for (const toml::table* t : tables_of(ctx, forms, "forms")) read_form(ctx, *t);
}

}  // namespace smsgw
