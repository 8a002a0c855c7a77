// Check expressions, the evaluator: allocation-free evaluation of the compiled postfix code, and
// explain(). The compiler is in expr_compiler.cpp.
#include "codebooks/expr.hpp"
#include "codebooks/expr_ops.hpp"

#include "codebooks/codebook.hpp"

#include <algorithm>
#include <limits>

namespace smsgw {

using namespace expr_ops;

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
