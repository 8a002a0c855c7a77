// The opcodes of a compiled check expression, shared by its compiler and its evaluator.
#pragma once

#include <cstdint>
#include <string_view>

namespace smsgw::expr_ops {


enum Opcode : std::uint8_t {
    op_lit, op_tag, op_sum, op_registered, op_district, op_sampled,  // leaves
    op_neg, op_not,                                                  // unary
    op_add, op_sub, op_mul, op_eq, op_ne, op_lt, op_le, op_gt, op_ge, op_and, op_or,
};

inline int arity(std::uint8_t op) { return op <= op_sampled ? 0 : op <= op_not ? 1 : 2; }
inline bool is_comparison(std::uint8_t op) { return op >= op_eq && op <= op_ge; }

// Binding strength for rendering; matches the grammar below.
enum Prec : int { p_or = 1, p_and, p_cmp, p_add, p_mul, p_unary, p_atom };

inline int precedence(std::uint8_t op) {
    switch (op) {
        case op_or: return p_or;
        case op_and: return p_and;
        case op_add: case op_sub: return p_add;
        case op_mul: return p_mul;
        case op_neg: case op_not: return p_unary;
        default: return is_comparison(op) ? p_cmp : p_atom;
    }
}

inline std::string_view spelling(std::uint8_t op) {
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

}  // namespace smsgw::expr_ops
