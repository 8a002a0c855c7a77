// Check expressions: recursive-descent compiler to postfix code, allocation-free evaluator, explain().
#include "codebooks/expr.hpp"

#include "codebooks/codebook.hpp"

#include <algorithm>
#include <limits>

namespace smsgw {

namespace {

enum Opcode : std::uint8_t {
    op_lit, op_tag, op_sum, op_registered, op_district, op_sampled,  // leaves
    op_neg, op_not,                                                  // unary
    op_add, op_sub, op_mul, op_eq, op_ne, op_lt, op_le, op_gt, op_ge, op_and, op_or,
};

int arity(std::uint8_t op) { return op <= op_sampled ? 0 : op <= op_not ? 1 : 2; }
bool is_comparison(std::uint8_t op) { return op >= op_eq && op <= op_ge; }

// Binding strength for rendering; matches the grammar below.
enum Prec : int { p_or = 1, p_and, p_cmp, p_add, p_mul, p_unary, p_atom };

int precedence(std::uint8_t op) {
    switch (op) {
        case op_or: return p_or;
        case op_and: return p_and;
        case op_add: case op_sub: return p_add;
        case op_mul: return p_mul;
        case op_neg: case op_not: return p_unary;
        default: return is_comparison(op) ? p_cmp : p_atom;
    }
}

std::string_view spelling(std::uint8_t op) {
    switch (op) {
        case op_add: return "+";
        case op_sub: return "-";
        case op_mul: return "*";
        case op_eq: return "==";
        case op_ne: return "!=";
        case op_lt: return "<";
        case op_le: return "<=";
        case op_gt: return ">";
        case op_ge: return ">=";
        case op_and: return "&&";
        case op_or: return "||";
        case op_neg: return "-";
        case op_not: return "!";
        default: return "?";
    }
}

enum class Tok : std::uint8_t { end, number, ident, lparen, rparen, dot, op, bad };

struct Token {
    Tok kind = Tok::end;
    std::size_t pos = 0;
    std::size_t len = 0;
    std::uint8_t op = 0;  // Tok::op: the binary/unary opcode it spells (op_sub for '-')
};

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper_word(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

class ExprCompiler {
public:
    ExprCompiler(std::string_view text, const ExprNames& names) : text_(text), names_(names) {}

    std::variant<Expr, ExprError> run() {
        if (text_.find_first_not_of(" \t\r\n") == std::string_view::npos) return ExprError{1, "empty expression"};
        next();
        if (parse_or() && cur_.kind != Tok::end) {
            if (cur_.kind == Tok::rparen) fail(cur_.pos, "unexpected ')'");
            else fail(cur_.pos, "trailing input '" + std::string(token_text(cur_)) + "' after a complete expression");
        }
        if (error_) return *error_;
        std::sort(out_.tag_refs_.begin(), out_.tag_refs_.end());
        out_.tag_refs_.erase(std::unique(out_.tag_refs_.begin(), out_.tag_refs_.end()), out_.tag_refs_.end());
        out_.text_ = std::string(text_);
        return std::move(out_);
    }

private:
    int column(std::size_t pos) const {
        int col = 1;  // characters, not bytes: UTF-8 continuation bytes do not start a column
        for (std::size_t i = 0; i < pos && i < text_.size(); ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
        return col;
    }

    bool fail(std::size_t pos, std::string message) {
        if (!error_) error_ = ExprError{column(pos), std::move(message)};
        return false;
    }

    std::string_view token_text(const Token& t) const {
        return t.kind == Tok::end ? std::string_view("end of expression") : text_.substr(t.pos, t.len);
    }

    void next() {
        std::size_t i = pos_;
        while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r' || text_[i] == '\n')) ++i;
        cur_ = Token{Tok::end, i, 0, 0};
        if (i >= text_.size()) {
            pos_ = i;
            return;
        }
        const char c = text_[i];
        const char d = i + 1 < text_.size() ? text_[i + 1] : '\0';
        auto set = [&](Tok kind, std::size_t len, std::uint8_t op = 0) {
            cur_ = Token{kind, i, len, op};
            pos_ = i + len;
        };
        if (is_digit(c)) {
            std::size_t j = i;
            while (j < text_.size() && is_digit(text_[j])) ++j;
            return set(Tok::number, j - i);
        }
        if (is_alpha(c)) {
            std::size_t j = i;
            while (j < text_.size() && (is_alpha(text_[j]) || is_digit(text_[j]))) ++j;
            return set(Tok::ident, j - i);
        }
        switch (c) {
            case '(': return set(Tok::lparen, 1);
            case ')': return set(Tok::rparen, 1);
            case '.': return set(Tok::dot, 1);
            case '+': return set(Tok::op, 1, op_add);
            case '-': return set(Tok::op, 1, op_sub);
            case '*': return set(Tok::op, 1, op_mul);
            case '<': return d == '=' ? set(Tok::op, 2, op_le) : set(Tok::op, 1, op_lt);
            case '>': return d == '=' ? set(Tok::op, 2, op_ge) : set(Tok::op, 1, op_gt);
            case '!': return d == '=' ? set(Tok::op, 2, op_ne) : set(Tok::op, 1, op_not);
            case '=':
                if (d == '=') return set(Tok::op, 2, op_eq);
                set(Tok::bad, 1);
                fail(i, "'=' is not an operator; use '==' to compare");
                return;
            case '&':
                if (d == '&') return set(Tok::op, 2, op_and);
                set(Tok::bad, 1);
                fail(i, "expected '&&'");
                return;
            case '|':
                if (d == '|') return set(Tok::op, 2, op_or);
                set(Tok::bad, 1);
                fail(i, "expected '||'");
                return;
            default: break;
        }
        std::size_t len = 1;  // a whole UTF-8 character, so the message shows it intact
        while (i + len < text_.size() && (static_cast<unsigned char>(text_[i + len]) & 0xC0) == 0x80) ++len;
        set(Tok::bad, len);
        fail(i, "unexpected character '" + std::string(text_.substr(i, len)) + "'");
    }

    bool at_op(std::uint8_t op) const { return cur_.kind == Tok::op && cur_.op == op; }

    bool emit(std::uint8_t op, std::int64_t arg = 0) {
        out_.code_.push_back(Expr::Op{op, arg});
        depth_ += 1 - arity(op);
        if (depth_ > Expr::max_depth) return fail(cur_.pos, "expression too complex");
        return true;
    }

    bool parse_binary_chain(bool (ExprCompiler::*operand)(), std::initializer_list<std::uint8_t> ops) {
        if (!(this->*operand)()) return false;
        for (;;) {
            if (cur_.kind != Tok::op || std::find(ops.begin(), ops.end(), cur_.op) == ops.end()) return true;
            const std::uint8_t op = cur_.op;
            next();
            if (!(this->*operand)() || !emit(op)) return false;
        }
    }

    bool parse_or() { return parse_binary_chain(&ExprCompiler::parse_and, {op_or}); }
    bool parse_and() { return parse_binary_chain(&ExprCompiler::parse_cmp, {op_and}); }
    bool parse_add() { return parse_binary_chain(&ExprCompiler::parse_mul, {op_add, op_sub}); }
    bool parse_mul() { return parse_binary_chain(&ExprCompiler::parse_unary, {op_mul}); }

    bool parse_cmp() {
        if (!parse_add()) return false;
        if (cur_.kind != Tok::op || !is_comparison(cur_.op)) return true;
        const std::uint8_t op = cur_.op;
        next();
        if (!parse_add() || !emit(op)) return false;
        if (cur_.kind == Tok::op && is_comparison(cur_.op))
            return fail(cur_.pos, "comparisons cannot be chained (a < b < c); write a < b && b < c");
        return true;
    }

    bool parse_unary() {
        if (!(at_op(op_sub) || at_op(op_not))) return parse_primary();
        const std::uint8_t op = cur_.op == op_sub ? op_neg : op_not;
        if (++nesting_ > Expr::max_depth) return fail(cur_.pos, "expression nested too deeply");
        next();
        const std::size_t before = out_.code_.size();
        if (!parse_unary()) return false;
        --nesting_;
        auto& last = out_.code_.back();
        // Fold "-5" into a literal so explain() shows the number the author wrote.
        if (op == op_neg && out_.code_.size() == before + 1 && last.code == op_lit &&
            last.arg != std::numeric_limits<std::int64_t>::min()) {
            last.arg = -last.arg;
            return true;
        }
        return emit(op);
    }

    bool parse_primary() {
        switch (cur_.kind) {
            case Tok::number: return parse_number();
            case Tok::ident: return parse_name();
            case Tok::lparen: {
                const std::size_t open = cur_.pos;
                if (++nesting_ > Expr::max_depth) return fail(cur_.pos, "expression nested too deeply");
                next();
                if (!parse_or()) return false;
                --nesting_;
                if (cur_.kind != Tok::rparen)
                    return fail(cur_.pos, "expected ')' to close '(' at column " + std::to_string(column(open)) +
                                              ", found '" + std::string(token_text(cur_)) + "'");
                next();
                return true;
            }
            case Tok::end: return fail(cur_.pos, "expected operand at end of expression");
            case Tok::rparen: return fail(cur_.pos, "unexpected ')'");
            case Tok::bad: return false;  // the lexer already said why
            default: return fail(cur_.pos, "expected operand, found '" + std::string(token_text(cur_)) + "'");
        }
    }

    bool parse_number() {
        std::int64_t v = 0;
        for (char c : token_text(cur_))
            if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v))
                return fail(cur_.pos, "integer literal " + std::string(token_text(cur_)) + " is too large");
        next();
        return emit(op_lit, v);
    }

    bool parse_name() {
        const Token name = cur_;
        const std::string_view word = token_text(name);
        next();
        if (word == "sum") return parse_sum(name);
        if (word == "station") return parse_station();
        if (cur_.kind == Tok::lparen) return fail(name.pos, "unknown function '" + std::string(word) + "'");
        if (word == "options") return fail(name.pos, "'options' is only valid inside sum(options)");
        const int index = names_.tag_index && is_upper_word(word) ? names_.tag_index(word) : -1;
        if (index >= 0 && index <= std::numeric_limits<std::uint16_t>::max()) {
            out_.tag_refs_.push_back(static_cast<std::uint16_t>(index));
            return emit(op_tag, index);
        }
        if (is_upper_word(word)) return fail(name.pos, "unknown tag '" + std::string(word) + "'");
        std::string upper(word);
        for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        if (names_.tag_index && is_upper_word(upper) && names_.tag_index(upper) >= 0)
            return fail(name.pos, "unknown name '" + std::string(word) + "'; tags are upper case: '" + upper + "'");
        return fail(name.pos, "unknown name '" + std::string(word) + "'");
    }

    bool parse_sum(const Token& name) {
        if (cur_.kind != Tok::lparen) return fail(cur_.pos, "expected '(' after 'sum'");
        next();
        if (cur_.kind != Tok::ident || token_text(cur_) != "options")
            return fail(cur_.pos, "sum() takes only 'options', found '" + std::string(token_text(cur_)) + "'");
        next();
        if (cur_.kind != Tok::rparen) return fail(cur_.pos, "expected ')' after 'sum(options'");
        if (!names_.has_options) return fail(name.pos, "sum(options) is only available on results forms");
        next();
        out_.uses_options_ = true;
        return emit(op_sum);
    }

    bool parse_station() {
        if (cur_.kind != Tok::dot) return fail(cur_.pos, "expected '.' after 'station'");
        next();
        if (cur_.kind != Tok::ident) return fail(cur_.pos, "expected a station attribute after 'station.'");
        const std::string_view attr = token_text(cur_);
        std::uint8_t op = 0;
        if (attr == "registered") op = op_registered;
        else if (attr == "district") op = op_district;
        else if (attr == "sampled") op = op_sampled;
        else
            return fail(cur_.pos, "unknown station attribute '" + std::string(attr) +
                                      "' (use registered, district or sampled)");
        next();
        out_.uses_station_ = true;
        if (op == op_registered) out_.uses_registered_ = true;
        return emit(op);
    }

    std::string_view text_;
    const ExprNames& names_;
    std::size_t pos_ = 0;
    Token cur_;
    Expr out_;
    int depth_ = 0;
    int nesting_ = 0;
    std::optional<ExprError> error_;
};

std::variant<Expr, ExprError> Expr::compile(std::string_view text, const ExprNames& names) {
    return ExprCompiler(text, names).run();
}

EvalResult Expr::run(std::size_t begin, std::size_t end, const ExprEnv& env) const {
    constexpr EvalResult not_applicable{EvalStatus::not_applicable, 0};
    constexpr EvalResult overflow{EvalStatus::overflow, 0};
    if (begin >= end) return not_applicable;
    std::int64_t stack[max_depth];
    int sp = 0;
    auto present = [&](std::size_t field) { return field < env.present.size() && field < env.values.size() && env.present[field]; };
    for (std::size_t i = begin; i < end; ++i) {
        const Op& op = code_[i];
        switch (op.code) {
            case op_lit: stack[sp++] = op.arg; break;
            case op_tag:
                if (!present(static_cast<std::size_t>(op.arg))) return not_applicable;
                stack[sp++] = env.values[static_cast<std::size_t>(op.arg)];
                break;
            case op_sum: {
                std::int64_t s = 0;
                for (std::uint16_t f : env.option_fields) {
                    if (!present(f)) return not_applicable;
                    if (__builtin_add_overflow(s, env.values[f], &s)) return overflow;
                }
                stack[sp++] = s;
                break;
            }
            case op_registered:
            case op_district:
            case op_sampled:
                if (!env.station) return not_applicable;
                stack[sp++] = op.code == op_registered ? env.station->registered
                              : op.code == op_district ? env.station->district
                                                       : (env.station->sampled ? 1 : 0);
                break;
            case op_neg:
                if (__builtin_sub_overflow(std::int64_t{0}, stack[sp - 1], &stack[sp - 1])) return overflow;
                break;
            case op_not: stack[sp - 1] = stack[sp - 1] == 0; break;
            default: {
                const std::int64_t b = stack[--sp];
                std::int64_t& a = stack[sp - 1];
                switch (op.code) {
                    case op_add: if (__builtin_add_overflow(a, b, &a)) return overflow; break;
                    case op_sub: if (__builtin_sub_overflow(a, b, &a)) return overflow; break;
                    case op_mul: if (__builtin_mul_overflow(a, b, &a)) return overflow; break;
                    case op_eq: a = a == b; break;
                    case op_ne: a = a != b; break;
                    case op_lt: a = a < b; break;
                    case op_le: a = a <= b; break;
                    case op_gt: a = a > b; break;
                    case op_ge: a = a >= b; break;
                    case op_and: a = a != 0 && b != 0; break;
                    case op_or: a = a != 0 || b != 0; break;
                    default: return not_applicable;
                }
            }
        }
    }
    return EvalResult{EvalStatus::ok, stack[0]};
}

EvalResult Expr::evaluate(const ExprEnv& env) const { return run(0, code_.size(), env); }

std::optional<std::int64_t> Expr::eval(const ExprEnv& env) const {
    const EvalResult r = evaluate(env);
    if (r.status != EvalStatus::ok) return std::nullopt;
    return r.value;
}

bool Expr::is_condition() const {
    if (code_.empty()) return false;
    const std::uint8_t root = code_.back().code;
    return is_comparison(root) || root == op_and || root == op_or || root == op_not;
}

std::size_t Expr::subtree_begin(std::size_t end) const {
    // Walking back from the root, every op yields one value and needs `arity` earlier ones.
    int need = 1;
    std::size_t i = end;
    while (i > 0) {
        --i;
        need += arity(code_[i].code) - 1;
        if (need == 0) return i;
    }
    return 0;
}

int Expr::render(std::size_t begin, std::size_t end, const ExprEnv& env, std::string& out) const {
    const Op& root = code_[end - 1];
    auto tag = [&](std::size_t field) {
        if (env.tag_name) out += env.tag_name(static_cast<std::uint16_t>(field));
        else {
            // Appends, not `"#" + to_string(...)`: GCC 12 at -O3 warns a bogus -Wrestrict on the temporary.
            out += '#';
            out += std::to_string(field);
        }
    };
    switch (root.code) {
        case op_lit:
            if (root.arg < 0) {
                out += '(';
                out += std::to_string(root.arg);
                out += ')';
            } else {
                out += std::to_string(root.arg);
            }
            return p_atom;
        case op_tag: tag(static_cast<std::size_t>(root.arg)); return p_atom;
        case op_sum:
            if (env.option_fields.empty()) {
                out += "0";
                return p_atom;
            }
            for (std::size_t k = 0; k < env.option_fields.size(); ++k) {
                if (k) out += '+';
                tag(env.option_fields[k]);
            }
            return env.option_fields.size() == 1 ? p_atom : p_add;
        case op_registered: out += "station.registered"; return p_atom;
        case op_district: out += "station.district"; return p_atom;
        case op_sampled: out += "station.sampled"; return p_atom;
        default: break;
    }
    const int prec = precedence(root.code);
    auto child = [&](std::size_t b, std::size_t e, bool paren_on_equal) {
        std::string sub;
        const int p = render(b, e, env, sub);
        if (p < prec || (paren_on_equal && p == prec)) out += "(" + sub + ")";
        else out += sub;
    };
    if (arity(root.code) == 1) {
        out += spelling(root.code);
        child(begin, end - 1, true);
        return prec;
    }
    const std::size_t split = subtree_begin(end - 1);
    const bool cmp = is_comparison(root.code);
    child(begin, split, cmp);  // comparisons do not associate, so nested ones keep their parentheses
    out += spelling(root.code);
    child(split, end - 1, true);
    return prec;
}

void Expr::explain_into(std::size_t begin, std::size_t end, const ExprEnv& env, Explanation& out) const {
    auto side = [&](std::size_t b, std::size_t e) {
        ExplainedSide s;
        if (e - b == 1 && code_[b].code == op_lit) {
            s.expr = std::to_string(code_[b].arg);
            s.literal = true;
            s.value = code_[b].arg;
            return s;
        }
        // A comparison or logic side needs parentheses, or "A<B=0" would read as A<(B=0).
        if (render(b, e, env, s.expr) <= p_cmp) s.expr = "(" + s.expr + ")";
        const EvalResult r = run(b, e, env);
        if (r.status == EvalStatus::ok) s.value = r.value;
        return s;
    };
    const std::uint8_t root = code_[end - 1].code;
    if (is_comparison(root) || root == op_and || root == op_or) {
        const std::size_t split = subtree_begin(end - 1);
        if (is_comparison(root)) {
            out.clauses.push_back({side(begin, split), side(split, end - 1)});
            return;
        }
        if (root == op_or) {
            explain_into(begin, split, env, out);
            explain_into(split, end - 1, env, out);
            return;
        }
        const EvalResult left = run(begin, split, env);
        if (left.status == EvalStatus::ok && left.value == 0) return explain_into(begin, split, env, out);
        const EvalResult right = run(split, end - 1, env);
        if (right.status == EvalStatus::ok && right.value == 0) return explain_into(split, end - 1, env, out);
    }
    out.clauses.push_back({side(begin, end), std::nullopt});
}

Explanation Expr::explain(const ExprEnv& env) const {
    Explanation out;
    if (!code_.empty()) explain_into(0, code_.size(), env, out);
    return out;
}

std::string Explanation::text() const {
    std::string out;
    const auto shown = [&out](const ExplainedSide& s) {
        out += s.expr;
        if (s.literal) return;
        out += '=';
        out += s.value_text();
    };
    for (const Clause& c : clauses) {
        if (&c != &clauses.front()) out += "; ";
        shown(c.lhs);
        if (!c.rhs) continue;
        out += " but ";
        shown(*c.rhs);
    }
    return out;
}

}  // namespace smsgw
