// Check expressions: compiler to postfix code and evaluator (placeholder until implemented).
#include "codebooks/expr.hpp"
