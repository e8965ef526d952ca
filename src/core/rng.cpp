// SPDX-License-Identifier: Apache-2.0
// Compiles Rng's engine half (include/opswheel/impl/rng-inl.hpp) into the opswheel library.
#include <opswheel/impl/rng-inl.hpp>
