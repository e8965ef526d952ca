// SPDX-License-Identifier: Apache-2.0
// Compiles Wheel and its core (include/opswheel/impl/wheel-inl.hpp) into the opswheel library.
#include <opswheel/impl/wheel-inl.hpp>
