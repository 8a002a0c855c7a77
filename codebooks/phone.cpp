// Phone number normalization (placeholder until implemented).
#include "codebooks/phone.hpp"
